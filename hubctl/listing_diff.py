"""What changed between two sets of listings, for families (README: hubctl diff): pure.

Entities are matched by kind and id, so a file moved or renamed with the same id is a
rename, not a removal and an addition. Fields are compared on the validated models
(normalised values, such as postcodes), so re-quoting or re-ordering keys is no change.
Coverage is the `coverage` command's, per authority and per hub, on one date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

from hubctl.diagnostics import Diagnostic
from hubctl.field_diff import FieldChange, field_changes
from hubctl.history import Snapshot, find_repository, snapshot_at, snapshot_of_working_tree
from hubctl.layout import KINDS
from hubctl.listings import Listings, Record
from hubctl.offer_coverage import (
    GROUPINGS,
    AreaCoverage,
    Grouping,
    UnitCoverage,
    compute_coverage,
    is_current,
)
from hubctl.parallel_reading import SERIAL_READING, ReadOptions
from hubctl.taxonomy import Taxonomy, load_taxonomy

# What the errors at a revision mean for the diff, shown with them.
ERRORS_NOTE = "a file with an error of its own is left out of the comparison"
EntityChangeKind = Literal["added", "removed", "renamed", "changed", "invalid"]
Presence = Literal["kept", "added", "removed"]


@dataclass(frozen=True)
class EntityChange:
    """One listing added, removed, renamed (same id, another file) or changed, or one
    valid on one side only, whose file has errors at the other ("invalid")."""

    kind: str  # authority, hub, branch or activity
    id: str
    authority: str
    change: EntityChangeKind
    path: str  # the file at HEAD (at BASE for a removed listing)
    old_path: str | None  # the file at BASE when it was renamed
    fields: tuple[FieldChange, ...]
    invalid_at: str | None = None  # the label of the side where its file has errors
    old_authority: str | None = None  # the authority at BASE when it moved to another

    def describe(self) -> str:
        """`invalid at HEAD (1a2b3c4) (see errors)`: what an invalid listing's row says."""
        return f"invalid at {self.invalid_at} (see errors)"

    def move_seen_from(self, authority: str) -> str:
        """`moved to otherham` in the section of the authority it left, `moved from
        testshire` in its new one; "" for a listing that stayed in its authority."""
        if self.old_authority is None:
            return ""
        if authority == self.old_authority:
            return f"moved to {self.authority}"
        return f"moved from {self.old_authority}"


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
        """Required areas this unit no longer covers at all.

        An authority removed (its folder or its authority.yaml) loses every required area
        it covered: the programme still requires them of it. A hub removed or closed is
        no longer expected to offer anything; its authority's coverage says what is lost.
        """
        judged = self.presence == "kept" or (self.presence, self.unit) == ("removed", "authority")
        return tuple(a for a in self.lost if a.required) if judged else ()


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
    by: Grouping = "authority"  # the unit --fail-on-lost-coverage judges

    @property
    def has_changes(self) -> bool:
        """False when both sides hold the same listings (whatever their errors)."""
        return bool(self.changes or self.coverage or self.idle_sites)

    @property
    def no_changes_message(self) -> str:
        """What to say when nothing valid changed: files added broken at HEAD are no change
        to compare, yet not "no change" either."""
        at_base = set(self.base.errors)
        if any(d not in at_base for d in self.head.errors):
            return (
                f"No valid changes to compare: the files changed at {self.head.label} have "
                "errors (listed below); fix them and run hubctl diff again."
            )
        return "No changes to the listings."

    @property
    def required_lost(self) -> list[tuple[CoverageChange, AreaChange]]:
        """Every required area a unit of `by` loses (what --fail-on-lost-coverage fails on).

        Per authority by default, as `coverage --fail-on-gaps` judges: the programme
        requires each area of the authority, so a service moved between its hubs is no loss.
        """
        return [(u, area) for u in self.coverage if u.unit == self.by for area in u.required_lost]

    @property
    def other_lost(self) -> list[tuple[CoverageChange, AreaChange]]:
        """Required areas units of the other grouping lose: shown, never failed on."""
        return [(u, area) for u in self.coverage if u.unit != self.by for area in u.required_lost]

    @property
    def authorities(self) -> list[str]:
        """The ids of the authorities with anything to report, sorted."""
        named = [c.authority for c in self.changes] + [c.authority for c in self.coverage]
        named += [c.old_authority for c in self.changes if c.old_authority]
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
            [c for c in self.changes if authority in (c.authority, c.old_authority)],
            [c for c in self.coverage if c.authority == authority],
            [s for s in self.idle_sites if s.authority == authority],
        )

    def lost_messages(self, authority: str) -> tuple[list[str], list[str]]:
        """One authority's lost required areas as lines: those `by` judges (warnings,
        what the flag fails on), then the other grouping's (notes, for information)."""

        def lines(found: list[tuple[CoverageChange, AreaChange]]) -> list[str]:
            return [
                lost_coverage_message(u, a, self.on) for u, a in found if u.authority == authority
            ]

        return lines(self.required_lost), lines(self.other_lost)


def lost_coverage_message(unit: CoverageChange, area: AreaChange, on: date) -> str:
    """One line naming a required area a unit loses, and the activities that covered it."""
    gone = " is removed and" if unit.presence == "removed" else ""
    return (
        f"{unit.unit} {unit.id}{gone} loses required offer area '{area.area}' ({area.label}): "
        f"no running activity covers it on {on.isoformat()} (it was "
        f"{', '.join(area.activities)})"
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
    by: Grouping = "authority",
    reading: ReadOptions = SERIAL_READING,
) -> ListingDiff:
    """What changed in the listings folder `listings` from revision `base` to `head`.

    `head` None is the working tree as it is on disk. Both sides are validated on `on`
    (default today) and coverage is judged on it; lost required areas are judged per
    `by` (authority or hub), the other grouping's shown as information. Raises
    NotARepositoryError or BadRevisionError (exit 2), or MissingListingsError (exit 1)
    when the folder does not exist at `head`; invalid files are reported in the
    snapshots, not raised. `reading` sets how files are read; only the working tree
    uses its cache (a revision is checked out into a new temporary folder each time).
    """
    taxonomy = taxonomy or load_taxonomy()
    on = on or date.today()
    listings = Path(listings)
    repository = find_repository(listings)
    uncached = replace(reading, cache_dir=None)
    # HEAD first: a listings folder missing there stops the diff before BASE is read.
    if head is None:
        new = snapshot_of_working_tree(repository, listings, taxonomy, on, reading)
    else:
        new = snapshot_at(repository, head, taxonomy, on, uncached, must_exist=True)
    old = snapshot_at(repository, base, taxonomy, on, uncached)
    return diff_snapshots(old, new, taxonomy, on, by)


def diff_snapshots(
    base: Snapshot, head: Snapshot, taxonomy: Taxonomy, on: date, by: Grouping = "authority"
) -> ListingDiff:
    """Compare two validated snapshots; only their valid listings are compared."""
    old, new = base.report.listings, head.report.listings
    changes = [
        change
        for kind in KINDS
        for change in _entity_changes(kind, base, head, old.records_of(kind), new.records_of(kind))
    ]
    # A file invalid at one side is left out of the comparison: for coverage, its listing
    # stands as it is at the other side, so a postcode typo at a hub neither loses the
    # hub's areas nor hides its activities (its own error is in the errors section).
    old_counted, _ = _with_stand_ins(base, head)
    new_counted, new_stand_ins = _with_stand_ins(head, base)
    coverage = [
        change
        for grouping in GROUPINGS
        for change in _coverage_changes(
            _units(old_counted, taxonomy, on, grouping), _units(new_counted, taxonomy, on, grouping)
        )
    ]
    names = {a.id: a.name for a in (*old.authorities, *new.authorities)}
    return ListingDiff(
        base=base,
        head=head,
        on=on,
        changes=tuple(sorted(changes, key=lambda c: (c.authority, KINDS.index(c.kind), c.id))),
        coverage=tuple(sorted(coverage, key=lambda c: (c.authority, c.unit != "authority", c.id))),
        idle_sites=tuple(_idle_sites(head, old_counted, new_counted, new_stand_ins, on)),
        authority_names=names,
        by=by,
    )


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
            invalid_at = head.label if path in head.invalid_paths else None
            change_kind: EntityChangeKind = "invalid" if invalid_at else "removed"
            found.append(
                EntityChange(
                    kind, listing_id, before.authority_id, change_kind, path, None, (), invalid_at
                )
            )
        elif before is None and after is not None:
            path = head.path_of(after)
            invalid_at = base.label if path in base.invalid_paths else None
            change_kind = "invalid" if invalid_at else "added"
            found.append(
                EntityChange(
                    kind, listing_id, after.authority_id, change_kind, path, None, (), invalid_at
                )
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
                old_authority = before.authority_id
                found.append(
                    EntityChange(
                        kind,
                        listing_id,
                        after.authority_id,
                        change,
                        new_path,
                        moved_from,
                        fields,
                        old_authority=old_authority
                        if old_authority != after.authority_id
                        else None,
                    )
                )
    return found


def _first_by_id(records: Iterable[Record[Any]]) -> dict[str, Record[Any]]:
    # An id used twice is an error validate reports; the first file found stands for it.
    by_id: dict[str, Record[Any]] = {}
    for record in records:
        by_id.setdefault(record.id, record)
    return by_id


def _with_stand_ins(side: Snapshot, other: Snapshot) -> tuple[Listings, frozenset[str]]:
    """`side`'s listings plus, for each file invalid there, its listing at `other`; and
    the ids of those stand-ins."""
    listings = side.report.listings
    known = {record.id for record in listings.records}
    stand_ins = [
        record
        for record in other.report.listings.records
        if record.id not in known and other.path_of(record) in side.invalid_paths
    ]
    if not stand_ins:
        return listings, frozenset()
    counted = Listings(listings.root, [*listings.records, *stand_ins])
    return counted, frozenset(record.id for record in stand_ins)


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


def _idle_sites(
    head: Snapshot, old: Listings, new: Listings, stand_ins: frozenset[str], on: date
) -> list[IdleSite]:
    # A site invalid at HEAD is not judged: only its own errors are reported.
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
        if record.id not in stand_ins
        and record.listing.status != "closed"
        and before.get(record.id)
        and not after.get(record.id)
    ]
    return sorted(idle, key=lambda site: (site.authority, site.id))


def _activities_at_sites(listings: Listings, on: date) -> dict[str, tuple[str, ...]]:
    held: dict[str, list[str]] = {}
    for activity in listings.activities:
        if is_current(activity, on):
            for venue in activity.venues:
                held.setdefault(venue, []).append(activity.id)
    return {site: tuple(ids) for site, ids in held.items()}
