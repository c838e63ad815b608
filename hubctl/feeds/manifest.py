"""manifest.json: every published file with its size, checksum and record count."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from hubctl.feeds import FeedFile, whole_file
from hubctl.feeds.feed_json import FEED_SCHEMA_VERSION


@dataclass(frozen=True)
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
    `YYYY-MM-DDTHH:MM:SSZ`.
    """
    document = {
        "schema_version": FEED_SCHEMA_VERSION,
        "source": source,
        "published_at": published_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "files": [
            {
                "path": entry.path,
                "bytes": entry.size,
                "sha256": entry.sha256,
                "records": entry.records,
            }
            for entry in sorted(entries, key=lambda e: e.path)
        ],
    }
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return whole_file("manifest.json", text.encode("utf-8"), len(entries))
