"""The commented starter file of each listing kind, built from the pydantic models.

`render_starter` walks the model's fields in order, so a field added to a model without a
starter here fails every `hubctl new` (and its tests) instead of drifting out of the
templates. What each field holds is said here in words; what it takes (enums, patterns,
ranges, defaults) is read from the model's JSON Schema, and offer-area ids from the
taxonomy, so the comments say what `validate` accepts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml
from pydantic import BaseModel

from hubctl.models import (
    MODEL_BY_KIND,
    Activity,
    Address,
    AgeRange,
    Authority,
    Branch,
    Contact,
    Cost,
    CoveragePolicy,
    CoverageWaiver,
    Location,
    Online,
    ScheduleRule,
    Site,
    _parts,
)
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
_NOTHING = object()
Value = Any  # a plain value, NESTED, [NESTED] or a function of the StarterContext


@dataclass(frozen=True)
class Starter:
    """What the template writes for one field.

    `value` is written as it is; `example` is shown commented out, after `value` if
    there is one (an optional field, or the other form a field may take).
    """

    help: str
    value: Value = _NOTHING
    example: Value = _NOTHING


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
            "Its ONS code from the ONS register; Derby's is E06000015", value="E00000000"
        ),
        "website": Starter(
            "The family hubs page on the council's website",
            value="https://www.example.org/family-hubs",
        ),
        "virtual_hub_url": Starter(
            "The virtual family hub: the online offer's page",
            example="https://www.example.org/family-hubs/online",
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
        ),
        "status": Starter(
            "paused until the listing is filled in, so it counts for coverage only once it "
            "is running",
            value="paused",
        ),
        "offer_areas": Starter("The offer areas it covers", value=_first_area),
        "venues": Starter(
            "Where it happens: hub or branch ids of this authority; empty only with online "
            "or telephone",
            value=lambda context: [context.venue],
        ),
        "online": Starter("Where its online sessions happen", example=NESTED),
        "telephone": Starter("A phone line that offers it", example=PLACEHOLDER_PHONE),
        "audience": Starter("Who it is for", value=["families"]),
        "age_range": Starter("The ages it serves", value=NESTED),
        "cost": Starter("What it costs families: free, or a charge as below", "free", NESTED),
        "booking": Starter("How families join", value="drop-in"),
        "schedule": Starter(
            "When it runs: one rule per line of times, or by-appointment", value=[NESTED]
        ),
        "contact": _CONTACT,
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
        "email": Starter("An email address", value="familyhubs@example.org"),
        "website": Starter("A web page", value="https://www.example.org/family-hubs"),
    },
    Address: {
        "line1": Starter("The first line of the address", value="Street address"),
        "line2": Starter("A second line: the area or building", example="Area"),
        "town": Starter("The town or city", value="Town"),
        "postcode": Starter("The postcode, like DE1 2FS", value="GIR 0AA"),
    },
    Location: {
        "lat": Starter("Latitude in degrees", value=52.9225),
        "lon": Starter("Longitude in degrees; negative west of Greenwich", value=-1.4746),
    },
    Online: {"url": Starter("The page or meeting link", value="https://www.example.org/join")},
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
        "extra_required": Starter(
            "Offer areas this authority must cover besides the required ones", value=[]
        ),
        "waived": Starter(
            "Required areas this authority need not cover, each with its reason", value=[NESTED]
        ),
    },
    CoverageWaiver: {
        "area": Starter("The waived offer area", value=_required_area),
        "reason": Starter(
            "Why it is waived, for reviewers and the coverage report",
            value="Why this area is covered by another service.",
        ),
    },
}
# Fields whose values are offer-area ids: their comment lists the taxonomy's ids.
OFFER_AREA_FIELDS = {
    (Activity, "offer_areas"),
    (CoveragePolicy, "extra_required"),
    (CoverageWaiver, "area"),
}


def starter_models(model: type[BaseModel]) -> list[type[BaseModel]]:
    """`model` and every model nested in its fields, each once, in field order."""
    found: list[type[BaseModel]] = []
    pending = [model]
    while pending:
        current = pending.pop(0)
        if current not in found:
            found.append(current)
            pending += [_nested_model(current, name) for name in _nested_names(current)]
    return found


def _nested_names(model: type[BaseModel]) -> list[str]:
    return [
        name
        for name, info in model.model_fields.items()
        if any(_is_model(part) for part in _parts((info.annotation, *info.metadata)))
    ]


def _is_model(part: Any) -> bool:
    return isinstance(part, type) and issubclass(part, BaseModel)


def _nested_model(model: type[BaseModel], field_name: str) -> type[BaseModel]:
    info = model.model_fields[field_name]
    models = [part for part in _parts((info.annotation, *info.metadata)) if _is_model(part)]
    assert len(set(models)) == 1, f"{model.__name__}.{field_name} holds {models}"
    nested: type[BaseModel] = models[0]
    return nested


def starter_for(model: type[BaseModel], field_name: str) -> Starter:
    """The starter of one field, looked up along the model's classes (a Hub uses Site's).

    Raises KeyError naming the field when there is none: a field added to a model needs
    a starter before `hubctl new` can write its kind.
    """
    for cls in model.__mro__:
        starters = STARTERS.get(cls, {})
        if field_name in starters:
            return starters[field_name]
    raise KeyError(f"no starter for {model.__name__}.{field_name}; add one to STARTERS")


def render_starter(kind: str, context: StarterContext) -> str:
    """The starter file of `kind` (authority, hub, branch, activity), without its $schema line.

    Every field of the model and of the models inside it is written, with a comment
    line above it; optional ones without a sensible placeholder are commented out.
    """
    model = MODEL_BY_KIND[kind]
    schema = model.model_json_schema(mode="validation")
    renderer = _Renderer(context, schema.get("$defs", {}))
    lines = [
        f"# Written by `hubctl new {kind}`: replace the placeholder values, uncomment what "
        "applies, then run `hubctl validate`.",
        *renderer.fields(model, schema, ""),
    ]
    return "\n".join(lines) + "\n"


class _Renderer:
    """Renders models field by field as commented YAML lines."""

    def __init__(self, context: StarterContext, definitions: Mapping[str, Any]) -> None:
        self.context = context
        self.definitions = definitions

    def fields(self, model: type[BaseModel], schema: Mapping[str, Any], indent: str) -> list[str]:
        lines: list[str] = []
        required = set(schema.get("required", ()))
        for name in model.model_fields:
            starter = starter_for(model, name)
            property_schema = schema["properties"][name]
            takes = self._takes(model, name, property_schema, name in required)
            lines.append(f"{indent}# {starter.help} ({takes})")
            if starter.value is not _NOTHING:
                lines += self._field(model, name, starter.value, indent)
            if starter.example is not _NOTHING:
                example = self._field(model, name, starter.example, indent)
                lines += [f"{indent}# {line[len(indent) :]}" for line in example]
        return lines

    def _field(self, model: type[BaseModel], name: str, value: Value, indent: str) -> list[str]:
        if callable(value):
            value = value(self.context)
        if value is NESTED:
            return [f"{indent}{name}:", *self._nested(model, name, indent + "  ")]
        if isinstance(value, list) and value and value[0] is NESTED:
            item = self._nested(model, name, indent + "    ")
            first_key = next(i for i, line in enumerate(item) if not line.lstrip().startswith("#"))
            comments = [f"{indent}  {line.lstrip()}" for line in item[:first_key]]
            dash = f"{indent}  - {item[first_key].lstrip()}"
            return [f"{indent}{name}:", *comments, dash, *item[first_key + 1 :]]
        return [f"{indent}{name}: {yaml_value(value)}"]

    def _nested(self, model: type[BaseModel], name: str, indent: str) -> list[str]:
        nested = _nested_model(model, name)
        return self.fields(nested, self.definitions[nested.__name__], indent)

    def _takes(
        self, model: type[BaseModel], name: str, schema: Mapping[str, Any], required: bool
    ) -> str:
        if (model, name) in OFFER_AREA_FIELDS:
            areas = ", ".join(area.id for area in self.context.taxonomy.areas)
            takes = f"ids from {self.context.taxonomy.source}: {areas}"
        else:
            takes = self._describe(schema)
        if required:
            return f"{takes}; required"
        default = schema.get("default")
        shown_default = f", default {yaml_value(default)}" if default not in (None, [], "") else ""
        return f"{takes}; optional{shown_default}"

    def _describe(self, schema: Mapping[str, Any]) -> str:
        """The values a JSON Schema takes, in words."""
        for alternatives in ("anyOf", "oneOf"):
            if alternatives in schema:
                forms = [s for s in schema[alternatives] if s.get("type") != "null"]
                return " or ".join(self._describe(form) for form in forms)
        if "$ref" in schema:
            return "the fields below"
        if schema.get("type") == "array":
            return self._describe_list(schema)
        if "const" in schema:
            return str(schema["const"])
        if "enum" in schema:
            return "one of: " + ", ".join(str(value) for value in schema["enum"])
        kind = schema.get("type")
        if kind == "boolean":
            return "true or false"
        if kind == "number":
            return _number_range(schema)
        return str(schema.get("description", "text"))

    def _describe_list(self, schema: Mapping[str, Any]) -> str:
        items = schema.get("items", {})
        at_least_one = bool(schema.get("minItems"))
        if "enum" in items:
            return ("one or more of: " if at_least_one else "any of: ") + ", ".join(items["enum"])
        if "$ref" in items:
            return "a list of entries with the fields below"
        return f"a list{' of at least one' if at_least_one else ''}; each {self._describe(items)}"


def _number_range(schema: Mapping[str, Any]) -> str:
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        return f"a number from {low:g} to {high:g}"
    return f"a number of at least {low:g}" if low is not None else "a number"


# A plain YAML scalar that every YAML reader takes as the same text.
_PLAIN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9 .,'()/@:_-]*[A-Za-z0-9./)]")


def yaml_value(value: Any) -> str:
    """`value` as YAML text that reads back the same in YAML 1.1 and 1.2 tools.

    Lists are written in flow style (`[mon, tue]`); text is plain when it is safe,
    otherwise in double quotes (times, phone numbers).
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, date)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(yaml_value(item) for item in value) + "]"
    text = str(value)
    plain = _PLAIN_TEXT.fullmatch(text) and ": " not in text and " #" not in text
    if plain and yaml.safe_load(text) == text:
        return text
    return json.dumps(text, ensure_ascii=False)


def placeholder_name(listing_id: str) -> str:
    """A name made from an id, for a starter file: `becket-family-hub` -> `Becket Family Hub`."""
    return " ".join(word.capitalize() for word in listing_id.split("-"))
