"""The commented starter file of each listing kind, built from the pydantic models.

`render_starter` walks the model's fields in order, so a field added to a model without a
starter (`hubctl.starter_values.STARTERS`) fails every `hubctl new` (and its tests) instead
of drifting out of the templates. What each field holds is said in words there; what it
takes (enums, patterns, ranges, defaults) is read from the model's JSON Schema here, and
offer-area ids from the taxonomy, so the comments say what `validate` accepts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

import yaml
from pydantic import BaseModel

from hubctl.models import MODEL_BY_KIND, _parts
from hubctl.starter_values import (
    NESTED,
    NOTHING,
    OFFER_AREA_FIELDS,
    STARTERS,
    Starter,
    StarterContext,
    Value,
)


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
            # A starter may choose by context whether a field is written or shown.
            value = starter.value(self.context) if callable(starter.value) else starter.value
            example = (
                starter.example(self.context) if callable(starter.example) else starter.example
            )
            if value is not NOTHING:
                lines += self._field(model, name, value, indent)
            if example is not NOTHING:
                shown = self._field(model, name, example, indent)
                lines += [f"{indent}# {line[len(indent) :]}" for line in shown]
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
