"""What the checks across files read of one valid listing: a few fields, not the model.

The cross-file checks (hubctl.checks) need only ids, statuses and references, so each
valid file's `ListingFacts` is kept beside its model. A warm run from the cache, or a
cold one whose files were checked in worker processes, can then run every check on the
whole tree without building 100,000 models in the main process; the models are built
only when something asks for them (coverage, publish: `Record.listing`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

FactsTuple = tuple[str, str | None, str | None, tuple[str, ...], tuple[str, ...], date | None]


@dataclass(frozen=True, slots=True)
class ListingFacts:
    """The fields of one valid listing that the checks across files use.

    `status` is a site's or an activity's, `hub` a branch's, `venues` and `offer_areas`
    an activity's; each is None or empty for the kinds that have no such field.
    """

    id: str
    status: str | None = None
    hub: str | None = None
    venues: tuple[str, ...] = ()
    offer_areas: tuple[str, ...] = ()
    last_reviewed: date | None = None

    def as_tuple(self) -> FactsTuple:
        """The facts as plain values, as the cache keeps them."""
        return (
            self.id,
            self.status,
            self.hub,
            self.venues,
            self.offer_areas,
            self.last_reviewed,
        )


def facts_of(listing: Any) -> ListingFacts:
    """The facts of a validated listing model of any kind."""
    return ListingFacts(
        listing.id,
        getattr(listing, "status", None),
        getattr(listing, "hub", None),
        tuple(getattr(listing, "venues", ())),
        tuple(getattr(listing, "offer_areas", ())),
        getattr(listing, "last_reviewed", None),
    )


def facts_from_tuple(values: Any) -> ListingFacts:
    """Facts from `as_tuple()`'s plain values; TypeError or ValueError if they do not fit."""
    listing_id, status, hub, venues, offer_areas, last_reviewed = values
    if not isinstance(listing_id, str) or not all(
        isinstance(v, str) for v in (*venues, *offer_areas)
    ):
        raise TypeError("facts of the wrong shape")
    if last_reviewed is not None and not isinstance(last_reviewed, date):
        raise TypeError("last_reviewed is not a date")
    return ListingFacts(listing_id, status, hub, tuple(venues), tuple(offer_areas), last_reviewed)
