"""Published views of the listings: each a pure function of its input returning bytes.

Every feed module returns `FeedFile` values; `publish` only collects them, writes
`manifest.json` from them and swaps the output folder.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FeedFile:
    """One published file: its path inside --out (forward slashes), bytes, record count.

    `records` is what the manifest reports: rows of a CSV, features of the GeoJSON,
    services of the Open Referral view, events of a calendar, listings of feed.json;
    None for a file that describes others (a schema) rather than holding records.
    """

    path: str
    content: bytes
    records: int | None
