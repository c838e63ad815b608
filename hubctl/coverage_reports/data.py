"""Coverage as JSON (stable keys, documented in the README) and as CSV (one row per area)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from hubctl.offer_coverage import REASONS, AreaCoverage, CoverageReport, UnitCoverage
from hubctl.profile_models import Requirement
from hubctl.spreadsheet import escape_formula

# Bumped like the feed's schema_version: a removed or renamed key is a major version.
COVERAGE_JSON_VERSION = "2.0.0"

# Every key of the JSON document and what it holds: the README's table is built from
# this, and a test checks it against a real document.
JSON_KEYS: tuple[tuple[str, str], ...] = (
    ("coverage_version", "version of this document's shape (semantic versioning)"),
    ("on", "the date counted on (over a period: stale listings are judged on it), YYYY-MM-DD"),
    ("period", "null on a single date; else the period sessions are counted over"),
    ("period.first", "its first day, YYYY-MM-DD"),
    ("period.last", "its last day, YYYY-MM-DD"),
    ("period.name", "`autumn term 2026`, `Q3 of financial year 2026 to 2027`, or the two dates"),
    ("exclude_stale", "true when listings past their review date were not counted"),
    ("by", "`authority` or `hub`"),
    ("has_gaps", "true when any unit has a gap or a Start for Life gap (`--fail-on-gaps`)"),
    ("units[]", "one per authority or hub, sorted by authority then id"),
    ("units[].kind", "`authority` or `hub`"),
    ("units[].id", "the authority's or hub's id"),
    ("units[].name", "its name"),
    ("units[].authority", "the authority's id (for a hub, the authority it belongs to)"),
    ("units[].profile", "the requirement profile it is held to (`taxonomy`: the required flags)"),
    ("units[].activity_count", "activities counted for this unit"),
    ("units[].summary.required", "number of required areas (after the policy)"),
    ("units[].summary.covered", "number of required areas covered"),
    ("units[].summary.gaps", "number of required areas not met"),
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
    ("units[].areas[].required", "required here after the profile, policy and waivers"),
    ("units[].areas[].status", "`covered`, `gap`, `waived` or `optional` (not required, not met)"),
    (
        "units[].areas[].covered",
        "true when met: an activity counts, by a mode and for the ages asked",
    ),
    ("units[].areas[].reason", "why not met (README: Why an area is not covered), or null"),
    ("units[].areas[].reason_text", "the reason in words, with the ages or what is missing"),
    ("units[].areas[].requirement", "null when no requirement names the area; else what it asks"),
    ("units[].areas[].requirement.level", "`minimum`, `expected` or `go-further`"),
    ("units[].areas[].requirement.scope", "`authority` or `every-hub`"),
    ("units[].areas[].requirement.modes[]", "the modes that satisfy it"),
    ("units[].areas[].requirement.ages", "the ages it must reach, or null: any"),
    ("units[].areas[].requirement.ages.min", "the youngest, in years"),
    ("units[].areas[].requirement.ages.max", "the oldest, in years"),
    ("units[].areas[].requirement.ages.antenatal", "true when pregnancy must be served"),
    ("units[].areas[].requirement.applies_from", "YYYY-MM-DD, or null"),
    ("units[].areas[].requirement.source", "the document it follows, or null"),
    ("units[].areas[].requirement.source.title", "its title"),
    ("units[].areas[].requirement.source.url", "its address"),
    ("units[].areas[].requirement.source.quote", "its own words, or null"),
    ("units[].areas[].requirement.illustrative", "true where it is hubctl's reading"),
    ("units[].areas[].waiver_reason", "the waiver's reason, or null"),
    ("units[].areas[].waiver_expires", "the waiver's last day, or null"),
    ("units[].areas[].expired_waiver", "a waiver past its expiry (not applied), or null"),
    ("units[].areas[].expired_waiver.reason", "its reason"),
    ("units[].areas[].expired_waiver.expires", "its last day, YYYY-MM-DD"),
    ("units[].areas[].activity_count", "number of activities counted for it"),
    ("units[].areas[].activity_ids[]", "their ids, sorted"),
    ("units[].areas[].sessions_per_week", "their sessions a week (over a period, on average)"),
    ("units[].areas[].sessions_in_period", "their sessions in the period; null on a date"),
    ("units[].areas[].modes[].mode", "`in-person`, `online`, `telephone`, always all three"),
    ("units[].areas[].modes[].activity_ids[]", "activities counted in it (any ages)"),
    ("units[].areas[].modes[].sessions", "their sessions: a week on a date, in all over a period"),
    ("units[].areas[].ages.antenatal", "true when a counted activity serves pregnancy"),
    ("units[].areas[].ages.spans[]", "the ages counted activities reach, merged where they touch"),
    ("units[].areas[].ages.spans[].min", "the youngest, in years"),
    ("units[].areas[].ages.spans[].max", "the oldest, in years (inclusive, as in listings)"),
    ("units[].areas[].ages.label", "`antenatal, 0–5, 12–19`"),
    ("units[].areas[].stale_ids[]", "counted activities past their review date"),
    ("units[].areas[].not_counted[]", "activities carrying the area here that do not count"),
    ("units[].areas[].not_counted[].activity", "the activity's id"),
    ("units[].areas[].not_counted[].reason", "why, one of the reasons above"),
    ("units[].areas[].hubs_met[]", "a requirement of every hub, per authority: hubs meeting it"),
    ("units[].areas[].hubs_missing[]", "and the open hubs not meeting it (not waived)"),
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
    "level",
    "scope",
    "reason",
    "in_person_activities",
    "in_person_sessions",
    "online_activities",
    "online_sessions",
    "telephone_activities",
    "telephone_sessions",
    "ages",
    "stale_ids",
    "hubs_missing",
    "period_first",
    "period_last",
    "profile",
    "waiver_expires",
    "expired_waiver_expires",
)


def coverage_document(report: CoverageReport) -> dict[str, Any]:
    """The coverage report as plain JSON values, keys in a fixed order."""
    return {
        "coverage_version": COVERAGE_JSON_VERSION,
        "on": report.on.isoformat(),
        "period": (
            {
                "first": report.period.first.isoformat(),
                "last": report.period.last.isoformat(),
                "name": report.period.name,
            }
            if report.period
            else None
        ),
        "exclude_stale": report.exclude_stale,
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
        "profile": unit.profile,
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
    expired = area.expired_waiver
    return {
        "id": area.area.id,
        "label": area.area.label,
        "tier": area.area.tier,
        "required": area.required,
        "status": area.status,
        "covered": area.covered,
        "reason": _why_not(area),
        "reason_text": area.reason_text() if _why_not(area) else "",
        "requirement": _requirement_document(area.requirement),
        "waiver_reason": area.waiver_reason,
        "waiver_expires": area.waiver_expires.isoformat() if area.waiver_expires else None,
        "expired_waiver": (
            {"reason": expired.reason, "expires": expired.expires.isoformat()}
            if expired and expired.expires
            else None
        ),
        "activity_count": len(area.activity_ids),
        "activity_ids": list(area.activity_ids),
        "sessions_per_week": area.sessions_per_week,
        "sessions_in_period": area.sessions_in_period,
        "modes": [
            {"mode": m.mode, "activity_ids": list(m.activity_ids), "sessions": m.sessions}
            for m in area.modes
        ],
        "ages": {**area.ages.as_document(), "label": area.ages.label()},
        "stale_ids": list(area.stale_ids),
        "not_counted": [{"activity": n.activity_id, "reason": n.reason} for n in area.not_counted],
        "hubs_met": list(area.hubs_met),
        "hubs_missing": list(area.hubs_missing),
    }


def _requirement_document(requirement: Requirement | None) -> dict[str, Any] | None:
    if requirement is None:
        return None
    return {
        "level": requirement.level,
        "scope": requirement.scope,
        "modes": list(requirement.modes),
        "ages": requirement.ages.model_dump(mode="json") if requirement.ages else None,
        "applies_from": (
            requirement.applies_from.isoformat() if requirement.applies_from else None
        ),
        "source": requirement.source.model_dump(mode="json") if requirement.source else None,
        "illustrative": requirement.illustrative,
    }


def reasons_markdown() -> str:
    """The README's table of the reasons an area is not met."""
    rows = [f"| `{reason}` | {words} |" for reason, words in REASONS]
    return "\n".join(["| reason | means |", "|---|---|", *rows]) + "\n"


def json_keys_markdown() -> str:
    """The README's table of the JSON document's keys."""
    rows = [f"| `{path}` | {meaning} |" for path, meaning in JSON_KEYS]
    return "\n".join(["| key | holds |", "|---|---|", *rows]) + "\n"


def render_json(report: CoverageReport, ascii_only: bool = False) -> str:
    """The coverage document, two-space indented, as UTF-8 text."""
    del ascii_only  # machine formats are always written as UTF-8 bytes
    return json.dumps(coverage_document(report), indent=2, ensure_ascii=False) + "\n"


def render_csv(report: CoverageReport, ascii_only: bool = False) -> str:
    """One row per unit and area; lists joined with `;`; text escaped by `escape_formula`.

    The columns after `sessions_per_week` came with coverage_version 2.0.0, appended so
    the earlier ones keep their places. Mode sessions are a week on a date, in all
    over a period."""
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
                    area.level or "",
                    area.requirement.scope if area.requirement else "",
                    _why_not(area) or "",
                    *(
                        cell
                        for mode in area.modes
                        for cell in (";".join(mode.activity_ids), f"{mode.sessions:g}")
                    ),
                    area.ages.label() if area.activity_ids else "",
                    ";".join(area.stale_ids),
                    ";".join(area.hubs_missing),
                    report.period.first.isoformat() if report.period else "",
                    report.period.last.isoformat() if report.period else "",
                    unit.profile,
                    area.waiver_expires.isoformat() if area.waiver_expires else "",
                    _expired_on(area),
                ]
            )
    return buffer.getvalue()


def _expired_on(area: AreaCoverage) -> str:
    expired = area.expired_waiver
    return expired.expires.isoformat() if expired and expired.expires else ""


def _why_not(area: AreaCoverage) -> str | None:
    """Why the area is not met, for a cell that is neither met nor waived (a waived area
    needs no reason: the waiver gives one)."""
    return None if area.covered or area.status == "waived" else area.reason


def _boolean(value: bool) -> str:
    return "true" if value else "false"
