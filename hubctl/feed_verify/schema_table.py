"""What `hubctl verify` checks each published file against: the one table.

A path inside the feed folder takes the first row whose pattern fits it whole (`*`
stands for any characters within one part of the path, never a `/`). A JSON file that no
row fits is a warning (VER105: only its checksum is checked), never a crash, so a feed
from a later hubctl with more files still verifies. The README's table of what verify
checks is built from these rows.

The Open Referral UK mirror's rows take the response schemas from the shipped
openapi.json (`shipped_schemas`); a collection's `page-*.json` row comes before its
`*.json` row, as the more particular pattern.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from hubctl.feed_verify.shipped_schemas import (
    api_details,
    full_service_at_location,
    oruk_endpoint,
    oruk_page,
    oruk_schema,
    oruk_taxonomy_schema,
)
from hubctl.feeds.assurance_feed import assurance_schema
from hubctl.output_folder import MANIFEST_NAME
from hubctl.schemas import feed_schema

# How a file is read: `json` files against `schema`; the others by their own checker.
Kind = Literal[
    "manifest",
    "json",
    "feed-schema",
    "datapackage",
    "csv",
    "geojson",
    "icalendar",
    "web-page",
    "web-asset",
]


def listing_count(feed: Any) -> int:
    """feed.json's records as the manifest counts them: every listing."""
    return sum(len(feed[key]) for key in ("authorities", "hubs", "branches", "activities"))


def one_object(_: Any) -> int:
    """A file of one Open Referral UK object, as the manifest counts it: one record."""
    return 1


def page_items(page: Any) -> int:
    """An Open Referral UK page's records as the manifest counts them: its contents."""
    return len(page["contents"])


@dataclass(frozen=True)
class FileRule:
    """One row: which published paths it covers and how verify checks them.

    `schema` (for `json` files) makes the JSON Schema the file must match; `records`
    counts a valid file's records as manifest.json does (None: not compared). `required`
    files are in every feed, so a manifest without one is incomplete.
    """

    pattern: str
    kind: Kind
    what: str
    schema: Callable[[], dict[str, Any]] | None = None
    records: Callable[[Any], int] | None = None
    required: bool = False

    def matches(self, path: str) -> bool:
        """True when `path` (forward slashes) fits the pattern whole."""
        return _pattern_regex(self.pattern).fullmatch(path) is not None


FILE_RULES: tuple[FileRule, ...] = (
    FileRule(
        MANIFEST_NAME,
        "manifest",
        "its shape; every file it lists exists with that size and SHA-256, and nothing else "
        "is in the folder",
        required=True,
    ),
    FileRule(
        "feed.json",
        "json",
        "feed.schema.json as this hubctl generates it (not the folder's copy), formats "
        "included; the manifest's schema_version and source",
        feed_schema,
        listing_count,
        required=True,
    ),
    FileRule(
        "assurance.json",
        "json",
        "assurance.schema.json as this hubctl generates it: each authority's coverage and "
        "expectations on the publication date",
        assurance_schema,
        lambda document: len(document["authorities"]),
    ),
    FileRule(
        "feed.schema.json",
        "feed-schema",
        "byte for byte the schema this hubctl generates for the same schema_version",
        required=True,
    ),
    FileRule(
        "datapackage.json",
        "datapackage",
        "the Data Package this hubctl writes for the feed's offer areas",
        required=True,
    ),
    FileRule(
        "csv/*.csv",
        "csv",
        "its resource in that Data Package: header row, every cell's type and constraints, "
        "unique primary keys, foreign keys that resolve",
    ),
    FileRule(
        "oruk/index.json",
        "json",
        "Open Referral UK's `/` document (openapi.json), `version`, `profile` and "
        "`openapi_url` present",
        api_details,
    ),
    FileRule(
        "oruk/services/page-*.json",
        "json",
        "a `/services` page (openapi.json's `Page`, every field present) of services in the "
        "list shape (compiled service_list.json)",
        lambda: oruk_page(oruk_schema("service_list.json")),
        page_items,
    ),
    FileRule(
        "oruk/services/*.json",
        "json",
        "one fully nested service, as `/services/{id}` returns it (compiled service.json)",
        lambda: oruk_endpoint("/services/{id}"),
        one_object,
    ),
    FileRule(
        "oruk/service_at_locations/page-*.json",
        "json",
        "a `/service_at_locations` page of service_at_locations in the list shape "
        "(compiled service_at_location_list.json)",
        lambda: oruk_page(oruk_schema("service_at_location_list.json")),
        page_items,
    ),
    FileRule(
        "oruk/service_at_locations/*.json",
        "json",
        "one fully nested service_at_location, its location and service in full (compiled "
        "service_at_location.json, as the UK profile's example has it)",
        full_service_at_location,
        one_object,
    ),
    FileRule(
        "oruk/taxonomies/page-*.json",
        "json",
        "a `/taxonomies` page of taxonomies (taxonomy.json)",
        lambda: oruk_page(oruk_taxonomy_schema("taxonomy.json")),
        page_items,
    ),
    FileRule(
        "oruk/taxonomies/*.json",
        "json",
        "one taxonomy with its terms, as `/taxonomies/{id}` returns it",
        lambda: oruk_endpoint("/taxonomies/{id}"),
        one_object,
    ),
    FileRule(
        "oruk/taxonomy_terms/page-*.json",
        "json",
        "a `/taxonomy_terms` page of taxonomy terms (taxonomy_term.json)",
        lambda: oruk_page(oruk_taxonomy_schema("taxonomy_term.json")),
        page_items,
    ),
    FileRule(
        "oruk/taxonomy_terms/*.json",
        "json",
        "one taxonomy term, as `/taxonomy_terms/{id}` returns it",
        lambda: oruk_endpoint("/taxonomy_terms/{id}"),
        one_object,
    ),
    FileRule(
        "sites.geojson",
        "geojson",
        "a GeoJSON FeatureCollection of Point features with [longitude, latitude]",
        required=True,
    ),
    FileRule("calendar/*.ics", "icalendar", "an iCalendar (RFC 5545) VCALENDAR that parses"),
    FileRule(
        "*.html",
        "web-page",
        "a web directory page: UTF-8 HTML declaring its language and charset, loading "
        "nothing (script, stylesheet, image, form) from outside the folder",
    ),
    FileRule("authorities/*.html", "web-page", "an authority's page, checked as `*.html`"),
    FileRule(
        "assets/*",
        "web-asset",
        "the web directory's stylesheet, script or icon: UTF-8 text; CSS and SVG load "
        "nothing from outside the folder",
    ),
)


@functools.cache
def _pattern_regex(pattern: str) -> re.Pattern[str]:
    return re.compile("[^/]*".join(re.escape(part) for part in pattern.split("*")))


def rule_for(path: str) -> FileRule | None:
    """The first row of FILE_RULES that fits `path`, or None for a file verify does not know."""
    return next((rule for rule in FILE_RULES if rule.matches(path)), None)


def rules_markdown() -> str:
    """The README's table of what verify checks, built from FILE_RULES."""
    rows = ["| file | checked against |", "|---|---|"]
    rows += [f"| `{rule.pattern}` | {rule.what} |" for rule in FILE_RULES]
    return "\n".join(rows) + "\n"
