"""calendar/<hub-id>.ics (README: Published feeds): each hub's activities as an RFC 5545 calendar.

`ics_lines` writes the content lines (escaping, folding, CRLF) and the icalendar
library the VTIMEZONE; this module decides what goes in them:

- A hub's calendar holds the running activities held at the hub or at any of its
  branches, plus its authority's activities with no venue (online or by telephone).
  Paused and ended activities are left out.
- One VEVENT per schedule rule. `by-appointment` and `self-paced` activities have no
  times, so they have no event.
- Times are local to Europe/London (DTSTART/DTEND with a TZID and a VTIMEZONE), so a
  10:00 session stays at 10:00 on both sides of the clock change.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import partial
from zoneinfo import ZoneInfo

from icalendar import Timezone

from hubctl.feeds import FeedFile
from hubctl.feeds.byday import day_parts, ical_day
from hubctl.feeds.ics_lines import (
    content_line,
    ics_date,
    ics_text,
    local_time_line,
    text_line,
    utc_time,
)
from hubctl.labels import BOOKING_LABELS
from hubctl.listing_words import ages_text, cost_text
from hubctl.listings import Listings
from hubctl.models import Activity, Branch, Hub, ScheduleRule, Site
from hubctl.networks import activities_by_hub, open_venues
from hubctl.schedules import rule_window
from hubctl.taxonomy import Taxonomy

CALENDAR_FOLDER = "calendar"
CALENDAR_TZID = "Europe/London"
PRODID = "-//hubctl//Family Hub listings//EN"
UID_DOMAIN = "hubctl"

_LONDON = ZoneInfo(CALENDAR_TZID)
# A fifth Tuesday (the rarest monthly day) comes at least every three months, so a
# rule with no match within this many days has none at all.
_SEARCH_DAYS = 400
# The VTIMEZONE covers at least up to here (icalendar's own default), so open-ended
# weekly rules have the clock changes of the years ahead.
_TIMEZONE_UNTIL = date(2038, 1, 1)
_TERM_TIME_TEXT = (
    "Term time only: this session does not run in the school holidays, although the "
    "calendar repeats it every week; check holiday dates with the hub."
)


@dataclass(frozen=True)
class _Session:
    """One schedule rule of one activity, placed in time."""

    activity: Activity
    rule: ScheduleRule
    number: int  # the rule's place in the activity's schedule, from 1
    first_day: date
    last_day: date | None  # the last day the rule may run (UNTIL); None when open-ended


def render_calendars(
    listings: Listings, taxonomy: Taxonomy, published_at: datetime
) -> Iterator[FeedFile]:
    """One `calendar/<hub-id>.ics` per hub, sorted by hub id, even for a hub with no event.

    Takes valid listings, the taxonomy (offer-area labels become CATEGORIES) and the
    publication time, an aware datetime written as every event's DTSTAMP in UTC.
    Yields FeedFiles (one hub at a time, each written one event per chunk) whose
    `records` is the number of VEVENTs. Raises ValueError when `published_at` has no
    time zone (its UTC value would then depend on the machine).
    """
    if published_at.tzinfo is None or published_at.utcoffset() is None:
        raise ValueError("published_at needs a time zone, e.g. datetime(..., tzinfo=UTC)")
    stamp = published_at.astimezone(timezone.utc)
    shared = _SharedLines(taxonomy, stamp)
    held = activities_by_hub(listings, _is_running)
    # Building a VTIMEZONE walks its whole span; calendars with the same span share one.
    timezones: dict[tuple[date, date], bytes] = {}
    # An activity offered by several hubs has the same sessions in each calendar.
    sessions_of: dict[str, list[_Session]] = {}
    for record in listings.hub_records:
        hub = record.listing
        network = {site.id: site for site in listings.sites_of_hub[hub.id]}
        sessions = []
        for activity in held.get(hub.id, []):
            if activity.id not in sessions_of:
                sessions_of[activity.id] = _sessions(activity)
            sessions.extend(sessions_of[activity.id])
        span = _timezone_span(sessions, stamp.date())
        if span not in timezones:
            vtimezone = Timezone.from_tzid(CALENDAR_TZID, first_date=span[0], last_date=span[1])
            timezones[span] = vtimezone.to_ical()
        authority = listings.authority_by_id.get(record.authority_id)
        head = _calendar_head(hub, network, authority.name if authority else None)

        calendar = partial(
            _calendar_chunks, head, timezones[span], sessions, hub.id, network, shared
        )
        yield FeedFile(f"{CALENDAR_FOLDER}/{hub.id}.ics", calendar, len(sessions))


def _calendar_chunks(
    head: str,
    vtimezone: bytes,
    sessions: list[_Session],
    hub_id: str,
    network: dict[str, Site],
    shared: _SharedLines,
) -> Iterator[bytes]:
    """One calendar's bytes: its head, the VTIMEZONE, then one chunk per event."""
    yield head.encode("utf-8")
    # A VCALENDAR needs at least one component, so an empty calendar still has this.
    yield vtimezone
    for session in sessions:
        yield _event(session, hub_id, network, shared).encode("utf-8")
    yield b"END:VCALENDAR\r\n"


def _is_running(activity: Activity) -> bool:
    # A calendar shows every running activity's series, whatever today's date.
    return activity.status == "running"


def _sessions(activity: Activity) -> list[_Session]:
    """The activity's rules that have at least one day to run, in schedule order."""
    if isinstance(activity.schedule, str):  # by-appointment, self-paced: no times to show
        return []
    sessions = []
    for number, rule in enumerate(activity.schedule, start=1):
        window = rule_window(activity, rule)
        if rule.freq == "once" and window.first is not None:
            sessions.append(_Session(activity, rule, number, window.first, None))
            continue
        # A series without a start begins on the day the listing was last reviewed
        # (never today, so output does not depend on the clock).
        anchor = window.first or activity.last_reviewed
        first_day = _first_matching_day(rule, anchor, window.last)
        if first_day is not None:
            sessions.append(_Session(activity, rule, number, first_day, window.last))
    return sessions


def _first_matching_day(rule: ScheduleRule, anchor: date, last_day: date | None) -> date | None:
    """The first day on or after `anchor` (and not after `last_day`) the rule runs."""
    bydays = [day_parts(byday) for byday in rule.byday or []]
    for offset in range(_SEARCH_DAYS):
        day = anchor + timedelta(days=offset)
        if last_day is not None and day > last_day:
            return None
        if _runs_on(bydays, day):
            return day
    return None


def _runs_on(bydays: list[tuple[int | None, int]], day: date) -> bool:
    """Whether a rule on `bydays` (each from `day_parts`) runs on `day`."""
    weekday_of_day = day.weekday()
    for week, weekday in bydays:
        if weekday_of_day != weekday:
            continue
        if week is None:
            return True
        if week > 0 and (day.day - 1) // 7 + 1 == week:
            return True
        days_in_month = monthrange(day.year, day.month)[1]
        if week < 0 and -((days_in_month - day.day) // 7 + 1) == week:
            return True
    return False


def _rrule(session: _Session) -> str | None:
    """The RRULE value: FREQ=WEEKLY;BYDAY=TU,TH or FREQ=MONTHLY;BYDAY=1TU,-1FR, with UNTIL."""
    rule = session.rule
    if rule.freq == "once":
        return None
    parts = [f"FREQ={rule.freq.upper()}"]
    if session.last_day is not None:
        # With a TZID on DTSTART, RFC 5545 wants UNTIL in UTC; the end of the last
        # local day keeps that day's session in the series.
        last_moment = datetime.combine(session.last_day, time(23, 59, 59), tzinfo=_LONDON)
        parts.append(f"UNTIL={utc_time(last_moment.astimezone(timezone.utc))}")
    byday = [ical_day(day) for day in dict.fromkeys(rule.byday or [])]
    parts.append(f"BYDAY={','.join(byday)}")
    return ";".join(parts)


def _timezone_span(sessions: list[_Session], fallback: date) -> tuple[date, date]:
    """The years the VTIMEZONE describes: from this calendar's first session to 2038 or later.

    Only this calendar's sessions count, so a change elsewhere never changes its bytes.
    """
    first = min((session.first_day for session in sessions), default=fallback)
    last = max(
        [_TIMEZONE_UNTIL - timedelta(days=1)]
        + [session.last_day or session.first_day for session in sessions]
    )
    return date(first.year, 1, 1), date(last.year + 1, 1, 1)


def _calendar_head(hub: Hub, network: dict[str, Site], authority_name: str | None) -> str:
    """BEGIN:VCALENDAR and the calendar's properties, in the order icalendar wrote them."""
    branch_names = sorted(site.name for site in network.values() if isinstance(site, Branch))
    where = hub.name + (f" and its branches ({', '.join(branch_names)})" if branch_names else "")
    online = f", and {authority_name}'s online and telephone services" if authority_name else ""
    description = f"Activities at {where}{online}."
    return "".join(
        [
            content_line("BEGIN", "VCALENDAR"),
            content_line("VERSION", "2.0"),
            text_line("PRODID", PRODID),
            content_line("CALSCALE", "GREGORIAN"),
            text_line("DESCRIPTION", description),
            text_line("X-WR-CALDESC", description),
            text_line("NAME", hub.name),
            text_line("X-WR-CALNAME", hub.name),
        ]
    )


class _SharedLines:
    """The content lines that many events of one publish share, each made once."""

    def __init__(self, taxonomy: Taxonomy, stamp: datetime) -> None:
        self.taxonomy = taxonomy
        self.dtstamp = content_line("DTSTAMP", utc_time(stamp))  # the same in every event
        self._places: dict[tuple[str, ...], str] = {}

    def place(self, venues_here: list[Site]) -> str:
        """The GEO (for one venue with a location) and LOCATION lines of open venues.

        Hundreds of events are held at each site, so each set of venues is written once.
        """
        key = tuple(site.id for site in venues_here)
        lines = self._places.get(key)
        if lines is None:
            lines = ""
            if len(venues_here) == 1 and venues_here[0].location is not None:
                point = venues_here[0].location
                lines = content_line("GEO", f"{float(point.lat)};{float(point.lon)}")
            lines += text_line("LOCATION", "; ".join(_site_address(site) for site in venues_here))
            self._places[key] = lines
        return lines


def _event(session: _Session, hub_id: str, network: dict[str, Site], shared: _SharedLines) -> str:
    """One VEVENT, its properties in icalendar's order (the canonical ones, then A to Z)."""
    activity, rule = session.activity, session.rule
    taxonomy = shared.taxonomy
    day = ics_date(session.first_day)
    lines = [
        _BEGIN_VEVENT,
        text_line("SUMMARY", activity.name),
        local_time_line("DTSTART", CALENDAR_TZID, day, rule.opens_at),
        local_time_line("DTEND", CALENDAR_TZID, day, rule.closes_at),
        shared.dtstamp,
        # The hub is part of the UID: an activity shared by two hubs is two different
        # events (each with its own LOCATION), so a reader subscribed to both keeps both.
        text_line("UID", f"{activity.id}-{session.number}@{hub_id}.{UID_DOMAIN}"),
    ]
    recurrence = _rrule(session)
    if recurrence is not None:
        lines.append(content_line("RRULE", recurrence))
    labels = [
        taxonomy.by_id[area].label if area in taxonomy.by_id else area
        for area in activity.offer_areas
    ]
    lines.append(content_line("CATEGORIES", ",".join(ics_text(label) for label in labels)))
    lines.append(text_line("DESCRIPTION", _description(activity, rule)))
    # A closed site in this network is not where the activity is held now.
    venues_here = [network[venue] for venue in open_venues(activity, network) if venue in network]
    if venues_here:
        lines.append(shared.place(venues_here))
    elif activity.online is not None:
        lines.append(text_line("LOCATION", f"Online: {activity.online.url}"))
    else:
        lines.append(text_line("LOCATION", f"By telephone: {activity.telephone}"))
    url = activity.online.url if activity.online else None
    url = url or (activity.contact.website if activity.contact else None)
    if url:
        lines.append(content_line("URL", url))
    lines.append(_END_VEVENT)
    return "".join(lines)


_BEGIN_VEVENT = content_line("BEGIN", "VEVENT")
_END_VEVENT = content_line("END", "VEVENT")


def _site_address(site: Site) -> str:
    address = site.address
    lines = [site.name, address.line1, address.line2, f"{address.town} {address.postcode}"]
    return ", ".join(line for line in lines if line)


def _description(activity: Activity, rule: ScheduleRule) -> str:
    """The activity's description, then one line per practical detail."""
    details = [
        f"Booking: {BOOKING_LABELS[activity.booking].phrase}",
        f"Cost: {cost_text(activity)}",
        f"Ages: {ages_text(activity)}",
    ]
    if rule.term_time_only:
        details.append(_TERM_TIME_TEXT)
    if rule.note:
        details.append(f"Note: {rule.note}")
    if activity.delivered_by is not None:
        details.append(f"Run by: {activity.delivered_by.name}")
    if activity.online is not None:
        details.append(f"Online: {activity.online.url}")
    if activity.telephone:
        details.append(f"Telephone: {activity.telephone}")
    contact = activity.contact
    if contact is not None:
        ways = [way for way in (contact.phone, contact.email, contact.website) if way]
        if ways:
            details.append(f"Contact: {', '.join(ways)}")
    return activity.description + "\n\n" + "\n".join(details)
