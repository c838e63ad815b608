"""What git knows about the listings: the commit they come from, its time, and whether
the working tree differs from it (README: feed.json's `source`)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from hubctl.errors import UsageError

# Appended to `source` when the listings differ from their commit, as `git describe --dirty`.
DIRTY_SUFFIX = "+dirty"
# What a published `source` is: a full SHA-1 (or SHA-256) commit hash, perhaps marked dirty.
SOURCE_PATTERN = r"^[0-9a-f]{40}([0-9a-f]{24})?(\+dirty)?$"
_COMMIT_HASH = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?")


def _git(folder: Path, *arguments: str) -> str | None:
    """git's stdout (stripped) run in `folder`, or None when git fails or cannot run."""
    try:
        completed = subprocess.run(
            # No optional locks: `git status` must not rewrite the index of a folder
            # that publish only reads (a read-only checkout, a concurrent commit).
            ["git", "--no-optional-locks", *arguments],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError, ValueError):  # ValueError: NUL in a path
        return None
    return completed.stdout.strip() if completed.returncode == 0 else None


@dataclass(frozen=True)
class ListingsCommit:
    """The last commit that touched the listings folder, its time, and whether the
    working tree holds uncommitted edits or untracked files under the folder."""

    commit: str
    time: int  # committer time, Unix seconds
    dirty: bool

    @property
    def source(self) -> str:
        """The published `source`: the commit's full hash, `+dirty` when the folder differs."""
        return self.commit + (DIRTY_SUFFIX if self.dirty else "")


def listings_commit(folder: Path, read_files: Iterable[str] = ()) -> ListingsCommit | None:
    """Where the listings in `folder` come from, or None outside git (or before any commit
    holds them).

    The commit is the last one that changed something under `folder` (`git log -1 --
    <folder>`), not HEAD: a commit elsewhere in the repository changes no listing, so it
    must change no published byte. It is dirty when `git status` shows anything under
    `folder` (staged or unstaged edits, deletions, untracked files that are not ignored),
    or when one of `read_files` (the files publish read, relative to `folder` with
    forward slashes) is a file git ignores: no commit holds it.
    """
    # --no-show-signature: a user's log.showSignature would print gpg's report first.
    logged = _git(folder, "log", "-1", "--no-show-signature", "--format=%H %ct", "--", ".")
    if not logged:
        return None
    commit, _, seconds = logged.partition(" ")
    if not _COMMIT_HASH.fullmatch(commit) or not seconds.isascii() or not seconds.isdigit():
        return None
    status = _git(folder, "status", "--porcelain", "--untracked-files=normal", "--", ".")
    # A status git could not give counts as dirty: the hash alone must never be claimed
    # for files nobody could compare with it.
    dirty = status != "" or _reads_ignored(folder, set(read_files))
    return ListingsCommit(commit, int(seconds), dirty)


def _reads_ignored(folder: Path, read_files: set[str]) -> bool:
    """True when git ignores one of `read_files` (or cannot say which files it ignores).

    An ignored editor backup or `.DS_Store` is not read, so it does not make the
    listings dirty; an ignored listing file is published, so it does.
    """
    if not read_files:
        return False
    # Paths relative to `folder`, as `read_files` are (ls-files names them from the cwd).
    ignored = _git(folder, "ls-files", "-z", "--others", "--ignored", "--exclude-standard")
    return ignored is None or not read_files.isdisjoint(ignored.split("\0"))


class SourceDateError(UsageError, ValueError):
    """SOURCE_DATE_EPOCH is set but is not a whole number of seconds a date can hold."""


# 9999-12-31T23:59:59Z: the last second a datetime (and so every feed's date) can hold.
LATEST_EPOCH = 253_402_300_799
# ASCII only: str.isdigit() accepts '²' and other digits int() then rejects.
_ASCII_SECONDS = re.compile(r"[0-9]{1,12}")


def source_date_epoch(environ: Mapping[str, str]) -> int | None:
    """SOURCE_DATE_EPOCH (the reproducible-builds convention) as Unix seconds, or None
    when it is not set.

    Raises SourceDateError when it is not ASCII digits from 0 to LATEST_EPOCH.
    """
    given = environ.get("SOURCE_DATE_EPOCH")
    if given is None:
        return None
    text = given.strip(" \t\r\n")
    if not _ASCII_SECONDS.fullmatch(text) or int(text) > LATEST_EPOCH:
        raise SourceDateError(
            f"SOURCE_DATE_EPOCH={given!r} is not a whole number of seconds since 1970 "
            f"between 0 and {LATEST_EPOCH} (the end of year 9999); unset it or give Unix seconds"
        )
    return int(text)
