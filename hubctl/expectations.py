"""The expectations register (README: The expectations register): what the funding is
evidenced against, per authority.

A requirement profile names expectations. Those with `areas` are computed from coverage
of those areas; the rest (a parent and carer panel, a published Start for Life offer,
training) an authority records in `listings/<authority>/expectations.yaml` with a status,
evidence links and the date it last reviewed them. `assurance` turns both into met,
partly or not met per expectation and per strand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import ValidationError

from hubctl.checks import REVIEW_AGE_LIMIT
from hubctl.diagnostics import Diagnostic, diagnostic, did_you_mean
from hubctl.discovery import display_path
from hubctl.file_reading import UnreadableFile, read_file_bytes
from hubctl.layout import has_register, register_path
from hubctl.model_errors import diagnostics_from_validation_error
from hubctl.profile_models import Evidence, Expectation, ExpectationsRegister
from hubctl.reading import Document, read_yaml_bytes
from hubctl.register_checks import DatedRecord
from hubctl.requirement_profiles import RequirementProfile, load_profile, profile_digest
from hubctl.taxonomy import Taxonomy

if TYPE_CHECKING:  # validate checks registers without loading coverage
    from hubctl.offer_coverage import AreaCoverage, CoverageReport, UnitCoverage

ResultStatus = Literal["met", "partly", "not-met", "not-recorded", "waived", "not-applicable"]
StrandStatus = Literal["met", "partly", "not-met"]


@dataclass(frozen=True)
class ExpectationResult:
    """One expectation for one authority: its status and how it is known."""

    expectation: Expectation
    status: ResultStatus
    how: Literal["computed", "recorded"]
    detail: str  # computed: the areas' statuses; recorded: the register's note
    evidence: tuple[Evidence, ...] = ()
    reviewed: date | None = None
    stale: bool = False  # recorded, and reviewed over 12 months before the date


@dataclass(frozen=True)
class StrandSummary:
    """A strand's expectations together: met when all are, partly when any is."""

    strand: str
    status: StrandStatus
    met: int
    total: int


@dataclass(frozen=True)
class AuthorityAssurance:
    """One authority's expectations and strands."""

    id: str
    name: str
    profile: str
    profile_digest: str  # `sha256:` of the profile's bytes: what the judgement followed
    results: tuple[ExpectationResult, ...]
    strands: tuple[StrandSummary, ...]
    # Its coverage on the same date: required areas, those met, the ids of those not.
    required: int = 0
    covered: int = 0
    gaps: tuple[str, ...] = ()
    waived: tuple[str, ...] = ()  # areas its policy waives (a waiver never reads as met)
    local_requirements: tuple[str, ...] = ()  # areas whose requirement is its own


@dataclass(frozen=True)
class AssuranceReport:
    """The expectations of every authority, judged on a date or over a period."""

    judged: str  # `on 2026-12-02`, as the coverage report says it
    units: tuple[AuthorityAssurance, ...]


@dataclass(frozen=True)
class RegisterFile:
    """An authority's register as read: the model, or None when it is invalid (the
    diagnostics say why); an authority without a register has no RegisterFile."""

    display_path: str
    register: ExpectationsRegister | None
    document: Document | None
    diagnostics: tuple[Diagnostic, ...] = ()


def read_register(root: Path, authority_id: str) -> RegisterFile | None:
    """The authority's register, or None when it has none. Never raises for bad content:
    problems are diagnostics with file, line and column. A link is not followed."""
    if not has_register(root, authority_id):
        return None
    path = register_path(root, authority_id)
    shown = display_path(path.as_posix())
    try:
        raw = read_file_bytes(path)
    except UnreadableFile as problem:
        return RegisterFile(
            shown, None, None, (diagnostic(shown, 1, 1, problem.code, problem.message),)
        )
    return read_register_bytes(raw, shown)


def read_register_bytes(raw: bytes, shown: str) -> RegisterFile:
    """A register's bytes read and checked against the model (not yet its profile)."""
    read = read_yaml_bytes(raw, shown)
    if read.data is None:
        return RegisterFile(shown, None, None, tuple(read.diagnostics))
    document = Document(read.text or "")
    try:
        register = ExpectationsRegister.model_validate(read.data)
    except ValidationError as error:
        found = diagnostics_from_validation_error(error, read.data, document, shown)
        return RegisterFile(shown, None, document, tuple(read.diagnostics) + tuple(found))
    return RegisterFile(shown, register, document, tuple(read.diagnostics))


def check_register(
    found: RegisterFile, profile: RequirementProfile | None
) -> tuple[list[Diagnostic], list[DatedRecord]]:
    """What does not depend on the date: the file's own problems and, under `profile`
    (None: its profile is unknown, HUB211 says so), each record an expectation of it that
    listings cannot show (HUB213, HUB214); and each record's review date."""
    problems = list(found.diagnostics)
    if found.register is None or found.document is None:
        return problems, []
    document = found.document
    dated = []
    for index, entry in enumerate(found.register.expectations):
        line, column = document.position(("expectations", index, "reviewed"))
        dated.append((entry.id, entry.reviewed, line, column))
    if profile is not None:
        problems += _check_ids(found, document, profile)
    return problems, dated


def _check_ids(
    found: RegisterFile, document: Document, profile: RequirementProfile
) -> list[Diagnostic]:
    assert found.register is not None
    by_id = {e.id: e for e in profile.expectations}
    problems = []
    for index, entry in enumerate(found.register.expectations):
        expectation = by_id.get(entry.id)
        if expectation is not None and not expectation.areas:
            continue
        line, column = document.position(("expectations", index, "id"))
        if expectation is None:
            message = (
                f"'{entry.id}' is not an expectation of profile '{profile.id}'"
                f"{did_you_mean(entry.id, list(by_id))}; use one of its ids: "
                f"{', '.join(sorted(by_id)) or 'it has none'}"
            )
            problems.append(diagnostic(found.display_path, line, column, "HUB213", message))
        else:
            message = (
                f"'{entry.id}' is computed from the listings (offer areas "
                f"{', '.join(expectation.areas)}), so it is not recorded here; remove this entry"
            )
            problems.append(diagnostic(found.display_path, line, column, "HUB214", message))
    return problems


def assurance(
    report: CoverageReport,
    root: Path,
    taxonomy: Taxonomy,
    requirements_dir: Path | None = None,
) -> AssuranceReport:
    """The expectations of each authority of an authority-by-authority coverage `report`
    (computed ones from its areas, the rest from the register under `root`)."""
    if report.by != "authority":
        raise ValueError("expectations are judged per authority: use a report by authority")
    units = []
    profiles: dict[str, tuple[RequirementProfile, str]] = {}
    for unit in report.units:
        if unit.profile not in profiles:  # one profile is shared by many authorities
            profiles[unit.profile] = (
                load_profile(unit.profile, taxonomy, requirements_dir),
                profile_digest(unit.profile, taxonomy, requirements_dir),
            )
        profile, digest = profiles[unit.profile]
        profile_requirements = {r.area: r for r in profile.requirements}
        found = read_register(root, unit.id)
        records = {r.id: r for r in found.register.expectations} if found and found.register else {}
        results = []
        for expectation in profile.expectations:
            if expectation.areas:
                results.append(_computed(expectation, unit))
                continue
            entry = records.get(expectation.id)
            if entry is None:
                results.append(
                    ExpectationResult(
                        expectation, "not-recorded", "recorded", "not in the register"
                    )
                )
                continue
            results.append(
                ExpectationResult(
                    expectation,
                    entry.status,
                    "recorded",
                    entry.note or "",
                    tuple(entry.evidence),
                    entry.reviewed,
                    report.on - entry.reviewed > REVIEW_AGE_LIMIT,
                )
            )
        units.append(
            AuthorityAssurance(
                unit.id,
                unit.name,
                profile.id,
                digest,
                tuple(results),
                _strands(results),
                len(unit.required),
                sum(1 for a in unit.required if a.covered),
                tuple(a.area.id for a in unit.gaps),
                tuple(a.area.id for a in unit.waived),
                tuple(
                    a.area.id
                    for a in unit.areas
                    if a.requirement is not None
                    and a.requirement != profile_requirements.get(a.area.id)
                ),
            )
        )
    return AssuranceReport(report.judged, tuple(units))


def _computed(expectation: Expectation, unit: UnitCoverage) -> ExpectationResult:
    by_area = {a.area.id: a for a in unit.areas}
    states = [(area, _area_state(by_area[area])) for area in expectation.areas if area in by_area]
    if not states:
        return ExpectationResult(expectation, "not-met", "computed", "its areas are not shown")
    detail = "; ".join(f"{area}: {_area_detail(by_area[area], state)}" for area, state in states)
    return ExpectationResult(expectation, _combined([s for _, s in states]), "computed", detail)


def _combined(states: Sequence[ResultStatus]) -> ResultStatus:
    """An expectation over several areas: met when each is; waived or not yet applying
    only when all are (a waiver never reads as met); not met when none is met, else partly."""
    judged = [s for s in states if s != "not-applicable"]
    if not judged:
        return "not-applicable"
    if all(s == "met" for s in judged):
        return "met"
    if all(s == "waived" for s in judged):
        return "waived"
    if all(s == "not-met" for s in judged):
        return "not-met"
    return "partly"


def _area_state(area: AreaCoverage) -> ResultStatus:
    if area.status == "waived":
        return "waived"
    if area.covered:
        return "met"
    if area.requirement is not None and not area.required:
        # go-further, or not applying yet: a requirement that is not asked here today.
        applies_from = area.requirement.applies_from
        if area.requirement.level != "go-further" and applies_from is not None:
            return "not-applicable"
    return "partly" if area.hubs_met else "not-met"


def _area_detail(area: AreaCoverage, state: ResultStatus) -> str:
    if state == "waived":
        return f"waived ({area.waiver_reason})"
    if state == "not-applicable":
        return f"required from {area.requirement.applies_from}" if area.requirement else "n/a"
    return "met" if state == "met" else f"not met ({area.reason_text()})"


def _strands(results: Sequence[ExpectationResult]) -> tuple[StrandSummary, ...]:
    order: dict[str, list[ExpectationResult]] = {}
    for result in results:
        order.setdefault(result.expectation.strand, []).append(result)
    summaries = []
    for strand, all_members in order.items():
        # A go-further aim, or one not applying yet, cannot hold its strand back.
        members = [
            r
            for r in all_members
            if r.expectation.level != "go-further" and r.status != "not-applicable"
        ] or all_members
        met = sum(1 for r in members if r.status == "met")
        partly = any(r.status in ("met", "partly", "waived") for r in members)
        status: StrandStatus = "met" if met == len(members) else "partly" if partly else "not-met"
        summaries.append(StrandSummary(strand, status, met, len(members)))
    return tuple(summaries)
