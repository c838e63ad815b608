"""The expectations report (`coverage --expectations`) in each coverage format, from one
`AssuranceReport`."""

from __future__ import annotations

import csv
import io
import textwrap
from collections.abc import Callable
from html import escape

from hubctl.coverage_reports.text import markdown_text, terminal_text
from hubctl.expectations import AssuranceReport
from hubctl.feeds.assurance_feed import assurance_document, assurance_json
from hubctl.spreadsheet import escape_formula

_WORDS = {
    "met": "met",
    "partly": "partly",
    "not-met": "not met",
    "not-recorded": "not recorded",
    "waived": "waived",
    "not-applicable": "not yet required",
}


def render_assurance_json(report: AssuranceReport, ascii_only: bool = False) -> str:
    """The document assurance.json publishes (`hubctl.feeds.assurance_feed`), indented."""
    del ascii_only
    return assurance_json(assurance_document(report), indent=2)


CSV_COLUMNS = (
    "authority",
    "profile",
    "strand",
    "expectation",
    "title",
    "level",
    "status",
    "how",
    "detail",
    "evidence",
    "reviewed",
    "stale",
)


def render_assurance_csv(report: AssuranceReport, ascii_only: bool = False) -> str:
    """One row per authority and expectation; evidence as `title <url>`, `;`-joined."""
    del ascii_only
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for unit in report.units:
        for result in unit.results:
            expectation = result.expectation
            writer.writerow(
                [
                    unit.id,
                    unit.profile,
                    expectation.strand,
                    expectation.id,
                    escape_formula(expectation.title),
                    expectation.level,
                    result.status,
                    result.how,
                    escape_formula(result.detail),
                    escape_formula(";".join(f"{e.title} <{e.url}>" for e in result.evidence)),
                    result.reviewed.isoformat() if result.reviewed else "",
                    "true" if result.stale else "false",
                ]
            )
    return buffer.getvalue()


def render_assurance_table(report: AssuranceReport, ascii_only: bool = False) -> str:
    """Per authority: each strand's status, then each expectation with how it is known."""
    return _render_lines(report, terminal_text, ascii_only, markdown=False)


def render_assurance_markdown(report: AssuranceReport, ascii_only: bool = False) -> str:
    """As the table, in Markdown for a pull-request comment or a board paper."""
    return _render_lines(report, markdown_text, ascii_only, markdown=True)


def _render_lines(
    report: AssuranceReport, escape_text: Callable[[str], str], ascii_only: bool, markdown: bool
) -> str:
    heading = "## " if markdown else ""
    sub = "### " if markdown else ""
    bullet = "- " if markdown else "  "
    parts = [f"{heading}Expectations {report.judged}"]
    for unit in report.units:
        lines = [f"{sub}{unit.id}: {escape_text(unit.name)} (profile {unit.profile})", ""]
        lines += [
            f"{bullet}{s.strand}: {_WORDS[s.status]} ({s.met} of {s.total} met)"
            for s in unit.strands
        ]
        lines.append("")
        if not unit.results:
            lines.append(f"{bullet}profile {unit.profile} names no expectations")
        for result in unit.results:
            expectation = result.expectation
            flag = " (stale: reviewed over 12 months ago)" if result.stale else ""
            lines.append(
                f"{bullet}{_WORDS[result.status]}: {expectation.id} [{expectation.level}, "
                f"{result.how}]{flag}: {escape_text(result.detail)}"
                if result.detail
                else f"{bullet}{_WORDS[result.status]}: {expectation.id} [{expectation.level}, "
                f"{result.how}]{flag}"
            )
            for evidence in result.evidence:
                # A URL inside <...> is an autolink in Markdown, where escapes are not
                # undone; the model refuses < > and spaces in URLs, so it stays as it is.
                url = evidence.url if markdown else escape_text(evidence.url)
                lines.append(f"    evidence: {escape_text(evidence.title)} <{url}>")
        parts.append("\n".join(lines))
    if not markdown:  # a terminal: 80 columns, continuation lines indented
        parts = [
            "\n".join(
                wrapped
                for line in part.split("\n")
                for wrapped in (
                    textwrap.wrap(
                        line,
                        80,
                        subsequent_indent="      ",
                        break_long_words=False,
                        break_on_hyphens=False,
                    )
                    or [""]
                )
            )
            for part in parts
        ]
    text = "\n\n".join(parts) + "\n"
    return text.replace("–", "-") if ascii_only else text


def render_assurance_html(report: AssuranceReport, ascii_only: bool = False) -> str:
    """One self-contained page: a table of expectations per authority."""
    del ascii_only
    sections = []
    for unit in report.units:
        rows = "".join(
            f'<tr><th scope="row">{escape(r.expectation.title)}<br><code>'
            f"{escape(r.expectation.id)}</code></th><td>{escape(r.expectation.strand)}</td>"
            f"<td>{escape(r.expectation.level)}</td><td>{escape(_WORDS[r.status])}</td>"
            f"<td>{escape(r.how)}</td><td>{escape(r.detail)}"
            + "".join(f'<br><a href="{escape(e.url)}">{escape(e.title)}</a>' for e in r.evidence)
            + "</td></tr>"
            for r in unit.results
        )
        sections.append(
            f"<h2>{escape(unit.name)} ({escape(unit.id)})</h2>"
            f"<table><caption>Expectations of {escape(unit.id)} (profile "
            f'{escape(unit.profile)})</caption><thead><tr><th scope="col">Expectation</th>'
            '<th scope="col">Strand</th><th scope="col">Level</th><th scope="col">Status</th>'
            f'<th scope="col">How known</th><th scope="col">Detail and evidence</th></tr>'
            f"</thead><tbody>{rows}</tbody></table>"
        )
    title = f"Family Hub expectations {escape(report.judged)}"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n"
        + "\n".join(sections)
        + "\n</main>\n</body>\n</html>\n"
    )


ASSURANCE_RENDERERS: dict[str, Callable[[AssuranceReport, bool], str]] = {
    "table": render_assurance_table,
    "markdown": render_assurance_markdown,
    "json": render_assurance_json,
    "csv": render_assurance_csv,
    "html": render_assurance_html,
}
