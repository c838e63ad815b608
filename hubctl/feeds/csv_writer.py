"""The CSV writer: the tables specified in `csv_columns` as file bytes.

Cells are UTF-8 without a byte-order mark, RFC 4180 (comma, `"` quoting, CRLF row
ends), a header row, lists joined with `;`, booleans `true` / `false`, an empty
cell for an absent value, numbers as plain numbers (`1.5`, `-1.48`, `2` not
`2.0`) and dates as YYYY-MM-DD. A text cell that a spreadsheet would run as a
formula gets a leading `'` (see `hubctl.spreadsheet.escape_formula`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date

from hubctl.feeds import FeedFile
from hubctl.feeds.csv_columns import csv_tables
from hubctl.feeds.csv_spec import LIST_SEPARATOR, CellValue, Column, Table
from hubctl.listings import Listings
from hubctl.models import number_as_typed
from hubctl.spreadsheet import escape_formula
from hubctl.taxonomy import Taxonomy


def cell(column: Column, value: CellValue) -> str:
    """The CSV text of one value under `column`'s type (formula-escaped if it is text)."""
    if value is None:
        return ""
    if column.type == "boolean":
        return "true" if value else "false"
    if column.type in ("number", "integer") and isinstance(value, (int, float)):
        return str(number_as_typed(value))
    if isinstance(value, date):
        return value.isoformat()
    text = LIST_SEPARATOR.join(value) if isinstance(value, list) else str(value)
    return escape_formula(text) if column.type == "string" and not column.code else text


def render_table(table: Table, listings: Listings) -> FeedFile:
    """One table as CSV (UTF-8, CRLF row ends, minimal quoting); records = data rows.

    Written a batch of rows per chunk, so a national table is never held whole.
    """
    rows = table.rows(listings)

    def chunks() -> Iterator[bytes]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(table.header)
        for start in range(0, len(rows), _ROWS_PER_CHUNK):
            for row in rows[start : start + _ROWS_PER_CHUNK]:
                writer.writerow([cell(column, column.value(row)) for column in table.columns])
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
        if buffer.tell():  # a table with no rows: just the header
            yield buffer.getvalue().encode("utf-8")

    return FeedFile(table.path, chunks, len(rows))


# Rows per chunk: large enough that a chunk is worth a write, small enough to stay
# a few hundred KiB.
_ROWS_PER_CHUNK = 1000


def render_csv_tables(listings: Listings, taxonomy: Taxonomy) -> list[FeedFile]:
    """The five CSV files of the README's Published feeds for valid `listings`.

    Returns FeedFiles for csv/authorities.csv, csv/hubs.csv, csv/branches.csv,
    csv/activities.csv and csv/sessions.csv, in that order; pure and deterministic.
    """
    return [render_table(table, listings) for table in csv_tables(taxonomy)]
