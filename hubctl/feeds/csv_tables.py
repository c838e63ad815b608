"""The five CSV tables of SPEC §6, each column defined once.

A `Table` lists its `Column`s: name, Table Schema type, description, constraints,
the model fields it carries and how to get its value. `render_csv_tables` writes
the CSV files from these specs and `datapackage` describes them from the same
specs, so the files and their Data Package cannot drift apart.

Cells follow SPEC §6: UTF-8 without a byte-order mark, RFC 4180 (comma, `"`
quoting, CRLF row ends), a header row, lists joined with `;`, booleans `true` /
`false`, an empty cell for an absent value, numbers as plain numbers (`1.5`,
`-1.48`, `2` not `2.0`) and dates as YYYY-MM-DD. A text cell that a spreadsheet
would run as a formula gets a leading `'` (see `escape_formula`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, get_args

from pydantic import BaseModel

from hubctl.feeds import FeedFile
from hubctl.listings import Listings
from hubctl.models import (
    WEEKDAYS,
    Accessibility,
    Activity,
    AgeRange,
    Audience,
    Branch,
    Cost,
    Email,
    HttpsUrl,
    Hub,
    Language,
    Location,
    OnsCode,
    Phone,
    ScheduleRule,
    Site,
    Slug,
)
from hubctl.taxonomy import Taxonomy

CellValue = str | int | float | bool | date | list[str] | None
ColumnType = Literal["string", "number", "integer", "boolean", "date", "time"]

# Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Text that really starts with ' is escaped too, so that dropping the first ' of any
# text cell starting with ' gives the value back exactly (and spreadsheets, which
# hide a leading ', show the value as it is).
ESCAPED_STARTS = (*FORMULA_TRIGGERS, "'")
FORMULA_RULE = (
    "A text cell that would start with =, +, -, @, a tab or a carriage return is written "
    "with a leading ' so that spreadsheets do not run it as a formula (a phone number "
    "typed as +44 ... appears as '+44 ...); text that starts with ' gets one more. To get "
    "the value, drop the first ' of a text cell that starts with '. Number, date, time "
    "and boolean cells are never changed (a negative longitude is -1.48)."
)
LIST_SEPARATOR = ";"
RULE_SEPARATOR = ";"
# What `rule_text` writes of a schedule rule: every ScheduleRule field (freq is
# shown by the form of the days: plain days weekly, numbered days monthly, a date once).
RULE_TEXT_FIELDS = (
    "freq",
    "byday",
    "date",
    "opens_at",
    "closes_at",
    "term_time_only",
    "valid_from",
    "valid_to",
    "note",
)


@dataclass(frozen=True)
class SourceRow:
    """What one CSV row is made from: a listing, its authority, and for sessions one rule."""

    authority: str
    # Any, not Listing: each table's columns read the fields of their own kind.
    listing: Any
    rule: ScheduleRule | None = None
    position: int = 0


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


def escape_formula(text: str) -> str:
    """`text` with a leading `'` when a spreadsheet would run it as a formula.

    Text already starting with `'` gets one too, so the escape can always be undone
    by dropping the first `'`.
    """
    return "'" + text if text.startswith(ESCAPED_STARTS) else text


def format_number(number: float) -> str:
    """A number as plain text: whole numbers without `.0`, others in shortest round-trip form."""
    if isinstance(number, float) and number.is_integer():
        return str(int(number))
    return repr(number)


def rule_text(rule: ScheduleRule) -> str:
    """One schedule rule as compact text, e.g. `1tue,-1fri 10:00-12:00 term-time only (note)`.

    The text is `<days or date> <opens>-<closes>`, then, when set, `term-time only`,
    `from <date>`, `to <date>` and the note in parentheses.
    """
    when = rule.date.isoformat() if rule.date is not None else ",".join(rule.byday or [])
    parts = [f"{when} {rule.opens_at}-{rule.closes_at}"]
    if rule.term_time_only:
        parts.append("term-time only")
    if rule.valid_from is not None:
        parts.append(f"from {rule.valid_from.isoformat()}")
    if rule.valid_to is not None:
        parts.append(f"to {rule.valid_to.isoformat()}")
    if rule.note is not None:
        parts.append(f"({rule.note})")
    return " ".join(parts)


def rules_text(rules: list[Any] | None) -> str | None:
    """Schedule rules as `rule_text`s joined with `;`, or None when there are none."""
    return RULE_SEPARATOR.join(rule_text(rule) for rule in rules) if rules else None


def cell(column: Column, value: CellValue) -> str:
    """The CSV text of one value under `column`'s type (formula-escaped if it is text)."""
    if value is None:
        return ""
    if column.type == "boolean":
        return "true" if value else "false"
    if column.type in ("number", "integer") and isinstance(value, (int, float)):
        return format_number(value)
    if isinstance(value, date):
        return value.isoformat()
    text = LIST_SEPARATOR.join(value) if isinstance(value, list) else str(value)
    return escape_formula(text) if column.type == "string" else text


def render_table(table: Table, listings: Listings) -> FeedFile:
    """One table as CSV bytes (UTF-8, CRLF row ends, minimal quoting); records = data rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.header)
    rows = table.rows(listings)
    for row in rows:
        writer.writerow([cell(column, column.value(row)) for column in table.columns])
    return FeedFile(table.path, buffer.getvalue().encode("utf-8"), len(rows))


def render_csv_tables(listings: Listings, taxonomy: Taxonomy) -> list[FeedFile]:
    """The five CSV files of SPEC §6 for valid `listings`.

    Returns FeedFiles for csv/authorities.csv, csv/hubs.csv, csv/branches.csv,
    csv/activities.csv and csv/sessions.csv, in that order; pure and deterministic.
    """
    return [render_table(table, listings) for table in csv_tables(taxonomy)]


# ---- The column specs --------------------------------------------------------------------


def _field(
    name: str, path: str, description: str, kind: ColumnType = "string", **rest: Any
) -> Column:
    """A column carrying the model field at dotted `path` (None when a part is absent)."""
    names = path.split(".")

    def value(row: SourceRow) -> CellValue:
        found: Any = row.listing
        for part in names:
            # cost is "free" or a Cost: a part of a plain value is absent, not an error.
            found = getattr(found, part) if isinstance(found, BaseModel) else None
        return found  # type: ignore[no-any-return]

    return Column(name, kind, description, value, covers=(path,), **rest)


def _rule_field(name: str, description: str, kind: ColumnType = "string", **rest: Any) -> Column:
    """A sessions.csv column carrying one field of a schedule rule."""

    def value(row: SourceRow) -> CellValue:
        return getattr(row.rule, name)  # type: ignore[no-any-return]

    return Column(name, kind, description, value, covers=(f"schedule.{name}",), **rest)


def _model_pattern(annotated: Any) -> str:
    """The regex a models.py type declares in its JSON Schema, unanchored, as one group."""
    for metadata in get_args(annotated)[1:]:
        schema = getattr(metadata, "json_schema", None)
        if isinstance(schema, dict) and "pattern" in schema:
            return "(" + str(schema["pattern"]).removeprefix("^").removesuffix("$") + ")"
    raise ValueError(f"{annotated} declares no pattern")


def _list_of(item: str) -> str:
    return f"{item}({LIST_SEPARATOR}{item})*"


def _one_of(values: tuple[str, ...]) -> str:
    # Outside a character class a hyphen needs no escape; keep the ids readable.
    return "(" + "|".join(re.escape(value).replace("\\-", "-") for value in values) + ")"


def choices(annotation: Any) -> tuple[str, ...]:
    """The values of a `Literal[...]` annotation, in declared order."""
    return tuple(str(value) for value in get_args(annotation))


def _choices_of(model: type[BaseModel], field: str) -> tuple[str, ...]:
    return choices(model.model_fields[field].annotation)


def _bounds(model: type[BaseModel], field: str) -> dict[str, Any]:
    """The ge/le bounds pydantic holds for a numeric model field, as minimum/maximum."""
    metadata = model.model_fields[field].metadata
    return {
        key: next((getattr(m, bound) for m in metadata if hasattr(m, bound)), None)
        for key, bound in (("minimum", "ge"), ("maximum", "le"))
    }


ESCAPED = "'?"  # a cell that may be formula-escaped starts with an optional '
SLUG = _model_pattern(Slug)
URL = _model_pattern(HttpsUrl)
EMAIL = ESCAPED + _model_pattern(Email)
PHONE = ESCAPED + _model_pattern(Phone)
LANGUAGES = _list_of(_model_pattern(Language))
ACCESSIBILITY = _list_of(_one_of(choices(Accessibility)))
BYDAY = ESCAPED + _list_of(f"(-?[1-5])?{_one_of(WEEKDAYS)}")
POSTCODE = "[A-Z0-9]{2,4} [0-9][A-Z]{2}"  # as models.py normalises it
REVIEWED = "When the steward last checked the listing."


def _records(kind: str) -> Callable[[Listings], list[SourceRow]]:
    def rows(listings: Listings) -> list[SourceRow]:
        return [SourceRow(r.source.authority_folder, r.listing) for r in listings.of_kind(kind)]

    return rows


def _session_rows(listings: Listings) -> list[SourceRow]:
    # One row per rule, by activity id then rule position (1-based, as in the file).
    rows: list[SourceRow] = []
    for record in listings.of_kind("activity"):
        schedule = record.listing.schedule  # type: ignore[union-attr]
        if isinstance(schedule, list):
            rows.extend(
                SourceRow(record.source.authority_folder, record.listing, rule, position)
                for position, rule in enumerate(schedule, start=1)
            )
    return rows


def _owner_columns(what: str) -> tuple[Column, ...]:
    """id, then the authority the listing belongs to."""
    return (
        _field("id", "id", f"The {what}'s id.", required=True, pattern=SLUG),
        Column(
            "authority",
            "string",
            f"Id of the authority the {what} belongs to (a row of authorities.csv).",
            lambda row: row.authority,
            required=True,
            pattern=SLUG,
        ),
    )


def _contact_columns(whose: str) -> tuple[Column, ...]:
    return (
        _field("contact_phone", "contact.phone", f"{whose} phone, as typed.", pattern=PHONE),
        _field("contact_email", "contact.email", f"{whose} email address.", pattern=EMAIL),
        _field("contact_website", "contact.website", f"{whose} web page.", pattern=URL),
    )


def _site_columns(what: str, model: type[Site], extra: tuple[Column, ...]) -> tuple[Column, ...]:
    """The columns of hubs.csv, or of branches.csv with `extra` after authority."""
    return (
        *_owner_columns(what),
        *extra,
        _field("name", "name", f"The {what}'s name.", required=True),
        _field(
            "status",
            "status",
            "Whether the site is open.",
            required=True,
            enum=_choices_of(model, "status"),
        ),
        _field("description", "description", f"About the {what}."),
        _field("address_line1", "address.line1", "First address line.", required=True),
        _field("address_line2", "address.line2", "Second address line."),
        _field("address_town", "address.town", "Town.", required=True),
        _field(
            "address_postcode", "address.postcode", "UK postcode.", required=True, pattern=POSTCODE
        ),
        _field("lat", "location.lat", "Latitude, WGS84.", "number", **_bounds(Location, "lat")),
        _field("lon", "location.lon", "Longitude, WGS84.", "number", **_bounds(Location, "lon")),
        Column(
            "opening_hours",
            "string",
            "Opening hours: rules separated by ;, each `<days> <opens>-<closes>` followed, "
            "when set, by `term-time only`, `from <date>`, `to <date>` and a note in "
            "parentheses. Days are mon,tue,... (weekly), 1tue,-1fri,... (monthly: first "
            "Tuesday, last Friday) or one YYYY-MM-DD date (once); times are 24-hour UK local.",
            lambda row: rules_text(row.listing.opening_hours),
            covers=tuple(f"opening_hours.{name}" for name in RULE_TEXT_FIELDS),
        ),
        *_contact_columns(f"The {what}'s"),
        _field("accessibility", "accessibility", "Features, ;-separated.", pattern=ACCESSIBILITY),
        _field("languages", "languages", "BCP 47 language tags, ;-separated.", pattern=LANGUAGES),
        _field("last_reviewed", "last_reviewed", REVIEWED, "date", required=True),
    )


def _authority_columns() -> tuple[Column, ...]:
    return (
        _field(
            "id",
            "id",
            "The authority's id (its folder under listings/).",
            required=True,
            pattern=SLUG,
        ),
        _field("name", "name", "The authority's name.", required=True),
        _field("ons_code", "ons_code", "ONS code.", required=True, pattern=_model_pattern(OnsCode)),
        _field("website", "website", "Its family hubs web page.", required=True, pattern=URL),
        _field("virtual_hub_url", "virtual_hub_url", "Its online family hub.", pattern=URL),
        *_contact_columns("The authority's"),
        _field(
            "coverage_extra_required",
            "coverage.extra_required",
            "Offer-area ids it requires besides the taxonomy's required ones, ;-separated.",
            pattern=_list_of(SLUG),
        ),
        Column(
            "coverage_waived",
            "string",
            "Required offer areas it need not cover, each `<area id>: <reason>`, ;-separated.",
            lambda row: (
                [f"{w.area}: {w.reason}" for w in row.listing.coverage.waived]
                if row.listing.coverage
                else None
            ),
            covers=("coverage.waived.area", "coverage.waived.reason"),
        ),
    )


def _activity_columns(taxonomy: Taxonomy) -> tuple[Column, ...]:
    label_by_id = {area.id: area.label for area in taxonomy.areas}
    area_ids = tuple(label_by_id)
    return (
        *_owner_columns("activity"),
        _field("name", "name", "The activity's name.", required=True),
        _field("description", "description", "What happens.", required=True),
        _field(
            "status",
            "status",
            "Whether it is running.",
            required=True,
            enum=_choices_of(Activity, "status"),
        ),
        _field(
            "offer_areas",
            "offer_areas",
            "Offer-area ids from the taxonomy (schema/offer-areas.yaml), ;-separated.",
            required=True,
            pattern=_list_of(_one_of(area_ids)),
        ),
        Column(
            "offer_area_labels",
            "string",
            "The offer areas' labels from the taxonomy, in the same order, ;-separated.",
            lambda row: [label_by_id.get(area, area) for area in row.listing.offer_areas],
        ),
        _field(
            "venues",
            "venues",
            "Ids of the hubs and branches where it runs, ;-separated; empty when only "
            "online or by telephone.",
            pattern=_list_of(SLUG),
        ),
        _field("online_url", "online.url", "Where its online sessions happen.", pattern=URL),
        _field("telephone", "telephone", "Phone of a telephone service, as typed.", pattern=PHONE),
        _field(
            "audience",
            "audience",
            "Who it is for, ;-separated.",
            required=True,
            pattern=_list_of(_one_of(choices(Audience))),
        ),
        _field(
            "age_min",
            "age_range.min",
            "Youngest age served in years (1.5 = 18 months).",
            "number",
            required=True,
            **_bounds(AgeRange, "min"),
        ),
        _field(
            "age_max",
            "age_range.max",
            "Oldest age served in years.",
            "number",
            required=True,
            **_bounds(AgeRange, "max"),
        ),
        _field(
            "antenatal",
            "age_range.antenatal",
            "Whether it serves pregnancy.",
            "boolean",
            required=True,
        ),
        Column(
            "cost",
            "string",
            "free, or charge (then cost_amount and cost_per say how much).",
            lambda row: "free" if row.listing.cost == "free" else "charge",
            covers=("cost",),
            required=True,
            enum=("free", "charge"),
        ),
        _field(
            "cost_amount",
            "cost.amount",
            "The charge in GBP; empty when free.",
            "number",
            minimum=_bounds(Cost, "amount")["minimum"],
        ),
        _field(
            "cost_per",
            "cost.per",
            "What the charge is for; empty when free.",
            enum=_choices_of(Cost, "per"),
        ),
        _field(
            "booking",
            "booking",
            "How to join.",
            required=True,
            enum=_choices_of(Activity, "booking"),
        ),
        Column(
            "schedule",
            "string",
            "by-appointment, or its schedule rules in the compact form of hubs.csv's "
            "opening_hours; each rule is also a row of sessions.csv.",
            lambda row: (
                row.listing.schedule
                if isinstance(row.listing.schedule, str)
                else rules_text(row.listing.schedule)
            ),
            covers=("schedule",),
            required=True,
        ),
        *_contact_columns("Contact"),
        _field("languages", "languages", "BCP 47 language tags, ;-separated.", pattern=LANGUAGES),
        _field("accessibility", "accessibility", "Features, ;-separated.", pattern=ACCESSIBILITY),
        _field("valid_from", "valid_from", "First day it runs, if bounded.", "date"),
        _field("valid_to", "valid_to", "Last day it runs, if bounded.", "date"),
        _field("last_reviewed", "last_reviewed", REVIEWED, "date", required=True),
    )


def _session_columns() -> tuple[Column, ...]:
    return (
        Column(
            "session_id",
            "string",
            "This rule's id: <activity id>-<position>.",
            lambda row: f"{row.listing.id}-{row.position}",
            required=True,
            pattern=f"{SLUG}-[1-9][0-9]*",
        ),
        Column(
            "activity_id",
            "string",
            "Id of the activity (a row of activities.csv).",
            lambda row: row.listing.id,
            required=True,
            pattern=SLUG,
        ),
        Column(
            "position",
            "integer",
            "Position of the rule in the activity's schedule, from 1.",
            lambda row: row.position,
            required=True,
            minimum=1,
        ),
        _rule_field("freq", "How often.", required=True, enum=_choices_of(ScheduleRule, "freq")),
        _rule_field(
            "byday",
            "Days, ;-separated: mon, tue ... (weekly); 1tue (first Tuesday), -1fri (last "
            "Friday) ... (monthly); empty for once.",
            pattern=BYDAY,
        ),
        _rule_field("date", "The date of a once rule.", "date"),
        _rule_field("opens_at", "Start, 24-hour HH:MM, UK local time.", "time", required=True),
        _rule_field("closes_at", "End, 24-hour HH:MM, UK local time.", "time", required=True),
        _rule_field(
            "term_time_only", "Whether it runs in school terms only.", "boolean", required=True
        ),
        _rule_field("valid_from", "First day this rule applies, if bounded.", "date"),
        _rule_field("valid_to", "Last day this rule applies, if bounded.", "date"),
        _rule_field("note", "A note about this rule."),
    )


def csv_tables(taxonomy: Taxonomy) -> tuple[Table, ...]:
    """The five tables in publishing order; the offer-area columns follow `taxonomy`."""
    belongs = ("authority", "authorities", "id")
    branch_extra = (
        _field("hub", "hub", "Id of its hub (a row of hubs.csv).", required=True, pattern=SLUG),
        _field(
            "site_type",
            "site_type",
            "What kind of site.",
            required=True,
            enum=_choices_of(Branch, "site_type"),
        ),
    )
    return (
        Table(
            "authorities",
            "authority",
            "Local authorities, one row each, sorted by id.",
            _authority_columns(),
            _records("authority"),
            "id",
        ),
        Table(
            "hubs",
            "hub",
            "Family hubs (main buildings), one row each, sorted by id.",
            _site_columns("hub", Hub, ()),
            _records("hub"),
            "id",
            (belongs,),
        ),
        Table(
            "branches",
            "branch",
            "Branch sites of the hubs, one row each, sorted by id.",
            _site_columns("branch", Branch, branch_extra),
            _records("branch"),
            "id",
            (belongs, ("hub", "hubs", "id")),
        ),
        Table(
            "activities",
            "activity",
            "Activities, one row each, sorted by id.",
            _activity_columns(taxonomy),
            _records("activity"),
            "id",
            (belongs,),
        ),
        Table(
            "sessions",
            "activity",
            "One row per schedule rule of each activity, by activity id then position. An "
            "activity by appointment has no rows (its schedule in activities.csv says "
            "by-appointment).",
            _session_columns(),
            _session_rows,
            "session_id",
            (("activity_id", "activities", "id"),),
        ),
    )
