"""Stable UUIDs, taxonomy terms and wording of the Open Referral UK mirror (oruk/).

HSDS ids must be UUIDs, and an integrator who stores a service must find it again in
the next publish. So every id is a UUID v5 of a natural key (`"<kind>:<our id>..."`)
under one fixed namespace: the same listing gets the same UUID in every publish, and
anyone can recompute it from our ids without reading the file.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from datetime import date

from hubctl.feeds.json_stream import EncodedObject, encoded_object
from hubctl.labels import BOOKING_LABELS, Booking
from hubctl.listing_words import DAY_NAMES, MONTH_NAMES, WEEK_WORDS
from hubctl.models import Accessibility, Activity, Audience, ScheduleRule
from hubctl.taxonomy import OfferArea, Taxonomy, dfe_category_parts

# uuid5(NAMESPACE_URL, "https://github.com/familyhubs/hubctl"), written out so that it
# can never drift: changing it would give every published object a new id.
ORUK_NAMESPACE = uuid.UUID("30e12432-8c86-5cca-be0c-e53e71fe182b")

# The vocabularies (HSDS `taxonomy`) our terms come from. Their names are part of the
# published contract: a term's UUID is derived from its vocabulary and code.
OFFER_AREAS = "hubctl-offer-areas"
DFE_CATEGORIES = "dfe-family-hubs-service-directory"
AUDIENCE = "hubctl-audience"
ELIGIBILITY = "hubctl-eligibility"
BOOKING = "hubctl-booking"
ACCESSIBILITY = "hubctl-accessibility"

# Each vocabulary as an HSDS taxonomy: its name and description.
VOCABULARIES: dict[str, tuple[str, str]] = {
    OFFER_AREAS: (
        "Family hub offer areas",
        "The offer areas of the family hubs programme that an activity covers, as hubctl's "
        "taxonomy (schema/offer-areas.yaml) names them.",
    ),
    DFE_CATEGORIES: (
        "DfE family hubs service directory categories",
        "The categories of the Department for Education's family hubs service directory "
        "that the offer areas map to.",
    ),
    AUDIENCE: ("Audience", "Who an activity is for."),
    ELIGIBILITY: ("Eligibility", "Who can take part, beyond the age range."),
    BOOKING: ("Booking", "Whether a place must be booked."),
    ACCESSIBILITY: ("Accessibility", "The accessibility of the activity itself."),
}

AUDIENCE_TERMS: dict[Audience, tuple[str, str]] = {
    "parents-to-be": ("Parents-to-be", "People expecting a baby, and their partners."),
    "parents": ("Parents", "Mothers, fathers and other parents."),
    "carers": ("Carers", "Grandparents, foster and kinship carers and others raising a child."),
    "dads": ("Dads", "Fathers, step-fathers and male carers."),
    "children": ("Children", "Children take part themselves."),
    "young-people": ("Young people", "Young people take part themselves."),
    "families": ("Families", "The whole family together."),
}
ANTENATAL_TERM = ("Antenatal", "Serves families during pregnancy, before the baby is born.")
# Also the text of a location's HSDS accessibility entries.
ACCESSIBILITY_LABELS: dict[Accessibility, str] = {
    "step-free-access": "Step-free access",
    "accessible-toilet": "Accessible toilet",
    "baby-changing": "Baby changing facilities",
    "hearing-loop": "Hearing loop",
    "parking": "Parking",
    "pushchair-storage": "Pushchair storage",
    "quiet-space": "Quiet space",
    "bsl-available": "British Sign Language (BSL) available",
}


def oruk_uuid(kind: str, *keys: str) -> str:
    """The UUID of one HSDS object: uuid5(ORUK_NAMESPACE, "<kind>:<key>:<key>...").

    `kind` names the HSDS object (service, location, schedule ...) and `keys` are our
    ids and positions that identify it. Slugs hold no colon, so two different keys
    never join to the same text.
    """
    # uuid.uuid5 itself, unrolled: building UUID objects took a third of a national
    # Open Referral export (400,000 ids per 10,000 activities). A test checks it
    # against uuid.uuid5.
    name = ":".join((kind, *keys)).encode("utf-8")
    digest = hashlib.sha1(_NAMESPACE_BYTES + name, usedforsecurity=False).hexdigest()
    # Version 5 in the 13th hex digit; RFC 4122's variant (10xx) in the 17th.
    return (
        f"{digest[:8]}-{digest[8:12]}-5{digest[13:16]}-"
        f"{_VARIANT[digest[16]]}{digest[17:20]}-{digest[20:32]}"
    )


_NAMESPACE_BYTES = ORUK_NAMESPACE.bytes
# The 17th hex digit of a UUID with RFC 4122's variant, by that digit of the hash.
_VARIANT = {digit: "89ab"[int(digit, 16) & 0x3] for digit in "0123456789abcdef"}


def taxonomy_term(vocabulary: str, code: str, name: str, description: str) -> EncodedObject:
    """An HSDS taxonomy_term: the same code in the same vocabulary is the same UUID."""
    return encoded_object(
        {
            "id": oruk_uuid("taxonomy_term", vocabulary, code),
            "name": name,
            "description": description,
            "taxonomy": vocabulary,
            "taxonomy_id": oruk_uuid("taxonomy", vocabulary),
            "term": code,
        }
    )


class ServiceTerms:
    """The taxonomy terms of the services of one export, each made and encoded once.

    A term is the same object in every service that carries it: of a national
    export's 800,000 terms, a few dozen are different.
    """

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._dfe_slugs = dfe_slugs_by_area(taxonomy)
        self._terms: dict[tuple[str, str], EncodedObject] = {}

    def of(self, activity: Activity) -> list[EncodedObject]:
        """The activity's terms, in `service_attributes` order, each term once.

        A DfE category shared by two offer areas is one term, where it first appears.
        """
        unique: dict[tuple[str, str], EncodedObject] = {}
        for vocabulary, code, name, description in _term_texts(
            activity, self.taxonomy, self._dfe_slugs
        ):
            key = (vocabulary, code)
            if key not in unique:
                term = self._terms.get(key)
                if term is None:
                    term = self._terms[key] = taxonomy_term(vocabulary, code, name, description)
                unique[key] = term
        return list(unique.values())


# One term's text: (vocabulary, code, name, description).
TermText = tuple[str, str, str, str]


def dfe_slugs_by_area(taxonomy: Taxonomy) -> dict[str, list[str]]:
    """The DfE category slugs each area's services carry, by area id.

    Each of the area's `dfe_categories` as its slug, but for one under a parent
    (`send/early-years`) whose slug an earlier area takes under another parent (or none):
    the DfE vocabulary is flat, a term per slug with no parent, so each slug keeps the
    meaning of the first area that takes it (`early-years` is early-language's).
    """
    first_parent: dict[str, str | None] = {}
    slugs: dict[str, list[str]] = {}
    for area in taxonomy.areas:
        slugs[area.id] = []
        for category in area.dfe_categories:
            parent, slug = dfe_category_parts(category)
            if first_parent.setdefault(slug, parent) == parent:
                slugs[area.id].append(slug)
    return slugs


def _term_texts(
    activity: Activity, taxonomy: Taxonomy, dfe_slugs: dict[str, list[str]]
) -> Iterator[TermText]:
    """(vocabulary, code, name, description) of each of the activity's terms, repeats kept.

    In order: each offer area followed by its DfE service-directory categories
    (`dfe_slugs_by_area`), then audience, antenatal, booking and the activity's own
    accessibility.
    """
    areas = taxonomy.by_id
    for area_id in activity.offer_areas:
        yield _area_term(areas[area_id])
        for slug in dfe_slugs[area_id]:
            yield _dfe_term(slug)
    for audience in activity.audience:
        yield _audience_term(audience)
    if activity.age_range.antenatal:
        yield (ELIGIBILITY, "antenatal", *ANTENATAL_TERM)
    yield _booking_term(activity.booking)
    for feature in activity.accessibility:
        yield _accessibility_term(feature)


def vocabulary_terms(taxonomy: Taxonomy) -> dict[str, list[EncodedObject]]:
    """Every term any service of this taxonomy can carry, by vocabulary (VOCABULARIES order).

    Each vocabulary whole, used or not: the offer areas and DfE categories in taxonomy
    order, the others in hubctl's order. The same objects as services carry.
    """
    by_area = dfe_slugs_by_area(taxonomy)
    dfe_slugs = dict.fromkeys(slug for slugs in by_area.values() for slug in slugs)
    texts: list[TermText] = [_area_term(area) for area in taxonomy.areas]
    texts += [_dfe_term(slug) for slug in dfe_slugs]
    texts += [_audience_term(audience) for audience in AUDIENCE_TERMS]
    texts.append((ELIGIBILITY, "antenatal", *ANTENATAL_TERM))
    texts += [_booking_term(booking) for booking in BOOKING_LABELS]
    texts += [_accessibility_term(feature) for feature in ACCESSIBILITY_LABELS]
    terms: dict[str, list[EncodedObject]] = {vocabulary: [] for vocabulary in VOCABULARIES}
    for text in texts:
        terms[text[0]].append(taxonomy_term(*text))
    return terms


def _area_term(area: OfferArea) -> TermText:
    return OFFER_AREAS, area.id, area.label, area.description


def _dfe_term(slug: str) -> TermText:
    return (
        DFE_CATEGORIES,
        slug,
        slug,
        f"Category '{slug}' of the DfE family hubs service directory.",
    )


def _audience_term(audience: Audience) -> TermText:
    return (AUDIENCE, audience, *AUDIENCE_TERMS[audience])


def _booking_term(booking: Booking) -> TermText:
    label = BOOKING_LABELS[booking]
    return BOOKING, booking, label.title, label.sentence


def _accessibility_term(feature: Accessibility) -> TermText:
    label = ACCESSIBILITY_LABELS[feature]
    return ACCESSIBILITY, feature, label, f"Accessibility: {label}."


def service_attributes(
    activity: Activity, terms: list[EncodedObject], service_id: str
) -> list[EncodedObject]:
    """The service's HSDS attributes, each linking the service to one of `terms`.

    `terms` are the activity's, from `ServiceTerms.of`: each offer area followed by
    its DfE service-directory categories (a category shared by two areas appears
    once), then audience, antenatal, booking and the activity's own accessibility.
    """
    return [_attribute(activity.id, service_id, term) for term in terms]


def _attribute(activity_id: str, service_id: str, term: EncodedObject) -> EncodedObject:
    attribute_id = oruk_uuid("attribute", activity_id, term["taxonomy"], term["term"])
    members = {
        "id": attribute_id,
        "link_id": service_id,
        # HSDS 3.0 names the linked table in link_entity (required in its tabular form).
        "link_entity": "service",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }
    # Written by hand, 160,000 times per 20,000 activities: ids need no JSON escaping.
    text = (
        f'{{"id":"{attribute_id}","link_id":"{service_id}","link_entity":"service",'
        f'"taxonomy_term_id":"{term["id"]}","taxonomy_term":{term.text}}}'
    )
    return encoded_object(members, text)


def describe_rule(rule: ScheduleRule) -> str:
    """The rule in plain English, e.g. "Monthly on the first Tuesday, 10:00 to 11:30"."""
    times = f"{rule.opens_at} to {rule.closes_at}"
    if rule.freq == "once" and rule.date is not None:
        when = f"On {DAY_NAMES[rule.date.weekday()]} {_long_date(rule.date)}"
    elif rule.freq == "monthly":
        days = [
            f"the {WEEK_WORDS[int(day[:-3])]} {_weekday_name(day[-3:])}" for day in rule.byday or []
        ]
        when = f"Monthly on {and_join(days)}"
    else:
        when = f"Every {and_join([_weekday_name(day) for day in rule.byday or []])}"
    term_time = ", in term time only" if rule.term_time_only else ""
    return f"{when}, {times}{term_time}"


def _weekday_name(code: str) -> str:
    return _WEEKDAY_BY_CODE[code]


_WEEKDAY_BY_CODE = {name[:3].lower(): name for name in DAY_NAMES}


def _long_date(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def and_join(words: list[str], conjunction: str = "and") -> str:
    """Words as a sentence lists them: "a", "a and b", "a, b and c"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def attending_type(activity: Activity) -> str:
    """How to attend, for HSDS schedule.attending_type: "In person or online; drop in ..."."""
    ways = [
        way
        for way, offered in (
            ("in person", bool(activity.venues)),
            ("online", activity.online is not None),
            ("by telephone", activity.telephone is not None),
        )
        if offered
    ]
    how = and_join(ways, "or")
    return f"{how[0].upper()}{how[1:]}; {BOOKING_LABELS[activity.booking].phrase}"
