"""manifest.json: every published file with its size, checksum and record count."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
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


def render_manifest(
    entries: Sequence[ManifestEntry], source: str | None, published_at: datetime
) -> FeedFile:
    """manifest.json listing `entries` (sorted by path); its own record count is their number.

    `published_at` is the reproducible publication time in UTC, written as
    `YYYY-MM-DDTHH:MM:SSZ`. The text is `json.dumps(document, indent=2,
    ensure_ascii=False)` and a newline, written an entry at a time: a national
    mirror lists hundreds of thousands of files.
    """
    ordered = sorted(entries, key=lambda entry: entry.path)
    head = {
        "schema_version": FEED_SCHEMA_VERSION,
        "source": source,
        "published_at": published_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }

    def chunks() -> Iterator[bytes]:
        lines = [f"  {_text(key)}: {_text(value)}," for key, value in head.items()]
        yield ("{\n" + "\n".join(lines) + '\n  "files": [').encode("utf-8")
        for position, entry in enumerate(ordered):
            records = "null" if entry.records is None else str(entry.records)
            yield (
                f'{"," if position else ""}\n    {{\n      "path": {_text(entry.path)},\n'
                f'      "bytes": {entry.size},\n      "sha256": "{entry.sha256}",\n'
                f'      "records": {records}\n    }}'
            ).encode()
        yield b"\n  ]\n}\n" if ordered else b"]\n}\n"

    return FeedFile("manifest.json", chunks, len(ordered))


def _text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)
