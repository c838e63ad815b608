"""What git knows about the listings: the commit they come from and its time."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping
from pathlib import Path

from hubctl.errors import UsageError


def _git(folder: Path, *arguments: str) -> str | None:
    try:
        completed = subprocess.run(
            ["git", *arguments],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    output = completed.stdout.strip()
    return output if completed.returncode == 0 and output else None


def current_commit(folder: Path) -> str | None:
    """The full hash of HEAD of the repository holding `folder`, or None outside git."""
    return _git(folder, "rev-parse", "HEAD")


def commit_time(folder: Path) -> int | None:
    """HEAD's commit time (Unix seconds), or None outside git."""
    output = _git(folder, "log", "-1", "--format=%ct")
    return int(output) if output and output.isdigit() else None


class SourceDateError(UsageError, ValueError):
    """SOURCE_DATE_EPOCH is set but is not a whole number of seconds a date can hold."""


# 9999-12-31T23:59:59Z: the last second a datetime (and so every feed's date) can hold.
LATEST_EPOCH = 253_402_300_799
# ASCII only: str.isdigit() accepts '²' and other digits int() then rejects.
_ASCII_SECONDS = re.compile(r"[0-9]{1,12}")


def source_date_epoch(folder: Path, environ: Mapping[str, str]) -> int | None:
    """The time to stamp published files with, as Unix seconds, never the wall clock.

    SOURCE_DATE_EPOCH (the reproducible-builds convention) wins; otherwise the time
    of the last commit of the repository holding `folder`; None outside git.
    Raises SourceDateError when SOURCE_DATE_EPOCH is not ASCII digits from 0 to
    LATEST_EPOCH.
    """
    given = environ.get("SOURCE_DATE_EPOCH")
    if given is None:
        return commit_time(folder)
    text = given.strip(" \t\r\n")
    if not _ASCII_SECONDS.fullmatch(text) or int(text) > LATEST_EPOCH:
        raise SourceDateError(
            f"SOURCE_DATE_EPOCH={given!r} is not a whole number of seconds since 1970 "
            f"between 0 and {LATEST_EPOCH} (the end of year 9999); unset it or give Unix seconds"
        )
    return int(text)
