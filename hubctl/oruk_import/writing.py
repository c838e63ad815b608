"""The imported listings' files: planned whole, checked as `validate` reads them, written
safely, and never over a file that is there.

Each file is rendered (`yaml_text`) and read back with validate's own per-file checks
before anything is written; a file that would not read back as the listing meant is not
written (noted), so the imported tree has no errors of its own files. Files are written
with `hubctl.safe_files` (whole or not at all, never through a link). An import never
overwrites: if any file it would write is there already, it stops before writing
anything (one line), unless `skip_existing`, which keeps those files as they are and
writes the others. A failure while writing removes the files this import wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hubctl.diagnostics import has_errors
from hubctl.errors import HubctlError
from hubctl.file_checks import check_bytes
from hubctl.file_reading import DocPath
from hubctl.layout import FOLDER_BY_KIND
from hubctl.models import MODEL_BY_KIND
from hubctl.oruk_import.notes import RecordNotes
from hubctl.oruk_import.settling import value_at
from hubctl.oruk_import.yaml_text import render_listing
from hubctl.safe_files import ListingExistsError, remove_file, write_new_file

WRITER = "hubctl import oruk"
REVIEW_COMMENT = "review: see the import report"
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,80}$")


@dataclass(frozen=True)
class PlannedListing:
    """One listing file to write: its kind, where it goes, its text, whose record it is."""

    kind: str
    listing_id: str
    path: Path
    text: str
    notes: RecordNotes


def listing_path(out: Path, authority: str, kind: str, listing_id: str) -> Path:
    """Where a listing of `kind` goes under the output folder (SPEC §3)."""
    if kind == "authority":
        return out / authority / "authority.yaml"
    return out / authority / FOLDER_BY_KIND[kind] / f"{listing_id}.yaml"


def plan_listing(
    kind: str, fields: dict[str, Any], notes: RecordNotes, out: Path, authority: str
) -> PlannedListing | None:
    """The file of a settled listing, checked; None (noted as skipped) if it fails a check."""
    path = listing_path(out, authority, kind, str(fields["id"]))
    depth = "../.." if kind == "authority" else "../../.."
    source = (
        f"{notes.what} {notes.source_id}"
        if _SAFE_ID.fullmatch(notes.source_id)
        else (f"a {notes.what}")
    )
    header = [
        f"yaml-language-server: $schema={depth}/schema/{kind}.schema.json",
        f"Imported by `{WRITER}` from {source}; values marked 'review' need checking.",
    ]
    text = render_listing(fields, _review_comments(fields, notes), header)
    display = path.relative_to(out).as_posix()
    outcome = check_bytes(text.encode("utf-8"), kind, display)
    meant = MODEL_BY_KIND[kind].model_validate(fields)
    if has_errors(outcome.diagnostics) or outcome.listing != meant:
        problem = next(
            (d.message for d in outcome.diagnostics if d.severity == "error"),
            "it does not read back as the values meant",
        )
        notes.skipped(f"not written: {problem}")
        return None
    notes.written = display
    return PlannedListing(kind, str(fields["id"]), path, text, notes)


def _review_comments(fields: dict[str, Any], notes: RecordNotes) -> dict[DocPath, str]:
    """A comment on the line of each field a review note is about (or on its parent's)."""
    comments: dict[DocPath, str] = {}
    for note in notes.notes:
        if note.kind != "review":
            continue
        path = _doc_path(note.field)
        while path and value_at(fields, path) is None:
            path = path[:-1]
        if path:
            comments[path] = REVIEW_COMMENT
    return comments


def _doc_path(dotted: str) -> DocPath:
    parts: list[str | int] = []
    for piece in dotted.split("."):
        name, *indexes = piece.split("[")
        if name:
            parts.append(name)
        parts += [int(index.rstrip("]")) for index in indexes if index.rstrip("]").isdigit()]
    return tuple(parts)


def existing_files(planned: list[PlannedListing]) -> list[PlannedListing]:
    """The planned files whose path is taken already (a file, a link or anything else)."""
    return [file for file in planned if file.path.is_symlink() or file.path.exists()]


def write_listings(
    out: Path, planned: list[PlannedListing], *, skip_existing: bool
) -> tuple[list[PlannedListing], list[PlannedListing]]:
    """Write the planned files: (written, kept). See the module for the rules."""
    there = existing_files(planned)
    if there and not skip_existing:
        more = (
            f" (and {len(there) - 1:,} more files this import would write)"
            if len(there) > 1
            else ""
        )
        raise ListingExistsError(
            f"{there[0].path.as_posix()} already exists{more}; {WRITER} never overwrites a "
            "file: import into an empty --out, or pass --skip-existing to keep the files "
            "there and write the others; nothing was imported"
        )
    taken = {file.path for file in there}
    kept = [file for file in planned if file.path in taken]
    written: list[PlannedListing] = []
    try:
        for file in planned:
            if file.path in taken:
                continue
            write_new_file(
                out,
                file.path,
                file.text,
                writer=WRITER,
                exists_fix="pass --skip-existing to keep it",
                folder_option="--out",
            )
            written.append(file)
    except HubctlError:
        for file in written:
            remove_file(out, file.path)
        raise
    for file in kept:
        file.notes.kept = True
    return written, kept
