"""Compact JSON written a record at a time: the large feeds (feed.json, oruk, GeoJSON).

The chunks of `stream_json_object` join to exactly `json.dumps(document,
ensure_ascii=False, separators=(",", ":"))` plus a final newline, where each
`JsonArray` stands for the list of its items; no list is ever held whole.

An `EncodedObject` is a JSON object that carries its own compact text, for the parts
that thousands of records repeat (an Open Referral taxonomy term, organization or
site): made once, then copied into each record's text instead of encoded again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

# The C encoder (indent=None) is many times faster than the indenting Python one, and
# the whitespace it leaves out was 30-43 % of the bytes of the large feeds.
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def compact_json(value: Any) -> bytes:
    """`value` as compact UTF-8 JSON (non-ASCII kept as it is, no whitespace)."""
    return compact_text(value).encode("utf-8")


def compact_text(value: Any) -> str:
    """`value` as compact JSON text; an `EncodedObject` is its own `text`."""
    if isinstance(value, EncodedObject):
        return value.text
    return _COMPACT.encode(value)


class EncodedObject(dict[str, Any]):
    """A JSON object (a dict of its members) that also holds `text`, its compact JSON.

    Made by `encoded_object` only, so `text` is exactly `compact_text(dict(self))`.
    Never change the members after: the text would no longer say the same. Copying
    the text into each record that holds the object is many times faster than
    encoding the object again for each.
    """

    # No __init__ of its own: dict's, in C, is the cheaper (this is made 200,000
    # times per 20,000 activities).
    __slots__ = ("text",)
    text: str


def encoded_object(members: dict[str, Any], text: str | None = None) -> EncodedObject:
    """`members` as an EncodedObject: encoded here, or with `text` written by the caller.

    A caller writing `text` by hand (for speed, from ids that need no escaping) must
    write exactly what the encoder would; a test checks each kind the feeds make.
    """
    encoded = EncodedObject(members)
    encoded.text = _COMPACT.encode(members) if text is None else text
    return encoded


def object_text(members: dict[str, Any]) -> str:
    """`members` as one compact JSON object whose EncodedObjects are copied, not encoded.

    An EncodedObject is copied where it is a member's value, or an item of a member's
    list whose first item is one; anything else is encoded as usual (the same text,
    only not faster). Runs of other members are encoded together: each call to the
    encoder costs microseconds.
    """
    pieces: list[str] = []
    plain: dict[str, Any] = {}
    for key, value in members.items():
        if isinstance(value, EncodedObject):
            known = value.text
        elif isinstance(value, list) and value and isinstance(value[0], EncodedObject):
            known = "[" + ",".join([compact_text(item) for item in value]) + "]"
        else:
            plain[key] = value
            continue
        if plain:
            pieces.append(_COMPACT.encode(plain)[1:-1])
            plain = {}
        pieces.append(f"{_COMPACT.encode(key)}:{known}")
    if plain:
        pieces.append(_COMPACT.encode(plain)[1:-1])
    return "{" + ",".join(pieces) + "}"


@dataclass(frozen=True)
class JsonArray:
    """A JSON array whose items are produced one at a time while it is written."""

    items: Iterable[Any]


def stream_json_object(members: Sequence[tuple[str, Any]]) -> Iterator[bytes]:
    """A JSON object of `members` (key, value) in order, then a newline, as chunks.

    A `JsonArray` value is written one item per chunk; any other value in one chunk.
    """
    yield b"{"
    for position, (key, value) in enumerate(members):
        prefix = (b"," if position else b"") + compact_json(key) + b":"
        if not isinstance(value, JsonArray):
            yield prefix + compact_json(value)
            continue
        yield prefix + b"["
        for index, item in enumerate(value.items):
            yield (b"," if index else b"") + compact_json(item)
        yield b"]"
    yield b"}\n"
