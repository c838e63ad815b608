"""calendar/<hub-id>.ics (SPEC §6): RFC 5545 calendars, read back with icalendar itself.

For the shipped listings and the trap tree, tests/fixtures/traps/ (its README lists the
traps): three hubs of Traptown and Otherton's hub, whose only activity has ended.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import TRAP_HUB, TRAPS, feed_snapshot
from dateutil.rrule import rrulestr
from icalendar import Calendar, Event, vCategory

from hubctl.feeds import FeedFile
from hubctl.feeds.ical import render_calendars
from hubctl.listings import Listings
from hubctl.networks import activities_by_hub
from hubctl.taxonomy import load_taxonomy
from hubctl.validation import validate

UTC = datetime.timezone.utc
LONDON = ZoneInfo("Europe/London")
PUBLISHED_AT = datetime.datetime(2026, 11, 23, 12, 0, 0, tzinfo=UTC)
NORTH_HUB = "welsh-name-hub"
FORMULA_HUB = "closed-formula-hub"
OTHER_HUB = "otherton-family-hub"
TERM_TIME_LINE = (
    "Term time only: this session does not run in the school holidays, although the "
    "calendar repeats it every week; check holiday dates with the hub."
)


def load(root: Path, today: datetime.date) -> Listings:
    report = validate(root, today=today)
    assert report.ok, [d.message for d in report.errors]
    return report.listings


def render(listings: Listings, published_at: datetime.datetime = PUBLISHED_AT) -> list[FeedFile]:
    return list(render_calendars(listings, load_taxonomy(), published_at))


def parse(files: list[FeedFile]) -> dict[str, Calendar]:
    """Each file read back with icalendar, by hub id; records must count its VEVENTs."""
    calendars = {}
    for feed_file in files:
        calendar = Calendar.from_ical(feed_file.content)
        assert feed_file.records == len(calendar.walk("VEVENT"))
        calendars[feed_file.path.removeprefix("calendar/").removesuffix(".ics")] = calendar
    return calendars


def events_by_uid(calendar: Calendar) -> dict[str, Event]:
    return {str(event["UID"]): event for event in calendar_events(calendar)}


def occurrences(event: Event, before: datetime.datetime | None = None) -> list[datetime.datetime]:
    """Every start of the event (up to `before` for an open-ended rule), via dateutil."""
    start: datetime.datetime = event.decoded("DTSTART")
    if "RRULE" not in event:
        return [start]
    rule = rrulestr(_text(event["RRULE"].to_ical()), dtstart=start)
    if before is None:
        return list(rule)
    return list(rule.between(start, before, inc=True))


@pytest.fixture
def trap_calendars(fixed_today: datetime.date) -> dict[str, Calendar]:
    return parse(render(load(TRAPS, fixed_today)))


@pytest.fixture
def central(trap_calendars: dict[str, Calendar]) -> dict[str, Event]:
    return events_by_uid(trap_calendars[TRAP_HUB])


# The shipped listings


def test_shipped_listings_give_one_calendar_per_hub(
    shipped_listings: Path, fixed_today: datetime.date
) -> None:
    listings = load(shipped_listings, fixed_today)
    files = render(listings)

    assert [f.path for f in files] == [f"calendar/{hub.id}.ics" for hub in listings.hubs]
    assert len(files) == 11
    hub_names = {hub.id: hub.name for hub in listings.hubs}
    for hub_id, calendar in parse(files).items():
        assert str(calendar["VERSION"]) == "2.0"
        assert str(calendar["PRODID"]) == "-//hubctl//Family Hub listings//EN"
        assert str(calendar["CALSCALE"]) == "GREGORIAN"
        assert str(calendar["X-WR-CALNAME"]) == hub_names[hub_id]
        assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
        assert calendar.get_missing_tzids() == set()
        # The VTIMEZONE comes before the events that use it.
        assert calendar.subcomponents[0].name == "VTIMEZONE"
    for feed_file in files:
        # RFC 5545 §3.1: every content line ends with CRLF.
        assert feed_file.content.count(b"\n") == feed_file.content.count(b"\r\n") > 0


def test_shipped_calendars_hold_their_hubs_activities(
    shipped_listings: Path, fixed_today: datetime.date
) -> None:
    calendars = parse(render(load(shipped_listings, fixed_today)))
    uids = {hub_id: set(events_by_uid(c)) for hub_id, c in calendars.items()}
    leicester_hubs = [
        "beaumont-leys-family-hub",
        "belgrave-family-hub",
        "braunstone-family-hub",
        "highfields-family-hub",
        "saffron-family-hub",
    ]

    # Online only (venues: []): every Leicester hub, no Derby hub.
    online_uid = "leicester-living-with-teenagers-online-1@{}.hubctl"
    assert [h for h in calendars if online_uid.format(h) in uids[h]] == leicester_hubs
    # Darley Children's Centre is a branch of Becket: its once session is Becket's only.
    teeth = "darley-little-teeth-1@{}.hubctl"
    assert [h for h in calendars if teeth.format(h) in uids[h]] == ["becket-family-hub"]
    event = events_by_uid(calendars["becket-family-hub"])[teeth.format("becket-family-hub")]
    assert event.decoded("DTSTART") == datetime.datetime(2027, 2, 9, 10, 0, tzinfo=LONDON)
    assert "RRULE" not in event
    assert str(event["LOCATION"]) == (
        "Darley Children's Centre, 8 Mile Ash Lane, Darley Abbey, Derby DE22 1DF"
    )
    # Paused, ended, by-appointment and self-paced activities have no event anywhere.
    activity_ids = {uid.split("@")[0].rsplit("-", 1)[0] for s in uids.values() for uid in s}
    assert "becket-arguing-better" in activity_ids
    for activity_id in (
        "mackworth-health-visitor-clinic",  # paused
        "darley-baby-rhyme-time",  # ended
        "derby-early-help-family-support",  # by-appointment
        "leicester-send-next-steps",  # by-appointment
        "derby-solihull-approach-online",  # self-paced: online, at any time
    ):
        assert activity_id not in activity_ids


def test_shipped_monthly_rule_starts_on_its_nth_weekday(
    shipped_listings: Path, fixed_today: datetime.date
) -> None:
    calendars = parse(render(load(shipped_listings, fixed_today)))
    event = events_by_uid(calendars["becket-family-hub"])[
        "becket-arguing-better-1@becket-family-hub.hubctl"
    ]

    dads = events_by_uid(calendars["beaumont-leys-family-hub"])[
        "leicester-beaumont-leys-dads-club-1@beaumont-leys-family-hub.hubctl"
    ]
    # byday [-1sat], last reviewed 2026-09-26: that day is the last Saturday of September.
    assert dads["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=-1SA"
    assert dads.decoded("DTSTART") == datetime.datetime(2026, 9, 26, 10, 0, tzinfo=LONDON)
    # byday [3wed], last reviewed 2026-09-03: the third Wednesday after that is 16 September.
    assert event["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=3WE"
    assert occurrences(event, datetime.datetime(2027, 1, 1, tzinfo=UTC)) == [
        datetime.datetime(2026, month, day, 18, 30, tzinfo=LONDON)
        for month, day in ((9, 16), (10, 21), (11, 18), (12, 16))
    ]


def test_two_renders_are_byte_identical(shipped_listings: Path, fixed_today: datetime.date) -> None:
    first = render(load(shipped_listings, fixed_today))
    second = render(load(shipped_listings, fixed_today))

    assert feed_snapshot(first) == feed_snapshot(second)


# Times, recurrence and bounds


def test_a_weekly_session_is_at_local_time_in_winter_and_summer(
    central: dict[str, Event],
) -> None:
    event = central[f"term-time-tuesdays-1@{TRAP_HUB}.hubctl"]

    assert event["DTSTART"].to_ical() == b"20260602T100000"
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event["DTEND"].to_ical() == b"20260602T113000"
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=TU"
    starts = occurrences(event, datetime.datetime(2027, 1, 31, tzinfo=UTC))
    july = next(s for s in starts if s.date() == datetime.date(2026, 7, 7))
    january = next(s for s in starts if s.date() == datetime.date(2027, 1, 5))
    for start in (july, january):
        assert (start.weekday(), start.astimezone(LONDON).time()) == (1, datetime.time(10))
    assert july.astimezone(UTC).time() == datetime.time(9)  # BST
    assert january.astimezone(UTC).time() == datetime.time(10)  # GMT
    assert all(start.weekday() == 1 for start in starts)


def test_a_monthly_rule_gives_the_first_tuesday_and_last_friday(
    central: dict[str, Event],
) -> None:
    event = central[f"monthly-nth-weekdays-1@{TRAP_HUB}.hubctl"]

    assert event["RRULE"].to_ical() == b"FREQ=MONTHLY;UNTIL=20270630T225959Z;BYDAY=1TU,-1FR"
    first_tuesdays_and_last_fridays = [
        (1, 5), (1, 29), (2, 2), (2, 26), (3, 2), (3, 26),
        (4, 6), (4, 30), (5, 4), (5, 28), (6, 1), (6, 25),
    ]  # fmt: skip
    assert occurrences(event) == [
        datetime.datetime(2027, month, day, 13, 0, tzinfo=LONDON)
        for month, day in first_tuesdays_and_last_fridays
    ]


def test_a_monthly_rule_counted_from_the_end_starts_on_that_day(
    central: dict[str, Event],
) -> None:
    event = central[f"monthly-nth-weekdays-2@{TRAP_HUB}.hubctl"]

    # Mondays of January 2027 are 4, 11, 18 and 25: the second to last is the 18th.
    assert event["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=-2MO"
    assert event.decoded("DTSTART") == datetime.datetime(2027, 1, 18, 16, 0, tzinfo=LONDON)
    assert occurrences(event, datetime.datetime(2027, 3, 31, tzinfo=UTC))[1:] == [
        datetime.datetime(2027, 2, 15, 16, 0, tzinfo=LONDON),
        datetime.datetime(2027, 3, 22, 16, 0, tzinfo=LONDON),
    ]


def test_a_once_rule_is_a_single_event_on_its_date(central: dict[str, Event]) -> None:
    event = central[f"online-formula-webinar-1@{TRAP_HUB}.hubctl"]

    assert "RRULE" not in event
    assert event.decoded("DTSTART") == datetime.datetime(2027, 3, 3, 19, 0, tzinfo=LONDON)
    assert event.decoded("DTEND") == datetime.datetime(2027, 3, 3, 20, 0, tzinfo=LONDON)
    assert occurrences(event) == [datetime.datetime(2027, 3, 3, 19, 0, tzinfo=LONDON)]


def test_until_includes_the_last_day_and_nothing_after(central: dict[str, Event]) -> None:
    winter = central[f"activity-window-inside-rule-1@{TRAP_HUB}.hubctl"]
    summer = central[f"until-in-summer-time-1@{TRAP_HUB}.hubctl"]

    # The series starts at the activity's valid_from (6 Jan, after the rule's 1 Dec);
    # the activity's valid_to (24 Feb) is before the rule's (31 Mar): UNTIL is the
    # end of 24 February in London, in UTC as RFC 5545 requires with a TZID.
    assert winter.decoded("DTSTART") == datetime.datetime(2027, 1, 6, 18, 0, tzinfo=LONDON)
    assert winter["RRULE"].to_ical() == b"FREQ=WEEKLY;UNTIL=20270224T235959Z;BYDAY=WE"
    assert [start.date() for start in occurrences(winter)] == [
        datetime.date(2027, 1, 6) + datetime.timedelta(weeks=week) for week in range(8)
    ]
    # In summer the end of the local day is 22:59:59 UTC.
    assert summer["RRULE"].to_ical() == b"FREQ=WEEKLY;UNTIL=20270713T225959Z;BYDAY=TU"
    summer_starts = occurrences(summer)
    assert summer_starts[0] == datetime.datetime(2027, 6, 1, 19, 0, tzinfo=LONDON)
    assert summer_starts[-1] == datetime.datetime(2027, 7, 13, 19, 0, tzinfo=LONDON)
    assert len(summer_starts) == 7


def test_a_rule_with_no_day_in_its_window_has_no_event(central: dict[str, Event]) -> None:
    assert not [uid for uid in central if uid.startswith("no-day-in-window-")]


# Which activities a hub holds


def test_online_only_activity_is_in_every_hub_of_its_authority(
    trap_calendars: dict[str, Calendar],
) -> None:
    holders = {
        hub_id: events_by_uid(calendar).get(f"online-only-polish-group-1@{hub_id}.hubctl")
        for hub_id, calendar in trap_calendars.items()
    }

    assert sorted(h for h, event in holders.items() if event is not None) == [
        FORMULA_HUB,
        TRAP_HUB,
        NORTH_HUB,
    ]
    event = holders[NORTH_HUB]
    assert event is not None
    assert str(event["LOCATION"]) == "Online: https://traptown.example.org/live/zajecia"
    assert str(event["URL"]) == "https://traptown.example.org/live/zajecia"
    assert "GEO" not in event


def test_a_branch_activity_is_in_its_hubs_calendar(
    trap_calendars: dict[str, Calendar],
) -> None:
    central = events_by_uid(trap_calendars[TRAP_HUB])
    north = events_by_uid(trap_calendars[NORTH_HUB])

    event = central[f"branch-only-polish-workshop-1@{TRAP_HUB}.hubctl"]
    assert str(event["SUMMARY"]) == "Warsztaty dla rodziców – Żłobek"
    assert str(event["LOCATION"]) == (
        "Centrum Rodzinne Łódź – Żółta Ściana, 2 Źródlana Street, Traptown TR1 2AB"
    )
    assert not [uid for uid in north if uid.startswith("branch-only-polish-workshop-")]
    # At the hub and at one of its branches: one event naming both, in schedule order.
    shared = central[f"hub-and-branch-group-1@{TRAP_HUB}.hubctl"]
    assert str(shared["LOCATION"]) == (
        "Canolfan Plant Ŵyn, Heol y Bont, 'r Hen Ysgol, Traptown TR1 3DF; "
        "@Central Family Hub, Canolfan Plant Ŵyn, 1 Heol y Frenhines, Traptown TR1 1AA"
    )
    assert "GEO" not in shared


def test_an_activity_at_two_hubs_is_a_distinct_event_in_each(
    trap_calendars: dict[str, Calendar],
) -> None:
    central = events_by_uid(trap_calendars[TRAP_HUB])[f"two-hubs-1@{TRAP_HUB}.hubctl"]
    north = events_by_uid(trap_calendars[NORTH_HUB])[f"two-hubs-1@{NORTH_HUB}.hubctl"]

    assert str(central["LOCATION"]) == (
        "@Central Family Hub, Canolfan Plant Ŵyn, 1 Heol y Frenhines, Traptown TR1 1AA"
    )
    assert central.decoded("GEO") == (50.2632, -5.051)
    assert str(north["LOCATION"]) == "Hwb Teulu Ŵyn, Ffordd y Gogledd, Traptown TR2 2BB"
    assert central.decoded("DTSTART") == north.decoded("DTSTART")


def test_paused_ended_and_appointment_activities_have_no_event(
    trap_calendars: dict[str, Calendar], central: dict[str, Event]
) -> None:
    activity_ids = {uid.split("@")[0].rsplit("-", 1)[0] for uid in central}

    # Not paused-weekly-group (paused, with times), five-things-by-appointment (held by
    # this hub through its branch), self-paced-online-course (online, held by every hub
    # of its authority, at any time), no-day-in-window or paused-money-line (no venue).
    assert activity_ids == {
        "activity-window-inside-rule",
        "branch-only-polish-workshop",
        "formula-partner-clinic",
        "formula-stay-and-play",
        "grwp-chwarae-cymraeg",
        "hub-and-branch-group",
        "monthly-nth-weekdays",
        "online-formula-webinar",
        "online-only-polish-group",
        "paid-class",
        "term-time-tuesdays",
        "two-hubs",
        "until-in-summer-time",
    }
    for calendar in trap_calendars.values():
        assert not any(
            str(event["UID"]).startswith("self-paced-online-course-")
            for event in calendar_events(calendar)
        )
    # Otherton's only activity has ended (it has a weekly rule): its hub still has a
    # calendar, with no event.
    other = trap_calendars[OTHER_HUB]
    assert calendar_events(other) == []
    assert [str(tz["TZID"]) for tz in other.walk("VTIMEZONE")] == ["Europe/London"]


def calendar_events(calendar: Calendar) -> list[Event]:
    events = calendar.walk("VEVENT")
    assert all(isinstance(event, Event) for event in events)
    return [event for event in events if isinstance(event, Event)]


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value


def test_activities_by_hub_follows_the_coverage_rule(fixed_today: datetime.date) -> None:
    held = activities_by_hub(load(TRAPS, fixed_today), lambda a: a.status == "running")

    assert sorted(held) == [FORMULA_HUB, TRAP_HUB, NORTH_HUB]  # not Otherton's, ended
    assert [a.id for a in held[NORTH_HUB]] == [
        "online-formula-webinar",
        "online-only-polish-group",
        "self-paced-online-course",
        "two-hubs",
    ]
    # held, but it has no times
    assert "five-things-by-appointment" in [a.id for a in held[TRAP_HUB]]
    assert "paused-weekly-group" not in [a.id for a in held[TRAP_HUB]]


# What each event says


def test_description_states_booking_cost_ages_and_term_time(central: dict[str, Event]) -> None:
    paid = central[f"paid-class-1@{TRAP_HUB}.hubctl"]
    term_time = central[f"term-time-tuesdays-1@{TRAP_HUB}.hubctl"]

    assert str(paid["DESCRIPTION"]) == (
        "Come along.\n\n"
        "Booking: book a place before you come\n"
        "Cost: £3.50 per session\n"
        "Ages: pregnancy, and 6 months to 3 years\n"
        "Note: Bring a towel"
    )
    assert paid["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=MO,TH"
    assert TERM_TIME_LINE not in str(paid["DESCRIPTION"])
    assert str(term_time["DESCRIPTION"]).split("\n")[-1] == TERM_TIME_LINE
    categories = paid["CATEGORIES"]
    assert isinstance(categories, vCategory)
    assert [str(c) for c in categories.cats] == [
        "Stay-and-play, baby and toddler groups",
        "Money, debt, benefits and cost of living",
    ]


def test_welsh_and_polish_text_round_trips(
    fixed_today: datetime.date, trap_calendars: dict[str, Calendar]
) -> None:
    north = trap_calendars[NORTH_HUB]
    event = events_by_uid(north)[f"online-only-polish-group-1@{NORTH_HUB}.hubctl"]
    raw = next(f for f in render(load(TRAPS, fixed_today)) if NORTH_HUB in f.path)

    assert str(north["X-WR-CALNAME"]) == "Hwb Teulu Ŵyn"
    assert str(event["SUMMARY"]) == "Zajęcia dla rodziców – Łódź"
    assert "SUMMARY:Zajęcia dla rodziców – Łódź\r\n".encode() in raw.content


def test_dtstamp_is_published_at_in_utc(fixed_today: datetime.date) -> None:
    summer_time = datetime.timezone(datetime.timedelta(hours=1))
    published_at = datetime.datetime(2026, 11, 23, 13, 5, 7, tzinfo=summer_time)
    files = render(load(TRAPS, fixed_today), published_at)

    stamps = {
        event.decoded("DTSTAMP")
        for calendar in parse(files).values()
        for event in calendar.walk("VEVENT")
    }
    assert stamps == {published_at}
    central = next(f for f in files if TRAP_HUB in f.path)
    assert b"DTSTAMP:20261123T120507Z\r\n" in central.content


def test_a_published_at_without_a_time_zone_is_refused(fixed_today: datetime.date) -> None:
    with pytest.raises(ValueError, match="published_at needs a time zone"):
        render(load(TRAPS, fixed_today), datetime.datetime(2026, 11, 23, 12, 0))
