"""Each shortcut the feed writers take for speed gives exactly what the careful way gives.

Publishing must not change one byte for being faster (issue 11), so every fast path is
checked here against the careful code it skips: written out again in this file as it
was before the shortcut, or, for JSON, the standard encoder itself.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from conftest import TRAPS
from hypothesis import given
from hypothesis import strategies as st
from icalendar.parser.string import _foldline

from hubctl.feeds.csv_columns import csv_tables
from hubctl.feeds.csv_spec import LIST_SEPARATOR, CellValue, Column
from hubctl.feeds.csv_writer import cell_writer
from hubctl.feeds.ics_lines import fold, ics_date, ics_text, local_time_line
from hubctl.feeds.json_stream import EncodedObject, compact_text, encoded_object, object_text
from hubctl.feeds.oruk import SharedObjects, build_service
from hubctl.field_types import number_as_typed
from hubctl.listings import Listings
from hubctl.spreadsheet import _SKIPPED_BEFORE_FORMULA, FORMULA_TRIGGERS, is_formula_like
from hubctl.taxonomy import load_taxonomy
from hubctl.validation import validate

ON = date(2026, 11, 23)

# --- spreadsheets: a cell's first character -------------------------------------------------


def careful_is_formula_like(text: str) -> bool:
    """is_formula_like without its first-character shortcut."""
    if text.startswith(("\t", "\r", "\n", "'")):
        return True
    rest = text.lstrip(_SKIPPED_BEFORE_FORMULA)
    return bool(rest) and unicodedata.normalize("NFKC", rest[0]).startswith(FORMULA_TRIGGERS)


@given(st.text())
def test_the_formula_shortcut_agrees_with_the_careful_test(text: str) -> None:
    assert is_formula_like(text) == careful_is_formula_like(text)


@pytest.mark.parametrize("first", [chr(point) for point in range(0x80)])
def test_the_formula_shortcut_agrees_on_every_ascii_first_character(first: str) -> None:
    for rest in ("", "1+1", " =1", "\u00a0=1"):
        assert is_formula_like(first + rest) == careful_is_formula_like(first + rest)


# --- CSV cells: the column's type looked at once ----------------------------------------------


def careful_cell(column: Column, value: CellValue) -> str:
    """One cell as csv_writer wrote it, deciding on the column's type for each cell."""
    if value is None:
        return ""
    if column.type == "boolean":
        return "true" if value else "false"
    if column.type in ("number", "integer") and isinstance(value, (int, float)):
        return str(number_as_typed(value))
    if isinstance(value, date):
        return value.isoformat()
    text = LIST_SEPARATOR.join(value) if isinstance(value, list) else str(value)
    if column.type == "string" and not column.code:
        return "'" + text if careful_is_formula_like(text) else text
    return text


_CELL_VALUES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.dates()
    | st.text()
    | st.lists(st.text(), max_size=3)
)
_COLUMNS = [column for table in csv_tables(load_taxonomy()) for column in table.columns]


@given(st.sampled_from(_COLUMNS), _CELL_VALUES)
def test_a_cell_is_written_as_the_careful_writer_wrote_it(column: Column, value: Any) -> None:
    assert cell_writer(column)(value) == careful_cell(column, value)


# --- calendar lines -------------------------------------------------------------------------

_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def careful_ics_text(value: str) -> str:
    """ics_text without its nothing-to-escape shortcut."""
    text = _UNWANTED.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


@given(st.text() | st.text(alphabet="ab \\;,\r\n\t\x00\x1b\x7f\x85é"))
def test_calendar_text_is_escaped_as_the_careful_way_escapes_it(value: str) -> None:
    assert ics_text(value) == careful_ics_text(value)


@given(st.text(alphabet="ab\\^;, ", max_size=300))
def test_ascii_lines_fold_as_icalendar_folds_them(value: str) -> None:
    line = f"DESCRIPTION:{value}"
    assert fold(line) == _foldline(line)


@given(st.dates())
def test_a_calendar_date_is_written_as_strftime_writes_it(day: date) -> None:
    assert ics_date(day) == day.strftime("%Y%m%d")


def test_a_local_time_is_written_as_a_datetime_would_write_it() -> None:
    day = date(2027, 3, 28)  # a clock change: the local time is written as it is
    for minute in range(0, 24 * 60, 7):
        hhmm = f"{minute // 60:02d}:{minute % 60:02d}"
        moment = datetime.combine(day, time.fromisoformat(hhmm), tzinfo=ZoneInfo("Europe/London"))
        expected = f"DTSTART;TZID=Europe/London:{moment.strftime('%Y%m%dT%H%M%S')}\r\n"
        assert local_time_line("DTSTART", "Europe/London", ics_date(day), hhmm) == expected


# --- JSON written from known parts ------------------------------------------------------------


def standard_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def encoded_objects(value: Any) -> Iterator[EncodedObject]:
    """Every EncodedObject in `value`, at any depth."""
    if isinstance(value, EncodedObject):
        yield value
    if isinstance(value, dict):
        for member in value.values():
            yield from encoded_objects(member)
    elif isinstance(value, list):
        for item in value:
            yield from encoded_objects(item)


def services(listings: Listings) -> Iterator[EncodedObject]:
    shared = SharedObjects(load_taxonomy())
    for record in listings.activity_records:
        authority = listings.authority_by_id[record.authority_id]
        yield build_service(record.listing, authority, listings.site_by_id, load_taxonomy(), shared)


@pytest.mark.parametrize("root", [TRAPS, Path("listings")], ids=["traps", "shipped"])
def test_every_known_text_of_the_open_referral_view_is_its_standard_json(
    root: Path, repo_root: Path
) -> None:
    report = validate(repo_root / root, today=ON)
    assert report.ok
    kinds = set()
    for service in services(report.listings):
        assert service.text == standard_json(service)
        for known in encoded_objects(service):
            assert known.text == standard_json(known)
            kinds.add(tuple(known))
    # Terms, attributes, organizations, sites, links and virtual locations were all seen.
    assert len(kinds) >= 6


@given(
    st.dictionaries(
        st.text(max_size=3),
        st.integers()
        | st.text()
        | st.builds(encoded_object, st.dictionaries(st.text(max_size=3), st.text(), max_size=2))
        | st.lists(
            st.builds(encoded_object, st.dictionaries(st.text(max_size=3), st.integers()))
            | st.text(),
            max_size=3,
        ),
        max_size=5,
    )
)
def test_an_object_of_known_parts_is_its_standard_json(members: dict[str, Any]) -> None:
    assert object_text(members) == standard_json(members)
    assert compact_text(encoded_object(members)) == standard_json(members)
