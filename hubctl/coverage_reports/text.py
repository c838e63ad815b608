"""Coverage as a terminal table or as markdown for a pull-request comment."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable

from hubctl.diagnostics import escape_invisible
from hubctl.offer_coverage import AreaCoverage, CoverageReport, UnitCoverage

_LINE_BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
# Characters Markdown (GitHub's included) reads as syntax inside a line: links and
# images ([ ] !), emphasis (* _ ~), code (`), HTML and entities (< > &) and table
# cells (|). A bare https:// address may still be linked, as GitHub does for any text.
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_{}\[\]<>#!|~&])")


def terminal_text(text: str) -> str:
    """Listing text for a terminal table: one line, no escape sequences.

    Line breaks (a multi-line waiver reason) become spaces; other invisible
    characters are shown escaped (`\\x1b`), so no value can start a forged line
    (a GitHub `::workflow-command::`) or drive the terminal.
    """
    return escape_invisible(_LINE_BREAKS.sub(" ", text))


def markdown_text(text: str) -> str:
    """Listing text for Markdown: one line, every syntax character backslash-escaped.

    A name cannot become a link, an image, HTML or a new table cell in a
    pull-request comment.
    """
    return _MARKDOWN_SYNTAX.sub(r"\\\1", terminal_text(text))


def _number(value: float) -> str:
    return f"{value:g}"


def _plain(text: str, ascii_only: bool) -> str:
    return text.replace("–", "-").replace("—", "-") if ascii_only else text


def render_table(report: CoverageReport, ascii_only: bool = False) -> str:
    """One table per authority or hub, areas as rows, then one summary line per unit.

    Columns: the area, its level here (`no` when not required, `waived`), whether it
    is met, the activities counted in person, online and by telephone, and their
    sessions (a week on a date; in all over a period). Below each table: why each
    required or offered area is not covered, the ages each area reaches, stale
    listings, hubs missing a requirement of every hub, waivers. Fits an 80-column
    terminal with the shipped taxonomy. With `ascii_only`, ticks and crosses become
    yes/no and dashes become hyphens (for terminals that cannot show them).
    """
    tick, cross = ("yes", "no") if ascii_only else ("✓", "✗")
    sessions_header = "Sess/wk" if report.period is None else "Sessions"
    blocks = [f"Offer-area coverage by {report.by} {report.judged}" + _stale_note(report)]
    for unit in report.units:
        rows = [
            [
                area.area.id,
                level_word(area),
                (tick if area.covered else cross) + (" GAP" if area.status == "gap" else ""),
                *(str(len(mode.activity_ids) or "") for mode in area.modes),
                _number(_sessions(report, area)),
            ]
            for area in unit.areas
        ]
        table = _aligned(
            ["Area", "Level", "Met", "In person", "Online", "Phone", sessions_header],
            rows,
            right_from=3,
        )
        ages = "  ".join(
            f"{band.label} {tick if band.covered else cross}" for band in unit.age_bands
        )
        lines = [_heading(unit), "", table, "", f"Ages: {ages}"]
        for area in _explained(unit):
            lines += _wrapped(f"Why not: {area.area.id}: {area.reason_text()}")
        reach = [f"{a.area.id} {a.ages.label()}" for a in unit.areas if a.activity_ids]
        if reach:
            lines += _wrapped("Ages by area: " + "; ".join(reach))
        partly = [
            f"{a.area.id} {len(a.hubs_met)}/{len(a.hubs_met) + len(a.hubs_missing)}"
            for a in unit.areas
            if a.hubs_missing
        ]
        if partly:
            # Which hubs: --by hub, or the JSON's hubs_missing.
            lines += _wrapped("Not at every hub (hubs meeting it): " + "; ".join(partly))
        stale = sorted({i for a in unit.areas for i in a.stale_ids})
        if stale:
            lines += _wrapped("Stale (past review, still counted): " + ", ".join(stale))
        lines += [
            f"Waived: {a.area.id}{_waiver_where(a)}: {terminal_text(a.waiver_reason or '')}"
            for a in unit.waived
        ]
        lines += [
            f"Waiver expired: {a.area.id} on {a.expired_waiver.expires}, not applied"
            for a in unit.areas
            if a.expired_waiver and a.expired_waiver.expires
        ]
        lines += [f"Not counted: {note.reason()}" for note in unit.closed_venues]
        blocks.append(_plain("\n".join(lines), ascii_only))
    summary = [_plain(unit.summary_line(), ascii_only) for unit in report.units]
    return "\n\n".join([*blocks, "\n".join(summary)]) + "\n"


def render_markdown(report: CoverageReport, ascii_only: bool = False) -> str:
    """Markdown for a pull-request comment: a heading and a table per unit, then a summary."""
    tick, cross = ("yes", "no") if ascii_only else ("✅", "❌")
    sessions_header = "Sessions/wk" if report.period is None else "Sessions"
    parts = [f"## Offer-area coverage by {report.by} {report.judged}" + _stale_note(report)]
    for unit in report.units:
        explained = _explained(unit)
        rows = [
            [
                f"{markdown_text(area.area.label)} (`{area.area.id}`)",
                level_word(area),
                _markdown_covered(area, tick, cross),
                *(_mode_cell(report, mode.activity_ids, mode.sessions) for mode in area.modes),
                area.ages.label() if area.activity_ids else "—",
                ", ".join(f"`{i}`" for i in area.activity_ids) or "—",
                _number(_sessions(report, area)),
                markdown_text(area.reason_text()) if area in explained else "",
            ]
            for area in unit.areas
        ]
        table = _markdown_table(
            [
                "Area",
                "Level",
                "Covered",
                "In person",
                "Online",
                "Telephone",
                "Ages",
                "Activities",
                sessions_header,
                "Why not",
            ],
            rows,
            right={8},
        )
        ages = ", ".join(
            f"{band.label} {tick if band.covered else cross}" for band in unit.age_bands
        )
        lines = [
            f"### {_heading(unit, markdown_text)}",
            "",
            f"Requirement profile: `{unit.profile}`",
            "",
            table,
            "",
            f"**Ages:** {ages}",
        ]
        every_hub = [a for a in unit.areas if a.hubs_missing]
        if every_hub:
            lines += ["", "**Required at every hub, missing at some:**", ""]
            lines += [
                f"- `{a.area.id}`: met at {len(a.hubs_met)} of "
                f"{len(a.hubs_met) + len(a.hubs_missing)}; missing at "
                + ", ".join(f"`{h}`" for h in a.hubs_missing)
                for a in every_hub
            ]
        stale = sorted({i for a in unit.areas for i in a.stale_ids})
        if stale:
            lines += [
                "",
                "**Stale (past review, still counted):** " + ", ".join(f"`{i}`" for i in stale),
            ]
        if unit.waived:
            lines += ["", "**Waived:**", ""]
            lines += [
                f"- `{a.area.id}`{_waiver_where(a)}: {markdown_text(a.waiver_reason or '')}"
                for a in unit.waived
            ]
        expired = [a for a in unit.areas if a.expired_waiver and a.expired_waiver.expires]
        if expired:
            lines += ["", "**Waivers expired (not applied):**", ""]
            lines += [f"- `{a.area.id}` on {a.expired_waiver.expires}" for a in expired]  # type: ignore[union-attr]
        if unit.closed_venues:
            lines += ["", "**Not counted at closed sites:**", ""]
            lines += [f"- {note.reason()}" for note in unit.closed_venues]
        parts.append("\n".join(lines))
    # Summary lines are made of ids (slugs), counts and fixed words only.
    parts.append("\n".join(f"- {unit.summary_line()}" for unit in report.units))
    return _plain("\n\n".join(parts), ascii_only) + "\n"


def _aligned(headers: list[str], rows: list[list[str]], right_from: int) -> str:
    """A plain table as tabulate's `simple` format draws it, but with columns only as
    wide as their widest cell (tabulate pads headers by two), so it fits 80 columns."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            str(cell).rjust(width) if index >= right_from else str(cell).ljust(width)
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


def _wrapped(line: str) -> list[str]:
    # Ids never break: a line is cut only at spaces, continued with an indent.
    return textwrap.wrap(
        line, 80, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False
    )


def level_word(area: AreaCoverage) -> str:
    """What is asked of the area here: its level, `waived`, or `no` (no requirement). A
    go-further aim is never a gap; a requirement of the whole authority, seen at a hub,
    shows its level in brackets: it is judged across the authority, not at the hub."""
    if area.status == "waived":
        return "waived"
    if area.required or area.level in (None, "go-further"):
        return area.level or "no"
    return f"({area.level})"


def _sessions(report: CoverageReport, area: AreaCoverage) -> float:
    if report.period is None or area.sessions_in_period is None:
        return area.sessions_per_week
    return area.sessions_in_period


def _mode_cell(report: CoverageReport, activity_ids: tuple[str, ...], sessions: float) -> str:
    if not activity_ids:
        return "—"
    unit = "/wk" if report.period is None else ""
    return f"{len(activity_ids)} ({_number(sessions)}{unit})"


def _explained(unit: UnitCoverage) -> list[AreaCoverage]:
    """Areas to explain: required or carried here, and not covered."""
    return [
        a
        for a in unit.areas
        if not a.covered and a.status != "waived" and (a.required or a.reason != "none")
    ]


def _waiver_where(area: AreaCoverage) -> str:
    return f" (until {area.waiver_expires.isoformat()})" if area.waiver_expires else ""


def _stale_note(report: CoverageReport) -> str:
    return "; stale listings not counted" if report.exclude_stale else ""


def _markdown_table(headers: list[str], rows: list[list[str]], right: set[int]) -> str:
    # Unpadded pipes: a long activity list in one row must not widen every other row.
    rule = "".join("---:|" if index in right else "---|" for index in range(len(headers)))
    lines = ["| " + " | ".join(headers) + " |", "|" + rule]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _heading(unit: UnitCoverage, escape: Callable[[str], str] = terminal_text) -> str:
    where = "" if unit.kind == "authority" else f" ({escape(unit.authority)})"
    return f"{unit.id}: {escape(unit.name)}{where}"


def _markdown_covered(area: AreaCoverage, tick: str, cross: str) -> str:
    if area.status == "gap":
        return f"{cross} **gap**"
    # An uncovered area that is not required is no alarm: a dash, not a cross.
    return tick if area.covered else "—"
