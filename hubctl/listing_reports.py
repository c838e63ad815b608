"""`hubctl list` output: a ListingTable as a terminal table, JSON or CSV (pure functions)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

from tabulate import tabulate

from hubctl.coverage_reports.text import terminal_text
from hubctl.listing_query import Cell, ListingTable
from hubctl.spreadsheet import escape_formula

# Bumped like coverage_version: a removed or renamed key or column is a major version.
LIST_JSON_VERSION = "1.0.0"


def _text(cell: Cell, separator: str) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, list):
        return separator.join(cell)
    return str(cell)


def render_table(table: ListingTable) -> str:
    """One row per listing for a terminal; lists joined with ', ', text escaped."""
    if not table.rows:
        return ""
    rows = [[terminal_text(_text(cell, ", ")) for cell in row] for row in table.rows]
    return tabulate(rows, headers=list(table.columns), disable_numparse=True) + "\n"


def render_json(table: ListingTable) -> str:
    """`{"list_version", "kind", "on", "items": [{column: value}]}`, values as typed."""
    document = {
        "list_version": LIST_JSON_VERSION,
        "kind": table.kind,
        "on": table.on.isoformat(),
        "items": [dict(zip(table.columns, row, strict=True)) for row in table.rows],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_csv(table: ListingTable) -> str:
    """A header and one row per listing; lists joined with ';'; formula-like text escaped."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(
            [
                escape_formula(_text(cell, ";")) if isinstance(cell, str) else _text(cell, ";")
                for cell in row
            ]
        )
    return buffer.getvalue()


LIST_RENDERERS: dict[str, Callable[[ListingTable], str]] = {
    "table": render_table,
    "json": render_json,
    "csv": render_csv,
}
# Formats for people (the CLI encodes them for the terminal); the others are UTF-8 bytes.
HUMAN_LIST_FORMATS = ("table",)
