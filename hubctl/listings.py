"""Read every listing file of a tree into one typed, indexed `Listings` value.

`discovery` finds the files; each is read and checked on its own (`file_checks`, in
worker processes or from the cache as `parallel_reading` decides), so one bad file
never hides problems in the others. Cross-file rules live in `checks`.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from hubctl.diagnostics import Diagnostic, diagnostic
from hubctl.discovery import SourceFile, discover
from hubctl.errors import HubctlError
from hubctl.file_outcome import HintSettings, StoredModelBytes
from hubctl.file_reading import UnreadableFile, read_file_bytes
from hubctl.layout import KINDS
from hubctl.listing_cache import ListingCache, cache_context, load_model
from hubctl.listing_facts import ListingFacts, facts_of
from hubctl.parallel_reading import SERIAL_READING, ReadOptions, check_files
from hubctl.taxonomy_source import TaxonomySource, read_taxonomy_source

# The models (pydantic) are loaded only when a model is first built: a run whose every
# file comes from the cache builds none (README: Performance).
if TYPE_CHECKING:
    from hubctl.models import Activity, Authority, Branch, Hub, Site
    from hubctl.taxonomy import Taxonomy

    ListingT = TypeVar("ListingT", Authority, Hub, Branch, Activity, covariant=True)
else:
    ListingT = TypeVar("ListingT", covariant=True)


class Record(Generic[ListingT]):
    """One valid listing, the file it came from, and the authority it belongs to.

    `facts` (what the checks across files read) are always there; the model itself is
    built from `model_blob` the first time `listing` is asked for, so a validate that
    took its files from worker processes or the cache never builds the models.
    """

    __slots__ = ("_listing", "_model_blob", "facts", "source")

    def __init__(
        self,
        source: SourceFile,
        listing: ListingT | None = None,
        *,
        facts: ListingFacts | None = None,
        model_blob: bytes | StoredModelBytes | None = None,
    ) -> None:
        if listing is None and model_blob is None:
            raise ValueError("a record needs its listing or the listing's pickled model")
        self.source = source
        self._listing: ListingT | None = listing
        self._model_blob = model_blob
        self.facts = facts if facts is not None else facts_of(listing)

    @property
    def listing(self) -> ListingT:
        """The validated model."""
        if self._listing is None:
            blob = self._model_blob
            assert blob is not None
            raw = blob if isinstance(blob, bytes) else blob.read()
            listing: ListingT = (raw is not None and self._unpickled(raw)) or self._checked_again()
            self._listing, self._model_blob = listing, None
            return listing
        return self._listing

    def _unpickled(self, blob: bytes) -> Any:
        """The model the blob holds, or None if it does not hold this record's model."""
        try:
            listing = load_model(blob)
        except (pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError):
            return None
        from hubctl.models import MODEL_BY_KIND

        kind_model = MODEL_BY_KIND[self.source.kind]
        if not isinstance(listing, kind_model) or facts_of(listing) != self.facts:
            return None
        return listing

    def _checked_again(self) -> Any:
        """The model, from the file again: only a pack whose models were damaged after
        it was written, or one damaged under this machine's own key, gets here; and the
        file must still give the facts the checks used."""
        from hubctl.file_checks import check_bytes

        try:
            outcome = check_bytes(read_file_bytes(self.source.path), self.source.kind, "")
        except UnreadableFile:
            outcome = None
        if outcome is None or outcome.listing is None or outcome.facts != self.facts:
            raise ListingChangedError(
                f"{self.source.display_path} changed while hubctl was reading it; run the "
                "command again"
            )
        return outcome.listing

    @property
    def id(self) -> str:
        """The listing's id."""
        return self.facts.id

    def __repr__(self) -> str:
        return f"Record({self.source.display_path!r}, id={self.id!r})"

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
        by_kind: dict[str, list[Record[Any]]] = {kind: [] for kind in KINDS}
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
        return {record.id: record.listing for record in self._first_site_records}

    @cached_property
    def site_facts_by_id(self) -> dict[str, ListingFacts]:
        """The facts of hubs and branches by id (as `site_by_id`), built without models."""
        return {record.id: record.facts for record in self._first_site_records}

    @cached_property
    def _first_site_records(self) -> tuple[Record[Hub] | Record[Branch], ...]:
        """The first hub or branch record of each id, in the order they were read."""
        first: dict[str, Record[Hub] | Record[Branch]] = {}
        for record in self.site_records:
            first.setdefault(record.id, record)
        return tuple(first.values())

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


class ListingChangedError(HubctlError):
    """A file changed during the run, so its model no longer matches what was checked."""


def load_listings(
    root: Path | str,
    *,
    reading: ReadOptions = SERIAL_READING,
    today: date | None = None,
    taxonomy: Taxonomy | TaxonomySource | None = None,
) -> Listings:
    """Read every listing under `root` into models.

    Returns a `Listings` holding the valid listings and the diagnostics of the
    files that are not (reading errors, schema errors, YAML 1.1 warnings). Never
    raises for bad content. `reading` says how many processes read the files, which
    cache folder to use (none by default) and whom to tell of progress; the result is
    the same whatever it says. `taxonomy` is the taxonomy in use (default: the shipped
    one), parsed or as its file's bytes: a cache written under another one is not used,
    and a `TaxonomySource` is told the areas an authenticated cache recorded for it, so
    that a run from the cache parses no taxonomy. `today` and `taxonomy` fill the
    examples a message about a missing field shows (default: the system date).
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
    taxonomy = taxonomy or read_taxonomy_source()
    cache = None
    if reading.cache_dir is not None:
        cache = ListingCache(reading.cache_dir, root, cache_context(taxonomy.identity), taxonomy)
    if isinstance(taxonomy, TaxonomySource):
        if cache is not None and cache.known_areas is not None:
            taxonomy.remember(cache.known_areas)
        else:
            # Parsed now, not in the middle of the checks: a broken taxonomy stops the
            # run before any file is read, and worker processes start with it parsed.
            taxonomy.load()
    records: list[Record[Any]] = []
    venues_of_invalid: set[str] = set()
    invalid_sites: dict[str, str] = {}
    for source, outcome in zip(
        sources, check_files(sources, reading, cache, HintSettings(today, taxonomy)), strict=True
    ):
        diagnostics.extend(outcome.diagnostics)
        if outcome.facts is not None:
            records.append(
                Record(source, outcome.listing, facts=outcome.facts, model_blob=outcome.model_blob)
            )
        elif source.kind == "activity":
            venues_of_invalid |= outcome.venues
        elif source.kind in ("hub", "branch"):
            for site_id in (source.stem, outcome.raw_id):
                if site_id:
                    invalid_sites.setdefault(site_id, source.kind)
    return Listings(root, records, diagnostics, sources, venues_of_invalid, invalid_sites)
