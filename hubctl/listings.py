"""Read every listing file of a tree into one typed, indexed `Listings` value.

`discovery` finds the files; each is read and checked on its own here, so one bad
file never hides problems in the others. Cross-file rules live in `checks`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import ValidationError

from hubctl.diagnostics import Diagnostic, diagnostic, quoted
from hubctl.discovery import SourceFile, discover
from hubctl.field_hints import MissingFieldHints
from hubctl.model_errors import diagnostics_from_validation_error
from hubctl.models import (
    BOOLEAN_FIELDS,
    DATE_FIELDS,
    MODEL_BY_KIND,
    Activity,
    Authority,
    Branch,
    Hub,
    Site,
)
from hubctl.reading import (
    Document,
    Hazard,
    ReadResult,
    read_yaml_bytes,
    read_yaml_file,
)
from hubctl.taxonomy import Taxonomy

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
    root: Path | str, *, today: date | None = None, taxonomy: Taxonomy | None = None
) -> Listings:
    """Read every listing under `root` into models.

    Returns a `Listings` holding the valid listings and the diagnostics of the
    files that are not (reading errors, schema errors, YAML 1.1 warnings). Never
    raises for bad content. `today` and `taxonomy` fill the examples a message about
    a missing field shows (default: the system date, the shipped taxonomy).
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
    records: list[Record[Any]] = []
    venues_of_invalid: set[str] = set()
    invalid_sites: dict[str, str] = {}
    for source in sources:
        record, problems, data = _load(source, today, taxonomy)
        diagnostics.extend(problems)
        if record is not None:
            records.append(record)
        elif source.kind == "activity":
            venues_of_invalid |= _raw_venues(data)
        elif source.kind in ("hub", "branch"):
            for site_id in (source.path.stem, _raw_id(data)):
                if site_id:
                    invalid_sites.setdefault(site_id, source.kind)
    return Listings(root, records, diagnostics, sources, venues_of_invalid, invalid_sites)


# The kinds of listing file, in the order `discover` names them.
KINDS = tuple(MODEL_BY_KIND)


def check_listing_bytes(raw: bytes, kind: str, display_path: str) -> list[Diagnostic]:
    """What one file's bytes give on their own as a listing of `kind`: reading, schema
    and quoting diagnostics, without the checks across files. Never raises for bad content.
    """
    hints = MissingFieldHints(kind, display_path, None, None)
    _, problems = _check_read(read_yaml_bytes(raw, display_path), kind, display_path, hints)
    return problems


def _load(
    source: SourceFile, today: date | None, taxonomy: Taxonomy | None
) -> tuple[Record[Any] | None, list[Diagnostic], dict[str, Any] | None]:
    """Read and check one file: its record (None if invalid), diagnostics and plain data."""
    read = read_yaml_file(source.path, source.display_path)
    hints = MissingFieldHints(source.kind, source.display_path, today, taxonomy)
    listing, problems = _check_read(read, source.kind, source.display_path, hints)
    record = Record(source, listing) if listing is not None else None
    return record, problems, read.data


def _check_read(
    read: ReadResult, kind: str, display_path: str, hints: MissingFieldHints
) -> tuple[Any, list[Diagnostic]]:
    """The model (None if invalid) and every diagnostic of a file that has been read."""
    problems = read.diagnostics + hazard_warnings(read.hazards, display_path)
    if read.data is None:
        return None, problems
    try:
        listing = MODEL_BY_KIND[kind].model_validate(read.data)
    except ValidationError as error:
        document = Document(read.text or "")
        errors = diagnostics_from_validation_error(
            error, read.data, document, display_path, hints.example
        )
        # An error on a line says enough; a quoting warning there would only distract.
        error_lines = {d.line for d in errors}
        return None, [d for d in problems if d.line not in error_lines] + errors
    return listing, problems


def _raw_venues(data: dict[str, Any] | None) -> set[str]:
    venues = (data or {}).get("venues")
    return {v for v in venues if isinstance(v, str)} if isinstance(venues, list) else set()


def _raw_id(data: dict[str, Any] | None) -> str | None:
    site_id = (data or {}).get("id")
    return site_id if isinstance(site_id, str) else None


def hazard_warnings(hazards: list[Hazard], display_path: str) -> list[Diagnostic]:
    """HUB011 warnings for plain values that YAML 1.1 tools would read differently."""
    warnings = []
    for hazard in hazards:
        field_name = next((p for p in reversed(hazard.path) if isinstance(p, str)), "")
        if hazard.yaml11_type == "timestamp" and field_name in DATE_FIELDS:
            continue  # a date where a date is wanted reads the same everywhere
        if hazard.yaml11_type == "bool" and field_name in BOOLEAN_FIELDS:
            word = "true" if hazard.value.lower() in ("yes", "on", "y") else "false"
            message = (
                f"{field_name}: {hazard.value} means {word} here, but only true and false "
                f"are booleans in every YAML tool; write {word}"
            )
        else:
            message = (
                f"{hazard.value} is read as text here, but other YAML tools read it as "
                f'{_yaml11_reading(hazard)}; write "{hazard.value}" in quotes'
            )
            if len(hazard.value) > 40:  # a long value: name it once, briefly
                message = (
                    f"{quoted(hazard.value)} is read as text here, but other YAML tools read "
                    f"it as {_yaml11_reading(hazard)}; put it in double quotes"
                )
        warnings.append(diagnostic(display_path, hazard.line, hazard.column, "HUB011", message))
    return warnings


def _yaml11_reading(hazard: Hazard) -> str:
    if hazard.yaml11_type == "bool":
        return "a yes/no value"
    if hazard.yaml11_type == "timestamp":
        return "a date"
    if hazard.yaml11_type == "null":
        return "empty (null)"
    try:
        number: Any = yaml.safe_load(hazard.value)
        if isinstance(number, str):  # leading zero: YAML 1.2 tools drop it
            number = int(hazard.value.lstrip("+"))
        shown = str(number)
    except (ValueError, yaml.YAMLError):  # beyond Python's digit limits
        return "a number"
    return f"the number {shown}" if len(shown) <= 40 else "a number"
