"""JSON documents of an untrusted feed folder: parsed strictly, checked against a schema,
compared with hubctl's own copy, and every problem placed at its line and column.

Nothing from the file reaches a message unless cut and escaped (`diagnostics.quoted`):
jsonschema's own messages repeat whole values, so each error is described here instead.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator, ValidationError
from jsonschema.exceptions import best_match

from hubctl.diagnostics import (
    MAX_DIAGNOSTICS_PER_FILE,
    Diagnostic,
    overflow_diagnostic,
    quoted,
    shown_text,
)
from hubctl.feed_verify.codes import OVERFLOW_CODE, verify_diagnostic

Pointer = tuple[str | int, ...]


class JsonSyntaxError(ValueError):
    """The bytes are not one strict JSON document: where (a character offset) and why."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


@dataclass(frozen=True)
class JsonDocument:
    """A parsed JSON file: its text (for positions) and its value."""

    text: str
    value: Any

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column (in characters) of a character offset."""
        line_start = self.text.rfind("\n", 0, offset) + 1
        return self.text.count("\n", 0, offset) + 1, offset - line_start + 1


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Readers disagree on which of two equal keys wins, so a feed must not have any.
    document = dict(pairs)
    if len(document) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return document


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def parse_json(raw: bytes) -> JsonDocument:
    """`raw` as one strict JSON document: UTF-8 (no byte-order mark), no duplicate key in
    an object, no NaN or Infinity. Raises JsonSyntaxError."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = len(raw[: error.start].decode("utf-8", errors="replace"))
        raise JsonSyntaxError(offset, "is not UTF-8 text") from None
    try:
        value = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise JsonSyntaxError(error.pos, f"is not valid JSON ({error.msg.lower()})") from None
    except _DuplicateKey as error:
        raise JsonSyntaxError(0, f"has the key {quoted(error.key)} twice in one object") from None
    except RecursionError:
        raise JsonSyntaxError(0, "is nested too deeply to read") from None
    except ValueError as error:  # NaN, or a number with more digits than Python reads
        raise JsonSyntaxError(0, f"is not valid JSON ({shown_text(str(error))})") from None
    return JsonDocument(text, value)


def syntax_diagnostic(display: str, raw: bytes, error: JsonSyntaxError) -> Diagnostic:
    """The VER101 diagnostic for the bytes `raw` that `parse_json` refused."""
    text = raw.decode("utf-8", errors="replace")
    line, column = JsonDocument(text, None).position(error.offset)
    return verify_diagnostic(display, line, column, "VER101", f"the file {error.message}")


# --- positions of values, found only for the files that have problems ---------------------

_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")
_HERE = object()  # marks, in the tree of wanted pointers, a value whose offset is wanted


def locate(text: str, pointers: Iterable[Pointer]) -> dict[Pointer, int]:
    """The character offset of the value at each pointer in the JSON `text` (one pass).

    Values off the wanted paths are skipped whole; a pointer that leads nowhere (or text
    that is not JSON) gets no offset.
    """
    wanted: dict[Any, Any] = {}
    for pointer in pointers:
        node = wanted
        for part in pointer:
            node = node.setdefault(part, {})
        node[_HERE] = True
    found: dict[Pointer, int] = {}
    # Positions are a help: on text that is not JSON, what was found so far is kept.
    with contextlib.suppress(ValueError, IndexError, RecursionError):
        _walk(text, _skip(text, 0), wanted, (), found)
    return found


def _skip(text: str, at: int) -> int:
    return _SPACE.match(text, at).end()  # type: ignore[union-attr]


def _walk(
    text: str, at: int, wanted: dict[Any, Any], pointer: Pointer, found: dict[Pointer, int]
) -> int:
    """Record the offsets wanted inside the value at `at`; return where the value ends."""
    if wanted.get(_HERE):
        found[pointer] = at  # a repeated key: the last one, as the parser keeps it
    children = {key: node for key, node in wanted.items() if key is not _HERE}
    opening = text[at]
    if not children or opening not in "{[":
        return int(_DECODER.raw_decode(text, at)[1])
    closing = "}" if opening == "{" else "]"
    at = _skip(text, at + 1)
    index = 0
    while text[at] != closing:
        key: str | int = index
        if opening == "{":
            key, at = json.decoder.scanstring(text, at + 1)  # type: ignore[attr-defined]
            at = _skip(text, _skip(text, at) + 1)  # past the colon
        child = children.get(key)
        if child is not None:
            at = _walk(text, at, child, (*pointer, key), found)
        else:
            at = int(_DECODER.raw_decode(text, at)[1])
        at = _skip(text, at)
        if text[at] == ",":
            at = _skip(text, at + 1)
        index += 1
    return at + 1


def pointer_text(pointer: Pointer) -> str:
    """A JSON Pointer (RFC 6901) for messages: `/contents/3/status`, each key cut and escaped."""
    if not pointer:
        return "the document"
    parts = (str(part).replace("~", "~0").replace("/", "~1") for part in pointer)
    return "".join(f"/{shown_text(part)}" for part in parts)


# --- against a schema ---------------------------------------------------------------------


def schema_diagnostics(
    display: str, document: JsonDocument, validator: Draft202012Validator
) -> list[Diagnostic]:
    """VER102 for each way `document` breaks `validator`'s schema, in file order.

    The first MAX_DIAGNOSTICS_PER_FILE are described and placed; the rest (a national
    file may break the schema 100,000 times) are counted in one VER009 after them.
    """
    errors: list[ValidationError] = []
    hidden = 0
    for error in validator.iter_errors(document.value):
        if len(errors) < MAX_DIAGNOSTICS_PER_FILE:
            errors.append(_most_relevant(error))
        else:
            hidden += 1
    offsets = locate(document.text, [tuple(error.absolute_path) for error in errors])
    diagnostics = []
    for error in errors:
        pointer = tuple(error.absolute_path)
        line, column = document.position(offsets.get(pointer, 0))
        message = f"{pointer_text(pointer)}: {describe_error(error)}"
        diagnostics.append(verify_diagnostic(display, line, column, "VER102", message))
    # jsonschema reports each missing required property alone; the message names them all.
    diagnostics = sorted(set(diagnostics))
    if hidden:
        diagnostics.append(overflow_diagnostic(diagnostics[-1], OVERFLOW_CODE, hidden, "error"))
    return diagnostics


def _most_relevant(error: ValidationError) -> ValidationError:
    # "is not valid under any of the given schemas" says little: name the closest miss.
    while error.validator in ("anyOf", "oneOf") and error.context:
        relevant = best_match(error.context)
        if relevant is None:
            break
        error = relevant
    return error


def json_type(value: object) -> str:
    """The JSON name of a value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "an object"


def shown_value(value: object) -> str:
    """A value for a message: a scalar cut and quoted, a list or object by its type."""
    if isinstance(value, str):
        return quoted(value)
    if value is None or isinstance(value, bool | int | float):
        return shown_text(json.dumps(value))
    return json_type(value)


def _listed(values: Sequence[object], at_most: int = 6) -> str:
    shown = ", ".join(shown_value(value) for value in values[:at_most])
    return shown + (f" (or {len(values) - at_most} more)" if len(values) > at_most else "")


def describe_error(error: ValidationError) -> str:
    """What one schema error means, in words, quoting the file only through `shown_value`."""
    keyword, found = error.validator, error.instance
    expected: Any = error.validator_value
    if keyword == "required":
        missing = [name for name in expected if isinstance(found, dict) and name not in found]
        return f"lacks the required {_listed(missing)}"
    if keyword == "type":
        kinds = expected if isinstance(expected, list) else [expected]
        return f"must be {' or '.join(map(str, kinds))}, not {json_type(found)}"
    if keyword == "enum":
        return f"{shown_value(found)} is not one of {_listed(expected)}"
    if keyword == "const":
        return f"must be {shown_value(expected)}, not {shown_value(found)}"
    if keyword == "pattern":
        return f"{shown_value(found)} does not have the form the schema requires"
    if keyword == "format":
        return f"{shown_value(found)} is not a valid {expected}"
    if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return f"{shown_value(found)} is out of range ({keyword} {shown_value(expected)})"
    if keyword in ("minLength", "maxLength", "minItems", "maxItems"):
        return f"{json_type(found)} of the wrong length ({keyword} {expected})"
    if keyword in ("additionalProperties", "unevaluatedProperties") and isinstance(found, dict):
        known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        extra = [name for name in found if name not in known]
        return f"has the unknown {_listed(extra, 3)}"
    if keyword == "uniqueItems":
        return "has the same item twice"
    return f"does not satisfy the schema's {shown_text(str(keyword))!r} rule"


# --- against hubctl's own copy --------------------------------------------------------------


def first_difference(
    expected: Any, found: Any, pointer: Pointer = ()
) -> tuple[Pointer, str] | None:
    """Where `found` first differs from `expected` (JSON values), and how; None if equal."""
    if type(expected) is not type(found):
        return pointer, f"is {json_type(found)} where hubctl's copy has {json_type(expected)}"
    if isinstance(expected, dict):
        for key, value in expected.items():
            if key not in found:
                return pointer, f"has no {quoted(key)}, which hubctl's copy has"
            difference = first_difference(value, found[key], (*pointer, key))
            if difference is not None:
                return difference
        extra = [key for key in found if key not in expected]
        return (pointer, f"has {quoted(extra[0])}, which hubctl's copy has not") if extra else None
    if isinstance(expected, list):
        for index, (wanted, given) in enumerate(zip(expected, found, strict=False)):
            difference = first_difference(wanted, given, (*pointer, index))
            if difference is not None:
                return difference
        if len(expected) != len(found):
            return pointer, f"has {len(found)} items where hubctl's copy has {len(expected)}"
        return None
    if expected != found:
        return pointer, f"is {shown_value(found)} where hubctl's copy has {shown_value(expected)}"
    return None
