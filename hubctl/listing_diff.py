"""What changed between two sets of listings, for families (README: hubctl diff): pure.

Entities are matched by kind and id, so a file moved or renamed with the same id is a
rename, not a removal and an addition. Fields are compared on the validated models
(normalised values, such as postcodes), so re-quoting or re-ordering keys is no change.
Coverage is the `coverage` command's, per authority and per hub, on one date.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

from hubctl.diagnostics import Diagnostic
from hubctl.history import Snapshot, find_repository, snapshot_at, snapshot_of_working_tree
from hubctl.listings import KINDS, Listings, Record
from hubctl.offer_coverage import (
    GROUPINGS,
    AreaCoverage,
    UnitCoverage,
    compute_coverage,
    is_current,
)
from hubctl.parallel_reading import SERIAL_READING, ReadOptions
from hubctl.taxonomy import Taxonomy, load_taxonomy

# What the errors at a revision mean for the diff, shown with them.
ERRORS_NOTE = "a file with an error of its own is left out of the comparison"
EntityChangeKind = Literal["added", "removed", "renamed", "changed"]
FieldChangeKind = Literal["added", "removed", "changed"]
Presence = Literal["kept", "added", "removed"]


@dataclass(frozen=True)
class FieldChange:
    """One field of one listing: `schedule[1].opens_at` "10:00" -> "10:30".

    `path` names list items from 1, as a steward counts the `-` lines. `old` and `new`
    are the JSON values (None for a field or list entry that is added or removed).
    """

    path: str
    change: FieldChangeKind
    old: Any
    new: Any

    def describe(self) -> str:
        """`schedule[1].opens_at: "10:00" -> "10:30"`, `venues: added x` (one line)."""
        if self.change == "changed":
            return f"{self.path}: {shown_value(self.old)} -> {shown_value(self.new)}"
        value = self.new if self.change == "added" else self.old
        entry = value if isinstance(value, str) else shown_value(value)
        return f"{self.path}: {self.change} {entry}"


@dataclass(frozen=True)
class EntityChange:
    """One listing added, removed, renamed (same id, another file) or changed."""

    kind: str  # authority, hub, branch or activity
    id: str
    authority: str
    change: EntityChangeKind
    path: str  # the file at HEAD (at BASE for a removed listing)
    old_path: str | None  # the file at BASE when it was renamed
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class AreaChange:
    """An offer area a unit gains or loses, with the running activities behind the change."""

    area: str
    label: str
    required: bool  # required at HEAD (at BASE for a unit that is gone)
    activities: tuple[str, ...]  # gained: those covering it now; lost: those that did


@dataclass(frozen=True)
class CoverageChange:
    """Coverage gained and lost by one authority, or one hub with its branches."""

    unit: str  # authority or hub
    id: str
    authority: str
    presence: Presence  # removed: gone, or a hub now closed
    gained: tuple[AreaChange, ...]
    lost: tuple[AreaChange, ...]

    @property
    def required_lost(self) -> tuple[AreaChange, ...]:
        """Required areas this unit, still there, no longer covers at all."""
        return tuple(a for a in self.lost if a.required) if self.presence == "kept" else ()


@dataclass(frozen=True)
class IdleSite:
    """A hub or branch, still open, whose last running activity went."""

    kind: str
    id: str
    authority: str
    path: str
    previous_activities: tuple[str, ...]


@dataclass(frozen=True)
class ListingDiff:
    """Everything `hubctl diff` reports, sorted, ready for any renderer."""

    base: Snapshot
    head: Snapshot
    on: date
    changes: tuple[EntityChange, ...]
    coverage: tuple[CoverageChange, ...]
    idle_sites: tuple[IdleSite, ...]
    authority_names: dict[str, str]

    @property
    def has_changes(self) -> bool:
        """False when both sides hold the same listings (whatever their errors)."""
        return bool(self.changes or self.coverage or self.idle_sites)

    @property
    def required_lost(self) -> list[tuple[CoverageChange, AreaChange]]:
        """Every required area an authority or hub loses (what --fail-on-lost-coverage fails on)."""
        return [(unit, area) for unit in self.coverage for area in unit.required_lost]

    @property
    def authorities(self) -> list[str]:
        """The ids of the authorities with anything to report, sorted."""
        named = [c.authority for c in self.changes] + [c.authority for c in self.coverage]
        return sorted({*named, *(s.authority for s in self.idle_sites)})

    @property
    def errors(self) -> list[tuple[Snapshot, list[Diagnostic]]]:
        """Each side with its errors; BASE's only where HEAD does not have the same one."""
        at_head = set(self.head.errors)
        at_base = [d for d in self.base.errors if d not in at_head]
        return [
            (side, found)
            for side, found in ((self.base, at_base), (self.head, self.head.errors))
            if found
        ]

    def of_authority(
        self, authority: str
    ) -> tuple[list[EntityChange], list[CoverageChange], list[IdleSite]]:
        """One authority's listing changes, coverage changes and idle sites."""
        return (
            [c for c in self.changes if c.authority == authority],
            [c for c in self.coverage if c.authority == authority],
            [s for s in self.idle_sites if s.authority == authority],
        )


def lost_coverage_message(unit: CoverageChange, area: AreaChange, on: date) -> str:
    """One line naming a required area a unit loses, and the activities that covered it."""
    return (
        f"{unit.unit} {unit.id} loses required offer area '{area.area}' ({area.label}): no "
        f"running activity covers it on {on.isoformat()} (it was {', '.join(area.activities)})"
    )


def idle_site_message(site: IdleSite) -> str:
    """One line naming a site left with no running activity, and the ones it had."""
    return (
        f"{site.kind} {site.id} is left with no running activity "
        f"(it had {', '.join(site.previous_activities)})"
    )


def diff_revisions(
    listings: Path | str,
    base: str,
    head: str | None = None,
    *,
    taxonomy: Taxonomy | None = None,
    on: date | None = None,
    reading: ReadOptions = SERIAL_READING,
) -> ListingDiff:
    """What changed in the listings folder `listings` from revision `base` to `head`.

    `head` None is the working tree as it is on disk. Both sides are validated on `on`
    (default today) and coverage is judged on it. Raises NotARepositoryError or
    BadRevisionError (exit 2); invalid files are reported in the snapshots, not raised.
    `reading` sets how files are read; only the working tree uses its cache (a revision
    is checked out into a new temporary folder each time).
    """
    taxonomy = taxonomy or load_taxonomy()
    on = on or date.today()
    listings = Path(listings)
    repository = find_repository(listings)
    uncached = replace(reading, cache_dir=None)
    old = snapshot_at(repository, base, taxonomy, on, uncached)
    if head is None:
        new = snapshot_of_working_tree(repository, listings, taxonomy, on, reading)
    else:
        new = snapshot_at(repository, head, taxonomy, on, uncached)
    return diff_snapshots(old, new, taxonomy, on)


def diff_snapshots(base: Snapshot, head: Snapshot, taxonomy: Taxonomy, on: date) -> ListingDiff:
    """Compare two validated snapshots; only their valid listings are compared."""
    old, new = base.report.listings, head.report.listings
    changes = [
        change
        for kind in KINDS
        for change in _entity_changes(kind, base, head, old.records_of(kind), new.records_of(kind))
    ]
    coverage = [
        change
        for grouping in GROUPINGS
        for change in _coverage_changes(
            _units(old, taxonomy, on, grouping), _units(new, taxonomy, on, grouping)
        )
    ]
    names = {a.id: a.name for a in (*old.authorities, *new.authorities)}
    return ListingDiff(
        base=base,
        head=head,
        on=on,
        changes=tuple(sorted(changes, key=lambda c: (c.authority, KINDS.index(c.kind), c.id))),
        coverage=tuple(sorted(coverage, key=lambda c: (c.authority, c.unit != "authority", c.id))),
        idle_sites=tuple(_idle_sites(head, old, new, on)),
        authority_names=names,
    )


def shown_value(value: Any) -> str:
    """A field's value as one line of JSON (`"10:00"`, `[1, 2]`); nothing for no value.

    Fields left empty inside a mapping are not shown (a schedule rule's absent `date`).
    """
    return "" if value is None else json.dumps(_without_nulls(value), ensure_ascii=False)


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def field_changes(old: Any, new: Any, path: str = "") -> list[FieldChange]:
    """The differences between two JSON values, field by field and list item by list item.

    Lists of plain values (venues, offer areas, days) are compared as sets: `venues:
    added x`; a re-ordering alone is one change of the whole list. Lists of mappings
    (schedule rules) are compared item by item.
    """
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        keys = [*old, *(k for k in new if k not in old)]
        return [c for k in keys for c in field_changes(old.get(k), new.get(k), _join(path, k))]
    if isinstance(old, list) and isinstance(new, list):
        return _list_changes(old, new, path)
    if old is None:
        return [FieldChange(path, "added", None, new)]
    if new is None:
        return [FieldChange(path, "removed", old, None)]
    return [FieldChange(path, "changed", old, new)]


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _list_changes(old: list[Any], new: list[Any], path: str) -> list[FieldChange]:
    plain = all(not isinstance(v, dict | list) for v in (*old, *new))
    if plain:
        removed = [FieldChange(path, "removed", v, None) for v in old if v not in new]
        added = [FieldChange(path, "added", None, v) for v in new if v not in old]
        return removed + added or [FieldChange(path, "changed", old, new)]
    found = []
    for index in range(max(len(old), len(new))):
        item_path = f"{path}[{index + 1}]"
        before = old[index] if index < len(old) else None
        after = new[index] if index < len(new) else None
        found += field_changes(before, after, item_path)
    return found


def _entity_changes(
    kind: str,
    base: Snapshot,
    head: Snapshot,
    old_records: Iterable[Record[Any]],
    new_records: Iterable[Record[Any]],
) -> list[EntityChange]:
    old_by_id, new_by_id = _first_by_id(old_records), _first_by_id(new_records)
    found = []
    for listing_id in sorted({*old_by_id, *new_by_id}):
        before, after = old_by_id.get(listing_id), new_by_id.get(listing_id)
        # A file that exists on both sides but does not validate on one is not compared:
        # it is listed with its errors, not reported as removed or added.
        if after is None and before is not None:
            path = base.path_of(before)
            if path in head.invalid_paths:
                continue
            found.append(
                EntityChange(kind, listing_id, before.authority_id, "removed", path, None, ())
            )
        elif before is None and after is not None:
            path = head.path_of(after)
            if path in base.invalid_paths:
                continue
            found.append(
                EntityChange(kind, listing_id, after.authority_id, "added", path, None, ())
            )
        elif before is not None and after is not None:
            fields = tuple(
                field_changes(
                    before.listing.model_dump(mode="json"), after.listing.model_dump(mode="json")
                )
            )
            old_path, new_path = base.path_of(before), head.path_of(after)
            change: EntityChangeKind = "renamed" if old_path != new_path else "changed"
            if change == "renamed" or fields:
                moved_from = old_path if change == "renamed" else None
                found.append(
                    EntityChange(
                        kind, listing_id, after.authority_id, change, new_path, moved_from, fields
                    )
                )
    return found


def _first_by_id(records: Iterable[Record[Any]]) -> dict[str, Record[Any]]:
    # An id used twice is an error validate reports; the first file found stands for it.
    by_id: dict[str, Record[Any]] = {}
    for record in records:
        by_id.setdefault(record.id, record)
    return by_id


def _units(
    listings: Listings, taxonomy: Taxonomy, on: date, grouping: Any
) -> dict[str, UnitCoverage]:
    report = compute_coverage(listings, taxonomy, on, by=grouping)
    return {unit.id: unit for unit in report.units}


def _coverage_changes(
    old_units: dict[str, UnitCoverage], new_units: dict[str, UnitCoverage]
) -> list[CoverageChange]:
    found = []
    for unit_id in sorted({*old_units, *new_units}):
        before, after = old_units.get(unit_id), new_units.get(unit_id)
        unit = after or before
        assert unit is not None
        old_areas, new_areas = _covered(before), _covered(after)
        # Required as the policy stands now: an area waived in this change is not lost.
        requirement = {a.area.id: a.required for a in unit.areas}
        gained = tuple(
            _area_change(new_areas[a], requirement) for a in new_areas if a not in old_areas
        )
        lost = tuple(
            _area_change(old_areas[a], requirement) for a in old_areas if a not in new_areas
        )
        if gained or lost:
            presence: Presence = "kept" if before and after else ("added" if after else "removed")
            found.append(CoverageChange(unit.kind, unit_id, unit.authority, presence, gained, lost))
    return found


def _covered(unit: UnitCoverage | None) -> dict[str, AreaCoverage]:
    return {a.area.id: a for a in unit.areas if a.covered} if unit else {}


def _area_change(area: AreaCoverage, requirement: dict[str, bool]) -> AreaChange:
    return AreaChange(area.area.id, area.area.label, requirement[area.area.id], area.activity_ids)


def _idle_sites(head: Snapshot, old: Listings, new: Listings, on: date) -> list[IdleSite]:
    before, after = _activities_at_sites(old, on), _activities_at_sites(new, on)
    idle = [
        IdleSite(
            record.source.kind,
            record.id,
            record.authority_id,
            head.path_of(record),
            before[record.id],
        )
        for record in new.site_records
        if record.listing.status != "closed" and before.get(record.id) and not after.get(record.id)
    ]
    return sorted(idle, key=lambda site: (site.authority, site.id))


def _activities_at_sites(listings: Listings, on: date) -> dict[str, tuple[str, ...]]:
    held: dict[str, list[str]] = {}
    for activity in listings.activities:
        if is_current(activity, on):
            for venue in activity.venues:
                held.setdefault(venue, []).append(activity.id)
    return {site: tuple(ids) for site, ids in held.items()}
