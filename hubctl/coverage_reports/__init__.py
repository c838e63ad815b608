"""Coverage report formats: CoverageReport -> text, one function per `--format` value."""

from __future__ import annotations

from collections.abc import Callable

from hubctl.coverage_reports.data import render_csv, render_json
from hubctl.coverage_reports.html_report import render_html
from hubctl.coverage_reports.text import render_markdown, render_table
from hubctl.offer_coverage import CoverageReport

# Each takes the report and whether the output must be plain ASCII (a terminal
# that cannot show ticks); machine formats ignore it and are written as UTF-8.
COVERAGE_RENDERERS: dict[str, Callable[[CoverageReport, bool], str]] = {
    "table": render_table,
    "markdown": render_markdown,
    "json": render_json,
    "csv": render_csv,
    "html": render_html,
}
# Formats for people; the others are always written to stdout as UTF-8 bytes.
HUMAN_FORMATS = ("table", "markdown")
