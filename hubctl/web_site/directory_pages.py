"""What each page of the web directory shows, as plain values: no HTML here.

The templates only lay these out, so what a parent reads (which activities are
listed, at which sites, in which words) is decided in one place and tested without a
browser. A site's and an activity's words come from `listing_words`, as the
calendars' do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import quote

from hubctl.age_spans import age_reach
from hubctl.coverage_periods import weekdays_held
from hubctl.labels import BOOKING_LABELS
from hubctl.listing_words import DAY_NAMES, ages_text, cost_text, languages_text, rule_sentence
from hubctl.listings import Listings, ListingT, Record
from hubctl.models import Activity, Authority, Branch, ScheduleRule, Site
from hubctl.networks import is_reachable, open_venues
from hubctl.phones import dial_uri
from hubctl.schedules import rule_window
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


class _ContactLinks:
    """A card's contact number and address as links (for SiteView and ActivityView)."""

    phone: str | None
    email: str | None

    @property
    def phone_href(self) -> str | None:
        """The contact phone number as a `tel:` link."""
        return tel_href(self.phone)

    @property
    def email_href(self) -> str | None:
        """The contact email address as a `mailto:` link."""
        return mailto_href(self.email)


@dataclass(frozen=True)
class SiteView(_ContactLinks):
    """A hub or branch as its card shows it."""

    id: str
    name: str
    kind: str  # "Family hub", or the branch's site type in words
    hub_name: str | None  # a branch's hub
    description: str | None
    status: str  # its words: Open, Temporarily closed, Closed
    is_open: bool
    address: tuple[str, ...]
    opening_hours: tuple[str, ...]
    phone: str | None
    email: str | None
    website: str | None
    accessibility: str | None
    languages: str  # in words: "English, Polish"
    calendar: str | None  # a hub's calendar file, from the top of the site
    location: tuple[float, float] | None  # (lat, lon)


@dataclass(frozen=True)
class ActivityView(_ContactLinks):
    """An activity as its card shows it, with the values the filters read."""

    id: str
    name: str
    description: str
    when: tuple[str, ...]
    where: tuple[str, ...]  # the open venues' names
    ages: str
    cost: str
    booking: str
    modes: tuple[str, ...]  # in-person, online, telephone
    areas: tuple[str, ...]  # offer-area ids
    area_labels: tuple[str, ...]
    days: tuple[str, ...]  # mon..sun with a session to come; () with any_day
    any_day: bool  # by appointment or self-paced: no set days
    site_ids: tuple[str, ...]
    age_spans: str  # the ages reached as half-open spans, `0-1 5-11.5`; "" pregnancy only
    antenatal: bool
    languages: str  # in words: "English, Polish"
    lang: str | None  # the card's one language when it is not English, for lang=""
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

    @property
    def telephone_href(self) -> str | None:
        """The number the activity is held on, as a `tel:` link."""
        return tel_href(self.telephone)


def tel_href(typed: str | None) -> str | None:
    """A number as a `tel:` link (see phones.dial_uri), or None."""
    return dial_uri(typed) if typed else None


def mailto_href(email: str | None) -> str | None:
    """An address as a `mailto:` link, every character a URI gives a meaning to (`?`, `&`,
    `#`, `%`, `=`) percent-encoded, so a listing cannot add a copy, subject or body."""
    return "mailto:" + quote(email, safe="@") if email else None


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


# How far ahead a rule's sessions are looked for: a little over a year, so a monthly rule
# on a fifth weekday or a yearly event still shows.
_HORIZON = timedelta(days=400)


def is_listed(activity: Activity, sites: dict[str, Site], on: date) -> bool:
    """True when the directory lists `activity` on `on`: running, not ended, with a
    session still to come (or by appointment, or self-paced), and it can be attended
    somewhere (an open venue, online or by telephone). Paused and ended activities,
    those whose every session is past, and those whose every venue is closed are left
    out; one that starts later is listed, with its start date."""
    if not _may_be_listed(activity, sites, on):
        return False
    return isinstance(activity.schedule, str) or bool(upcoming_rules(activity, on))


def _may_be_listed(activity: Activity, sites: dict[str, Site], on: date) -> bool:
    """The cheap half of is_listed: running, not ended, reachable."""
    ended = activity.valid_to is not None and activity.valid_to < on
    return activity.status == "running" and not ended and is_reachable(activity, sites)


def upcoming_rules(activity: Activity, on: date) -> list[tuple[ScheduleRule, set[int]]]:
    """The activity's rules with a session on or after `on`, each with the weekdays
    (Monday 0) of those sessions; none for a schedule in one word."""
    if isinstance(activity.schedule, str):
        return []
    found = []
    for rule in activity.schedule:
        start = max(on, rule_window(activity, rule).first or on)
        # A publication date near the end of the calendar (9999) has no year ahead.
        horizon = start + _HORIZON if date.max - start > _HORIZON else date.max
        days = weekdays_held(activity, rule, on, horizon)
        if days:
            found.append((rule, days))
    return found


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
        # Each listed activity's rules with a session to come, found once: the listing
        # rule and the card both need them.
        self._upcoming: dict[str, list[tuple[ScheduleRule, set[int]]]] = {}
        listed = []
        for record in listings.activity_records:
            activity = record.listing
            if not _may_be_listed(activity, self._sites, on):
                continue
            upcoming = upcoming_rules(activity, on)
            if isinstance(activity.schedule, str) or upcoming:
                self._upcoming[activity.id] = upcoming
                listed.append(record)
        self._activities = _by_authority(listed)

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
            activity_view(
                activity, self._sites, self._labels, self._on, self._upcoming[activity.id]
            )
            for activity in self._activities.get(authority.id, [])
        ]
        used = {area for view in activities for area in view.areas}
        return AuthorityPage(
            authority,
            tuple(site_view(hub, None, self._on) for hub in self._hubs.get(authority.id, [])),
            tuple(
                site_view(branch, self._hub_names.get(branch.hub), self._on)
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


def site_view(site: Site, hub_name: str | None, on: date) -> SiteView:
    """A hub's (hub_name None) or a branch's card on `on`: opening hours not yet over."""
    address = site.address
    lines = (address.line1, address.line2, address.town, address.postcode)
    contact = site.contact
    is_branch = isinstance(site, Branch)
    return SiteView(
        id=site.id,
        name=site.name,
        kind=SITE_TYPE_WORDS[site.site_type] if isinstance(site, Branch) else "Family hub",
        hub_name=hub_name,
        description=site.description,
        status=STATUS_WORDS[site.status],
        is_open=site.status == "open",
        address=tuple(line for line in lines if line),
        opening_hours=tuple(
            rule_sentence(rule)
            for rule in site.opening_hours or []
            if not (rule.valid_to is not None and rule.valid_to < on)
            and not (rule.date is not None and rule.date < on)
        ),
        phone=contact.phone if contact else None,
        email=contact.email if contact else None,
        website=contact.website if contact else None,
        accessibility=", ".join(ACCESSIBILITY_WORDS.get(a, a) for a in site.accessibility) or None,
        languages=languages_text(site.languages),
        calendar=None if is_branch else f"calendar/{site.id}.ics",
        location=(site.location.lat, site.location.lon) if site.location else None,
    )


def activity_view(
    activity: Activity,
    sites: dict[str, Site],
    labels: dict[str, str],
    on: date,
    upcoming: list[tuple[ScheduleRule, set[int]]] | None = None,
) -> ActivityView:
    """An activity's card, on `on`: only its open venues, only its rules with a session
    to come (`upcoming`, when the caller has found them: `upcoming_rules`)."""
    venues = [venue for venue in open_venues(activity, sites) if venue in sites]
    modes = (["in-person"] if venues else []) + [
        mode
        for mode, offered in (("online", activity.online), ("telephone", activity.telephone))
        if offered is not None
    ]
    contact = activity.contact
    if upcoming is None:
        upcoming = upcoming_rules(activity, on)
    reach = age_reach(activity.age_range)
    languages = activity.languages
    return ActivityView(
        id=activity.id,
        name=activity.name,
        description=activity.description,
        when=_when(activity, [rule for rule, _ in upcoming], on),
        where=tuple(sites[venue].name for venue in venues),
        ages=ages_text(activity),
        cost=cost_text(activity).capitalize(),
        booking=BOOKING_LABELS[activity.booking].title,
        modes=tuple(modes),
        areas=tuple(activity.offer_areas),
        area_labels=tuple(labels.get(area, area) for area in activity.offer_areas),
        days=tuple(DAY_CODES[day] for day in sorted(set().union(*(d for _, d in upcoming)))),
        any_day=isinstance(activity.schedule, str),
        site_ids=tuple(venues),
        age_spans=" ".join(f"{_number(low)}-{_number(high)}" for low, high in reach.spans),
        antenatal=reach.antenatal,
        languages=languages_text(languages),
        lang=languages[0] if len(languages) == 1 and languages[0] != "en" else None,
        run_by=activity.delivered_by.name if activity.delivered_by else None,
        online_url=activity.online.url if activity.online else None,
        telephone=activity.telephone,
        phone=contact.phone if contact else None,
        email=contact.email if contact else None,
        website=contact.website if contact else None,
    )


def _when(activity: Activity, rules: Sequence[ScheduleRule], on: date) -> tuple[str, ...]:
    lines = []
    if activity.valid_from is not None and activity.valid_from > on:
        lines.append(f"Starts {activity.valid_from.isoformat()}")
    if activity.schedule == "self-paced":
        lines.append("Any time, online, at your own pace")
    elif activity.schedule == "by-appointment":
        lines.append("By appointment")
    else:
        lines += [rule_sentence(_dates_to_say(activity, rule, on)) for rule in rules]
    if activity.valid_to is not None:
        lines.append(f"Until {activity.valid_to.isoformat()}")
    return tuple(lines)


def _number(years: float) -> str:
    """`2`, `1.5`: never an exponent, which the filter script could not read."""
    return format(years, ".6f").rstrip("0").rstrip(".")


def _dates_to_say(activity: Activity, rule: ScheduleRule, on: date) -> ScheduleRule:
    """`rule` with only the dates a parent needs: its start if still to come and later
    than the activity's, its end if earlier than the activity's (which the card gives)."""
    start, end = rule.valid_from, rule.valid_to
    later = activity.valid_from is not None and activity.valid_from >= (start or on)
    if start is not None and (start <= on or later):
        start = None
    if end is not None and activity.valid_to is not None and end >= activity.valid_to:
        end = None
    if (start, end) == (rule.valid_from, rule.valid_to):
        return rule
    return rule.model_copy(update={"valid_from": start, "valid_to": end})


def weekday_choices() -> tuple[tuple[str, str], ...]:
    """(code, name) of each weekday, for the day filter."""
    return tuple(zip(DAY_CODES, DAY_NAMES, strict=True))
