"""Run one command as a child process and measure it: wall time, exit code, peak memory.

Peak memory comes two ways, because one number cannot say both:

- ``max_rss``: the child's own peak resident set, from ``os.wait4`` on that child
  alone (``getrusage(RUSAGE_CHILDREN)`` around the run would mix in every earlier
  child). Linux folds waited-for grandchildren into it as a maximum, not a sum.
- ``tree_rss``: the sum of the resident sets of the child and all its descendants,
  sampled every 50 ms from /proc. With worker processes (``--jobs``) this is what the
  machine must hold; a sample can miss a short peak, so it is a lower bound.

A memory guard stops a run whose process tree grows past a limit (the national publish
on an old hubctl takes about 7 GB), so the bench cannot starve a shared machine.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

MIB = 1024 * 1024
SAMPLE_SECONDS = 0.05
# A progress bar redraws its line: a carriage return not followed by a line feed (a
# terminal turns "\n" into "\r\n"), or an ANSI sequence that moves the cursor or
# erases a line.
_REDRAW = re.compile(rb"\r(?!\n)|\x1b\[[0-9;]*[ABCDGKJ]")


@dataclass
class Run:
    """The outcome of one child process."""

    seconds: float
    returncode: int
    stdout: str
    stderr: str
    max_rss: int | None  # bytes, the largest single process (wait4)
    tree_rss: int | None  # bytes, the largest sampled sum over the process tree
    stopped: str = ""  # why the guard stopped the run, if it did

    @property
    def peak_rss(self) -> int | None:
        """The larger of the two peaks: what the run needed of the machine."""
        known = [value for value in (self.max_rss, self.tree_rss) if value is not None]
        return max(known) if known else None

    @property
    def drew_progress(self) -> bool:
        """Whether stderr redraws a line in place, as a progress bar does."""
        return bool(_REDRAW.search(self.stderr.encode("utf-8", "surrogateescape")))


def _children(pid: int) -> list[int]:
    """The direct children of ``pid`` (Linux /proc; empty where it cannot be read)."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as listing:
                found += [int(child) for child in listing.read().split()]
        except OSError:
            continue
    return found


def _rss(pid: int) -> int:
    """Resident set size of one process in bytes (0 once it has gone)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def tree_rss(pid: int) -> int:
    """Resident set sizes of ``pid`` and all its descendants, summed, in bytes."""
    total, pending, seen = 0, [pid], set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        total += _rss(current)
        pending += _children(current)
    return total


class _Sampler(threading.Thread):
    """Samples a process tree's memory until told to stop; enforces the guard."""

    def __init__(self, pid: int, guard_bytes: int | None) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.guard_bytes = guard_bytes
        self.peak = 0
        self.stopped = ""
        self.done = threading.Event()
        self.available = os.path.isdir(f"/proc/{pid}")

    def run(self) -> None:
        while self.available and not self.done.wait(SAMPLE_SECONDS):
            current = tree_rss(self.pid)
            self.peak = max(self.peak, current)
            if self.guard_bytes is not None and current > self.guard_bytes:
                self.stopped = (
                    f"stopped by the memory guard at {current / MIB:,.0f} MiB "
                    f"(limit {self.guard_bytes / MIB:,.0f} MiB)"
                )
                # The child leads its own session, so this reaches only what it started.
                os.killpg(self.pid, signal.SIGKILL)
                return


def _read_all(fd: int, into: bytearray) -> None:
    """Collect everything written to a pseudo-terminal until its writers close it."""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO on Linux once the last writer is gone
            return
        if not chunk:
            return
        into.extend(chunk)


def run_measured(
    command: Sequence[str],
    env: Mapping[str, str],
    cwd: Path,
    guard_mib: int | None = None,
    stderr_tty: bool = False,
) -> Run:
    """Run ``command`` once and return its time, exit code, output and memory peaks.

    stdout and stderr go to temporary files (not pipes, so a chatty child never
    blocks and the parent can wait with ``os.wait4``). With ``stderr_tty`` the
    child's stderr is a pseudo-terminal instead, as for a person at a terminal.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        master = slave = -1
        if stderr_tty:
            master, slave = os.openpty()
        captured = bytearray()
        started = time.perf_counter()
        child = subprocess.Popen(
            list(command),
            cwd=cwd,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=slave if stderr_tty else err,
            start_new_session=True,
        )
        reader: threading.Thread | None = None
        if stderr_tty:
            os.close(slave)
            reader = threading.Thread(target=_read_all, args=(master, captured), daemon=True)
            reader.start()
        sampler = _Sampler(child.pid, guard_mib * MIB if guard_mib else None)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait again
        sampler.done.set()
        sampler.join()
        if reader is not None:
            reader.join(timeout=5)
            os.close(master)
        out.seek(0)
        err.seek(0)
        stderr_bytes = bytes(captured) if stderr_tty else err.read()
        return Run(
            seconds=seconds,
            returncode=child.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=stderr_bytes.decode("utf-8", "replace"),
            # ru_maxrss is in KiB on Linux, in bytes on macOS.
            max_rss=usage.ru_maxrss * (1 if os.uname().sysname == "Darwin" else 1024),
            tree_rss=sampler.peak if sampler.available else None,
            stopped=sampler.stopped,
        )
