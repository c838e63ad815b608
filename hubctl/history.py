"""The listings at a git revision, read from git's object store (README: hubctl diff).

The working tree and the index are never touched: `git ls-tree` names the files of a
commit and `git cat-file --batch` hands over their bytes, which are written into a
private temporary folder and then read by the ordinary `validate` path, so every
reading and safety rule holds for old revisions too. A symbolic link stored in git
becomes a link to nothing there (its target is never read), which discovery reports
as HUB015 as it would in a checkout.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import IO, Any

from hubctl.diagnostics import Diagnostic, diagnostic
from hubctl.discovery import display_path
from hubctl.errors import HubctlError, UsageError
from hubctl.listings import Record
from hubctl.parallel_reading import SERIAL_READING, ReadOptions
from hubctl.taxonomy import Taxonomy
from hubctl.validation import ValidationReport, validate

# What a link stored in git points at once written out: nothing, so nothing can follow it.
_LINK_STAND_IN = "hubctl-does-not-follow-links-stored-in-git"
_GIT_TIMEOUT_SECONDS = 300
_SYMLINK_MODE, _SUBMODULE_MODE = "120000", "160000"
_MISSING_AUTHORITY_FILE = "HUB208"


class NotARepositoryError(UsageError):
    """The listings folder is not inside a git repository (or git cannot be run): exit 2."""


class BadRevisionError(UsageError):
    """A revision names no commit of the repository: exit 2."""


class MissingListingsError(HubctlError):
    """The listings folder does not exist at HEAD: exit 1, as `validate` exits for HUB012.

    A typo in --listings would otherwise compare nothing with nothing and pass CI.
    """


@dataclass(frozen=True)
class Repository:
    """The git repository holding the listings, and where the listings are inside it."""

    top: Path  # `git rev-parse --show-toplevel`
    prefix: str  # the listings folder relative to `top`, with `/`; "" when it is `top`

    def relative(self, path_in_listings: str) -> str:
        """A path inside the listings folder as the repository names it (`listings/x.yaml`)."""
        return f"{self.prefix}/{path_in_listings}" if self.prefix else path_in_listings


@dataclass(frozen=True)
class Snapshot:
    """The validated listings of one side of a diff, with paths as the repository names them.

    `report.diagnostics` already carry repository paths; records keep the path they were
    read from, which `path_of` turns into the repository's.
    """

    label: str  # "main (1a2b3c4)" or "working tree"
    revision: str | None  # as the user gave it; None for the working tree
    commit: str | None  # the full hash; None for the working tree
    report: ValidationReport
    read_from: str  # the display path of the folder the files were read from
    repository: Repository

    def path_of(self, record: Record[Any]) -> str:
        """The repository path of the file a record was read from."""
        return self._relabel(record.source.display_path)

    def _relabel(self, shown: str) -> str:
        if shown == self.read_from:  # the listings folder itself (HUB012, HUB210)
            return self.repository.prefix or "."
        inside = shown.removeprefix(self.read_from + "/")
        return shown if inside == shown else self.repository.relative(inside)

    @property
    def invalid_paths(self) -> frozenset[str]:
        """Repository paths of the files with an error, or found yet giving no listing.

        A link or an unreadable file is not found as a listing at all; its error names it.
        """
        listings = self.report.listings
        valid = {record.source.display_path for record in listings.records}
        found = {
            self._relabel(s.display_path) for s in listings.sources if s.display_path not in valid
        }
        # HUB208 names the authority.yaml a folder lacks: a file that is not there is
        # removed, not invalid.
        named = {d.path for d in self.errors if d.code != _MISSING_AUTHORITY_FILE}
        return frozenset(found | named)

    @property
    def errors(self) -> list[Diagnostic]:
        """The errors of this side (the files that do not validate, and why)."""
        return self.report.errors


def find_repository(listings: Path) -> Repository:
    """The repository holding `listings` (which may not exist in the working tree).

    Raises NotARepositoryError when git finds no repository there or cannot be run.
    """
    absolute = Path(os.path.abspath(listings))
    start = next((p for p in (absolute, *absolute.parents) if p.is_dir()), absolute)
    completed = _run_git(start, ["rev-parse", "--show-toplevel"])
    if completed.returncode != 0:
        reason = _first_line(completed.stderr) or "git found no repository"
        raise NotARepositoryError(
            f"{listings.as_posix()} is not inside a git repository ({reason}); "
            "run hubctl diff in a clone of the listings repository, or pass --listings DIR"
        )
    top = Path(os.fsdecode(completed.stdout.rstrip(b"\n")))
    relative = os.path.relpath(absolute.resolve(), top.resolve())
    prefix = "" if relative == "." else Path(relative).as_posix()
    return Repository(top, prefix)


def resolve_commit(repository: Repository, revision: str) -> str:
    """The full hash of the commit `revision` names; BadRevisionError when it names none."""
    if not revision or revision.startswith("-"):
        raise BadRevisionError(f"{revision!r} is not a revision; give a branch, tag or commit")
    completed = _run_git(
        repository.top,
        ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"],
    )
    if completed.returncode != 0:
        base, dots, head = (
            revision.partition("...") if "..." in revision else revision.partition("..")
        )
        if dots:  # a range, as `git diff` takes it: hubctl wants its two ends
            ends = f"{base or 'HEAD'} {head or 'HEAD'}"
            raise BadRevisionError(
                f"{revision!r} is a range, not a revision; give its two ends: hubctl diff {ends}"
            )
        raise BadRevisionError(
            f"unknown revision {revision!r} in {repository.top.as_posix()}; give a branch, "
            "tag or commit that exists there (git log --oneline shows them; fetch it first "
            "in a shallow CI clone)"
        )
    return completed.stdout.decode("ascii").strip()


def snapshot_at(
    repository: Repository,
    revision: str,
    taxonomy: Taxonomy,
    today: date,
    reading: ReadOptions = SERIAL_READING,
    *,
    must_exist: bool = False,
) -> Snapshot:
    """The listings as committed at `revision`, validated on `today`.

    A revision without the listings folder holds no listings (a first commit of them
    is compared with nothing); with `must_exist` (HEAD) it raises MissingListingsError.
    Raises BadRevisionError for an unknown revision; never touches the working tree.
    """
    commit = resolve_commit(repository, revision)
    label = f"{revision} ({commit[:7]})"
    with tempfile.TemporaryDirectory(prefix="hubctl-diff-") as private:
        root = Path(private) / (Path(repository.prefix).name or "listings")
        root.mkdir()
        if not _write_tree(repository, commit, root) and must_exist:
            _raise_missing(repository.prefix or ".", f"at {label}")
        report = validate(root, taxonomy=taxonomy, today=today, reading=reading)
    return _snapshot(label, revision, commit, report, root, repository)


def snapshot_of_working_tree(
    repository: Repository,
    listings: Path,
    taxonomy: Taxonomy,
    today: date,
    reading: ReadOptions = SERIAL_READING,
) -> Snapshot:
    """The listings as they are on disk now (committed or not), validated on `today`.

    Raises MissingListingsError when the folder does not exist (a misspelt --listings).
    """
    if not listings.is_dir():
        _raise_missing(display_path(listings.as_posix()), "in the working tree")
    report = validate(listings, taxonomy=taxonomy, today=today, reading=reading)
    return _snapshot("working tree", None, None, report, listings, repository)


def _raise_missing(shown: str, where: str) -> None:
    missing = diagnostic(
        shown,
        1,
        1,
        "HUB012",
        "the listings folder does not exist; pass --listings DIR or run from the "
        "repository's top folder",
    )
    raise MissingListingsError(
        f"the listings folder {shown} does not exist {where}, so there is nothing to "
        "compare; check --listings",
        [missing],
    )


def _snapshot(
    label: str,
    revision: str | None,
    commit: str | None,
    report: ValidationReport,
    root: Path,
    repository: Repository,
) -> Snapshot:
    draft = Snapshot(label, revision, commit, report, display_path(root.as_posix()), repository)
    diagnostics = [
        replace(d, path=draft._relabel(d.path), message=_relabel_message(d.message, root, draft))
        for d in report.diagnostics
    ]
    return replace(draft, report=ValidationReport(report.listings, diagnostics))


def _relabel_message(message: str, root: Path, snapshot: Snapshot) -> str:
    """A message naming the folder a revision was read from names it as the repository
    does: the private temporary folder means nothing to a steward (HUB210 names it)."""
    if snapshot.commit is None:
        return message  # the working tree: the folder is the one the user named
    shown = snapshot.repository.prefix or "."
    for private in {root.as_posix(), snapshot.read_from}:
        message = message.replace(private, shown)
    return message


@dataclass(frozen=True)
class _TreeEntry:
    mode: str
    object_id: str
    relative: Path  # inside the listings folder


def _write_tree(repository: Repository, commit: str, root: Path) -> bool:
    """Write the files of the listings folder at `commit` under `root`; False when the
    commit has no such folder (git stores no empty folders, so no file means none)."""
    arguments = ["ls-tree", "-r", "-z", "--full-tree", commit]
    if repository.prefix:
        arguments += ["--", repository.prefix]
    completed = _run_git(repository.top, arguments)
    if completed.returncode != 0:
        raise BadRevisionError(
            f"git cannot list the files of {commit[:7]}: {_first_line(completed.stderr)}"
        )
    entries = _entries(completed.stdout, repository.prefix)
    blobs: list[_TreeEntry] = []
    for entry in entries:
        target = root / entry.relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if entry.mode == _SYMLINK_MODE:
            os.symlink(_LINK_STAND_IN, target)
        elif entry.mode == _SUBMODULE_MODE:
            target.mkdir(exist_ok=True)  # as an uninitialised submodule is checked out
        else:
            blobs.append(entry)
    _write_blobs(repository.top, blobs, root)
    return bool(entries) or not repository.prefix


def _entries(listing: bytes, prefix: str) -> list[_TreeEntry]:
    """The `ls-tree -z` records inside `prefix`; any path git would not check out is dropped."""
    inside = os.fsencode(prefix + "/") if prefix else b""
    entries = []
    for record in listing.split(b"\0"):
        header, tab, raw_path = record.partition(b"\t")
        if not tab or not raw_path.startswith(inside):
            continue
        mode, _, object_id = header.decode("ascii").split(" ")
        parts = os.fsdecode(raw_path[len(inside) :]).split("/")
        if any(part in ("", ".", "..") for part in parts):
            continue  # git refuses such paths; never write outside the private folder
        entries.append(_TreeEntry(mode, object_id, Path(*parts)))
    return entries


def _write_blobs(top: Path, blobs: Sequence[_TreeEntry], root: Path) -> None:
    """Stream the blobs through one `git cat-file --batch` into their files under `root`."""
    if not blobs:
        return
    process = subprocess.Popen(
        ["git", "cat-file", "--batch"],
        cwd=top,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=_git_environment(),
    )
    assert process.stdin is not None and process.stdout is not None
    # A thread feeds the ids while this one reads, so neither pipe can fill and stall.
    feeder = threading.Thread(target=_feed_ids, args=(process.stdin, blobs), daemon=True)
    feeder.start()
    try:
        for blob in blobs:
            header = process.stdout.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                raise OSError(f"git cat-file gave no blob for {blob.relative.as_posix()}")
            size = int(header[2])
            (root / blob.relative).write_bytes(process.stdout.read(size))
            process.stdout.read(1)  # the newline after each object
    finally:
        process.stdout.close()
        feeder.join()
        process.wait(timeout=_GIT_TIMEOUT_SECONDS)


def _feed_ids(stdin: IO[bytes], blobs: Sequence[_TreeEntry]) -> None:
    try:
        for blob in blobs:
            stdin.write(blob.object_id.encode("ascii") + b"\n")
        stdin.close()
    except BrokenPipeError:  # git stopped early; the reader reports it
        pass


def _run_git(folder: Path, arguments: list[str]) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *arguments],
            cwd=folder,
            capture_output=True,
            check=False,
            timeout=_GIT_TIMEOUT_SECONDS,
            env=_git_environment(),
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise NotARepositoryError(
            f"cannot run git ({error}); install git to use hubctl diff"
        ) from None


def _git_environment() -> dict[str, str]:
    # git must not refresh the index (a lock and a write) for any command run here.
    return {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}


def _first_line(output: bytes) -> str:
    lines = output.decode("utf-8", "replace").strip().splitlines()
    return lines[0].removeprefix("fatal: ") if lines else ""
