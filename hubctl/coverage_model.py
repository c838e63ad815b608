"""The coverage report's data model (README: hubctl coverage): what every format renders.

`hubctl.offer_coverage` computes a `CoverageReport` from the listings; the renderers of
`hubctl.coverage_reports` and the expectations (`hubctl.expectations`) read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from hubctl.age_spans import NO_AGES, AgeReach
from hubctl.coverage_periods import CoveragePeriod
from hubctl.models import CoverageWaiver
from hubctl.profile_models import DeliveryMode, Requirement
from hubctl.resources import TAXONOMY_PROFILE_ID
from hubctl.taxonomy import OfferArea

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
AreaStatus = Literal["covered", "gap", "waived", "optional"]
# Why an activity, or a whole cell, does not count, in the order the filters run: none
# carries the area here; not running (paused or ended); no session on the date or in
# the period; only at closed sites; past its review date (--exclude-stale); not by a
# mode the requirement takes; not for the ages it needs; (in an authority's report) not
# at every open hub, for a requirement of every hub.
Reason = Literal[
    "none",
    "not-running",
    "outside-period",
    "closed-site",
    "stale",
    "wrong-mode",
    "wrong-ages",
    "not-every-hub",
]
REASONS: tuple[tuple[Reason, str], ...] = (
    ("none", "no activity here carries the area"),
    ("not-running", "its activities are paused or ended"),
    ("outside-period", "no session falls on the date or in the period"),
    ("closed-site", "its activities are held only at closed sites"),
    ("stale", "its activities are past their review date (--exclude-stale)"),
    ("wrong-mode", "none is delivered in a mode the requirement takes"),
    ("wrong-ages", "they do not reach every age the requirement names"),
    ("not-every-hub", "a requirement of every hub, met at some hubs only"),
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
    met: bool = False  # met as the requirement asks (no requirement: an activity counts)
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
        return self.met

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


def _band_label(band: str) -> str:
    return next(label for b, label, _, _ in AGE_BANDS if b == band)
