"""`hubctl diff` formats: ListingDiff -> text, one function per `--format` value."""

from __future__ import annotations

from collections.abc import Callable

from hubctl.diff_reports.json_report import render_json
from hubctl.diff_reports.markdown import render_markdown
from hubctl.diff_reports.text import render_text
from hubctl.listing_diff import ListingDiff

DIFF_RENDERERS: dict[str, Callable[[ListingDiff], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}
# Formats for people (written in the terminal's encoding); json is always UTF-8 bytes.
HUMAN_DIFF_FORMATS = ("text", "markdown")
