"""Read every listing file of a tree into one typed, indexed `Listings` value.

`discovery` finds the files; each is read and checked on its own (`file_checks`, in
worker processes or from the cache as `parallel_reading` decides), so one bad file
never hides problems in the others. Cross-file rules live in `checks`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, Generic, TypeVar

from hubctl.diagnostics import Diagnostic, diagnostic
from hubctl.discovery import SourceFile, discover
from hubctl.file_checks import KINDS, HintSettings, check_listing_bytes, hazard_warnings
from hubctl.listing_cache import ListingCache, cache_context
from hubctl.models import MODEL_BY_KIND, Activity, Authority, Branch, Hub, Site
from hubctl.parallel_reading import SERIAL_READING, ReadOptions, check_files
from hubctl.taxonomy import Taxonomy

# Where they were defined before the per-file checks had a module of their own.
__all__ = ["KINDS", "Listings", "Record", "check_listing_bytes", "hazard_warnings", "load_listings"]

ListingT = TypeVar("ListingT", Authority, Hub, Branch, Activity, covariant=True)


@dataclass(frozen=True)
class Record(Generic[ListingT]):
    """One valid listing, the file it came from, and the authority it belongs to."""

    source: SourceFile
    listing: ListingT

    @property
    def id(self) -> str:
        """The listing's id."""
        return self.listing.id

    @property
    def authority_id(self) -> str:
        """The authority the listing belongs to: the name of its authority folder."""
        return self.source.authority_folder


class Listings:
    """Every valid listing of a tree, typed and indexed once, plus the loading diagnostics.

    Each kind is a tuple of records sorted by id; the lookups that checks, coverage and
    the feeds share (authority by id, site by id, a hub's sites) are built on first use
    and kept, so no consumer re-sorts, re-filters or re-indexes the listings.
    """

    def __init__(
        self,
        root: Path,
        records: Iterable[Record[Any]] = (),
        diagnostics: Iterable[Diagnostic] = (),
        sources: Iterable[SourceFile] = (),
        venues_of_invalid_activities: Iterable[str] = (),
        invalid_sites: Mapping[str, str] | None = None,
    ) -> None:
        self.root = root
        # In the order the files were found (by path).
        self.records: tuple[Record[Any], ...] = tuple(records)
        self.diagnostics = list(diagnostics)
        # Every listing file found, valid or not.
        self.sources = tuple(sources)
        # Venue ids named by activity files that failed validation, so a site they
        # name is not also reported as unused (one mistake, one message).
        self.venues_of_invalid_activities = frozenset(venues_of_invalid_activities)
        # The kind ("hub" or "branch") of each site file that failed validation, by its
        # file stem and by its raw `id`: a reference to it is not also reported as
        # unknown, so its own error comes first and alone (one mistake, one message).
        self.invalid_sites: dict[str, str] = dict(invalid_sites or {})
        by_kind: dict[str, list[Record[Any]]] = {kind: [] for kind in MODEL_BY_KIND}
        for record in sorted(self.records, key=lambda r: r.id):
            by_kind[record.source.kind].append(record)
        self._records_by_kind = {kind: tuple(found) for kind, found in by_kind.items()}
        self.authority_records: tuple[Record[Authority], ...] = tuple(by_kind["authority"])
        self.hub_records: tuple[Record[Hub], ...] = tuple(by_kind["hub"])
        self.branch_records: tuple[Record[Branch], ...] = tuple(by_kind["branch"])
        self.activity_records: tuple[Record[Activity], ...] = tuple(by_kind["activity"])

    def records_of(self, kind: str) -> tuple[Record[Any], ...]:
        """The records of one kind (authority, hub, branch, activity), sorted by id."""
        return self._records_by_kind[kind]

    @cached_property
    def authorities(self) -> tuple[Authority, ...]:
        """The authorities, sorted by id."""
        return tuple(r.listing for r in self.authority_records)

    @cached_property
    def hubs(self) -> tuple[Hub, ...]:
        """The hubs, sorted by id."""
        return tuple(r.listing for r in self.hub_records)

    @cached_property
    def branches(self) -> tuple[Branch, ...]:
        """The branches, sorted by id."""
        return tuple(r.listing for r in self.branch_records)

    @cached_property
    def activities(self) -> tuple[Activity, ...]:
        """The activities, sorted by id."""
        return tuple(r.listing for r in self.activity_records)

    @cached_property
    def site_records(self) -> tuple[Record[Hub] | Record[Branch], ...]:
        """Hubs, then branches, each sorted by id."""
        return (*self.hub_records, *self.branch_records)

    @cached_property
    def authority_by_id(self) -> dict[str, Authority]:
        """Authorities by id."""
        return {authority.id: authority for authority in self.authorities}

    @cached_property
    def site_by_id(self) -> dict[str, Site]:
        """Hubs and branches by id (the first one found, if an id is used twice)."""
        sites: dict[str, Site] = {}
        for record in self.site_records:
            sites.setdefault(record.id, record.listing)
        return sites

    @cached_property
    def sites_of_hub(self) -> dict[str, tuple[Site, ...]]:
        """Each hub's network: the hub, then its branches by id."""
        networks: dict[str, list[Site]] = {hub.id: [hub] for hub in self.hubs}
        for branch in self.branches:
            if branch.hub in networks:
                networks[branch.hub].append(branch)
        return {hub_id: tuple(sites) for hub_id, sites in networks.items()}

    @cached_property
    def hub_of_site(self) -> dict[str, str]:
        """The hub of every site, by site id: a hub is its own, a branch names its hub."""
        hubs = {hub.id: hub.id for hub in self.hubs}
        return {**hubs, **{branch.id: branch.hub for branch in self.branches}}

    @cached_property
    def hubs_of_authority(self) -> dict[str, tuple[str, ...]]:
        """The ids of each authority's hubs, sorted, by authority id."""
        hubs: dict[str, list[str]] = {}
        for record in self.hub_records:
            hubs.setdefault(record.authority_id, []).append(record.id)
        return {authority: tuple(ids) for authority, ids in hubs.items()}


def load_listings(
    root: Path | str,
    *,
    reading: ReadOptions = SERIAL_READING,
    taxonomy_text: str = "",
    today: date | None = None,
    taxonomy: Taxonomy | None = None,
) -> Listings:
    """Read every listing under `root` into models.

    Returns a `Listings` holding the valid listings and the diagnostics of the
    files that are not (reading errors, schema errors, YAML 1.1 warnings). Never
    raises for bad content. `reading` says how many processes read the files, which
    cache folder to use (none by default) and whom to tell of progress; the result is
    the same whatever it says. `taxonomy_text` names the taxonomy in use, so a cache
    written under another one is not used. `today` and `taxonomy` fill the examples a
    message about a missing field shows (default: the system date, the shipped taxonomy).
    """
    root = Path(root)
    if not root.is_dir():  # the folder the user named may itself be a link
        missing = diagnostic(
            root.as_posix(),
            1,
            1,
            "HUB012",
            "the listings folder does not exist; pass --listings DIR or run from the "
            "repository's top folder",
        )
        return Listings(root, diagnostics=[missing])
    sources, diagnostics = discover(root)
    cache = None
    if reading.cache_dir is not None:
        cache = ListingCache(reading.cache_dir, root, cache_context(taxonomy_text))
    records: list[Record[Any]] = []
    venues_of_invalid: set[str] = set()
    invalid_sites: dict[str, str] = {}
    for source, outcome in zip(
        sources, check_files(sources, reading, cache, HintSettings(today, taxonomy)), strict=True
    ):
        diagnostics.extend(outcome.diagnostics)
        if outcome.listing is not None:
            records.append(Record(source, outcome.listing))
        elif source.kind == "activity":
            venues_of_invalid |= outcome.venues
        elif source.kind in ("hub", "branch"):
            for site_id in (source.path.stem, outcome.raw_id):
                if site_id:
                    invalid_sites.setdefault(site_id, source.kind)
    return Listings(root, records, diagnostics, sources, venues_of_invalid, invalid_sites)
