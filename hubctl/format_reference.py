"""docs/format.md: the listing format's reference, generated from the models' JSON Schemas.

The code, the schemas editors use and the document stewards read cannot drift: a test
compares docs/format.md with `render_format_reference()`.
"""

from __future__ import annotations

from typing import Any

from hubctl.models import MODEL_BY_KIND
from hubctl.schemas import listing_schema

_FILES = {
    "authority": "listings/<authority>/authority.yaml",
    "hub": "listings/<authority>/hubs/<hub-id>.yaml",
    "branch": "listings/<authority>/branches/<branch-id>.yaml",
    "activity": "listings/<authority>/activities/<activity-id>.yaml",
}
_TYPE_WORDS = {
    "string": "text",
    "number": "number",
    "integer": "whole number",
    "boolean": "true or false",
    "array": "list",
    "object": "fields",
    "null": "nothing",
}

HEADER = """\
# The listing format

Generated from hubctl's models (`tests/test_format_reference.py` checks it is up to date;
`UPDATE_DOCS=1 pytest tests/test_format_reference.py` rewrites it); the same models give the
JSON Schemas in `schema/` that editors use. Each listing is one YAML
file; the README explains how values are read (`10:30` is text, only `true`/`false` are
booleans) and what each diagnostic code means.

Text fields follow one policy: one-line fields (names, ids, times, addresses) hold no line
break, tab or control character; multi-line fields (`description`, `note`, `reason`) may
hold line breaks and tabs. Dates are `YYYY-MM-DD` between 1900-01-01 and 2199-12-31. A list
never names the same entry twice.
"""


def render_format_reference() -> str:
    """The whole of docs/format.md."""
    parts = [HEADER]
    shared: dict[str, dict[str, Any]] = {}
    for kind in MODEL_BY_KIND:
        schema = listing_schema(kind)
        shared.update(schema.get("$defs", {}))
        parts.append(f"## {kind}\n\n`{_FILES[kind]}`: {schema.get('description', '')}\n")
        parts.append(_table(schema))
    parts.append("## Parts shared by several kinds\n")
    for name in sorted(shared):
        part = shared[name]
        parts.append(f"### {name}\n\n{part.get('description', '')}\n")
        parts.append(_table(part))
    return "\n".join(parts)


def _table(schema: dict[str, Any]) -> str:
    required = set(schema.get("required", ()))
    rows = ["| field | required | value |", "|---|---|---|"]
    for name, field in schema.get("properties", {}).items():
        rows.append(f"| `{name}` | {'yes' if name in required else 'no'} | {_describe(field)} |")
    return "\n".join(rows) + "\n"


def _describe(field: dict[str, Any]) -> str:
    """A field's value in words: its choices, type, format, bounds and default."""
    if "$ref" in field:
        return f"[{_ref_name(field)}](#{_ref_name(field).lower()})"
    for key in ("anyOf", "oneOf"):
        if key in field:
            options = [_describe(option) for option in field[key] if option.get("type") != "null"]
            described = " or ".join(options)
            return described + _default(field)
    if "const" in field:
        return f"`{field['const']}`"
    if "enum" in field:
        return "one of " + ", ".join(f"`{value}`" for value in field["enum"]) + _default(field)
    words = _TYPE_WORDS.get(field.get("type", ""), "value")
    if field.get("type") == "array":
        words = f"list of {_describe(field.get('items', {}))}"
        if field.get("minItems"):
            words = "non-empty " + words
    details = [
        text
        for text in (
            field.get("description"),
            f"from {field['minimum']}" if "minimum" in field else None,
            f"to {field['maximum']}" if "maximum" in field else None,
            f"at most {field['maxLength']} characters" if "maxLength" in field else None,
        )
        if text
    ]
    return words + (f" ({'; '.join(details)})" if details else "") + _default(field)


def _ref_name(field: dict[str, Any]) -> str:
    return str(field["$ref"]).rsplit("/", 1)[-1]


def _default(field: dict[str, Any]) -> str:
    if "default" not in field or field["default"] in (None, []):
        return ""
    default = field["default"]
    shown = ", ".join(default) if isinstance(default, list) else str(default).lower()
    return f"; default `{shown}`"
