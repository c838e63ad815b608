"""pydantic validation errors -> plain-English diagnostics with line and column.

Only files that fail pay for this: the file's `Document` is composed once, on the
first error, and answers where each error's field sits.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from hubctl.diagnostics import Diagnostic, diagnostic, did_you_mean, quoted, shown_text
from hubctl.file_reading import DocPath
from hubctl.models import EXAMPLE_ONLINE_URL, FIELD_PARENTS, UNION_TAGS, all_field_names
from hubctl.reading import Document

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
    error: ValidationError,
    data: dict[str, Any],
    document: Document,
    display_path: str,
    example_of_missing: Callable[[str], str | None] | None = None,
) -> list[Diagnostic]:
    """One diagnostic per pydantic error, positioned in `document`, the file's source.

    `example_of_missing` gives the `field: value` to suggest for a missing top-level
    field (hubctl.field_hints); without it, only compound fields show their shape.
    """
    found: list[Diagnostic] = []
    errors = error.errors(include_url=False)
    # A field one level off is both extra where it is and missing where it belongs: its
    # HUB102 says where it goes, so the missing one is not reported too.
    misplaced = {
        (parent, str(details["loc"][-1]))
        for details in errors
        if details["type"] == "extra_forbidden"
        for parent in FIELD_PARENTS.get(str(details["loc"][-1]), ())
    }
    for details in errors:
        if details["type"] == "missing":
            place = _document_path(details["loc"], data)
            if tuple(map(str, place[-2:])) in misplaced:
                continue
        doc_path = _error_path(details, data)
        code, message, at = _describe(details, doc_path, example_of_missing)
        line, column = document.position(doc_path, at)
        found.append(diagnostic(display_path, line, column, code, message))
    return sorted(set(found))


def validation_messages(error: ValidationError, data: Any) -> list[tuple[DocPath, str, str]]:
    """(where, code, message) of each pydantic error in `data`, worded as `validate` words it.

    For data that is not a file (values built by `hubctl import oruk`): no positions.
    """
    found = []
    for details in error.errors(include_url=False):
        doc_path = _error_path(details, data)
        code, message, _ = _describe(details, doc_path, None)
        found.append((doc_path, code, message))
    return found


def _error_path(details: ErrorDetails, data: Any) -> DocPath:
    """Where in `data` one error is: its location, then the field or path it names."""
    doc_path = _document_path(details["loc"], data)
    context = details.get("ctx") or {}
    if context.get("field"):
        doc_path = (*doc_path, context["field"])
    return (*doc_path, *context.get("at", ()))


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


def _describe(
    details: ErrorDetails,
    doc_path: DocPath,
    example_of_missing: Callable[[str], str | None] | None,
) -> tuple[str, str, str]:
    """(code, message, where to point: 'key' or 'value') for one pydantic error."""
    kind = details["type"]
    context = details.get("ctx") or {}
    value = details.get("input")
    name = _field_name(doc_path)
    if kind.startswith("HUB"):
        return kind, str(context.get("message", details["msg"])), "value"
    if kind == "missing":
        last = doc_path[-1] if doc_path else name
        parent = _field_name(doc_path[:-1])
        where = f" in {parent}" if len(doc_path) > 1 else ""
        shape = _shape(doc_path, None)
        if shape is None and len(doc_path) == 1 and example_of_missing:
            shape = example_of_missing(str(last))
        if last == "cost" and len(doc_path) == 1:  # a word or a charge: show both
            shape = f"cost: free, or a charge like {shape}"
        fix = f"add it, like {shape}" if shape else "add it"
        return "HUB101", f"missing required field '{last}'{where}; {fix}", "key"
    if kind == "extra_forbidden":
        last = str(doc_path[-1]) if doc_path else ""
        parents = sorted(FIELD_PARENTS.get(last, ()))
        if parents:  # a real field, one level off: say where it goes
            under = " or ".join(f"{parent}:" for parent in parents)
            here = f"in {_field_name(doc_path[:-1])}" if len(doc_path) > 1 else "at the top level"
            return (
                "HUB102",
                f"'{last}' belongs under {under}, not {here}; move it there, indented under "
                f"{under}",
                "key",
            )
        hint = did_you_mean(last, _KNOWN_FIELDS - {last}) if len(last) <= 40 else ""
        return (
            "HUB102",
            f"unknown field {quoted(last)}{hint}; check the spelling, or remove it",
            "key",
        )
    if kind == "literal_error" and doc_path in (("cost",), ("schedule",)):
        # A word or a structure: the list of allowed words alone would hide the structure.
        alternatives = (
            f"cost: free, or a charge in pounds like {_shape(doc_path, value)}"
            if name == "cost"
            else _SHAPES["schedule"]
        )
        shown = quoted(value) if isinstance(value, str) else _show(value)
        choices = re.findall(r"'([^']*)'", str(context.get("expected", "")))
        hint = did_you_mean(value, choices) if isinstance(value, str) and len(value) <= 40 else ""
        return "HUB104", f"{shown} is not allowed for {name}{hint}; write {alternatives}", "value"
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
        message = _type_message(name, value, expected)
        # Only a compound field given the wrong kind of value needs its whole shape.
        shape = _shape(doc_path, value) if len(doc_path) == 1 and value is not None else None
        return "HUB103", f"{message}; write it like {shape}" if shape else message, "value"
    return "HUB105", f"{name}: {details['msg']}", "value"


def _type_message(name: str, value: Any, expected: str) -> str:
    if expected == "text" and isinstance(value, int | float) and not isinstance(value, bool):
        shown = shown_text(str(value))
        meant = _time_meant(value) if name.endswith(_TIME_FIELDS) else None
        if meant:
            return (
                f"{name} must be a time in quotes, but YAML reads it as the number {shown}; "
                f'write "{meant}"'
            )
        return f'{name} must be text, but {shown} is a number; put it in quotes: "{shown}"'
    if expected == "text" and isinstance(value, bool):
        word = "true" if value else "false"
        return f'{name} must be text, but {word} is a yes/no value; put it in quotes: "{word}"'
    if value is None:
        return f"{name} is empty; write {expected} after the colon"
    if expected == "a number" and isinstance(value, str) and _NUMBER.search(value):
        # '£2.50' or '2.50 pounds': the number alone is meant.
        number = _number(_NUMBER.findall(value)[0])
        return f"{name} must be a number, but it is the text {quoted(value)}; write {number}"
    return f"{name} must be {expected}, but it is {_show(value)}"


_TIME_FIELDS = ("opens_at", "closes_at")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_RULE_SHAPE = '- {freq: weekly, byday: [tue], opens_at: "10:00", closes_at: "11:30"}'
# What a compound field looks like, for messages about it or a field inside it.
_SHAPES = {
    "address": "address: {line1: 1 High Street, town: Derby, postcode: DE1 2FS}",
    "location": "location: {lat: 52.92, lon: -1.48}",
    "online": f"online: {{url: {EXAMPLE_ONLINE_URL}}}",
    "schedule": f"schedule: by-appointment, self-paced, or a list of rules such as {_RULE_SHAPE}",
    "coverage": "coverage: {waived: [{area: midwifery, reason: ...}]}",
}


def _shape(doc_path: DocPath, value: Any) -> str | None:
    """The expected shape of the compound field at (or above) `doc_path`, in YAML.

    Numbers and a `per` word in a text value are reused (`'£2.50 per session'` gives
    `cost: {amount: 2.5, per: session}`), so the shape shown is the fix itself.
    """
    top = next((p for p in doc_path if isinstance(p, str)), None)
    numbers = _NUMBER.findall(value) if isinstance(value, str) else []
    if top == "age_range":
        # '0-5' is both ends; '5' alone is an upper age; nothing to go on gives 0 to 5.
        low, high = numbers[:2] if len(numbers) >= 2 else ("0", numbers[0] if numbers else "5")
        return f"age_range: {{min: {_number(low)}, max: {_number(high)}}}"
    if top == "cost":
        per = next(
            (w for w in ("session", "course", "month") if isinstance(value, str) and w in value),
            "session",
        )
        return f"cost: {{amount: {_number(numbers[0]) if numbers else '2.5'}, per: {per}}}"
    if top == "schedule" and len(doc_path) > 1:
        return f"the rule {_RULE_SHAPE[2:]}"
    return _SHAPES.get(top or "")


def _number(text: str) -> str:
    return f"{float(text):g}"


def _time_meant(number: float) -> str | None:
    """The HH:MM a number in a time field stands for (10.3 was typed 10.30), if any."""
    if not 0 <= number < 24:
        return None
    hours = int(number)
    minutes = round((number - hours) * 100)
    if minutes > 59:
        return None
    return f"{hours:02d}:{minutes:02d}"


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
