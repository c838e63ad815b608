"""An HSDS service -> the fields of an activity listing.

Where each value goes (README: Importing an existing directory): name, description;
status (active -> running, inactive and temporarily closed -> paused, defunct -> ended);
taxonomy terms -> offer areas, audience, booking, accessibility, antenatal
(`hubctl.oruk_import.terms`); the physical locations it is held at -> venues, a virtual
location's url -> online; minimum_age and maximum_age -> age_range; the first cost
option -> cost; schedules -> the schedule (`hubctl.oruk_import.schedules`); email, url
and the contacts' phones -> contact, a "Telephone helpline" contact -> telephone;
languages; assured_date -> last_reviewed. A required value the source lacks is written
with the value `hubctl new` would write and noted for review: an activity with no offer
area it could map gets the taxonomy's first and is `paused`, so it never counts towards
coverage until the steward sets its areas and makes it `running`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from hubctl.feeds.oruk import STATUS_BY_ACTIVITY_STATUS
from hubctl.field_types import AgeRange
from hubctl.labels import BOOKING_LABELS
from hubctl.oruk_import.notes import RecordNotes
from hubctl.oruk_import.schedules import read_schedules
from hubctl.oruk_import.sites import clean_phone, is_physical, location_key
from hubctl.oruk_import.terms import TermIndex, read_terms
from hubctl.oruk_import.values import SourceObject
from hubctl.starter_templates import starter_for
from hubctl.taxonomy import Taxonomy

_STATUS: dict[str, str] = {oruk: ours for ours, oruk in STATUS_BY_ACTIVITY_STATUS.items()} | {
    "inactive": "paused"
}
_BOOKING_BY_PHRASE = {label.phrase: code for code, label in BOOKING_LABELS.items()}
# The contact names and phone descriptions the publish writes (hubctl.feeds.oruk).
HELPLINE = "Telephone helpline"
_OWN_CONTACT_NAMES = (HELPLINE, "Enquiries")
_OWN_PHONE_WORDS = ("Support given by phone", "Enquiries")
_ISO_DAY = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ].*)?$")
_PER = ("session", "course", "month")
OLDEST = 25


@dataclass(frozen=True)
class ServiceContext:
    """What mapping a service needs beyond the service itself."""

    taxonomy: Taxonomy
    today: str  # the import's date: last_reviewed where the source has none
    sites: dict[str, str]  # location key -> the id of the site written for it
    authority_name: str
    ons_code: str | None
    organization_website: str | None
    organization_email: str | None
    # The source's taxonomy terms by id, where a term's parent is found.
    source_terms: TermIndex = field(default_factory=dict)


def activity_fields(
    service: SourceObject, activity_id: str, name: str, context: ServiceContext
) -> dict[str, Any]:
    """The activity's fields, in the model's order; gaps noted on the service's record."""
    notes = service.notes
    service.consume("id", "organization_id", "organization", "name")
    terms = read_terms(service.objects("attributes"), context.taxonomy, notes, context.source_terms)
    fields: dict[str, Any] = {"id": activity_id, "name": name}
    description = service.text("description")
    if description:
        fields["description"] = description
    fields["status"] = _status(service)
    if terms.offer_areas:
        fields["offer_areas"] = terms.offer_areas
    else:
        first = context.taxonomy.areas[0].id
        fields["offer_areas"] = [first]
        fields["status"] = "paused"
        notes.review(
            "offer_areas",
            f"written as [{first}] and the status as paused: no taxonomy term maps to an "
            "offer area; set its areas, then make it running",
        )
    places = _places(service, context)
    fields["venues"] = places.venues
    if places.online:
        fields["online"] = {"url": places.online}
    ways = _ways_in_touch(service, places.online, context)
    if ways.telephone:
        fields["telephone"] = ways.telephone
    fields["audience"] = terms.audience or ["families"]
    if not terms.audience:
        notes.review("audience", "written as [families]: the source does not say who it is for")
    fields["age_range"] = _ages(service, terms.antenatal)
    fields["cost"] = _cost(service)
    schedules = read_schedules(service.objects("schedules") + places.schedules)
    fields["booking"] = _booking(terms.booking, schedules.attending_types, notes)
    fields["schedule"] = _schedule(schedules, notes)
    if fields["schedule"] == "self-paced":
        _self_paced_online(fields, schedules.link, notes)
    if ways.contact:
        fields["contact"] = ways.contact
    languages = _languages(service)
    if languages:
        fields["languages"] = languages
    if terms.accessibility:
        fields["accessibility"] = terms.accessibility
    if isinstance(fields["schedule"], str):  # by-appointment, self-paced
        for key, value in (("valid_from", schedules.valid_from), ("valid_to", schedules.valid_to)):
            if value:
                fields[key] = value
    fields["last_reviewed"] = _last_reviewed(service, context.today)
    _note_derived(service, context)
    return fields


def _status(service: SourceObject) -> str:
    status = service.line("status")
    ours = _STATUS.get((status or "").lower())
    if ours is None:
        service.notes.review(
            "status",
            f"written as paused: the status '{status}' is none of active, inactive, "
            "temporarily closed or defunct"
            if status
            else "written as paused: it has no status",
        )
        return "paused"
    return ours


@dataclass
class _Places:
    venues: list[str]
    online: str | None
    schedules: list[SourceObject]


def _places(service: SourceObject, context: ServiceContext) -> _Places:
    places = _Places([], None, [])
    links = service.objects("service_at_locations")
    for index, link in enumerate(links):
        link.consume("id", "service_id", "location_id", "location")
        places.schedules += link.objects("schedules")
        data = link.data.get("location")
        if not isinstance(data, dict):
            link.notes.not_kept(link.path, "it names no location")
            continue
        if is_physical(data):
            key = location_key(data, f"{service.notes.origin}, service_at_locations[{index}]")
            site = context.sites.get(key)
            if site is None:
                link.notes.not_kept(
                    link.where("location"), "its site was not written (see the location's notes)"
                )
            elif site not in places.venues:
                places.venues.append(site)
        elif str(data.get("location_type")).strip().lower() == "postal":
            link.notes.not_kept(link.where("location"), "a postal address is not a venue")
        else:
            _online(SourceObject(data, link.where("location"), service.notes), places)
    if len(places.venues) > 1 and places.schedules:
        service.notes.review(
            "schedule",
            "the source gives times at one location; a rule holds at every venue: check them",
        )
    return places


def _online(location: SourceObject, places: _Places) -> None:
    location.consume("id", "location_type", "addresses", "accessibility")
    url = location.text("url")
    name, description = location.line("name"), location.text("description")
    if url and places.online is None:
        places.online = url
        generated = name == "Online" and (description or "").endswith(f", online at {url}")
        if not generated:  # the publish writes this name and description
            for key, value in (("name", name), ("description", description)):
                if value:
                    location.notes.not_kept(
                        location.where(key), f"'{value}': an activity's online way in is its url"
                    )
    elif url:
        location.notes.not_kept(location.where("url"), f"'{url}': an activity has one online url")
    else:
        location.notes.not_kept(location.path, "a virtual location with no url to attend at")
        location.consume(*location.data)


@dataclass
class _Ways:
    telephone: str | None
    contact: dict[str, str]


def _ways_in_touch(service: SourceObject, online: str | None, context: ServiceContext) -> _Ways:
    telephone: str | None = None
    phones: list[tuple[SourceObject, str]] = []
    emails: list[tuple[SourceObject, str]] = []
    email = service.text("email")
    if email:
        emails.append((service, email))
    for person in service.objects("contacts"):
        person.consume("id", "service_id", "service_at_location_id", "location_id")
        name = person.line("name")
        if name is not None and name not in _OWN_CONTACT_NAMES:
            person.used.discard("name")  # a person: noted as not kept
        found = person.text("email")
        if found:
            emails.append((person, found))
        for phone in person.objects("phones"):
            number = _phone_number(phone)
            if number is None:
                continue
            helpline = name == HELPLINE or phone.data.get("description") == _OWN_PHONE_WORDS[0]
            if helpline and telephone is None:
                telephone = number
            else:
                phones.append((phone, number))
    for phone in service.objects("phones"):
        number = _phone_number(phone)
        if number is not None:
            phones.append((phone, number))
    contact: dict[str, str] = {}
    if phones:
        contact["phone"] = phones[0][1]
    for source, number in phones[1:]:
        if number != contact["phone"]:
            source.notes.not_kept(
                source.where("number"),
                f"'{number}': a listing keeps one phone number besides a helpline",
            )
    if emails:
        contact["email"] = emails[0][1]
    for source, other in emails[1:]:
        if other != contact["email"]:
            source.notes.not_kept(source.where("email"), f"'{other}': a listing keeps one email")
    url = service.text("url")
    if url and url not in (online, context.organization_website):
        contact["website"] = url
    return _Ways(telephone, contact)


def _phone_number(phone: SourceObject) -> str | None:
    phone.consume("id", "contact_id", "service_id", "location_id", "organization_id")
    kind = phone.text("type")
    if kind in (None, "voice"):
        phone.consume("type")
    else:
        phone.used.discard("type")
    words = phone.text("description")
    if words is None or words in _OWN_PHONE_WORDS:
        phone.consume("description")
    else:
        phone.used.discard("description")
    number = phone.text("number")
    return clean_phone(number) if number else None


def _ages(service: SourceObject, antenatal: bool) -> dict[str, Any]:
    ages: dict[str, Any] = {}
    for ours, theirs in (("min", "minimum_age"), ("max", "maximum_age")):
        value = service.number(theirs)
        default = starter_for(AgeRange, ours).value
        if value is None:
            value = default if ours == "min" or ages.get("min", 0) <= default else OLDEST
            service.notes.review(f"age_range.{ours}", f"written as {value:g}: no {theirs}")
        elif not 0 <= value <= OLDEST:
            clipped = min(max(value, 0), OLDEST)
            service.notes.review(
                f"age_range.{ours}",
                f"written as {clipped:g}: {theirs} {value:g} is outside the 0 to {OLDEST} a "
                "listing takes",
            )
            value = clipped
        ages[ours] = int(value) if float(value).is_integer() else value
    if ages["max"] < ages["min"]:
        service.notes.review("age_range", "min and max swapped: maximum_age was below minimum_age")
        ages["min"], ages["max"] = ages["max"], ages["min"]
    if antenatal:
        ages["antenatal"] = True
    return ages


def _cost(service: SourceObject) -> Any:
    options = service.objects("cost_options")
    if not options:
        service.notes.review("cost", "written as free: the source gives no cost option")
        return "free"
    first = options[0]
    for extra in options[1:]:
        extra.notes.not_kept(extra.path, "a listing has one cost: the first option was read")
        extra.consume(*extra.data)
    first.consume("id", "service_id")
    currency = first.text("currency")
    if currency not in (None, "GBP"):
        first.notes.review("cost", f"the amount is in {currency}; a listing's cost is in pounds")
    amount = first.number("amount")
    words = first.line("amount_description") or ""
    if amount == 0 or (amount is None and words.lower() == "free"):
        if words not in ("", "Free"):
            first.used.discard("amount_description")
        return "free"
    if amount is None or amount < 0:
        service.notes.review("cost", "written as free: its cost option has no amount")
        first.used.discard("amount_description")
        return "free"
    per = next((word for word in _PER if word in words.lower()), None)
    if per is None:
        per = "session"
        first.notes.review(
            "cost.per",
            f"written as session: '{words}' says none of session, course or month"
            if words
            else "written as session: not said",
        )
    elif words != f"per {per}":
        first.notes.not_kept(first.where("amount_description"), f"'{words}' read as per {per}")
    return {"amount": int(amount) if amount.is_integer() else amount, "per": per}


def _booking(booking: list[str], attending: list[tuple[str, str]], notes: RecordNotes) -> str:
    from_text = []
    for place, text in attending:
        code = _BOOKING_BY_PHRASE.get(text.rpartition("; ")[2])
        if code is None:
            notes.not_kept(
                place, f"'{text}': how to attend is said by venues, online, telephone and booking"
            )
        elif code not in from_text:
            from_text.append(code)
    chosen = booking or from_text
    if not chosen:
        notes.review("booking", "written as drop-in: the source does not say how to join")
        return "drop-in"
    if len(chosen) > 1:
        notes.review("booking", f"written as {chosen[0]}: the source also says {chosen[1]}")
    return chosen[0]


def _schedule(schedules: Any, notes: RecordNotes) -> Any:
    if schedules.rules:
        if schedules.word:
            said = "By appointment" if schedules.by_appointment else "Self-paced"
            notes.not_kept("schedules", f"'{said}' beside times: the times were read")
        return schedules.rules
    if not schedules.word:
        notes.review("schedule", "written as by-appointment: no schedule could be read as a rule")
    return schedules.word or "by-appointment"


def _self_paced_online(fields: dict[str, Any], link: str | None, notes: RecordNotes) -> None:
    """A self-paced activity is taken online: at its virtual location, else at the link
    its schedule gives; with neither, it is by appointment (HUB115 otherwise)."""
    online = (fields.get("online") or {}).get("url")
    if online is None and link:
        fields["online"] = {"url": link}
    elif online is None:
        fields["schedule"] = "by-appointment"
        notes.review(
            "schedule",
            "written as by-appointment: the source says self-paced but gives no online "
            "link to take it at",
        )
    elif link and link != online:
        notes.not_kept(
            "schedules", f"'{link}': the schedule's link differs from its online one, kept"
        )


def _languages(service: SourceObject) -> list[str]:
    codes: list[str] = []
    for language in service.objects("languages"):
        language.consume("id", "service_id")
        code = language.text("code")
        if code is None:
            language.notes.not_kept(language.path, "a language with no code (like en or pl)")
            language.consume(*language.data)
        elif code not in codes:
            codes.append(code)
    return codes


def _last_reviewed(service: SourceObject, today: str) -> str:
    for key in ("assured_date", "last_modified"):
        value = service.text(key)
        match = _ISO_DAY.fullmatch(value or "")
        if match:
            if key != "assured_date":
                service.notes.review("last_reviewed", f"from {key}: it has no assured_date")
            return match.group(1)
        if value:
            service.notes.not_kept(key, f"'{value}' is not a date")
    service.notes.review("last_reviewed", f"written as {today}, the import's date: no assured_date")
    return today


def _note_derived(service: SourceObject, context: ServiceContext) -> None:
    """Values the publish derives from the authority: read when they say what it would."""
    assurer = service.text("assurer_email")
    if assurer is not None and assurer != context.organization_email:
        service.used.discard("assurer_email")
    for area in service.objects("service_areas"):
        area.consume("id", "service_id")
        own_name = area.line("name") == f"{context.authority_name} area"
        uri = area.text("uri") or ""
        if not (own_name and context.ons_code and uri.endswith(f"/{context.ons_code}")):
            area.used.difference_update(("name", "uri"))
