"""`hubctl coverage` (SPEC §4): each counting rule on a small tree, then the shipped listings."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import (
    TREE_AUTHORITY,
    TREE_BRANCH,
    TREE_HUB,
    TREE_REQUIRED_AREAS,
    WEEKLY_TUESDAY,
    activity_yaml,
    run_coverage,
    tree_activity_id,
)

from hubctl import coverage
from hubctl.models import Activity
from hubctl.offer_coverage import AreaCoverage, CoverageReport, UnitCoverage, age_bands_reached

ON = datetime.date(2026, 11, 23)  # a Monday
NORTH_HUB = "testshire-north-hub"
# This module's activities serve from pregnancy to 5 unless a test says otherwise.
AGES = "{min: 0, max: 5, antenatal: true}"


def activity_text(activity_id: str, areas: str, **fields: str) -> str:
    """An activity file for these tests (see conftest.activity_yaml for the fields)."""
    return activity_yaml(activity_id, areas, **{"age_range": AGES, **fields})


def write(root: Path, relative: str, text: str) -> None:
    path = root / TREE_AUTHORITY / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def replace_area_activity(root: Path, area: str, **changes: str) -> None:
    """Rewrite the tree's activity for `area` with some fields changed."""
    activity_id = tree_activity_id(area)
    write(root, f"activities/{activity_id}.yaml", activity_text(activity_id, area, **changes))


def add_north_hub(root: Path) -> None:
    """A second hub with one activity of its own, so it is not an unused site."""
    write(
        root,
        f"hubs/{NORTH_HUB}.yaml",
        f"id: {NORTH_HUB}\nname: North Hub\nstatus: open\n"
        "address: {line1: 3 High Street, town: Northby, postcode: DE2 2AA}\n"
        "last_reviewed: 2026-10-01\n",
    )
    write(
        root,
        "activities/north-stay-and-play.yaml",
        activity_text("north-stay-and-play", "play-and-groups", venues=NORTH_HUB),
    )


def unit(report: CoverageReport, unit_id: str = TREE_AUTHORITY) -> UnitCoverage:
    return next(u for u in report.units if u.id == unit_id)


def area(report: CoverageReport, area_id: str, unit_id: str = TREE_AUTHORITY) -> AreaCoverage:
    return next(a for a in unit(report, unit_id).areas if a.area.id == area_id)


@pytest.fixture
def tree(make_tree: Callable[..., Path]) -> Path:
    return make_tree()


# --- which activities count -------------------------------------------------------------


def test_the_small_tree_covers_every_required_area(tree: Path) -> None:
    report = coverage(tree, on=ON)
    assert [u.id for u in report.units] == [TREE_AUTHORITY]
    assert not report.has_gaps
    assert unit(report).summary_line() == "testshire: 9/9 required areas covered, 0 gaps, 0 waived"
    assert area(report, "midwifery").activity_ids == ("testshire-midwifery",)


@pytest.mark.parametrize("status", ["paused", "ended"])
def test_a_paused_or_ended_activity_leaves_a_gap(tree: Path, status: str) -> None:
    replace_area_activity(tree, "midwifery", status=status)
    report = coverage(tree, on=ON)
    assert area(report, "midwifery").status == "gap"
    assert [a.area.id for a in unit(report).gaps] == ["midwifery"]
    assert unit(report).summary_line() == "testshire: 8/9 required areas covered, 1 gap, 0 waived"


@pytest.mark.parametrize(
    ("dates", "counts"),
    [
        ("valid_from: 2026-11-24\n", False),  # starts tomorrow
        ("valid_to: 2026-11-22\n", False),  # ended yesterday
        ("valid_from: 2026-11-23\nvalid_to: 2026-11-23\n", True),  # both ends are inclusive
        ("valid_from: 2026-09-01\nvalid_to: 2027-07-20\n", True),
    ],
)
def test_an_activity_counts_only_within_its_dates(tree: Path, dates: str, counts: bool) -> None:
    replace_area_activity(tree, "midwifery", extra=dates)
    assert area(coverage(tree, on=ON), "midwifery").covered is counts


def test_schedule_rule_dates_decide_which_sessions_count(tree: Path) -> None:
    ended_rule = WEEKLY_TUESDAY + "    valid_to: 2026-07-31\n"
    replace_area_activity(tree, "midwifery", schedule=ended_rule)
    assert area(coverage(tree, on=ON), "midwifery").status == "gap"

    current_rule = "  - {freq: weekly, byday: [mon, thu], opens_at: '13:00', closes_at: '14:00'}\n"
    replace_area_activity(tree, "midwifery", schedule=ended_rule + current_rule)
    midwifery = area(coverage(tree, on=ON), "midwifery")
    assert midwifery.covered
    assert midwifery.sessions_per_week == 2  # Monday and Thursday; the ended Tuesday is gone


def test_the_date_changes_the_answer(tree: Path) -> None:
    replace_area_activity(tree, "midwifery", extra="valid_from: 2027-01-04\n")
    assert area(coverage(tree, on=ON), "midwifery").status == "gap"
    assert area(coverage(tree, on=datetime.date(2027, 1, 4)), "midwifery").covered


# --- sessions a week --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ("  - {freq: weekly, byday: [mon, wed, fri], opens_at: '09:00', closes_at: '10:00'}\n", 3),
        ("  - {freq: monthly, byday: [1tue, -1fri], opens_at: '09:00', closes_at: '10:00'}\n", 0.5),
        ("  - {freq: monthly, byday: [2wed], opens_at: '09:00', closes_at: '10:00'}\n", 0.25),
        # A one-off within four weeks of the date counts as a quarter...
        ("  - {freq: once, date: 2026-12-20, opens_at: '09:00', closes_at: '10:00'}\n", 0.25),
        # ...beside a weekly rule, a one-off further off adds nothing.
        (
            "  - {freq: weekly, byday: [tue], opens_at: '09:00', closes_at: '10:00'}\n"
            "  - {freq: once, date: 2026-12-21, opens_at: '09:00', closes_at: '10:00'}\n",
            1,
        ),
    ],
)
def test_sessions_a_week_count_each_rule_kind(tree: Path, rules: str, expected: float) -> None:
    replace_area_activity(tree, "midwifery", schedule=rules)
    midwifery = area(coverage(tree, on=ON), "midwifery")
    assert midwifery.covered
    assert midwifery.sessions_per_week == expected


def test_a_one_off_beyond_four_weeks_covers_with_no_sessions(tree: Path) -> None:
    rule = "  - {freq: once, date: 2026-12-21, opens_at: '09:00', closes_at: '10:00'}\n"
    replace_area_activity(tree, "midwifery", schedule=rule)
    midwifery = area(coverage(tree, on=ON), "midwifery")
    assert (midwifery.status, midwifery.sessions_per_week) == ("covered", 0)


def test_a_one_off_in_the_past_does_not_cover(tree: Path) -> None:
    rule = "  - {freq: once, date: 2026-11-22, opens_at: '09:00', closes_at: '10:00'}\n"
    replace_area_activity(tree, "midwifery", schedule=rule)
    assert area(coverage(tree, on=ON), "midwifery").status == "gap"


def test_sessions_add_up_over_the_activities_of_an_area(tree: Path) -> None:
    monthly = "  - {freq: monthly, byday: [1tue], opens_at: '09:00', closes_at: '10:00'}\n"
    write(
        tree,
        "activities/extra-midwife.yaml",
        activity_text("extra-midwife", "midwifery, health-visiting", schedule=monthly),
    )
    report = coverage(tree, on=ON)
    assert area(report, "midwifery").activity_ids == ("extra-midwife", "testshire-midwifery")
    assert area(report, "midwifery").sessions_per_week == 1.25
    assert area(report, "health-visiting").sessions_per_week == 1.25


def test_by_appointment_covers_with_no_sessions(tree: Path) -> None:
    replace_area_activity(tree, "midwifery", schedule="by-appointment")
    midwifery = area(coverage(tree, on=ON), "midwifery")
    assert (midwifery.covered, midwifery.sessions_per_week) == (True, 0)


def test_self_paced_is_always_current_with_no_sessions(tree: Path) -> None:
    online = "online: {url: https://testshire.example.org/online/course}\n"
    replace_area_activity(tree, "midwifery", schedule="self-paced", extra=online)
    midwifery = area(coverage(tree, on=ON), "midwifery")
    assert (midwifery.covered, midwifery.sessions_per_week) == (True, 0)
    # Bounded by the activity's own dates, as any activity is.
    replace_area_activity(
        tree, "midwifery", schedule="self-paced", extra=online + "valid_to: 2026-11-01\n"
    )
    assert not area(coverage(tree, on=ON), "midwifery").covered


# --- the authority's policy -------------------------------------------------------------


def _set_policy(root: Path, policy: str) -> None:
    path = root / TREE_AUTHORITY / "authority.yaml"
    path.write_text(path.read_text(encoding="utf-8") + policy, encoding="utf-8")


def test_a_waiver_removes_the_area_and_shows_its_reason(tree: Path) -> None:
    (tree / TREE_AUTHORITY / "activities" / "testshire-midwifery.yaml").unlink()
    reason = "Midwifery is run by the hospital trust at the maternity unit."
    _set_policy(tree, f"coverage:\n  waived:\n    - area: midwifery\n      reason: {reason}\n")
    report = coverage(tree, on=ON)
    midwifery = area(report, "midwifery")
    assert (midwifery.status, midwifery.required, midwifery.waiver_reason) == (
        "waived",
        False,
        reason,
    )
    assert not report.has_gaps
    assert unit(report).summary_line() == "testshire: 8/8 required areas covered, 0 gaps, 1 waived"
    result = run_coverage(tree, "--fail-on-gaps")
    assert result.exit_code == 0
    assert f"Waived: midwifery: {reason}\n" in result.stdout
    assert "midwifery                   waived" in result.stdout


def test_extra_required_adds_an_area_and_its_gap(tree: Path) -> None:
    _set_policy(tree, "coverage:\n  extra_required: [stop-smoking]\n")
    report = coverage(tree, on=ON)
    assert area(report, "stop-smoking").status == "gap"
    assert unit(report).summary_line() == "testshire: 9/10 required areas covered, 1 gap, 0 waived"
    result = run_coverage(tree, "--fail-on-gaps")
    assert result.exit_code == 1
    assert "stop-smoking                minimum  ✗ GAP" in result.stdout

    write(tree, "activities/quit-clinic.yaml", activity_text("quit-clinic", "stop-smoking"))
    assert run_coverage(tree, "--fail-on-gaps").exit_code == 0


def test_without_fail_on_gaps_a_gap_still_exits_0(tree: Path) -> None:
    replace_area_activity(tree, "midwifery", status="paused")
    result = run_coverage(tree)
    assert result.exit_code == 0
    assert result.stdout.endswith("testshire: 8/9 required areas covered, 1 gap, 0 waived\n")


# --- per hub ----------------------------------------------------------------------------


def test_a_hub_counts_the_activities_of_its_branches(tree: Path) -> None:
    add_north_hub(tree)
    # The branch (of the central hub) now holds the only midwifery activity.
    replace_area_activity(tree, "midwifery", venues=TREE_BRANCH)
    report = coverage(tree, on=ON, by="hub")
    assert [u.id for u in report.units] == [TREE_HUB, NORTH_HUB]
    assert area(report, "midwifery", TREE_HUB).activity_ids == ("testshire-midwifery",)
    assert area(report, "midwifery", NORTH_HUB).status == "gap"
    assert unit(report, NORTH_HUB).authority == TREE_AUTHORITY
    assert area(report, "play-and-groups", NORTH_HUB).covered
    assert not area(report, "play-and-groups", TREE_HUB).covered


def test_online_only_activities_count_at_every_hub(tree: Path) -> None:
    add_north_hub(tree)
    replace_area_activity(
        tree, "midwifery", venues="", extra="online: {url: https://testshire.example.org/live}\n"
    )
    report = coverage(tree, on=ON, by="hub")
    for hub_id in (TREE_HUB, NORTH_HUB):
        assert area(report, "midwifery", hub_id).activity_ids == ("testshire-midwifery",)
    assert area(report, "infant-feeding", NORTH_HUB).status == "gap"


# --- ages -------------------------------------------------------------------------------


def _activity_with_ages(low: float, high: float, antenatal: bool = False) -> Activity:
    return Activity.model_validate(
        {
            "id": "a",
            "name": "A",
            "description": "A.",
            "status": "running",
            "offer_areas": ["youth"],
            "venues": ["h"],
            "audience": ["children"],
            "age_range": {"min": low, "max": high, "antenatal": antenatal},
            "cost": "free",
            "booking": "drop-in",
            "schedule": "by-appointment",
            "last_reviewed": "2026-10-01",
        }
    )


@pytest.mark.parametrize(
    ("low", "high", "antenatal", "bands"),
    [
        (0, 0, True, ["antenatal"]),  # pregnancy only, not babies
        (0, 1, True, ["antenatal", "0-2"]),
        (0, 2, False, ["0-2"]),
        (2.5, 3, False, ["0-2", "3-5"]),  # 30 months is still in 0-2
        (5, 6, False, ["3-5", "6-11"]),
        (11.5, 19.5, False, ["6-11", "12-19"]),
        (16, 25, False, ["12-19", "20-25"]),
    ],
)
def test_age_bands_reached(low: float, high: float, antenatal: bool, bands: list[str]) -> None:
    assert age_bands_reached(_activity_with_ages(low, high, antenatal)) == bands


def test_a_start_for_life_gap_is_called_out(tree: Path) -> None:
    for required in TREE_REQUIRED_AREAS:
        replace_area_activity(tree, required, age_range="{min: 3, max: 19}")
    report = coverage(tree, on=ON)
    testshire = unit(report)
    assert testshire.start_for_life_gaps == ("antenatal", "0-2")
    assert [b.band for b in testshire.age_bands if b.covered] == ["3-5", "6-11", "12-19"]
    assert testshire.gaps == []  # every area is covered, but not for babies
    # Called out, but --fail-on-gaps fails only on uncovered areas (the rule).
    assert not report.has_gaps
    line = "testshire: 9/9 required areas covered, 0 gaps, 0 waived; Start for Life gap: "
    expected = line + "no Start for Life activity for antenatal and 0–2"
    assert testshire.summary_line() == expected
    result = run_coverage(tree, "--fail-on-gaps")
    assert (result.exit_code, result.stdout.splitlines()[-1]) == (0, expected)


def test_only_start_for_life_areas_close_a_start_for_life_gap(tree: Path) -> None:
    for required in TREE_REQUIRED_AREAS:
        replace_area_activity(tree, required, age_range="{min: 3, max: 19}")
    write(tree, "activities/baby-swim.yaml", activity_text("baby-swim", "play-and-groups"))
    assert unit(coverage(tree, on=ON)).start_for_life_gaps == ("antenatal", "0-2")
    replace_area_activity(tree, "midwifery", age_range="{min: 0, max: 0, antenatal: true}")
    assert unit(coverage(tree, on=ON)).start_for_life_gaps == ("0-2",)  # pregnancy only
    replace_area_activity(tree, "midwifery", age_range="{min: 0, max: 1, antenatal: true}")
    assert unit(coverage(tree, on=ON)).start_for_life_gaps == ()


# --- closed sites -----------------------------------------------------------------------


def _close(root: Path, relative: str, status: str) -> None:
    path = root / TREE_AUTHORITY / relative
    path.write_text(path.read_text(encoding="utf-8").replace("status: open", f"status: {status}"))


def test_activities_at_a_closed_venue_do_not_count(tree: Path) -> None:
    add_north_hub(tree)
    replace_area_activity(tree, "midwifery", venues=f"{TREE_HUB}, {NORTH_HUB}")
    _close(tree, f"hubs/{NORTH_HUB}.yaml", "temporarily-closed")
    report = coverage(tree, on=ON, by="hub")
    assert area(report, "midwifery", TREE_HUB).covered  # still open here
    assert area(report, "midwifery", NORTH_HUB).status == "gap"  # shown, with its gaps
    _close(tree, f"hubs/{TREE_HUB}.yaml", "closed")
    assert area(coverage(tree, on=ON), "midwifery").status == "gap"
    assert [u.id for u in coverage(tree, on=ON, by="hub").units] == [NORTH_HUB]


def test_an_online_activity_at_a_closed_venue_still_counts(tree: Path) -> None:
    online = "online: {url: https://testshire.example.org/live}\n"
    replace_area_activity(tree, "midwifery", extra=online)
    _close(tree, f"hubs/{TREE_HUB}.yaml", "temporarily-closed")
    assert area(coverage(tree, on=ON), "midwifery").covered


def test_telephone_only_activities_count_at_every_hub(tree: Path) -> None:
    add_north_hub(tree)
    replace_area_activity(tree, "midwifery", venues="", extra='telephone: "01632 960111"\n')
    report = coverage(tree, on=ON, by="hub")
    assert all(area(report, "midwifery", hub).covered for hub in (TREE_HUB, NORTH_HUB))
