"""What an import could not map, and what it filled in: the report's records and notes.

Every source record the import reads (an organization, a location, a service, a file or
CSV row it could not use) gets one `RecordNotes`, in source order; each thing not kept,
filled in for review, or skipped is one `Note` on it. `hubctl.oruk_import.report` renders
them as markdown. Notes hold plain text, source text included: escaping is the renderer's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

NoteKind = Literal["review", "not kept", "skipped"]
NOTE_KINDS: tuple[NoteKind, ...] = ("review", "not kept", "skipped")
# Source text quoted in a note is cut to this many characters.
MAX_SHOWN = 120


@dataclass(frozen=True)
class Note:
    """One thing the steward should know about a record.

    `kind`: "review" (the listing holds a value the source did not give, or a decision a
    rule made), "not kept" (a source value with no place in the listings, or one they do
    not take) or "skipped" (the record was not written). `field` names the field, ours
    or the source's (dotted, with [n] for list entries).
    """

    kind: NoteKind
    field: str
    message: str


@dataclass
class RecordNotes:
    """A source record (or file) and the notes about it.

    `what` is "organization", "location", "service", "file" or "table"; `source_id` the
    record's id in the source (or the file's name); `written` the listing file made from
    it, relative to the output folder, once known.
    """

    what: str
    source_id: str
    name: str
    origin: str
    written: str = ""
    kept: bool = False  # the file was already there and left as it was (--skip-existing)
    notes: list[Note] = field(default_factory=list)

    def review(self, field_name: str, message: str) -> None:
        """Note a value written for the steward to check (a placeholder or a rule's choice)."""
        self.notes.append(Note("review", field_name, message))

    def not_kept(self, field_name: str, message: str) -> None:
        """Note a source value that is not in the listings, and why."""
        self.notes.append(Note("not kept", field_name, message))

    def skipped(self, message: str) -> None:
        """Note that the record was not written at all, and why."""
        self.notes.append(Note("skipped", "", message))

    @property
    def was_skipped(self) -> bool:
        """True when a note says the record was not written."""
        return any(note.kind == "skipped" for note in self.notes)


@dataclass
class ImportNotes:
    """Every record's notes, in the order the import met the records."""

    records: list[RecordNotes] = field(default_factory=list)

    def record(self, what: str, source_id: str, name: str, origin: str) -> RecordNotes:
        """A new record's notes, added at the end."""
        notes = RecordNotes(what, source_id, name, origin)
        self.records.append(notes)
        return notes

    def count(self, kind: NoteKind) -> int:
        """How many notes of one kind there are, over all records."""
        return sum(1 for record in self.records for note in record.notes if note.kind == kind)


def shown(value: Any) -> str:
    """A source value as a note quotes it: text in quotes (cut), numbers as they are,
    lists and objects by what they are."""
    if isinstance(value, str):
        text = value if len(value) <= MAX_SHOWN else value[: MAX_SHOWN - 1] + "…"
        return f"'{text}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if value is None:
        return "null"
    return str(value)
