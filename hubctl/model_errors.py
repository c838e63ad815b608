"""pydantic validation errors -> plain-English diagnostics with line and column.

Only files that fail pay for this: the file's `Document` is composed once, on the
first error, and answers where each error's field sits.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from hubctl.diagnostics import Diagnostic, diagnostic, did_you_mean, quoted, shown_text
from hubctl.models import UNION_TAGS, all_field_names
from hubctl.reading import DocPath, Document

_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list, like [a, b]",
    "dict_type": "a set of 'field: value' lines",
    "model_type": "a set of 'field: value' lines",
    "model_attributes_type": "a set of 'field: value' lines",
    "date_type": "a date (YYYY-MM-DD)",
    "literal_error": "one of the listed values",
}
_RANGE_TYPES = {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}
_KNOWN_FIELDS = all_field_names()


def diagnostics_from_validation_error(
    error: ValidationError, data: dict[str, Any], document: Document, display_path: str
) -> list[Diagnostic]:
    """One diagnostic per pydantic error, positioned in `document`, the file's source."""
    found: list[Diagnostic] = []
    for details in error.errors(include_url=False):
        doc_path = _document_path(details["loc"], data)
        context = details.get("ctx") or {}
        if context.get("field"):
            doc_path = (*doc_path, context["field"])
        doc_path = (*doc_path, *context.get("at", ()))
        code, message, at = _describe(details, doc_path)
        line, column = document.position(doc_path, at)
        found.append(diagnostic(display_path, line, column, code, message))
    return sorted(set(found))


def _document_path(loc: tuple[Any, ...], data: Any) -> DocPath:
    """The error's location with pydantic's union labels dropped: only real keys and indexes."""
    path: list[str | int] = []
    node = data
    for element in loc:
        if (isinstance(node, dict) and element in node) or (
            isinstance(node, list) and isinstance(element, int) and element < len(node)
        ):
            node = node[element]
            path.append(element)
        elif isinstance(element, str) and not _is_union_label(element) and node is not None:
            # A missing or extra key at this level: keep it, so the message can name it.
            path.append(element)
            node = None
    return tuple(path)


def _is_union_label(element: str) -> bool:
    # A tag of the models' tagged unions, or pydantic's own label such as "list[...]".
    return element in UNION_TAGS or "[" in element


def _field_name(doc_path: DocPath) -> str:
    names = [str(p) for p in doc_path if isinstance(p, str)]
    return ".".join(names) if names else "the file"


def _describe(details: ErrorDetails, doc_path: DocPath) -> tuple[str, str, str]:
    """(code, message, where to point: 'key' or 'value') for one pydantic error."""
    kind = details["type"]
    context = details.get("ctx") or {}
    value = details.get("input")
    name = _field_name(doc_path)
    if kind.startswith("HUB"):
        return kind, details["msg"], "value"
    if kind == "missing":
        last = doc_path[-1] if doc_path else name
        return "HUB101", f"missing required field '{last}'; add it", "key"
    if kind == "extra_forbidden":
        last = str(doc_path[-1]) if doc_path else ""
        hint = did_you_mean(last, _KNOWN_FIELDS) if len(last) <= 40 else ""
        return (
            "HUB102",
            f"unknown field {quoted(last)}{hint}; check the spelling, or remove it",
            "key",
        )
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(context.get("expected", "")))
        hint = did_you_mean(value, choices) if isinstance(value, str) and len(value) <= 40 else ""
        shown = quoted(value) if isinstance(value, str) else _show(value)
        return (
            "HUB104",
            f"{shown} is not allowed for {name}{hint}; use one of: {', '.join(choices)}",
            "value",
        )
    if kind in _RANGE_TYPES:
        bound = next(iter(context.values()), "")
        bound = f"{bound:g}" if isinstance(bound, int | float) else bound
        relation = {
            "greater_than_equal": "at least",
            "less_than_equal": "at most",
            "greater_than": "more than",
            "less_than": "less than",
        }[kind]
        return (
            "HUB106",
            f"{name} is {_show(value)} but must be {relation} {bound}; correct the number",
            "value",
        )
    if kind == "finite_number":
        return (
            "HUB106",
            f"{name} is too large to be a number; write an ordinary amount such as 2.50",
            "value",
        )
    if kind in ("too_short", "string_too_short"):
        return "HUB101", f"{name} is empty; give at least one value", "value"
    if kind in ("too_long", "string_too_long"):
        limit = context.get("max_length", "")
        return "HUB105", f"{name} is too long; keep it to {limit} characters", "value"
    expected = _TYPE_NAMES.get(kind)
    if expected:
        return "HUB103", _type_message(name, value, expected), "value"
    return "HUB105", f"{name}: {details['msg']}", "value"


def _type_message(name: str, value: Any, expected: str) -> str:
    if expected == "text" and isinstance(value, int | float) and not isinstance(value, bool):
        shown = shown_text(str(value))
        return f'{name} must be text, but {shown} is a number; put it in quotes: "{shown}"'
    if expected == "text" and isinstance(value, bool):
        word = "true" if value else "false"
        return f'{name} must be text, but {word} is a yes/no value; put it in quotes: "{word}"'
    if value is None:
        return f"{name} is empty; write {expected} after the colon"
    return f"{name} must be {expected}, but it is {_show(value)}"


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a set of 'field: value' lines"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {quoted(value)}"
    if isinstance(value, bool):
        return "true" if value else "false"
    return shown_text(str(value))
