"""The organization behind the services -> the authority's authority.yaml.

Only when the output has no `<authority>/authority.yaml` yet (one there is kept as it
is). With several organizations, the one providing most services is the authority (the
first met on a tie), noted; the others' services are listed under it too, each noted.
Its name, website, email and first phone come across; the ONS code is the identifier
whose type or scheme says ONS or GSS (the publish writes `ONS GSS code`), else the
first identifier shaped like one (E and 8 digits); without one, the placeholder
`hubctl new` writes (HUB405 warns until it is replaced).
"""

from __future__ import annotations

import re
from typing import Any

from hubctl.oruk_import.sites import clean_phone
from hubctl.oruk_import.values import SourceObject
from hubctl.starter_templates import placeholder_name

_ONS = re.compile(r"^E[0-9]{8}$")


def organization_description(name: str) -> str:
    """The organization description the publish writes for an authority."""
    return f"{name}, the local authority running the family hubs in its area."


def authority_fields(authority_id: str, organization: SourceObject | None) -> dict[str, Any]:
    """authority.yaml's fields from the organization (None: the source names none)."""
    if organization is None:
        return {"id": authority_id, "name": placeholder_name(authority_id)}
    notes = organization.notes
    organization.consume("id", "name")
    name = organization.line("name") or placeholder_name(authority_id)
    if not organization.line("name"):
        notes.review("name", f"written as '{name}': the organization has no name")
    fields: dict[str, Any] = {"id": authority_id, "name": name}
    code = _ons_code(organization)
    if code:
        fields["ons_code"] = code
    website = organization.text("website") or organization.text("url")
    if website:
        fields["website"] = website
    contact: dict[str, str] = {}
    phones = [phone for phone in organization.objects("phones") if phone.text("number")]
    if phones:
        phones[0].consume("id", "organization_id", "type", "description")
        contact["phone"] = clean_phone(phones[0].text("number") or "")
    email = organization.text("email")
    if email:
        contact["email"] = email
    if contact:
        fields["contact"] = contact
    if organization.text("description") == organization_description(name):
        organization.consume("description")
    else:
        organization.used.discard("description")
    return fields


def _ons_code(organization: SourceObject) -> str | None:
    identifiers = organization.objects("organization_identifiers")
    labelled: list[tuple[SourceObject, str]] = []
    shaped: list[tuple[SourceObject, str]] = []
    for identifier in identifiers:
        identifier.consume("id", "organization_id")
        value = identifier.text("identifier") or ""
        words = " ".join(
            filter(None, (identifier.text("identifier_type"), identifier.text("identifier_scheme")))
        ).upper()
        if _ONS.fullmatch(value):
            (labelled if "ONS" in words or "GSS" in words else shaped).append((identifier, value))
        else:
            identifier.used.difference_update(
                ("identifier", "identifier_type", "identifier_scheme")
            )
    candidates = labelled + shaped
    for identifier, _ in candidates[1:]:  # only the first is the authority's
        identifier.used.difference_update(("identifier", "identifier_type", "identifier_scheme"))
    return candidates[0][1] if candidates else None
