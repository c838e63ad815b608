"""The parts the CSV column specs are written with; the specs themselves are in `csv_columns`.

`Table` and `Column` say what a CSV file holds; `SourceRow` is what one row is made
from, and `listing_rows` / `session_rows` make those rows from the listings.
`field_column` and `rule_column` turn a model field into a `Column`, and the
pattern, choice and bound helpers read the constraints the field types declare, so the
Data Package checks what the models check.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, get_args

from pydantic import BaseModel

from hubctl.field_types import Email, HttpsUrl, Language, Phone, Slug
from hubctl.listings import Listings
from hubctl.models import WEEKDAYS, Accessibility, ScheduleRule
from hubctl.networks import closed_venue_ids, is_reachable

CellValue = str | int | float | bool | date | list[str] | None
ColumnType = Literal["string", "number", "integer", "boolean", "date", "time"]
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class SourceRow:
    """What one CSV row is made from: a listing, its authority, and for sessions one rule."""

    authority: str
    # Any, not Listing: each table's columns read the fields of their own kind.
    listing: Any
    rule: ScheduleRule | None = None
    position: int = 0
    # An activity's venues at sites that are not open (networks.closed_venue_ids): the
    # venues column leaves them out and the closed_venues column lists them.
    closed_venues: tuple[str, ...] = ()


@dataclass(frozen=True)
class Column:
    """One CSV column and its Table Schema field.

    `covers` names the model fields (dotted paths such as `address.line1`) whose
    values the column carries; a test checks that every model field is covered.
    `pattern` is a Table Schema pattern for the cell as written (escape included),
    implicitly anchored at both ends.
    """

    name: str
    type: ColumnType
    description: str
    value: Callable[[SourceRow], CellValue]
    covers: tuple[str, ...] = ()
    required: bool = False
    pattern: str | None = None
    # A code column holds values from a fixed vocabulary (`-1sat`), which can never be a
    # formula: it is written as it is, never formula-escaped (README: Published feeds).
    code: bool = False
    enum: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Table:
    """One CSV file: its resource name, the kind of listing its rows come from, its columns."""

    name: str
    kind: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[Listings], list[SourceRow]]
    primary_key: str
    # (column, referenced table, referenced column)
    foreign_keys: tuple[tuple[str, str, str], ...] = ()

    @property
    def path(self) -> str:
        """Where the file goes inside --out."""
        return f"csv/{self.name}.csv"

    @property
    def header(self) -> list[str]:
        """The column names, in file order."""
        return [column.name for column in self.columns]


def listing_rows(kind: str) -> Callable[[Listings], list[SourceRow]]:
    """The row source of a table with one row per listing of `kind`, sorted by id."""

    def rows(listings: Listings) -> list[SourceRow]:
        return [SourceRow(r.authority_id, r.listing) for r in listings.records_of(kind)]

    return rows


def activity_rows(listings: Listings) -> list[SourceRow]:
    """One row per activity, sorted by id, each with the ids of its venues at closed sites."""
    sites = listings.site_by_id
    return [
        SourceRow(
            r.authority_id, r.listing, closed_venues=tuple(closed_venue_ids(r.listing, sites))
        )
        for r in listings.activity_records
    ]


def session_rows(listings: Listings) -> list[SourceRow]:
    """One row per schedule rule, by activity id then rule position (1-based, as in the file).

    A session happens at its activity's open venues, online or by telephone, so an
    activity that can be attended nowhere (every venue closed: networks.is_reachable)
    has no rows: none would place a session at a closed site.
    """
    rows: list[SourceRow] = []
    sites = listings.site_by_id
    for record in listings.activity_records:
        schedule = record.listing.schedule
        if isinstance(schedule, list) and is_reachable(record.listing, sites):
            rows.extend(
                SourceRow(record.authority_id, record.listing, rule, position)
                for position, rule in enumerate(schedule, start=1)
            )
    return rows


def field_column(
    name: str, path: str, description: str, kind: ColumnType = "string", **rest: Any
) -> Column:
    """A column carrying the model field at dotted `path` (None when a part is absent)."""
    names = path.split(".")

    def value(row: SourceRow) -> CellValue:
        found: CellValue | BaseModel = row.listing
        for part in names:
            # cost is "free" or a Cost: a part of a plain value is absent, not an error.
            found = getattr(found, part) if isinstance(found, BaseModel) else None
        assert not isinstance(found, BaseModel), f"{path} is not a leaf field"
        return found

    def top_value(row: SourceRow) -> CellValue:
        # A field of the listing itself (most columns): one step, and a row's listing is
        # always a model.
        found: CellValue | BaseModel = getattr(row.listing, path)
        assert not isinstance(found, BaseModel), f"{path} is not a leaf field"
        return found

    chosen = top_value if len(names) == 1 else value
    return Column(name, kind, description, chosen, covers=(path,), **rest)


def rule_column(name: str, description: str, kind: ColumnType = "string", **rest: Any) -> Column:
    """A sessions.csv column carrying one field of a schedule rule."""

    def value(row: SourceRow) -> CellValue:
        found: CellValue = getattr(row.rule, name)
        return found

    return Column(name, kind, description, value, covers=(f"schedule.{name}",), **rest)


def model_pattern(annotated: Any) -> str:
    """The regex a field type declares in its JSON Schema, unanchored, as one group."""
    for metadata in get_args(annotated)[1:]:
        schema = getattr(metadata, "json_schema", None)
        if isinstance(schema, dict) and "pattern" in schema:
            return "(" + str(schema["pattern"]).removeprefix("^").removesuffix("$") + ")"
    raise ValueError(f"{annotated} declares no pattern")


def list_of(item: str) -> str:
    """A pattern for `item` patterns joined with the list separator."""
    return f"{item}({LIST_SEPARATOR}{item})*"


def one_of(values: tuple[str, ...]) -> str:
    """A pattern matching exactly one of `values`, as one group."""
    # Outside a character class a hyphen needs no escape; keep the ids readable.
    return "(" + "|".join(re.escape(value).replace("\\-", "-") for value in values) + ")"


def choices(annotation: Any) -> tuple[str, ...]:
    """The values of a `Literal[...]` annotation, in declared order."""
    return tuple(str(value) for value in get_args(annotation))


def choices_of(model: type[BaseModel], field: str) -> tuple[str, ...]:
    """The values of a model field declared as a `Literal[...]`, in declared order."""
    return choices(model.model_fields[field].annotation)


def bounds(model: type[BaseModel], field: str) -> dict[str, Any]:
    """The ge/le bounds pydantic holds for a numeric model field, as minimum/maximum."""
    metadata = model.model_fields[field].metadata
    return {
        key: next((getattr(m, bound) for m in metadata if hasattr(m, bound)), None)
        for key, bound in (("minimum", "ge"), ("maximum", "le"))
    }


ESCAPED = "'?"  # a cell that may be formula-escaped starts with an optional '
SLUG = model_pattern(Slug)
URL = model_pattern(HttpsUrl)
EMAIL = ESCAPED + model_pattern(Email)
PHONE = ESCAPED + model_pattern(Phone)
LANGUAGES = list_of(model_pattern(Language))
ACCESSIBILITY = list_of(one_of(choices(Accessibility)))
BYDAY = list_of(f"(-?[1-5])?{one_of(WEEKDAYS)}")
POSTCODE = "[A-Z0-9]{2,4} [0-9][A-Z]{2}"  # as field_types.Postcode normalises it
