"""Coverage as one self-contained HTML page: a matrix of areas against authorities or hubs.

Colour only repeats what the words in each cell say, so the page reads the same
printed in black and white and through a screen reader (a real table with a
caption, column and row headers).
"""

from __future__ import annotations

from html import escape

from hubctl.coverage_reports.text import level_word
from hubctl.offer_coverage import AGE_BANDS, AreaCoverage, CoverageReport

MATRIX_STYLE = """
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
    title = f"Family Hub offer-area coverage by {by} {escape(report.judged)}"
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{title}</title>",
            f"<style>\n{MATRIX_STYLE}\n</style>",
            "</head>",
            "<body>",
            "<main>",
            f"<h1>{title}</h1>",
            render_matrix(report),
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def render_matrix(
    report: CoverageReport, heading: int = 2, id_prefix: str = "", caption_suffix: str = ""
) -> str:
    """The report's body as an HTML fragment, every text escaped: the profiles, the
    summary, the matrix of areas against units, the age bands, the waivers and the key.

    `render_html` and the published web directory's coverage page both show it, so the
    two cannot differ; `heading` is the level of its headings, `id_prefix` starts its
    element ids (a page holding several fragments keeps them unique) and
    `caption_suffix` ends each table's caption (which authority it is).
    """
    by = "hub" if report.by == "hub" else "authority"
    profiles = ", ".join(sorted({unit.profile for unit in report.units}))
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
        cells = "".join(_area_cell(unit.areas[index], report) for unit in report.units)
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
        f"{escape(a.waiver_reason or '')}"
        + (f" (until {a.waiver_expires.isoformat()})" if a.waiver_expires else "")
        + "</li>"
        for unit in report.units
        for a in unit.waived
    ]
    waivers += [
        f"<li><strong>{escape(unit.id)}</strong>: <code>{escape(a.area.id)}</code> waiver "
        f"expired on {a.expired_waiver.expires.isoformat()}, not applied</li>"
        for unit in report.units
        for a in unit.areas
        if a.expired_waiver is not None and a.expired_waiver.expires is not None
    ]
    summary = "".join(f"<li>{escape(unit.summary_line())}</li>" for unit in report.units)
    h = f"h{heading}"
    return "\n".join(
        [
            f"<p>Requirement profiles: {escape(profiles)}"
            + ("; stale listings not counted" if report.exclude_stale else "")
            + "</p>",
            f'<{h} id="{id_prefix}summary">Summary</{h}>',
            f"<ul>{summary}</ul>",
            f'<table aria-describedby="{id_prefix}legend">',
            f"<caption>Offer areas (rows) by {by} (columns){escape(caption_suffix)}</caption>",
            f'<thead><tr><th scope="col">Offer area</th>{headers}</tr></thead>',
            f"<tbody>{''.join(area_rows)}</tbody>",
            "</table>",
            "<table>",
            f"<caption>Age bands reached by running activities, by {by}"
            f"{escape(caption_suffix)}</caption>",
            f'<thead><tr><th scope="col">Age band</th>{headers}</tr></thead>',
            f"<tbody>{''.join(band_rows)}</tbody>",
            "</table>",
            f'<{h} id="{id_prefix}waivers">Waivers</{h}>',
            f"<ul>{''.join(waivers)}</ul>" if waivers else "<p>No area is waived.</p>",
            f'<p id="{id_prefix}legend">Each cell says <em>Covered</em> (required or optional), '
            "<em>Gap</em> (required and not met), <em>Waived</em> or <em>Not covered</em> (not "
            "required), then the requirement's level, the activities counted in person, "
            "online and by telephone with their sessions, the ages they reach and their "
            "ids, and for an area not met, why.</p>",
        ]
    )


_MODE_WORDS = {"in-person": "in person", "online": "online", "telephone": "by telephone"}


def _area_cell(area: AreaCoverage, report: CoverageReport) -> str:
    word = {
        "covered": "Covered",
        "gap": "Gap",
        "waived": "Waived",
        "optional": "Not covered",
    }[area.status]
    if area.status == "covered":
        word += " (required)" if area.required else " (optional)"
    lines = [word]
    if area.level:
        lines.append(f'<span class="tier">{escape(level_word(area))}</span>')
    unit = " a week" if report.period is None else " in the period"
    held = [
        f"{_MODE_WORDS[m.mode]}: {len(m.activity_ids)}, {m.sessions:g}{unit}"
        for m in area.modes
        if m.activity_ids
    ]
    if held:
        lines.append(escape("; ".join(held)))
    if area.activity_ids:
        lines.append(f"ages {escape(area.ages.label())}")
        ids = ", ".join(escape(i) for i in area.activity_ids)
        lines.append(f'<span class="tier">{ids}</span>')
    if not area.covered and area.status != "waived" and area.reason:
        lines.append(f"Why not: {escape(area.reason_text())}")
    if area.covered and area.hubs_missing:  # a requirement of every hub, met at some
        lines.append("Missing at " + escape(", ".join(area.hubs_missing)))
    if area.stale_ids:
        lines.append("Stale: " + escape(", ".join(area.stale_ids)))
    return f'<td class="{area.status}">{"<br>".join(lines)}</td>'


def _band_cell(activity_count: int, start_for_life_gap: bool) -> str:
    if activity_count:
        plural = "y" if activity_count == 1 else "ies"
        return f'<td class="covered">Reached<br>{activity_count} activit{plural}</td>'
    if start_for_life_gap:
        return '<td class="gap">Start for Life gap: not reached</td>'
    return '<td class="optional">Not reached</td>'
