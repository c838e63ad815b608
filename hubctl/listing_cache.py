"""The incremental cache: each file's own result, kept between runs (README: Performance).

One pack file per listings folder holds, for every valid listing file, what checking it
on its own gave (its model, the facts the checks across files read, its diagnostics),
keyed by the file's path and checked against the SHA-256 of its bytes, with a
size+mtime+ctime+inode fast path as git's index has. The checks across files are never
cached: they run on the whole set every time.

The pack is an index (paths, status, digests, facts, diagnostics, and the taxonomy's
area ids and required flags) followed by the pickled models, so `validate`, which needs
no model, reads only the index, and a run whose files are all unchanged loads neither the
YAML reader nor pydantic; each model is read from the pack when coverage or publish
first asks for it, so the models area is never held in memory beside the models.

Listings come from untrusted pull requests, and a cache folder can be committed by one,
so nothing in the cache is believed before it is authenticated:
- the pack's index is authenticated with HMAC-SHA256 under a key kept outside every
  repository (`$XDG_CACHE_HOME/hubctl/cache-key`, made on first use, readable by its owner
  only); a pack not written with this machine's key (crafted, copied, truncated, corrupt)
  is ignored and rebuilt, and its bytes are never unpickled. The index holds the SHA-256
  of each model that follows it, checked when it is read: a model that fails it is never
  unpickled, it is read from its file again and the pack is removed, to be rebuilt;
- only after that check is the pack unpickled, and then with unpicklers that refuse every
  class but the listing models, their facts and `datetime.date` (defence in depth: even
  a pack signed by this machine cannot name another class); an entry of the wrong shape
  is ignored;
- a pack for another hubctl (its code, its libraries), taxonomy or listings folder is
  ignored;
- it is written to a temporary file and renamed, so concurrent runs never see half a pack;
- files are opened relative to the cache folder without following links, and nothing is
  written outside it. Any failure (an unwritable folder, a full disk) means no cache.
An authenticated entry is trusted as this machine's own earlier result: its model is
rebuilt as it was (unpickled), not validated again, which is what makes a warm run cheap.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import importlib.util
import io
import os
import pickle
import secrets
import stat
import sys
import time
import weakref
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from hubctl import __version__
from hubctl.diagnostics import Diagnostic
from hubctl.discovery import SourceFile
from hubctl.file_outcome import NO_HINT_SETTINGS, FileOutcome, HintSettings, unreadable_outcome
from hubctl.file_reading import UnreadableFile, read_file_bytes_and_status
from hubctl.listing_facts import ListingFacts
from hubctl.taxonomy_source import KnownAreas

if TYPE_CHECKING:
    from hubctl.checks import HasKnownAreas

CACHE_FOLDER_NAME = ".hubctl_cache"
_MAGIC = b"hubctl-cache 6 "
# The first line (magic and MAC) and the second (the index's length) are at most this long.
_HEADER_BYTES = 128
_KEY_BYTES = 32
_DIGEST_BYTES = 32  # a model's SHA-256 in the index
_PICKLE_PROTOCOL = 5
# A file changed less than this long before it was read is checked by its hash next time,
# never by its status alone: a second change within the file system's timestamp tick
# would leave size, mtime and ctime as they were ("racily clean", as git calls it).
RACY_NANOSECONDS = 2_000_000_000
# The pack is rewritten when more than one entry in this many differs (ListingCache.save).
REWRITE_EVERY = 200
# The libraries whose behaviour shapes a file's result (phone numbering plan included):
# the module each installs, and its distribution's name as its `.dist-info` folder has it.
_LIBRARIES = (
    ("pydantic", "pydantic"),
    ("pydantic_core", "pydantic_core"),
    ("yaml", "pyyaml"),
    ("phonenumbers", "phonenumbers"),
)

# An entry: (path, kind, size, mtime_ns, ctime_ns, inode, status_ok, sha256, model blob,
# diagnostics as (line, column, code, severity, message), ListingFacts). The model blob is
# bytes, or a `StoredModel` for an entry read from a pack (in the pack's index it is the
# model's (offset, length, SHA-256) in the models that follow the index).
Entry = tuple[Any, ...]
_ENTRY_FIELDS = 11


def default_cache_dir(listings: Path) -> Path:
    """Where the cache lives: `$HUBCTL_CACHE_DIR`, else `.hubctl_cache/` beside the listings."""
    configured = os.environ.get("HUBCTL_CACHE_DIR")
    if configured:
        return Path(configured)
    return listings.absolute().parent / CACHE_FOLDER_NAME


def cache_context(taxonomy_identity: str) -> str:
    """A digest of everything besides a file's bytes that its result depends on.

    hubctl's version and the source of every module of the package (a changed model or
    message invalidates the cache even between releases), the libraries' versions,
    Python's, and the taxonomy in use (its `identity`).
    """
    digest = hashlib.sha256()
    digest.update(f"{__version__}\0{sys.version}\0".encode())
    for library, distribution in _LIBRARIES:
        digest.update(f"{library}={_installed_version(library, distribution)}\0".encode())
    digest.update(_package_digest())
    digest.update(taxonomy_identity.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


@functools.cache
def _package_digest() -> bytes:
    """The SHA-256 of every module of the package, read once per process (the listing
    cache and the register memo both ask for it in one run)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for module in sorted(package.rglob("*.py")):
        digest.update(module.relative_to(package).as_posix().encode() + b"\0")
        digest.update(module.read_bytes())
    return digest.digest()


def _installed_version(module: str, distribution: str) -> str:
    """The installed version of the library that provides `module`, without importing it.

    Read from the name of its `<name>-<version>.dist-info` folder beside the module, as
    pip installs it: importlib.metadata alone takes a tenth of a second to import, which
    a warm run cannot spare. Anything else (an egg, an editable install) asks it.
    """
    spec = importlib.util.find_spec(module)
    if spec is not None and spec.origin:
        prefix = distribution.lower() + "-"
        for name in _names_in(str(Path(spec.origin).parent.parent)):
            version = name[len(prefix) : -len(".dist-info")]
            # The version starts with a digit: `x-tools-1.3` is not `x`'s.
            if (
                name.lower().startswith(prefix)
                and name.endswith(".dist-info")
                and version[:1].isdigit()
            ):
                return version
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "?"


@functools.cache
def _names_in(folder: str) -> tuple[str, ...]:
    try:
        return tuple(os.listdir(folder))
    except OSError:
        return ()


@functools.cache
def _model_classes() -> dict[tuple[str, str], type]:
    """The only classes a pickled model may name: the listing models, the models they
    hold (some defined outside hubctl.models) and their dates (loaded with the models,
    when the first model is built)."""
    from hubctl.models import LISTING_MODEL_CLASSES

    allowed: dict[tuple[str, str], type] = {
        (model.__module__, model.__qualname__): model for model in LISTING_MODEL_CLASSES
    }
    allowed[("datetime", "date")] = date
    return allowed


# The only classes a pack's index may name: the facts and dates.
_PACK_CLASSES: dict[tuple[str, str], type] = {
    ("datetime", "date"): date,
    ("hubctl.listing_facts", "ListingFacts"): ListingFacts,
}


class _AllowListUnpickler(pickle.Unpickler):
    """An unpickler that refuses every class but those of `allowed`."""

    def __init__(self, data: bytes | memoryview, allowed: dict[tuple[str, str], type]) -> None:
        super().__init__(io.BytesIO(data))
        self._allowed = allowed

    def find_class(self, module: str, name: str) -> Any:
        found = self._allowed.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} may not be unpickled here")
        return found


def model_blob(listing: Any) -> bytes:
    """A validated model as bytes for the cache or for the way back from a worker."""
    return pickle.dumps(listing, protocol=_PICKLE_PROTOCOL)


def load_model(blob: bytes) -> Any:
    """The model `model_blob` made (from this process, a worker, or an authenticated pack)."""
    return _AllowListUnpickler(blob, _model_classes()).load()


class _StoredModels:
    """The models area of a pack, left on disk: each model is read when first asked for
    and checked against the SHA-256 the authenticated index gave for it, never unpickled
    if it fails. So the area (150 MB at national size) is never held in memory beside the
    models built from it."""

    def __init__(self, descriptor: int, start: int, length: int, on_damage: Any) -> None:
        self._descriptor = descriptor
        self._start, self.length = start, length
        self._on_damage = on_damage
        # The pack stays open (and so the models are those of the index even if another
        # run replaces the pack meanwhile) until no entry of it is left.
        weakref.finalize(self, os.close, descriptor)

    def read(self, offset: int, length: int, sha256: bytes) -> bytes | None:
        """The model at `offset`, or None when it is damaged (the pack is then removed,
        to be rebuilt by the next run)."""
        try:
            data = _read_at(self._descriptor, self._start + offset, length)
        except OSError:
            data = b""
        if hmac.compare_digest(hashlib.sha256(data).digest(), sha256):
            return data
        self._on_damage()
        return None


class StoredModel:
    """One entry's pickled model in a pack's models area (`StoredModelBytes`)."""

    __slots__ = ("_area", "_length", "_offset", "_sha256")

    def __init__(self, area: _StoredModels, offset: int, length: int, sha256: bytes) -> None:
        self._area, self._offset, self._length, self._sha256 = area, offset, length, sha256

    def read(self) -> bytes | None:
        """The pickled model, or None if it is damaged."""
        return self._area.read(self._offset, self._length, self._sha256)


def _blob_bytes(blob: Any) -> bytes | None:
    return blob.read() if isinstance(blob, StoredModel) else blob


class CheckedFile(NamedTuple):
    """A file's outcome and the pack entry to keep for it (None: keep nothing)."""

    outcome: FileOutcome
    entry: Entry | None


def check_file(
    source: SourceFile,
    entry: Entry | None,
    hints: HintSettings = NO_HINT_SETTINGS,
    *,
    keep: bool = True,
) -> CheckedFile:
    """Read and check one file, reusing `entry` (its pack entry) if its bytes match.

    Runs in worker processes too. Never raises for bad content. With `keep`, a valid
    file's outcome comes with the entry the pack is to keep for it, its model pickled;
    only valid files are kept: an invalid one's messages may name today's date
    (`hints`), and invalid files are few.
    """
    try:
        raw, status = read_file_bytes_and_status(source.path)
    except UnreadableFile as problem:
        return CheckedFile(
            unreadable_outcome(source.display_path, problem.code, problem.message), None
        )
    sha256 = hashlib.sha256(raw).hexdigest()
    outcome = None
    if entry is not None and entry[7] == sha256:
        outcome = outcome_from_entry(entry, source)
    if outcome is None:
        from hubctl.file_checks import check_bytes  # the YAML reader and the models

        outcome = check_bytes(raw, source.kind, source.display_path, hints)
    if outcome.facts is None or not keep:
        return CheckedFile(outcome, None)
    return CheckedFile(outcome, _entry(source, status, sha256, outcome))


def _entry(source: SourceFile, status: os.stat_result, sha256: str, outcome: FileOutcome) -> Entry:
    assert outcome.facts is not None
    changed = max(status.st_mtime_ns, status.st_ctime_ns)
    blob = outcome.model_blob if outcome.listing is None else model_blob(outcome.listing)
    return (
        source.display_path,
        source.kind,
        status.st_size,
        status.st_mtime_ns,
        status.st_ctime_ns,
        status.st_ino,
        changed < time.time_ns() - RACY_NANOSECONDS,
        sha256,
        blob,
        tuple((d.line, d.column, d.code, d.severity, d.message) for d in outcome.diagnostics),
        outcome.facts,
    )


def outcome_from_entry(entry: Entry, source: SourceFile) -> FileOutcome | None:
    """The outcome a pack entry holds for `source`, or None if it does not fit it.

    The model stays pickled (`model_blob`) until a consumer asks for it.
    """
    try:
        if entry[0] != source.display_path or entry[1] != source.kind:
            return None
        diagnostics = (
            tuple(
                Diagnostic(
                    source.display_path, int(line), int(column), str(code), str(message), severity
                )
                for line, column, code, severity, message in entry[9]
            )
            if entry[9]
            else ()
        )
        blob, facts = entry[8], entry[10]
        if not isinstance(blob, bytes | StoredModel) or not isinstance(facts, ListingFacts):
            return None
        return FileOutcome(None, diagnostics, facts=facts, model_blob=blob)
    except (IndexError, TypeError, ValueError):
        return None


def without_model(checked: CheckedFile) -> CheckedFile:
    """`checked` with its model as bytes only: what a worker sends back, so the model is
    pickled once (for the way back and the pack alike) and built only where needed."""
    outcome = checked.outcome
    if outcome.listing is None:
        return checked
    blob = checked.entry[8] if checked.entry is not None else model_blob(outcome.listing)
    return CheckedFile(
        FileOutcome(None, outcome.diagnostics, outcome.venues, outcome.raw_id, outcome.facts, blob),
        checked.entry,
    )


class ListingCache:
    """The pack of one listings folder: read once at the start of a run, written at its end."""

    def __init__(
        self, folder: Path, root: Path, context: str, taxonomy: HasKnownAreas | None = None
    ) -> None:
        """The pack of `root` in `folder`, if one was written under `context`
        (`cache_context`). `taxonomy` gives the areas the pack is to record for that
        context (`known_areas`); None records none."""
        self.folder = folder
        self._taxonomy = taxonomy
        # The taxonomy's areas as the pack read recorded them, if it recorded any.
        self.known_areas: KnownAreas | None = None
        self._root_name = root.absolute().as_posix()
        self._context = context
        self._name = (
            hashlib.sha256(self._root_name.encode("utf-8", "surrogateescape")).hexdigest()[:32]
            + ".pack"
        )
        self._key = _cache_key()
        self._entries: dict[str, Entry] = {}
        if self._key is not None:
            self._read_pack()

    @property
    def usable(self) -> bool:
        """False when no key could be had: then nothing is read or written."""
        return self._key is not None

    def entry(self, source: SourceFile, *, portable: bool = False) -> Entry | None:
        """The pack's entry for `source`'s path, if any (not yet checked against the file).

        `portable`: with its model as bytes, so that it can go to a worker process (this
        reads the pack's models)."""
        entry = self._entries.get(source.display_path)
        if entry is None or not portable or isinstance(entry[8], bytes):
            return entry
        blob = _blob_bytes(entry[8])
        return None if blob is None else (*entry[:8], blob, *entry[9:])

    def fresh(self, source: SourceFile) -> CheckedFile | None:
        """The cached outcome of `source` if its status says it is unchanged (no read)."""
        entry = self._entries.get(source.display_path)
        if entry is None or entry[6] is not True:
            return None
        try:
            status = os.lstat(source.location)
        except OSError:
            return None
        if (
            not stat.S_ISREG(status.st_mode)
            or (
                status.st_size,
                status.st_mtime_ns,
                status.st_ctime_ns,
                status.st_ino,
            )
            != entry[2:6]
        ):
            return None
        outcome = outcome_from_entry(entry, source)
        if outcome is None:
            return None
        return CheckedFile(outcome, entry)

    def save(self, entries: Iterable[Entry | None]) -> None:
        """Replace the pack with `entries` (one per file; None for a file not to keep).

        Written only when it differs from the pack read at the start in more than one
        entry in REWRITE_EVERY (or at all, for a pack of fewer entries): rewriting a
        national pack costs seconds, while the few files that differ cost milliseconds to
        check again on the next run, which is what a steward's edit of two files then
        costs. Never raises: a cache that cannot be written is no cache.
        """
        kept = [entry for entry in entries if entry is not None]
        if self._key is None or not self._worth_writing(kept):
            return
        # pack_bytes leaves out an entry whose model cannot be read back (damaged): its
        # file is checked afresh next time.
        areas = self._taxonomy.known_areas() if self._taxonomy is not None else None
        content = pack_bytes(self._key, self._context, self._root_name, kept, areas)
        with contextlib.suppress(OSError):
            _write_atomically(self.folder, self._name, content)

    def _worth_writing(self, kept: list[Entry]) -> bool:
        old = self._entries
        differing = sum(old.get(entry[0]) is not entry for entry in kept)
        differing += len(old.keys() - {entry[0] for entry in kept})  # files gone
        return differing * REWRITE_EVERY > len(kept)

    def _read_pack(self) -> None:
        assert self._key is not None
        descriptor = _open_in(self.folder, self._name)
        if descriptor is None:
            return
        try:
            index, models, areas = self._read_index(descriptor)
        except (OSError, ValueError):
            index, models, areas = None, None, None
        if models is None:
            os.close(descriptor)
        if index is None or models is None:
            return
        try:
            for entry in index:
                if not (isinstance(entry, tuple) and len(entry) == _ENTRY_FIELDS):
                    continue
                offset, length, sha256 = entry[8]
                if not (
                    0 <= offset <= offset + length <= models.length
                    and isinstance(sha256, bytes)
                    and len(sha256) == _DIGEST_BYTES
                ):
                    continue
                stored = StoredModel(models, int(offset), int(length), sha256)
                self._entries[entry[0]] = (*entry[:8], stored, *entry[9:])
        except (ValueError, TypeError):
            self._entries = {}
        self.known_areas = areas

    def _read_index(self, descriptor: int) -> tuple[Any, _StoredModels | None, KnownAreas | None]:
        """The authenticated index of the open pack, its models area (not yet read), and
        the taxonomy's areas it recorded (None: none, or not of the right shape)."""
        assert self._key is not None
        size = os.fstat(descriptor).st_size
        header = _read_at(descriptor, 0, _HEADER_BYTES)
        first_line, _, rest = header.partition(b"\n")
        length_line, newline, _ = rest.partition(b"\n")
        if not first_line.startswith(_MAGIC) or not newline or not length_line.isdigit():
            return None, None, None
        start = len(first_line) + len(length_line) + 2
        index_length = int(length_line)
        if start + index_length > size:
            return None, None, None
        body = _read_at(descriptor, start, index_length)
        expected = hmac.new(self._key, body, hashlib.sha256).hexdigest().encode("ascii")
        if not hmac.compare_digest(first_line[len(_MAGIC) :], expected):
            # Not written with this machine's key: crafted, copied or damaged.
            return None, None, None
        try:
            header_fields, models_length, areas, index = _AllowListUnpickler(
                body, _PACK_CLASSES
            ).load()
        except (pickle.UnpicklingError, ValueError, TypeError, EOFError, AttributeError):
            return None, None, None
        models_start = start + index_length
        if (
            header_fields != (self._context, self._root_name)
            or models_length != size - models_start  # truncated, or more appended
        ):
            return None, None, None
        models = _StoredModels(descriptor, models_start, models_length, self._forget_pack)
        return index, models, _known_areas(areas)

    def _forget_pack(self) -> None:
        """Remove a pack whose models are damaged, so that the next run rebuilds it."""
        with contextlib.suppress(OSError):
            folder_fd = _open_folder(self.folder, create=False)
            try:
                os.unlink(self._name, dir_fd=folder_fd)
            finally:
                os.close(folder_fd)


def pack_bytes(
    key: bytes,
    context: str,
    root_name: str,
    entries: list[Entry],
    known_areas: KnownAreas | None = None,
) -> bytes:
    """A pack as `ListingCache.save` writes it (tests forge and damage packs with this):
    the MAC line, the index's length, the index (with the taxonomy's `known_areas`, if
    given), then the models, each of which the index locates and holds the SHA-256 of.
    Entries whose model cannot be read are left out."""
    models = bytearray()
    index = []
    for entry in entries:
        blob = _blob_bytes(entry[8])
        if blob is None:
            continue
        located = (len(models), len(blob), hashlib.sha256(blob).digest())
        index.append((*entry[:8], located, *entry[9:]))
        models += blob
    areas = tuple(known_areas.required_by_id.items()) if known_areas is not None else None
    body = pickle.dumps(
        ((context, root_name), len(models), areas, index),
        protocol=_PICKLE_PROTOCOL,
    )
    mac = hmac.new(key, body, hashlib.sha256).hexdigest().encode("ascii")
    return b"".join((_MAGIC, mac, b"\n", str(len(body)).encode("ascii"), b"\n", body, models))


def _known_areas(recorded: Any) -> KnownAreas | None:
    """The taxonomy's areas from a pack's (id, required) pairs; None if of another shape."""
    if not isinstance(recorded, tuple) or not recorded:
        return None
    if not all(
        isinstance(pair, tuple)
        and len(pair) == 2
        and isinstance(pair[0], str)
        and isinstance(pair[1], bool)
        for pair in recorded
    ):
        return None
    return KnownAreas(dict(recorded), "")


def _cache_key() -> bytes | None:
    """This machine's key for the cache, made on first use; None when it cannot be had.

    It lives outside any listings repository, so a pull request cannot bring one.
    """
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(base) / "hubctl"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        key = _read_in(folder, "cache-key")
        if key is None:
            _write_atomically(folder, "cache-key", secrets.token_bytes(_KEY_BYTES), replace=False)
            key = _read_in(folder, "cache-key")
    except OSError:
        return None
    return key if key is not None and len(key) == _KEY_BYTES else None


def _open_folder(folder: Path, *, create: bool) -> int:
    if create:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
    return os.open(folder, flags)


def _open_in(folder: Path, name: str) -> int | None:
    """An open descriptor of regular file `name` in `folder`, never through a link; None
    if there is none. The caller closes it."""
    try:
        folder_fd = _open_folder(folder, create=False)
    except OSError:
        return None
    try:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        descriptor = os.open(name, flags, dir_fd=folder_fd)
    except OSError:
        return None
    finally:
        os.close(folder_fd)
    try:
        if stat.S_ISREG(os.fstat(descriptor).st_mode):
            return descriptor
    except OSError:
        pass
    os.close(descriptor)
    return None


def _read_in(folder: Path, name: str) -> bytes | None:
    """The bytes of regular file `name` in `folder`, never through a link; None if none."""
    descriptor = _open_in(folder, name)
    if descriptor is None:
        return None
    try:
        with os.fdopen(descriptor, "rb") as file:
            return file.read()
    except OSError:
        return None


def _read_at(descriptor: int, start: int, length: int) -> bytes:
    """Up to `length` bytes of an open file from `start` (fewer only at its end)."""
    chunks = []
    while length > 0:
        chunk = os.pread(descriptor, min(length, 1 << 24), start)
        if not chunk:
            break
        chunks.append(chunk)
        start += len(chunk)
        length -= len(chunk)
    return b"".join(chunks)


def _write_atomically(folder: Path, name: str, content: bytes, *, replace: bool = True) -> None:
    """Write `name` in `folder` through a temporary file and a rename; OSError on failure.

    With `replace=False` an existing `name` is kept (the first writer wins).
    """
    folder_fd = _open_folder(folder, create=True)
    temporary = f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        descriptor = os.open(temporary, flags, 0o600, dir_fd=folder_fd)
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(content)
            if replace:
                os.replace(temporary, name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
            else:
                os.link(temporary, name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary, dir_fd=folder_fd)
    except FileExistsError:
        if replace:
            raise
    finally:
        os.close(folder_fd)


def cache_key() -> bytes | None:
    """This machine's key for signing what hubctl keeps in a cache folder (None: none can
    be had, so nothing is kept or trusted)."""
    return _cache_key()


def read_cache_file(folder: Path, name: str) -> bytes | None:
    """The bytes of `name` in the cache folder, never through a link; None if none."""
    try:
        return _read_in(folder, name)
    except OSError:
        return None


def write_cache_file(folder: Path, name: str, content: bytes) -> None:
    """Write `name` in the cache folder atomically (OSError on failure)."""
    _write_atomically(folder, name, content)
