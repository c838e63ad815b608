"""manifest.json: every published file with its size, checksum and record count."""

from __future__ import annotations

import json
import struct
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from hubctl.feeds import FeedFile
from hubctl.feeds.feed_json import FEED_SCHEMA_VERSION


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    """One published file as the manifest lists it: path, size in bytes, sha256, records."""

    path: str
    size: int
    sha256: str
    records: int | None


class ManifestEntries(Mapping[str, ManifestEntry]):
    """The entries of a publish, by path, in the order they were added.

    Each is kept as one bytes record (path, NUL, SHA-256 digest, size, records), a
    third of a ManifestEntry's memory: a national mirror lists 220,000 files, and
    their entries were the last 80 MB a national publish held.
    """

    def __init__(self, entries: Iterable[ManifestEntry] = ()) -> None:
        self._records: list[bytes] = []
        self._index: dict[str, int] | None = None
        for entry in entries:
            self.append(entry)

    def append(self, entry: ManifestEntry) -> None:
        """Add one file's entry (a path is listed once: a repeat replaces nothing)."""
        records = -1 if entry.records is None else entry.records
        digest = bytes.fromhex(entry.sha256)
        if len(digest) != 32 or "\0" in entry.path:
            raise ValueError(f"not a manifest entry of a published file: {entry!r}")
        self._records.append(
            entry.path.encode("utf-8") + b"\0" + digest + _NUMBERS.pack(entry.size, records)
        )
        self._index = None

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[str]:
        return (_path_of(record) for record in self._records)

    def __getitem__(self, path: str) -> ManifestEntry:
        if self._index is None:
            self._index = {
                _path_of(record): position for position, record in enumerate(self._records)
            }
        return _entry_of(self._records[self._index[path]])

    def in_path_order(self) -> Iterator[ManifestEntry]:
        """Every entry, sorted by path (the manifest's order), made one at a time."""
        # A record starts with its path's UTF-8 and a NUL, so bytes order is path order.
        return (_entry_of(record) for record in sorted(self._records))


_NUMBERS = struct.Struct("<qq")


def _path_of(record: bytes) -> str:
    return record[: record.index(b"\0")].decode("utf-8")


def _entry_of(record: bytes) -> ManifestEntry:
    cut = record.index(b"\0")
    size, records = _NUMBERS.unpack_from(record, cut + 33)
    return ManifestEntry(
        record[:cut].decode("utf-8"),
        size,
        record[cut + 1 : cut + 33].hex(),
        None if records < 0 else records,
    )


def render_manifest(
    entries: ManifestEntries | Sequence[ManifestEntry], source: str | None, published_at: datetime
) -> FeedFile:
    """manifest.json listing `entries` (sorted by path); its own record count is their number.

    `published_at` is the reproducible publication time in UTC, written as
    `YYYY-MM-DDTHH:MM:SSZ`. The text is `json.dumps(document, indent=2,
    ensure_ascii=False)` and a newline, written an entry at a time: a national
    mirror lists hundreds of thousands of files.
    """
    listed = entries if isinstance(entries, ManifestEntries) else ManifestEntries(entries)
    head = {
        "schema_version": FEED_SCHEMA_VERSION,
        "source": source,
        "published_at": published_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }

    def chunks() -> Iterator[bytes]:
        lines = [f"  {_text(key)}: {_text(value)}," for key, value in head.items()]
        yield ("{\n" + "\n".join(lines) + '\n  "files": [').encode()
        for position, entry in enumerate(listed.in_path_order()):
            records = "null" if entry.records is None else str(entry.records)
            yield (
                f'{"," if position else ""}\n    {{\n      "path": {_text(entry.path)},\n'
                f'      "bytes": {entry.size},\n      "sha256": "{entry.sha256}",\n'
                f'      "records": {records}\n    }}'
            ).encode()
        yield b"\n  ]\n}\n" if len(listed) else b"]\n}\n"

    return FeedFile("manifest.json", chunks, len(listed))


def _text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)
