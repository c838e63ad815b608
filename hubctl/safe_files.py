"""Writing files under a folder the user named, never through a link, never replacing one.

`hubctl new` and `hubctl import oruk` write listing files with `write_new_file`: each
folder below the root is made and opened relative to the one above it without following
links, and the file appears whole or not at all (written beside it under a hidden name,
then linked into place, which fails if the name was taken meanwhile). `replace_file`
writes a file hubctl owns and may rewrite (an import report) the same way, swapping it in.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path

from hubctl.errors import HubctlError


class ListingExistsError(HubctlError):
    """The file to write, or a listing with the same id, is already there (exit 1)."""


class LinkRefusedError(HubctlError):
    """A folder or file hubctl would write through is a symbolic link (exit 1)."""


def exists_error(path: Path, writer: str, fix: str) -> ListingExistsError:
    """The one-line refusal for a file that is already there: `<path> already exists; ...`."""
    return ListingExistsError(
        f"{path.as_posix()} already exists; {writer} never overwrites a file: {fix}"
    )


def link_refused(path: Path, writer: str) -> LinkRefusedError:
    """The one-line refusal for a link where a folder or file would be written."""
    return LinkRefusedError(
        f"{path.as_posix()} is a symbolic link; {writer} never writes through a link "
        "(it could lead out of the listings folder): put a real folder or file there"
    )


def write_new_file(
    root: Path, path: Path, text: str, *, writer: str, exists_fix: str, folder_option: str
) -> None:
    """Create `path` (under `root`) holding `text`; never replace a file, nor follow a link.

    `root` itself may be a link: the user named it. Folders are made as needed. Raises
    ListingExistsError when `path` exists (`writer` and `exists_fix` make its message),
    LinkRefusedError for a link on the way, HubctlError for any other OS failure (naming
    `folder_option`, the option that chose `root`, to check).
    """
    try:
        with _folder_of(root, path, writer) as folder_fd:
            _refuse_link(path, folder_fd, path.name, writer)
            if _exists_in(folder_fd, path.name):
                raise exists_error(path, writer, exists_fix)
            temporary = _write_temporary(folder_fd, path.name, text)
            try:
                os.link(
                    temporary,
                    path.name,
                    src_dir_fd=folder_fd,
                    dst_dir_fd=folder_fd,
                    follow_symlinks=False,
                )
            except FileExistsError:  # made since the check: still never replaced
                raise exists_error(path, writer, exists_fix) from None
            except OSError as error:
                if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP):
                    raise
                _create_exclusively(folder_fd, path, text, writer, exists_fix)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temporary, dir_fd=folder_fd)
    except OSError as error:
        raise _cannot_write(path, error, folder_option) from None


def replace_file(root: Path, path: Path, text: str, *, writer: str, folder_option: str) -> None:
    """Write `path` (under `root`) holding `text`, replacing a file there in one step.

    For files hubctl owns (a report it wrote before). Never follows a link below `root`;
    raises LinkRefusedError for one, HubctlError for other OS failures.
    """
    try:
        with _folder_of(root, path, writer) as folder_fd:
            _refuse_link(path, folder_fd, path.name, writer)
            temporary = _write_temporary(folder_fd, path.name, text)
            try:
                os.replace(temporary, path.name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temporary, dir_fd=folder_fd)
    except OSError as error:
        raise _cannot_write(path, error, folder_option) from None


def remove_file(root: Path, path: Path) -> None:
    """Remove `path` under `root` if it is there (undoing a write); never follows a link."""
    with contextlib.suppress(OSError, HubctlError), _folder_of(root, path, "") as folder_fd:
        os.unlink(path.name, dir_fd=folder_fd)


@contextlib.contextmanager
def _folder_of(root: Path, path: Path, writer: str) -> Iterator[int]:
    """The open folder that holds `path`, every folder below `root` made without links."""
    *folders, _ = path.relative_to(root).parts
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    root.mkdir(parents=True, exist_ok=True)
    folder_fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        reached = root
        for folder in folders:
            reached = reached / folder
            with contextlib.suppress(FileExistsError):
                os.mkdir(folder, 0o755, dir_fd=folder_fd)
            _refuse_link(reached, folder_fd, folder, writer)
            inner_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | nofollow, dir_fd=folder_fd)
            os.close(folder_fd)
            folder_fd = inner_fd
        yield folder_fd
    finally:
        os.close(folder_fd)


def _write_temporary(folder_fd: int, name: str, text: str) -> str:
    """Write `text` to a new hidden file beside `name` (discovery skips hidden names)."""
    temporary = f".{name}.{secrets.token_hex(6)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(temporary, flags, 0o644, dir_fd=folder_fd)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=folder_fd)
        raise
    return temporary


def _create_exclusively(
    folder_fd: int, path: Path, text: str, writer: str, exists_fix: str
) -> None:
    """Where the file system has no hard links: create the file itself, exclusively."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path.name, flags, 0o644, dir_fd=folder_fd)
    except FileExistsError:
        raise exists_error(path, writer, exists_fix) from None
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
        stream.write(text)


def _exists_in(folder_fd: int, name: str) -> bool:
    try:
        os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return True


def _refuse_link(path: Path, folder_fd: int, name: str, writer: str) -> None:
    """Raise LinkRefusedError if `name` in the folder open as `folder_fd` is a link."""
    try:
        is_link = stat.S_ISLNK(os.stat(name, dir_fd=folder_fd, follow_symlinks=False).st_mode)
    except FileNotFoundError:
        return
    if is_link:
        raise link_refused(path, writer)


def _cannot_write(path: Path, error: OSError, folder_option: str) -> HubctlError:
    return HubctlError(
        f"cannot write {path.as_posix()} ({error.strerror or error}); check {folder_option}"
    )
