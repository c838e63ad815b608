"""`hubctl list`: the hubs, branches or activities of valid listings that match filters.

Listings -> ListingTable, pure; `listing_reports` turns a table into text. Every row is
sorted by id, and the columns of each kind are in `COLUMNS` (the README's tables).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

from hubctl.checks import REVIEW_AGE_LIMIT
from hubctl.errors import UsageError
from hubctl.field_types import number_as_typed
from hubctl.listings import Listings, Record
from hubctl.models import WEEKDAYS, Activity, Branch, Hub, Site, split_byday
from hubctl.networks import activities_by_hub
from hubctl.offer_coverage import UnknownFilterError, check_known_ids
from hubctl.parallel_reading import SERIAL_READING, ReadOptions
from hubctl.taxonomy import Taxonomy, load_taxonomy
from hubctl.validation import InvalidListingsError, validate

ListKind = Literal["hubs", "branches", "activities"]
LIST_KINDS: tuple[ListKind, ...] = ("hubs", "branches", "activities")
# A cell: text, a number, a yes/no, a list of ids, or nothing.
Cell = str | int | float | bool | list[str] | None


@dataclass(frozen=True)
class ListFilters:
    """What `hubctl list` keeps; empty filters keep everything. All given filters must match.

    `authorities`, `hubs` and `areas` keep a row matching any of their ids; `age` (years),
    `day` (mon..sun) and `areas` are for activities only; `due_within` (days) keeps
    listings whose review falls due within that many days of the date, overdue included.
    """

    authorities: tuple[str, ...] = ()
    hubs: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    age: float | None = None
    day: str | None = None
    due_within: int | None = None


@dataclass(frozen=True)
class ListingTable:
    """The rows `hubctl list` shows: one per listing, sorted by id."""

    kind: ListKind
    on: date
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def review_due(site_or_activity: Site | Activity) -> date:
    """The day a listing's review falls due: the last day before HUB401 warns."""
    return site_or_activity.last_reviewed + REVIEW_AGE_LIMIT


def _site_columns(record: Record[Any]) -> list[tuple[str, Cell]]:
    site: Site = record.listing
    return [
        ("status", site.status),
        ("town", site.address.town),
        ("postcode", site.address.postcode),
    ]


def _review_columns(record: Record[Any]) -> list[tuple[str, Cell]]:
    return [
        ("last_reviewed", record.listing.last_reviewed.isoformat()),
        ("review_due", review_due(record.listing).isoformat()),
    ]


def _days(activity: Activity) -> list[str]:
    """When it runs, as short codes: weekly and monthly days, once dates, by-appointment
    or self-paced."""
    if isinstance(activity.schedule, str):
        return [activity.schedule]
    days: list[str] = []
    for rule in activity.schedule:
        shown = rule.byday or ([rule.date.isoformat()] if rule.date else [])
        days += [day for day in shown if day not in days]
    return days


def _hub_row(record: Record[Hub], listings: Listings) -> list[tuple[str, Cell]]:
    branches = [site.id for site in listings.sites_of_hub[record.id][1:]]
    return [
        ("id", record.id),
        ("authority", record.authority_id),
        ("name", record.listing.name),
        *_site_columns(record),
        ("branches", branches),
        *_review_columns(record),
    ]


def _branch_row(record: Record[Branch], listings: Listings) -> list[tuple[str, Cell]]:
    return [
        ("id", record.id),
        ("authority", record.authority_id),
        ("hub", record.listing.hub),
        ("name", record.listing.name),
        ("site_type", record.listing.site_type),
        *_site_columns(record),
        *_review_columns(record),
    ]


def _activity_row(record: Record[Activity], listings: Listings) -> list[tuple[str, Cell]]:
    activity = record.listing
    return [
        ("id", record.id),
        ("authority", record.authority_id),
        ("name", activity.name),
        ("status", activity.status),
        ("offer_areas", list(activity.offer_areas)),
        ("venues", list(activity.venues)),
        ("online", activity.online is not None),
        ("telephone", activity.telephone is not None),
        ("age_min", number_as_typed(activity.age_range.min)),
        ("age_max", number_as_typed(activity.age_range.max)),
        ("days", _days(activity)),
        *_review_columns(record),
    ]


RowBuilder = Callable[[Any, Listings], list[tuple[str, Cell]]]
_ROWS: dict[ListKind, RowBuilder] = {
    "hubs": _hub_row,
    "branches": _branch_row,
    "activities": _activity_row,
}
# The kind of record each list holds, as `Listings` names it.
SINGULAR_KIND: dict[ListKind, str] = {"hubs": "hub", "branches": "branch", "activities": "activity"}


def list_listings(
    root: Path | str,
    kind: ListKind,
    filters: ListFilters = ListFilters(),
    *,
    taxonomy: Taxonomy | None = None,
    on: date | None = None,
    reading: ReadOptions = SERIAL_READING,
) -> ListingTable:
    """Validate the tree at `root` (read as `reading` says), then list its `kind` that
    match `filters` on `on`.

    Raises InvalidListingsError when the listings have errors (as `coverage` does),
    UnknownFilterError for an unknown authority, hub or area id, and UsageError for
    an activity filter on hubs or branches.
    """
    taxonomy = taxonomy or load_taxonomy()
    on = on or date.today()
    report = validate(root, taxonomy=taxonomy, today=on, reading=reading)
    if not report.ok:
        raise InvalidListingsError(report)
    return query_listings(report.listings, kind, filters, taxonomy, on)


def query_listings(
    listings: Listings, kind: ListKind, filters: ListFilters, taxonomy: Taxonomy, on: date
) -> ListingTable:
    """The `kind` of valid `listings` that match `filters`, one row each, sorted by id."""
    _check_filters(listings, kind, filters, taxonomy)
    keep = _matcher(listings, kind, filters, on)
    columns = COLUMNS[kind]
    rows = []
    for record in listings.records_of(SINGULAR_KIND[kind]):
        if keep(record):
            row = _ROWS[kind](record, listings)
            assert tuple(name for name, _ in row) == columns, f"{kind} columns differ"
            rows.append(tuple(cell for _, cell in row))
    return ListingTable(kind, on, columns, tuple(rows))


def _check_filters(
    listings: Listings, kind: ListKind, filters: ListFilters, taxonomy: Taxonomy
) -> None:
    if kind != "activities" and (filters.areas or filters.age is not None or filters.day):
        raise UsageError(
            f"--area, --age and --day filter activities, not {kind}; use 'hubctl list activities'"
        )
    check_known_ids("authority", filters.authorities, [a.id for a in listings.authorities])
    branch_hubs = {branch.id: branch.hub for branch in listings.branches}
    for branch in (wanted for wanted in filters.hubs if wanted in branch_hubs):
        raise UnknownFilterError(
            f"'{branch}' is a branch of the hub '{branch_hubs[branch]}', not a hub; "
            f"use --hub {branch_hubs[branch]}"
        )
    check_known_ids("hub", filters.hubs, [h.id for h in listings.hubs])
    check_known_ids("offer area", filters.areas, [a.id for a in taxonomy.areas])


def _matcher(
    listings: Listings, kind: ListKind, filters: ListFilters, on: date
) -> Callable[[Record[Any]], bool]:
    """The test a record must pass: every filter given, each matching any of its ids."""
    tests: list[Callable[[Record[Any]], bool]] = []
    if filters.authorities:
        tests.append(lambda record: record.authority_id in filters.authorities)
    if filters.hubs:
        tests.append(_hub_test(listings, kind, filters.hubs))
    if filters.areas:
        tests.append(lambda record: bool(set(filters.areas) & set(record.listing.offer_areas)))
    if filters.age is not None:
        age = filters.age
        tests.append(
            lambda record: record.listing.age_range.min <= age <= record.listing.age_range.max
        )
    if filters.day is not None:
        weekday = WEEKDAYS.index(filters.day)
        tests.append(lambda record: _runs_on(record.listing, weekday))
    if filters.due_within is not None:
        due_by = on + timedelta(days=filters.due_within)
        tests.append(lambda record: review_due(record.listing) <= due_by)
    return lambda record: all(test(record) for test in tests)


def _hub_test(
    listings: Listings, kind: ListKind, hubs: Sequence[str]
) -> Callable[[Record[Any]], bool]:
    if kind == "hubs":
        return lambda record: record.id in hubs
    if kind == "branches":
        return lambda record: record.listing.hub in hubs
    # As `coverage --by hub` and the calendars count: at the hub or its branches, or
    # with no venue (online or telephone only) in the hub's authority.
    offered = activities_by_hub(listings, lambda activity: True)
    held = {activity.id for hub in hubs for activity in offered.get(hub, ())}
    return lambda record: record.id in held


def _runs_on(activity: Activity, weekday: int) -> bool:
    """Whether a weekly or monthly rule of `activity` falls on `weekday` (Monday 0)."""
    if isinstance(activity.schedule, str):  # by-appointment, self-paced: no set days
        return False
    return any(
        split_byday(day)[1] == weekday
        for rule in activity.schedule
        if rule.freq in ("weekly", "monthly")
        for day in rule.byday or ()
    )


# Each kind's columns, and what they hold: the README's tables and `--format csv` header.
COLUMN_MEANINGS: dict[ListKind, tuple[tuple[str, str], ...]] = {
    "hubs": (
        ("id", "the hub's id"),
        ("authority", "its authority's id"),
        ("name", "its name"),
        ("status", "`open`, `temporarily-closed` or `closed`"),
        ("town", "the town of its address"),
        ("postcode", "its postcode"),
        ("branches", "the ids of its branches"),
        ("last_reviewed", "the day it was last reviewed"),
        ("review_due", "the day its review falls due (`last_reviewed` + 365 days)"),
    ),
    "branches": (
        ("id", "the branch's id"),
        ("authority", "its authority's id"),
        ("hub", "its hub's id"),
        ("name", "its name"),
        ("site_type", "what kind of building it is"),
        ("status", "`open`, `temporarily-closed` or `closed`"),
        ("town", "the town of its address"),
        ("postcode", "its postcode"),
        ("last_reviewed", "the day it was last reviewed"),
        ("review_due", "the day its review falls due"),
    ),
    "activities": (
        ("id", "the activity's id"),
        ("authority", "its authority's id"),
        ("name", "its name"),
        ("status", "`running`, `paused` or `ended`"),
        ("offer_areas", "the offer areas it covers"),
        ("venues", "the hubs and branches it is held at"),
        ("online", "whether it has an online link"),
        ("telephone", "whether it is offered by telephone"),
        ("age_min", "the youngest age served, in years"),
        ("age_max", "the oldest age served, in years"),
        (
            "days",
            "its days: `mon`, `1tue` (monthly), a date (once), `by-appointment` or `self-paced`",
        ),
        ("last_reviewed", "the day it was last reviewed"),
        ("review_due", "the day its review falls due"),
    ),
}
COLUMNS: dict[ListKind, tuple[str, ...]] = {
    kind: tuple(name for name, _ in meanings) for kind, meanings in COLUMN_MEANINGS.items()
}


def columns_markdown() -> str:
    """The README's table of `hubctl list` columns, built from COLUMN_MEANINGS."""
    rows = ["| list | column | holds |", "|---|---|---|"]
    rows += [
        f"| {kind} | `{name}` | {meaning} |"
        for kind, meanings in COLUMN_MEANINGS.items()
        for name, meaning in meanings
    ]
    return "\n".join(rows) + "\n"
