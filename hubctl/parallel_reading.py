"""Check many listing files at once: from the cache, in-process, or in worker processes.

Each file's result depends only on the file (hubctl.file_checks), so files are split into
chunks that worker processes check; the results come back in the order of the files, so
everything after this is the same whatever the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from hubctl.discovery import SourceFile
from hubctl.file_outcome import NO_HINT_SETTINGS, FileOutcome, HintSettings
from hubctl.listing_cache import CheckedFile, Entry, ListingCache, check_file, without_model
from hubctl.progress import NO_PROGRESS, Progress

# With the default number of jobs, a tree smaller than this is read in-process: starting
# workers costs more than they save (README: Performance).
PARALLEL_MIN_FILES = 500
# Files per chunk sent to a worker: large enough that passing a chunk costs little
# beside checking it, small enough that the progress bar moves and the workers finish
# together.
_CHUNK_FILES = (50, 400)


@dataclass(frozen=True)
class ReadOptions:
    """How a tree is read: how many processes, which cache folder, who hears of progress.

    `jobs` None means the number of CPUs this process may use, in-process below
    PARALLEL_MIN_FILES files; 1 reads in-process; N > 1 uses N worker processes.
    `cache_dir` None means no cache.
    """

    jobs: int | None = 1
    cache_dir: Path | None = None
    progress: Progress = field(default=NO_PROGRESS)


SERIAL_READING: ReadOptions = ReadOptions()
"""The library's default: in-process, no cache, no progress."""


def cpu_count() -> int:
    """The CPUs this process may run on (the default number of jobs)."""
    counted = getattr(os, "process_cpu_count", None)
    if counted is not None:
        return int(counted() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def check_files(
    sources: Sequence[SourceFile],
    options: ReadOptions,
    cache: ListingCache | None,
    hints: HintSettings = NO_HINT_SETTINGS,
) -> list[FileOutcome]:
    """The outcome of every file of `sources`, in their order, writing the cache after.

    `hints` fill the examples of messages about missing fields."""
    progress = options.progress
    progress.start("reading", len(sources))
    checked: list[CheckedFile | None] = [None] * len(sources)
    pending: list[int] = []
    for index, source in enumerate(sources):
        fresh = cache.fresh(source) if cache is not None else None
        if fresh is None:
            pending.append(index)
        else:
            checked[index] = fresh
    if len(pending) < len(sources):
        progress.advance(len(sources) - len(pending))
    workers = _worker_count(options.jobs, len(sources), len(pending))
    work = [
        (sources[i], cache.entry(sources[i], portable=workers > 1) if cache else None)
        for i in pending
    ]
    keep = cache is not None
    if workers <= 1:
        results = []
        for source, entry in work:
            results.append(check_file(source, entry, hints, keep=keep))
            progress.advance()
    else:
        results = _check_in_workers(work, workers, progress, hints, keep)
    for index, result in zip(pending, results, strict=True):
        checked[index] = result
    done = [result for result in checked if result is not None]
    if cache is not None:
        cache.save(result.entry for result in done)
    return [result.outcome for result in done]


def _worker_count(jobs: int | None, files: int, pending: int) -> int:
    if jobs is None:
        return 1 if files < PARALLEL_MIN_FILES else min(cpu_count(), pending)
    return min(jobs, pending)


def _check_in_workers(
    work: list[tuple[SourceFile, Entry | None]],
    workers: int,
    progress: Progress,
    hints: HintSettings,
    keep: bool,
) -> list[CheckedFile]:
    low, high = _CHUNK_FILES
    size = max(low, min(high, len(work) // (workers * 4) or 1))
    chunks = [work[start : start + size] for start in range(0, len(work), size)]
    results: list[CheckedFile] = []
    from concurrent.futures import ProcessPoolExecutor

    # Loaded before the workers fork, so that each starts with the checks' code (the YAML
    # reader, the models) instead of importing it again.
    import hubctl.file_checks  # noqa: F401

    # A worker that dies (killed, out of memory) makes map() raise BrokenProcessPool,
    # which the CLI reports as an internal error (exit 3) in one line.
    with ProcessPoolExecutor(max_workers=workers, mp_context=_start_method()) as pool:
        for chunk_results in pool.map(partial(_check_chunk, hints=hints, keep=keep), chunks):
            results.extend(chunk_results)
            progress.advance(len(chunk_results))
    return results


def _check_chunk(
    chunk: list[tuple[SourceFile, Entry | None]], hints: HintSettings, keep: bool
) -> list[CheckedFile]:
    # Models go back pickled once, as the pack keeps them; the main process builds one
    # only when a consumer asks for it (hubctl.listings.Record).
    return [without_model(check_file(s, entry, hints, keep=keep)) for s, entry in chunk]


def _start_method() -> Any:
    # fork starts a worker in milliseconds, with hubctl already imported; elsewhere
    # (macOS, Windows) it is unsafe or missing, so workers start afresh.
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    return multiprocessing.get_context(method)
