"""feed.json (SPEC §6): every listing, sorted by id, with the taxonomy."""

from __future__ import annotations

import json
from typing import Any

from hubctl.listings import Listings
from hubctl.taxonomy import Taxonomy

# Semantic versioning: removing or renaming a field is a major version.
FEED_SCHEMA_VERSION = "1.0.0"


def build_feed(listings: Listings, taxonomy: Taxonomy, source: str | None) -> dict[str, Any]:
    """The feed document: plain JSON values, every list sorted by id."""
    return {
        "schema_version": FEED_SCHEMA_VERSION,
        "source": source,
        "offer_areas": [area.model_dump(mode="json") for area in taxonomy.areas],
        "authorities": [r.listing.model_dump(mode="json") for r in listings.of_kind("authority")],
        "hubs": _dump(listings, "hub"),
        "branches": _dump(listings, "branch"),
        "activities": _dump(listings, "activity"),
    }


def _dump(listings: Listings, kind: str) -> list[dict[str, Any]]:
    # Each hub, branch and activity carries the id of its authority, so a reader
    # need not know our folder layout.
    return [
        {"authority": r.source.authority_folder, **r.listing.model_dump(mode="json")}
        for r in listings.of_kind(kind)
    ]


def render_feed(feed: dict[str, Any]) -> bytes:
    """feed.json bytes: UTF-8, two-space indent, keys in model order, newline at the end."""
    return (json.dumps(feed, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
