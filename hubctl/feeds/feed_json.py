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
from hubctl.field_types import Slug, UniqueList
from hubctl.gitinfo import SOURCE_PATTERN
from hubctl.listings import Listings, Record
from hubctl.models import Activity, Authority, Branch, Hub
from hubctl.networks import closed_venue_ids
from hubctl.taxonomy import OfferArea, Taxonomy

# Semantic versioning: removing or renaming a field is a major version.
# 1.1.0: activities' `closed_venues` (an added field).
# 1.2.0: an activity's `schedule` may be `self-paced` (an added value), and activities'
# `delivered_by` (an added field).
# 1.3.0: an offer area's `dfe_categories` entry may name its parent, `send/early-years`
# (an added form of value).
FEED_SCHEMA_VERSION = "1.3.0"

_OWNED = "The id of the authority whose listings hold it."


class FeedHub(Hub):
    """A hub in the feed: the listing plus the authority it belongs to."""

    authority: Slug = Field(description=_OWNED)


class FeedBranch(Branch):
    """A branch in the feed: the listing plus the authority it belongs to."""

    authority: Slug = Field(description=_OWNED)


class FeedActivity(Activity):
    """An activity in the feed: the listing plus the authority it belongs to, its venues
    split into the open ones and those at closed sites (the listing's venues are both)."""

    venues: UniqueList[Slug] = Field(
        description="Ids of the open hubs and branches where it runs now, in the listing's "
        "order; empty when it is only online or by telephone, or every venue is closed."
    )
    authority: Slug = Field(description=_OWNED)
    closed_venues: UniqueList[Slug] = Field(
        description="Ids of the listing's venues left out of venues because the site is "
        "closed or temporarily closed, in the listing's order; nothing is held there."
    )

    def _named_venues(self) -> list[str]:
        # Activity's rules (somewhere to attend) hold for the listing, which named both.
        return [*self.venues, *self.closed_venues]


class Feed(BaseModel):
    """feed.json: every valid listing and the taxonomy, each list sorted by id."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, title="Feed")

    schema_version: Literal["1.3.0"] = Field(
        description="Version of this shape; a removed or renamed field is a major version."
    )
    source: str | None = Field(
        description="The last git commit that changed the listings folder (its full hash), "
        "followed by +dirty when the listings had uncommitted edits or untracked files; "
        "null outside git.",
        pattern=SOURCE_PATTERN,
    )
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
        ("activities", JsonArray(_activity_entries(listings))),
    ]


def _dump(records: Sequence[Record[Any]]) -> Iterator[dict[str, Any]]:
    # Each hub, branch and activity carries the id of its authority, so a reader
    # need not know our folder layout.
    return ({"authority": r.authority_id, **r.listing.model_dump(mode="json")} for r in records)


def _activity_entries(listings: Listings) -> Iterator[dict[str, Any]]:
    # A closed site is never published as a place an activity runs: its id moves from
    # venues to closed_venues (right after it), so nothing of the listing is lost.
    sites = listings.site_by_id
    for record in listings.activity_records:
        activity = record.listing
        closed = closed_venue_ids(activity, sites)
        fields = list(activity.model_dump(mode="json").items())
        if closed:
            fields[_VENUES_AT] = ("venues", [v for v in activity.venues if v not in closed])
        # One dict from a list is the fast way to put a key in the middle (10k activities).
        yield dict(
            [
                ("authority", record.authority_id),
                *fields[: _VENUES_AT + 1],
                ("closed_venues", closed),
                *fields[_VENUES_AT + 1 :],
            ]
        )


# Where venues is among an activity's dumped fields (model field order).
_VENUES_AT = list(Activity.model_fields).index("venues")
