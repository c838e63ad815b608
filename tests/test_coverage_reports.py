"""`hubctl coverage` formats and exit codes, on a tree with a gap and a waiver, and on the shipped
listings (which must cover every required area)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TREE_AUTHORITY, TREE_HUB, TREE_REQUIRED_AREAS, TYPO_ACTIVITY, run_coverage
from test_coverage import ON, replace_area_activity

from hubctl import coverage
from hubctl.cli import cli
from hubctl.coverage_reports import COVERAGE_RENDERERS
from hubctl.coverage_reports.data import JSON_KEYS
from hubctl.coverage_reports.text import render_table

WAIVER_REASON = "Run by the hospital trust; see https://example.org/maternity"


@pytest.fixture
def gappy_tree(make_tree: Callable[..., Path]) -> Path:
    """The small tree with a gap (midwifery paused) and a waiver (health-visiting)."""
    root = make_tree()
    replace_area_activity(root, "midwifery", status="paused")
    (root / TREE_AUTHORITY / "activities" / "testshire-health-visiting.yaml").unlink()
    authority = root / TREE_AUTHORITY / "authority.yaml"
    authority.write_text(
        authority.read_text(encoding="utf-8")
        + f"coverage:\n  waived:\n    - area: health-visiting\n      reason: {WAIVER_REASON}\n",
        encoding="utf-8",
    )
    return root


def test_json_has_stable_documented_keys_and_the_right_values(gappy_tree: Path) -> None:
    result = run_coverage(gappy_tree, "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert list(document) == [
        "coverage_version", "on", "period", "exclude_stale", "by", "has_gaps", "units",
    ]  # fmt: skip
    assert (document["on"], document["by"], document["has_gaps"]) == (
        ON.isoformat(),
        "authority",
        True,
    )
    (testshire,) = document["units"]
    assert list(testshire) == [
        "kind", "id", "name", "authority", "profile", "activity_count", "summary", "gaps",
        "start_for_life_gaps", "waived", "age_bands", "areas", "closed_venues",
    ]  # fmt: skip
    assert testshire["summary"] == {"required": 8, "covered": 7, "gaps": 1, "waived": 1}
    assert testshire["gaps"] == ["midwifery"]
    assert testshire["waived"] == [{"area": "health-visiting", "reason": WAIVER_REASON}]
    assert testshire["age_bands"][0] == {
        "band": "antenatal", "label": "antenatal", "covered": True, "activity_count": 7,
    }  # fmt: skip
    by_id = {a["id"]: a for a in testshire["areas"]}
    assert by_id["infant-feeding"] == {
        "id": "infant-feeding",
        "label": "Infant feeding support",
        "tier": "start-for-life",
        "required": True,
        "status": "covered",
        "covered": True,
        "reason": None,
        "reason_text": "",
        "requirement": {
            "level": "minimum",
            "scope": "every-hub",
            "modes": ["in-person", "online", "telephone"],
            "ages": None,
            "applies_from": None,
            "source": None,
            "illustrative": False,
        },
        "waiver_reason": None,
        "waiver_expires": None,
        "expired_waiver": None,
        "activity_count": 1,
        "activity_ids": ["testshire-infant-feeding"],
        "sessions_per_week": 1.0,
        "sessions_in_period": None,
        "modes": [
            {"mode": "in-person", "activity_ids": ["testshire-infant-feeding"], "sessions": 1.0},
            {"mode": "online", "activity_ids": [], "sessions": 0.0},
            {"mode": "telephone", "activity_ids": [], "sessions": 0.0},
        ],
        "ages": {"antenatal": True, "spans": [{"min": 0.0, "max": 5.0}], "label": "antenatal, 0–5"},
        "stale_ids": [],
        "not_counted": [],
        "hubs_met": ["testshire-central-hub"],
        "hubs_missing": [],
    }
    assert testshire["profile"] == "taxonomy"
    assert by_id["midwifery"]["reason"] == "not-running"
    assert by_id["midwifery"]["not_counted"] == [
        {"activity": "testshire-midwifery", "reason": "not-running"}
    ]
    assert (by_id["midwifery"]["status"], by_id["health-visiting"]["status"]) == ("gap", "waived")


def test_csv_has_one_row_per_area_with_the_gap_and_waiver(gappy_tree: Path) -> None:
    result = run_coverage(
        gappy_tree, "--format", "csv", "--area", "midwifery", "--area", "health-visiting"
    )
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["area"], r["status"], r["required"], r["covered"]) for r in rows] == [
        ("midwifery", "gap", "true", "false"),
        ("health-visiting", "waived", "false", "false"),
    ]
    assert rows[1]["waiver_reason"] == WAIVER_REASON
    assert result.stdout.startswith("unit_kind,unit_id,unit_name,authority,area,")


@pytest.mark.parametrize(
    ("reason_yaml", "cell"),
    [
        ('"=HYPERLINK(1)"', "'=HYPERLINK(1)"),
        # The published CSVs' rule: text starting with ' gets one more, so dropping the
        # first ' of any cell starting with ' gives the value back.
        ("\"'Quoted' reason\"", "''Quoted' reason"),
    ],
)
def test_csv_escapes_a_formula_like_waiver_reason(
    gappy_tree: Path, reason_yaml: str, cell: str
) -> None:
    authority = gappy_tree / TREE_AUTHORITY / "authority.yaml"
    text = authority.read_text(encoding="utf-8").replace(WAIVER_REASON, reason_yaml)
    authority.write_text(text, encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(run_coverage(gappy_tree, "--format", "csv").stdout)))
    assert {r["waiver_reason"] for r in rows} == {"", cell}


def test_markdown_marks_the_gap_and_lists_the_waiver(gappy_tree: Path) -> None:
    result = run_coverage(gappy_tree, "--format", "markdown")
    lines = result.stdout.splitlines()
    assert (
        "| Midwifery and maternity (`midwifery`) | minimum | ❌ **gap** | — | — | — | — | — | 0 "
        "| its activities are paused or ended |"
    ) in lines
    assert (
        "| Infant feeding support (`infant-feeding`) | minimum | ✅ | 1 (1/wk) | — | — "
        "| antenatal, 0–5 | `testshire-infant-feeding` | 1 |  |"
    ) in lines
    assert (
        "| Health visiting (`health-visiting`) | waived | — | — | — | — | — | — | 0 |  |" in lines
    )
    assert f"- `health-visiting`: {WAIVER_REASON}" in lines
    assert lines[-1] == "- testshire: 7/8 required areas covered, 1 gap, 1 waived"


class _Cells(HTMLParser):
    """Collects the matrix: row header text -> list of (class, text) cells."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[tuple[str, str]]] = {}
        self.attributes: list[tuple[str, dict[str, str | None]]] = []
        self._row: list[tuple[str, str]] | None = None
        self._cell: list[str] | None = None
        self._class = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes.append((tag, dict(attrs)))
        if tag == "tr":
            self._row = []
        elif tag in ("th", "td"):
            self._cell, self._class = [], dict(attrs).get("class") or ""

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None and self._row is not None:
            self._row.append((self._class, " ".join(" ".join(self._cell).split())))
            self._cell = None
        elif tag == "tr" and self._row:
            self.rows[self._row[0][1]] = self._row[1:]


def test_html_is_a_self_contained_accessible_matrix(gappy_tree: Path) -> None:
    result = run_coverage(gappy_tree, "--format", "html")
    page = result.stdout
    parser = _Cells()
    parser.feed(page)
    assert parser.rows["Midwifery and maternity midwifery · start-for-life"] == [
        ("gap", "Gap minimum Why not: its activities are paused or ended")
    ]
    assert parser.rows["Health visiting health-visiting · start-for-life"] == [
        ("waived", "Waived waived")
    ]
    assert parser.rows["Infant feeding support infant-feeding · start-for-life"] == [
        (
            "covered",
            "Covered (required) minimum in person: 1, 1 a week ages antenatal, 0–5 "
            "testshire-infant-feeding",
        )
    ]
    assert parser.rows["Domestic abuse support domestic-abuse · wider"] == [
        ("optional", "Not covered Why not: no activity here carries the area")
    ]
    assert parser.rows["antenatal antenatal"] == [("covered", "Reached 7 activities")]
    tags = [tag for tag, _ in parser.attributes]
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert tags.count("caption") == 2
    # Every header cell says what it heads, for screen readers.
    assert all(
        attrs.get("scope") in ("col", "row") for tag, attrs in parser.attributes if tag == "th"
    )
    # Self-contained: no script, no external style sheet, image or font.
    assert not {"script", "link", "img"} & set(tags)
    assert "@media print" in page
    assert f"<code>health-visiting</code> waived: {WAIVER_REASON}" in page


def test_html_escapes_listing_text(gappy_tree: Path) -> None:
    authority = gappy_tree / TREE_AUTHORITY / "authority.yaml"
    text = authority.read_text(encoding="utf-8").replace("Testshire County Council", "A <b>&</b> C")
    authority.write_text(text, encoding="utf-8")
    page = run_coverage(gappy_tree, "--format", "html").stdout
    assert "A &lt;b&gt;&amp;&lt;/b&gt; C" in page
    assert "<b>" not in page


def test_the_table_degrades_to_yes_and_no(gappy_tree: Path) -> None:
    report = coverage(gappy_tree, on=ON)
    plain = render_table(report, ascii_only=True)
    assert plain.isascii()
    assert "midwifery                   minimum  no GAP" in plain
    assert "Ages: antenatal yes  0-2 yes  3-5 yes" in plain
    fancy = render_table(report)
    assert "midwifery                   minimum  ✗ GAP" in fancy
    assert "Ages: antenatal ✓  0–2 ✓  3–5 ✓" in fancy


def test_the_cli_writes_ascii_when_the_terminal_cannot_show_ticks(gappy_tree: Path) -> None:
    result = CliRunner(charset="ascii").invoke(
        cli, ["--listings", str(gappy_tree), "coverage", "--on", ON.isoformat()]
    )
    assert result.exit_code == 0
    assert "midwifery                   minimum  no GAP" in result.stdout


def test_every_format_is_deterministic(gappy_tree: Path) -> None:
    for output_format in COVERAGE_RENDERERS:
        first = run_coverage(gappy_tree, "--format", output_format).stdout_bytes
        assert first == run_coverage(gappy_tree, "--format", output_format).stdout_bytes


def test_filters_limit_areas_and_units(gappy_tree: Path) -> None:
    result = run_coverage(gappy_tree, "--by", "hub", "--area", "midwifery", "--format", "json")
    (hub,) = json.loads(result.stdout)["units"]
    assert (hub["kind"], hub["id"], [a["id"] for a in hub["areas"]]) == (
        "hub",
        TREE_HUB,
        ["midwifery"],
    )
    # Start for Life ages are judged over the areas shown: paused midwifery reaches no one.
    assert hub["start_for_life_gaps"] == ["antenatal", "0-2"]
    result = run_coverage(gappy_tree, "--area", "infant-feeding", "--authority", TREE_AUTHORITY)
    assert (
        result.stdout.splitlines()[-1] == "testshire: 1/1 required areas covered, 0 gaps, 0 waived"
    )


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("--area=midwiffery", "unknown offer area 'midwiffery' (did you mean 'midwifery'?)"),
        ("--authority=testshir", "unknown authority 'testshir' (did you mean 'testshire'?)"),
        ("--by=ward", "'ward' is not one of 'authority', 'hub'"),
    ],
)
def test_unknown_filters_are_usage_errors(gappy_tree: Path, option: str, message: str) -> None:
    result = run_coverage(gappy_tree, option)
    assert result.exit_code == 2
    assert message in result.stderr


def test_invalid_listings_print_their_errors_and_exit_1(gappy_tree: Path) -> None:
    (gappy_tree / TREE_AUTHORITY / "activities" / "typo-feeding-cafe.yaml").write_text(
        TYPO_ACTIVITY
    )
    result = run_coverage(gappy_tree, "--format", "json")
    assert result.exit_code == 1
    # The same stream and format as validate: diagnostics on stdout, a summary on stderr.
    assert (
        "typo-feeding-cafe.yaml:5:15: error HUB201 unknown offer area 'infant-feding'"
        in result.stdout
    )
    assert result.stderr == "hubctl: 1 error in the listings; nothing was done\n"


def test_shipped_listings_cover_every_required_area(shipped_listings: Path) -> None:
    # Held to the taxonomy's required areas, as before profiles: everything is covered.
    report = coverage(shipped_listings, on=ON, profile="taxonomy")
    assert [u.id for u in report.units] == ["derby", "leicester"]
    assert not report.has_gaps
    for unit in report.units:
        assert unit.gaps == [] and unit.start_for_life_gaps == ()
        assert all(a.covered for a in unit.required), unit.id
        assert all(b.covered for b in unit.age_bands), unit.id
    # Derby's policy makes healthy-growth required as well.
    assert [u.summary_line() for u in report.units] == [
        "derby: 10/10 required areas covered, 0 gaps, 0 waived",
        "leicester: 9/9 required areas covered, 0 gaps, 0 waived",
    ]
    result = CliRunner().invoke(
        cli,
        [
            "--listings", str(shipped_listings), "coverage", "--on", ON.isoformat(),
            "--profile", "taxonomy", "--fail-on-gaps",
        ],
    )  # fmt: skip
    assert result.exit_code == 0


def test_shipped_listings_under_their_profile_show_each_gap_and_why(
    shipped_listings: Path,
) -> None:
    # Both authorities are held to dfe-2025-26: its expected services show real gaps.
    report = coverage(shipped_listings, on=ON)
    assert {u.id: u.profile for u in report.units} == {
        "derby": "dfe-2025-26",
        "leicester": "dfe-2025-26",
    }
    gaps = {u.id: [(a.area.id, a.reason) for a in u.gaps] for u in report.units}
    assert gaps["derby"] == [
        ("infant-feeding", "not-every-hub"),  # in person at 3 of 6 hubs
        ("domestic-abuse", "none"),
        ("youth-justice", "none"),
        ("substance-misuse", "none"),
        ("stop-smoking", "not-running"),
        ("play-and-groups", "not-every-hub"),
        ("holiday-activities", "outside-period"),
    ]
    assert ("send-support", "wrong-ages") in gaps["leicester"]  # nothing for 12-15s
    # Infant feeding in person at every hub is the profile's minimum neither meets; the
    # other funded strands are met across each authority.
    for unit in report.units:
        funded = {a.area.id: a for a in unit.areas if a.level == "minimum"}
        assert list(funded) == [
            "infant-feeding", "perinatal-mental-health", "parenting-support", "early-language",
        ]  # fmt: skip
        assert funded["infant-feeding"].reason == "not-every-hub", unit.id
        assert all(a.covered for a in list(funded.values())[1:]), unit.id
    leicester = next(u for u in report.units if u.id == "leicester")
    feeding = next(a for a in leicester.areas if a.area.id == "infant-feeding")
    assert feeding.hubs_met == ("belgrave-family-hub",)


def test_the_table_fits_80_columns_for_the_shipped_listings(shipped_listings: Path) -> None:
    for by in ("authority", "hub"):
        text = render_table(coverage(shipped_listings, on=ON, by=by))
        assert max(len(line) for line in text.splitlines()) <= 80


def _key_paths(value: object, prefix: str = "") -> set[str]:
    if isinstance(value, dict):
        paths = set()
        for key, inner in value.items():
            path = f"{prefix}.{key}" if prefix else key
            paths |= _key_paths(inner, path) or {path}
        return paths
    if isinstance(value, list):
        paths = {f"{prefix}[]"}
        for item in value:
            inner = _key_paths(item, f"{prefix}[]")
            paths = (paths - {f"{prefix}[]"} | inner) if isinstance(item, dict) else paths
        return paths
    return set()


def test_the_documented_json_keys_are_exactly_the_real_ones(gappy_tree: Path) -> None:
    on_a_date = json.loads(run_coverage(gappy_tree, "--format", "json").stdout)
    # Over a period, with an expired waiver and a requirement with ages and a source,
    # the keys that are null above have their own keys.
    authority = gappy_tree / TREE_AUTHORITY / "authority.yaml"
    authority.write_text(
        authority.read_text(encoding="utf-8")
        + "    - area: early-language\n      reason: Old\n      expires: 2026-01-31\n"
        + "  requirements:\n    - area: send-support\n      level: expected\n"
        + "      ages: {min: 0, max: 25}\n"
        + "      source: {title: A guide, url: 'https://example.org/g', quote: Words}\n",
        encoding="utf-8",
    )
    over_a_term = json.loads(
        run_coverage(gappy_tree, "--format", "json", "--period", "term").stdout
    )
    real = _key_paths(on_a_date) | _key_paths(over_a_term) | {"units[]"}
    # This tree has no closed venue; tests/test_closed_sites.py checks those keys.
    closed_venue_keys = {p for p, _ in JSON_KEYS if p.startswith("units[].closed_venues[].")}
    assert real == {path for path, _ in JSON_KEYS} - closed_venue_keys


def test_fail_on_gaps_names_each_gap_as_a_diagnostic(gappy_tree: Path) -> None:
    result = run_coverage(gappy_tree, "--fail-on-gaps", "--format", "json")
    assert result.exit_code == 1
    json.loads(result.stdout)  # stdout stays pure JSON
    path = (gappy_tree / TREE_AUTHORITY / "authority.yaml").as_posix()
    assert result.stderr == (
        f"{path}:1:1: error HUB301 required offer area 'midwifery' is not met in testshire "
        "on 2026-11-23: its activities are paused or ended; add an activity that meets it, or "
        "waive the area under coverage.waived in authority.yaml with a reason\n"
    )
    github = CliRunner(env={"GITHUB_ACTIONS": "true"}).invoke(
        cli, ["--listings", str(gappy_tree), "coverage", "--on", ON.isoformat(), "--fail-on-gaps"]
    )
    assert github.stderr.startswith(f"::error file={path},line=1,col=1,title=HUB301::")


def test_a_folder_without_authorities_fails(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run_coverage(tmp_path / "empty", "--fail-on-gaps")
    assert result.exit_code == 1
    assert " error HUB210 " in result.stdout  # as validate and publish say


def test_names_the_terminal_cannot_show_become_question_marks(gappy_tree: Path) -> None:
    authority = gappy_tree / TREE_AUTHORITY / "authority.yaml"
    text = authority.read_text(encoding="utf-8").replace(
        "Testshire County Council", "Cyngor Ŵyn “x”"
    )
    authority.write_text(text, encoding="utf-8")
    for output_format in ("table", "markdown"):
        result = CliRunner(charset="cp1252").invoke(
            cli,
            [
                "--listings",
                str(gappy_tree),
                "coverage",
                "--on",
                ON.isoformat(),
                "--format",
                output_format,
            ],
        )
        assert result.exit_code == 0, result.output
        assert "Cyngor ?yn “x”" in result.stdout


def test_html_marks_a_start_for_life_age_gap(make_tree: Callable[..., Path]) -> None:
    root = make_tree()
    for area_id in TREE_REQUIRED_AREAS:
        replace_area_activity(root, area_id, age_range="{min: 3, max: 19}")
    parser = _Cells()
    parser.feed(run_coverage(root, "--format", "html", "--by", "hub").stdout)
    assert parser.rows["0–2 0-2"] == [("gap", "Start for Life gap: not reached")]
    assert parser.rows["20–25 20-25"] == [("optional", "Not reached")]
    assert parser.rows["Offer area"] == [
        ("", f"Testshire Central Family Hub {TREE_HUB} (testshire)")
    ]
