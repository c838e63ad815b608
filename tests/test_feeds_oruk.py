"""Open Referral UK (SPEC §6): activities as HSDS 3.0 services, as the oruk/ mirror holds them.

For the shipped listings and the trap tree, tests/fixtures/traps/ (its README lists
the traps). Every service is checked against the Open Referral UK compiled service schema in
tests/standards/oruk/ (see its SOURCE.md), with format checks on, and the whole page
against the `/services` response of the Open Referral UK OpenAPI description.
"""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, get_args

import pytest
from conftest import TRAPS, feed_snapshot
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from hubctl.feeds import FeedFile
from hubctl.feeds.oruk import SELF_PACED, build_oruk_services
from hubctl.feeds.oruk_mirror import OrukMirror, is_object_file
from hubctl.feeds.oruk_terms import (
    ACCESSIBILITY_LABELS,
    AUDIENCE_TERMS,
    DFE_CATEGORIES,
    OFFER_AREAS,
    ORUK_NAMESPACE,
    dfe_slugs_by_area,
)
from hubctl.labels import BOOKING_LABELS
from hubctl.listings import Listings
from hubctl.models import Accessibility, Activity, Audience
from hubctl.taxonomy import Taxonomy, load_taxonomy
from hubctl.validation import validate

STANDARDS = Path(__file__).parent / "standards" / "oruk"
SERVICE_SCHEMA = json.loads((STANDARDS / "service.json").read_text(encoding="utf-8"))
SERVICE_LIST_SCHEMA = json.loads((STANDARDS / "service_list.json").read_text(encoding="utf-8"))
# Where the Open Referral UK OpenAPI description refers to service_list.json from.
SERVICE_LIST_URL = (
    "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/compiled/"
    "service_list.json"
)
# service_list.json is one service as a list shows it, not the page. The page is the
# `/services` response of OpenReferralUK/uk-profile schema/openapi.json (commit
# 6eee0e4923bea865a4d59516071c3dc5b96b6b06): components.schemas.Page with `contents`
# items referring to service_list.json. The OpenAPI marks no page field required; we
# publish them all, so this test requires them.
PAGE_FIELDS = {
    "total_items": "integer",
    "total_pages": "integer",
    "page_number": "integer",
    "size": "integer",
    "first_page": "boolean",
    "last_page": "boolean",
    "empty": "boolean",
}
PAGE_SCHEMA = {
    "type": "object",
    "allOf": [{"$ref": "#/$defs/Page"}],
    "required": [*PAGE_FIELDS, "contents"],
    "properties": {"contents": {"type": "array", "items": {"$ref": SERVICE_LIST_URL}}},
    "$defs": {
        "Page": {
            "type": "object",
            "properties": {name: {"type": kind} for name, kind in PAGE_FIELDS.items()},
        }
    },
}
ON = date(2026, 11, 23)


def _format_checker() -> FormatChecker:
    # jsonschema[format-nongpl] (a dev dependency) makes "uri" and "date-time" real
    # checks; without it they would pass anything, so fail loudly if it is missing.
    checker: FormatChecker = Draft202012Validator.FORMAT_CHECKER
    assert {"uri", "date-time", "uuid", "email", "date"} <= set(checker.checkers)
    return checker


SERVICE_VALIDATOR = Draft202012Validator(SERVICE_SCHEMA, format_checker=_format_checker())
PAGE_VALIDATOR = Draft202012Validator(
    PAGE_SCHEMA,
    format_checker=_format_checker(),
    registry=Registry().with_resource(
        SERVICE_LIST_URL,
        Resource.from_contents(SERVICE_LIST_SCHEMA, default_specification=DRAFT202012),
    ),
)
NAMESPACE_TEXT = "https://github.com/familyhubs/hubctl"


def load(root: Path) -> Listings:
    report = validate(root, today=ON)
    assert report.ok, [d.message for d in report.errors]
    return report.listings


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


@pytest.fixture
def shipped(shipped_listings: Path) -> Listings:
    return load(shipped_listings)


@pytest.fixture
def trap() -> Listings:
    return load(TRAPS)


def oruk_id(key: str) -> str:
    """The UUID an integrator recomputes: uuid5 of the key under the documented namespace."""
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, NAMESPACE_TEXT)
    return str(uuid.uuid5(namespace, key))


def services_by_id(page: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {service["id"]: service for service in page["contents"]}


def service_of(page: dict[str, Any], activity_id: str) -> dict[str, Any]:
    return services_by_id(page)[oruk_id(f"service:{activity_id}")]


def objects_with_ids(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object inside `value` (itself included) that has an `id`."""
    if isinstance(value, dict):
        if "id" in value:
            yield value
        for child in value.values():
            yield from objects_with_ids(child)
    elif isinstance(value, list):
        for child in value:
            yield from objects_with_ids(child)


def schema_errors(validator: Draft202012Validator, instance: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(instance)
    ]


# --- the schema and its format checks ---------------------------------------------------


@pytest.mark.parametrize("tree", ["shipped", "trap"])
def test_every_service_validates_against_the_oruk_service_schema(
    tree: str, request: pytest.FixtureRequest, taxonomy: Taxonomy
) -> None:
    listings: Listings = request.getfixturevalue(tree)
    services = [
        json.loads(file.content)
        for file in OrukMirror(listings, taxonomy).files()
        if file.path.startswith("oruk/services/") and is_object_file(file.path)
    ]
    assert len(services) == len(listings.activities)
    for service in services:
        assert schema_errors(SERVICE_VALIDATOR, service) == [], service["name"]


@pytest.mark.parametrize("tree", ["shipped", "trap"])
def test_the_page_validates_against_the_services_endpoint_schema(
    tree: str, request: pytest.FixtureRequest, taxonomy: Taxonomy
) -> None:
    listings: Listings = request.getfixturevalue(tree)
    page = build_oruk_services(listings, taxonomy)
    assert schema_errors(PAGE_VALIDATOR, page) == []
    count = len(listings.activities)
    assert list(page) == [*PAGE_FIELDS, "contents"]
    assert {name: page[name] for name in PAGE_FIELDS} == {
        "total_items": count,
        "total_pages": 1,
        "page_number": 1,
        "size": count,
        "first_page": True,
        "last_page": True,
        "empty": False,
    }


def test_no_activities_give_one_empty_page(tmp_path: Path, taxonomy: Taxonomy) -> None:
    files = {file.path: file for file in OrukMirror(Listings(tmp_path), taxonomy).files()}
    feed = files["oruk/services/page-1.json"]
    page = json.loads(feed.content)
    assert feed.records == 0
    assert not [path for path in files if path.startswith("oruk/services/") and path != feed.path]
    assert page["contents"] == [] and page["empty"] is True and page["total_items"] == 0
    assert schema_errors(PAGE_VALIDATOR, page) == []


def test_a_non_uuid_id_fails_so_the_format_check_is_on(trap: Listings, taxonomy: Taxonomy) -> None:
    page = build_oruk_services(trap, taxonomy)
    service = service_of(page, "hub-and-branch-group")
    broken = copy.deepcopy(service)
    broken["id"] = "hub-and-branch-group"
    broken["schedules"][0]["id"] = "schedule-1"
    broken["service_at_locations"][0]["location"]["id"] = "not-a-uuid-either"
    assert schema_errors(SERVICE_VALIDATOR, service) == []
    assert sorted(schema_errors(SERVICE_VALIDATOR, broken)) == [
        "id: 'hub-and-branch-group' is not a 'uuid'",
        "schedules/0/id: 'schedule-1' is not a 'uuid'",
        "service_at_locations/0/location/id: 'not-a-uuid-either' is not a 'uuid'",
    ]
    # The same through the page schema proves its $ref to service_list.json resolves.
    page["contents"][0]["id"] = "nope"
    assert schema_errors(PAGE_VALIDATOR, page) == ["contents/0/id: 'nope' is not a 'uuid'"]


def test_a_relative_url_fails_the_uri_format(trap: Listings, taxonomy: Taxonomy) -> None:
    service = copy.deepcopy(service_of(build_oruk_services(trap, taxonomy), "ended-group"))
    service["url"] = "family-hubs/old-group"
    assert schema_errors(SERVICE_VALIDATOR, service) == [
        "url: 'family-hubs/old-group' is not a 'uri'"
    ]


# --- ids ----------------------------------------------------------------------------------


def test_the_namespace_is_the_documented_derivation() -> None:
    assert uuid.uuid5(uuid.NAMESPACE_URL, NAMESPACE_TEXT) == ORUK_NAMESPACE
    assert str(ORUK_NAMESPACE) == "30e12432-8c86-5cca-be0c-e53e71fe182b"


def test_ids_are_derived_from_our_ids(shipped: Listings, taxonomy: Taxonomy) -> None:
    page = build_oruk_services(shipped, taxonomy)
    assert [service["id"] for service in page["contents"]] == [
        oruk_id(f"service:{activity.id}") for activity in shipped.activities
    ]
    service = service_of(page, "becket-breastfeeding-club")
    assert service["id"] == "a9961110-6426-55e1-8be9-f5855d52be9a"
    assert service["organization"]["id"] == oruk_id("organization:derby")
    link = service["service_at_locations"][0]
    assert link["id"] == oruk_id("service_at_location:becket-breastfeeding-club:becket-family-hub")
    assert link["location"]["id"] == oruk_id("location:becket-family-hub")
    assert service["schedules"][0]["id"] == oruk_id("schedule:becket-breastfeeding-club:1")
    first_term = service["attributes"][0]["taxonomy_term"]
    assert first_term["id"] == oruk_id("taxonomy_term:hubctl-offer-areas:infant-feeding")
    for entity in objects_with_ids(page):
        assert uuid.UUID(entity["id"]).version == 5


def test_two_renders_and_two_copies_of_a_tree_give_the_same_bytes(
    make_tree: Callable[..., Path], taxonomy: Taxonomy
) -> None:
    first = load(make_tree("one"))
    second = load(make_tree("two"))
    once = feed_snapshot(OrukMirror(first, taxonomy).files())
    assert once == feed_snapshot(OrukMirror(first, taxonomy).files())
    assert once == feed_snapshot(OrukMirror(second, taxonomy).files())


@pytest.mark.parametrize("tree", ["shipped", "trap"])
def test_a_uuid_is_shared_only_by_the_same_entity(
    tree: str, request: pytest.FixtureRequest, taxonomy: Taxonomy
) -> None:
    page = build_oruk_services(request.getfixturevalue(tree), taxonomy)
    seen: dict[str, dict[str, Any]] = {}
    for entity in objects_with_ids(page):
        assert seen.setdefault(entity["id"], entity) == entity, entity["id"]
    # Shared entities really are shared: one organization per authority and per
    # delivery partner, one location per site, and each term once however many services
    # carry it.
    listings: Listings = request.getfixturevalue(tree)
    organizations = {service["organization"]["id"] for service in page["contents"]}
    partners = {
        (a.delivered_by.type, a.delivered_by.name) for a in listings.activities if a.delivered_by
    }
    assert len(organizations) == len(listings.authorities) + len(partners)


@pytest.mark.parametrize("tree", ["shipped", "trap"])
def test_links_point_at_their_parents(
    tree: str, request: pytest.FixtureRequest, taxonomy: Taxonomy
) -> None:
    for service in build_oruk_services(request.getfixturevalue(tree), taxonomy)["contents"]:
        service_id = service["id"]
        for key in ("schedules", "service_areas", "languages", "cost_options", "contacts"):
            assert {item["service_id"] for item in service[key]} <= {service_id}
        assert service["organization_id"] == service["organization"]["id"]
        for link in service["service_at_locations"]:
            location = link["location"]
            assert link["service_id"] == service_id and link["location_id"] == location["id"]
            for part in location["addresses"] + location["accessibility"]:
                assert part["location_id"] == location["id"]
        for attribute in service["attributes"]:
            assert attribute["link_id"] == service_id
            assert attribute["taxonomy_term_id"] == attribute["taxonomy_term"]["id"]
        for contact in service["contacts"]:
            assert {phone["contact_id"] for phone in contact["phones"]} <= {contact["id"]}


# --- taxonomy terms -------------------------------------------------------------------------


@pytest.mark.parametrize("tree", ["shipped", "trap"])
def test_every_offer_area_is_a_term_with_its_dfe_categories(
    tree: str, request: pytest.FixtureRequest, taxonomy: Taxonomy
) -> None:
    listings: Listings = request.getfixturevalue(tree)
    page = build_oruk_services(listings, taxonomy)
    for activity in listings.activities:
        terms = [a["taxonomy_term"] for a in service_of(page, activity.id)["attributes"]]
        areas = [(t["term"], t["name"]) for t in terms if t["taxonomy"] == OFFER_AREAS]
        assert areas == [(a, taxonomy.by_id[a].label) for a in activity.offer_areas]
        slugs = [t["term"] for t in terms if t["taxonomy"] == DFE_CATEGORIES]
        expected = [s for a in activity.offer_areas for s in dfe_slugs_by_area(taxonomy)[a]]
        assert slugs == list(dict.fromkeys(expected))
        for term in terms:
            assert term["id"] == oruk_id(f"taxonomy_term:{term['taxonomy']}:{term['term']}")
            assert term["taxonomy_id"] == oruk_id(f"taxonomy:{term['taxonomy']}")


def test_a_dfe_slug_under_two_parents_keeps_the_first_areas_meaning(taxonomy: Taxonomy) -> None:
    # early-years is pregnancy/early-years for early-language and send/early-years for
    # send-support: the flat DfE vocabulary has one early-years term, early-language's.
    assert taxonomy.by_id["early-language"].dfe_categories == ["pregnancy/early-years"]
    assert taxonomy.by_id["send-support"].dfe_categories == ["send", "send/early-years"]
    slugs = dfe_slugs_by_area(taxonomy)
    assert slugs["early-language"] == ["early-years"]
    assert slugs["send-support"] == ["send"]
    # A slug two areas take with one meaning is written for both.
    assert (slugs["money-advice"], slugs["housing"]) == (["debt", "money"], ["money"])
    # The other way round, early-years is send-support's.
    areas = {area.id: area for area in taxonomy.areas}
    reordered = Taxonomy((areas["send-support"], areas["early-language"]))
    assert dfe_slugs_by_area(reordered) == {
        "send-support": ["send", "early-years"],
        "early-language": [],
    }


def test_a_dfe_category_shared_by_two_areas_appears_once(
    trap: Listings, taxonomy: Taxonomy
) -> None:
    service = service_of(build_oruk_services(trap, taxonomy), "hub-and-branch-group")
    assert [
        (a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["term"]) for a in service["attributes"]
    ] == [
        ("hubctl-offer-areas", "parenting-support"),
        ("dfe-family-hubs-service-directory", "parenting"),
        ("hubctl-offer-areas", "money-advice"),
        ("dfe-family-hubs-service-directory", "debt"),
        ("dfe-family-hubs-service-directory", "money"),
        ("hubctl-offer-areas", "housing"),
        ("hubctl-audience", "parents"),
        ("hubctl-booking", "booking-required"),
        ("hubctl-accessibility", "bsl-available"),
    ]
    money = service["attributes"][4]
    assert money["id"] == oruk_id(
        "attribute:hub-and-branch-group:dfe-family-hubs-service-directory:money"
    )
    assert money["taxonomy_term"] == {
        "id": oruk_id("taxonomy_term:dfe-family-hubs-service-directory:money"),
        "name": "money",
        "description": "Category 'money' of the DfE family hubs service directory.",
        "taxonomy": "dfe-family-hubs-service-directory",
        "taxonomy_id": oruk_id("taxonomy:dfe-family-hubs-service-directory"),
        "term": "money",
    }


def test_every_model_code_has_a_term() -> None:
    assert set(ACCESSIBILITY_LABELS) == set(get_args(Accessibility))
    assert set(AUDIENCE_TERMS) == set(get_args(Audience))
    assert set(BOOKING_LABELS) == set(get_args(Activity.model_fields["booking"].annotation))


# --- exact values ---------------------------------------------------------------------------


def test_a_shipped_weekly_activity_maps_exactly(shipped: Listings, taxonomy: Taxonomy) -> None:
    service = service_of(build_oruk_services(shipped, taxonomy), "becket-breastfeeding-club")
    service_id = service["id"]
    assert {k: service[k] for k in ("name", "status", "minimum_age", "maximum_age")} == {
        "name": "Becket Breastfeeding Club",
        "status": "active",
        "minimum_age": 0,
        "maximum_age": 1,
    }
    assert service["url"] == "https://derby.example.org/family-hubs/online"
    assert service["email"] == "infant.feeding.derby@example.org"
    assert service["assured_date"] == "2026-10-01"
    assert service["schedules"] == [
        {
            "id": oruk_id("schedule:becket-breastfeeding-club:1"),
            "service_id": service_id,
            "freq": "WEEKLY",
            "interval": 1,
            "byday": "TU",
            "description": "Every Tuesday, 10:00 to 11:30",
            "opens_at": "10:00",
            "closes_at": "11:30",
            "attending_type": "In person; drop in, no need to book",
        }
    ]
    organization = service["organization"]
    assert organization["name"] == "Derby City Council"
    assert organization["website"] == "https://derby.example.org/family-hubs"
    assert organization["organization_identifiers"][0]["identifier"] == "E06000015"
    [link] = service["service_at_locations"]
    location = link["location"]
    assert (location["location_type"], location["name"]) == ("physical", "Becket Family Hub")
    assert (location["latitude"], location["longitude"]) == (52.9213, -1.4813)
    assert location["external_identifier"] == "becket-family-hub"
    [address] = location["addresses"]
    assert {k: v for k, v in address.items() if k not in ("id", "location_id")} == {
        "address_1": "14 Becket Street, City Centre",
        "city": "Derby",
        "state_province": "England",
        "postal_code": "DE1 1HT",
        "country": "GB",
        "address_type": "physical",
    }
    assert [a["description"] for a in location["accessibility"]] == [
        "Step-free access",
        "Accessible toilet",
        "Baby changing facilities",
        "Hearing loop",
        "Pushchair storage",
        "Quiet space",
    ]
    assert service["cost_options"] == [
        {
            "id": oruk_id("cost_option:becket-breastfeeding-club"),
            "service_id": service_id,
            "amount": 0,
            "currency": "GBP",
            "amount_description": "Free",
        }
    ]
    [contact] = service["contacts"]
    assert (contact["name"], contact["email"]) == ("Enquiries", "infant.feeding.derby@example.org")
    assert [phone["number"] for phone in contact["phones"]] == ["01632 960121"]
    terms = [
        (a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["term"]) for a in service["attributes"]
    ]
    assert ("hubctl-eligibility", "antenatal") in terms


def test_shipped_schedules_of_each_kind(shipped: Listings, taxonomy: Taxonomy) -> None:
    page = build_oruk_services(shipped, taxonomy)
    [monthly] = service_of(page, "sinfin-dads-club")["schedules"]
    assert (monthly["freq"], monthly["byday"]) == ("MONTHLY", "1SA")
    assert monthly["description"] == "Monthly on the first Saturday, 10:00 to 12:00"
    assert monthly["notes"] == "First Saturday of the month"
    [term_time] = service_of(page, "chaddesden-cook-and-eat")["schedules"]
    assert term_time["notes"] == "Term time only."
    assert term_time["description"] == "Every Wednesday, 12:30 to 14:30, in term time only"
    once = service_of(page, "derby-dads-to-be-evening")["schedules"][0]
    assert {k: once[k] for k in ("valid_from", "valid_to", "dtstart", "freq", "byday")} == {
        "valid_from": "2027-02-03",
        "valid_to": "2027-02-03",
        "dtstart": "2027-02-03",
        "freq": "WEEKLY",
        "byday": "WE",
    }
    autumn, spring = service_of(page, "becket-preparing-for-birth")["schedules"]
    assert (autumn["valid_from"], autumn["valid_to"]) == ("2026-11-05", "2026-11-26")
    assert (spring["valid_from"], spring["valid_to"]) == ("2027-01-14", "2027-02-04")
    [self_paced] = service_of(page, "derby-solihull-approach-online")["schedules"]
    assert self_paced["description"] == SELF_PACED and "freq" not in self_paced
    assert self_paced["schedule_link"] == "https://derby.example.org/family-hubs/online/solihull"
    [appointment] = service_of(page, "derby-early-help-family-support")["schedules"]
    assert appointment["description"] == "By appointment"
    assert "freq" not in appointment
    paid = service_of(page, "chaddesden-cook-and-eat")["cost_options"][0]
    assert (paid["amount"], paid["currency"], paid["amount_description"]) == (
        2.5,
        "GBP",
        "per session",
    )


def test_a_helpline_has_a_telephone_contact_and_no_location(
    shipped: Listings, taxonomy: Taxonomy
) -> None:
    service = service_of(build_oruk_services(shipped, taxonomy), "leicester-family-hub-advice-line")
    assert service["service_at_locations"] == []
    [helpline] = service["contacts"]
    assert helpline["name"] == "Telephone helpline"
    assert [(p["number"], p["type"]) for p in helpline["phones"]] == [("01632 960299", "voice")]
    assert [language["code"] for language in service["languages"]] == [
        "en",
        "gu",
        "pa",
        "ur",
        "pl",
        "so",
    ]
    assert service["schedules"][0]["attending_type"] == "By telephone; drop in, no need to book"


def test_a_monthly_term_time_group_with_both_validities(trap: Listings, taxonomy: Taxonomy) -> None:
    service = service_of(build_oruk_services(trap, taxonomy), "hub-and-branch-group")
    assert service["name"] == "Grupa dla rodziców – Łódź"
    assert (service["minimum_age"], service["maximum_age"]) == (1.5, 5)
    [schedule] = service["schedules"]
    # The rule runs Sep 2026 - Jul 2027, the activity Oct 2026 - Jun 2027: the overlap.
    assert {k: v for k, v in schedule.items() if k not in ("id", "service_id")} == {
        "valid_from": "2026-10-01",
        "valid_to": "2027-06-30",
        "freq": "MONTHLY",
        "interval": 1,
        "byday": "1TU,-1FR",
        "description": "Monthly on the first Tuesday and the last Friday, 10:00 to 12:00, "
        "in term time only",
        "opens_at": "10:00",
        "closes_at": "12:00",
        "attending_type": "In person; book a place before you come",
        "notes": "Term time only. Not in August.",
    }
    assert service["cost_options"][0]["amount"] == 3
    assert service["cost_options"][0]["amount_description"] == "per course"
    welsh, hub = (link["location"] for link in service["service_at_locations"])
    assert welsh["name"] == "Canolfan Plant Ŵyn" and hub["name"] == "@Central Family Hub"
    assert "latitude" not in welsh
    assert welsh["addresses"][0]["address_1"] == "Heol y Bont, 'r Hen Ysgol"
    assert welsh["addresses"][0]["postal_code"] == "TR1 3DF"
    [contact] = service["contacts"]
    assert contact["phones"][0]["number"] == "+44 1632 960555"
    assert [language["code"] for language in service["languages"]] == ["pl", "en"]


def test_an_online_only_activity_with_once_rules(trap: Listings, taxonomy: Taxonomy) -> None:
    service = service_of(build_oruk_services(trap, taxonomy), "online-formula-webinar")
    assert service["name"] == "=SUM(A1) Baby Sleep Webinar"
    assert service["description"] == "+44 is no formula here."
    assert service["url"] == "https://traptown.example.org/webinars/sleep"
    [link] = service["service_at_locations"]
    assert link["id"] == oruk_id("virtual_service_at_location:online-formula-webinar")
    assert link["location"] == {
        "id": oruk_id("virtual_location:online-formula-webinar"),
        "location_type": "virtual",
        "name": "Online",
        "description": "=SUM(A1) Baby Sleep Webinar, online at "
        "https://traptown.example.org/webinars/sleep",
        "url": "https://traptown.example.org/webinars/sleep",
        "addresses": [],
        "accessibility": [],
    }
    first, second = service["schedules"]
    assert first["description"] == "On Wednesday 3 March 2027, 19:00 to 20:00"
    assert (first["dtstart"], first["byday"], "notes" in first) == ("2027-03-03", "WE", False)
    assert (second["valid_from"], second["valid_to"], second["notes"]) == (
        "2027-03-10",
        "2027-03-10",
        "Repeat session",
    )
    assert first["attending_type"] == "Online; book a place before you come"
    assert service["contacts"] == []


def test_a_paused_by_appointment_helpline(trap: Listings, taxonomy: Taxonomy) -> None:
    service = service_of(build_oruk_services(trap, taxonomy), "paused-money-line")
    assert service["status"] == "temporarily closed"
    assert service["url"] == "https://traptown.example.org/family-hubs/online"
    assert service["schedules"] == [
        {
            "id": oruk_id("schedule:paused-money-line:by-appointment"),
            "service_id": service["id"],
            "valid_from": "2026-01-05",
            "valid_to": "2027-12-31",
            "description": "By appointment",
            "attending_type": "By telephone; by referral from a professional",
        }
    ]
    assert service["contacts"] == [
        {
            "id": oruk_id("contact:paused-money-line:telephone"),
            "service_id": service["id"],
            "name": "Telephone helpline",
            "phones": [
                {
                    "id": oruk_id("phone:paused-money-line:telephone"),
                    "contact_id": oruk_id("contact:paused-money-line:telephone"),
                    "number": "01632 960777",
                    "type": "voice",
                    "description": "Support given by phone",
                }
            ],
        }
    ]


def test_a_self_paced_course_has_one_schedule_without_times(
    trap: Listings, taxonomy: Taxonomy
) -> None:
    service = service_of(build_oruk_services(trap, taxonomy), "self-paced-online-course")
    assert service["status"] == "active"
    assert service["schedules"] == [
        {
            "id": oruk_id("schedule:self-paced-online-course:self-paced"),
            "service_id": service["id"],
            "valid_from": "2026-09-01",
            "valid_to": "2027-08-31",
            "description": "Self-paced: available online at any time, taken at your own pace",
            "schedule_link": "https://traptown.example.org/learn/understanding-your-baby",
            "attending_type": "Online; book a place before you come",
        }
    ]
    assert schema_errors(SERVICE_VALIDATOR, service) == []


def test_a_partner_delivering_a_service_is_its_organization(
    trap: Listings, taxonomy: Taxonomy
) -> None:
    page = build_oruk_services(trap, taxonomy)
    service = service_of(page, "formula-partner-clinic")
    name = '=HYPERLINK("https://evil.example","Traptown NHS Trust")'
    partner_id = oruk_id(f"organization:partner:nhs:{name}")
    assert service["organization_id"] == partner_id
    assert service["organization"] == {
        "id": partner_id,
        "name": name,
        "description": f"{name}, an NHS organisation delivering family hub services.",
        "website": "https://trust.traptown.example.org/",
        "organization_identifiers": [],
    }
    # The authority still assured the listing and names the area it serves.
    assert service["assurer_email"] == service_of(page, "two-hubs")["assurer_email"]
    assert service["service_areas"][0]["name"] == "=Traptown & District Council area"
    assert schema_errors(SERVICE_VALIDATOR, service) == []
    # A service the council delivers itself keeps the council as its organization.
    own = service_of(page, "two-hubs")["organization"]
    assert own["id"] == oruk_id("organization:traptown")


def test_an_ended_activity_is_defunct(trap: Listings, taxonomy: Taxonomy) -> None:
    service = service_of(build_oruk_services(trap, taxonomy), "ended-group")
    assert service["status"] == "defunct"
    assert service["schedules"][0]["byday"] == "MO,WE"
    assert service["schedules"][0]["description"] == "Every Monday and Wednesday, 09:30 to 11:00"


# --- the bytes ------------------------------------------------------------------------------


def test_every_file_is_compact_utf8_json_with_a_final_newline(
    trap: Listings, taxonomy: Taxonomy
) -> None:
    files: list[FeedFile] = list(OrukMirror(trap, taxonomy).files())
    texts = [file.content.decode("utf-8") for file in files]
    for text in texts:
        compact = json.dumps(json.loads(text), separators=(",", ":"), ensure_ascii=False)
        assert text == compact + "\n"
        assert "\\u" not in text and "\r" not in text
    assert any("Zajęcia dla rodziców – Łódź" in text for text in texts)


def test_without_a_virtual_hub_the_url_is_the_authority_website(
    trap_tree_copy: Path, taxonomy: Taxonomy
) -> None:
    authority = trap_tree_copy / "traptown" / "authority.yaml"
    text = authority.read_text(encoding="utf-8")
    virtual_hub = "virtual_hub_url: https://traptown.example.org/family-hubs/online\n"
    assert virtual_hub in text
    authority.write_text(text.replace(virtual_hub, ""), encoding="utf-8")
    service = service_of(build_oruk_services(load(trap_tree_copy), taxonomy), "paused-money-line")
    assert service["url"] == "https://traptown.example.org/family-hubs"
