"""Requirement profiles (README: Requirement profiles): which offer areas an authority
must cover, how strongly, where, by which modes, for which ages and from when.

A profile is data, `schema/requirements/<id>.yaml` (or a folder given with
`--requirements`). An authority's coverage policy names one (`profile:`), adds local
requirements and waives areas; one that names none is held to the taxonomy's
`required` flags (`taxonomy_profile`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from hubctl.diagnostics import diagnostic, did_you_mean
from hubctl.errors import HubctlError
from hubctl.field_types import ParagraphText, Slug, Text, distinct_by
from hubctl.file_reading import UnreadableFile, read_file_bytes
from hubctl.model_errors import diagnostics_from_validation_error
from hubctl.models import CoveragePolicy
from hubctl.profile_models import Expectation, Requirement, Requirements, SourceReference
from hubctl.reading import Document, read_yaml_bytes
from hubctl.resources import (
    TAXONOMY_PROFILE_ID,
    requirement_profile_ids,
    requirement_profile_path,
    unknown_profile_message,
)
from hubctl.taxonomy import Taxonomy
from hubctl.value_limits import SLUG_PATTERN

__all__ = [
    "TAXONOMY_PROFILE_ID",
    "ProfileError",
    "RequirementProfile",
    "RequirementSet",
    "load_profile",
    "profile_ids",
    "requirements_for",
    "taxonomy_profile",
]


class ProfileError(HubctlError):
    """A requirement profile cannot be used; carries the diagnostics that say why (exit 1)."""

    def __init__(self, diagnostics: list) -> None:  # type: ignore[type-arg]
        super().__init__("a requirement profile cannot be used; nothing was done", diagnostics)


class RequirementProfile(BaseModel):
    """A named set of requirements, with the document it follows."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    id: Slug
    title: Text
    description: ParagraphText
    source: SourceReference | None = None
    requirements: Annotated[Requirements, AfterValidator(tuple)] = Field(min_length=1)
    # What the funding is evidenced against (README: The expectations register).
    expectations: Annotated[
        list[Expectation],
        distinct_by("id", "'{}' is the id of two expectations; give each its own id"),
    ] = []


@dataclass(frozen=True)
class RequirementSet:
    """What one authority is held to: its profile's requirements with its policy applied,
    one per area at most, keyed by area id in taxonomy order."""

    profile_id: str
    by_area: Mapping[str, Requirement]


# The ids of the profiles in a folder (README: Requirement profiles), `taxonomy` with them.
profile_ids = requirement_profile_ids


def load_profile(
    profile_id: str, taxonomy: Taxonomy, folder: Path | None = None
) -> RequirementProfile:
    """The profile `profile_id` of `folder` (the shipped one by default), checked against
    `taxonomy`; `taxonomy` gives the taxonomy's own. Raises ProfileError with
    diagnostics (file, line, column) when it is missing or invalid."""
    if profile_id == TAXONOMY_PROFILE_ID:
        return taxonomy_profile(taxonomy)
    location = requirement_profile_path(profile_id, folder)
    return _load_profile_file(location, profile_id, taxonomy, folder)


def profile_digest(profile_id: str, taxonomy: Taxonomy, folder: Path | None = None) -> str:
    """`sha256:<hex>` of the bytes the profile was read from (the taxonomy's profile: of
    the taxonomy's identity), so a published judgement names exactly what it followed."""
    if profile_id == TAXONOMY_PROFILE_ID:
        content = taxonomy.identity.encode("utf-8", "surrogateescape")
    else:
        try:
            content = read_file_bytes(
                requirement_profile_path(profile_id, folder), follow_links=True
            )
        except UnreadableFile:
            content = b""
    return "sha256:" + hashlib.sha256(content).hexdigest()


def _load_profile_file(
    location: Path, profile_id: str, taxonomy: Taxonomy, folder: Path | None
) -> RequirementProfile:
    display = location.as_posix()
    if not re.fullmatch(SLUG_PATTERN, profile_id) or not location.is_file():
        message = unknown_profile_message(profile_id, profile_ids(folder))
        raise ProfileError([diagnostic(display, 1, 1, "HUB211", message)])
    try:
        raw = read_file_bytes(location, follow_links=True)
    except UnreadableFile as problem:
        raise ProfileError([diagnostic(display, 1, 1, problem.code, problem.message)]) from None
    read = read_yaml_bytes(raw, display)
    if read.data is None:
        raise ProfileError(read.diagnostics)
    document = Document(read.text or "")
    try:
        profile = RequirementProfile.model_validate(read.data)
    except ValidationError as error:
        raise ProfileError(
            diagnostics_from_validation_error(error, read.data, document, display)
        ) from None
    problems = []
    if profile.id != profile_id:
        line, column = document.position(("id",))
        problems.append(
            diagnostic(
                display,
                line,
                column,
                "HUB203",
                f"id '{profile.id}' does not match the file name; use id: {profile_id}",
            )
        )
    # Every area a requirement or an expectation names, with where it is written.
    named: list[tuple[tuple[str | int, ...], str]] = [
        (("requirements", index, "area"), r.area) for index, r in enumerate(profile.requirements)
    ]
    named += [
        (("expectations", index, "areas", at), area)
        for index, expectation in enumerate(profile.expectations)
        for at, area in enumerate(expectation.areas)
    ]
    area_ids = [area.id for area in taxonomy.areas]
    for path, area in named:
        if area not in taxonomy.by_id:
            line, column = document.position(path)
            problems.append(
                diagnostic(
                    display,
                    line,
                    column,
                    "HUB201",
                    f"unknown offer area '{area}'{did_you_mean(area, area_ids)}; use an id "
                    f"from {taxonomy.source}",
                )
            )
    if problems:
        raise ProfileError(problems)
    return profile


def taxonomy_profile(taxonomy: Taxonomy) -> RequirementProfile:
    """The profile of the taxonomy's `required` flags: each required area at the
    minimum level, by any mode, for any age, at every hub (SPEC §4: an authority's
    report judges it across the authority, a hub's report at that hub)."""
    return RequirementProfile(
        id=TAXONOMY_PROFILE_ID,
        title="The taxonomy's required areas",
        description=f"Every area marked required: true in {taxonomy.source}.",
        requirements=[
            Requirement(area=area.id, level="minimum", scope="every-hub")
            for area in taxonomy.areas
            if area.required
        ],
    )


def requirements_for(
    policy: CoveragePolicy | None, profile: RequirementProfile, taxonomy: Taxonomy
) -> RequirementSet:
    """What an authority with `policy` is held to under `profile`.

    The profile's requirements, then each `extra_required` area as the taxonomy's
    required areas are held (unless the profile already requires it), then the policy's
    own requirements, each replacing the one for its area. Waivers are not applied
    here: they depend on the hub and the date.
    """
    by_area: dict[str, Requirement] = {r.area: r for r in profile.requirements}
    if policy is not None:
        for area in policy.extra_required:
            by_area.setdefault(area, Requirement(area=area, level="minimum", scope="every-hub"))
        by_area.update((r.area, r) for r in policy.requirements)
    ordered = {a.id: by_area[a.id] for a in taxonomy.areas if a.id in by_area}
    return RequirementSet(profile.id, ordered)
