"""The feed folder as `hubctl verify` sees it: its entries, walked without following a
link, and each listed file read once, safely, with its size and SHA-256.

The folder is untrusted: a link is reported and never followed (so nothing outside the
folder is read), a pipe or device is never opened for reading, and a file is hashed a
megabyte at a time whatever its size; only files up to CONTENT_LIMIT are kept in memory
for their content to be checked.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from hubctl.file_reading import NotARegularFile, error_reason, open_regular_file

# Files up to this size have their content checked; larger ones only their size and
# checksum (VER106). A national feed.json is about 110 MB; checking JSON against its
# schema takes about ten times its size in memory (68 MB: 650 MiB at most).
CONTENT_LIMIT = 256 * 1024 * 1024
_CHUNK = 1024 * 1024


@dataclass
class FolderEntries:
    """What is in the folder, by path relative to it with forward slashes."""

    files: set[str] = field(default_factory=set)  # regular files
    folders: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)  # symbolic links, never followed
    others: list[str] = field(default_factory=list)  # pipes, devices, sockets
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # folder, reason


def walk_folder(top: Path) -> FolderEntries:
    """Every entry under `top`, without following a symbolic link (nor walking into one)."""
    entries = FolderEntries()
    pending = [""]
    while pending:
        prefix = pending.pop()
        try:
            with os.scandir(top / prefix if prefix else top) as scan:
                found = list(scan)
        except OSError as error:
            entries.unreadable.append((prefix.rstrip("/"), error_reason(error)))
            continue
        for entry in found:
            relative = f"{prefix}{entry.name}"
            try:
                if entry.is_symlink():
                    entries.links.append(relative)
                elif entry.is_dir(follow_symlinks=False):
                    entries.folders.add(relative)
                    pending.append(relative + "/")
                elif entry.is_file(follow_symlinks=False):
                    entries.files.add(relative)
                else:
                    entries.others.append(relative)
            except OSError:
                entries.others.append(relative)
    entries.links.sort()
    entries.others.sort()
    return entries


@dataclass(frozen=True)
class FileRead:
    """One file as read: its size and SHA-256, and its bytes when at most the limit."""

    size: int
    sha256: str
    content: bytes | None


class UnreadableError(Exception):
    """The file is a link, not a regular file, or cannot be read: why, for a message."""

    def __init__(self, is_link: bool, message: str) -> None:
        super().__init__(message)
        self.is_link = is_link
        self.message = message


def read_file(path: Path, keep_up_to: int | None = None) -> FileRead:
    """Read the regular file at `path` once (see `reading.open_regular_file`), hashing it,
    and keep its bytes when there are at most `keep_up_to` (default CONTENT_LIMIT).
    Raises UnreadableError."""
    if keep_up_to is None:
        keep_up_to = CONTENT_LIMIT
    try:
        descriptor, _ = open_regular_file(path)
    except NotARegularFile as problem:
        message = "is a symbolic link" if problem.is_link else "is not a regular file"
        raise UnreadableError(problem.is_link, message) from None
    except OSError as error:
        raise UnreadableError(False, f"cannot be read ({error_reason(error)})") from None
    digest = hashlib.sha256()
    kept: list[bytes] | None = []
    size = 0
    try:
        while chunk := os.read(descriptor, _CHUNK):
            digest.update(chunk)
            size += len(chunk)
            if kept is not None:
                kept.append(chunk)
                if size > keep_up_to:
                    kept = None  # too large to check its content: hash the rest only
    except OSError as error:
        raise UnreadableError(False, f"cannot be read ({error_reason(error)})") from None
    finally:
        os.close(descriptor)
    return FileRead(size, digest.hexdigest(), b"".join(kept) if kept is not None else None)
