"""Coverage held to requirement profiles (issue 13): levels, scopes, delivery modes, ages,
periods, stale listings, waivers per hub, and the reason every area not met gives."""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    TREE_AUTHORITY,
    TREE_BRANCH,
    TREE_HUB,
    activity_yaml,
    run_cli,
    run_coverage,
)
from test_coverage import NORTH_HUB, add_north_hub

from hubctl import coverage
from hubctl.age_spans import AgeReach, age_reach, union
from hubctl.coverage_periods import (
    CoveragePeriod,
    period_around,
    period_between,
    sessions_in_period,
)
from hubctl.field_types import AgeRange
from hubctl.models import Activity
from hubctl.offer_coverage import AreaCoverage, CoverageReport
from hubctl.requirement_profiles import ProfileError, load_profile, profile_ids
from hubctl.taxonomy import load_taxonomy
from hubctl.validation import InvalidListingsError

ON = datetime.date(2026, 11, 23)  # a Monday, in the autumn term
AREA = "send-support"  # the tree's activity for it: weekly on Tuesdays at the central hub
ACTIVITY = f"testshire-{AREA}"


def write(root: Path, relative: str, text: str) -> None:
    path = root / TREE_AUTHORITY / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def set_activity(root: Path, activity_id: str = ACTIVITY, area: str = AREA, **fields: str) -> None:
    """Write an activity for `area` (the tree's own one by default) with `fields` changed."""
    fields.setdefault("age_range", "{min: 0, max: 5, antenatal: true}")
    write(root, f"activities/{activity_id}.yaml", activity_yaml(activity_id, area, **fields))


def set_policy(root: Path, policy: str) -> None:
    """Append a `coverage:` block (its YAML text, indented under coverage) to authority.yaml."""
    path = root / TREE_AUTHORITY / "authority.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "coverage:\n" + policy, encoding="utf-8")


def require(root: Path, **fields: str) -> None:
    """A local requirement for AREA, each field's YAML text given (level: expected)."""
    fields.setdefault("level", "expected")
    lines = "".join(f"      {name}: {value}\n" for name, value in fields.items())
    set_policy(root, f"  requirements:\n    - area: {AREA}\n{lines}")


def cell(report: CoverageReport, area: str = AREA, unit: str = TREE_AUTHORITY) -> AreaCoverage:
    (found,) = [a for u in report.units if u.id == unit for a in u.areas if a.area.id == area]
    return found


@pytest.fixture
def tree(make_tree: Callable[..., Path]) -> Path:
    return make_tree()


# ---- why an area is not met: one test per reason ------------------------------------------


def test_none_when_no_activity_carries_the_area(tree: Path) -> None:
    (tree / TREE_AUTHORITY / "activities" / f"{ACTIVITY}.yaml").unlink()
    area = cell(coverage(tree, on=ON))
    assert (area.status, area.reason, area.not_counted) == ("gap", "none", ())
    assert area.reason_text() == "no activity here carries the area"


@pytest.mark.parametrize("status", ["paused", "ended"])
def test_not_running_when_its_activities_are_paused_or_ended(tree: Path, status: str) -> None:
    set_activity(tree, status=status)
    area = cell(coverage(tree, on=ON))
    assert (area.status, area.reason) == ("gap", "not-running")
    assert [(n.activity_id, n.reason) for n in area.not_counted] == [(ACTIVITY, "not-running")]


def test_outside_period_when_no_session_falls_in_it(tree: Path) -> None:
    set_activity(tree, extra="valid_from: 2027-01-05\n")
    assert cell(coverage(tree, on=ON)).reason == "outside-period"
    autumn = period_around("term", ON)
    assert cell(coverage(tree, on=ON, period=autumn)).reason == "outside-period"
    spring = period_around("term", datetime.date(2027, 2, 1))
    counted = cell(coverage(tree, on=ON, period=spring))
    assert (counted.covered, counted.reason, counted.activity_ids) == (True, None, (ACTIVITY,))


def test_closed_site_when_its_only_venue_is_closed(tree: Path) -> None:
    set_activity(tree, venues=TREE_BRANCH)
    branch = tree / TREE_AUTHORITY / "branches" / f"{TREE_BRANCH}.yaml"
    branch.write_text(
        branch.read_text(encoding="utf-8").replace("status: open", "status: temporarily-closed"),
        encoding="utf-8",
    )
    area = cell(coverage(tree, on=ON))
    assert (area.status, area.reason) == ("gap", "closed-site")


def test_stale_listings_are_flagged_and_left_out_only_when_asked(tree: Path) -> None:
    set_activity(tree, last_reviewed="2025-01-10")
    flagged = cell(coverage(tree, on=ON))
    assert (flagged.covered, flagged.stale_ids) == (True, (ACTIVITY,))
    left_out = cell(coverage(tree, on=ON, exclude_stale=True))
    assert (left_out.status, left_out.reason) == ("gap", "stale")
    result = run_coverage(tree, "--exclude-stale", "--format", "json")
    (unit,) = json.loads(result.stdout)["units"]
    (area,) = [a for a in unit["areas"] if a["id"] == AREA]
    assert (area["reason"], area["not_counted"]) == (
        "stale",
        [{"activity": ACTIVITY, "reason": "stale"}],
    )


def test_wrong_mode_when_none_is_delivered_as_required(tree: Path) -> None:
    require(tree, modes="[online, telephone]")
    area = cell(coverage(tree, on=ON))
    assert (area.status, area.reason) == ("gap", "wrong-mode")
    # The in-person sessions are still shown: only the requirement is not met.
    assert [(m.mode, m.activity_ids) for m in area.modes] == [
        ("in-person", (ACTIVITY,)),
        ("online", ()),
        ("telephone", ()),
    ]


def test_wrong_ages_names_the_ages_reached_and_those_missing(tree: Path) -> None:
    require(tree, ages="{min: 0, max: 25}")
    area = cell(coverage(tree, on=ON))
    assert (area.status, area.reason) == ("gap", "wrong-ages")
    assert area.reason_detail == "reaches antenatal, 0–5, not 6–25"
    set_activity(tree, age_range="{min: 6, max: 25}", name="Second")  # the same file, ages 6-25
    assert cell(coverage(tree, on=ON)).reason == "wrong-ages"  # 0-5 is gone now
    set_activity(tree, "testshire-send-young", age_range="{min: 6, max: 25}")
    set_activity(tree, age_range="{min: 0, max: 5}")
    met = cell(coverage(tree, on=ON))
    assert (met.covered, met.ages.label()) == (True, "0–25")


def test_an_activity_of_no_required_age_is_not_counted(tree: Path) -> None:
    require(tree, ages="{min: 20, max: 25}")
    area = cell(coverage(tree, on=ON))
    assert (area.reason, [n.reason for n in area.not_counted]) == ("wrong-ages", ["wrong-ages"])
    assert area.activity_ids == ()


# ---- delivery modes ---------------------------------------------------------------------


def test_online_and_telephone_reach_every_hub_in_person_only_its_own(tree: Path) -> None:
    add_north_hub(tree)
    set_activity(
        tree,
        extra="online: {url: 'https://example.org/join'}\ntelephone: '01632 960000'\n",
    )
    report = coverage(tree, on=ON, by="hub")
    central, north = cell(report, unit=TREE_HUB), cell(report, unit=NORTH_HUB)
    assert [m.mode for m in central.modes if m.activity_ids] == ["in-person", "online", "telephone"]
    assert [m.mode for m in north.modes if m.activity_ids] == ["online", "telephone"]
    assert central.modes[0].sessions == 1.0  # weekly on Tuesdays


def test_an_in_person_requirement_of_every_hub_names_the_hubs_without_it(tree: Path) -> None:
    add_north_hub(tree)
    set_activity(tree, extra="online: {url: 'https://example.org/join'}\n")
    require(tree, scope="every-hub", modes="[in-person]")
    by_hub = coverage(tree, on=ON, by="hub")
    assert cell(by_hub, unit=TREE_HUB).covered
    north = cell(by_hub, unit=NORTH_HUB)
    assert (north.status, north.reason) == ("gap", "wrong-mode")
    by_authority = cell(coverage(tree, on=ON))
    assert (by_authority.hubs_met, by_authority.hubs_missing) == ((TREE_HUB,), (NORTH_HUB,))
    table = run_coverage(tree).stdout
    assert f"; {AREA} 1/2;" in " ".join(table.split())  # in "Not at every hub" (wrapped)


# ---- levels, scopes and dates -----------------------------------------------------------


def test_go_further_is_shown_but_never_a_gap(tree: Path) -> None:
    (tree / TREE_AUTHORITY / "activities" / f"{ACTIVITY}.yaml").unlink()
    require(tree, level="go-further")
    area = cell(coverage(tree, on=ON))
    assert (area.level, area.required, area.status, area.reason) == (
        "go-further",
        False,
        "optional",
        "none",
    )


def test_a_requirement_of_the_authority_is_not_a_gap_at_a_hub(tree: Path) -> None:
    add_north_hub(tree)
    require(tree, scope="authority")
    north = cell(coverage(tree, on=ON, by="hub"), unit=NORTH_HUB)
    assert (north.required, north.status) == (False, "optional")
    assert "(expected)" in run_coverage(tree, "--by", "hub").stdout


def test_a_requirement_applies_from_its_date(tree: Path) -> None:
    (tree / TREE_AUTHORITY / "activities" / f"{ACTIVITY}.yaml").unlink()
    require(tree, applies_from="2027-04-01")
    assert cell(coverage(tree, on=ON)).status == "optional"
    assert cell(coverage(tree, on=datetime.date(2027, 4, 1))).status == "gap"
    year = period_around("year", datetime.date(2027, 3, 1))  # ends 2027-03-31
    assert cell(coverage(tree, on=ON, period=year)).status == "optional"


# ---- waivers ----------------------------------------------------------------------------


def test_a_waiver_of_one_hub_applies_only_there(tree: Path) -> None:
    add_north_hub(tree)
    set_policy(tree, f"  waived:\n    - area: {AREA}\n      reason: Run by the trust\n")
    set_policy_text = (tree / TREE_AUTHORITY / "authority.yaml").read_text(encoding="utf-8")
    (tree / TREE_AUTHORITY / "authority.yaml").write_text(
        set_policy_text.replace(
            "reason: Run by the trust", f"reason: Run by the trust\n      hub: {NORTH_HUB}"
        ),
        encoding="utf-8",
    )
    by_hub = coverage(tree, on=ON, by="hub")
    assert cell(by_hub, unit=NORTH_HUB).status == "waived"
    assert cell(by_hub, unit=TREE_HUB).waiver_reason is None
    assert cell(coverage(tree, on=ON)).waiver_reason is None  # not the whole authority's


def test_an_expired_waiver_is_not_applied_and_is_reported(tree: Path) -> None:
    (tree / TREE_AUTHORITY / "activities" / f"{ACTIVITY}.yaml").unlink()
    set_policy(
        tree,
        f"  waived:\n    - area: {AREA}\n      reason: Until the new service\n"
        "      expires: 2026-10-31\n",
    )
    area = cell(coverage(tree, on=ON))
    assert area.status == "gap"
    assert area.expired_waiver is not None and area.expired_waiver.reason == "Until the new service"
    assert f"Waiver expired: {AREA} on 2026-10-31, not applied" in run_coverage(tree).stdout
    before = cell(coverage(tree, on=datetime.date(2026, 10, 31)))
    assert (before.status, before.waiver_expires) == ("waived", datetime.date(2026, 10, 31))
    rows = list(csv.DictReader(io.StringIO(run_coverage(tree, "--format", "csv").stdout)))
    (row,) = [r for r in rows if r["area"] == AREA]
    assert (row["status"], row["expired_waiver_expires"]) == ("gap", "2026-10-31")
    assert (
        "waiver expired on 2026-10-31, not applied" in run_coverage(tree, "--format", "html").stdout
    )


# ---- periods and sessions ---------------------------------------------------------------


def test_periods_are_terms_and_financial_quarters_and_years() -> None:
    day = datetime.date(2026, 11, 23)
    assert period_around("term", day) == CoveragePeriod(
        datetime.date(2026, 9, 1), datetime.date(2026, 12, 31), "autumn term 2026"
    )
    assert period_around("term", datetime.date(2027, 3, 31)).name == "spring term 2027"
    assert period_around("term", datetime.date(2027, 4, 1)).name == "summer term 2027"
    quarter = period_around("quarter", day)
    assert (quarter.first, quarter.last) == (
        datetime.date(2026, 10, 1),
        datetime.date(2026, 12, 31),
    )
    assert quarter.name == "Q3 of financial year 2026 to 2027"
    q4 = period_around("quarter", datetime.date(2027, 2, 14))
    assert (q4.first, q4.last) == (datetime.date(2027, 1, 1), datetime.date(2027, 3, 31))
    year = period_around("year", datetime.date(2026, 3, 31))
    assert (year.first, year.last) == (datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))
    with pytest.raises(ValueError, match="before"):
        period_between(datetime.date(2026, 2, 1), datetime.date(2026, 1, 1))


def _activity(schedule: str, **fields: str) -> Activity:
    text = activity_yaml("a", AREA, schedule=schedule, **fields)
    import yaml

    return Activity.model_validate(yaml.safe_load(text))


def test_sessions_in_a_period_count_each_rule_within_its_dates() -> None:
    november = period_between(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    weekly = _activity(
        '  - {freq: weekly, byday: [tue, thu], opens_at: "10:00", closes_at: "11:00"}'
    )
    assert sessions_in_period(weekly, november) == 8  # 4 Tuesdays, 4 Thursdays
    monthly = _activity(
        '  - {freq: monthly, byday: [1mon, -1fri], opens_at: "10:00", closes_at: "11:00"}'
    )
    assert sessions_in_period(monthly, november) == 2  # 2 Nov and 27 Nov
    once = _activity('  - {freq: once, date: 2026-11-30, opens_at: "10:00", closes_at: "11:00"}')
    assert sessions_in_period(once, november) == 1
    bounded = _activity(
        '  - {freq: weekly, byday: [tue], opens_at: "10:00", closes_at: "11:00",'
        " valid_from: 2026-11-10, valid_to: 2026-11-17}"
    )
    assert sessions_in_period(bounded, november) == 2
    assert sessions_in_period(_activity("by-appointment"), november) == 0


def test_over_a_period_the_sessions_are_counted_and_averaged_a_week(tree: Path) -> None:
    period = period_between(datetime.date(2026, 11, 1), datetime.date(2026, 11, 28))  # 4 weeks
    area = cell(coverage(tree, on=ON, period=period))
    assert (area.sessions_in_period, area.sessions_per_week) == (4, 1.0)
    document = json.loads(
        run_coverage(tree, "--from", "2026-11-01", "--to", "2026-11-28", "--format", "json").stdout
    )
    assert document["period"] == {
        "first": "2026-11-01",
        "last": "2026-11-28",
        "name": "2026-11-01 to 2026-11-28",
    }


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--from", "2026-11-01"], "--from and --to go together"),
        (["--period", "term", "--to", "2026-11-01"], "use --period or --from/--to, not both"),
        (["--from", "2026-11-02", "--to", "2026-11-01"], "before --from"),
    ],
)
def test_a_period_given_wrongly_is_a_usage_error(
    tree: Path, arguments: list[str], message: str
) -> None:
    result = run_coverage(tree, *arguments)
    assert result.exit_code == 2 and message in result.output


# ---- ages -------------------------------------------------------------------------------


def test_age_reach_merges_spans_and_names_what_is_missing() -> None:
    babies = age_reach(AgeRange(min=0, max=2, antenatal=True))
    teens = age_reach(AgeRange(min=12, max=19))
    both = union([babies, teens, age_reach(AgeRange(min=3, max=5))])
    assert both == AgeReach(True, ((0.0, 6.0), (12.0, 20.0)))
    assert both.label() == "antenatal, 0–5, 12–19"
    wanted = age_reach(AgeRange(min=0, max=19))
    assert not both.reaches(wanted)
    assert both.missing(wanted).label() == "6–11"
    assert age_reach(AgeRange(min=0, max=1.5)).label() == "0–1.5"  # 18 months, not 2½ years
    assert age_reach(AgeRange(min=0, max=0, antenatal=True)) == AgeReach(True, ())


# ---- profiles ---------------------------------------------------------------------------


def test_the_shipped_profile_cites_a_source_for_each_entry_or_says_it_is_illustrative() -> None:
    taxonomy = load_taxonomy()
    profile = load_profile("dfe-2025-26", taxonomy)
    assert profile.source is not None and profile.source.url.startswith("https://www.gov.uk/")
    assert {r.area for r in profile.requirements} == {a.id for a in taxonomy.areas}
    for requirement in profile.requirements:
        assert requirement.source is not None or requirement.illustrative, requirement.area
    levels = {r.area: r.level for r in profile.requirements}
    funded = ("infant-feeding", "perinatal-mental-health", "parenting-support", "early-language")
    assert all(levels[area] == "minimum" for area in funded)
    assert levels["healthy-growth"] == levels["play-and-groups"] == "expected"
    assert profile_ids() == ("dfe-2025-26", "taxonomy")


def test_an_unknown_profile_is_refused_with_a_suggestion(tree: Path) -> None:
    set_policy(tree, "  profile: dfe-2025-62\n")
    for result in (run_coverage(tree), run_cli("--listings", tree, "validate")):
        assert result.exit_code == 1
        assert (
            f"{TREE_AUTHORITY}/authority.yaml:10:12: error HUB211 no requirement profile "
            "'dfe-2025-62' (did you mean 'dfe-2025-26'?); use one of: dfe-2025-26, taxonomy"
        ) in result.output
    # --profile names one for every authority: a wrong one is a usage error (exit 2).
    wrong = run_coverage(tree, "--profile", "nope")
    assert wrong.exit_code == 2 and "no requirement profile 'nope'" in wrong.output


def test_a_profile_folder_can_replace_the_shipped_one(tree: Path, tmp_path: Path) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "local.yaml").write_text(
        "id: local\ntitle: Local\ndescription: Ours.\nrequirements:\n"
        "  - {area: holiday-activities, level: minimum}\n",
        encoding="utf-8",
    )
    set_policy(tree, "  profile: local\n")
    with pytest.raises(InvalidListingsError) as raised:
        coverage(tree, on=ON)  # not among the shipped profiles: validate says so
    assert [d.code for d in raised.value.report.diagnostics] == ["HUB211"]
    report = coverage(tree, on=ON, requirements_dir=folder)
    assert [a.area.id for a in report.units[0].required] == ["holiday-activities"]
    result = run_coverage(tree, "--format", "json")
    assert result.exit_code == 1
    via_cli = run_cli(
        "--requirements",
        folder,
        "--listings",
        tree,
        "coverage",
        "--on",
        "2026-11-23",
        "--fail-on-gaps",
    )
    assert via_cli.exit_code == 1 and "holiday-activities" in via_cli.stdout  # a gap


def test_a_broken_profile_names_file_line_and_column(tree: Path, tmp_path: Path) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "local.yaml").write_text(
        "id: local\ntitle: Local\ndescription: Ours.\nrequirements:\n"
        "  - {area: holiday-activites, level: minimum}\n"
        "  - {area: youth, level: sometimes}\n",
        encoding="utf-8",
    )
    taxonomy = load_taxonomy()
    with pytest.raises(ProfileError) as raised:
        load_profile("local", taxonomy, folder)
    assert [(d.code, d.line, d.column) for d in raised.value.diagnostics] == [("HUB104", 6, 26)]
    (folder / "local.yaml").write_text(
        "id: local\ntitle: Local\ndescription: Ours.\nrequirements:\n"
        "  - {area: holiday-activites, level: minimum}\n",
        encoding="utf-8",
    )
    with pytest.raises(ProfileError) as raised:
        load_profile("local", taxonomy, folder)
    (problem,) = raised.value.diagnostics
    assert (problem.code, problem.line, problem.column) == ("HUB201", 5, 12)
    assert "did you mean 'holiday-activities'?" in problem.message


# ---- one data model, every format -------------------------------------------------------


def test_every_format_gives_the_same_reasons(tree: Path) -> None:
    set_activity(tree, status="paused")
    document = json.loads(run_coverage(tree, "--format", "json").stdout)
    reasons = {a["id"]: a["reason"] for a in document["units"][0]["areas"]}
    rows = list(csv.DictReader(io.StringIO(run_coverage(tree, "--format", "csv").stdout)))
    assert {r["area"]: r["reason"] or None for r in rows} == reasons
    assert reasons[AREA] == "not-running"
    markdown = run_coverage(tree, "--format", "markdown").stdout
    assert "| its activities are paused or ended |" in markdown
    html = run_coverage(tree, "--format", "html").stdout
    assert "its activities are paused or ended" in html
    table = run_coverage(tree).stdout
    assert f"Why not: {AREA}: its activities are paused or ended" in table


# ---- the shipped listings answer the programme's questions ------------------------------


def test_which_hubs_offer_infant_feeding_in_person_this_term(shipped_listings: Path) -> None:
    result = run_coverage(
        shipped_listings, "--by", "hub", "--period", "term", "--profile", "dfe-2025-26",
        "--authority", "leicester", "--area", "infant-feeding", "--format", "json",
    )  # fmt: skip
    document = json.loads(result.stdout)
    assert document["period"]["name"] == "autumn term 2026"
    modes = {
        unit["id"]: {m["mode"]: bool(m["activity_ids"]) for m in unit["areas"][0]["modes"]}
        for unit in document["units"]
    }
    in_person = sorted(hub for hub, by_mode in modes.items() if by_mode["in-person"])
    assert in_person == ["belgrave-family-hub"]
    assert all(by_mode["online"] for by_mode in modes.values())  # the virtual clinic
    gaps = {u["id"]: u["areas"][0]["reason"] for u in document["units"] if u["areas"][0]["reason"]}
    assert set(gaps.values()) == {"wrong-mode"} and len(gaps) == 4


# ---- validate checks the policy ---------------------------------------------------------


def _codes(tree: Path) -> list[tuple[str, int, int]]:
    result = run_cli("--listings", tree, "validate", "--on", "2026-11-23", "--format", "json")
    return [(d["code"], d["line"], d["column"]) for d in json.loads(result.stdout)["diagnostics"]]


def test_validate_checks_a_policys_hubs_areas_and_expiries(tree: Path) -> None:
    set_policy(
        tree,
        "  requirements:\n    - {area: holiday-activites, level: expected}\n"
        "  waived:\n"
        f"    - {{area: {AREA}, reason: Trust, hub: testshire-centrl-hub}}\n"
        f"    - {{area: {AREA}, reason: Trust, expires: 2026-11-22}}\n"
        f"    - {{area: {AREA}, reason: Again, expires: 2026-12-31}}\n",
    )
    assert _codes(tree) == [
        ("HUB207", 11, 14),  # requirements: the misspelt area
        ("HUB212", 13, 48),  # the hub that does not exist
        ("HUB406", 14, 52),  # expired yesterday: a warning
        ("HUB303", 15, 14),  # the whole authority waived twice
    ]
    result = run_cli("--listings", tree, "validate", "--on", "2026-11-23")
    assert "did you mean 'testshire-central-hub'?" in result.output


# A profile of two areas: send-support, which the taxonomy requires, is not among them.
TWO_AREA_PROFILE = """\
id: local
title: Local
description: Two areas, and a panel the register records.
requirements:
  - {area: infant-feeding, level: minimum}
  - {area: midwifery, level: go-further}
expectations:
  - {id: panel, title: A parent panel, strand: offer, level: expected}
"""


def test_under_a_profile_a_waiver_of_an_area_it_does_not_require_is_hub302(
    tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "local.yaml").write_text(TWO_AREA_PROFILE, encoding="utf-8")
    set_policy(
        tree,
        "  profile: local\n"
        "  requirements:\n    - {area: youth, level: expected}\n"
        "  waived:\n"
        "    - {area: infant-feeding, reason: Run by the trust}\n"  # the profile's
        "    - {area: midwifery, reason: Run by the trust}\n"  # the profile's, go-further
        "    - {area: youth, reason: Run by the county}\n"  # the policy's own
        "    - {area: send-support, reason: Not ours}\n",  # the taxonomy's, not the profile's
    )
    write(
        tree,
        "expectations.yaml",
        "expectations:\n  - {id: panel, status: met, reviewed: 2026-10-01}\n",
    )
    monkeypatch.setenv("HUBCTL_CACHE_DIR", str(tmp_path / "cache"))
    import hubctl.requirement_profiles as requirement_profiles

    parses: list[str] = []
    load_profile = requirement_profiles.load_profile

    def counting(profile_id: str, *arguments: Any) -> Any:
        parses.append(profile_id)
        return load_profile(profile_id, *arguments)

    monkeypatch.setattr(requirement_profiles, "load_profile", counting)

    def validate(*options: str) -> Any:
        result = run_cli(
            "--requirements", profiles, "--listings", tree, "validate", "--on", "2026-11-23",
            "--format", "json", *options,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["diagnostics"]

    cold = validate("--no-cache")
    assert [(d["path"], d["line"], d["column"], d["code"], d["message"]) for d in cold] == [
        (
            f"{tree.as_posix()}/{TREE_AUTHORITY}/authority.yaml",
            17,
            14,
            "HUB302",
            "'send-support' is not required by profile 'local' or this policy, so it needs "
            "no waiver; remove this waiver",
        )
    ]
    assert parses == ["local"]  # once, for the profile's check, its areas and the register
    assert validate() == cold  # parses the profile and remembers what it found
    assert (tmp_path / "cache" / "registers.json").is_file()
    parses.clear()
    assert validate() == cold  # from what it remembered
    assert parses == []


def test_a_waiver_per_hub_and_one_for_the_authority_are_not_twice(tree: Path) -> None:
    set_policy(
        tree,
        "  waived:\n"
        f"    - {{area: {AREA}, reason: Trust, hub: {TREE_HUB}}}\n"
        f"    - {{area: {AREA}, reason: Trust}}\n",
    )
    assert _codes(tree) == []


def test_a_profile_requires_an_area_once_and_names_an_expectation_once(tmp_path: Path) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "local.yaml").write_text(
        "id: local\ntitle: Local\ndescription: Ours.\nrequirements:\n"
        "  - {area: youth, level: minimum}\n"
        "  - {area: youth, level: expected}\n"
        "expectations:\n"
        "  - {id: panel, title: A panel, strand: offer, level: minimum}\n"
        "  - {id: panel, title: Again, strand: offer, level: minimum}\n",
        encoding="utf-8",
    )
    with pytest.raises(ProfileError) as raised:
        load_profile("local", load_taxonomy(), folder)
    found = [(d.code, d.line, d.column, d.message) for d in raised.value.diagnostics]
    assert found == [
        ("HUB113", 6, 12, "'youth' has two requirements; keep one per area"),
        ("HUB113", 9, 10, "'panel' is the id of two expectations; give each its own id"),
    ]


def test_under_a_profile_a_requirement_of_every_hub_is_a_gap_where_a_hub_misses_it(
    tree: Path,
) -> None:
    add_north_hub(tree)
    set_policy(tree, "  profile: dfe-2025-26\n")
    area = cell(coverage(tree, on=ON), "infant-feeding")  # in person at every hub
    assert (area.status, area.reason) == ("gap", "not-every-hub")
    assert area.reason_detail == f"met at 1 of 2; missing at {NORTH_HUB}"
    assert area.activity_ids == ("testshire-infant-feeding",)  # still listed
    # The taxonomy's required areas keep SPEC section 4's reading: met in the authority.
    fallback = cell(coverage(tree, on=ON, profile="taxonomy"), "infant-feeding")
    assert (fallback.status, fallback.hubs_missing) == ("covered", (NORTH_HUB,))
