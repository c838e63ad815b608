"""Coverage of the offer areas (README: hubctl coverage): Listings -> CoverageReport, pure.

For each authority (or each hub with its branches) and each offer area of the
taxonomy: is the area required after the authority's policy, which running
activities cover it on the given date, how many sessions a week they add up to,
and which age bands the running activities reach.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

from hubctl.diagnostics import Diagnostic, diagnostic, did_you_mean
from hubctl.errors import UsageError
from hubctl.listings import Listings, Record
from hubctl.models import Activity, Authority, Hub, ScheduleRule
from hubctl.networks import activities_by_hub, closed_venues, is_reachable
from hubctl.parallel_reading import SERIAL_READING, ReadOptions
from hubctl.schedules import activity_window, rule_window
from hubctl.taxonomy import OfferArea, Taxonomy, load_taxonomy
from hubctl.validation import InvalidListingsError, validate

Grouping = Literal["authority", "hub"]
GROUPINGS: tuple[Grouping, ...] = ("authority", "hub")

# (id, label, lowest age, highest age) in years; `antenatal` is pregnancy, not an age.
AGE_BANDS: tuple[tuple[str, str, float, float], ...] = (
    ("antenatal", "antenatal", -1, -1),
    ("0-2", "0–2", 0, 2),
    ("3-5", "3–5", 3, 5),
    ("6-11", "6–11", 6, 11),
    ("12-19", "12–19", 12, 19),
    ("20-25", "20–25", 20, 25),
)
# A Start for Life offer runs from conception to age 2: both bands must be reached.
START_FOR_LIFE_BANDS = ("antenatal", "0-2")
# A one-off session counts only when it falls within this window from the date.
ONCE_WINDOW = timedelta(weeks=4)
# Sessions a week that one occurrence counts for: weekly each day, monthly about
# one week in four, and a one-off within the window likewise once in four weeks.
_WEEKLY_SHARE = {"weekly": 1.0, "monthly": 0.25, "once": 0.25}

AreaStatus = Literal["covered", "gap", "waived", "optional"]


@dataclass(frozen=True)
class AreaCoverage:
    """One offer area within one authority or hub."""

    area: OfferArea
    required: bool  # after the authority's extra_required and waived
    waiver_reason: str | None
    activity_ids: tuple[str, ...]  # running activities covering it, sorted
    sessions_per_week: float

    @property
    def covered(self) -> bool:
        """True when at least one running activity covers the area."""
        return bool(self.activity_ids)

    @property
    def status(self) -> AreaStatus:
        """covered, gap (required and uncovered), waived, or optional (uncovered)."""
        if self.waiver_reason is not None:
            return "waived"
        if self.covered:
            return "covered"
        return "gap" if self.required else "optional"


@dataclass(frozen=True)
class AgeBandCoverage:
    """One age band: how many running activities (of the unit) reach it."""

    band: str
    label: str
    activity_count: int

    @property
    def covered(self) -> bool:
        """True when at least one running activity reaches the band."""
        return self.activity_count > 0


@dataclass(frozen=True)
class ClosedVenueNote:
    """A counted activity's venue left out because its site is not open (HUB404)."""

    activity_id: str
    site_id: str
    site_status: str  # closed or temporarily-closed

    def reason(self) -> str:
        """`stay-and-play is not counted at x: the site is temporarily-closed`."""
        return (
            f"{self.activity_id} is not counted at {self.site_id}: the site is {self.site_status}"
        )


@dataclass(frozen=True)
class UnitCoverage:
    """Coverage of one authority, or of one hub with its branches."""

    kind: Grouping
    id: str
    name: str
    authority: str
    path: str  # the authority's or hub's file, where a gap is reported (HUB301)
    areas: tuple[AreaCoverage, ...]
    age_bands: tuple[AgeBandCoverage, ...]
    # Start for Life bands (antenatal, 0-2) that no running Start for Life activity reaches.
    start_for_life_gaps: tuple[str, ...]
    activity_count: int  # running activities counted for this unit
    # Current activities' venues in this unit that were left out, sorted, with the reason.
    closed_venues: tuple[ClosedVenueNote, ...] = ()

    @property
    def required(self) -> list[AreaCoverage]:
        """Areas required after the policy (waived areas are not required)."""
        return [a for a in self.areas if a.required]

    @property
    def gaps(self) -> list[AreaCoverage]:
        """Required areas with no running activity."""
        return [a for a in self.areas if a.status == "gap"]

    @property
    def waived(self) -> list[AreaCoverage]:
        """Areas the authority's policy waives, each with its reason."""
        return [a for a in self.areas if a.waiver_reason is not None]

    @property
    def has_gaps(self) -> bool:
        """True when a required, unwaived area is uncovered (what --fail-on-gaps fails on)."""
        return bool(self.gaps)

    def summary_line(self) -> str:
        """`derby: 9/9 required areas covered, 0 gaps, 0 waived` (plus any Start for Life gap)."""
        required = self.required
        covered = sum(1 for a in required if a.covered)
        gaps = len(self.gaps)
        line = (
            f"{self.id}: {covered}/{len(required)} required areas covered, "
            f"{gaps} gap{'' if gaps == 1 else 's'}, {len(self.waived)} waived"
        )
        if self.start_for_life_gaps:
            bands = " and ".join(_band_label(b) for b in self.start_for_life_gaps)
            line += f"; Start for Life gap: no Start for Life activity for {bands}"
        return line


@dataclass(frozen=True)
class CoverageReport:
    """Coverage of every authority or hub on one date."""

    on: date
    by: Grouping
    units: tuple[UnitCoverage, ...]

    @property
    def has_gaps(self) -> bool:
        """True when any unit has a required area uncovered (what --fail-on-gaps fails on)."""
        return any(unit.has_gaps for unit in self.units)


class UnknownFilterError(UsageError, ValueError):
    """An --area or --authority filter names an id that does not exist."""


def coverage(
    root: Path | str = "listings",
    *,
    taxonomy: Taxonomy | None = None,
    on: date | None = None,
    by: Grouping = "authority",
    areas: Sequence[str] = (),
    authorities: Sequence[str] = (),
    reading: ReadOptions = SERIAL_READING,
) -> CoverageReport:
    """Validate the tree at `root`, then compute its coverage on `on` (default today).

    `reading` is passed to `validate` (worker processes, cache, progress).

    Raises InvalidListingsError (carrying the validation report) when the listings
    have errors, since coverage of invalid data would mislead, and
    UnknownFilterError for an unknown area or authority id.
    """
    taxonomy = taxonomy or load_taxonomy()
    on = on or date.today()
    report = validate(root, taxonomy=taxonomy, today=on, reading=reading)
    if not report.ok:
        raise InvalidListingsError(report)
    return compute_coverage(
        report.listings, taxonomy, on, by=by, areas=areas, authorities=authorities
    )


def compute_coverage(
    listings: Listings,
    taxonomy: Taxonomy,
    on: date,
    *,
    by: Grouping = "authority",
    areas: Sequence[str] = (),
    authorities: Sequence[str] = (),
) -> CoverageReport:
    """Coverage of valid `listings` on the date `on`.

    `areas` and `authorities` (ids) limit the report when given; an unknown id
    raises UnknownFilterError. Activities count only while running and current on
    `on` (see `is_current`). Takes listings that validated without errors.
    """
    check_known_ids("offer area", areas, [a.id for a in taxonomy.areas])
    check_known_ids("authority", authorities, [a.id for a in listings.authorities])
    shown_areas = [a for a in taxonomy.areas if not areas or a.id in areas]

    # A venue that is not open hosts nothing; an activity left with no open venue
    # still counts where it is online or by telephone (networks.is_reachable).
    def counts(activity: Activity) -> bool:
        return is_current(activity, on) and is_reachable(activity, listings.site_by_id)

    # Only the grouping asked for is built: each judges every activity once.
    running: dict[str, list[Activity]] = {}
    by_hub: dict[str, list[Activity]] = {}
    if by == "hub":
        by_hub = activities_by_hub(listings, counts)
    else:
        for activity_record in listings.activity_records:
            if counts(activity_record.listing):
                running.setdefault(activity_record.authority_id, []).append(activity_record.listing)
    # Where a listed venue was left out, so the report can say why (unit id -> notes).
    left_out: dict[str, list[ClosedVenueNote]] = {}
    for activity_record in listings.activity_records:
        activity = activity_record.listing
        if not is_current(activity, on):
            continue
        for closed in closed_venues(activity, listings.site_by_id):
            note = ClosedVenueNote(activity.id, closed.site.id, closed.site.status)
            unit_id = (
                activity_record.authority_id
                if by == "authority"
                else listings.hub_of_site.get(closed.site.id, "")
            )
            left_out.setdefault(unit_id, []).append(note)
    hub_records: dict[str, list[Record[Hub]]] = {}
    for hub_record in listings.hub_records:
        hub_records.setdefault(hub_record.authority_id, []).append(hub_record)
    units: list[UnitCoverage] = []
    for record in listings.authority_records:
        authority = record.listing
        if authorities and authority.id not in authorities:
            continue
        if by == "authority":
            own = running.get(authority.id, [])
            notes = left_out.get(authority.id, [])
            units.append(_unit(record, authority, own, shown_areas, on, notes))
            continue
        for hub_record in hub_records.get(authority.id, []):
            # A closed hub offers nothing and is no longer expected to.
            if hub_record.listing.status != "closed":
                reached = by_hub.get(hub_record.id, [])
                notes = left_out.get(hub_record.id, [])
                units.append(_unit(hub_record, authority, reached, shown_areas, on, notes))
    return CoverageReport(on, by, tuple(units))


def is_current(activity: Activity, on: date) -> bool:
    """True when `activity` counts on `on`: running, within its dates, with a current rule.

    A rule is current when `on` lies within its own valid_from/valid_to; a one-off
    rule also needs its date on or after `on`. `by-appointment` and `self-paced` are
    always current.
    An activity whose venues are all closed sites counts only if it is also online
    or by telephone (see `networks.is_reachable`).
    """
    if activity.status != "running" or not activity_window(activity).contains(on):
        return False
    if isinstance(activity.schedule, str):  # by-appointment, self-paced
        return True
    return any(_rule_is_current(activity, rule, on) for rule in activity.schedule)


def sessions_per_week(activity: Activity, on: date) -> float:
    """Sessions a week of `activity` on `on`: weekly days count 1, monthly 1/4.

    A one-off counts 1/4 when it falls within the four weeks from `on`, else 0.
    """
    if isinstance(activity.schedule, str):  # by-appointment, self-paced
        return 0.0
    return sum(
        _WEEKLY_SHARE[rule.freq] * (len(set(rule.byday)) if rule.byday else 1)
        for rule in activity.schedule
        if _rule_is_current(activity, rule, on)
        and (rule.freq != "once" or (rule.date is not None and rule.date < on + ONCE_WINDOW))
    )


def age_bands_reached(activity: Activity) -> list[str]:
    """Ids of the AGE_BANDS the activity's age range reaches (1.5 means 18 months).

    An antenatal activity with `max: 0` serves pregnancy only, not babies.
    """
    ages = activity.age_range
    if ages.antenatal and ages.max == 0:
        return ["antenatal"]  # `{min: 0, max: 0, antenatal: true}`: pregnancy only
    reached = ["antenatal"] if ages.antenatal else []
    for band, _, low, high in AGE_BANDS[1:]:
        # A band runs from its first birthday to the day before `high + 1`.
        if ages.min < high + 1 and ages.max >= low:
            reached.append(band)
    return reached


def gap_diagnostics(report: CoverageReport) -> list[Diagnostic]:
    """One HUB301 error per required area left uncovered, at the authority's or hub's file."""
    on = report.on.isoformat()
    return [
        diagnostic(
            unit.path,
            1,
            1,
            "HUB301",
            f"required offer area '{area.area.id}' has no running activity "
            f"{'in' if unit.kind == 'authority' else 'at'} {unit.id} on {on}; add one, or "
            "waive the area under coverage.waived in authority.yaml with a reason",
        )
        for unit in report.units
        for area in unit.gaps
    ]


def check_known_ids(what: str, wanted: Sequence[str], known: Sequence[str]) -> None:
    """Raise UnknownFilterError (exit 2, with a did-you-mean) for the first unknown id."""
    for unknown in [w for w in wanted if w not in known]:
        raise UnknownFilterError(f"unknown {what} '{unknown}'{did_you_mean(unknown, known)}")


def _rule_is_current(activity: Activity, rule: ScheduleRule, on: date) -> bool:
    window = rule_window(activity, rule)
    if rule.freq == "once":
        # A one-off still to come keeps the area covered; it adds sessions only
        # within the four weeks (see sessions_per_week).
        return window.last is not None and on <= window.last
    return window.contains(on)


def _unit(
    record: Record[Authority] | Record[Hub],
    authority: Authority,
    activities: list[Activity],
    shown_areas: list[OfferArea],
    on: date,
    closed_venue_notes: list[ClosedVenueNote],
) -> UnitCoverage:
    policy = authority.coverage
    extra = set(policy.extra_required) if policy else set()
    waivers = {w.area: w.reason for w in policy.waived} if policy else {}
    weekly = {a.id: sessions_per_week(a, on) for a in activities}
    area_rows = []
    for area in shown_areas:
        covering = sorted(a.id for a in activities if area.id in a.offer_areas)
        area_rows.append(
            AreaCoverage(
                area=area,
                required=(area.required or area.id in extra) and area.id not in waivers,
                waiver_reason=waivers.get(area.id),
                activity_ids=tuple(covering),
                sessions_per_week=float(round(sum(weekly[i] for i in covering), 2)),
            )
        )
    bands_by_activity = {a.id: age_bands_reached(a) for a in activities}
    bands = tuple(
        AgeBandCoverage(band, label, sum(1 for b in bands_by_activity.values() if band in b))
        for band, label, _, _ in AGE_BANDS
    )
    unit = record.listing
    return UnitCoverage(
        kind="hub" if isinstance(unit, Hub) else "authority",
        id=unit.id,
        name=unit.name,
        authority=authority.id,
        path=record.source.display_path,
        areas=tuple(area_rows),
        age_bands=bands,
        start_for_life_gaps=_start_for_life_gaps(activities, shown_areas, bands_by_activity),
        activity_count=len(activities),
        closed_venues=tuple(sorted(closed_venue_notes, key=lambda n: (n.activity_id, n.site_id))),
    )


def _start_for_life_gaps(
    activities: list[Activity],
    shown_areas: list[OfferArea],
    bands_by_activity: dict[str, list[str]],
) -> tuple[str, ...]:
    start_for_life = {a.id for a in shown_areas if a.tier == "start-for-life"}
    if not start_for_life:
        return ()  # filtered out by --area: nothing to judge
    reached = {
        band
        for activity in activities
        if start_for_life & set(activity.offer_areas)
        for band in bands_by_activity[activity.id]
    }
    return tuple(b for b in START_FOR_LIFE_BANDS if b not in reached)


def _band_label(band: str) -> str:
    return next(label for b, label, _, _ in AGE_BANDS if b == band)
