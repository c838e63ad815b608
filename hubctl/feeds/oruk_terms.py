"""Stable UUIDs, taxonomy terms and wording of the Open Referral UK view (oruk/services.json).

HSDS ids must be UUIDs, and an integrator who stores a service must find it again in
the next publish. So every id is a UUID v5 of a natural key (`"<kind>:<our id>..."`)
under one fixed namespace: the same listing gets the same UUID in every publish, and
anyone can recompute it from our ids without reading the file.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from datetime import date
from typing import Any

from hubctl.labels import BOOKING_LABELS
from hubctl.models import Accessibility, Activity, Audience, ScheduleRule
from hubctl.taxonomy import Taxonomy

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

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ORDINALS = {
    "1": "first",
    "2": "second",
    "3": "third",
    "4": "fourth",
    "5": "fifth",
    "-1": "last",
    "-2": "second to last",
    "-3": "third to last",
    "-4": "fourth to last",
    "-5": "fifth to last",
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
    variant = "89ab"[int(digest[16], 16) & 0x3]
    return f"{digest[:8]}-{digest[8:12]}-5{digest[13:16]}-{variant}{digest[17:20]}-{digest[20:32]}"


_NAMESPACE_BYTES = ORUK_NAMESPACE.bytes


@functools.lru_cache(maxsize=65536)
def shared_uuid(kind: str, *keys: str) -> str:
    """`oruk_uuid` of an object many services repeat (a taxonomy term, a site), remembered.

    Taxonomy terms and sites were 55 % of the ids an export computes; the cache holds
    every one of a national tree's.
    """
    return oruk_uuid(kind, *keys)


def taxonomy_term(vocabulary: str, code: str, name: str, description: str) -> dict[str, Any]:
    """An HSDS taxonomy_term: the same code in the same vocabulary is the same UUID."""
    return {
        "id": shared_uuid("taxonomy_term", vocabulary, code),
        "name": name,
        "description": description,
        "taxonomy": vocabulary,
        "taxonomy_id": shared_uuid("taxonomy", vocabulary),
        "term": code,
    }


def service_attributes(
    activity: Activity, taxonomy: Taxonomy, service_id: str
) -> list[dict[str, Any]]:
    """The service's HSDS attributes, each linking the service to one taxonomy term.

    In order: each offer area followed by its DfE service-directory categories (a
    category shared by two areas appears once), then audience, antenatal, booking
    and the activity's own accessibility.
    """
    terms: list[dict[str, Any]] = []
    areas = taxonomy.by_id
    for area_id in activity.offer_areas:
        area = areas[area_id]
        terms.append(taxonomy_term(OFFER_AREAS, area.id, area.label, area.description))
        for slug in area.dfe_categories:
            description = f"Category '{slug}' of the DfE family hubs service directory."
            terms.append(taxonomy_term(DFE_CATEGORIES, slug, slug, description))
    for audience in activity.audience:
        terms.append(taxonomy_term(AUDIENCE, audience, *AUDIENCE_TERMS[audience]))
    if activity.age_range.antenatal:
        terms.append(taxonomy_term(ELIGIBILITY, "antenatal", *ANTENATAL_TERM))
    booking = BOOKING_LABELS[activity.booking]
    terms.append(taxonomy_term(BOOKING, activity.booking, booking.title, booking.sentence))
    for feature in activity.accessibility:
        label = ACCESSIBILITY_LABELS[feature]
        terms.append(taxonomy_term(ACCESSIBILITY, feature, label, f"Accessibility: {label}."))
    return [_attribute(activity.id, service_id, term) for term in _first_of_each(terms)]


def _first_of_each(terms: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    unique: list[dict[str, Any]] = []
    for term in terms:
        if term["id"] not in seen:
            seen.add(term["id"])
            unique.append(term)
    return unique


def _attribute(activity_id: str, service_id: str, term: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": oruk_uuid("attribute", activity_id, term["taxonomy"], term["term"]),
        "link_id": service_id,
        # HSDS 3.0 names the linked table in link_entity (required in its tabular form).
        "link_entity": "service",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


def describe_rule(rule: ScheduleRule) -> str:
    """The rule in plain English, e.g. "Monthly on the first Tuesday, 10:00 to 11:30"."""
    times = f"{rule.opens_at} to {rule.closes_at}"
    if rule.freq == "once" and rule.date is not None:
        when = f"On {_WEEKDAYS[rule.date.weekday()]} {_long_date(rule.date)}"
    elif rule.freq == "monthly":
        days = [f"the {_ORDINALS[day[:-3]]} {_weekday_name(day[-3:])}" for day in rule.byday or []]
        when = f"Monthly on {_and_join(days)}"
    else:
        when = f"Every {_and_join([_weekday_name(day) for day in rule.byday or []])}"
    term_time = ", in term time only" if rule.term_time_only else ""
    return f"{when}, {times}{term_time}"


def _weekday_name(code: str) -> str:
    return next(name for name in _WEEKDAYS if name[:3].lower() == code)


def _long_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _and_join(words: list[str], conjunction: str = "and") -> str:
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
    how = _and_join(ways, "or")
    return f"{how[0].upper()}{how[1:]}; {BOOKING_LABELS[activity.booking].phrase}"
