"""assurance.json: each authority's coverage summary and expectations, as published.

The same document is `hubctl coverage --expectations --format json`; its models here are
the one source of its JSON Schema (`assurance.schema.json`), which `hubctl verify`
checks a published file against.
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, ConfigDict

from hubctl.expectations import AssuranceReport, ExpectationResult
from hubctl.feeds import FeedFile, whole_file

ASSURANCE_PATH = "assurance.json"
ASSURANCE_VERSION = "1.0.0"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EvidenceLink(_Strict):
    """A document that shows an expectation is met."""

    title: str
    url: str


class SourceLink(_Strict):
    """The document an expectation follows, in its own words."""

    title: str
    url: str
    quote: str | None


class AssuranceExpectation(_Strict):
    """One expectation of one authority: its status and how it is known."""

    id: str
    title: str
    strand: str
    level: Literal["minimum", "expected", "go-further"]
    status: Literal["met", "partly", "not-met", "not-recorded", "waived", "not-applicable"]
    how: Literal["computed", "recorded"]
    detail: str
    evidence: list[EvidenceLink]
    reviewed: str | None
    stale: bool
    source: SourceLink | None
    illustrative: bool


class AssuranceStrand(_Strict):
    """A strand's expectations together."""

    strand: str
    status: Literal["met", "partly", "not-met"]
    met: int
    total: int


class CoverageSummary(_Strict):
    """The authority's coverage as its profile judges it, on the same date."""

    required: int
    covered: int
    gaps: list[str]  # ids of the required areas not met
    waived: list[str]  # ids of the areas the authority's policy waives
    # Ids of the areas whose requirement is the authority's own, not its profile's.
    local_requirements: list[str]


class AssuranceAuthority(_Strict):
    """One authority's assurance."""

    id: str
    name: str
    profile: str
    profile_sha256: str  # `sha256:<hex>` of the profile file's bytes (or the taxonomy's)
    coverage: CoverageSummary
    strands: list[AssuranceStrand]
    expectations: list[AssuranceExpectation]


class AssuranceDocument(_Strict):
    """The whole document."""

    assurance_version: str
    judged: str  # `on 2026-11-23`, or the period
    authorities: list[AssuranceAuthority]


def assurance_document(report: AssuranceReport) -> AssuranceDocument:
    """The document of an expectations report."""
    return AssuranceDocument(
        assurance_version=ASSURANCE_VERSION,
        judged=report.judged,
        authorities=[
            AssuranceAuthority(
                id=unit.id,
                name=unit.name,
                profile=unit.profile,
                profile_sha256=unit.profile_digest,
                coverage=CoverageSummary(
                    required=unit.required,
                    covered=unit.covered,
                    gaps=list(unit.gaps),
                    waived=list(unit.waived),
                    local_requirements=list(unit.local_requirements),
                ),
                strands=[
                    AssuranceStrand(strand=s.strand, status=s.status, met=s.met, total=s.total)
                    for s in unit.strands
                ],
                expectations=[_expectation(r) for r in unit.results],
            )
            for unit in report.units
        ],
    )


def _expectation(result: ExpectationResult) -> AssuranceExpectation:
    expectation = result.expectation
    source = expectation.source
    return AssuranceExpectation(
        id=expectation.id,
        title=expectation.title,
        strand=expectation.strand,
        level=expectation.level,
        status=result.status,
        how=result.how,
        detail=result.detail,
        evidence=[EvidenceLink(title=e.title, url=e.url) for e in result.evidence],
        reviewed=result.reviewed.isoformat() if result.reviewed else None,
        stale=result.stale,
        source=SourceLink(title=source.title, url=source.url, quote=source.quote)
        if source
        else None,
        illustrative=expectation.illustrative,
    )


def assurance_json(document: AssuranceDocument, indent: int | None = None) -> str:
    """The document as JSON text, keys in the models' order, UTF-8 as it is."""
    separators = (",", ": ") if indent else (",", ":")
    return (
        json.dumps(
            document.model_dump(mode="json"),
            indent=indent,
            separators=separators,
            ensure_ascii=False,
        )
        + "\n"
    )


def render_assurance_file(document: AssuranceDocument) -> FeedFile:
    """`assurance.json`, compact, one record per authority."""
    return whole_file(
        ASSURANCE_PATH, assurance_json(document).encode("utf-8"), len(document.authorities)
    )


def assurance_schema() -> dict[str, object]:
    """The JSON Schema of assurance.json, generated from the models."""
    schema = AssuranceDocument.model_json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "assurance.schema.json",
        **schema,
    }
