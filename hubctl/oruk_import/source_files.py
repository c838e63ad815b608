"""Finding and reading the files of an import's PATH, as untrusted input.

PATH is a file or a folder the user named (so it may itself be a link); below it no
link is ever followed, and each link met is noted instead. Every file is read with the
same checks as a listing file (regular file, opened without following links) up to
MAX_SOURCE_BYTES. A file that cannot be read stops the import with one line naming it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from hubctl.discovery import display_path
from hubctl.errors import HubctlError
from hubctl.file_reading import UnreadableFile, read_file_bytes
from hubctl.oruk_import.notes import ImportNotes

# One file of the source at most: an authority's whole directory in the fully nested
# shape is a few MB (a national one, 980 MB, comes as pages).
MAX_SOURCE_BYTES = 64 * 1024 * 1024


class SourceError(HubctlError):
    """A source file that cannot be imported: one line naming it (exit 1)."""


@dataclass(frozen=True)
class SourcePath:
    """A file of the source: where it is, and how notes and messages name it."""

    path: Path
    display: str  # relative to PATH for files inside a folder


def source_error(display: str, problem: str) -> SourceError:
    """The one-line error for a file: `<file>: <problem>; nothing was imported`."""
    return SourceError(f"{display}: {problem}; nothing was imported")


def read_source(source: SourcePath, *, follow_links: bool = False) -> bytes:
    """The bytes of one source file, or SourceError naming it."""
    try:
        return read_file_bytes(source.path, follow_links=follow_links, limit=MAX_SOURCE_BYTES)
    except UnreadableFile as problem:
        message = problem.message
        if problem.code == "HUB002":
            message += "; import the directory's pages instead of one file holding all of it"
        raise source_error(source.display, message) from None


def decode_source(source: SourcePath, raw: bytes) -> str:
    """The text of a UTF-8 file (a byte-order mark allowed), or SourceError naming the byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise source_error(
            source.display, f"byte {error.start + 1:,} is not UTF-8; save the file as UTF-8"
        ) from None


def files_under(
    root: Path, suffixes: tuple[str, ...], notes: ImportNotes, *, recurse: bool
) -> list[SourcePath]:
    """The files under `root` whose names end in one of `suffixes`, sorted by path.

    Hidden entries are skipped; links are never followed and each is noted; other files
    are left out (CSV tables name the ones they use). `recurse` walks sub-folders too.
    """
    found: list[SourcePath] = []
    pending = [root]
    while pending:
        folder = pending.pop(0)
        try:
            with os.scandir(folder) as scan:
                entries = sorted(
                    (entry for entry in scan if not entry.name.startswith(".")),
                    key=lambda entry: entry.name,
                )
        except OSError as error:
            raise source_error(
                _shown(root, folder), f"cannot read this folder ({_reason(error)})"
            ) from None
        below: list[Path] = []
        for entry in entries:
            path = Path(entry.path)
            if entry.is_symlink():
                note_file(notes, _shown(root, path), "a symbolic link: import never follows links")
            elif entry.is_dir(follow_symlinks=False):
                if recurse:
                    below.append(path)
            elif entry.name.lower().endswith(suffixes):
                found.append(SourcePath(path, _shown(root, path)))
        pending = below + pending
    return sorted(found, key=lambda source: source.path.relative_to(root).parts)


def note_file(notes: ImportNotes, display: str, message: str) -> None:
    """A note that a file (or part of one) was not read, on a record of its own."""
    notes.record("file", display, "", display).not_kept("", message)


def _shown(root: Path, path: Path) -> str:
    return (
        display_path(path.relative_to(root).as_posix())
        if path != root
        else display_path(root.as_posix())
    )


def _reason(error: OSError) -> str:
    return (error.strerror or type(error).__name__).lower()
