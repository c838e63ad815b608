"""Whether one offer area is met at one authority or hub, and if not, why.

The candidates are the activities carrying the area there; filters run in the order of
`coverage_model.REASONS`, each dropping the activities it rules out with its reason, and
the cell's reason is the filter that left none (or `wrong-ages` when the ages the
counted activities reach fall short of the requirement's).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from hubctl.age_spans import NO_AGES, AgeReach, age_reach, union
from hubctl.coverage_model import ModeCount, NotCounted, Reason
from hubctl.models import Activity
from hubctl.profile_models import DELIVERY_MODES, DeliveryMode, Requirement


@dataclass(frozen=True)
class Candidate:
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
        """The activity's id."""
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
class Judgement:
    """One area at one unit: what counts, what was available, what did not count, why."""

    counted: tuple[Candidate, ...]
    available: tuple[Candidate, ...]  # counted before the requirement's modes and ages
    not_counted: tuple[NotCounted, ...]
    reason: Reason | None
    reason_detail: str = ""
    ages: AgeReach = NO_AGES


def judge(
    candidates: Sequence[Candidate],
    hub_id: str | None,
    requirement: Requirement | None,
    exclude_stale: bool,
) -> Judgement:
    """Judge the area at the hub (None: across the authority) under `requirement` (None:
    no requirement, so any mode and age counts). The filters run in REASONS order; the
    cell's reason is the one that left none."""
    stages: list[tuple[Reason, Callable[[Candidate], bool]]] = [
        ("not-running", lambda c: c.running),
        ("outside-period", lambda c: c.current),
        ("closed-site", lambda c: bool(c.modes_at(hub_id))),
    ]
    if exclude_stale:
        stages.append(("stale", lambda c: not c.stale))
    alive, dropped = _filtered(candidates, stages)
    reason: Reason | None = "none" if not candidates else _emptied_by(candidates, stages)
    available = alive
    if requirement is not None:
        wanted = age_reach(requirement.ages) if requirement.ages else None
        modes = frozenset(requirement.modes)  # once, not a set per candidate per cell
        later: list[tuple[Reason, Callable[[Candidate], bool]]] = [
            ("wrong-mode", lambda c: not modes.isdisjoint(c.modes_at(hub_id)))
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
            return Judgement(
                tuple(alive),
                tuple(available),
                tuple(dropped),
                "wrong-ages",
                f"reaches {reach.label()}, not {missing.label()}",
                reach,
            )
    if alive:
        reason = None
    return Judgement(
        tuple(alive), tuple(available), tuple(dropped), reason, "", union(c.reach for c in alive)
    )


def _filtered(
    candidates: Sequence[Candidate], stages: Sequence[tuple[Reason, Callable[[Candidate], bool]]]
) -> tuple[list[Candidate], list[NotCounted]]:
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
    candidates: Sequence[Candidate], stages: Sequence[tuple[Reason, Callable[[Candidate], bool]]]
) -> Reason | None:
    alive = list(candidates)
    for reason, keep in stages:
        alive = [c for c in alive if keep(c)]
        if not alive:
            return reason
    return None


def mode_counts(available: Sequence[Candidate], hub_id: str | None) -> tuple[ModeCount, ...]:
    """The `available` activities and their sessions by delivery mode at the hub (None:
    across the authority), every mode listed."""
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
