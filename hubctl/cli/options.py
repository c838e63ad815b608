"""The options several commands share, and the settings they fill: --listings, --on,
--format, --authority, --jobs, --no-cache, and the progress bar they may draw."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from hubctl.listing_cache import default_cache_dir
from hubctl.value_limits import EARLIEST_DATE, LATEST_DATE

if TYPE_CHECKING:
    from hubctl.taxonomy import Taxonomy
from hubctl.parallel_reading import PARALLEL_MIN_FILES, ReadOptions
from hubctl.progress import NO_PROGRESS, Progress
from hubctl.taxonomy_source import TaxonomySource, read_taxonomy_source

F = TypeVar("F", bound=Callable[..., Any])


class Settings:
    """Global options, shared by every command through the Click context."""

    def __init__(
        self, listings: Path, taxonomy_path: Path | None, requirements_dir: Path | None = None
    ) -> None:
        self.listings = listings
        self.taxonomy_path = taxonomy_path
        self.requirements_dir = requirements_dir  # None: the shipped profiles
        # Set by reading_options (--jobs, --no-cache); None jobs means the CPU count.
        self.jobs: int | None = None
        self.use_cache = True
        self.progress: Progress = NO_PROGRESS

    def reading(self, human_output: bool) -> ReadOptions:
        """How the command reads the listings: --jobs, the cache unless --no-cache, and a
        progress bar when a person watches (stderr a terminal, not CI, a human format)."""
        if human_output and _stderr_is_terminal() and not _in_ci():
            self.progress = TerminalProgress()
        cache_dir = default_cache_dir(self.listings) if self.use_cache else None
        return ReadOptions(self.jobs, cache_dir, self.progress)

    def taxonomy(self) -> Taxonomy:
        """The taxonomy in use; a broken --taxonomy file raises TaxonomyError (exit 1)."""
        return self.taxonomy_source().load()

    def taxonomy_source(self) -> TaxonomySource:
        """The taxonomy in use as its file's bytes, parsed when first needed (`validate`
        from the cache needs no parse); an unreadable file raises TaxonomyError."""
        return read_taxonomy_source(self.taxonomy_path)


def _set_listings(context: click.Context, _: click.Parameter, value: Path | None) -> None:
    if value is not None:
        context.find_object(Settings).listings = value  # type: ignore[union-attr]


def listings_option(command: F) -> F:
    """`--listings DIR` after the command name too, as users tend to type it."""
    return click.option(
        "--listings",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        expose_value=False,
        is_eager=True,
        callback=_set_listings,
        help="Folder of listings (same as the global option).",
    )(command)


def date_in_range(_: click.Context, parameter: click.Parameter, value: Any) -> Any:
    """Click callback: refuse a date outside the range hubctl takes (exit 2)."""
    # Dates beyond these make date arithmetic overflow (a week after 9999-12-31);
    # listings are held to the same range.
    if value is not None and not EARLIEST_DATE <= value.date() <= LATEST_DATE:
        raise click.BadParameter(
            f"{value.date()} is outside the dates hubctl takes ({EARLIEST_DATE} to {LATEST_DATE})",
            param=parameter,
        )
    return value


def on_date_option(help_text: str) -> Callable[[F], F]:
    """The shared `--on DATE` option (default: today)."""
    return date_option("--on", "on_date", help_text)


def date_option(flag: str, name: str, help_text: str) -> Callable[[F], F]:
    """A `YYYY-MM-DD` option within the dates hubctl takes, None when not given."""
    return click.option(
        flag,
        name,
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        metavar="YYYY-MM-DD",
        callback=date_in_range,
        help=help_text,
    )


def format_option(
    renderers: Mapping[str, object], default: str, help_text: str = "Output format."
) -> Callable[[F], F]:
    """A `--format` choice over the keys of one renderer table, in the table's order."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(list(renderers)),
        default=default,
        show_default=True,
        help=help_text,
    )


def authority_filter_option(command: F) -> F:
    """The shared `--authority ID` filter (repeatable) of coverage and list."""
    return click.option(
        "--authority",
        "authorities",
        multiple=True,
        metavar="ID",
        help="Only this authority (repeatable).",
    )(command)


# --- reading: --jobs, --no-cache and the progress bar (README: Performance and the cache) ----
PROGRESS_DELAY_SECONDS = 1.0  # a bar only for runs that last longer than this


def _stderr_is_terminal() -> bool:
    return bool(getattr(sys.stderr, "isatty", lambda: False)())


def _in_ci() -> bool:
    return bool(os.environ.get("CI")) or os.environ.get("GITHUB_ACTIONS") == "true"


class TerminalProgress:
    """The `Progress` a person sees: one line on stderr, redrawn at most ten times a second,
    shown only once the run has lasted PROGRESS_DELAY_SECONDS, and wiped when it is over."""

    def __init__(self) -> None:
        self._began = time.monotonic()
        self._drawn_at = 0.0
        self._shown = False
        self._stage, self._total, self._done = "", 0, 0

    def start(self, stage: str, total: int) -> None:
        """Show the new stage from its first step."""
        self._stage, self._total, self._done = stage, total, 0
        self._draw(force=True)

    def advance(self, steps: int = 1) -> None:
        """Move the bar on."""
        self._done += steps
        self._draw(force=self._done >= self._total)

    def finish(self) -> None:
        """Wipe the bar, so the summary line starts on a clean line."""
        if self._shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self._shown = False

    def _draw(self, *, force: bool) -> None:
        now = time.monotonic()
        if now - self._began < PROGRESS_DELAY_SECONDS or (not force and now - self._drawn_at < 0.1):
            return
        width = 30
        filled = width * self._done // self._total if self._total else width
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\r{self._stage} [{bar}] {self._done:,}/{self._total:,}\x1b[K")
        sys.stderr.flush()
        self._drawn_at, self._shown = now, True


def _set_jobs(context: click.Context, _: click.Parameter, value: int | None) -> None:
    context.find_object(Settings).jobs = value  # type: ignore[union-attr]


def _set_no_cache(context: click.Context, _: click.Parameter, value: bool) -> None:
    if value:
        context.find_object(Settings).use_cache = False  # type: ignore[union-attr]


def reading_options(command: F) -> F:
    """`--jobs N` and `--no-cache`, shared by every command that reads the listings."""
    command = click.option(
        "--jobs",
        type=click.IntRange(min=1),
        default=None,
        expose_value=False,
        callback=_set_jobs,
        metavar="N",
        help="Processes that read the files; 1 reads in-process [default: the number of "
        f"CPUs, in-process below {PARALLEL_MIN_FILES:,} files].",
    )(command)
    return click.option(
        "--no-cache",
        is_flag=True,
        expose_value=False,
        callback=_set_no_cache,
        help="Read every file afresh, and neither read nor write the cache "
        "(HUBCTL_CACHE_DIR, default .hubctl_cache/ beside the listings).",
    )(command)
