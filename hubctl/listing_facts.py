"""What the checks across files read of one valid listing: a few fields, not the model.

The cross-file checks (hubctl.checks) need only ids, statuses, references and the
authorities' coverage policies, so each
valid file's `ListingFacts` is kept beside its model. A warm run from the cache, or a
cold one whose files were checked in worker processes, can then run every check on the
whole tree without building 100,000 models in the main process; the models are built
only when something asks for them (coverage, publish: `Record.listing`).
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple


class ListingFacts(NamedTuple):
    """The fields of one valid listing that the checks across files use.

    `status` is a site's or an activity's, `hub` a branch's, `venues` and `offer_areas`
    an activity's, `extra_required` and `waived` (the areas of its waivers, in order) an
    authority's coverage policy; each is None or empty for the kinds that have no such
    field. A named tuple, so the cache keeps and restores it as it is.
    """

    id: str
    status: str | None = None
    hub: str | None = None
    venues: tuple[str, ...] = ()
    offer_areas: tuple[str, ...] = ()
    last_reviewed: date | None = None
    extra_required: tuple[str, ...] = ()
    waived: tuple[str, ...] = ()
    # The rest of an authority's coverage policy: its profile, its own requirements'
    # areas, and each waiver's hub and expiry (in waived order).
    profile: str | None = None
    requirement_areas: tuple[str, ...] = ()
    waiver_hubs: tuple[str | None, ...] = ()
    waiver_expiries: tuple[date | None, ...] = ()


def facts_of(listing: Any) -> ListingFacts:
    """The facts of a validated listing model of any kind."""
    policy = getattr(listing, "coverage", None)
    return ListingFacts(
        listing.id,
        getattr(listing, "status", None),
        getattr(listing, "hub", None),
        tuple(getattr(listing, "venues", ())),
        tuple(getattr(listing, "offer_areas", ())),
        getattr(listing, "last_reviewed", None),
        tuple(policy.extra_required) if policy else (),
        tuple(waiver.area for waiver in policy.waived) if policy else (),
        policy.profile if policy else None,
        tuple(r.area for r in policy.requirements) if policy else (),
        tuple(waiver.hub for waiver in policy.waived) if policy else (),
        tuple(waiver.expires for waiver in policy.waived) if policy else (),
    )
