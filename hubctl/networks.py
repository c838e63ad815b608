"""Where activities are held: the one rule of which venues are open, and which
activities each hub offers. Coverage, checks and every feed ask here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from hubctl.listings import Listings

if TYPE_CHECKING:  # checks read facts only: they load no models
    from hubctl.models import Activity, Site


class SiteStatus(Protocol):
    """A hub or branch, or its facts: what the rule of open venues reads of a site."""

    @property
    def id(self) -> str: ...

    @property
    def status(self) -> str | None: ...


class HasVenues(Protocol):
    """An activity, or its facts (hubctl.listing_facts): anything naming venues."""

    @property
    def venues(self) -> Sequence[str]: ...


SiteT = TypeVar("SiteT", bound=SiteStatus)


@dataclass(frozen=True)
class ClosedVenue(Generic[SiteT]):
    """A venue of an activity whose site is closed or temporarily closed."""

    index: int  # its position in the activity's venues
    site: SiteT


def closed_venues(activity: HasVenues, sites: Mapping[str, SiteT]) -> list[ClosedVenue[SiteT]]:
    """The activity's venues that name a site (of `sites`, by id: models or their facts)
    that is not open, in venues order.

    A site's status has no dates: a `temporarily-closed` site hosts nothing until a
    steward sets it back to `open`, whatever the date. Unknown venues are not here
    (they are HUB206 errors).
    """
    return [
        ClosedVenue(index, sites[venue])
        for index, venue in enumerate(activity.venues)
        if venue in sites and sites[venue].status != "open"
    ]


def open_venues(activity: HasVenues, sites: Mapping[str, SiteStatus]) -> list[str]:
    """The ids of the activity's venues where it can be attended: all but closed sites."""
    shut = {closed.index for closed in closed_venues(activity, sites)}
    return [venue for index, venue in enumerate(activity.venues) if index not in shut]


def closed_venue_ids(activity: HasVenues, sites: Mapping[str, SiteStatus]) -> list[str]:
    """The ids of the activity's venues at sites that are not open, in venues order: what
    the feeds publish as `closed_venues` beside the open `venues`."""
    return [activity.venues[closed.index] for closed in closed_venues(activity, sites)]


def is_reachable(activity: Activity, sites: Mapping[str, Site]) -> bool:
    """True when the activity can be attended somewhere: at an open venue, online or by
    telephone, or it names no venue at all (online-only or telephone-only)."""
    return (
        not activity.venues
        or activity.online is not None
        or activity.telephone is not None
        or bool(open_venues(activity, sites))
    )


def activities_by_hub(
    listings: Listings, include: Callable[[Activity], bool]
) -> dict[str, list[Activity]]:
    """The activities each hub offers, by hub id, each list sorted by activity id.

    An activity belongs to every hub whose network (the hub and its branches) holds
    one of its open venues; one with no venue (online or telephone only) belongs to
    every hub of its authority. Only activities for which `include` is true are
    listed; one whose every venue is closed belongs to no hub.
    """
    hub_of_site, sites = listings.hub_of_site, listings.site_by_id
    held: dict[str, list[Activity]] = defaultdict(list)
    for record in listings.activity_records:
        activity = record.listing
        if not include(activity):
            continue
        if activity.venues:
            hub_ids: Iterable[str] = sorted(
                {hub_of_site[v] for v in open_venues(activity, sites) if v in hub_of_site}
            )
        else:
            hub_ids = listings.hubs_of_authority.get(record.authority_id, ())
        for hub_id in hub_ids:
            held[hub_id].append(activity)
    return dict(held)
