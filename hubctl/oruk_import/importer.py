"""`hubctl import oruk`: an Open Referral UK directory -> listing files and a report.

Reads the source (`json_input`, `tabular_input`), makes the authority from its
organization (`authority`), hubs and branches from its locations (`sites`), activities
from its services (`services`), each settled against its model (`settling`), checked
and written (`writing`), and renders the report of everything not mapped (`report`).
Output is deterministic: the same source into the same tree gives the same files and
the same report (no clock, except the default `today` for dates the source lacks).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from hubctl.discovery import discover, display_path
from hubctl.errors import UsageError
from hubctl.models import Authority
from hubctl.oruk_import.authority import authority_fields
from hubctl.oruk_import.ids import IdAllocator, PathOf, slugify
from hubctl.oruk_import.json_input import SourceService, merge_repeats, read_json_source
from hubctl.oruk_import.notes import ImportNotes, RecordNotes
from hubctl.oruk_import.organizations import (
    in_area_of,
    only_organizations,
    organization_name,
    organization_of,
    partner_fields,
)
from hubctl.oruk_import.report import ReportSummary, render_report
from hubctl.oruk_import.services import ServiceContext, activity_fields
from hubctl.oruk_import.settling import settle
from hubctl.oruk_import.sites import (
    Location,
    assign_branches,
    choose_hubs,
    collect_locations,
    site_fields,
)
from hubctl.oruk_import.source_files import SourceError
from hubctl.oruk_import.tabular_input import is_tabular, read_tabular
from hubctl.oruk_import.terms import index_terms
from hubctl.oruk_import.values import SourceObject, note_leftovers, one_line
from hubctl.oruk_import.writing import (
    WRITER,
    PlannedListing,
    listing_path,
    plan_listing,
    write_listings,
)
from hubctl.reading import read_yaml_file
from hubctl.safe_files import ListingExistsError, replace_file
from hubctl.scaffold import check_id
from hubctl.starter_values import StarterContext
from hubctl.taxonomy import Taxonomy, load_taxonomy

REPORT_NAME = "import-report.md"


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the files written and kept, and the report (and where it went)."""

    written: list[Path]
    kept: list[Path]
    report: str
    report_path: Path | None  # None when the caller prints it
    counts: dict[str, int]
    notes: ImportNotes


@dataclass(frozen=True)
class _Source:
    services: list[SourceService]
    locations: list[SourceService]
    kind: str
    terms: list[Any]  # the taxonomy terms standing alone: a page or table of them


def import_oruk(
    source: Path | str,
    authority: str,
    *,
    out: Path | str = "listings",
    hubs: tuple[str, ...] = (),
    organizations: tuple[str, ...] = (),
    skip_existing: bool = False,
    today: date | None = None,
    taxonomy: Taxonomy | None = None,
    report_path: Path | None = None,
    write_report: bool = True,
) -> ImportResult:
    """Import the Open Referral UK data at `source` as authority `authority` under `out`.

    `hubs` names the locations that are family hubs (else the name rule); `organizations`
    limits the import to those organizations' services (ids or names); `today` (default
    the system date) is written where the source has no date. The report goes to
    `report_path`, by default `<out>/<authority>/import-report.md` (replaced if there),
    unless `write_report` is false. Raises UsageError (exit 2) for a bad authority id,
    a --hubs or --organization entry that matches nothing; SourceError (exit 1) for a
    source that cannot be read; ListingExistsError (exit 1) when a file to write is there
    and not `skip_existing`, or the authority id is another listing's.
    """
    check_id(authority)
    source, out = Path(source), Path(out)
    taxonomy = taxonomy or load_taxonomy()
    day = (today or date.today()).isoformat()
    notes = ImportNotes()
    read = _read_source(source, notes)
    services = only_organizations(merge_repeats(read.services, notes), organizations, notes)
    existing = _existing_ids(out)
    holder = existing.get(authority)
    own_file = listing_path(out, authority, "authority", authority)
    if holder is not None and holder != own_file:
        raise ListingExistsError(
            f"the id '{authority}' is already used by {holder.as_posix()}; ids are unique "
            "across all listings, so choose another --authority"
        )
    ids = IdAllocator(existing)
    ids.reserve(authority)
    planned: list[PlannedListing] = []
    builder = _Builder(authority, out, day, taxonomy, notes, ids, planned)
    organization = builder.authority(services, own_file)
    locations = list(collect_locations(services, read.locations, notes).values())
    unmatched = choose_hubs(locations, _split(hubs))
    if unmatched:
        raise UsageError(
            f"--hubs names '{unmatched[0]}', which is no location of {display_path(str(source))} "
            "(give a location's id, external identifier or name)"
        )
    sites = builder.sites(locations)
    context = ServiceContext(
        taxonomy,
        day,
        sites,
        organization.get("name", ""),
        organization.get("ons_code"),
        organization.get("website"),
        (organization.get("contact") or {}).get("email"),
        index_terms(read.terms, (service.data for service in read.services)),
    )
    for service in services:
        builder.activity(service, context)
    written, kept = write_listings(out, planned, skip_existing=skip_existing)
    counts = Counter(file.kind for file in written)
    counts["kept"] = len(kept)
    summary = ReportSummary(
        display_path(source.as_posix()),
        read.kind,
        authority,
        display_path((out / authority).as_posix()),
        dict(counts),
    )
    report = render_report(summary, notes)
    target = None
    if write_report:
        target = report_path or out / authority / REPORT_NAME
        root = out if report_path is None else target.parent
        replace_file(root, target, report, writer=WRITER, folder_option="--report")
    return ImportResult(
        [file.path for file in written],
        [file.path for file in kept],
        report,
        target,
        dict(counts),
        notes,
    )


def _read_source(source: Path, notes: ImportNotes) -> _Source:
    shown = display_path(source.as_posix())
    if not source.exists():
        raise SourceError(f"{shown}: no such file or folder; nothing was imported")
    if source.is_dir() and is_tabular(source):
        tables = read_tabular(source, shown, notes)
        return _Source(tables.services, tables.locations, "CSV tables", tables.terms)
    if source.name == "datapackage.json":
        tables = read_tabular(source.parent, display_path(source.parent.as_posix()), notes)
        return _Source(tables.services, tables.locations, "CSV tables", tables.terms)
    if source.suffix.lower() == ".csv":
        raise SourceError(
            f"{shown}: one CSV table is not enough; give the folder that holds services.csv "
            "and the other tables; nothing was imported"
        )
    read = read_json_source(source, shown, notes)
    return _Source(read.services, [], "JSON", read.terms)


def _split(values: tuple[str, ...]) -> list[str]:
    """--hubs entries: each value, or its comma-separated parts."""
    found: list[str] = []
    for value in values:
        found += [part.strip() for part in value.split(",") if part.strip()]
    return found


def _existing_ids(out: Path) -> dict[str, Path]:
    """Each id the tree at `out` holds already, with its file."""
    if not out.is_dir():
        return {}
    found: dict[str, Path] = {}
    for source in discover(out)[0]:
        listing_id = source.authority_folder if source.kind == "authority" else source.path.stem
        found.setdefault(listing_id, source.path)
    return found


class _Builder:
    """Maps, settles and plans the listings of one import, noting as it goes."""

    def __init__(
        self,
        authority: str,
        out: Path,
        today: str,
        taxonomy: Taxonomy,
        notes: ImportNotes,
        ids: IdAllocator,
        planned: list[PlannedListing],
    ) -> None:
        self.authority_id = authority
        self.out = out
        self.today = today
        self.taxonomy = taxonomy
        self.notes = notes
        self.ids = ids
        self.planned = planned

    def _context(self, listing_id: str, name: str) -> StarterContext:
        return StarterContext(listing_id, name, date.fromisoformat(self.today), self.taxonomy)

    def _plan(
        self, kind: str, fields: dict[str, Any], record: RecordNotes
    ) -> dict[str, Any] | None:
        """Settle and plan one listing; its settled fields, or None when it is skipped."""
        settled = settle(kind, fields, record, self._context(fields["id"], fields["name"]))
        if settled is None:
            return None
        planned = plan_listing(kind, settled, record, self.out, self.authority_id)
        if planned is None:
            return None
        self.planned.append(planned)
        return settled

    def authority(self, services: list[SourceService], own_file: Path) -> dict[str, Any]:
        """authority.yaml from the main organization, unless it is there; its fields."""
        counted = Counter(organization_of(s)[0] for s in services if organization_of(s)[0])
        main = max(counted, key=lambda key: counted[key], default="")  # the first on a tie
        data: dict[str, Any] | None = None
        origin = ""
        for service in services:
            if organization_of(service)[0] == main:
                organization = service.data.get("organization")
                data = organization if isinstance(organization, dict) else None
                origin = service.origin
                break
        # Other organizations' services in the main one's area are its partners'.
        main_name = organization_name(data) if data is not None else ""
        others = Counter(
            organization_of(s)[0]
            for s in services
            if organization_of(s)[0] not in ("", main) and not in_area_of(s.data, main_name)
        )
        if own_file.is_file() and not own_file.is_symlink():
            record = self.notes.record("organization", main, "", origin or "the source")
            record.written, record.kept = own_file.relative_to(self.out).as_posix(), True
            return _kept_authority(own_file)
        if data is None:
            record = self.notes.record("organization", "", "", "the source")
            fields = authority_fields(self.authority_id, None)
            record.review(
                "name", f"written as '{fields['name']}': the source names no organization"
            )
        else:
            key, name = main, organization_name(data)
            record = self.notes.record("organization", key, name, origin)
            source = SourceObject(data, "", record)
            fields = authority_fields(self.authority_id, source)
            note_leftovers(source)
            if others:
                record.review(
                    "",
                    f"the authority, as it provides {counted[main]:,} of the "
                    f"{sum(counted.values()):,} services; the other "
                    f"{len(others):,} organizations' services are listed under it too, "
                    "delivered by them",
                )
        settled = self._plan("authority", fields, record)
        if settled is None:  # without authority.yaml no listing of it would validate
            fields = authority_fields(self.authority_id, None)
            record.notes = [note for note in record.notes if note.kind != "skipped"]
            record.review("", "written with placeholders only, as its own values were refused")
            settled = self._plan("authority", fields, record)
        return settled or fields

    def sites(self, locations: list[Location]) -> dict[str, str]:
        """Plan hubs, then branches; the site id of each location written, by its key."""
        for location in sorted(locations, key=lambda loc: loc.external_id is None):
            kind = "hub" if location.hub else "branch"
            folder = listing_path(self.out, self.authority_id, kind, "x").parent
            base = location.external_id or slugify(location.name) or kind
            if location.external_id and not self.ids.is_free(
                location.external_id, folder / f"{location.external_id}.yaml"
            ):
                base = slugify(location.name) or kind
            location.site_id = self.ids.allocate(base, PathOf(folder))
            if location.external_id and location.site_id != location.external_id:
                location.notes.review(
                    "id", f"'{location.site_id}': its own id '{location.external_id}' is taken"
                )
        written: dict[str, str] = {}
        hubs = [location for location in locations if location.hub]
        for location in hubs:
            if self._site(location, "hub"):
                written[location.key] = location.site_id
        branches = [location for location in locations if not location.hub]
        if branches and not written:
            first = branches.pop(0)
            first.hub = True
            first.notes.review("kind", "a hub, as no hub could be written")
            if self._site(first, "hub"):
                written[first.key] = first.site_id
        placed = [location for location in locations if location.hub and location.key in written]
        assign_branches(placed + branches)
        for location in branches:
            if self._site(location, "branch"):
                written[location.key] = location.site_id
        return written

    def _site(self, location: Location, kind: str) -> bool:
        if not location.name:
            location.notes.skipped("not written: the location has no name")
            return False
        fields = site_fields(location, self.today)
        return self._plan(kind, fields, location.notes) is not None

    def activity(self, service: SourceService, context: ServiceContext) -> None:
        """Plan the activity of one service (noted as skipped when it cannot be one)."""
        key = service.data.get("id")
        source_id = str(key) if isinstance(key, str | int) and not isinstance(key, bool) else ""
        name_value = service.data.get("name")
        name = one_line(name_value) if isinstance(name_value, str) else ""
        record = self.notes.record("service", source_id, name, service.origin)
        if not name:
            record.skipped("not written: the service has no name")
            return
        folder = listing_path(self.out, self.authority_id, "activity", "x").parent
        activity_id = self.ids.allocate(slugify(name) or "activity", PathOf(folder))
        if activity_id != slugify(name):
            record.review("id", f"'{activity_id}': another listing has the id of its name")
        organization = organization_of(service)
        partner: dict[str, Any] | None = None
        if organization[0] and organization[1] and organization[1] != context.authority_name:
            if not in_area_of(service.data, context.authority_name):
                record.review(
                    "",
                    f"provided by {organization[1]}; listed under the authority, delivered by it",
                )
            partner = partner_fields(service.data["organization"], record)
        source = SourceObject(service.data, "", record)
        fields = activity_fields(source, activity_id, name, context)
        if partner is not None:
            fields["delivered_by"] = partner
        note_leftovers(source)
        self._plan("activity", fields, record)


def _kept_authority(path: Path) -> dict[str, Any]:
    """The fields of an authority.yaml that is there (empty if it does not validate)."""
    read = read_yaml_file(path, path.as_posix())
    try:
        return Authority.model_validate(read.data).model_dump(mode="json") if read.data else {}
    except ValueError:
        return {}
