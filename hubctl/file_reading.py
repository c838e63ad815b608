"""Reading a file safely: never through a link, only a regular file, within a size limit.

The file-system half of reading a listing (hubctl.reading parses the bytes), kept apart
so that a run answered from the cache, which reads no YAML, loads no YAML parser.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MAX_FILE_BYTES = 1024 * 1024
# A place in a document: the keys and list indexes from its top to a value.
DocPath = tuple[str | int, ...]


class UnreadableFile(Exception):
    """A file that must not or cannot be read: carries the code and the message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def read_file_bytes(
    path: Path, *, follow_links: bool = False, limit: int = MAX_FILE_BYTES
) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (a listing's 1 MiB), read safely.

    See `read_file_bytes_and_status`, which also gives the file's status.
    """
    return read_file_bytes_and_status(path, follow_links=follow_links, limit=limit)[0]


class NotARegularFile(Exception):
    """The path is a symbolic link (`is_link`), or a folder, pipe or device, not a file."""

    def __init__(self, is_link: bool) -> None:
        super().__init__("a symbolic link" if is_link else "not a regular file")
        self.is_link = is_link


def open_regular_file(path: Path, *, follow_links: bool = False) -> tuple[int, os.stat_result]:
    """An open descriptor of the regular file at `path`, and its status; the caller closes it.

    The file is opened without following a symbolic link (unless `follow_links`) and
    without blocking, and checked on the open descriptor, so a link, a FIFO or a
    device swapped in after the folder was listed is never read. Raises
    NotARegularFile, or OSError when it cannot be opened.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        if not follow_links and path.is_symlink():
            raise NotARegularFile(is_link=True)
        descriptor = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP and not follow_links:
            raise NotARegularFile(is_link=True) from None
        raise
    try:
        status = os.fstat(descriptor)
    except OSError:
        os.close(descriptor)
        raise
    if not stat.S_ISREG(status.st_mode):
        os.close(descriptor)
        raise NotARegularFile(is_link=False)
    return descriptor, status


def read_file_bytes_and_status(
    path: Path, *, follow_links: bool = False, limit: int = MAX_FILE_BYTES
) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file of at most `limit` bytes (a listing's 1 MiB), and its
    status, read safely (see `open_regular_file`).

    Raises UnreadableFile (HUB015 for a link, HUB012 for anything that is not a readable
    regular file, HUB002 for a file over the limit).
    """
    try:
        descriptor, status = open_regular_file(path, follow_links=follow_links)
    except NotARegularFile as problem:
        if problem.is_link:
            raise UnreadableFile("HUB015", LINK_MESSAGE) from None
        raise UnreadableFile("HUB012", NOT_REGULAR_MESSAGE) from None
    except OSError as error:
        raise UnreadableFile("HUB012", f"cannot read the file: {error_reason(error)}") from None
    try:
        if status.st_size > limit:
            raise UnreadableFile("HUB002", too_large_message(status.st_size, limit))
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as error:
        raise UnreadableFile("HUB012", f"cannot read the file: {error_reason(error)}") from None
    finally:
        os.close(descriptor)
    raw = b"".join(chunks)
    if len(raw) > limit:  # it grew while being read
        raise UnreadableFile("HUB002", too_large_message(len(raw), limit))
    # The status of the open descriptor, taken before reading: what the cache's stat fast
    # path compares with (hubctl.listing_cache).
    return raw, status


LINK_MESSAGE = (
    "this is a symbolic link; hubctl does not follow links in the listings folder, "
    "so replace it with the real file"
)
NOT_REGULAR_MESSAGE = (
    "this is not a regular file (a folder, pipe or device has a listing's name); "
    "replace it with the listing file, or rename it"
)


def error_reason(error: OSError) -> str:
    """The system's reason for an error, in lower case, for a message."""
    return (error.strerror or type(error).__name__).lower()


def too_large_message(size: int, limit: int = MAX_FILE_BYTES) -> str:
    """Why a file of `size` bytes is refused, and (for a listing) what to do about it."""
    if limit != MAX_FILE_BYTES:
        return f"the file is {size:,} bytes, over the limit of {limit:,} ({limit >> 20} MiB)"
    return (
        f"the file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,} (1 MiB); "
        "a listing is a few kilobytes, so remove pasted data or split it"
    )
