"""Reading one HSDS object's values defensively, and noting every value left unread.

Open Referral data comes from other systems, so no value is trusted to have the type
its field should: `SourceObject` answers each question (`text`, `number`, `objects`)
with a value of the right type or None, noting a value of the wrong type, and remembers
which keys were read. `note_leftovers` then notes every non-empty value nothing read, so
nothing is dropped silently. CSV cells are all text; JSON numbers may stand for text
(an id) and text for numbers (an age), and both are read.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from hubctl.oruk_import.notes import RecordNotes, shown

_SPACES = re.compile(r"\s+")
# What no listing text may hold (hubctl.models' text policy): controls other than tab and
# line feed, DEL, C1 controls, surrogates, U+FFFE/U+FFFF; CR and the Unicode line and
# paragraph separators are line breaks, written as line feeds.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("\r\n?|[\x85\u2028\u2029]")
# Why some HSDS fields have no place in a listing; any other field gets the general reason.
NO_PLACE_REASONS = {
    "alert": "a listing has no field for a temporary alert; add it to the description",
    "accreditations": "a listing has no field for accreditations",
    "fees": "a listing's cost is free or an amount per session, course or month",
    "fees_description": "a listing's cost is free or an amount per session, course or month",
    "last_modified": "a listing keeps when it was last checked (last_reviewed), from assured_date",
    "funding": "a listing does not record who funds it",
    "required_documents": "a listing has no field for documents to bring",
    "program": "a listing does not record the programme it belongs to",
    "logo": "an authority has no logo field",
    "parent_organization_id": "an authority has no parent organization",
    "alternate_name": "a listing has one name",
    "application_process": "a listing has no field for how to apply; add it to the description",
    "interpretation_services": "a listing has languages but no field for interpreting",
    "wait_time": "a listing has no waiting-time field",
    "eligibility_description": "a listing's eligibility is its audience and age range",
    "licenses": "a listing has no field for licences",
    "transportation": "a listing has no field for transport",
    "contacts.name": "a listing does not record contact people, only ways to get in touch",
    "contacts.title": "a listing does not record contact people, only ways to get in touch",
    "contacts.department": "a listing does not record contact people, only ways to get in touch",
    "attention": "an address has no 'for the attention of' line",
    "region": "an address has line1, line2, town and postcode",
    "state_province": "an address has line1, line2, town and postcode",
    "uri": "a listing keeps web addresses as its website",
}
GENERAL_REASON = "a listing has no field for it"


class SourceObject:
    """One JSON object (or CSV row) of the source: typed reads, and what was read.

    `path` is where the object sits in its record, for notes (`schedules[0]`); notes go
    to `notes`.
    """

    def __init__(self, data: Mapping[str, Any], path: str, notes: RecordNotes) -> None:
        self.data = data
        self.path = path
        self.notes = notes
        self.used: set[str] = set()
        self.children: list[SourceObject] = []  # the objects read from its values

    def where(self, key: str) -> str:
        """The dotted place of `key` in the record, for a note."""
        return f"{self.path}.{key}" if self.path else key

    def raw(self, key: str) -> Any:
        """The value as it is (marked read)."""
        self.used.add(key)
        return self.data.get(key)

    def consume(self, *keys: str) -> None:
        """Mark keys read without using them: ids, links, values hubctl derives itself."""
        self.used.update(keys)

    def text(self, key: str) -> str | None:
        """The value as text with its ends trimmed; None when absent or empty.

        A number stands for its digits (an id or a phone given as a number); a
        yes/no, list or object is noted as not kept.
        """
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, bool | dict | list):
            if not is_empty(value):
                self.notes.not_kept(self.where(key), f"{shown(value)} is not text")
            return None
        if isinstance(value, int | float):
            return number_text(value)
        text, removed = without_invisible(str(value))
        if removed:
            self.notes.not_kept(
                self.where(key), f"its invisible characters ({removed}) were left out"
            )
        return text.strip() or None

    def line(self, key: str) -> str | None:
        """`text`, with every run of spaces, tabs and line breaks made one space."""
        text = self.text(key)
        return _SPACES.sub(" ", text) if text else None

    def number(self, key: str) -> float | None:
        """The value as a finite number (text holding one is read); None otherwise.

        A value that is no number is noted as not kept.
        """
        value = self.raw(key)
        if is_empty(value):
            return None
        number: float | None = None
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
        elif isinstance(value, str):
            try:
                number = float(value.strip())
            except ValueError:
                number = None
        if number is None or not math.isfinite(number):
            self.notes.not_kept(self.where(key), f"{shown(value)} is not a number")
            return None
        return number

    def object(self, key: str) -> SourceObject | None:
        """The value as an object; None when absent. Anything else is noted as not kept."""
        value = self.raw(key)
        if is_empty(value):
            return None
        if not isinstance(value, dict):
            self.notes.not_kept(self.where(key), f"{shown(value)} is not an object")
            return None
        return self._child(value, self.where(key))

    def objects(self, key: str) -> list[SourceObject]:
        """The value as a list of objects; entries that are not objects are noted."""
        value = self.raw(key)
        if is_empty(value):
            return []
        if isinstance(value, dict):  # one object where a list was meant
            value = [value]
        if not isinstance(value, list):
            self.notes.not_kept(self.where(key), f"{shown(value)} is not a list")
            return []
        found = []
        for index, item in enumerate(value):
            place = f"{self.where(key)}[{index}]"
            if isinstance(item, dict):
                found.append(self._child(item, place))
            elif not is_empty(item):
                self.notes.not_kept(place, f"{shown(item)} is not an object")
        return found

    def _child(self, data: Mapping[str, Any], path: str) -> SourceObject:
        child = SourceObject(data, path, self.notes)
        self.children.append(child)
        return child

    def leftovers(self) -> list[tuple[str, Any]]:
        """(key, value) of every non-empty value nothing read, in the object's order."""
        return [
            (key, value)
            for key, value in self.data.items()
            if key not in self.used and not is_empty(value)
        ]


def note_leftovers(source: SourceObject) -> None:
    """Note each value the mapping did not read in `source` and the objects read from it,
    with why it has no place in a listing."""
    pending = [source]
    while pending:
        current = pending.pop(0)
        for key, value in current.leftovers():
            reason = no_place_reason(current.where(str(key)))
            current.notes.not_kept(current.where(str(key)), f"{shown(value)}: {reason}")
        pending.extend(current.children)


def without_invisible(text: str) -> tuple[str, str]:
    """`text` with line breaks as line feeds and invisible characters removed, and the
    removed ones named (`U+001B`), or "" when there were none."""
    found = sorted({f"U+{ord(c):04X}" for c in _INVISIBLE.findall(text)})
    return _INVISIBLE.sub("", _BREAKS.sub("\n", text)), ", ".join(found)


def one_line(text: str) -> str:
    """`text` cleaned (`without_invisible`) on one line: runs of spaces and breaks as one."""
    return _SPACES.sub(" ", without_invisible(text)[0]).strip()


def no_place_reason(where: str) -> str:
    """Why the value at `where` (`contacts[0].title`) has no place: by its parent and name,
    else by its name."""
    parts = re.sub(r"\[[0-9]+\]", "", where).split(".")
    for key in (".".join(parts[-2:]), parts[-1]):
        if key in NO_PLACE_REASONS:
            return NO_PLACE_REASONS[key]
    return GENERAL_REASON


def is_empty(value: Any) -> bool:
    """True for values that say nothing: null, empty or blank text, empty lists and objects."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | dict):
        return not value
    return False


def number_text(value: float) -> str:
    """A number as text: whole numbers without a decimal point (an id given as 1234)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)
