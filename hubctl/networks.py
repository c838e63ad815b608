"""Which activities each hub offers: one rule shared by `coverage --by hub` and the calendars."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable

from hubctl.listings import Listings
from hubctl.models import Activity


def activities_by_hub(
    listings: Listings,
    include: Callable[[Activity], bool],
    closed_sites: Collection[str] = (),
) -> dict[str, list[Activity]]:
    """The activities each hub offers, by hub id, each list sorted by activity id.

    An activity belongs to every hub whose network (the hub and its branches) holds
    one of its venues; one with no venue (online or telephone only) belongs to every
    hub of its authority. Only activities for which `include` is true are listed,
    and venues in `closed_sites` are ignored (an activity whose every venue is
    closed then belongs to no hub).
    """
    hub_of_site = listings.hub_of_site
    held: dict[str, list[Activity]] = defaultdict(list)
    for record in listings.activity_records:
        activity = record.listing
        if not include(activity):
            continue
        if activity.venues:
            hub_ids: Iterable[str] = sorted(
                {
                    hub_of_site[v]
                    for v in activity.venues
                    if v in hub_of_site and v not in closed_sites
                }
            )
        else:
            hub_ids = listings.hubs_of_authority.get(record.authority_id, ())
        for hub_id in hub_ids:
            held[hub_id].append(activity)
    return dict(held)
