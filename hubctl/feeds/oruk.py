"""Open Referral UK (HSDS 3.0) objects of the listings: services, locations, organizations.

Each activity is one service, fully nested as `/services/{id}` returns it: the
authority as its organization (or the partner delivering it, its `delivered_by`), one
service_at_location per open venue (and one virtual location when it runs online), its
schedules, cost, contacts, languages and the offer areas as taxonomy terms carrying the
DfE service-directory categories.
`oruk_mirror` lays these out as the static mirror publish writes into oruk/.

Ids are stable UUIDs derived from our ids (see `oruk_terms.oruk_uuid`). The objects
that services repeat (organizations, sites, taxonomy terms) are made and encoded once
per export and copied into each service's text (`json_stream.EncodedObject`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from hubctl.feeds.byday import ical_day
from hubctl.feeds.json_stream import EncodedObject, encoded_object, object_text
from hubctl.feeds.oruk_terms import (
    ACCESSIBILITY_LABELS,
    ServiceTerms,
    attending_type,
    describe_rule,
    oruk_uuid,
    service_attributes,
)
from hubctl.field_types import number_as_typed
from hubctl.listings import Listings
from hubctl.models import (
    WEEKDAYS,
    Activity,
    Authority,
    DeliveryPartner,
    PartnerType,
    ScheduleRule,
    Site,
)
from hubctl.networks import is_reachable, open_venues
from hubctl.schedules import rule_window
from hubctl.taxonomy import Taxonomy

STATUS_BY_ACTIVITY_STATUS: dict[str, str] = {
    "running": "active",
    # Paused activities are expected to resume, ended ones are gone for good.
    "paused": "temporarily closed",
    "ended": "defunct",
}


def build_oruk_services(listings: Listings, taxonomy: Taxonomy) -> dict[str, Any]:
    """Every activity as a fully nested service, by id, in one page, as plain JSON values.

    For callers that want values (and tests): publish writes each service to its own
    file and pages of the list shape (`oruk_mirror`). Read back from the services'
    compact text, so nothing in it is shared between services.
    """
    texts = [service.text for _, service in services_of(listings, taxonomy)]
    page: dict[str, Any] = dict(page_fields(len(texts), 1, len(texts), max(1, len(texts))))
    page["contents"] = json.loads("[" + ",".join(texts) + "]")
    return page


def services_of(
    listings: Listings, taxonomy: Taxonomy, shared: SharedObjects | None = None
) -> Iterator[tuple[Authority, EncodedObject]]:
    """Each activity as a fully nested service (`build_service`), with its authority, in
    activity id order."""
    shared = shared or SharedObjects(taxonomy)
    for record in listings.activity_records:
        authority = listings.authority_by_id[record.authority_id]
        service = build_service(record.listing, authority, listings.site_by_id, taxonomy, shared)
        yield authority, service


def page_fields(
    total_items: int, page_number: int, size: int, page_size: int
) -> list[tuple[str, Any]]:
    """The fields of a `Page` (openapi.json): page `page_number` of `total_items` items
    shown `page_size` to a page, holding `size` of them. An empty list is one empty page."""
    total_pages = max(1, -(-total_items // page_size))
    return [
        ("total_items", total_items),
        ("total_pages", total_pages),
        ("page_number", page_number),
        ("size", size),
        ("first_page", page_number == 1),
        ("last_page", page_number == total_pages),
        ("empty", not total_items),
    ]


class SharedObjects:
    """The objects many services of one export repeat, each made and encoded once.

    An authority's organization, a site's location and a taxonomy term are the same
    in every service that holds them; they were most of the bytes of the export.
    """

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.terms = ServiceTerms(taxonomy)
        self._organizations: dict[str, EncodedObject] = {}
        self._partners: dict[tuple[str, str], EncodedObject] = {}
        self._locations: dict[str, EncodedObject] = {}
        self._organization_summaries: dict[str, EncodedObject] = {}
        self._location_summaries: dict[str, EncodedObject] = {}

    def organization(self, authority: Authority) -> EncodedObject:
        """`build_organization(authority)`, made once per authority."""
        organization = self._organizations.get(authority.id)
        if organization is None:
            organization = encoded_object(build_organization(authority))
            self._organizations[authority.id] = organization
        return organization

    def partner(self, partner: DeliveryPartner) -> EncodedObject:
        """`build_partner_organization(partner)`, made once per partner id."""
        key = partner_key(partner)
        organization = self._partners.get(key)
        if organization is None:
            organization = self._partners[key] = encoded_object(build_partner_organization(partner))
        return organization

    def location(self, site: Site) -> EncodedObject:
        """The site as a physical HSDS location, made once per site."""
        location = self._locations.get(site.id)
        if location is None:
            location = self._locations[site.id] = encoded_object(_site(site))
        return location

    def organization_summary(self, organization: EncodedObject) -> EncodedObject:
        """An organization (an authority's or a partner's) in the list shape: its
        one-to-one fields, no lists."""
        summary = self._organization_summaries.get(organization["id"])
        if summary is None:
            summary = self._organization_summaries[organization["id"]] = _summary(organization)
        return summary

    def location_summary(self, location: EncodedObject) -> EncodedObject:
        """A location (`location`, or a virtual one) in the list shape: no lists."""
        summary = self._location_summaries.get(location["id"])
        if summary is None:
            summary = _summary(location)
            if location["location_type"] == "physical":  # a virtual one is one service's
                self._location_summaries[location["id"]] = summary
        return summary


def _summary(hsds_object: EncodedObject) -> EncodedObject:
    # The list shapes (compiled service_list.json, service_at_location_list.json) hold
    # an object's one-to-one fields only.
    return encoded_object(
        {key: value for key, value in hsds_object.items() if not isinstance(value, list)}
    )


def service_at_location_count(activity: Activity, sites: dict[str, Site]) -> int:
    """How many service_at_locations `build_service` gives the activity: one per open
    venue, and one more when it runs online."""
    return len(open_venues(activity, sites)) + (activity.online is not None)


def build_service(
    activity: Activity,
    authority: Authority,
    sites: dict[str, Site],
    taxonomy: Taxonomy,
    shared: SharedObjects | None = None,
) -> EncodedObject:
    """One activity as a fully nested HSDS service; `sites` maps hub and branch ids to sites.

    `shared` holds the objects that the export's other services repeat (made afresh
    when None); the service holds them, not copies, and carries its compact JSON.
    """
    if shared is None:
        shared = SharedObjects(taxonomy)
    service_id = oruk_uuid("service", activity.id)
    # The organization responsible for delivering it (HSDS): a partner, else the authority,
    # which still assures the listing (assurer_email) and names the area (service_areas).
    if activity.delivered_by is not None:
        organization = shared.partner(activity.delivered_by)
    else:
        organization = shared.organization(authority)
    service: dict[str, Any] = {
        "id": service_id,
        "organization_id": organization["id"],
        "name": activity.name,
        "description": activity.description,
        "url": _service_url(activity, authority),
    }
    if activity.contact and activity.contact.email:
        service["email"] = activity.contact.email
    service["status"] = STATUS_BY_ACTIVITY_STATUS[activity.status]
    if activity.status == "running" and not is_reachable(activity, sites):
        # Every venue is closed and there is no online or telephone way in.
        service["status"] = STATUS_BY_ACTIVITY_STATUS["paused"]
    service["minimum_age"] = number_as_typed(activity.age_range.min)
    service["maximum_age"] = number_as_typed(activity.age_range.max)
    service["assured_date"] = activity.last_reviewed.isoformat()
    if authority.contact and authority.contact.email:
        service["assurer_email"] = authority.contact.email
    service["schedules"] = build_schedules(activity, service_id)
    service["service_areas"] = [
        {
            "id": oruk_uuid("service_area", activity.id),
            "service_id": service_id,
            "name": f"{authority.name} area",
            "uri": f"http://statistics.data.gov.uk/id/statistical-geography/{authority.ons_code}",
        }
    ]
    service["service_at_locations"] = _service_at_locations(activity, sites, service_id, shared)
    service["languages"] = [
        {"id": oruk_uuid("language", activity.id, tag), "service_id": service_id, "code": tag}
        for tag in activity.languages
    ]
    service["organization"] = organization
    service["cost_options"] = [_cost_option(activity, service_id)]
    service["contacts"] = _contacts(activity, service_id)
    service["attributes"] = service_attributes(activity, shared.terms.of(activity), service_id)
    return encoded_object(service, object_text(service))


def build_organization(authority: Authority) -> dict[str, Any]:
    """The authority as an HSDS organization, identified by its ONS (GSS) code."""
    organization_id = oruk_uuid("organization", authority.id)
    organization: dict[str, Any] = {
        "id": organization_id,
        "name": authority.name,
        "description": f"{authority.name}, the local authority running the family hubs "
        "in its area.",
    }
    if authority.contact and authority.contact.email:
        organization["email"] = authority.contact.email
    organization["website"] = authority.website
    organization["organization_identifiers"] = [
        {
            "id": oruk_uuid("organization_identifier", authority.id, "ons"),
            "organization_id": organization_id,
            "identifier_type": "ONS GSS code",
            "identifier": authority.ons_code,
        }
    ]
    return organization


# The description of the one schedule of an activity with a schedule word (HSDS has no
# field for either); `hubctl import oruk` reads them back.
BY_APPOINTMENT = "By appointment"
SELF_PACED = "Self-paced: available online at any time, taken at your own pace"


# What each kind of partner is, in its organization's description.
PARTNER_PHRASES: dict[PartnerType, str] = {
    "council": "a council",
    "nhs": "an NHS organisation",
    "voluntary": "a voluntary or community organisation",
    "school": "a school",
    "private": "a private provider",
    "other": "an organisation",
}


def partner_key(partner: DeliveryPartner) -> tuple[str, str]:
    """What identifies a partner's organization: its type and name (not its website)."""
    return partner.type, partner.name


def partner_description(name: str, partner_type: PartnerType) -> str:
    """The description of a partner's organization; `hubctl import oruk` reads its type."""
    return f"{name}, {PARTNER_PHRASES[partner_type]} delivering family hub services."


def build_partner_organization(partner: DeliveryPartner) -> dict[str, Any]:
    """The partner delivering activities as an HSDS organization.

    Its id comes from its type and name alone (the name last: it may hold a colon, the
    type never does), so the same partner is one organization in every service and
    every authority.
    """
    organization: dict[str, Any] = {
        "id": oruk_uuid("organization", "partner", *partner_key(partner)),
        "name": partner.name,
        "description": partner_description(partner.name, partner.type),
    }
    if partner.website:
        organization["website"] = partner.website
    organization["organization_identifiers"] = []
    return organization


def build_schedules(activity: Activity, service_id: str) -> list[dict[str, Any]]:
    """The activity's HSDS schedules: one per rule, or one "By appointment" or "Self-paced"
    schedule without times.

    A rule holds at every venue and online alike, so schedules belong to the service,
    not to one service_at_location. A self-paced schedule links to where it is taken.
    """
    attending = attending_type(activity)
    if isinstance(activity.schedule, str):
        schedule: dict[str, Any] = {
            "id": oruk_uuid("schedule", activity.id, activity.schedule),
            "service_id": service_id,
        }
        schedule.update(_validity(activity.valid_from, activity.valid_to))
        if activity.schedule == "self-paced":
            schedule["description"] = SELF_PACED
            if activity.online is not None:  # always, in a valid listing (HUB115)
                schedule["schedule_link"] = activity.online.url
        else:
            schedule["description"] = BY_APPOINTMENT
        schedule["attending_type"] = attending
        return [schedule]
    return [
        _schedule(activity, rule, str(position), service_id, attending)
        for position, rule in enumerate(activity.schedule, start=1)
    ]


def _schedule(
    activity: Activity, rule: ScheduleRule, position: str, service_id: str, attending: str
) -> dict[str, Any]:
    schedule: dict[str, Any] = {
        "id": oruk_uuid("schedule", activity.id, position),
        "service_id": service_id,
    }
    window = rule_window(activity, rule)
    schedule.update(_validity(window.first, window.last))
    if rule.freq == "once" and window.first is not None:
        # HSDS has no one-off frequency: a weekly rule on that weekday, bounded to the
        # one day, has exactly that one occurrence.
        schedule.update({"dtstart": window.first.isoformat(), "freq": "WEEKLY"})
        schedule["interval"] = 1
        schedule["byday"] = ical_day(WEEKDAYS[window.first.weekday()])
    else:
        schedule["freq"] = rule.freq.upper()
        schedule["interval"] = 1
        schedule["byday"] = ",".join([ical_day(day) for day in rule.byday or []])
    schedule["description"] = describe_rule(rule)
    schedule["opens_at"] = rule.opens_at
    schedule["closes_at"] = rule.closes_at
    schedule["attending_type"] = attending
    notes = " ".join(filter(None, ("Term time only." if rule.term_time_only else "", rule.note)))
    if notes:
        schedule["notes"] = notes
    return schedule


def _validity(valid_from: date | None, valid_to: date | None) -> dict[str, str]:
    bounds = {"valid_from": valid_from, "valid_to": valid_to}
    return {key: value.isoformat() for key, value in bounds.items() if value is not None}


def _service_url(activity: Activity, authority: Authority) -> str:
    # The activity's own page first, then where its sessions happen online; failing
    # both, the authority's online family hub or website, so every service has the
    # url that the UK profile's documentation lists as required.
    candidates = (
        activity.contact.website if activity.contact else None,
        activity.online.url if activity.online else None,
        authority.virtual_hub_url,
    )
    return next((url for url in candidates if url), authority.website)


def _service_at_locations(
    activity: Activity, sites: dict[str, Site], service_id: str, shared: SharedObjects
) -> list[EncodedObject]:
    links = [
        _link(
            oruk_uuid("service_at_location", activity.id, venue),
            service_id,
            shared.location(sites[venue]),
        )
        # A closed site is not advertised as a place the service is held.
        for venue in open_venues(activity, sites)
    ]
    if activity.online is not None:
        location_id = oruk_uuid("virtual_location", activity.id)
        location = encoded_object(
            {
                "id": location_id,
                "location_type": "virtual",
                "name": "Online",
                "description": f"{activity.name}, online at {activity.online.url}",
                # `url` is HSDS 3.0's location field; the UK profile allows extra fields.
                "url": activity.online.url,
                "addresses": [],
                "accessibility": [],
            }
        )
        links.append(
            _link(oruk_uuid("virtual_service_at_location", activity.id), service_id, location)
        )
    return links


def _link(link_id: str, service_id: str, location: EncodedObject) -> EncodedObject:
    members = {
        "id": link_id,
        "service_id": service_id,
        "location_id": location["id"],
        "location": location,
    }
    # Written by hand, as each attribute is: ids need no JSON escaping.
    text = (
        f'{{"id":"{link_id}","service_id":"{service_id}",'
        f'"location_id":"{location["id"]}","location":{location.text}}}'
    )
    return encoded_object(members, text)


def _site(site: Site) -> dict[str, Any]:
    """A hub or branch as a physical HSDS location, the same object in every service."""
    location_id = oruk_uuid("location", site.id)
    location: dict[str, Any] = {"id": location_id, "location_type": "physical", "name": site.name}
    if site.description:
        location["description"] = site.description
    if site.location is not None:
        location["latitude"] = number_as_typed(site.location.lat)
        location["longitude"] = number_as_typed(site.location.lon)
    # Our site id, so a reader can join this location to sites.geojson and the calendars.
    location["external_identifier"] = site.id
    location["external_identifier_type"] = "hubctl site id"
    address = site.address
    location["addresses"] = [
        {
            "id": oruk_uuid("address", site.id),
            "location_id": location_id,
            # The UK profile has no address_2, so the second line joins the first.
            "address_1": ", ".join(filter(None, (address.line1, address.line2))),
            "city": address.town,
            "state_province": "England",
            "postal_code": address.postcode,
            "country": "GB",
            "address_type": "physical",
        }
    ]
    location["accessibility"] = [
        {
            "id": oruk_uuid("accessibility", site.id, feature),
            "location_id": location_id,
            "description": ACCESSIBILITY_LABELS[feature],
        }
        for feature in site.accessibility
    ]
    return location


def _cost_option(activity: Activity, service_id: str) -> dict[str, Any]:
    option: dict[str, Any] = {"id": oruk_uuid("cost_option", activity.id), "service_id": service_id}
    if activity.cost == "free":
        option.update({"amount": 0, "currency": "GBP", "amount_description": "Free"})
    else:
        option["amount"] = number_as_typed(activity.cost.amount)
        # `currency` is HSDS 3.0's cost_option field (ISO 4217), kept by the UK profile's
        # readers as an extra field.
        option["currency"] = "GBP"
        option["amount_description"] = f"per {activity.cost.per}"
    return option


def _contacts(activity: Activity, service_id: str) -> list[dict[str, Any]]:
    """A helpline contact and an enquiries contact, where the activity has them.

    The UK profile's contact has no phone or email; HSDS 3.0's contact `email` and
    `phones` carry them as extra fields, which the profile allows.
    """
    contacts: list[dict[str, Any]] = []
    if activity.telephone:
        contacts.append(
            _contact(
                activity.id,
                "telephone",
                service_id,
                "Telephone helpline",
                None,
                activity.telephone,
                "Support given by phone",
            )
        )
    contact = activity.contact
    if contact and (contact.phone or contact.email):
        contacts.append(
            _contact(
                activity.id,
                "contact",
                service_id,
                "Enquiries",
                contact.email,
                contact.phone,
                "Enquiries",
            )
        )
    return contacts


def _contact(
    activity_id: str,
    key: str,
    service_id: str,
    name: str,
    email: str | None,
    phone: str | None,
    phone_description: str,
) -> dict[str, Any]:
    contact_id = oruk_uuid("contact", activity_id, key)
    contact: dict[str, Any] = {"id": contact_id, "service_id": service_id, "name": name}
    if email:
        contact["email"] = email
    contact["phones"] = []
    if phone:
        contact["phones"].append(
            {
                "id": oruk_uuid("phone", activity_id, key),
                "contact_id": contact_id,
                "number": phone,
                "type": "voice",
                "description": phone_description,
            }
        )
    return contact
