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
from collections.abc import Callable, Iterator
from datetime import date

from hubctl.feeds import FeedFile
from hubctl.feeds.csv_columns import csv_tables
from hubctl.feeds.csv_spec import LIST_SEPARATOR, CellValue, Column, Table
from hubctl.field_types import number_as_typed
from hubctl.listings import Listings
from hubctl.spreadsheet import NEVER_FORMULA_FIRST, escape_formula
from hubctl.taxonomy import Taxonomy


def cell_writer(column: Column) -> Callable[[CellValue], str]:
    """How a value is written under `column`'s type: the CSV text of one cell.

    None is an empty cell, a boolean `true` / `false`, a number its plain form, a date
    YYYY-MM-DD and a list its items joined with `;`; text is formula-escaped unless
    the column holds codes. The column's type is looked at once, not once per cell.
    """
    if column.type == "boolean":
        return _boolean_cell
    if column.type in ("number", "integer"):
        return _number_cell
    if column.type == "string" and not column.code:
        return _text_cell
    return _plain_cell


def _boolean_cell(value: CellValue) -> str:
    if value is None:
        return ""
    return "true" if value else "false"


def _number_cell(value: CellValue) -> str:
    if isinstance(value, (int, float)):
        return str(number_as_typed(value))
    return _plain_cell(value)


def _text_cell(value: CellValue) -> str:
    if isinstance(value, str):  # the common case first
        # Most text starts with a letter or a digit: escape_formula's own first test,
        # made here, saves two calls for each of a national table's million cells.
        return value if value[:1] in NEVER_FORMULA_FIRST else escape_formula(value)
    if value is None or isinstance(value, date):
        return _plain_cell(value)
    return escape_formula(_plain_cell(value))


def _plain_cell(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return LIST_SEPARATOR.join(value) if isinstance(value, list) else str(value)


def render_table(table: Table, listings: Listings) -> FeedFile:
    """One table as CSV (UTF-8, CRLF row ends, minimal quoting); records = data rows.

    Written a batch of rows per chunk, so a national table is never held whole.
    """
    rows = table.rows(listings)
    cells = [(column.value, cell_writer(column)) for column in table.columns]

    def chunks() -> Iterator[bytes]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(table.header)
        for start in range(0, len(rows), _ROWS_PER_CHUNK):
            for row in rows[start : start + _ROWS_PER_CHUNK]:
                writer.writerow([write(value(row)) for value, write in cells])
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
