"""Open Referral UK JSON -> the services it holds, each with where it came from.

A file may hold one service (the `/services/{id}` shape), a `Page` of them (the
`/services` shape: `contents` holds the services, in the full or the lighter list
shape), a list of services, or an organization with its `services`. A folder is read
file by file (`*.json`, sub-folders included, sorted by path); the folder of a static
mirror (an `index.json` beside a `services/` folder, as publish writes oruk/) is read
from its `services/`. Taxonomy terms standing alone (a `/taxonomy_terms` page beside the
services) are kept to tell the services' terms their parents, and noted; other objects
that are not services (the API's `/` document) are noted, not read. A service that
appears more than once (a page's list item and its own full file) is read once: the
fullest of them, the others only checked against it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hubctl.oruk_import.notes import ImportNotes
from hubctl.oruk_import.source_files import (
    SourcePath,
    decode_source,
    files_under,
    note_file,
    read_source,
    source_error,
)

# An HSDS service has these; other HSDS objects with a name (organization, location,
# taxonomy term) lack all of them.
_SERVICE_KEYS = ("status", "service_at_locations", "schedules", "organization_id")
_NOT_SERVICE_KEYS = ("service_id", "location_id", "taxonomy_id", "location_type", "term")
# A taxonomy term has an id and one of these; a taxonomy (a vocabulary) has none of them.
_TERM_KEYS = ("term", "code", "parent_id", "taxonomy_id")


@dataclass(frozen=True)
class SourceService:
    """One service as read: the HSDS object, and where it was (`file: contents[3]`)."""

    data: dict[str, Any]
    origin: str


@dataclass(frozen=True)
class JsonSource:
    """What the JSON holds: its services, and the taxonomy terms standing alone."""

    services: list[SourceService]
    terms: list[dict[str, Any]]


@dataclass
class _Pages:
    """The page numbers seen of a paged `/services` listing, by its total_pages."""

    seen: dict[int, set[int]] = field(default_factory=dict)
    files: dict[int, str] = field(default_factory=dict)


def read_json_source(path: Path, display: str, notes: ImportNotes) -> JsonSource:
    """Every service and lone taxonomy term in the JSON file or folder at `path`
    (`display` names it).

    Raises SourceError for a file that is not JSON or not UTF-8, and for a source with
    no service at all.
    """
    if path.is_dir():
        # hubctl's own mirror (`hubctl publish`'s oruk/): its services/ folder holds every
        # service, in full and as listed; the rest (the `/` document, taxonomies,
        # service_at_locations) repeats them or is not a service.
        mirrored = path / "services"
        # Links are never followed (files_under notes them): a linked services/ is no mirror.
        if (path / "index.json").is_file() and mirrored.is_dir() and not mirrored.is_symlink():
            path, display = mirrored, f"{display.rstrip('/')}/services"
        sources = files_under(path, (".json",), notes, recurse=True)
    else:
        sources = [SourcePath(path, display)]
    found = JsonSource([], [])
    pages = _Pages()
    for source in sources:
        document = parse_json(source, follow_links=not path.is_dir())
        _read_items(document, source.display, notes, pages, found)
    _note_missing_pages(pages, notes)
    if not found.services:
        raise source_error(
            display, "holds no Open Referral services (no object with a name and a status)"
        )
    return found


def parse_json(source: SourcePath, *, follow_links: bool = False) -> Any:
    """One file's JSON value; SourceError for bad bytes, bad JSON or a repeated key."""
    text = decode_source(source, read_source(source, follow_links=follow_links))
    try:
        return json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as error:
        raise source_error(
            source.display,
            f"not valid JSON at line {error.lineno}, column {error.colno} ({error.msg})",
        ) from None
    except RecursionError:
        raise source_error(source.display, "nested too deeply to be Open Referral data") from None
    except ValueError as error:  # a constant, a repeated key, a number too long
        raise source_error(source.display, str(error)) from None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            shown = key if len(key) <= 40 else key[:39] + "…"
            raise ValueError(f"the key {json.dumps(shown)} appears twice in one object")
        found[key] = value
    return found


def _read_items(
    document: Any, display: str, notes: ImportNotes, pages: _Pages, found: JsonSource
) -> None:
    """Add the document's services and lone terms to `found`; note the other items."""
    items, where = _items(document, display, notes, pages)
    terms = others = 0
    for index, item in enumerate(items):
        if is_service(item):
            found.services.append(SourceService(item, f"{display}: {where(index)}"))
        elif _is_term(item):
            found.terms.append(item)
            terms += 1
        else:
            others += 1
    if terms:
        what = "item is a taxonomy term" if terms == 1 else "items are taxonomy terms"
        note_file(notes, display, f"{terms} {what}, read only as the parents of services' terms")
    if others:
        what = "item is" if others == 1 else "items are"
        note_file(
            notes, display, f"{others} {what} not a service (no name and status), so not read"
        )


def _is_term(item: Any) -> bool:
    """Whether a JSON value that is no service is an HSDS taxonomy term with an id."""
    return isinstance(item, dict) and "id" in item and any(key in item for key in _TERM_KEYS)


def _items(document: Any, display: str, notes: ImportNotes, pages: _Pages) -> tuple[list[Any], Any]:
    """The candidate services (and terms) of a document, and how to name the n-th's place."""
    if isinstance(document, list):
        return document, lambda index: f"[{index}]"
    if not isinstance(document, dict):
        raise source_error(
            display,
            f"holds {_kind(document)}, not Open Referral services (a service, a "
            "page of services or a list of them)",
        )
    if "contents" in document:
        contents = document["contents"]
        if not isinstance(contents, list):
            raise source_error(display, "its contents is not a list")
        _count_page(document, display, pages)
        return contents, lambda index: f"contents[{index}]"
    if is_service(document):
        return [document], lambda index: "the service"
    if _is_term(document):
        return [document], lambda index: "the term"
    if isinstance(document.get("taxonomy_terms"), list):  # a taxonomy with its terms
        return document["taxonomy_terms"], lambda index: f"taxonomy_terms[{index}]"
    if isinstance(document.get("services"), list):  # an organization with its services
        organization = {key: value for key, value in document.items() if key != "services"}
        services = [
            {**item, "organization": item.get("organization") or organization}
            if isinstance(item, dict)
            else item
            for item in document["services"]
        ]
        return services, lambda index: f"services[{index}]"
    note_file(notes, display, "not a service, a page or a list of services, so not read")
    return [], lambda index: ""


def is_service(item: Any) -> bool:
    """Whether a JSON value is an HSDS service object (list or full shape)."""
    return (
        isinstance(item, dict)
        and "name" in item
        and any(key in item for key in _SERVICE_KEYS)
        and not any(key in item for key in _NOT_SERVICE_KEYS)
    )


def _count_page(document: dict[str, Any], display: str, pages: _Pages) -> None:
    total, number = document.get("total_pages"), document.get("page_number")
    if (
        isinstance(total, int)
        and isinstance(number, int)
        and _whole(total)
        and _whole(number)
        and total > 1
    ):
        pages.seen.setdefault(total, set()).add(number)
        pages.files.setdefault(total, display)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 10_000_000


def _note_missing_pages(pages: _Pages, notes: ImportNotes) -> None:
    for total, seen in sorted(pages.seen.items()):
        missing = total - len(seen)
        if missing > 0:
            shown = ", ".join(str(number) for number in sorted(seen)[:10])
            note_file(
                notes,
                pages.files[total],
                f"page {shown} of {total} pages: the other {missing:,} are not in PATH; "
                "download every page and import the folder",
            )


def _kind(value: Any) -> str:
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "true or false"
    if value is None:
        return "null"
    return "a number"


def merge_repeats(services: list[SourceService], notes: ImportNotes) -> list[SourceService]:
    """The services with each id once, in the order first seen: the fullest copy of each.

    A copy whose values differ from the kept one's (on the keys both have) is noted.
    """
    by_id: dict[str, list[SourceService]] = {}
    order: list[str] = []
    unique: list[SourceService] = []
    for service in services:
        key = service.data.get("id")
        if not isinstance(key, str | int) or isinstance(key, bool):
            unique.append(service)  # no id to match on: the mapping notes it
            order.append("")
            continue
        key = str(key)
        if key not in by_id:
            by_id[key] = []
            order.append(key)
            unique.append(service)
        by_id[key].append(service)
    merged: list[SourceService] = []
    position = iter(unique)
    for key in order:
        service = next(position)
        if key:
            service = _fullest(by_id[key], notes)
        merged.append(service)
    return merged


def _fullest(copies: list[SourceService], notes: ImportNotes) -> SourceService:
    kept = max(copies, key=lambda copy: len(copy.data))  # the first of the fullest
    for copy in copies:
        if copy is kept:
            continue
        differing = sorted(
            key
            for key in copy.data.keys() & kept.data.keys()
            if not _agrees(copy.data[key], kept.data[key])
        )
        if differing:
            fields = ", ".join(differing[:5])
            note_file(
                notes,
                copy.origin,
                f"the same service as {kept.origin}, with other values ({fields}); that one "
                "was read",
            )
    return kept


def _agrees(value: Any, kept: Any) -> bool:
    """Whether a copy's value says what the kept one does: equal, or for objects, equal
    on the keys both have (a list shape leaves out an organization's identifiers)."""
    if isinstance(value, dict) and isinstance(kept, dict):
        return all(_agrees(item, kept[key]) for key, item in value.items() if key in kept)
    return bool(value == kept)
