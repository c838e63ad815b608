"""The `hubctl` command: options in, a library call, a report out, an exit code.

Exit codes (README: Exit codes): 0 clean, 1 the data has errors, 2 wrong usage (Click's own),
3 an internal error (one line; a traceback only with HUBCTL_DEBUG=1).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import click

from hubctl import __version__
from hubctl.command_examples import examples_help
from hubctl.coverage_reports import COVERAGE_RENDERERS, HUMAN_FORMATS
from hubctl.diagnostics import CODES, Diagnostic
from hubctl.diff_reports import DIFF_RENDERERS, HUMAN_DIFF_FORMATS
from hubctl.errors import EXIT_DATA_ERRORS, EXIT_INTERNAL, EXIT_OK, HubctlError
from hubctl.listing_cache import default_cache_dir
from hubctl.listing_diff import diff_revisions, lost_coverage_message
from hubctl.listing_query import LIST_KINDS, SINGULAR_KIND, ListFilters, list_listings
from hubctl.listing_reports import HUMAN_LIST_FORMATS, LIST_RENDERERS
from hubctl.models import EARLIEST_DATE, LATEST_DATE, WEEKDAYS
from hubctl.offer_coverage import GROUPINGS, coverage, gap_diagnostics
from hubctl.parallel_reading import PARALLEL_MIN_FILES, ReadOptions
from hubctl.progress import NO_PROGRESS, Progress
from hubctl.publishing import (
    publish,
)
from hubctl.reporters import RENDERERS
from hubctl.reporters.github import workflow_error
from hubctl.reporters.text import render_text, summary_line
from hubctl.scaffold import NEW_KINDS, new_listing
from hubctl.schemas import stale_schemas, write_schemas
from hubctl.taxonomy import Taxonomy, load_taxonomy
from hubctl.validation import validate

BUG_REPORT_HINT = "please report this as a bug (run with HUBCTL_DEBUG=1 to see the details)"

F = TypeVar("F", bound=Callable[..., Any])


class Settings:
    """Global options, shared by every command through the Click context."""

    def __init__(self, listings: Path, taxonomy_path: Path | None) -> None:
        self.listings = listings
        self.taxonomy_path = taxonomy_path
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
        return load_taxonomy(self.taxonomy_path)


def _use_colour(stream: Any) -> bool:
    return "NO_COLOR" not in os.environ and bool(getattr(stream, "isatty", lambda: False)())


def _show(text: str, *, err: bool = False, colour: bool = False) -> None:
    """Text for people, on stdout or stderr: what the stream cannot encode becomes '?'.

    With PYTHONIOENCODING=cp1252 (or an old Windows console), a Polish name or an emoji
    would otherwise stop the command with an encoding error.
    """
    stream = sys.stderr if err else sys.stdout
    encoding = getattr(stream, "encoding", None) or "utf-8"
    click.echo(
        text.encode(encoding, errors="replace").decode(encoding), nl=False, err=err, color=colour
    )


def _emit_bytes(text: str, *, err: bool = False) -> None:
    """A machine format (JSON, SARIF, CSV, HTML, GitHub commands) as UTF-8 bytes, whatever
    the stream's encoding, so a file or pipe always gets exactly the document."""
    click.echo(text.encode("utf-8"), nl=False, err=err)


def _print_to_stderr(text: str) -> None:
    # Results first: where stdout and stderr share one pipe (a CI log), a summary must
    # never land before the last line of the report.
    sys.stdout.flush()
    _show(text + "\n", err=True, colour=_use_colour(sys.stderr))


def _colour_text_report(text: str) -> str:
    return text.replace(": error ", ": " + click.style("error", fg="red", bold=True) + " ").replace(
        ": warning ", ": " + click.style("warning", fg="yellow", bold=True) + " "
    )


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


def _date_in_range(_: click.Context, parameter: click.Parameter, value: Any) -> Any:
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
    return click.option(
        "--on",
        "on_date",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        metavar="YYYY-MM-DD",
        callback=_date_in_range,
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


class ExampleCommand(click.Command):
    """A command whose --help ends with its examples (hubctl.command_examples), then epilog."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Write the `Examples:` block, then the command's own epilog."""
        examples = examples_help(self.name or "")
        if examples:
            formatter.write_paragraph()
            formatter.write_text(examples)
        super().format_epilog(ctx, formatter)


class GuardedGroup(click.Group):
    """The one place a command's failure becomes output and an exit code (README: Exit codes).

    A HubctlError prints its diagnostics as `validate` would (stdout; github format
    under GitHub Actions) and one line on stderr, then exits with its code (2 for a
    usage error). Anything else is a bug: one line, exit 3.
    """

    command_class = ExampleCommand

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return self._invoke_and_wipe_progress(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except HubctlError as error:
            if error.diagnostics:
                _emit_report(error.diagnostics, _default_format())
            _print_to_stderr(f"hubctl: {error}")
            raise SystemExit(error.exit_code) from None
        except Exception as error:
            if os.environ.get("HUBCTL_DEBUG") == "1":
                raise
            _print_to_stderr(
                f"hubctl: internal error ({type(error).__name__}: {error}); {BUG_REPORT_HINT}"
            )
            raise SystemExit(EXIT_INTERNAL) from None

    def _invoke_and_wipe_progress(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        finally:
            if isinstance(ctx.obj, Settings):
                ctx.obj.progress.finish()


def _default_format() -> str:
    """How diagnostics are printed when no --format says: annotations under GitHub Actions."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


@click.group(
    cls=GuardedGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="hubctl")
@click.option(
    "--listings",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("listings"),
    envvar="HUBCTL_LISTINGS",
    show_default=True,
    help="Folder holding one sub-folder per local authority (env HUBCTL_LISTINGS).",
)
@click.option(
    "--taxonomy",
    "taxonomy_path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="Offer-area taxonomy to use instead of the one shipped with hubctl.",
)
@click.pass_context
def cli(context: click.Context, listings: Path, taxonomy_path: Path | None) -> None:
    """Validate, check coverage of and publish Family Hub listings kept as YAML."""
    context.obj = Settings(listings, taxonomy_path)


def _codes_epilog() -> str:
    lines = [f"{c.code}  {c.severity:<7}  {c.title}" for c in CODES.values()]
    return "\b\nDiagnostic codes:\n" + "\n".join(lines)


@cli.command(epilog=_codes_epilog())
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(RENDERERS)),
    default=None,
    help="Report format [default: github when GITHUB_ACTIONS=true, else text].",
)
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@on_date_option("Date to judge freshness (last_reviewed) against [default: today].")
@reading_options
@listings_option
@click.pass_obj
def validate_command(
    settings: Settings,
    paths: tuple[Path, ...],
    output_format: str | None,
    strict: bool,
    on_date: Any,
) -> None:
    """Check every listing file and the links between them.

    PATHS (files or folders) limit what is reported, as pre-commit passes changed
    files; references still resolve against the whole tree. Exit 0 when clean
    (warnings allowed unless --strict), 1 when there are errors.
    """
    if output_format is None:
        output_format = _default_format()
    report = validate(
        settings.listings,
        taxonomy=settings.taxonomy(),
        paths=paths,
        today=on_date.date() if on_date else None,
        reading=settings.reading(human_output=output_format == "text"),
    )
    settings.progress.finish()
    _emit_report(report.diagnostics, output_format)
    if output_format in ("text", "github"):  # github: the CI log's reader is a person too
        # Every listing file counts, the invalid ones too: they were checked.
        checked = len(report.listings.sources)
        _print_to_stderr(summary_line(report.diagnostics, checked, strict=strict))
    failed = not report.ok or (strict and bool(report.warnings))
    raise SystemExit(EXIT_DATA_ERRORS if failed else EXIT_OK)


validate_command.name = "validate"


def _emit_report(diagnostics: list[Diagnostic], output_format: str) -> None:
    rendered = RENDERERS[output_format](diagnostics)
    if output_format != "text":
        _emit_bytes(rendered)
        return
    colour = _use_colour(sys.stdout)
    _show(_colour_text_report(rendered) if colour else rendered, colour=colour)


@cli.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("dist"),
    show_default=True,
    help="Folder to (re)place with the feeds.",
)
@click.option(
    "--allow-empty",
    is_flag=True,
    help="Replace feeds that hold authorities and activities with feeds that hold none.",
)
@on_date_option("Date to judge freshness against [default: today].")
@reading_options
@listings_option
@click.pass_obj
def publish_command(settings: Settings, out: Path, allow_empty: bool, on_date: Any) -> None:
    """Validate, then write the feeds to --out atomically.

    Nothing is written when the listings have errors (exit 1); the previous
    --out is then left exactly as it was. --out must be new, empty or an
    earlier publish (exit 2 otherwise).
    """
    result = publish(
        settings.listings,
        out,
        taxonomy=settings.taxonomy(),
        today=on_date.date() if on_date else None,
        allow_empty=allow_empty,
        on_wait=lambda message: _print_to_stderr(f"hubctl: {message}"),
        reading=settings.reading(human_output=True),
    )
    settings.progress.finish()
    for relative in sorted(result.files):
        _show((out / relative).as_posix() + "\n")
    _print_to_stderr(
        f"published {len(result.report.listings.records)} listings to {out.as_posix()}/"
    )


publish_command.name = "publish"


@cli.command()
@click.option(
    "--by",
    type=click.Choice(GROUPINGS),
    default="authority",
    show_default=True,
    help="One report per authority, or per hub (a hub counts its branches and its "
    "authority's online-only activities).",
)
@format_option(COVERAGE_RENDERERS, "table", "Report format.")
@click.option(
    "--fail-on-gaps",
    is_flag=True,
    help="Exit 1 (with a HUB301 error per gap on stderr) when a required, unwaived area "
    "is uncovered.",
)
@click.option(
    "--area", "areas", multiple=True, metavar="ID", help="Only this offer area (repeatable)."
)
@authority_filter_option
@on_date_option("Date the activities must be running on [default: today].")
@reading_options
@listings_option
@click.pass_obj
def coverage_command(
    settings: Settings,
    by: Any,
    output_format: str,
    fail_on_gaps: bool,
    areas: tuple[str, ...],
    authorities: tuple[str, ...],
    on_date: Any,
) -> None:
    """Which required offer areas each authority or hub covers, and for which ages.

    Counts running activities current on --on, their sessions a week (weekly rules
    count each day, monthly a quarter, a one-off a quarter when within four weeks)
    and the age bands they reach. The listings must be valid: with errors, they are
    printed and the exit code is 1.
    """
    coverage_report = coverage(
        settings.listings,
        taxonomy=settings.taxonomy(),
        on=on_date.date() if on_date else None,
        by=by,
        areas=areas,
        authorities=authorities,
        reading=settings.reading(human_output=output_format in HUMAN_FORMATS),
    )
    settings.progress.finish()
    if not coverage_report.units:
        # An empty or mistyped --listings folder must not pass CI as "no gaps".
        where = settings.listings.as_posix()
        _print_to_stderr(
            f"hubctl: no open hub in {where} (closed hubs are left out of coverage --by hub); "
            "use --by authority"
            if by == "hub"
            else f"hubctl: no authority found in {where}"
        )
        raise SystemExit(EXIT_DATA_ERRORS)
    if output_format in HUMAN_FORMATS:
        encoding = getattr(sys.stdout, "encoding", None) or "ascii"
        ascii_only = not _can_show(encoding, "✓✗✅❌–—")
        _show(COVERAGE_RENDERERS[output_format](coverage_report, ascii_only))
    else:
        _emit_bytes(COVERAGE_RENDERERS[output_format](coverage_report, False))
    failed = fail_on_gaps and coverage_report.has_gaps
    if failed:
        # CI sees each gap as a diagnostic on the authority's (or hub's) file.
        github = os.environ.get("GITHUB_ACTIONS") == "true"
        gaps = gap_diagnostics(coverage_report)
        if github:
            _emit_bytes(RENDERERS["github"](gaps), err=True)
        else:
            _show(render_text(gaps), err=True)
    raise SystemExit(EXIT_DATA_ERRORS if failed else EXIT_OK)


coverage_command.name = "coverage"


def _can_show(encoding: str, characters: str) -> bool:
    try:
        characters.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


@cli.command()
@click.option("--check", is_flag=True, help="Exit 1 if the files differ from the models.")
@click.option(
    "--dir",
    "folder",
    type=click.Path(path_type=Path),
    default=Path("schema"),
    show_default=True,
    help="Folder of the *.schema.json files.",
)
@click.pass_obj
def schema(settings: Settings, check: bool, folder: Path) -> None:
    """Write the JSON Schemas generated from the listing models.

    Editors use them for autocompletion (each listing's first line points at
    one); offer-area ids are listed from the taxonomy in use (--taxonomy).
    --check is for CI: it fails when they are stale.
    """
    if check:
        stale = stale_schemas(folder, settings.taxonomy())
        for name in stale:
            _show(f"{(folder / name).as_posix()}: out of date; run 'hubctl schema'\n")
        raise SystemExit(EXIT_DATA_ERRORS if stale else EXIT_OK)
    for path in write_schemas(folder, settings.taxonomy()):
        _show(path.as_posix() + "\n")


# --- new and list: starter files, and what the listings hold ---------------------------------


@cli.command()
@click.argument("kind", type=click.Choice(NEW_KINDS))
@click.argument("listing_id", metavar="ID")
@click.option("--authority", metavar="ID", help="The authority it belongs to (see above).")
@click.option(
    "--hub", metavar="ID", help="A branch's hub, or an activity's venue: a hub or branch."
)
@on_date_option("The date written as last_reviewed [default: today].")
@listings_option
@click.pass_obj
def new(
    settings: Settings,
    kind: Any,
    listing_id: str,
    authority: str | None,
    hub: str | None,
    on_date: Any,
) -> None:
    """Write a commented starter file for a new listing; it passes validate as written.

    The authority is --authority, else the authority of --hub, else the only one. A
    branch's hub is --hub, else the authority's only hub; an activity's venue is --hub (a
    hub or a branch), else the only hub, else none (online only). An existing file is
    never overwritten (exit 1). Prints the path written (stdout) and the next step (stderr).
    """
    written = new_listing(
        settings.listings,
        kind,
        listing_id,
        authority=authority,
        hub=hub,
        today=on_date.date() if on_date else None,
        taxonomy=settings.taxonomy(),
    )
    _show(written.path.as_posix() + "\n")
    if not written.schema_found:
        _print_to_stderr(
            f"note: editors read the schema from {written.schema_path.as_posix()}; write it "
            f"with 'hubctl schema --dir {written.schema_path.parent.as_posix()}'"
        )
    _print_to_stderr(written.next_step)


@cli.command(name="list")
@click.argument("kind", type=click.Choice(LIST_KINDS))
@authority_filter_option
@click.option(
    "--hub",
    "hubs",
    multiple=True,
    metavar="ID",
    help="Only at this hub or its branches (repeatable); for activities, also those "
    "online or by telephone in its authority.",
)
@click.option(
    "--area",
    "areas",
    multiple=True,
    metavar="ID",
    help="Activities covering this offer area (repeatable).",
)
@click.option(
    "--age",
    type=click.FloatRange(0, 25),
    metavar="YEARS",
    help="Activities whose age range includes this age.",
)
@click.option(
    "--day",
    type=click.Choice(WEEKDAYS),
    help="Activities with a weekly or monthly rule on this day.",
)
@click.option(
    "--due",
    "due_within",
    type=click.IntRange(min=0),
    metavar="DAYS",
    help="Listings whose review falls due within DAYS of --on, overdue ones included.",
)
@format_option(LIST_RENDERERS, "table")
@on_date_option("The date reviews are judged against [default: today].")
@reading_options
@listings_option
@click.pass_obj
def list_command(
    settings: Settings,
    kind: Any,
    authorities: tuple[str, ...],
    hubs: tuple[str, ...],
    areas: tuple[str, ...],
    age: float | None,
    day: str | None,
    due_within: int | None,
    output_format: str,
    on_date: Any,
) -> None:
    """List the hubs, branches or activities that match every filter given, by id.

    The listings must be valid: with errors, they are printed as validate prints them
    and the exit code is 1. A count goes to stderr.
    """
    filters = ListFilters(authorities, hubs, areas, age, day, due_within)
    table = list_listings(
        settings.listings,
        kind,
        filters,
        taxonomy=settings.taxonomy(),
        on=on_date.date() if on_date else None,
        reading=settings.reading(human_output=output_format in HUMAN_LIST_FORMATS),
    )
    settings.progress.finish()
    rendered = LIST_RENDERERS[output_format](table)
    if output_format in HUMAN_LIST_FORMATS:
        _show(rendered)
    else:
        _emit_bytes(rendered)
    count = len(table.rows)
    _print_to_stderr(f"{count} {kind if count != 1 else SINGULAR_KIND[kind]}")


# --- hubctl diff (README: hubctl diff) -----------------------------------------------------
@cli.command()
@click.argument("base")
@click.argument("head", required=False)
@format_option(DIFF_RENDERERS, "text", "Report format; markdown is for a pull-request comment.")
@click.option(
    "--fail-on-lost-coverage",
    is_flag=True,
    help="Exit 1 (naming each on stderr) when an authority (or hub, with --by hub) loses a "
    "required area.",
)
@click.option(
    "--by",
    type=click.Choice(GROUPINGS),
    default="authority",
    show_default=True,
    help="What --fail-on-lost-coverage judges; the other grouping's losses are notes.",
)
@on_date_option("Date coverage is judged and the listings validated on [default: today].")
@reading_options
@listings_option
@click.pass_obj
def diff_command(
    settings: Settings,
    base: str,
    head: str | None,
    output_format: str,
    fail_on_lost_coverage: bool,
    by: Any,
    on_date: Any,
) -> None:
    """What changed in the listings from git revision BASE to HEAD (default: the working tree).

    Listings added, removed, renamed and changed field by field, coverage gained and lost
    per authority and hub, and sites left with no running activity. Git is only read:
    the working tree and index are untouched. Files that do not validate at a revision
    are marked invalid and left out. Exit 1 when the listings folder does not exist at
    HEAD; exit 2 for a bad revision or outside a git repository.
    """
    on = on_date.date() if on_date else None
    reading = settings.reading(human_output=output_format in HUMAN_DIFF_FORMATS)
    listing_diff = diff_revisions(
        settings.listings,
        base,
        head,
        taxonomy=settings.taxonomy(),
        on=on,
        by=by,
        reading=reading,
    )
    settings.progress.finish()
    rendered = DIFF_RENDERERS[output_format](listing_diff)
    if output_format in HUMAN_DIFF_FORMATS:
        _show(rendered)
    else:
        _emit_bytes(rendered)
    lost = listing_diff.required_lost
    for unit, area in lost if fail_on_lost_coverage else []:
        message = lost_coverage_message(unit, area, listing_diff.on)
        if _default_format() == "github":  # an annotation on the run, not a buried log line
            _print_to_stderr(workflow_error("lost coverage", message))
        else:
            _print_to_stderr(f"hubctl: {message}")
    raise SystemExit(EXIT_DATA_ERRORS if fail_on_lost_coverage and lost else EXIT_OK)


diff_command.name = "diff"

main = cli
