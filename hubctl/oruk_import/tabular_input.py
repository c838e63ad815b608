"""Open Referral tabular data (one CSV per HSDS table) -> services in the nested shape.

The folder holds `services.csv` and the other tables, named as HSDS's Data Package names
them (`organizations.csv`, `service_at_locations.csv` ...; the singular names some exports
use are read too), or as its own `datapackage.json` says (`resources[].name` and `path`).
Rows are joined on their id columns into the same nested objects the JSON API returns, so
one mapping reads both: a service row gets its organization, schedules, locations (with
addresses, accessibility and phones), contacts, cost options, languages and taxonomy
terms. Every taxonomy_terms row is also kept by itself, so a term's `parent_id` finds its
parent; a parent row is read with its child. Rows nothing joins to, tables hubctl does not
read and files no table names are noted, never skipped silently.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from hubctl.oruk_import.json_input import SourceService, parse_json
from hubctl.oruk_import.notes import ImportNotes
from hubctl.oruk_import.source_files import (
    SourcePath,
    decode_source,
    files_under,
    note_file,
    read_source,
    source_error,
)

# Each table HSDS 3.0 has, and its file names: the Data Package's first.
TABLE_FILES: dict[str, tuple[str, ...]] = {
    "organization": ("organizations.csv", "organization.csv"),
    "organization_identifier": ("organization_identifiers.csv", "organization_identifier.csv"),
    "service": ("services.csv", "service.csv"),
    "location": ("locations.csv", "location.csv"),
    "service_at_location": ("service_at_locations.csv", "service_at_location.csv"),
    "address": ("addresses.csv", "address.csv"),
    "phone": ("phones.csv", "phone.csv"),
    "schedule": ("schedules.csv", "schedule.csv"),
    "contact": ("contacts.csv", "contact.csv"),
    "cost_option": ("cost_options.csv", "cost_option.csv"),
    "language": ("languages.csv", "language.csv"),
    "accessibility": ("accessibility.csv", "accessibilities.csv"),
    "attribute": ("attributes.csv", "attribute.csv"),
    "taxonomy_term": ("taxonomy_terms.csv", "taxonomy_term.csv"),
    "taxonomy": ("taxonomies.csv", "taxonomy.csv"),
    "service_area": ("service_areas.csv", "service_area.csv"),
    "funding": ("funding.csv", "fundings.csv"),
    "program": ("programs.csv", "program.csv"),
    "required_document": ("required_documents.csv", "required_document.csv"),
    "url": ("urls.csv", "url.csv"),
    "metadata": ("metadata.csv",),
    "meta_table_description": ("meta_table_descriptions.csv", "meta_table_description.csv"),
}
# Tables about the data set itself, not about services: read by nothing.
_ABOUT_THE_DATA = ("metadata", "meta_table_description")
# Where a row of each table belongs: the first of its id columns that names a row there.
# (A schedule names a service, a service at a location or a location; a phone any of
# these, a contact or an organization.)
_OWNERS: dict[str, tuple[tuple[str, str], ...]] = {
    "schedule": (
        ("service_at_location_id", "service_at_location"),
        ("service_id", "service"),
        ("location_id", "location"),
    ),
    "phone": (
        ("contact_id", "contact"),
        ("service_at_location_id", "service_at_location"),
        ("location_id", "location"),
        ("service_id", "service"),
        ("organization_id", "organization"),
    ),
    "contact": (
        ("service_at_location_id", "service_at_location"),
        ("service_id", "service"),
        ("location_id", "location"),
        ("organization_id", "organization"),
    ),
    "url": (("service_id", "service"), ("organization_id", "organization")),
}
# The lists each kind of object gets from rows of other tables that belong to it.
_CHILDREN: dict[str, tuple[tuple[str, str], ...]] = {
    "service": (
        ("schedules", "schedule"),
        ("contacts", "contact"),
        ("phones", "phone"),
        ("cost_options", "cost_option"),
        ("languages", "language"),
        ("service_areas", "service_area"),
        ("funding", "funding"),
        ("required_documents", "required_document"),
        ("urls", "url"),
    ),
    "service_at_location": (
        ("schedules", "schedule"),
        ("phones", "phone"),
        ("contacts", "contact"),
    ),
    "location": (
        ("addresses", "address"),
        ("accessibility", "accessibility"),
        ("phones", "phone"),
        ("schedules", "schedule"),
        ("contacts", "contact"),
        ("languages", "language"),
    ),
    "organization": (
        ("organization_identifiers", "organization_identifier"),
        ("phones", "phone"),
        ("contacts", "contact"),
        ("urls", "url"),
    ),
    "contact": (("phones", "phone"),),
}
# The column naming its owner, for tables whose rows have one owner kind.
_OWNER_COLUMNS = {
    "cost_option": ("service_id", "service"),
    "language": ("service_id", "service"),
    "service_area": ("service_id", "service"),
    "funding": ("service_id", "service"),
    "required_document": ("service_id", "service"),
    "address": ("location_id", "location"),
    "accessibility": ("location_id", "location"),
    "organization_identifier": ("organization_id", "organization"),
    "service_at_location": ("service_id", "service"),
}


@dataclass
class _Row:
    values: dict[str, str]
    origin: str
    number: int
    used: bool = False

    @property
    def id(self) -> str:
        return self.values.get("id", "").strip()


@dataclass(frozen=True)
class TabularSource:
    """What the tables hold: the services, the locations no service is held at, and
    every taxonomy term (the taxonomy_terms rows)."""

    services: list[SourceService]
    locations: list[SourceService]
    terms: list[dict[str, str]]


def is_tabular(folder: Path) -> bool:
    """Whether a folder holds HSDS tables: a datapackage.json or a services table."""
    return any((folder / name).is_file() for name in ("datapackage.json", *TABLE_FILES["service"]))


def read_tabular(folder: Path, display: str, notes: ImportNotes) -> TabularSource:
    """The services (and lone locations) of the tables in `folder`, joined into objects.

    Raises SourceError for a table that cannot be read, and when there is no services
    table or it has no row.
    """
    files = _table_files(folder, notes)
    if "service" not in files:
        raise source_error(display, "holds no services table (services.csv)")
    tables = {name: _read_table(source) for name, source in files.items()}
    for name in _ABOUT_THE_DATA:
        if name in tables:
            note_file(notes, files[name].display, "describes the data set, not services: not read")
            for row in tables[name]:
                row.used = True
    joined = _Joiner(tables)
    services = [
        SourceService(joined.service(row), row.origin) for row in tables["service"] if row.id
    ]
    if not services:
        raise source_error(files["service"].display, "holds no service with an id")
    lone = [
        SourceService(joined.location(row), row.origin)
        for row in tables.get("location", [])
        if row.id and not row.used
    ]
    for name, rows in tables.items():
        _note_unused(files[name].display, [row for row in rows if not row.used], notes)
    terms = [dict(row.values) for row in tables.get("taxonomy_term", [])]
    return TabularSource(services, lone, terms)


def _table_files(folder: Path, notes: ImportNotes) -> dict[str, SourcePath]:
    """The file of each table: as datapackage.json names them, else by HSDS's names."""
    present = {
        source.path.name: source for source in files_under(folder, (".csv",), notes, recurse=False)
    }
    package = folder / "datapackage.json"
    chosen: dict[str, SourcePath] = {}
    named_elsewhere: set[str] = set()  # a table's other file, noted already
    if package.is_file():
        chosen = _package_files(folder, SourcePath(package, "datapackage.json"), present, notes)
    else:
        for table, names in TABLE_FILES.items():
            found = [present[name] for name in names if name in present]
            if found:
                chosen[table] = found[0]
                for other in found[1:]:
                    named_elsewhere.add(other.path.name)
                    note_file(
                        notes,
                        other.display,
                        f"the {table} table is read from {found[0].display}; this file is not read",
                    )
    named = {source.path.name for source in chosen.values()} | named_elsewhere
    for name, source in sorted(present.items()):
        if name not in named:
            note_file(notes, source.display, "no Open Referral table has this name: not read")
    return chosen


def _package_files(
    folder: Path, package: SourcePath, present: dict[str, SourcePath], notes: ImportNotes
) -> dict[str, SourcePath]:
    document = parse_json(package)
    resources = document.get("resources") if isinstance(document, dict) else None
    if not isinstance(resources, list):
        raise source_error(package.display, "has no list of resources")
    chosen: dict[str, SourcePath] = {}
    for index, resource in enumerate(resources):
        name = resource.get("name") if isinstance(resource, dict) else None
        path = resource.get("path") if isinstance(resource, dict) else None
        where = f"{package.display}: resources[{index}]"
        if not isinstance(name, str) or not isinstance(path, str):
            note_file(notes, where, "has no name and path: not read")
            continue
        relative = PurePosixPath(path)
        if (
            relative.is_absolute()
            or ".." in relative.parts
            or "://" in path
            or len(relative.parts) != 1
        ):
            note_file(
                notes, where, f"its path {json.dumps(path)} is not a file in the folder: not read"
            )
            continue
        if name not in TABLE_FILES:
            note_file(notes, where, f"{json.dumps(name)} is no Open Referral table: not read")
            continue
        if relative.name not in present:
            note_file(notes, where, f"its file {json.dumps(path)} is not in the folder")
            continue
        chosen.setdefault(name, present[relative.name])
    return chosen


def _read_table(source: SourcePath) -> list[_Row]:
    text = decode_source(source, read_source(source))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, [])
        columns = [column.strip() for column in header]
        if len(set(columns)) != len(columns):
            raise source_error(source.display, "two columns have the same name")
        rows = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            number = reader.line_num
            values = dict(zip(columns, cells, strict=False))
            if len(cells) > len(columns):
                values["(cells beyond the header)"] = ", ".join(cells[len(columns) :])
            rows.append(_Row(values, f"{source.display}: line {number}", number))
    except csv.Error as error:
        raise source_error(
            source.display, f"not valid CSV at line {reader.line_num} ({error})"
        ) from None
    return rows


class _Joiner:
    """Builds nested objects from rows, marking each row it uses."""

    def __init__(self, tables: dict[str, list[_Row]]) -> None:
        self.tables = tables
        self.by_id: dict[str, dict[str, _Row]] = {}
        for name, rows in tables.items():
            index: dict[str, _Row] = {}
            for row in rows:
                if row.id:
                    index.setdefault(row.id, row)  # a repeated id: the first row; the rest unused
            self.by_id[name] = index
        # (owner table, owner id) -> the rows of each table that belong to it
        self.owned: dict[tuple[str, str, str], list[_Row]] = {}
        for name, rows in tables.items():
            for row in rows:
                owner = self._owner(name, row)
                if owner is not None:
                    self.owned.setdefault((*owner, name), []).append(row)
        self.attributes: dict[str, list[_Row]] = {}
        for row in tables.get("attribute", []):
            self.attributes.setdefault(row.values.get("link_id", "").strip(), []).append(row)
        self.organizations: dict[str, dict[str, Any]] = {}
        self.locations: dict[str, dict[str, Any]] = {}

    def _owner(self, table: str, row: _Row) -> tuple[str, str] | None:
        candidates = _OWNERS.get(table) or (
            (_OWNER_COLUMNS[table],) if table in _OWNER_COLUMNS else ()
        )
        for column, owner_table in candidates:
            value = row.values.get(column, "").strip()
            if value and value in self.by_id.get(owner_table, {}):
                return owner_table, value
        return None

    def _object(self, kind: str, row: _Row) -> dict[str, Any]:
        row.used = True
        built: dict[str, Any] = dict(row.values)
        for key, table in _CHILDREN.get(kind, ()):
            children = self.owned.get((kind, row.id, table), [])
            if children:
                built[key] = [self._child(table, child) for child in children]
        return built

    def _child(self, table: str, row: _Row) -> dict[str, Any]:
        if table == "contact":
            return self._object("contact", row)
        row.used = True
        return dict(row.values)

    def service(self, row: _Row) -> dict[str, Any]:
        """A service row as a nested HSDS service."""
        service = self._object("service", row)
        organization = self._organization(row.values.get("organization_id", "").strip())
        if organization is not None:
            service["organization"] = organization
        program = self.by_id.get("program", {}).get(row.values.get("program_id", "").strip())
        if program is not None:
            program.used = True
            service["program"] = dict(program.values)
        links = self.owned.get(("service", row.id, "service_at_location"), [])
        if links:
            service["service_at_locations"] = [self._link(link) for link in links]
        attributes = self._attributes(row.id, "service")
        if attributes:
            service["attributes"] = attributes
        return service

    def location(self, row: _Row) -> dict[str, Any]:
        """A location row as a nested HSDS location (built once, then shared)."""
        if row.id not in self.locations:
            location = self._object("location", row)
            attributes = self._attributes(row.id, "location")
            if attributes:
                location["attributes"] = attributes
            self.locations[row.id] = location
        return self.locations[row.id]

    def _link(self, row: _Row) -> dict[str, Any]:
        link = self._object("service_at_location", row)
        location = self.by_id.get("location", {}).get(row.values.get("location_id", "").strip())
        if location is not None:
            link["location"] = self.location(location)
        return link

    def _organization(self, organization_id: str) -> dict[str, Any] | None:
        row = self.by_id.get("organization", {}).get(organization_id)
        if row is None:
            return None
        if organization_id not in self.organizations:
            self.organizations[organization_id] = self._object("organization", row)
        return self.organizations[organization_id]

    def _attributes(self, owner_id: str, kind: str) -> list[dict[str, Any]]:
        found = []
        for row in self.attributes.get(owner_id, []):
            if row.values.get("link_entity", "").strip() not in ("", kind):
                continue
            attribute = self._child("attribute", row)
            term = self._term(row.values.get("taxonomy_term_id", "").strip())
            if term is not None:
                attribute["taxonomy_term"] = term
            found.append(attribute)
        return found

    def _term(self, term_id: str) -> dict[str, Any] | None:
        row = self.by_id.get("taxonomy_term", {}).get(term_id)
        if row is None:
            return None
        row.used = True
        parent = self.by_id.get("taxonomy_term", {}).get(row.values.get("parent_id", "").strip())
        if parent is not None:
            parent.used = True  # read as this term's parent
        term: dict[str, Any] = dict(row.values)
        vocabulary = self.by_id.get("taxonomy", {}).get(term.get("taxonomy_id", "").strip())
        if vocabulary is not None:
            vocabulary.used = True
            if not term.get("taxonomy", "").strip():
                term["taxonomy"] = vocabulary.values.get("name", "")
        return term


def _note_unused(display: str, rows: Iterable[_Row], notes: ImportNotes) -> None:
    unused = list(rows)
    if not unused:
        return
    shown = ", ".join(str(row.number) for row in unused[:10])
    more = f" and {len(unused) - 10:,} more" if len(unused) > 10 else ""
    count = f"{len(unused):,} row{'s' if len(unused) != 1 else ''}"
    note_file(
        notes,
        display,
        f"{count} (line {shown}{more}) belong to no service or location read (their ids name "
        "none), or repeat an id: not read",
    )
