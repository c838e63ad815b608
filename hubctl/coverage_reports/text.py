"""Coverage as a terminal table or as markdown for a pull-request comment."""

from __future__ import annotations

import re
from collections.abc import Callable

from tabulate import tabulate

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

    Fits an 80-column terminal with the shipped taxonomy. With `ascii_only`, ticks
    and crosses become yes/no and dashes become hyphens (for terminals that
    cannot show them).
    """
    tick, cross = ("yes", "no") if ascii_only else ("✓", "✗")
    blocks = [f"Offer-area coverage by {report.by} on {report.on.isoformat()}"]
    for unit in report.units:
        rows = [
            [
                area.area.id,
                "waived" if area.status == "waived" else ("yes" if area.required else "no"),
                (tick if area.covered else cross) + (" GAP" if area.status == "gap" else ""),
                len(area.activity_ids),
                _number(area.sessions_per_week),
            ]
            for area in unit.areas
        ]
        table = tabulate(
            rows,
            headers=["Area", "Required", "Covered", "Activities", "Sessions/wk"],
            colalign=("left", "left", "left", "right", "right"),
        )
        ages = "  ".join(
            f"{band.label} {tick if band.covered else cross}" for band in unit.age_bands
        )
        lines = [_heading(unit), "", table, "", f"Ages: {ages}"]
        lines += [
            f"Waived: {a.area.id}: {terminal_text(a.waiver_reason or '')}" for a in unit.waived
        ]
        lines += [f"Not counted: {note.reason()}" for note in unit.closed_venues]
        blocks.append(_plain("\n".join(lines), ascii_only))
    summary = [_plain(unit.summary_line(), ascii_only) for unit in report.units]
    return "\n\n".join([*blocks, "\n".join(summary)]) + "\n"


def render_markdown(report: CoverageReport, ascii_only: bool = False) -> str:
    """Markdown for a pull-request comment: a heading and a table per unit, then a summary."""
    tick, cross = ("yes", "no") if ascii_only else ("✅", "❌")
    parts = [f"## Offer-area coverage by {report.by} on {report.on.isoformat()}"]
    for unit in report.units:
        rows = [
            [
                f"{markdown_text(area.area.label)} (`{area.area.id}`)",
                _markdown_required(area),
                _markdown_covered(area, tick, cross),
                ", ".join(f"`{i}`" for i in area.activity_ids) or "—",
                _number(area.sessions_per_week),
            ]
            for area in unit.areas
        ]
        table = _markdown_table(["Area", "Required", "Covered", "Activities", "Sessions/wk"], rows)
        ages = ", ".join(
            f"{band.label} {tick if band.covered else cross}" for band in unit.age_bands
        )
        lines = [f"### {_heading(unit, markdown_text)}", "", table, "", f"**Ages:** {ages}"]
        if unit.waived:
            lines += ["", "**Waived:**", ""]
            lines += [
                f"- `{a.area.id}`: {markdown_text(a.waiver_reason or '')}" for a in unit.waived
            ]
        if unit.closed_venues:
            lines += ["", "**Not counted at closed sites:**", ""]
            lines += [f"- {note.reason()}" for note in unit.closed_venues]
        parts.append("\n".join(lines))
    # Summary lines are made of ids (slugs), counts and fixed words only.
    parts.append("\n".join(f"- {unit.summary_line()}" for unit in report.units))
    return _plain("\n\n".join(parts), ascii_only) + "\n"


def _markdown_table(headers: list[str], rows: list[list[str]]) -> str:
    # Unpadded pipes: a long activity list in one row must not widen every other row.
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * (len(headers) - 1) + "---:|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _heading(unit: UnitCoverage, escape: Callable[[str], str] = terminal_text) -> str:
    where = "" if unit.kind == "authority" else f" ({escape(unit.authority)})"
    return f"{unit.id}: {escape(unit.name)}{where}"


def _markdown_required(area: AreaCoverage) -> str:
    if area.status == "waived":
        return "waived"
    return "yes" if area.required else "no"


def _markdown_covered(area: AreaCoverage, tick: str, cross: str) -> str:
    if area.status == "gap":
        return f"{cross} **gap**"
    # An uncovered area that is not required is no alarm: a dash, not a cross.
    return tick if area.covered else "—"
