"""Coverage as JSON (stable keys, documented in the README) and as CSV (one row per area)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from hubctl.offer_coverage import AreaCoverage, CoverageReport, UnitCoverage
from hubctl.spreadsheet import escape_formula

# Bumped like the feed's schema_version: a removed or renamed key is a major version.
COVERAGE_JSON_VERSION = "1.1.0"

# Every key of the JSON document and what it holds: the README's table is built from
# this, and a test checks it against a real document.
JSON_KEYS: tuple[tuple[str, str], ...] = (
    ("coverage_version", "version of this document's shape (semantic versioning)"),
    ("on", "the date counted on, YYYY-MM-DD"),
    ("by", "`authority` or `hub`"),
    ("has_gaps", "true when any unit has a gap or a Start for Life gap (`--fail-on-gaps`)"),
    ("units[]", "one per authority or hub, sorted by authority then id"),
    ("units[].kind", "`authority` or `hub`"),
    ("units[].id", "the authority's or hub's id"),
    ("units[].name", "its name"),
    ("units[].authority", "the authority's id (for a hub, the authority it belongs to)"),
    ("units[].activity_count", "running activities counted for this unit"),
    ("units[].summary.required", "number of required areas (after the policy)"),
    ("units[].summary.covered", "number of required areas covered"),
    ("units[].summary.gaps", "number of required areas not covered"),
    ("units[].summary.waived", "number of waived areas"),
    ("units[].gaps[]", "ids of the required areas not covered"),
    ("units[].start_for_life_gaps[]", "`antenatal` and/or `0-2` when unreached"),
    ("units[].waived[].area", "a waived area's id"),
    ("units[].waived[].reason", "the reason the authority gives"),
    ("units[].age_bands[].band", "`antenatal`, `0-2`, `3-5`, `6-11`, `12-19`, `20-25`"),
    ("units[].age_bands[].label", "the band as shown to people"),
    ("units[].age_bands[].covered", "true when a running activity reaches the band"),
    ("units[].age_bands[].activity_count", "running activities reaching it"),
    ("units[].areas[].id", "offer area id, in taxonomy order"),
    ("units[].areas[].label", "its label"),
    ("units[].areas[].tier", "`start-for-life`, `core` or `wider`"),
    ("units[].areas[].required", "required after the authority's policy"),
    ("units[].areas[].status", "`covered`, `gap`, `waived` or `optional` (not required, none)"),
    ("units[].areas[].covered", "true when a running activity covers it"),
    ("units[].areas[].waiver_reason", "the waiver's reason, or null"),
    ("units[].areas[].activity_count", "number of running activities covering it"),
    ("units[].areas[].activity_ids[]", "their ids, sorted"),
    ("units[].areas[].sessions_per_week", "their sessions a week, summed (a number)"),
    ("units[].closed_venues[]", "venues of counted activities left out: the site is not open"),
    ("units[].closed_venues[].activity", "the activity's id"),
    ("units[].closed_venues[].site", "the hub's or branch's id"),
    ("units[].closed_venues[].status", "`closed` or `temporarily-closed`"),
)

CSV_COLUMNS = (
    "unit_kind",
    "unit_id",
    "unit_name",
    "authority",
    "area",
    "area_label",
    "tier",
    "required",
    "status",
    "covered",
    "waiver_reason",
    "activity_count",
    "activity_ids",
    "sessions_per_week",
)


def coverage_document(report: CoverageReport) -> dict[str, Any]:
    """The coverage report as plain JSON values, keys in a fixed order."""
    return {
        "coverage_version": COVERAGE_JSON_VERSION,
        "on": report.on.isoformat(),
        "by": report.by,
        "has_gaps": report.has_gaps,
        "units": [_unit_document(unit) for unit in report.units],
    }


def _unit_document(unit: UnitCoverage) -> dict[str, Any]:
    required = unit.required
    return {
        "kind": unit.kind,
        "id": unit.id,
        "name": unit.name,
        "authority": unit.authority,
        "activity_count": unit.activity_count,
        "summary": {
            "required": len(required),
            "covered": sum(1 for a in required if a.covered),
            "gaps": len(unit.gaps),
            "waived": len(unit.waived),
        },
        "gaps": [a.area.id for a in unit.gaps],
        "start_for_life_gaps": list(unit.start_for_life_gaps),
        "waived": [{"area": a.area.id, "reason": a.waiver_reason} for a in unit.waived],
        "age_bands": [
            {
                "band": band.band,
                "label": band.label,
                "covered": band.covered,
                "activity_count": band.activity_count,
            }
            for band in unit.age_bands
        ],
        "areas": [_area_document(area) for area in unit.areas],
        "closed_venues": [
            {"activity": note.activity_id, "site": note.site_id, "status": note.site_status}
            for note in unit.closed_venues
        ],
    }


def _area_document(area: AreaCoverage) -> dict[str, Any]:
    return {
        "id": area.area.id,
        "label": area.area.label,
        "tier": area.area.tier,
        "required": area.required,
        "status": area.status,
        "covered": area.covered,
        "waiver_reason": area.waiver_reason,
        "activity_count": len(area.activity_ids),
        "activity_ids": list(area.activity_ids),
        "sessions_per_week": area.sessions_per_week,
    }


def json_keys_markdown() -> str:
    """The README's table of the JSON document's keys."""
    rows = [f"| `{path}` | {meaning} |" for path, meaning in JSON_KEYS]
    return "\n".join(["| key | holds |", "|---|---|", *rows]) + "\n"


def render_json(report: CoverageReport, ascii_only: bool = False) -> str:
    """The coverage document, two-space indented, as UTF-8 text."""
    del ascii_only  # machine formats are always written as UTF-8 bytes
    return json.dumps(coverage_document(report), indent=2, ensure_ascii=False) + "\n"


def render_csv(report: CoverageReport, ascii_only: bool = False) -> str:
    """One row per unit and area; lists joined with `;`; text escaped by `escape_formula`."""
    del ascii_only  # machine formats are always written as UTF-8 bytes
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for unit in report.units:
        for area in unit.areas:
            writer.writerow(
                [
                    unit.kind,
                    unit.id,
                    escape_formula(unit.name),
                    unit.authority,
                    area.area.id,
                    escape_formula(area.area.label),
                    area.area.tier,
                    _boolean(area.required),
                    area.status,
                    _boolean(area.covered),
                    escape_formula(area.waiver_reason or ""),
                    len(area.activity_ids),
                    ";".join(area.activity_ids),
                    f"{area.sessions_per_week:g}",
                ]
            )
    return buffer.getvalue()


def _boolean(value: bool) -> str:
    return "true" if value else "false"
