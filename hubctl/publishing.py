"""Publish: validate, stream every feed into a new folder, then swap it in atomically.

Nothing is written unless the listings are valid, and the previous output folder
stays exactly as it was until the new one is complete (README: Published feeds).
Feeds come as chunks of bytes, written as they are made (by a second thread, while
this one makes the next), so memory holds the listings and a few batches of bytes,
never a whole feed.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import itertools
import os
import re
import shutil
import sys
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, BinaryIO

from hubctl.errors import HubctlError
from hubctl.expectations import assurance
from hubctl.feeds import FeedFile, whole_file
from hubctl.feeds.assurance_feed import assurance_document, render_assurance_file
from hubctl.feeds.csv_writer import render_csv_tables
from hubctl.feeds.datapackage import render_datapackage
from hubctl.feeds.feed_json import render_feed_file
from hubctl.feeds.geojson import render_sites_geojson
from hubctl.feeds.ical import render_calendars
from hubctl.feeds.manifest import ManifestEntries, ManifestEntry, render_manifest
from hubctl.feeds.oruk_mirror import DEFAULT_PAGE_SIZE, OrukMirror, check_page_size
from hubctl.gitinfo import ListingsCommit, listings_commit, source_date_epoch
from hubctl.listings import Listings
from hubctl.models import Activity, Branch, Hub
from hubctl.offer_coverage import CoverageReport, compute_coverage, compute_coverages
from hubctl.output_folder import (
    LOCK_WAIT_SECONDS,
    EarlierPublish,
    check_output_folder,
    publish_lock,
)
from hubctl.output_folder import OutputBusyError as OutputBusyError  # re-exported
from hubctl.output_folder import UnsafeOutputError as UnsafeOutputError  # re-exported
from hubctl.parallel_reading import SERIAL_READING, ReadOptions
from hubctl.progress import NO_PROGRESS, Progress
from hubctl.schemas import feed_schema, render_schema
from hubctl.taxonomy import Taxonomy, load_taxonomy
from hubctl.validation import InvalidListingsError, ValidationReport, validate
from hubctl.web_site import downloads_file, site_files


class PublishError(InvalidListingsError):
    """The listings have errors, so nothing was published."""

    def __init__(self, report: ValidationReport) -> None:
        super().__init__(report, "nothing was published")


class FeedsNotWrittenError(HubctlError, OSError):
    """The machine refused to write the feeds (disk full, read-only); --out is unchanged."""


class EmptyFeedsError(HubctlError):
    """The new feeds would hold no authority or no activity where the old ones held some."""


@dataclass(frozen=True)
class PublishResult:
    """What a publish wrote: the validation report and each file's manifest entry by path.

    `files` holds every file in --out, manifest.json included, in the order written.
    """

    report: ValidationReport
    files: ManifestEntries


@dataclass(frozen=True)
class PlannedFeeds:
    """The files a publish writes (but manifest.json), each made when it is reached, and
    how many there are, known before any is made."""

    files: Iterable[FeedFile]
    count: int


def plan_feed_files(
    listings: Listings,
    taxonomy: Taxonomy,
    source: str | None,
    published_at: datetime,
    oruk_page_size: int = DEFAULT_PAGE_SIZE,
    assurance: FeedFile | None = None,
    site: Iterable[FeedFile] = (),
) -> PlannedFeeds:
    """Every published file but manifest.json and downloads.html (pure: touches no disk,
    reads no clock); `assurance` is assurance.json, made by the caller (it reads the
    registers), and `site` the web directory's pages (`web_site.site_files`).

    The few feed files are listed up front (their bytes are still made only as they
    are read); the Open Referral UK mirror's many files are made one page at a time.
    Raises ValueError for an `oruk_page_size` out of range.
    """
    listed: list[FeedFile] = [
        render_feed_file(listings, taxonomy, source),
        whole_file("feed.schema.json", render_schema(feed_schema()).encode("utf-8"), None),
        *render_csv_tables(listings, taxonomy),
        render_datapackage(taxonomy),
        render_sites_geojson(listings),
        *render_calendars(listings, taxonomy, published_at),
        *([assurance] if assurance is not None else []),
        *site,
    ]
    mirror = OrukMirror(listings, taxonomy, oruk_page_size)
    return PlannedFeeds(itertools.chain(listed, mirror.files()), len(listed) + mirror.file_count)


def generate_feed_files(
    listings: Listings,
    taxonomy: Taxonomy,
    source: str | None,
    published_at: datetime,
    oruk_page_size: int = DEFAULT_PAGE_SIZE,
) -> Iterator[FeedFile]:
    """The files of `plan_feed_files`, one by one."""
    return iter(plan_feed_files(listings, taxonomy, source, published_at, oruk_page_size).files)


def publication_time(listings: Listings, origin: ListingsCommit | None) -> datetime:
    """The time stamped on published files: reproducible, never the wall clock.

    SOURCE_DATE_EPOCH if set, else the time of `origin` (the last commit that touched
    the listings, as `source` names it), else midnight (UTC) of the latest
    `last_reviewed` date. Raises SourceDateError for a malformed SOURCE_DATE_EPOCH.
    """
    epoch = source_date_epoch(os.environ)
    if epoch is None and origin is not None:
        epoch = origin.time
    if epoch is not None:
        return datetime.fromtimestamp(epoch, tz=timezone.utc)
    # Authorities have no last_reviewed; every other listing does.
    dated: list[Hub | Branch | Activity] = [*listings.hubs, *listings.branches]
    dated += listings.activities
    reviewed = [listing.last_reviewed for listing in dated]
    latest = max(reviewed, default=date(1970, 1, 1))
    return datetime(latest.year, latest.month, latest.day, tzinfo=timezone.utc)


def publish(
    root: Path | str = "listings",
    out: Path | str = "dist",
    *,
    taxonomy: Taxonomy | None = None,
    today: date | None = None,
    allow_empty: bool = False,
    lock_timeout: float = LOCK_WAIT_SECONDS,
    on_wait: Callable[[str], None] | None = None,
    reading: ReadOptions = SERIAL_READING,
    oruk_page_size: int = DEFAULT_PAGE_SIZE,
    requirements_dir: Path | None = None,
) -> PublishResult:
    """Validate `root` and, only if it has no errors, replace `out` with fresh feeds.

    `out` must be missing, empty or hold exactly an earlier publish (see
    output_folder). Feeds with no authority or no activity replace feeds with
    both only when `allow_empty`. A publish into the same `out` waits for up to
    `lock_timeout` seconds for another to finish, telling `on_wait` once. `reading`
    is passed to `validate` (worker processes, cache, progress); its progress is then
    told of the "writing feeds" stage, one step per file. The Open Referral UK mirror's
    pages hold `oruk_page_size` items (1 to 10,000). assurance.json judges coverage and
    the expectations on the publication date, with the profiles of `requirements_dir`
    (default: the shipped ones).

    Raises PublishError (with the report) when there are errors, ValueError for a page
    size out of range, UnsafeOutputError when `out` is not safe to replace, EmptyFeedsError,
    OutputBusyError, SourceDateError for a malformed SOURCE_DATE_EPOCH, and
    OSError when the disk fails; `out` is then untouched.
    """
    root, out = Path(root), Path(out)
    check_page_size(oruk_page_size)
    check_output_folder(out, root)  # fail fast, before the work of validating
    taxonomy = taxonomy or load_taxonomy()
    report = validate(
        root, taxonomy=taxonomy, today=today, reading=reading, requirements_dir=requirements_dir
    )
    if not report.ok:
        raise PublishError(report)
    read_files = (source.path.relative_to(root).as_posix() for source in report.listings.sources)
    origin = listings_commit(root, read_files)
    published_at = publication_time(report.listings, origin)
    source = origin.source if origin is not None else None
    on = published_at.date()
    coverage = compute_coverages(
        report.listings, taxonomy, on, ("authority", "hub"), requirements_dir=requirements_dir
    )
    by_authority, by_hub = coverage["authority"], coverage["hub"]
    assurance = assurance_file(
        report.listings, taxonomy, root, on, requirements_dir, coverage=by_authority
    )
    site = site_files(report.listings, taxonomy, by_hub, published_at, source, by_authority)
    try:
        with publish_lock(out, lock_timeout, on_wait):
            # Checked again under the lock: only now can nothing change `out` meanwhile.
            earlier = check_output_folder(out, root)
            if not allow_empty:
                refuse_emptying(earlier, report.listings, out)
            planned = plan_feed_files(
                report.listings, taxonomy, source, published_at, oruk_page_size, assurance, site
            )
            progress = reading.progress
            progress.start("writing feeds", planned.count + 2)  # + downloads, manifest
            entries = replace_folder(
                out, planned.files, source, published_at, progress, with_downloads=True
            )
    except OSError as error:
        # A full disk or a read-only folder is the machine's problem, not a bug.
        raise FeedsNotWrittenError(
            f"cannot write the feeds ({error.strerror or error}); the previous "
            f"{out.as_posix()} is unchanged"
        ) from error
    return PublishResult(report, entries)


def assurance_file(
    listings: Listings,
    taxonomy: Taxonomy,
    root: Path,
    on: date,
    requirements_dir: Path | None = None,
    coverage: CoverageReport | None = None,
) -> FeedFile:
    """assurance.json: each authority's coverage and expectations on `on` (the
    publication date, so the same listings publish the same bytes); `coverage`, when
    given, is that coverage by authority, already computed. Raises ProfileError for a
    profile that cannot be used."""
    if coverage is None:
        coverage = compute_coverage(listings, taxonomy, on, requirements_dir=requirements_dir)
    expectations = assurance(coverage, root, taxonomy, requirements_dir)
    return render_assurance_file(assurance_document(expectations))


def refuse_emptying(earlier: EarlierPublish | None, listings: Listings, out: Path) -> None:
    """Raise EmptyFeedsError if feeds of `listings` would empty the earlier publish in `out`.

    Feeds are empty when they hold no authority or no activity; publishing them is
    refused only over an earlier publish that held both.
    """
    if earlier is None or not earlier.holds_records:
        return
    missing = [kind for kind in ("authority", "activity") if not listings.records_of(kind)]
    if missing:
        raise EmptyFeedsError(
            f"the listings hold no {' and no '.join(missing)}, but {out.as_posix()} holds "
            "feeds that do; nothing was published (check --listings, or give --allow-empty "
            "to publish empty feeds over them)"
        )


def replace_folder(
    out: Path,
    feed_files: Iterable[FeedFile],
    source: str | None,
    published_at: datetime,
    progress: Progress = NO_PROGRESS,
    with_downloads: bool = False,
) -> ManifestEntries:
    """Write `feed_files` and their manifest.json into a new folder beside `out`, then swap.

    With `with_downloads`, the web directory's downloads.html, which lists the files
    written before it with their sizes and checksums, is written after them and before
    the manifest.

    Call it holding publish_lock(out). Each file is streamed to disk batch by batch
    (see write_feed_files) while its size and sha256 are taken for the manifest, and
    all are synced to disk before the swap; returns every file's entry, the
    manifest's last. If anything fails before the
    swap (a feed raising half way included), the partial folder is removed and `out`
    is as it was. On Linux the swap is one atomic exchange; elsewhere it is two
    renames, and if the second fails the old folder is put back. Staging folders left
    by a killed publish are removed first.
    """
    target = out.resolve()
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    remove_leftover_staging(target)
    staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(target), dir=parent))
    # Open before any file is written, so its syncfs reports every writeback error since.
    descriptor = os.open(staging, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        entries = write_feed_files(staging, feed_files, progress)
        if with_downloads:
            entries.append(_write_feed_file(staging, downloads_file(entries, published_at, source)))
            progress.advance()
        manifest = render_manifest(entries, source, published_at)
        entries.append(_write_feed_file(staging, manifest))
        progress.advance()
        os.chmod(staging, 0o755)
        sync_folder(staging, descriptor)
        _swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        os.close(descriptor)
    return entries


# Bytes gathered before each write: few system calls, little memory.
_WRITE_BUFFER = 1024 * 1024
# Writes handed to the writer thread and not yet done, at most: bounds the memory
# (a few batches) and lets an error surface soon after it happens.
_WRITES_IN_FLIGHT = 3


def write_feed_files(
    folder: Path, feed_files: Iterable[FeedFile], progress: Progress = NO_PROGRESS
) -> ManifestEntries:
    """Write each of `feed_files` into `folder`; their manifest entries, in that order.

    This thread makes the bytes; a second one writes and hashes them meanwhile (the
    system calls and sha256 let go of the GIL), so the disk's time hides behind the
    feeds' own. The files are not synced one by one (the mirror has a file per service):
    `sync_folder` does it once. Raises the first OSError either thread met; a file
    whose bytes fail half way is closed, and the caller removes `folder`.
    """
    entries = ManifestEntries()  # appended by the writer, in the order handed over
    in_flight: deque[Future[Any]] = deque()
    folders: set[Path] = {folder}
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="hubctl-write") as writer:

        def hand_over(future: Future[Any]) -> None:
            in_flight.append(future)
            while len(in_flight) > _WRITES_IN_FLIGHT:
                in_flight.popleft().result()  # waits for it, raises what it raised

        # Files whose last (for most, only) batch is made, handed over together: the
        # mirror's files are a few kB each, and a task per file kept this thread waiting.
        ending: list[tuple[_FileSink, bytes, FeedFile]] = []
        ending_bytes = 0

        def hand_over_ending() -> None:
            nonlocal ending, ending_bytes
            if ending:
                # Taken first: a hand-over that raises must not leave them to hand again.
                files, ending, ending_bytes = ending, [], 0
                hand_over(writer.submit(_finish_files, files, entries))

        for feed_file in feed_files:
            sink = _FileSink(folder / feed_file.path, folders)
            batches = _batches(feed_file.chunks())
            try:
                batch = next(batches)
                for following in batches:
                    hand_over_ending()  # the files before this one are written first
                    hand_over(writer.submit(sink.write, batch))
                    batch = following
            except BaseException:
                try:
                    hand_over_ending()
                finally:
                    writer.submit(sink.close)
                raise
            ending.append((sink, batch, feed_file))
            ending_bytes += len(batch)
            if ending_bytes >= _WRITE_BUFFER or len(ending) >= _FILES_PER_TASK:
                hand_over_ending()
            progress.advance()
        hand_over_ending()
        while in_flight:
            in_flight.popleft().result()
    return entries


# Small files handed to the writer in one task, at most.
_FILES_PER_TASK = 256


def _finish_files(
    ending: list[tuple[_FileSink, bytes, FeedFile]], entries: ManifestEntries
) -> None:
    for sink, batch, feed_file in ending:
        sink.finish(batch, feed_file, entries)


def _batches(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The chunks joined into pieces of about _WRITE_BUFFER bytes: at least one, the last
    one smaller."""
    batch: list[bytes] = []
    size = 0
    for chunk in chunks:
        batch.append(chunk)
        size += len(chunk)
        if size >= _WRITE_BUFFER:
            yield b"".join(batch)
            batch, size = [], 0
    yield b"".join(batch)


class _FileSink:
    """One feed file being written (by the writer thread): its size and sha256 so far.

    Opened at its first write; `folders` are those known to exist (the writer's own).
    """

    def __init__(self, path: Path, folders: set[Path]) -> None:
        self._path = path
        self._folders = folders
        self._handle: BinaryIO | None = None
        self._digest = hashlib.sha256()
        self._size = 0

    def write(self, batch: bytes) -> None:
        if self._handle is None:
            parent = self._path.parent
            if parent not in self._folders:
                parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(parent)
            # Closed by finish, or by close when its bytes fail: it outlives this call.
            self._handle = open(self._path, "xb")  # noqa: SIM115
        self._handle.write(batch)
        self._digest.update(batch)
        self._size += len(batch)

    def finish(self, batch: bytes, feed_file: FeedFile, entries: ManifestEntries) -> None:
        """Write the last batch, close the file and add its entry to `entries`."""
        try:
            self.write(batch)
        finally:
            self.close()
        entries.append(
            ManifestEntry(feed_file.path, self._size, self._digest.hexdigest(), feed_file.records)
        )

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()


def _write_feed_file(folder: Path, feed_file: FeedFile) -> ManifestEntry:
    """Write `feed_file` into `folder` (in this thread); its entry for the manifest."""
    return write_feed_files(folder, [feed_file])[feed_file.path]


def sync_folder(folder: Path, descriptor: int | None = None) -> None:
    """Put every file under `folder` on disk (before the folder is swapped in).

    One syncfs(2) of its file system on Linux 5.8 and later, rather than an fsync per
    file: a national mirror has hundreds of thousands. `descriptor`, the folder opened
    before its files were written, makes syncfs report every writeback error since.
    Elsewhere (older kernels' syncfs reports no error) each file and folder is fsynced.
    Raises OSError when the disk fails.
    """
    if _syncfs(folder, descriptor):
        return

    def refuse(error: OSError) -> None:
        raise error

    for parent, _, names in os.walk(folder, onerror=refuse):
        for name in names:
            _fsync_path(os.path.join(parent, name), os.O_RDONLY)
        _fsync_path(parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))


def _fsync_path(path: str, flags: int) -> None:
    descriptor = os.open(path, flags)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _syncfs(folder: Path, descriptor: int | None) -> bool:
    """syncfs(2) of the file system holding `folder`; False where it cannot be trusted
    to report a failed write (not Linux, Linux before 5.8, no syncfs in the C library)."""
    if not sys.platform.startswith("linux") or _kernel_version() < (5, 8):
        return False
    try:
        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return False
    opened = descriptor is None
    if descriptor is None:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        if syncfs(descriptor) != 0:
            error = ctypes.get_errno()
            if error == errno.ENOSYS:
                return False
            raise OSError(error, os.strerror(error), str(folder))
    finally:
        if opened:
            os.close(descriptor)
    return True


def _kernel_version() -> tuple[int, ...]:
    found = re.match(r"(\d+)\.(\d+)", os.uname().release)
    return (int(found.group(1)), int(found.group(2))) if found else (0, 0)


# tempfile.mkdtemp's random part: 8 characters of this alphabet.
_MKDTEMP_SUFFIX = re.compile(r"[a-z0-9_]{8}")


def _staging_prefix(target: Path) -> str:
    return f".{target.name}.new-"


def remove_leftover_staging(target: Path) -> None:
    """Remove the staging folders a killed publish into `target` left beside it.

    Matched by exact name (no glob: `--out 'dist[1]'` or `'d*'` must not reach a
    sibling's folders), and only names tempfile.mkdtemp gives. The feeds in
    `target` were never touched by such a publish, so a leftover is only clutter.
    """
    prefix = _staging_prefix(target)
    with os.scandir(target.parent) as entries:
        leftovers = [
            entry.path
            for entry in entries
            if entry.name.startswith(prefix)
            and _MKDTEMP_SUFFIX.fullmatch(entry.name[len(prefix) :])
            and entry.is_dir(follow_symlinks=False)
        ]
    for leftover in leftovers:
        shutil.rmtree(leftover, ignore_errors=True)


def _swap_in(staging: Path, out: Path) -> None:
    if not out.exists():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        # One atomic step: `out` is the new folder and `staging` holds the old one.
        shutil.rmtree(staging, ignore_errors=True)
        return
    # Without an atomic exchange, two renames: a kill between them leaves the old
    # feeds in a `.NAME.old-*` folder beside `out` rather than losing them.
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    retired.rmdir()
    os.rename(out, retired)
    try:
        os.rename(staging, out)
    except BaseException:
        os.rename(retired, out)
        raise
    shutil.rmtree(retired, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False  # a C library without renameat2 (glibc before 2.28, some others)
    status = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if status == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV):
        return False  # the file system cannot exchange; fall back to two renames
    raise OSError(error, os.strerror(error), str(second))
