"""HSDS locations -> hubs and branches.

Every physical location a service is held at (and, from tables, every location row) is
one site, read once however many services name it. Which are hubs (README: Importing an
existing directory):
- with `--hubs`, exactly the locations it names (by id, external identifier or name);
- else each location whose name says "family hub"; if none does, the first location.
Every other location is a branch of the nearest hub (by latitude and longitude), or of
the first hub when either has no position; its site_type comes from words in its name
(library, children's or family centre, health centre or clinic, school, community centre
or hall),
else `other`. Each such choice is noted for review. Sites are `status: open` (a feed
lists only open sites) and `last_reviewed` the import's date, as HSDS locations carry
no review date.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from hubctl.feeds.oruk_terms import ACCESSIBILITY_LABELS
from hubctl.oruk_import.json_input import SourceService
from hubctl.oruk_import.notes import ImportNotes, RecordNotes
from hubctl.oruk_import.schedules import read_schedules
from hubctl.oruk_import.values import SourceObject, one_line
from hubctl.value_limits import SLUG_PATTERN

# The publish's own identifier of a site (hubctl.feeds.oruk): the id comes back.
HUBCTL_SITE_ID = "hubctl site id"
_HUB_NAME = re.compile(r"family[\s-]+hub", re.IGNORECASE)
_SITE_TYPES = (
    (
        "childrens-centre",
        ("children's centre", "childrens centre", "children centre", "children's center"),
    ),
    ("library", ("library",)),
    ("health-centre", ("health centre", "health center", "clinic", "surgery", "medical centre")),
    ("school", ("school", "academy")),
    (
        "community-venue",
        ("community centre", "community center", "community hall", "hall", "church"),
    ),
)
_ACCESSIBILITY_BY_LABEL = {label.lower(): code for code, label in ACCESSIBILITY_LABELS.items()}
_COUNTRIES = ("gb", "uk", "united kingdom", "england")
_SLUG = re.compile(SLUG_PATTERN)


@dataclass
class Location:
    """A physical location of the source: its record's notes, and how the import sees it."""

    key: str  # its id in the source (or, lacking one, where it was)
    data: dict[str, Any]
    notes: RecordNotes
    name: str
    external_id: str | None
    point: tuple[float, float] | None
    hub: bool = False
    site_id: str = ""
    hub_id: str = ""  # a branch's hub
    services: list[str] = field(default_factory=list)


def location_key(data: dict[str, Any], fallback: str) -> str:
    """How a location is matched across services: its id, else where it was found."""
    value = data.get("id")
    if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
        return str(value).strip()
    return fallback


def is_physical(data: dict[str, Any]) -> bool:
    """Whether a location is somewhere to go (not `virtual`, not only a `postal` address)."""
    kind = data.get("location_type")
    return not isinstance(kind, str) or kind.strip().lower() not in ("virtual", "postal")


def collect_locations(
    services: Iterable[SourceService], lone: Iterable[SourceService], notes: ImportNotes
) -> dict[str, Location]:
    """Every physical location, by key, in the order first met (services first)."""
    found: dict[str, Location] = {}
    for service in services:
        links = service.data.get("service_at_locations")
        for index, link in enumerate(links if isinstance(links, list) else []):
            data = link.get("location") if isinstance(link, dict) else None
            if isinstance(data, dict) and is_physical(data):
                origin = f"{service.origin}, service_at_locations[{index}]"
                _add(found, data, origin, notes)
    for location in lone:
        if is_physical(location.data):
            _add(found, location.data, location.origin, notes)
    return found


def _add(found: dict[str, Location], data: dict[str, Any], origin: str, notes: ImportNotes) -> None:
    key = location_key(data, origin)
    if key in found:
        if data != found[key].data:
            found[key].notes.not_kept(
                "", f"it appears again with other details at {origin}; the first was read"
            )
        return
    name = data.get("name")
    shown_name = one_line(name) if isinstance(name, str) else ""
    record = notes.record("location", key, shown_name, origin)
    external = None
    if data.get("external_identifier_type") == HUBCTL_SITE_ID:
        value = data.get("external_identifier")
        if isinstance(value, str) and _SLUG.fullmatch(value) and len(value) <= 80:
            external = value
    found[key] = Location(key, data, record, shown_name, external, _point(data))


def _point(data: dict[str, Any]) -> tuple[float, float] | None:
    lat, lon = data.get("latitude"), data.get("longitude")
    try:
        point = (float(lat), float(lon))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return point if all(math.isfinite(value) for value in point) else None


def choose_hubs(locations: list[Location], named: list[str]) -> list[str]:
    """Mark which locations are hubs; return the `named` entries that match none.

    `named` (from --hubs) are location ids, external identifiers or names; empty means
    the name rule (see the module).
    """
    unmatched = []
    if named:
        for wanted in named:
            matches = [loc for loc in locations if _names(loc, wanted)]
            for location in matches:
                location.hub = True
                location.notes.review("kind", "a hub, as --hubs names it")
            if not matches:
                unmatched.append(wanted)
        return unmatched
    for location in locations:
        if _HUB_NAME.search(location.name):
            location.hub = True
    if locations and not any(location.hub for location in locations):
        first = locations[0]
        first.hub = True
        first.notes.review(
            "kind",
            "a hub, as no location's name says 'family hub' and this one came first; name "
            "the hubs with --hubs if others are",
        )
    return unmatched


def _names(location: Location, wanted: str) -> bool:
    folded = " ".join(wanted.split()).casefold()
    return folded in (
        location.key.casefold(),
        (location.external_id or "").casefold(),
        location.name.casefold(),
    )


def assign_branches(locations: list[Location]) -> None:
    """Give each branch its hub: the nearest, else the first (noted for review)."""
    hubs = [location for location in locations if location.hub]
    for location in locations:
        if location.hub or not hubs:
            continue
        placed = [hub for hub in hubs if hub.point is not None]
        if location.point is not None and placed:
            nearest = min(placed, key=lambda hub: _distance(location.point, hub.point))
            location.hub_id = nearest.site_id
            why = "the nearest hub"
        else:
            location.hub_id = hubs[0].site_id
            why = "the first hub (this site or the hubs have no position)"
        location.notes.review(
            "hub", f"a branch of {location.hub_id}, {why}; Open Referral does not say which hub"
        )


def _distance(first: Any, second: Any) -> float:
    """Kilometres between two (lat, lon) points, near enough to compare."""
    lat = math.radians((first[0] + second[0]) / 2)
    north = math.radians(first[0] - second[0])
    east = math.radians(first[1] - second[1]) * math.cos(lat)
    return 6371.0 * math.hypot(north, east)


def site_type(name: str) -> str | None:
    """The site_type a branch's name says (`Allenton Children's Centre`), or None."""
    folded = name.casefold().replace("’", "'")
    for kind, words in _SITE_TYPES:
        if any(word in folded for word in words):
            return kind
    return None


def site_fields(location: Location, last_reviewed: str) -> dict[str, Any]:
    """A location as the fields of a hub or branch listing, in the model's order."""
    source = SourceObject(location.data, "", location.notes)
    source.consume("id", "location_type")
    if location.external_id is not None:  # the id it came with, as the site's id
        source.consume("external_identifier", "external_identifier_type")
    fields: dict[str, Any] = {"id": location.site_id, "name": location.name, "status": "open"}
    source.consume("name")
    if not location.hub:
        fields["hub"] = location.hub_id
        kind = site_type(location.name)
        fields["site_type"] = kind or "other"
        if kind is None:
            location.notes.review("site_type", "other: its name does not say what kind of site")
    description = source.text("description")
    if description:
        fields["description"] = description
    fields["address"] = _address(source)
    latitude, longitude = source.number("latitude"), source.number("longitude")
    if latitude is not None and longitude is not None:
        fields["location"] = {"lat": latitude, "lon": longitude}
    elif latitude is not None or longitude is not None:
        location.notes.not_kept("latitude", "a position needs both latitude and longitude")
    hours = read_schedules(source.objects("schedules"))
    if hours.rules:
        fields["opening_hours"] = hours.rules
    if hours.word:
        location.notes.not_kept(
            "schedules", f"a site's opening hours cannot be {hours.word.replace('-', ' ')}"
        )
    phones = [phone for phone in source.objects("phones") if phone.text("number")]
    if phones:
        fields["contact"] = {"phone": clean_phone(phones[0].text("number") or "")}
        for phone in phones:
            phone.consume("id", "location_id", "type", "description")
        for extra in phones[1:]:
            extra.notes.not_kept(extra.where("number"), "a site keeps one phone number")
    features = _accessibility(source)
    if features:
        fields["accessibility"] = features
    languages = [
        code for code in (lang.text("code") for lang in source.objects("languages")) if code
    ]
    if languages:
        fields["languages"] = languages
    fields["last_reviewed"] = last_reviewed
    return fields


def _address(source: SourceObject) -> dict[str, Any]:
    addresses = source.objects("addresses")
    physical = [a for a in addresses if (a.text("address_type") or "physical") == "physical"]
    candidates = physical or addresses
    if not candidates:
        source.notes.review("address", "the location has no address: placeholders written")
        return {}
    chosen = candidates[0]
    for other in addresses:
        if other is not chosen:
            other.notes.not_kept(other.path, "a site keeps one address")
            other.consume(*other.data)
    chosen.consume("id", "location_id")
    address_type = chosen.text("address_type")
    if address_type not in (None, "physical"):
        chosen.notes.review(
            "address", f"taken from a '{address_type}' address: check it is where the site is"
        )
    for key in ("country", "state_province"):
        value = chosen.text(key)
        if value is not None and value.casefold() in _COUNTRIES:
            continue  # what the publish writes for every site
        if value is not None:
            chosen.used.discard(key)
    fields: dict[str, Any] = {}
    for ours, theirs in (
        ("line1", "address_1"),
        ("line2", "address_2"),
        ("town", "city"),
        ("postcode", "postal_code"),
    ):
        value = chosen.line(theirs)
        if value:
            fields[ours] = value
    return fields


def _accessibility(source: SourceObject) -> list[str]:
    features: list[str] = []
    for entry in source.objects("accessibility"):
        entry.consume("id", "location_id")
        text = entry.line("description") or entry.line("accessibility")
        entry.consume("accessibility")
        code = _ACCESSIBILITY_BY_LABEL.get((text or "").casefold())
        if code is None:
            if text:
                entry.notes.not_kept(
                    entry.where("description"),
                    f"'{text}' is none of the accessibility features a listing names "
                    f"({', '.join(ACCESSIBILITY_LABELS)})",
                )
            continue
        if code not in features:
            features.append(code)
    return features


def clean_phone(number: str) -> str:
    """A phone number without the quotes or leading apostrophe spreadsheets add."""
    return number.strip().strip('"').lstrip("'").strip()
