"""oruk/: a static mirror of the Open Referral UK read API, one JSON file per response.

    oruk/index.json                              GET /
    oruk/services/page-N.json                    GET /services?page=N   (the list shape)
    oruk/services/ID.json                        GET /services/ID       (fully nested)
    oruk/service_at_locations/page-N.json, ID.json
    oruk/taxonomies/page-N.json, ID.json
    oruk/taxonomy_terms/page-N.json, ID.json

A static host serves it with one rewrite rule (`mirror_candidates` is that rule; the README
gives it for nginx and Caddy). Pages hold `page_size` items in the `Page` wrapper of
openapi.json, their items in the lighter list shape; each object has its own file in
the full shape. Every service is built once and written to its file, its pages and
its service_at_locations' files while it is at hand, so memory holds one page at a
time, never the export.

`/service_at_locations/{id}` is the service_at_location fully nested, as the UK
profile's own example (service_at_location_full.json) has it: its location with
addresses and accessibility, and its service in the full shape without the
service's other service_at_locations: compiled service_at_location.json. openapi.json
names compiled service.json for this response, which the example contradicts (it has
no `name` or `status`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from hubctl.feeds import FeedFile, whole_file
from hubctl.feeds.json_stream import EncodedObject, compact_text, encoded_object, object_text
from hubctl.feeds.oruk import (
    SharedObjects,
    page_fields,
    service_at_location_count,
    services_of,
)
from hubctl.feeds.oruk_terms import VOCABULARIES, oruk_uuid, vocabulary_terms
from hubctl.listings import Listings
from hubctl.taxonomy import Taxonomy

MIRROR_FOLDER = "oruk"
DEFAULT_PAGE_SIZE = 100
# The largest page publish writes: a page of 10,000 services in the list shape is
# about 5 MB, and hosts and clients expect pages, not the export.
MAX_PAGE_SIZE = 10_000
# The collections the mirror answers, in the order openapi.json lists them.
COLLECTIONS = ("services", "taxonomies", "taxonomy_terms", "service_at_locations")

# The `/` document. `version` is the value the Open Referral UK validator matches to
# choose its HSDS-UK 3.0 tests (without it, it falls back to HSDS-UK 1.0).
API_DETAILS: dict[str, str] = {
    "version": "HSDS-UK-3.0",
    "profile": "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md",
    "openapi_url": "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json",
}

# One-to-one fields of a service: what compiled service_list.json holds of it.
_SERVICE_LIST_FIELDS = (
    "id",
    "organization_id",
    "name",
    "description",
    "url",
    "email",
    "status",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "assurer_email",
)


def mirror_candidates(path: str, page: str | None = None) -> list[str]:
    """The files (inside oruk/) that may answer a GET of `path` with query `page`, in order.

    The one rewrite rule, as the README's nginx and Caddy configurations write it:
    serve the first that exists of `P/page-N.json`, `P.json` and `P/index.json`, where
    P is the path and N is `page` when it is a whole number from 1 (leading zeros
    dropped), else 1; nothing exists: 404. So `/` is index.json, `/services?page=2` is
    services/page-2.json and `/services/ID` is services/ID.json. Empty for a path
    with a `..` or `.` part, which a host rejects before looking.
    """
    parts = [part for part in path.split("/") if part]
    if any(part in (".", "..") or "\\" in part for part in parts):
        return []
    found = _PAGE_NUMBER.fullmatch(page or "")
    number = found.group(1) if found else "1"
    folder = "/".join(parts)
    stem = folder + "/" if folder else ""
    candidates = [f"{stem}page-{number}.json", f"{folder}.json", f"{stem}index.json"]
    return [candidate for candidate in candidates if candidate != ".json"]


def is_object_file(path: str) -> bool:
    """Whether `path` (inside --out) is one of the mirror's one-object files, `/C/ID`'s."""
    parts = path.split("/")
    return (
        len(parts) == 3
        and parts[0] == MIRROR_FOLDER
        and parts[1] in COLLECTIONS
        and _ID.fullmatch(parts[2].removesuffix(".json")) is not None
    )


_PAGE_NUMBER = re.compile(r"0*([1-9][0-9]*)")
# Our ids are lower-case UUIDs; anything else (`..`, dots, slashes) is not a file of ours.
_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def check_page_size(page_size: int) -> None:
    """Raise ValueError unless `page_size` is a page size the mirror can have (1 to 10,000)."""
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError(f"the page size must be from 1 to {MAX_PAGE_SIZE:,}, not {page_size}")


class OrukMirror:
    """The mirror's files for valid listings, pages of `page_size` items.

    `file_count` is known before any file is made (publish's progress shows it);
    `files()` makes them.
    """

    def __init__(
        self, listings: Listings, taxonomy: Taxonomy, page_size: int = DEFAULT_PAGE_SIZE
    ) -> None:
        check_page_size(page_size)
        self.listings = listings
        self.taxonomy = taxonomy
        self.page_size = page_size
        self._terms = vocabulary_terms(taxonomy)
        sites = listings.site_by_id
        self._totals = {
            "services": len(listings.activity_records),
            "service_at_locations": sum(
                service_at_location_count(record.listing, sites)
                for record in listings.activity_records
            ),
            "taxonomies": len(VOCABULARIES),
            "taxonomy_terms": sum(len(terms) for terms in self._terms.values()),
        }

    @property
    def file_count(self) -> int:
        """How many files `files()` yields: index.json, and each collection's pages and items."""
        return 1 + sum(self._pages(total) + total for total in self._totals.values())

    def _pages(self, total: int) -> int:
        return max(1, -(-total // self.page_size))

    def files(self) -> Iterator[FeedFile]:
        """Every file of the mirror, each made when it is reached (paths under oruk/)."""
        yield whole_file(f"{MIRROR_FOLDER}/index.json", _json_line(compact_text(API_DETAILS)), None)
        yield from self._taxonomy_files()
        yield from self._service_files()

    def _taxonomy_files(self) -> Iterator[FeedFile]:
        taxonomies = _Pages("taxonomies", self._totals["taxonomies"], self.page_size)
        terms = _Pages("taxonomy_terms", self._totals["taxonomy_terms"], self.page_size)
        for vocabulary, (name, description) in VOCABULARIES.items():
            taxonomy = encoded_object(
                {"id": oruk_uuid("taxonomy", vocabulary), "name": name, "description": description}
            )
            yield _object_file(
                "taxonomies", taxonomy["id"], _with_terms(taxonomy, self._terms[vocabulary])
            )
            yield from taxonomies.add(taxonomy.text)
            for term in self._terms[vocabulary]:
                yield _object_file("taxonomy_terms", term["id"], term.text)
                yield from terms.add(term.text)
        yield from taxonomies.finish()
        yield from terms.finish()

    def _service_files(self) -> Iterator[FeedFile]:
        shared = SharedObjects(self.taxonomy)
        services = _Pages("services", self._totals["services"], self.page_size)
        links = _Pages("service_at_locations", self._totals["service_at_locations"], self.page_size)
        for _, service in services_of(self.listings, self.taxonomy, shared):
            yield _object_file("services", service["id"], service.text)
            summary = _service_summary(
                service, shared.organization_summary(service["organization"])
            )
            yield from services.add(summary.text)
            alone = _without_links(service)
            for link in service["service_at_locations"]:
                yield _object_file("service_at_locations", link["id"], _full_link(link, alone))
                location = shared.location_summary(link["location"])
                yield from links.add(_listed_link(link, location, summary))
        yield from services.finish()
        yield from links.finish()


class _Pages:
    """One collection's pages, each written out once it holds `page_size` items."""

    def __init__(self, collection: str, total: int, page_size: int) -> None:
        self.collection = collection
        self.total = total
        self.page_size = page_size
        self.number = 0
        self.items: list[str] = []
        self.written = 0

    def add(self, item_text: str) -> Iterator[FeedFile]:
        """Take one item's compact text; yields the page it completes, if it does."""
        self.items.append(item_text)
        if len(self.items) == self.page_size:
            yield self._page()

    def finish(self) -> Iterator[FeedFile]:
        """The last, part-filled page (or the one empty page of an empty collection)."""
        if self.items or not self.number:
            yield self._page()
        if self.written != self.total:  # the plan and the items disagree: a bug, never data
            raise AssertionError(f"{self.collection}: {self.written} items, {self.total} planned")

    def _page(self) -> FeedFile:
        self.number += 1
        self.written += len(self.items)
        fields = page_fields(self.total, self.number, len(self.items), self.page_size)
        header = compact_text(dict(fields))[:-1]
        text = f'{header},"contents":[{",".join(self.items)}]}}'
        path = f"{MIRROR_FOLDER}/{self.collection}/page-{self.number}.json"
        page = whole_file(path, _json_line(text), len(self.items))
        self.items = []
        return page


def _object_file(collection: str, object_id: str, text: str) -> FeedFile:
    return whole_file(f"{MIRROR_FOLDER}/{collection}/{object_id}.json", _json_line(text), 1)


def _json_line(text: str) -> bytes:
    return (text + "\n").encode("utf-8")


def _with_terms(taxonomy: EncodedObject, terms: list[EncodedObject]) -> str:
    return f'{taxonomy.text[:-1]},"taxonomy_terms":[{",".join(term.text for term in terms)}]}}'


def _service_summary(service: EncodedObject, organization: EncodedObject) -> EncodedObject:
    members: dict[str, Any] = {key: service[key] for key in _SERVICE_LIST_FIELDS if key in service}
    members["organization"] = organization
    return encoded_object(members, object_text(members))


def _without_links(service: EncodedObject) -> str:
    """The service's text as a service_at_location holds it: without its locations.

    Cut out of the service's own text (never its first member, so a comma leads it):
    encoding the service again took a fifth of a national mirror's time.
    """
    links = service["service_at_locations"]
    member = f',"service_at_locations":[{",".join(link.text for link in links)}]'
    head, found, tail = service.text.partition(member)
    if not found:  # cannot happen: build_service writes the member so
        raise AssertionError(f"service {service['id']}: its service_at_locations not found")
    return head + tail


def _full_link(link: EncodedObject, service_text: str) -> str:
    # Written by hand, as the services' links are: ids need no JSON escaping.
    return f'{link.text[:-1]},"service":{service_text}}}'


def _listed_link(link: EncodedObject, location: EncodedObject, service: EncodedObject) -> str:
    return (
        f'{{"id":"{link["id"]}","service_id":"{link["service_id"]}",'
        f'"location_id":"{link["location_id"]}","location":{location.text},'
        f'"service":{service.text}}}'
    )
