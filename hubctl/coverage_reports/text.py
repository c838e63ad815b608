"""Coverage as a terminal table or as markdown for a pull-request comment."""

from __future__ import annotations

from tabulate import tabulate

from hubctl.coverage import AreaCoverage, CoverageReport, UnitCoverage


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
        lines += [f"Waived: {a.area.id}: {a.waiver_reason}" for a in unit.waived]
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
                f"{area.area.label} (`{area.area.id}`)",
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
        lines = [f"### {_heading(unit)}", "", table, "", f"**Ages:** {ages}"]
        if unit.waived:
            lines += ["", "**Waived:**", ""]
            lines += [f"- `{a.area.id}`: {a.waiver_reason}" for a in unit.waived]
        parts.append("\n".join(lines))
    parts.append("\n".join(f"- {unit.summary_line()}" for unit in report.units))
    return _plain("\n\n".join(parts), ascii_only) + "\n"


def _markdown_table(headers: list[str], rows: list[list[str]]) -> str:
    # Unpadded pipes: a long activity list in one row must not widen every other row.
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * (len(headers) - 1) + "---:|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _heading(unit: UnitCoverage) -> str:
    where = "" if unit.kind == "authority" else f" ({unit.authority})"
    return f"{unit.id}: {unit.name}{where}"


def _markdown_required(area: AreaCoverage) -> str:
    if area.status == "waived":
        return "waived"
    return "yes" if area.required else "no"


def _markdown_covered(area: AreaCoverage, tick: str, cross: str) -> str:
    if area.status == "gap":
        return f"{cross} **gap**"
    # An uncovered area that is not required is no alarm: a dash, not a cross.
    return tick if area.covered else "—"
