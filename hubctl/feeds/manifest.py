"""manifest.json: every published file with its size, checksum and record count."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import datetime

from hubctl.feeds import FeedFile
from hubctl.feeds.feed_json import FEED_SCHEMA_VERSION


def render_manifest(
    files: Sequence[FeedFile], source: str | None, published_at: datetime
) -> FeedFile:
    """manifest.json describing `files` (sorted by path); its own record count is their number.

    `published_at` is the reproducible publication time in UTC, written as
    `YYYY-MM-DDTHH:MM:SSZ`.
    """
    entries = [
        {
            "path": file.path,
            "bytes": len(file.content),
            "sha256": hashlib.sha256(file.content).hexdigest(),
            "records": file.records,
        }
        for file in sorted(files, key=lambda f: f.path)
    ]
    document = {
        "schema_version": FEED_SCHEMA_VERSION,
        "source": source,
        "published_at": published_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "files": entries,
    }
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return FeedFile("manifest.json", text.encode("utf-8"), len(entries))
