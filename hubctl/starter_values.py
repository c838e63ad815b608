"""What a starter file writes for each field of each listing model: words and placeholders.

`hubctl.starter_templates` renders these; what each field *takes* is not said here but
read from the models' JSON Schemas, so only what a field holds is written by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from hubctl.field_types import AgeRange
from hubctl.models import (
    EXAMPLE_WEBSITE,
    Activity,
    Address,
    Authority,
    Branch,
    Contact,
    Cost,
    CoveragePolicy,
    CoverageWaiver,
    DeliveryPartner,
    Location,
    Online,
    ScheduleRule,
    Site,
)
from hubctl.profile_models import Requirement, SourceReference

if TYPE_CHECKING:  # hubctl.taxonomy reports through model_errors, which uses these starters
    from hubctl.taxonomy import Taxonomy

PLACEHOLDER_PHONE = "01632 960000"  # Ofcom's drama range: never a real line


@dataclass(frozen=True)
class StarterContext:
    """What a starter file is about: its id and name, where it belongs, the date of writing."""

    listing_id: str
    name: str
    today: date
    taxonomy: Taxonomy
    hub: str = ""  # a branch's hub
    venue: str = ""  # an activity's venue


class _Nested:
    """Stands for 'this field's model, filled in from its own starters'."""


NESTED = _Nested()
NOTHING = object()
Value = Any  # a plain value, NESTED, [NESTED] or a function of the StarterContext


@dataclass(frozen=True)
class Starter:
    """What the template writes for one field.

    `value` is written as it is; `example` is shown commented out, after `value` if
    there is one (an optional field, or the other form a field may take). `hint`, YAML
    text, is what a message about the missing field suggests where `value` is a
    placeholder that would be wrong to copy (hubctl.field_hints).
    """

    help: str
    value: Value = NOTHING
    example: Value = NOTHING
    hint: str = ""
    # The value stands in for one only the steward knows: left in, it is warned about
    # (HUB405, hubctl.placeholders) rather than published as if it were real.
    placeholder: bool = False


def _id(context: StarterContext) -> str:
    return context.listing_id


def _name(context: StarterContext) -> str:
    return context.name


def _today(context: StarterContext) -> date:
    return context.today


def _first_area(context: StarterContext) -> list[str]:
    return [context.taxonomy.areas[0].id]


def _required_area(context: StarterContext) -> str:
    required = context.taxonomy.required_ids
    return required[0] if required else context.taxonomy.areas[0].id


_CONTACT = Starter("How families get in touch", example=NESTED)
_LANGUAGES = Starter("Languages it is offered in, besides signs and leaflets", value=["en"])
_ACCESSIBILITY = Starter("What makes it easier to get to and use", value=[])
_LAST_REVIEWED = Starter("The day this listing was last checked with the provider", value=_today)

STARTERS: dict[type[BaseModel], dict[str, Starter]] = {
    Authority: {
        "id": Starter("The authority's id; also the name of its folder", value=_id),
        "name": Starter("The council's name as families know it", value=_name),
        "ons_code": Starter(
            "Its ONS code from the ONS register; Derby's is E06000015",
            value="E00000000",
            placeholder=True,
            hint="E06000015, its code on the ONS register (this is Derby's)",
        ),
        "website": Starter(
            "The family hubs page on the council's website",
            value="https://www.example.org/family-hubs",
            placeholder=True,
            hint=f"{EXAMPLE_WEBSITE}, the family hubs page of the council's website",
        ),
        "virtual_hub_url": Starter(
            "The virtual family hub: the online offer's page",
            example="https://www.example.org/family-hubs/online",
            placeholder=True,
        ),
        "contact": Starter("How families reach the family hubs team", example=NESTED),
        "coverage": Starter("Changes to the offer areas this authority must cover", example=NESTED),
    },
    Site: {
        "id": Starter("The site's id; also its file name", value=_id),
        "name": Starter("Its name as families know it", value=_name),
        "status": Starter("Whether it is open now", value="open"),
        "description": Starter(
            "What families find there, for the directory",
            example="A family hub with a garden play area and free parking.",
        ),
        "address": Starter("Where it is", value=NESTED),
        "location": Starter("Its map position (WGS84), for maps and distances", example=NESTED),
        "opening_hours": Starter("When it is open: one rule per line of hours", example=[NESTED]),
        "contact": _CONTACT,
        "accessibility": _ACCESSIBILITY,
        "languages": _LANGUAGES,
        "last_reviewed": _LAST_REVIEWED,
    },
    Branch: {
        "hub": Starter(
            "The hub this branch belongs to: a hub id of the same authority",
            value=lambda context: context.hub,
        ),
        "site_type": Starter("What kind of building it is", value="other"),
    },
    Activity: {
        "id": Starter("The activity's id; also its file name", value=_id),
        "name": Starter("Its name as families see it", value=_name),
        "description": Starter(
            "What happens, who it is for and how to join, in plain words",
            value=lambda context: f"What {context.name} offers families, and how to join.",
            placeholder=True,
        ),
        "status": Starter(
            "paused until the listing is filled in, so it counts for coverage only once it "
            "is running",
            value="paused",
            hint="running",
        ),
        "offer_areas": Starter("The offer areas it covers", value=_first_area),
        "venues": Starter(
            "Where it happens: hub or branch ids of this authority; empty only with online "
            "or telephone",
            value=lambda context: [context.venue] if context.venue else [],
            hint="[a-hub-id], the ids of the hubs or branches where it happens",
        ),
        # Written in, not commented out, when there is no venue: it is then required.
        "online": Starter(
            "Where its online sessions happen",
            value=lambda context: NOTHING if context.venue else NESTED,
            example=lambda context: NESTED if context.venue else NOTHING,
        ),
        "telephone": Starter("A phone line that offers it", example=PLACEHOLDER_PHONE),
        "audience": Starter("Who it is for", value=["families"]),
        "age_range": Starter("The ages it serves", value=NESTED),
        "cost": Starter("What it costs families: free, or a charge as below", "free", NESTED),
        "booking": Starter("How families join", value="drop-in"),
        "schedule": Starter(
            "When it runs: one rule per line of times, by-appointment, or self-paced (online, "
            "at any time)",
            value=[NESTED],
        ),
        "contact": _CONTACT,
        "delivered_by": Starter(
            "Who delivers it, when not the council itself: an NHS trust, a charity, a school",
            example=NESTED,
        ),
        "languages": _LANGUAGES,
        "accessibility": _ACCESSIBILITY,
        "valid_from": Starter("The first day it runs", example=_today),
        "valid_to": Starter(
            "The last day it runs; leave it out when there is no end", example=_today
        ),
        "last_reviewed": _LAST_REVIEWED,
    },
    Contact: {
        "phone": Starter("A UK phone number, in quotes", value=PLACEHOLDER_PHONE),
        "email": Starter("An email address", value="familyhubs@example.org", placeholder=True),
        "website": Starter(
            "A web page", value="https://www.example.org/family-hubs", placeholder=True
        ),
    },
    DeliveryPartner: {
        "name": Starter(
            "The organisation's name, as families know it",
            value="Name of the organisation",
            placeholder=True,
        ),
        "type": Starter("What kind of organisation it is", value="nhs"),
        "website": Starter("Its website", example="https://www.example.org/", placeholder=True),
    },
    Address: {
        "line1": Starter("The first line of the address", value="Street address", placeholder=True),
        "line2": Starter("A second line: the area or building", example="Area"),
        "town": Starter("The town or city", value="Town", placeholder=True),
        "postcode": Starter("The postcode, like DE1 2FS", value="GIR 0AA", placeholder=True),
    },
    Location: {
        "lat": Starter("Latitude in degrees", value=52.9225),
        "lon": Starter("Longitude in degrees; negative west of Greenwich", value=-1.4746),
    },
    Online: {
        "url": Starter(
            "The page or meeting link", value="https://www.example.org/join", placeholder=True
        )
    },
    ScheduleRule: {
        "freq": Starter("How often it repeats", value="weekly"),
        "byday": Starter(
            "Days: mon..sun for weekly; week and day for monthly, like 1tue or -1fri; none "
            "for once",
            value=["mon"],
        ),
        "date": Starter("The day of a once rule; only with freq: once", example=_today),
        "opens_at": Starter("When it starts", value="09:30"),
        "closes_at": Starter("When it ends; after opens_at", value="11:30"),
        "term_time_only": Starter("true when it stops in school holidays", value=False),
        "valid_from": Starter("The first day this rule runs", example=_today),
        "valid_to": Starter("The last day this rule runs", example=_today),
        "note": Starter("A note for families about these times", example="Not on bank holidays."),
    },
    AgeRange: {
        "min": Starter("The youngest age in years; 1.5 is 18 months", value=0),
        "max": Starter("The oldest age in years; up to 25 for SEND support", value=19),
        "antenatal": Starter("true when it also serves pregnancy", value=False),
    },
    Cost: {
        "amount": Starter("The charge in pounds", value=2.5),
        "per": Starter("What one charge pays for", value="session"),
    },
    CoveragePolicy: {
        "profile": Starter(
            "The requirement profile it is held to, from schema/requirements/ (leave it out "
            "for the taxonomy's required areas)",
            value="dfe-2025-26",
        ),
        "extra_required": Starter(
            "Offer areas this authority must cover besides the required ones", value=[]
        ),
        "requirements": Starter(
            "Local requirements, each replacing the profile's for its area", example=[NESTED]
        ),
        "waived": Starter(
            "Required areas this authority need not cover, each with its reason", value=[NESTED]
        ),
    },
    Requirement: {
        "area": Starter("The offer area required", value=_required_area),
        "level": Starter("How strongly: a gap unless go-further", value="expected"),
        "scope": Starter("Where: once across the authority, or at every hub", value="authority"),
        "modes": Starter(
            "The delivery modes that satisfy it", value=["in-person", "online", "telephone"]
        ),
        "ages": Starter("The ages it must reach, all of them (leave out: any)", example=NESTED),
        "applies_from": Starter("The first day it applies", example=_today),
        "source": Starter("The document it follows", example=NESTED),
        "illustrative": Starter(
            "true when it is your reading, not the source's words", value=False
        ),
        "note": Starter("A note for reviewers", example="Agreed with the programme board."),
    },
    SourceReference: {
        "title": Starter("The document's title", value="Local family hubs strategy"),
        "url": Starter("Where to read it", value="https://www.example.org/strategy"),
        "quote": Starter("Its own words, if it states the requirement", example="Quote."),
    },
    CoverageWaiver: {
        "area": Starter("The waived offer area", value=_required_area),
        "reason": Starter(
            "Why it is waived, for reviewers and the coverage report",
            value="Why this area is covered by another service.",
            placeholder=True,
        ),
        "hub": Starter("Only at this hub (leave out: the whole authority)", example="hub-id"),
        "expires": Starter("The last day the waiver applies", example=_today),
    },
}
# Fields whose values are offer-area ids: their comment lists the taxonomy's ids.
OFFER_AREA_FIELDS = {
    (Activity, "offer_areas"),
    (CoveragePolicy, "extra_required"),
    (CoverageWaiver, "area"),
    (Requirement, "area"),
}
