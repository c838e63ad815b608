"""Which organization a service belongs to; `--organization`; and a service's organization,
when it is not the authority -> the activity's `delivered_by`.

Open Referral names one organization per service: the one responsible for delivering it.
The authority is the main organization (`importer`); a service of another organization is
listed under the authority, delivered by that organization. When the service covers the
authority's area (a service area named "<authority name> area", as the publish writes
it), it is plainly the authority's listing of a partner's service, and nothing needs
review; otherwise the steward checks it belongs in the authority's listings.
"""

from __future__ import annotations

from typing import Any

from hubctl.errors import UsageError
from hubctl.feeds.oruk import PARTNER_PHRASES, partner_description
from hubctl.oruk_import.json_input import SourceService
from hubctl.oruk_import.notes import ImportNotes, RecordNotes
from hubctl.oruk_import.values import one_line


def organization_of(service: SourceService) -> tuple[str, str]:
    """(key, name) of a service's organization: its id (else name), and its name."""
    organization = service.data.get("organization")
    if not isinstance(organization, dict):
        key = service.data.get("organization_id")
        return (str(key), "") if isinstance(key, str | int) else ("", "")
    name = organization.get("name")
    name = one_line(name) if isinstance(name, str) else ""
    key = organization.get("id", service.data.get("organization_id"))
    return (str(key) if isinstance(key, str | int) and str(key) else name), name


def only_organizations(
    services: list[SourceService], wanted: tuple[str, ...], notes: ImportNotes
) -> list[SourceService]:
    """The services of the organizations `wanted` names (ids or names), and those its
    partners deliver in their areas; all of them when `wanted` is empty. Notes how many
    were left out; raises UsageError when one of `wanted` provides no service."""
    if not wanted:
        return services
    folded = {value.strip().casefold() for value in wanted}
    kept = [
        service
        for service in services
        if folded & {part.casefold() for part in organization_of(service) if part}
    ]
    # And the services partners deliver in those organizations' areas (the publish names
    # a partner's service area after the authority): the authority lists them too.
    kept_names = {organization_of(service)[1] for service in kept} - {""}
    kept_ids = {id(service) for service in kept}
    kept = [
        service
        for service in services
        if id(service) in kept_ids or any(in_area_of(service.data, n) for n in kept_names)
    ]
    known = {part.casefold() for service in services for part in organization_of(service)}
    missing = sorted(value for value in folded if value not in known)
    if missing or not kept:
        names = sorted({organization_of(service)[1] for service in services} - {""})
        listed = "; ".join(names[:10]) + (" ..." if len(names) > 10 else "")
        raise UsageError(
            f"--organization '{missing[0] if missing else wanted[0]}' provides no service in "
            f"the source (its organizations: {listed or 'none named'})"
        )
    left = len(services) - len(kept)
    if left:
        notes.record("option", "--organization", "", "--organization").not_kept(
            "", f"{left:,} services of other organizations were not imported"
        )
    return kept


def organization_name(data: dict[str, Any]) -> str:
    """An organization object's name on one line (empty when it has none)."""
    name = data.get("name")
    return one_line(name) if isinstance(name, str) else ""


def in_area_of(service: dict[str, Any], organization_name: str) -> bool:
    """Whether one of the service's areas is named after `organization_name`'s area."""
    wanted = f"{organization_name} area".casefold()
    areas = service.get("service_areas")
    return bool(organization_name) and any(
        isinstance(area, dict)
        and isinstance(area.get("name"), str)
        and one_line(area["name"]).casefold() == wanted
        for area in (areas if isinstance(areas, list) else [])
    )


def partner_fields(organization: dict[str, Any], notes: RecordNotes) -> dict[str, Any]:
    """`delivered_by` from the organization delivering a service: its name, its type (as
    the publish's description says it, else `other` for review) and its website."""
    name = one_line(organization["name"])
    description = organization.get("description")
    partner_type = next(
        (kind for kind in PARTNER_PHRASES if description == partner_description(name, kind)),
        None,
    )
    if partner_type is None:
        partner_type = "other"
        notes.review(
            "delivered_by.type",
            f"written as other: the source does not say what kind of organisation {name} is "
            "(council, nhs, voluntary, school or private)",
        )
    fields: dict[str, Any] = {"name": name, "type": partner_type}
    website = organization.get("website")
    if isinstance(website, str) and website.strip():
        fields["website"] = website.strip()
    return fields
