"""The checks of each authority's coverage policy (README: Requirement profiles): a known
profile, known areas and hubs, one waiver per area and hub, waivers in date."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from hubctl.diagnostics import Diagnostic, did_you_mean
from hubctl.file_reading import DocPath
from hubctl.listing_facts import ListingFacts
from hubctl.listings import Listings
from hubctl.resources import TAXONOMY_PROFILE_ID, unknown_profile_message
from hubctl.taxonomy_source import KnownAreas

if TYPE_CHECKING:  # checks.py passes its finder in; importing it here would be a cycle
    from hubctl.checks import _PositionFinder


def check_coverage_policies(
    listings: Listings,
    taxonomy: KnownAreas,
    profiles: Sequence[str],
    today: date,
    finder: _PositionFinder,
    profile_areas: Mapping[str, frozenset[str]],
) -> list[Diagnostic]:
    """Each authority's coverage policy names a known profile (HUB211), known areas
    (HUB207) and hubs of its own (HUB212), waives an area once per hub and does not both
    require and waive it (HUB303); a waiver of an area neither its profile (the
    taxonomy's required flags when it names none) nor the policy requires is noted
    (HUB302), and one past its expiry is warned about (HUB406). `profiles` are the known
    profile ids; `profile_areas` the areas each profile that parses requires, by id."""
    known = taxonomy.required_by_id
    diagnostics = []
    for authority_record in listings.authority_records:
        policy = authority_record.facts
        required = _required_areas(policy, known, profile_areas)
        if policy.profile is not None and policy.profile not in profiles:
            diagnostics.append(
                finder.at(
                    authority_record,
                    ("coverage", "profile"),
                    "HUB211",
                    unknown_profile_message(policy.profile, tuple(profiles)),
                )
            )
        # extra_required, requirements and waived all name areas; one loop checks them.
        named: list[tuple[DocPath, str, str]] = [
            (("coverage", "extra_required", i), area, "extra_required")
            for i, area in enumerate(policy.extra_required)
        ]
        named += [
            (("coverage", "requirements", i, "area"), area, "requirements")
            for i, area in enumerate(policy.requirement_areas)
        ]
        named += [
            (("coverage", "waived", i, "area"), area, "waived")
            for i, area in enumerate(policy.waived)
        ]
        for path, area, where in named:
            if area not in known:
                diagnostics.append(
                    finder.at(
                        authority_record,
                        path,
                        "HUB207",
                        f"{where} names unknown offer area '{area}'"
                        f"{did_you_mean(area, known)}; use an id from {taxonomy.source}",
                    )
                )
        hubs = listings.hubs_of_authority.get(authority_record.authority_id, ())
        hubs_of_waivers = policy.waiver_hubs or (None,) * len(policy.waived)
        expiries = policy.waiver_expiries or (None,) * len(policy.waived)
        seen: set[tuple[str, str | None]] = set()
        for index, (area, hub, expires) in enumerate(
            zip(policy.waived, hubs_of_waivers, expiries, strict=True)
        ):
            at = ("coverage", "waived", index)
            if hub is not None and hub not in hubs:
                diagnostics.append(
                    finder.at(
                        authority_record,
                        (*at, "hub"),
                        "HUB212",
                        f"waiver names '{hub}', which is not a hub of "
                        f"{authority_record.authority_id}{did_you_mean(hub, hubs)}; use one of "
                        f"its hubs, or leave hub out to waive '{area}' everywhere",
                    )
                )
            if (area, hub) in seen or area in policy.extra_required:
                twice = "waived again" if (area, hub) in seen else "both required and waived"
                diagnostics.append(
                    finder.at(
                        authority_record,
                        (*at, "area"),
                        "HUB303",
                        f"'{area}' is {twice} in the coverage policy; keep one entry "
                        "so it is clear whether the area is required",
                    )
                )
            seen.add((area, hub))
            # An unknown area is HUB207's; under a broken or unknown profile, nothing is
            # required that the policy could judge.
            if required is not None and area in known and area not in required:
                what = (
                    f"is not required by profile '{policy.profile}' or this policy"
                    if policy.profile
                    else "is not a required area"
                )
                diagnostics.append(
                    finder.at(
                        authority_record,
                        (*at, "area"),
                        "HUB302",
                        f"'{area}' {what}, so it needs no waiver; remove this waiver",
                    )
                )
            if expires is not None and expires < today:
                diagnostics.append(
                    finder.at(
                        authority_record,
                        (*at, "expires"),
                        "HUB406",
                        f"the waiver of '{area}' expired on {expires}, so the area is "
                        "required again; cover it, or renew the waiver with a new expires "
                        "date and reason",
                    )
                )
    return diagnostics


def _required_areas(
    policy: ListingFacts, known: Mapping[str, bool], profile_areas: Mapping[str, frozenset[str]]
) -> frozenset[str] | None:
    """The areas an authority is held to: its profile's requirements (the taxonomy's
    required areas when it names none), its extra_required and its own requirements.
    None when its profile is unknown or does not parse: that profile's own diagnostics
    say why, and no waiver can be judged against it."""
    if policy.profile is None or policy.profile == TAXONOMY_PROFILE_ID:
        by_profile = frozenset(area for area, required in known.items() if required)
    elif policy.profile in profile_areas:
        by_profile = profile_areas[policy.profile]
    else:
        return None
    return by_profile | frozenset(policy.extra_required) | frozenset(policy.requirement_areas)
