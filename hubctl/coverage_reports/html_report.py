"""Coverage as one self-contained HTML page: a matrix of areas against authorities or hubs.

Colour only repeats what the words in each cell say, so the page reads the same
printed in black and white and through a screen reader (a real table with a
caption, column and row headers).
"""

from __future__ import annotations

from html import escape

from hubctl.offer_coverage import AGE_BANDS, AreaCoverage, CoverageReport

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #0b0c0c; }
table { border-collapse: collapse; margin-bottom: 1.5rem; }
caption { text-align: left; font-weight: bold; font-size: 1.2rem; padding-bottom: .5rem; }
th, td { border: 1px solid #505a5f; padding: .3rem .5rem; vertical-align: top; }
thead th { background: #f3f2f1; }
tbody th { text-align: left; font-weight: normal; }
.covered { background: #cce2d8; color: #005a30; }
.gap { background: #f6d7d2; color: #942514; font-weight: bold; }
.waived { background: #fff7bf; color: #594d00; }
.optional { background: #ffffff; color: #505a5f; }
.tier { color: #505a5f; font-size: .85rem; }
@media print {
  body { margin: 0; }
  td, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
""".strip()


def render_html(report: CoverageReport, ascii_only: bool = False) -> str:
    """A complete HTML5 document (inline CSS, no scripts, no external files)."""
    del ascii_only  # written as UTF-8 bytes with a charset declaration
    by = "hub" if report.by == "hub" else "authority"
    on = report.on.isoformat()
    headers = "".join(
        f'<th scope="col">{escape(unit.name)}<br><code>{escape(unit.id)}</code>'
        + (f"<br>({escape(unit.authority)})" if unit.kind == "hub" else "")
        + "</th>"
        for unit in report.units
    )
    area_ids = [area.area.id for area in report.units[0].areas] if report.units else []
    area_rows = []
    for index, area_id in enumerate(area_ids):
        area = report.units[0].areas[index].area
        cells = "".join(_area_cell(unit.areas[index]) for unit in report.units)
        area_rows.append(
            f'<tr><th scope="row">{escape(area.label)}<br>'
            f'<span class="tier">{escape(area_id)} · {escape(area.tier)}</span></th>{cells}</tr>'
        )
    band_rows = []
    for index, (band, label, _, _) in enumerate(AGE_BANDS):
        cells = "".join(
            _band_cell(unit.age_bands[index].activity_count, band in unit.start_for_life_gaps)
            for unit in report.units
        )
        band_rows.append(
            f'<tr><th scope="row">{escape(label)}<br>'
            f'<span class="tier">{escape(band)}</span></th>{cells}</tr>'
        )
    waivers = [
        f"<li><strong>{escape(unit.id)}</strong>: <code>{escape(a.area.id)}</code> waived: "
        f"{escape(a.waiver_reason or '')}</li>"
        for unit in report.units
        for a in unit.waived
    ]
    summary = "".join(f"<li>{escape(unit.summary_line())}</li>" for unit in report.units)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>Family Hub offer-area coverage by {by} on {on}</title>",
            f"<style>\n{_STYLE}\n</style>",
            "</head>",
            "<body>",
            "<main>",
            f"<h1>Family Hub offer-area coverage by {by} on {on}</h1>",
            '<h2 id="summary">Summary</h2>',
            f"<ul>{summary}</ul>",
            '<table aria-describedby="legend">',
            f"<caption>Offer areas (rows) by {by} (columns)</caption>",
            f'<thead><tr><th scope="col">Offer area</th>{headers}</tr></thead>',
            f"<tbody>{''.join(area_rows)}</tbody>",
            "</table>",
            "<table>",
            f"<caption>Age bands reached by running activities, by {by}</caption>",
            f'<thead><tr><th scope="col">Age band</th>{headers}</tr></thead>',
            f"<tbody>{''.join(band_rows)}</tbody>",
            "</table>",
            '<h2 id="waivers">Waivers</h2>',
            f"<ul>{''.join(waivers)}</ul>" if waivers else "<p>No area is waived.</p>",
            '<p id="legend">Each cell says <em>Covered</em> (required or optional), <em>Gap</em> '
            "(required and not covered), <em>Waived</em> or <em>Not covered</em> (not "
            "required), with the number of running activities, their sessions a week and "
            "their ids.</p>",
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _area_cell(area: AreaCoverage) -> str:
    word = {
        "covered": "Covered",
        "gap": "Gap",
        "waived": "Waived",
        "optional": "Not covered",
    }[area.status]
    if area.status == "covered":
        word += " (required)" if area.required else " (optional)"
    detail = ""
    if area.covered:
        count = len(area.activity_ids)
        ids = ", ".join(escape(i) for i in area.activity_ids)
        detail = (
            f"<br>{count} activit{'y' if count == 1 else 'ies'}, "
            f'{area.sessions_per_week:g} a week<br><span class="tier">{ids}</span>'
        )
    return f'<td class="{area.status}">{word}{detail}</td>'


def _band_cell(activity_count: int, start_for_life_gap: bool) -> str:
    if activity_count:
        plural = "y" if activity_count == 1 else "ies"
        return f'<td class="covered">Reached<br>{activity_count} activit{plural}</td>'
    if start_for_life_gap:
        return '<td class="gap">Start for Life gap: not reached</td>'
    return '<td class="optional">Not reached</td>'
