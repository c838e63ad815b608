"""feed.json: every listing, sorted by id, with the taxonomy; and its JSON Schema.

The `Feed` model describes the document, so feed.schema.json (see `schemas`) is
generated from the same pydantic models as the listing schemas and cannot drift.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from hubctl.feeds import FeedFile
from hubctl.feeds.json_stream import JsonArray, stream_json_object
from hubctl.listings import Listings, Record
from hubctl.models import Activity, Authority, Branch, Hub, Slug
from hubctl.taxonomy import OfferArea, Taxonomy

# Semantic versioning: removing or renaming a field is a major version.
FEED_SCHEMA_VERSION = "1.0.0"

_OWNED = "The id of the authority whose listings hold it."


class FeedHub(Hub):
    """A hub in the feed: the listing plus the authority it belongs to."""

    authority: Slug = Field(description=_OWNED)


class FeedBranch(Branch):
    """A branch in the feed: the listing plus the authority it belongs to."""

    authority: Slug = Field(description=_OWNED)


class FeedActivity(Activity):
    """An activity in the feed: the listing plus the authority it belongs to."""

    authority: Slug = Field(description=_OWNED)


class Feed(BaseModel):
    """feed.json: every valid listing and the taxonomy, each list sorted by id."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, title="Feed")

    schema_version: Literal["1.0.0"] = Field(
        description="Version of this shape; a removed or renamed field is a major version."
    )
    source: str | None = Field(description="Git commit of the listings, or null outside git.")
    offer_areas: list[OfferArea]
    authorities: list[Authority]
    hubs: list[FeedHub]
    branches: list[FeedBranch]
    activities: list[FeedActivity]


def render_feed_file(listings: Listings, taxonomy: Taxonomy, source: str | None) -> FeedFile:
    """feed.json as compact UTF-8 JSON, keys in model order, lists sorted by id, final newline.

    Written one listing per chunk; its record count is every listing in it.
    """
    return FeedFile(
        "feed.json",
        lambda: stream_json_object(_feed_members(listings, taxonomy, source)),
        len(listings.records),
    )


def _feed_members(
    listings: Listings, taxonomy: Taxonomy, source: str | None
) -> list[tuple[str, Any]]:
    return [
        ("schema_version", FEED_SCHEMA_VERSION),
        ("source", source),
        ("offer_areas", [area.model_dump(mode="json") for area in taxonomy.areas]),
        ("authorities", JsonArray(a.model_dump(mode="json") for a in listings.authorities)),
        ("hubs", JsonArray(_dump(listings.hub_records))),
        ("branches", JsonArray(_dump(listings.branch_records))),
        ("activities", JsonArray(_dump(listings.activity_records))),
    ]


def _dump(records: Sequence[Record[Any]]) -> Iterator[dict[str, Any]]:
    # Each hub, branch and activity carries the id of its authority, so a reader
    # need not know our folder layout.
    return ({"authority": r.authority_id, **r.listing.model_dump(mode="json")} for r in records)
