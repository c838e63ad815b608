"""What git knows about the listings: the commit they come from and its time."""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from pathlib import Path


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


class SourceDateError(ValueError):
    """SOURCE_DATE_EPOCH is set but is not a whole number of seconds."""


def source_date_epoch(folder: Path, environ: Mapping[str, str]) -> int | None:
    """The time to stamp published files with, as Unix seconds, never the wall clock.

    SOURCE_DATE_EPOCH (the reproducible-builds convention) wins; otherwise the time
    of the last commit of the repository holding `folder`; None outside git.
    Raises SourceDateError when SOURCE_DATE_EPOCH is not a non-negative integer.
    """
    given = environ.get("SOURCE_DATE_EPOCH")
    if given is not None:
        if not given.strip().isdigit():
            raise SourceDateError(
                f"SOURCE_DATE_EPOCH={given!r} is not a whole number of seconds since 1970"
            )
        return int(given.strip())
    return commit_time(folder)
