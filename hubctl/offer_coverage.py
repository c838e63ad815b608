"""Coverage of the offer areas (README: hubctl coverage): Listings -> CoverageReport, pure.

For each authority (or each hub with its branches) and each offer area of the
taxonomy: what the authority's requirement profile and policy ask of it (level, scope,
modes, ages, dates), which activities count on the date or over the period, their
sessions by delivery mode, the ages they reach, and, for every area not covered, why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from hubctl.activity_counting import (
    ONCE_WINDOW,
    age_bands_reached,
    is_current,
    sessions_per_week,
)
from hubctl.age_spans import age_reach
from hubctl.area_judging import Candidate, judge, mode_counts
from hubctl.checks import REVIEW_AGE_LIMIT
from hubctl.coverage_model import (
    AGE_BANDS,
    COUNTING_LEVELS,
    GROUPINGS,
    REASONS,
    START_FOR_LIFE_BANDS,
    AgeBandCoverage,
    AreaCoverage,
    AreaStatus,
    ClosedVenueNote,
    CoverageReport,
    Grouping,
    ModeCount,
    NotCounted,
    Reason,
    UnitCoverage,
)
from hubctl.coverage_periods import CoveragePeriod, available_in_period, sessions_in_period
from hubctl.diagnostics import Diagnostic, diagnostic, did_you_mean
from hubctl.errors import UsageError
from hubctl.listings import Listings, Record
from hubctl.models import Activity, Authority, CoverageWaiver, Hub
from hubctl.networks import closed_venues, open_venues
from hubctl.parallel_reading import SERIAL_READING, ReadOptions
from hubctl.profile_models import DeliveryMode
from hubctl.requirement_profiles import (
    TAXONOMY_PROFILE_ID,
    RequirementProfile,
    RequirementSet,
    load_profile,
    requirements_for,
)
from hubctl.taxonomy import OfferArea, Taxonomy, load_taxonomy
from hubctl.validation import InvalidListingsError, validate

# The data model and the counting rules live in their own modules; they are named here
# too, where callers have always found them.
__all__ = [
    "AGE_BANDS",
    "GROUPINGS",
    "ONCE_WINDOW",
    "REASONS",
    "START_FOR_LIFE_BANDS",
    "AgeBandCoverage",
    "AreaCoverage",
    "AreaStatus",
    "ClosedVenueNote",
    "CoverageReport",
    "Grouping",
    "ModeCount",
    "NotCounted",
    "Reason",
    "UnitCoverage",
    "UnknownFilterError",
    "age_bands_reached",
    "check_known_ids",
    "compute_coverage",
    "compute_coverages",
    "coverage",
    "gap_diagnostics",
    "is_current",
    "sessions_per_week",
]


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
    return compute_coverages(
        listings,
        taxonomy,
        on,
        (by,),
        areas=areas,
        authorities=authorities,
        period=period,
        exclude_stale=exclude_stale,
        profile=profile,
        requirements_dir=requirements_dir,
    )[by]


def compute_coverages(
    listings: Listings,
    taxonomy: Taxonomy,
    on: date,
    groupings: Sequence[Grouping],
    *,
    areas: Sequence[str] = (),
    authorities: Sequence[str] = (),
    period: CoveragePeriod | None = None,
    exclude_stale: bool = False,
    profile: str | None = None,
    requirements_dir: Path | None = None,
) -> dict[Grouping, CoverageReport]:
    """`compute_coverage` once for each of `groupings`, with the same arguments: each
    activity is judged once for all of them (publish wants both by authority and by hub,
    and judging the activities is most of the work)."""
    check_known_ids("offer area", areas, [a.id for a in taxonomy.areas])
    check_known_ids("authority", authorities, [a.id for a in listings.authorities])
    shown_areas = [a for a in taxonomy.areas if not areas or a.id in areas]
    run = _Run(listings, taxonomy, on, period, exclude_stale, profile, requirements_dir)
    candidates: dict[str, list[Candidate]] = {}
    for activity_record in listings.activity_records:
        candidate = _candidate(run, activity_record)
        candidates.setdefault(candidate.authority_id, []).append(candidate)
    hub_records: dict[str, list[Record[Hub]]] = {}
    for hub_record in listings.hub_records:
        hub_records.setdefault(hub_record.authority_id, []).append(hub_record)
    units: dict[Grouping, list[UnitCoverage]] = {by: [] for by in groupings}
    for record in listings.authority_records:
        authority = record.listing
        if authorities and authority.id not in authorities:
            continue
        required = run.requirement_set(authority)
        own = candidates.get(authority.id, [])
        # A closed hub offers nothing and is no longer expected to.
        open_hubs = [h for h in hub_records.get(authority.id, []) if h.listing.status != "closed"]
        for by, found in units.items():
            if by == "authority":
                found.append(
                    _unit(run, record, authority, required, own, shown_areas, None, open_hubs)
                )
                continue
            for hub in open_hubs:
                mine = [c for c in own if c.belongs_to(hub.id)]
                found.append(_unit(run, hub, authority, required, mine, shown_areas, hub.id))
    return {
        by: CoverageReport(on, by, tuple(found), period, exclude_stale)
        for by, found in units.items()
    }


def _candidate(run: _Run, record: Record[Activity]) -> Candidate:
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
    return Candidate(
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


def _unit(
    run: _Run,
    record: Record[Authority] | Record[Hub],
    authority: Authority,
    requirement_set: RequirementSet,
    candidates: list[Candidate],
    shown_areas: list[OfferArea],
    hub_id: str | None,
    open_hubs: Sequence[Record[Hub]] = (),
) -> UnitCoverage:
    policy = authority.coverage
    waivers = list(policy.waived) if policy else []
    by_area: dict[str, list[Candidate]] = {}
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
        judgement = judge(by_area.get(area.id, []), hub_id, requirement, run.exclude_stale)
        hubs_met: list[str] = []
        hubs_missing: list[str] = []
        if hub_id is None and requirement is not None and requirement.scope == "every-hub":
            for hub_record in open_hubs:
                if _waiver(run, waivers, area.id, hub_record.id)[0] is not None:
                    continue  # waived at this hub
                at_hub = [c for c in by_area.get(area.id, []) if c.belongs_to(hub_record.id)]
                met_at_hub = (
                    judge(at_hub, hub_record.id, requirement, run.exclude_stale).reason is None
                )
                (hubs_met if met_at_hub else hubs_missing).append(hub_record.id)
        counted = judgement.counted
        sessions = sum(c.sessions for c in counted)
        reason, detail = judgement.reason, judgement.reason_detail
        # A profile's requirement of every hub is a gap in the authority's report too when
        # a hub misses it; the taxonomy's required areas keep SPEC §4's reading (met
        # anywhere in the authority; `--by hub` judges each hub).
        if reason is None and hubs_missing and requirement_set.profile_id != TAXONOMY_PROFILE_ID:
            hubs = len(hubs_met) + len(hubs_missing)
            reason = "not-every-hub"
            detail = f"met at {len(hubs_met)} of {hubs}; missing at {', '.join(hubs_missing)}"
        area_rows.append(
            AreaCoverage(
                area=area,
                required=applies and waiver is None,
                waiver_reason=waiver.reason if waiver else None,
                activity_ids=tuple(sorted(c.id for c in counted)),
                sessions_per_week=_per_week(run, sessions),
                requirement=requirement,
                met=reason is None,
                reason=reason,
                reason_detail=detail,
                modes=mode_counts(judgement.available, hub_id),
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


def _closed_venue_notes(
    run: _Run, candidates: Sequence[Candidate], hub_id: str | None
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
    activities: Sequence[Candidate],
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


def gap_diagnostics(report: CoverageReport) -> list[Diagnostic]:
    """One HUB301 error per required area not met, at the authority's or hub's file,
    saying why and when it was judged."""
    return [
        diagnostic(
            unit.path,
            1,
            1,
            "HUB301",
            f"required offer area '{area.area.id}' is not met "
            f"{'in' if unit.kind == 'authority' else 'at'} {unit.id} {report.judged}: "
            f"{area.reason_text()}; add an activity that meets it, or waive the area under "
            "coverage.waived in authority.yaml with a reason",
        )
        for unit in report.units
        for area in unit.gaps
    ]


def check_known_ids(what: str, wanted: Sequence[str], known: Sequence[str]) -> None:
    """Raise UnknownFilterError (exit 2, with a did-you-mean) for the first unknown id."""
    for unknown in [w for w in wanted if w not in known]:
        raise UnknownFilterError(f"unknown {what} '{unknown}'{did_you_mean(unknown, known)}")
