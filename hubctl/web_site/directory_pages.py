"""What each page of the web directory shows, as plain values: no HTML here.

The templates only lay these out, so what a parent reads (which activities are
listed, at which sites, in which words) is decided in one place and tested without a
browser. A site's and an activity's words come from `listing_words`, as the
calendars' do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from hubctl.feeds.byday import day_parts
from hubctl.labels import BOOKING_LABELS
from hubctl.listing_words import DAY_NAMES, ages_text, cost_text, rule_sentence
from hubctl.listings import Listings, ListingT, Record
from hubctl.models import Activity, Authority, Branch, ScheduleRule, Site
from hubctl.networks import is_reachable, open_venues
from hubctl.taxonomy import Taxonomy

DAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MODE_WORDS = {"in-person": "In person", "online": "Online", "telephone": "By telephone"}
STATUS_WORDS = {
    "open": "Open",
    "temporarily-closed": "Temporarily closed",
    "closed": "Closed",
}
SITE_TYPE_WORDS = {
    "childrens-centre": "Children's centre",
    "library": "Library",
    "health-centre": "Health centre",
    "school": "School",
    "community-venue": "Community venue",
    "other": "Branch site",
}
ACCESSIBILITY_WORDS = {
    "step-free-access": "step-free access",
    "accessible-toilet": "accessible toilet",
    "baby-changing": "baby changing",
    "parking": "parking",
    "pushchair-storage": "pushchair storage",
    "hearing-loop": "hearing loop",
    "quiet-space": "quiet space",
    "bsl-available": "British Sign Language available",
}
# The ages a parent can pick in the age filter: a child's age in whole years.
FILTER_AGES = tuple(range(26))


@dataclass(frozen=True)
class SiteView:
    """A hub or branch as its card shows it."""

    id: str
    name: str
    kind: str  # "Family hub", or the branch's site type in words
    hub_name: str | None  # a branch's hub
    status: str  # its words: Open, Temporarily closed, Closed
    is_open: bool
    address: tuple[str, ...]
    opening_hours: tuple[str, ...]
    phone: str | None
    email: str | None
    website: str | None
    accessibility: str | None
    calendar: str | None  # a hub's calendar file, from the top of the site
    location: tuple[float, float] | None  # (lat, lon)


@dataclass(frozen=True)
class ActivityView:
    """An activity as its card shows it, with the values the filters read."""

    id: str
    name: str
    description: str
    when: tuple[str, ...]
    where: tuple[str, ...]  # open venues' names, then "Online", "By telephone"
    ages: str
    cost: str
    booking: str
    modes: tuple[str, ...]  # in-person, online, telephone
    areas: tuple[str, ...]  # offer-area ids
    area_labels: tuple[str, ...]
    days: tuple[str, ...]  # mon..sun, or () for any day (by appointment, self-paced)
    site_ids: tuple[str, ...]
    age_min: float
    age_max: float
    antenatal: bool
    run_by: str | None
    online_url: str | None
    telephone: str | None
    phone: str | None
    email: str | None
    website: str | None

    @property
    def mode_words(self) -> str:
        """`In person, Online`."""
        return ", ".join(MODE_WORDS[mode] for mode in self.modes)


@dataclass(frozen=True)
class AuthorityPage:
    """One authority's page: its sites and the activities a family can go to."""

    authority: Authority
    hubs: tuple[SiteView, ...]
    branches: tuple[SiteView, ...]
    activities: tuple[ActivityView, ...]
    area_choices: tuple[tuple[str, str], ...]  # (id, label) of the areas its activities offer

    @property
    def sites(self) -> tuple[SiteView, ...]:
        """Hubs, then branches."""
        return (*self.hubs, *self.branches)

    @property
    def file(self) -> str:
        """The page's path inside the site."""
        return authority_page_path(self.authority.id)


def authority_page_path(authority_id: str) -> str:
    """`authorities/<id>.html`."""
    return f"authorities/{authority_id}.html"


def is_listed(activity: Activity, sites: dict[str, Site], on: date) -> bool:
    """True when the directory lists `activity` on `on`: running, not ended, and it can
    be attended somewhere (an open venue, online or by telephone). Paused and ended
    activities, and those whose every venue is closed, are left out; one that starts
    later is listed, with its start date."""
    ended = activity.valid_to is not None and activity.valid_to < on
    return activity.status == "running" and not ended and is_reachable(activity, sites)


@dataclass(frozen=True)
class AuthoritySummary:
    """An authority's line on the index page."""

    authority: Authority
    hubs: int
    branches: int
    activities: int

    @property
    def file(self) -> str:
        """Its page's path inside the site."""
        return authority_page_path(self.authority.id)


class Directory:
    """The listings grouped by authority, each authority's page built when asked for.

    A national directory has 100,000 activities: its pages are made (and written) one
    at a time, so the views of one authority are in memory at once, never all of them.
    """

    def __init__(self, listings: Listings, taxonomy: Taxonomy, on: date) -> None:
        self._sites = listings.site_by_id
        self._on = on
        self._taxonomy = taxonomy
        self._labels = {area.id: area.label for area in taxonomy.areas}
        self._hub_names = {hub.id: hub.name for hub in listings.hubs}
        self.authorities = listings.authorities
        self._hubs = _by_authority(listings.hub_records)
        self._branches = _by_authority(listings.branch_records)
        self._activities = _by_authority(
            record
            for record in listings.activity_records
            if is_listed(record.listing, self._sites, on)
        )

    def summaries(self) -> list[AuthoritySummary]:
        """Each authority's numbers of hubs, branches and listed activities, by id."""
        return [
            AuthoritySummary(
                authority,
                len(self._hubs.get(authority.id, ())),
                len(self._branches.get(authority.id, ())),
                len(self._activities.get(authority.id, ())),
            )
            for authority in self.authorities
        ]

    def page(self, authority: Authority) -> AuthorityPage:
        """The authority's page: its sites and the activities the directory lists."""
        activities = [
            activity_view(activity, self._sites, self._labels, self._on)
            for activity in self._activities.get(authority.id, [])
        ]
        used = {area for view in activities for area in view.areas}
        return AuthorityPage(
            authority,
            tuple(site_view(hub, None) for hub in self._hubs.get(authority.id, [])),
            tuple(
                site_view(branch, self._hub_names.get(branch.hub))
                for branch in self._branches.get(authority.id, [])
            ),
            tuple(activities),
            tuple((area.id, area.label) for area in self._taxonomy.areas if area.id in used),
        )


def authority_pages(listings: Listings, taxonomy: Taxonomy, on: date) -> list[AuthorityPage]:
    """Every authority's page, by authority id, judged on `on` (the publication date)."""
    directory = Directory(listings, taxonomy, on)
    return [directory.page(authority) for authority in directory.authorities]


def _by_authority(records: Iterable[Record[ListingT]]) -> dict[str, list[ListingT]]:
    grouped: dict[str, list[ListingT]] = {}
    for record in records:
        grouped.setdefault(record.authority_id, []).append(record.listing)
    return grouped


def site_view(site: Site, hub_name: str | None) -> SiteView:
    """A hub's (hub_name None) or a branch's card."""
    address = site.address
    lines = (address.line1, address.line2, address.town, address.postcode)
    contact = site.contact
    is_branch = isinstance(site, Branch)
    return SiteView(
        id=site.id,
        name=site.name,
        kind=SITE_TYPE_WORDS[site.site_type] if isinstance(site, Branch) else "Family hub",
        hub_name=hub_name,
        status=STATUS_WORDS[site.status],
        is_open=site.status == "open",
        address=tuple(line for line in lines if line),
        opening_hours=tuple(rule_sentence(rule) for rule in site.opening_hours or []),
        phone=contact.phone if contact else None,
        email=contact.email if contact else None,
        website=contact.website if contact else None,
        accessibility=", ".join(ACCESSIBILITY_WORDS.get(a, a) for a in site.accessibility) or None,
        calendar=None if is_branch else f"calendar/{site.id}.ics",
        location=(site.location.lat, site.location.lon) if site.location else None,
    )


def activity_view(
    activity: Activity, sites: dict[str, Site], labels: dict[str, str], on: date
) -> ActivityView:
    """An activity's card, on `on`: only its open venues, only its rules not ended."""
    venues = [venue for venue in open_venues(activity, sites) if venue in sites]
    modes = (["in-person"] if venues else []) + [
        mode
        for mode, offered in (("online", activity.online), ("telephone", activity.telephone))
        if offered is not None
    ]
    where = [sites[venue].name for venue in venues] + [MODE_WORDS[m] for m in modes[1:]]
    if not venues:
        where = [MODE_WORDS[m] for m in modes]
    contact = activity.contact
    rules = _rules_not_ended(activity.schedule, on)
    return ActivityView(
        id=activity.id,
        name=activity.name,
        description=activity.description,
        when=_when(activity, rules),
        where=tuple(where),
        ages=ages_text(activity),
        cost=cost_text(activity).capitalize(),
        booking=BOOKING_LABELS[activity.booking].title,
        modes=tuple(modes),
        areas=tuple(activity.offer_areas),
        area_labels=tuple(labels.get(area, area) for area in activity.offer_areas),
        days=_days(rules),
        site_ids=tuple(venues),
        age_min=float(activity.age_range.min),
        age_max=float(activity.age_range.max),
        antenatal=activity.age_range.antenatal,
        run_by=activity.delivered_by.name if activity.delivered_by else None,
        online_url=activity.online.url if activity.online else None,
        telephone=activity.telephone,
        phone=contact.phone if contact else None,
        email=contact.email if contact else None,
        website=contact.website if contact else None,
    )


def _rules_not_ended(schedule: str | list[ScheduleRule], on: date) -> Sequence[ScheduleRule]:
    if isinstance(schedule, str):
        return ()
    return [
        rule
        for rule in schedule
        if not (rule.valid_to is not None and rule.valid_to < on)
        and not (rule.date is not None and rule.date < on)
    ]


def _when(activity: Activity, rules: Sequence[ScheduleRule]) -> tuple[str, ...]:
    if activity.schedule == "self-paced":
        return ("Any time, online, at your own pace",)
    if activity.schedule == "by-appointment":
        return ("By appointment",)
    starts = (
        [f"Starts {activity.valid_from.isoformat()}"] if activity.valid_from is not None else []
    )
    return (*starts, *(rule_sentence(rule) for rule in rules))


def _days(rules: Iterable[ScheduleRule]) -> tuple[str, ...]:
    """The weekdays the rules run on (mon..sun, in week order); () for none set."""
    days: set[int] = set()
    for rule in rules:
        if rule.date is not None:
            days.add(rule.date.weekday())
        for code in rule.byday or []:
            days.add(day_parts(code)[1])
    return tuple(DAY_CODES[day] for day in sorted(days))


def weekday_choices() -> tuple[tuple[str, str], ...]:
    """(code, name) of each weekday, for the day filter."""
    return tuple(zip(DAY_CODES, DAY_NAMES, strict=True))
