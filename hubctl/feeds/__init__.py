"""Published views of the listings: each a pure function of its input yielding bytes.

Every feed module returns `FeedFile` values whose bytes come as chunks (about one
record each), so a national publish never holds a whole document in memory; `publish`
writes the chunks, hashes and counts them for `manifest.json`, and swaps the output
folder. Feeds never touch the file system.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True, eq=False)
class FeedFile:
    """One published file: its path inside --out (forward slashes), bytes, record count.

    `chunks` makes a fresh iterator over the file's bytes each time it is called
    (joined, they are the file), so the file can be written without building it.
    `records` is what the manifest reports: rows of a CSV, features of the GeoJSON,
    services of the Open Referral view, events of a calendar, listings of feed.json;
    None for a file that describes others (a schema) rather than holding records.
    """

    path: str
    chunks: Callable[[], Iterator[bytes]]
    records: int | None

    @property
    def content(self) -> bytes:
        """The whole file, joined from `chunks` (for small files and tests; publish streams)."""
        return b"".join(self.chunks())


def whole_file(path: str, content: bytes, records: int | None) -> FeedFile:
    """A FeedFile of bytes already built (a small file: a schema, a descriptor)."""
    return FeedFile(path, lambda: iter((content,)), records)
