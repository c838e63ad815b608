"""The models of requirement profiles and expectations registers (README: Requirement
profiles, The expectations register): what a profile requires of an area and how, the
expectations it names, and an authority's records of those the listings cannot show.

`hubctl schema` generates requirements.schema.json (with
`hubctl.requirement_profiles.RequirementProfile`) and expectations.schema.json from them.
An authority's own requirements, in its coverage policy, are `Requirement`s too.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from hubctl.field_types import (
    AgeRange,
    AreaId,
    Boolean,
    HttpsUrl,
    IsoDate,
    Paragraph,
    Slug,
    StrictModel,
    Text,
    UniqueList,
    distinct_by,
    no_repeats,
)

# How a family reaches an activity: at a venue, online, or by telephone.
DeliveryMode = Literal["in-person", "online", "telephone"]
DELIVERY_MODES: tuple[DeliveryMode, ...] = ("in-person", "online", "telephone")
# How strongly a requirement binds: a funded strand's minimum, an expected family hub
# service, or a "go further" aim (never a gap).
RequirementLevel = Literal["minimum", "expected", "go-further"]
# Where it must be met: once across the authority, or at every open hub's network.
RequirementScope = Literal["authority", "every-hub"]


class SourceReference(StrictModel):
    """Where a requirement or expectation comes from: a document, and its own words."""

    title: Text
    url: HttpsUrl
    quote: Paragraph | None = None


class Requirement(StrictModel):
    """One offer area a profile (or an authority's policy) requires, and how."""

    area: AreaId
    level: RequirementLevel
    scope: RequirementScope = "authority"
    # Any of these modes satisfies it; all three unless the requirement says otherwise.
    modes: Annotated[UniqueList[DeliveryMode], Field(min_length=1)] = list(DELIVERY_MODES)
    # The ages the area must reach, all of them; None: any age will do.
    ages: AgeRange | None = None
    applies_from: IsoDate | None = None
    source: SourceReference | None = None
    # True where the entry is hubctl's reading, not a source's words.
    illustrative: Boolean = False
    note: Paragraph | None = None


Requirements = Annotated[
    list[Requirement], distinct_by("area", "'{}' has two requirements; keep one per area")
]


ExpectationStatus = Literal["met", "partly", "not-met"]


class Expectation(StrictModel):
    """One expectation a profile names: what the funding is evidenced against.

    With `areas`, it is computed from coverage of those areas' requirements; without,
    the authority records it in its expectations register."""

    id: Slug
    title: Text
    strand: Slug  # what it is reported under: a funded strand, or family-hub-services
    level: RequirementLevel
    areas: Annotated[list[AreaId], AfterValidator(no_repeats)] = []
    source: SourceReference | None = None
    illustrative: Boolean = False
    note: Paragraph | None = None


class Evidence(StrictModel):
    """A document that shows an expectation is met: a page, a report, minutes."""

    title: Text
    url: HttpsUrl


class ExpectationRecord(StrictModel):
    """An authority's record of one expectation listings cannot show."""

    id: Slug
    status: ExpectationStatus
    evidence: list[Evidence] = []
    reviewed: IsoDate
    note: Paragraph | None = None


class ExpectationsRegister(StrictModel):
    """listings/<authority>/expectations.yaml: the expectations listings cannot show."""

    expectations: Annotated[
        list[ExpectationRecord], distinct_by("id", "'{}' is recorded twice; keep one entry")
    ] = []
