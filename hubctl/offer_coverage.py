"""Coverage of the offer areas (README: hubctl coverage): Listings -> CoverageReport, pure.

For each authority (or each hub with its branches) and each offer area of the
taxonomy: what the authority's requirement profile and policy ask of it (level, scope,
modes, ages, dates), which activities count on the date or over the period, their
sessions by delivery mode, the ages they reach, and, for every area not covered, why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

from hubctl.age_spans import NO_AGES, AgeReach, age_reach, union
from hubctl.checks import REVIEW_AGE_LIMIT
from hubctl.coverage_periods import CoveragePeriod, available_in_period, sessions_in_period
from hubctl.diagnostics import Diagnostic, diagnostic, did_you_mean
from hubctl.errors import UsageError
from hubctl.listings import Listings, Record
from hubctl.models import (
    DELIVERY_MODES,
    Activity,
    Authority,
    CoverageWaiver,
    DeliveryMode,
    Hub,
    Requirement,
    ScheduleRule,
)
from hubctl.networks import closed_venues, open_venues
from hubctl.parallel_reading import SERIAL_READING, ReadOptions
from hubctl.requirement_profiles import (
    TAXONOMY_PROFILE_ID,
    RequirementProfile,
    RequirementSet,
    load_profile,
    requirements_for,
)
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
# Why an activity, or a whole cell, does not count, in the order the filters run: none
# carries the area here; not running (paused or ended); no session on the date or in
# the period; only at closed sites; past its review date (--exclude-stale); not by a
# mode the requirement takes; not for the ages it needs.
Reason = Literal[
    "none",
    "not-running",
    "outside-period",
    "closed-site",
    "stale",
    "wrong-mode",
    "wrong-ages",
]
REASONS: tuple[tuple[Reason, str], ...] = (
    ("none", "no activity here carries the area"),
    ("not-running", "its activities are paused or ended"),
    ("outside-period", "no session falls on the date or in the period"),
    ("closed-site", "its activities are held only at closed sites"),
    ("stale", "its activities are past their review date (--exclude-stale)"),
    ("wrong-mode", "none is delivered in a mode the requirement takes"),
    ("wrong-ages", "they do not reach every age the requirement names"),
)
COUNTING_LEVELS = ("minimum", "expected")  # levels whose misses are gaps


@dataclass(frozen=True)
class ModeCount:
    """Activities counted for an area in one delivery mode, and their sessions (a week on
    a date; in all, over a period)."""

    mode: DeliveryMode
    activity_ids: tuple[str, ...]
    sessions: float


@dataclass(frozen=True)
class NotCounted:
    """An activity that carries the area here but does not count, and why."""

    activity_id: str
    reason: Reason


@dataclass(frozen=True)
class AreaCoverage:
    """One offer area within one authority or hub."""

    area: OfferArea
    required: bool  # what the profile and policy ask here, waivers applied
    waiver_reason: str | None
    activity_ids: tuple[str, ...]  # activities that count for it, sorted
    sessions_per_week: float  # their sessions a week (over a period: on average)
    requirement: Requirement | None = None  # the profile's or policy's, if any
    met: bool | None = None  # None: met when an activity counts
    reason: Reason | None = None  # why not met; None when met
    reason_detail: str = ""  # what is missing: ages, hubs
    modes: tuple[ModeCount, ...] = ()
    ages: AgeReach = NO_AGES  # the ages the counted activities reach
    stale_ids: tuple[str, ...] = ()  # counted activities past their review date
    not_counted: tuple[NotCounted, ...] = ()
    # A requirement of every hub, in the authority's report: the open hubs (not waived)
    # that meet it and those that do not (`--by hub` judges each).
    hubs_met: tuple[str, ...] = ()
    hubs_missing: tuple[str, ...] = ()
    sessions_in_period: int | None = None  # None on a single date
    expired_waiver: CoverageWaiver | None = None  # a waiver past its expiry, not applied
    waiver_expires: date | None = None  # the last day the applied waiver runs

    @property
    def covered(self) -> bool:
        """True when the area is met here: an activity counts, in a mode and for the ages
        the requirement asks."""
        return bool(self.activity_ids) if self.met is None else self.met

    @property
    def level(self) -> str | None:
        """The requirement's level (minimum, expected, go-further), or None."""
        return self.requirement.level if self.requirement else None

    @property
    def status(self) -> AreaStatus:
        """covered, gap (required and not met), waived, or optional (not required, not
        covered)."""
        if self.waiver_reason is not None:
            return "waived"
        if self.covered:
            return "covered"
        return "gap" if self.required else "optional"

    def reason_text(self) -> str:
        """Why the area is not covered here, in words, with what is missing."""
        if self.reason is None:
            return ""
        words = dict(REASONS)[self.reason]
        return f"{words}: {self.reason_detail}" if self.reason_detail else words


@dataclass(frozen=True)
class AgeBandCoverage:
    """One age band: how many counted activities (of the unit) reach it."""

    band: str
    label: str
    activity_count: int

    @property
    def covered(self) -> bool:
        """True when at least one counted activity reaches the band."""
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
    # Start for Life bands (antenatal, 0-2) that no counted Start for Life activity reaches.
    start_for_life_gaps: tuple[str, ...]
    activity_count: int  # activities counted for this unit
    # Current activities' venues in this unit that were left out, sorted, with the reason.
    closed_venues: tuple[ClosedVenueNote, ...] = ()
    profile: str = TAXONOMY_PROFILE_ID  # the requirement profile the authority is held to

    @property
    def required(self) -> list[AreaCoverage]:
        """Areas required here after the profile and policy (waived areas are not)."""
        return [a for a in self.areas if a.required]

    @property
    def gaps(self) -> list[AreaCoverage]:
        """Required areas not met."""
        return [a for a in self.areas if a.status == "gap"]

    @property
    def waived(self) -> list[AreaCoverage]:
        """Areas the authority's policy waives here, each with its reason."""
        return [a for a in self.areas if a.waiver_reason is not None]

    @property
    def has_gaps(self) -> bool:
        """True when a required, unwaived area is not met (what --fail-on-gaps fails on)."""
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
    """Coverage of every authority or hub on one date, or over a period."""

    on: date
    by: Grouping
    units: tuple[UnitCoverage, ...]
    period: CoveragePeriod | None = None
    exclude_stale: bool = False

    @property
    def has_gaps(self) -> bool:
        """True when any unit has a required area not met (what --fail-on-gaps fails on)."""
        return any(unit.has_gaps for unit in self.units)

    @property
    def judged(self) -> str:
        """`on 2026-12-02`, or `over autumn term 2026 (2026-09-01 to 2026-12-31)`."""
        if self.period is None:
            return f"on {self.on.isoformat()}"
        span = f"{self.period.first.isoformat()} to {self.period.last.isoformat()}"
        if self.period.name == span:
            return f"from {span}"
        return f"over {self.period.name} ({span})"


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
    period: CoveragePeriod | None = None,
    exclude_stale: bool = False,
    profile: str | None = None,
    requirements_dir: Path | None = None,
) -> CoverageReport:
    """Validate the tree at `root`, then compute its coverage on `on` (default today),
    or over `period`.

    `reading` is passed to `validate` (worker processes, cache, progress). `profile`
    holds every authority to that requirement profile instead of its own;
    `requirements_dir` is the folder of profiles (default: the shipped one).

    Raises InvalidListingsError (carrying the validation report) when the listings
    have errors, since coverage of invalid data would mislead, UnknownFilterError for
    an unknown area or authority id, and ProfileError for a profile that cannot be used.
    """
    taxonomy = taxonomy or load_taxonomy()
    on = on or date.today()
    report = validate(
        root, taxonomy=taxonomy, today=on, reading=reading, requirements_dir=requirements_dir
    )
    if not report.ok:
        raise InvalidListingsError(report)
    return compute_coverage(
        report.listings,
        taxonomy,
        on,
        by=by,
        areas=areas,
        authorities=authorities,
        period=period,
        exclude_stale=exclude_stale,
        profile=profile,
        requirements_dir=requirements_dir,
    )


@dataclass(frozen=True)
class _Candidate:
    """What coverage reads of one activity, worked out once per run."""

    activity: Activity
    authority_id: str
    running: bool
    current: bool  # a session on the date, or within the period
    stale: bool
    open_hubs: frozenset[str]  # hubs whose networks hold an open venue of it
    closed_hubs: frozenset[str]  # hubs whose networks hold only closed venues of it
    has_open_venue: bool
    remote: tuple[DeliveryMode, ...]  # online, telephone: reach every hub of the authority
    sessions: float  # a week on the date; in all over the period
    reach: AgeReach

    @property
    def id(self) -> str:
        return self.activity.id

    def modes_at(self, hub_id: str | None) -> tuple[DeliveryMode, ...]:
        """The modes it is delivered in at the hub (None: anywhere in the authority)."""
        in_person = self.has_open_venue if hub_id is None else hub_id in self.open_hubs
        modes: tuple[DeliveryMode, ...] = ("in-person",) if in_person else ()
        return modes + self.remote

    def belongs_to(self, hub_id: str) -> bool:
        """Whether it carries its areas into the hub's network at all (even closed)."""
        return bool(self.remote) or hub_id in self.open_hubs or hub_id in self.closed_hubs


@dataclass(frozen=True)
class _Judgement:
    counted: tuple[_Candidate, ...]
    available: tuple[_Candidate, ...]  # counted before the requirement's modes and ages
    not_counted: tuple[NotCounted, ...]
    reason: Reason | None
    reason_detail: str = ""
    ages: AgeReach = NO_AGES


@dataclass
class _Run:
    """One coverage run's settings and what it has worked out so far."""

    listings: Listings
    taxonomy: Taxonomy
    on: date
    period: CoveragePeriod | None
    exclude_stale: bool
    profile: str | None
    requirements_dir: Path | None
    profiles: dict[str, RequirementProfile] = field(default_factory=dict)

    def requirement_set(self, authority: Authority) -> RequirementSet:
        policy = authority.coverage
        profile_id = self.profile or (policy.profile if policy else None) or TAXONOMY_PROFILE_ID
        if profile_id not in self.profiles:
            self.profiles[profile_id] = load_profile(
                profile_id, self.taxonomy, self.requirements_dir
            )
        return requirements_for(policy, self.profiles[profile_id], self.taxonomy)

    @property
    def judged_on(self) -> date:
        """The day a requirement's start date and a waiver's expiry are compared with."""
        return self.period.last if self.period else self.on


def compute_coverage(
    listings: Listings,
    taxonomy: Taxonomy,
    on: date,
    *,
    by: Grouping = "authority",
    areas: Sequence[str] = (),
    authorities: Sequence[str] = (),
    period: CoveragePeriod | None = None,
    exclude_stale: bool = False,
    profile: str | None = None,
    requirements_dir: Path | None = None,
) -> CoverageReport:
    """Coverage of valid `listings` on the date `on`, or over `period` when given.

    `areas` and `authorities` (ids) limit the report when given; an unknown id
    raises UnknownFilterError. An activity counts while running, with a session on `on`
    (see `is_current`) or in `period`, at an open venue or online or by telephone, and,
    with `exclude_stale`, reviewed within 12 months of `on`. Each authority is held to
    its policy's requirement profile (or `profile`, for all of them). Takes listings
    that validated without errors.
    """
    check_known_ids("offer area", areas, [a.id for a in taxonomy.areas])
    check_known_ids("authority", authorities, [a.id for a in listings.authorities])
    shown_areas = [a for a in taxonomy.areas if not areas or a.id in areas]
    run = _Run(listings, taxonomy, on, period, exclude_stale, profile, requirements_dir)
    candidates: dict[str, list[_Candidate]] = {}
    for activity_record in listings.activity_records:
        candidate = _candidate(run, activity_record)
        candidates.setdefault(candidate.authority_id, []).append(candidate)
    hub_records: dict[str, list[Record[Hub]]] = {}
    for hub_record in listings.hub_records:
        hub_records.setdefault(hub_record.authority_id, []).append(hub_record)
    units: list[UnitCoverage] = []
    for record in listings.authority_records:
        authority = record.listing
        if authorities and authority.id not in authorities:
            continue
        requirement_set = run.requirement_set(authority)
        own = candidates.get(authority.id, [])
        # A closed hub offers nothing and is no longer expected to.
        open_hubs = [h for h in hub_records.get(authority.id, []) if h.listing.status != "closed"]
        if by == "authority":
            units.append(
                _unit(run, record, authority, requirement_set, own, shown_areas, None, open_hubs)
            )
            continue
        for hub_record in open_hubs:
            mine = [c for c in own if c.belongs_to(hub_record.id)]
            units.append(
                _unit(run, hub_record, authority, requirement_set, mine, shown_areas, hub_record.id)
            )
    return CoverageReport(on, by, tuple(units), period, exclude_stale)


def _candidate(run: _Run, record: Record[Activity]) -> _Candidate:
    activity, listings = record.listing, run.listings
    hub_of_site, sites = listings.hub_of_site, listings.site_by_id
    open_ids = open_venues(activity, sites)
    open_hubs = frozenset(hub_of_site[v] for v in open_ids if v in hub_of_site)
    all_hubs = frozenset(hub_of_site[v] for v in activity.venues if v in hub_of_site)
    remote: tuple[DeliveryMode, ...] = ()
    if activity.online:
        remote += ("online",)
    if activity.telephone:
        remote += ("telephone",)
    if run.period is None:
        current = is_current(activity, run.on)
        sessions: float = sessions_per_week(activity, run.on) if current else 0.0
    else:
        current = available_in_period(activity, run.period)
        sessions = float(sessions_in_period(activity, run.period)) if current else 0.0
    return _Candidate(
        activity=activity,
        authority_id=record.authority_id,
        running=activity.status == "running",
        current=current,
        stale=run.on - activity.last_reviewed > REVIEW_AGE_LIMIT,
        open_hubs=open_hubs,
        closed_hubs=all_hubs - open_hubs,
        has_open_venue=bool(open_ids),
        remote=remote,
        sessions=sessions,
        reach=age_reach(activity.age_range),
    )


def _judge(
    run: _Run,
    candidates: Sequence[_Candidate],
    hub_id: str | None,
    requirement: Requirement | None,
) -> _Judgement:
    """The filters in REASONS order; the cell's reason is the one that left none."""
    stages: list[tuple[Reason, Callable[[_Candidate], bool]]] = [
        ("not-running", lambda c: c.running),
        ("outside-period", lambda c: c.current),
        ("closed-site", lambda c: bool(c.modes_at(hub_id))),
    ]
    if run.exclude_stale:
        stages.append(("stale", lambda c: not c.stale))
    alive, dropped = _filtered(candidates, stages)
    reason: Reason | None = "none" if not candidates else _emptied_by(candidates, stages)
    available = alive
    if requirement is not None:
        wanted = age_reach(requirement.ages) if requirement.ages else None
        later: list[tuple[Reason, Callable[[_Candidate], bool]]] = [
            ("wrong-mode", lambda c: bool(set(c.modes_at(hub_id)) & set(requirement.modes)))
        ]
        if wanted is not None:
            later.append(("wrong-ages", lambda c: c.reach.overlaps(wanted)))
        counted, more = _filtered(alive, later)
        dropped += more
        if alive and not counted:
            reason = _emptied_by(alive, later)
        alive = counted
        reach = union(c.reach for c in alive)
        if alive and wanted is not None and not reach.reaches(wanted):
            missing = reach.missing(wanted)
            return _Judgement(
                tuple(alive),
                tuple(available),
                tuple(dropped),
                "wrong-ages",
                f"reaches {reach.label()}, not {missing.label()}",
                reach,
            )
    if alive:
        reason = None
    return _Judgement(
        tuple(alive), tuple(available), tuple(dropped), reason, "", union(c.reach for c in alive)
    )


def _filtered(
    candidates: Sequence[_Candidate], stages: Sequence[tuple[Reason, Callable[[_Candidate], bool]]]
) -> tuple[list[_Candidate], list[NotCounted]]:
    alive, dropped = list(candidates), []
    for reason, keep in stages:
        kept = []
        for candidate in alive:
            if keep(candidate):
                kept.append(candidate)
            else:
                dropped.append(NotCounted(candidate.id, reason))
        alive = kept
    return alive, dropped


def _emptied_by(
    candidates: Sequence[_Candidate], stages: Sequence[tuple[Reason, Callable[[_Candidate], bool]]]
) -> Reason | None:
    alive = list(candidates)
    for reason, keep in stages:
        alive = [c for c in alive if keep(c)]
        if not alive:
            return reason
    return None


def _unit(
    run: _Run,
    record: Record[Authority] | Record[Hub],
    authority: Authority,
    requirement_set: RequirementSet,
    candidates: list[_Candidate],
    shown_areas: list[OfferArea],
    hub_id: str | None,
    open_hubs: Sequence[Record[Hub]] = (),
) -> UnitCoverage:
    policy = authority.coverage
    waivers = list(policy.waived) if policy else []
    by_area: dict[str, list[_Candidate]] = {}
    for candidate in candidates:
        for area_id in candidate.activity.offer_areas:
            by_area.setdefault(area_id, []).append(candidate)
    area_rows = []
    for area in shown_areas:
        requirement = requirement_set.by_area.get(area.id)
        waiver, expired = _waiver(run, waivers, area.id, hub_id)
        applies = (
            requirement is not None
            and requirement.level in COUNTING_LEVELS
            and (requirement.applies_from is None or requirement.applies_from <= run.judged_on)
            and (hub_id is None or requirement.scope == "every-hub")
        )
        judgement = _judge(run, by_area.get(area.id, []), hub_id, requirement)
        hubs_met: list[str] = []
        hubs_missing: list[str] = []
        if hub_id is None and requirement is not None and requirement.scope == "every-hub":
            for hub_record in open_hubs:
                if _waiver(run, waivers, area.id, hub_record.id)[0] is not None:
                    continue  # waived at this hub
                at_hub = [c for c in by_area.get(area.id, []) if c.belongs_to(hub_record.id)]
                met_at_hub = _judge(run, at_hub, hub_record.id, requirement).reason is None
                (hubs_met if met_at_hub else hubs_missing).append(hub_record.id)
        counted = judgement.counted
        sessions = sum(c.sessions for c in counted)
        area_rows.append(
            AreaCoverage(
                area=area,
                required=applies and waiver is None,
                waiver_reason=waiver.reason if waiver else None,
                activity_ids=tuple(sorted(c.id for c in counted)),
                sessions_per_week=_per_week(run, sessions),
                requirement=requirement,
                met=judgement.reason is None,
                reason=judgement.reason,
                reason_detail=judgement.reason_detail,
                modes=_mode_counts(judgement.available, hub_id),
                ages=judgement.ages,
                stale_ids=tuple(sorted(c.id for c in counted if c.stale)),
                not_counted=tuple(sorted(judgement.not_counted, key=lambda n: n.activity_id)),
                hubs_met=tuple(hubs_met),
                hubs_missing=tuple(hubs_missing),
                sessions_in_period=None if run.period is None else int(sessions),
                expired_waiver=expired,
                waiver_expires=waiver.expires if waiver else None,
            )
        )
    counted_here = [
        c
        for c in candidates
        if c.current and c.modes_at(hub_id) and not (run.exclude_stale and c.stale)
    ]
    bands_by_activity = {c.id: age_bands_reached(c.activity) for c in counted_here}
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
        start_for_life_gaps=_start_for_life_gaps(counted_here, shown_areas, bands_by_activity),
        activity_count=len(counted_here),
        closed_venues=_closed_venue_notes(run, candidates, hub_id),
        profile=requirement_set.profile_id,
    )


def _waiver(
    run: _Run, waivers: Sequence[CoverageWaiver], area_id: str, hub_id: str | None
) -> tuple[CoverageWaiver | None, CoverageWaiver | None]:
    """The waiver that applies to the area here, and one that would but has expired.

    A waiver without `hub` covers the whole authority; one with `hub` only that hub."""
    applying, expired = None, None
    for waiver in waivers:
        if waiver.area != area_id or (waiver.hub is not None and waiver.hub != hub_id):
            continue
        if waiver.expires is not None and waiver.expires < run.judged_on:
            expired = expired or waiver
        else:
            applying = applying or waiver
    return applying, (None if applying else expired)


def _per_week(run: _Run, sessions: float) -> float:
    if run.period is None:
        return float(round(sessions, 2))
    return float(round(sessions * 7 / run.period.days, 2))


def _mode_counts(available: Sequence[_Candidate], hub_id: str | None) -> tuple[ModeCount, ...]:
    counts = []
    for mode in DELIVERY_MODES:
        held = [c for c in available if mode in c.modes_at(hub_id)]
        counts.append(
            ModeCount(
                mode,
                tuple(sorted(c.id for c in held)),
                float(round(sum(c.sessions for c in held), 2)),
            )
        )
    return tuple(counts)


def _closed_venue_notes(
    run: _Run, candidates: Sequence[_Candidate], hub_id: str | None
) -> tuple[ClosedVenueNote, ...]:
    notes = []
    hub_of_site = run.listings.hub_of_site
    for candidate in candidates:
        if not candidate.current:
            continue
        for closed in closed_venues(candidate.activity, run.listings.site_by_id):
            if hub_id is None or hub_of_site.get(closed.site.id) == hub_id:
                notes.append(ClosedVenueNote(candidate.id, closed.site.id, closed.site.status))
    return tuple(sorted(notes, key=lambda n: (n.activity_id, n.site_id)))


def _start_for_life_gaps(
    activities: Sequence[_Candidate],
    shown_areas: list[OfferArea],
    bands_by_activity: dict[str, list[str]],
) -> tuple[str, ...]:
    start_for_life = {a.id for a in shown_areas if a.tier == "start-for-life"}
    if not start_for_life:
        return ()  # filtered out by --area: nothing to judge
    reached = {
        band
        for candidate in activities
        if start_for_life & set(candidate.activity.offer_areas)
        for band in bands_by_activity[candidate.id]
    }
    return tuple(b for b in START_FOR_LIFE_BANDS if b not in reached)


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


def _band_label(band: str) -> str:
    return next(label for b, label, _, _ in AGE_BANDS if b == band)
