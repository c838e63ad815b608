"""Publish: validate, build every feed in memory, then swap the output folder atomically.

Nothing is written unless the listings are valid, and the previous output folder
stays exactly as it was until the new one is complete (SPEC §6).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from hubctl.feeds.feed_json import build_feed, render_feed
from hubctl.gitinfo import current_commit
from hubctl.taxonomy import Taxonomy, load_taxonomy
from hubctl.validation import InvalidListingsError, ValidationReport, validate


class PublishError(InvalidListingsError):
    """The listings have errors, so nothing was published."""

    def __init__(self, report: ValidationReport) -> None:
        super().__init__(report, "nothing was published")


class UnsafeOutputError(ValueError):
    """--out names a folder that publishing would destroy (the listings, the working folder)."""


def check_output_folder(out: Path, root: Path) -> None:
    """Refuse an --out whose replacement would delete anything but earlier feeds.

    Raises UnsafeOutputError when `out` is, or holds, the listings or the current
    folder, or is an existing non-empty folder without a feed.json in it.
    """
    target = out.resolve()
    for precious, what in ((root.resolve(), "the listings"), (Path.cwd(), "the current folder")):
        if target == precious or target in precious.parents:
            raise UnsafeOutputError(
                f"--out {out} would replace {what}; choose a separate folder such as dist"
            )
    if target.exists() and (
        not target.is_dir() or (any(target.iterdir()) and not (target / "feed.json").is_file())
    ):
        raise UnsafeOutputError(
            f"--out {out} exists and does not hold earlier feeds (no feed.json); publishing "
            "replaces the whole folder, so choose an empty or new folder"
        )


@dataclass(frozen=True)
class PublishResult:
    """What a publish wrote: the validation report and each file's path within --out."""

    report: ValidationReport
    files: dict[str, bytes]


def build_files(
    report: ValidationReport, taxonomy: Taxonomy, source: str | None
) -> dict[str, bytes]:
    """Every published file, as relative path -> bytes (pure: touches no disk)."""
    feed = build_feed(report.listings, taxonomy, source)
    return {"feed.json": render_feed(feed)}


def publish(
    root: Path | str = "listings",
    out: Path | str = "dist",
    *,
    taxonomy: Taxonomy | None = None,
    today: date | None = None,
) -> PublishResult:
    """Validate `root` and, only if it has no errors, replace `out` with fresh feeds.

    Raises PublishError (with the report) when there are errors and
    UnsafeOutputError when `out` is not safe to replace; `out` is then untouched.
    """
    check_output_folder(Path(out), Path(root))
    taxonomy = taxonomy or load_taxonomy()
    report = validate(root, taxonomy=taxonomy, today=today)
    if not report.ok:
        raise PublishError(report)
    files = build_files(report, taxonomy, current_commit(Path(root)))
    replace_folder(Path(out), files)
    return PublishResult(report, files)


def replace_folder(out: Path, files: dict[str, bytes]) -> None:
    """Write `files` into a new folder beside `out`, then swap it in place of `out`.

    If anything fails before the swap, the partial folder is removed and `out` is
    as it was. The swap is two renames; if the second fails the old folder is put back.
    """
    parent = out.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=parent))
    try:
        for relative, content in sorted(files.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(staging, 0o755)
        _swap_in(staging, out.resolve())
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap_in(staging: Path, out: Path) -> None:
    if not out.exists():
        os.rename(staging, out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    retired.rmdir()
    os.rename(out, retired)
    try:
        os.rename(staging, out)
    except BaseException:
        os.rename(retired, out)
        raise
    shutil.rmtree(retired, ignore_errors=True)
