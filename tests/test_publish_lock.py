"""One publish at a time into one --out: a lock file beside it, a bounded wait.

Two publishes into one folder used to remove each other's staging folders and
both exit 0, leaving files the manifest lists missing.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

import hubctl
import hubctl.cli.publish_command as publish_module
from hubctl.cli import cli
from hubctl.output_folder import OutputBusyError, lock_path
from hubctl.publishing import publish

TODAY = date(2026, 11, 23)


@contextmanager
def held_lock(out: Path) -> Iterator[int]:
    """Hold the lock a publish into `out` takes, as another publish would."""
    descriptor = os.open(lock_path(out), os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    try:
        yield descriptor
    finally:
        os.close(descriptor)


def matches_its_manifest(out: Path) -> bool:
    manifest = json.loads((out / "manifest.json").read_bytes())
    return all(
        (out / entry["path"]).is_file()
        and hashlib.sha256((out / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]
        for entry in manifest["files"]
    )


def test_a_held_lock_makes_publish_wait_then_fail(
    make_tree: Callable[..., Path], tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    told: list[str] = []
    with held_lock(out), pytest.raises(OutputBusyError) as raised:
        publish(make_tree(), out, today=TODAY, lock_timeout=0.05, on_wait=told.append)
    assert told == [f"waiting for another publish into {out.as_posix()} ..."]
    assert str(raised.value) == (
        f"another publish into {out.as_posix()} is still running after 0.05 s; try again when "
        f"it has finished (if none is running, another program holds "
        f"{(tmp_path / '.dist.lock').as_posix()})"
    )
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".dist.lock", "listings"]


def test_the_cli_says_it_waits_once_then_fails_with_exit_1(
    make_tree: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(publish_module, "publish", functools.partial(publish, lock_timeout=0.05))
    out = tmp_path / "dist"
    with held_lock(out):
        result = CliRunner().invoke(
            cli,
            ["--listings", str(make_tree()), "publish", "--out", str(out), "--on", "2026-11-23"],
        )
    assert result.exit_code == 1, result.output
    waiting, failed = result.stderr.splitlines()
    assert waiting == f"hubctl: waiting for another publish into {out.as_posix()} ..."
    assert failed.startswith(f"hubctl: another publish into {out.as_posix()} is still running")
    assert result.stdout == ""


def test_publish_goes_on_when_the_other_finishes(
    make_tree: Callable[..., Path], tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    told: list[str] = []
    with held_lock(out) as descriptor:

        def other_publish_finishes(message: str) -> None:
            told.append(message)
            os.unlink(lock_path(out))  # as a finishing publish does, still holding it
            fcntl.flock(descriptor, fcntl.LOCK_UN)

        publish(make_tree(), out, today=TODAY, lock_timeout=5, on_wait=other_publish_finishes)
    assert len(told) == 1
    assert matches_its_manifest(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist", "listings"]


# The first publish stops after writing its first file until the test lets it go on.
_PAUSED_PUBLISH = """
import datetime, os, sys
import hubctl
from hubctl import publishing

real_finish = publishing._FileSink.finish
paused = False

def finish_then_pause(*args):
    global paused
    entry = real_finish(*args)
    if not paused:
        paused = True
        print("paused", flush=True)
        sys.stdin.readline()
    return entry

publishing._FileSink.finish = finish_then_pause
hubctl.publish(sys.argv[1], sys.argv[2], today=datetime.date(2026, 11, 23))
"""


_CLI = "from hubctl.cli import main; main()"


def test_two_publishes_at_once_both_leave_complete_feeds(
    make_tree: Callable[..., Path], tmp_path: Path
) -> None:
    tree, out = make_tree(), tmp_path / "dist"
    command = ["--listings", str(tree), "publish", "--out", str(out), "--on", "2026-11-23"]
    first = subprocess.Popen(
        [sys.executable, "-c", _PAUSED_PUBLISH, str(tree), str(out)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    second: subprocess.Popen[str] | None = None
    try:
        assert first.stdout is not None and first.stdin is not None
        assert first.stdout.readline() == "paused\n"  # holding the lock, half-way through
        second = subprocess.Popen(
            [sys.executable, "-c", _CLI, *command],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert second.stderr is not None
        # The second must wait for the first rather than clear its staging folder.
        assert second.stderr.readline() == f"hubctl: waiting for another publish into {out} ...\n"
        first.stdin.write("go on\n")
        first.stdin.close()
        assert first.wait(timeout=60) == 0
        assert second.wait(timeout=60) == 0, second.stderr.read()
    finally:
        for process in (first, second):
            if process is not None:
                process.kill()
                process.wait()
                for stream in (process.stdin, process.stdout, process.stderr):
                    if stream is not None:
                        stream.close()
    assert matches_its_manifest(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist", "listings"]


def test_a_stale_lock_file_of_a_killed_publish_does_not_block(
    make_tree: Callable[..., Path], tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    lock_path(out).write_bytes(b"")  # the file stays; the lock died with its process
    hubctl.publish(make_tree(), out, today=TODAY, lock_timeout=0.05)
    assert not lock_path(out).exists()
