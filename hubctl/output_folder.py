"""Which --out folders publish may replace, and one publish at a time into each.

Publish replaces its --out whole, so it owns it: it replaces only a missing or
empty folder, or one holding exactly what an earlier hubctl publish wrote there,
as that publish's manifest.json lists it. A lock file beside --out
(`.<name>.lock`) keeps two publishes into one folder from running at once.
"""

from __future__ import annotations

import errno
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, TypeGuard

from hubctl.diagnostics import quoted
from hubctl.errors import HubctlError, UsageError
from hubctl.feeds.manifest import ManifestEntry

MANIFEST_NAME = "manifest.json"
# Far above a national manifest (a few hundred KiB); a bigger file is not ours.
MANIFEST_LIMIT = 16 * 1024 * 1024
_SHOWN_AT_MOST = 3
_SHA256 = re.compile(r"[0-9a-f]{64}")
# How long a second publish waits for the first by default, in seconds.
LOCK_WAIT_SECONDS = 60.0


class UnsafeOutputError(UsageError, ValueError):
    """--out names a folder that publishing would destroy (the listings, the working folder)."""


class OutputBusyError(HubctlError):
    """Another publish into the same --out held its lock for longer than we would wait."""


@dataclass(frozen=True)
class EarlierPublish:
    """What hubctl's own manifest.json in --out says an earlier publish wrote there."""

    records: dict[str, int | None]

    @property
    def holds_records(self) -> bool:
        """False only when the manifest says no authority or no activity was published.

        An entry that is missing (a manifest of another layout) counts as holding
        records, so doubt keeps the old feeds.
        """
        return all(
            self.records.get(table, 1) != 0
            for table in ("csv/authorities.csv", "csv/activities.csv")
        )


def check_output_folder(out: Path, root: Path) -> EarlierPublish | None:
    """Refuse an --out that publishing must not replace; return the earlier publish there.

    Returns None when `out` is missing or empty. Raises UnsafeOutputError when
    `out` is, or holds, the listings or the current folder; is not a folder; or is
    a non-empty folder without hubctl's own manifest.json, or holding anything that
    manifest does not list.
    """
    target = out.resolve()
    for precious, what in ((root.resolve(), "the listings"), (Path.cwd(), "the current folder")):
        if target == precious or target in precious.parents:
            raise UnsafeOutputError(
                f"--out {out} would replace {what}; choose a separate folder such as dist"
            )
    if not os.path.lexists(target):
        return None
    if not target.is_dir():
        raise UnsafeOutputError(f"--out {out} is a file, not a folder; choose another --out")
    if not any(target.iterdir()):
        return None
    manifest = _read_manifest(target / MANIFEST_NAME)
    if isinstance(manifest, str):
        raise UnsafeOutputError(
            f"--out {out} is not empty and {manifest}, so hubctl did not publish it; publishing "
            "replaces the whole folder, so choose an empty or new folder"
        )
    foreign = _unlisted_entries(target, set(manifest.records) | {MANIFEST_NAME})
    if foreign:
        shown = ", ".join(foreign[:_SHOWN_AT_MOST])
        more = f" and {len(foreign) - _SHOWN_AT_MOST} more" if len(foreign) > _SHOWN_AT_MOST else ""
        raise UnsafeOutputError(
            f"--out {out} holds {shown}{more}, which its manifest.json does not list; publishing "
            "replaces the whole folder, so move them elsewhere or choose another --out"
        )
    return manifest


def _read_manifest(path: Path) -> EarlierPublish | str:
    """The manifest hubctl wrote at `path`, or why it is not one (a phrase for a message)."""
    if path.is_symlink() or not path.is_file():
        return "has no manifest.json from an earlier publish"
    try:
        if path.stat().st_size > MANIFEST_LIMIT:
            return "its manifest.json is too large to be hubctl's"
        document = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError, RecursionError):  # RecursionError: deeply nested JSON
        return "its manifest.json is not readable JSON"
    records = _manifest_records(document)
    if records is None:
        return "its manifest.json is not one hubctl writes"
    return EarlierPublish(records)


def _manifest_records(document: Any) -> dict[str, int | None] | None:
    """Path -> record count from a manifest of the shape feeds/manifest.py writes, else None."""
    if next(manifest_problems(document), None) is not None:
        return None
    return {entry.path: entry.records for entry in manifest_entries(document)}


@dataclass(frozen=True)
class ManifestProblem:
    """One way a manifest.json differs from the shape publish writes: where, and what."""

    pointer: tuple[str | int, ...]  # the keys and indexes leading to the wrong value
    message: str


def manifest_problems(document: Any) -> Iterator[ManifestProblem]:
    """Every way the parsed `document` differs from the manifest.json publish writes.

    That is an object with text `schema_version` and `published_at`, a `source` of text
    or null, and `files`: objects with a relative forward-slash `path` (not manifest.json,
    each once), whole-number `bytes`, 64 hex digits of `sha256` and a whole-number or null
    `records`. Messages quote nothing longer than `quoted` allows.
    """
    if not isinstance(document, dict):
        yield ManifestProblem((), "the manifest must be a JSON object")
        return
    for key in ("schema_version", "published_at"):
        if not isinstance(document.get(key), str):
            yield ManifestProblem((key,), f"{key} must be text")
    if "source" not in document or not isinstance(document["source"], str | None):
        yield ManifestProblem(("source",), "source must be text or null")
    files = document.get("files")
    if not isinstance(files, list):
        yield ManifestProblem(("files",), "files must be a list of the published files")
        return
    seen: set[str] = set()
    for index, entry in enumerate(files):
        where = f"files[{index}]"
        if not isinstance(entry, dict):
            yield ManifestProblem(("files", index), f"{where} must be an object")
            continue
        path = entry.get("path")
        if not _is_own_path(path):
            yield ManifestProblem(
                ("files", index, "path"),
                f"{where}.path must be a relative path inside the folder, with forward "
                "slashes and no empty, '.' or '..' part (and not manifest.json)",
            )
        elif path in seen:
            yield ManifestProblem(
                ("files", index, "path"), f"{where}.path lists {quoted(path)} a second time"
            )
        else:
            seen.add(path)
        if not _is_count(entry.get("bytes")):
            yield ManifestProblem(
                ("files", index, "bytes"), f"{where}.bytes must be a whole number (0 or more)"
            )
        if not _SHA256.fullmatch(str(entry.get("sha256"))):
            yield ManifestProblem(
                ("files", index, "sha256"),
                f"{where}.sha256 must be 64 lower-case hexadecimal digits",
            )
        if entry.get("records") is not None and not _is_count(entry["records"]):
            yield ManifestProblem(
                ("files", index, "records"),
                f"{where}.records must be a whole number (0 or more) or null",
            )


def manifest_entries(document: Any) -> list[ManifestEntry]:
    """The files of a manifest `manifest_problems` finds nothing wrong with, in its order."""
    return [
        ManifestEntry(entry["path"], entry["bytes"], entry["sha256"], entry.get("records"))
        for entry in document["files"]
    ]


def _is_count(value: object) -> bool:
    return type(value) is int and value >= 0  # bool is not a count


def _is_own_path(path: object) -> TypeGuard[str]:
    """A relative forward-slash path with no '.', '..' or empty part, as publish writes."""
    if not isinstance(path, str) or not path or "\\" in path or "\0" in path:
        return False
    parts = path.split("/")
    return path != MANIFEST_NAME and all(part not in ("", ".", "..") for part in parts)


def _unlisted_entries(folder: Path, listed: set[str]) -> list[str]:
    """Files and folders under `folder` that `listed` does not account for, sorted.

    A listed path must be a regular file (not a link); a folder must lead to one.
    An unlisted folder is named once (with a trailing '/'), not walked.
    """
    folders = {str(parent) for path in listed for parent in PurePosixPath(path).parents}
    unlisted = []
    pending = [""]
    while pending:
        prefix = pending.pop()
        with os.scandir(folder / prefix if prefix else folder) as entries:
            for entry in entries:
                relative = f"{prefix}{entry.name}"
                if entry.is_dir(follow_symlinks=False) and relative in folders:
                    pending.append(relative + "/")
                elif entry.is_file(follow_symlinks=False) and relative in listed:
                    continue
                else:
                    unlisted.append(relative + ("/" if entry.is_dir() else ""))
    return sorted(unlisted)


def lock_path(out: Path) -> Path:
    """The lock file beside `out` that one publish into it holds at a time."""
    target = out.resolve()
    return target.parent / f".{target.name}.lock"


@contextmanager
def publish_lock(
    out: Path, timeout: float, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the lock on `out` (creating its parent folders) for the body of a `with`.

    If another publish holds it, tell `on_wait` once and wait for up to `timeout`
    seconds, then raise OutputBusyError. The lock is the operating system's, so a
    killed publish releases it; the lock file is removed when the lock is let go.
    """
    path = lock_path(out)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        # A file where the folder should be: say so rather than "File exists".
        raise NotADirectoryError(
            errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path.parent)
        ) from None
    deadline = time.monotonic() + timeout
    pause = 0.01
    told = False
    while True:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        if _try_lock(descriptor):
            if _is_current(descriptor, path):
                break
            # The holder removed the file as we opened it: lock the file now there.
            os.close(descriptor)
            continue
        os.close(descriptor)
        if not told and on_wait is not None:
            on_wait(f"waiting for another publish into {out.as_posix()} ...")
            told = True
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise OutputBusyError(
                f"another publish into {out.as_posix()} is still running after {timeout:g} s; "
                f"try again when it has finished (if none is running, another program holds "
                f"{path.as_posix()})"
            )
        time.sleep(min(pause, remaining))
        pause = min(pause * 2, 0.25)
    try:
        yield
    finally:
        _unlink_held(path)
        os.close(descriptor)  # closing releases the lock


def _is_current(descriptor: int, path: Path) -> bool:
    """True when `descriptor` is the file at `path` now (not one removed meanwhile)."""
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(descriptor)
    return (held.st_dev, held.st_ino) == (on_disk.st_dev, on_disk.st_ino)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(descriptor: int) -> bool:
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlink_held(path: Path) -> None:
        pass  # Windows cannot remove an open file; the next publish locks it again

else:
    import fcntl

    def _try_lock(descriptor: int) -> bool:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlink_held(path: Path) -> None:
        # Removed while still locked, so a waiter that opened it sees it is gone
        # (_is_current) and locks a fresh file instead.
        path.unlink(missing_ok=True)
