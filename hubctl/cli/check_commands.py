"""`hubctl coverage` and `hubctl schema`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from hubctl.cli.group import cli
from hubctl.cli.options import (
    Settings,
    authority_filter_option,
    date_option,
    format_option,
    listings_option,
    on_date_option,
    reading_options,
)
from hubctl.cli.output import (
    can_show,
    default_format,
    emit_bytes,
    print_to_stderr,
    show,
)
from hubctl.coverage_periods import (
    PERIOD_KINDS,
    CoveragePeriod,
    PeriodKind,
    period_around,
    period_between,
)
from hubctl.coverage_reports import COVERAGE_RENDERERS, HUMAN_FORMATS
from hubctl.coverage_reports.assurance_reports import ASSURANCE_RENDERERS
from hubctl.errors import EXIT_DATA_ERRORS, EXIT_OK
from hubctl.expectations import assurance
from hubctl.offer_coverage import GROUPINGS, coverage, gap_diagnostics
from hubctl.reporters import RENDERERS
from hubctl.reporters.text import render_text
from hubctl.resources import requirement_profile_ids, unknown_profile_message
from hubctl.schemas import stale_schemas, write_schemas


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
@on_date_option(
    "Date the activities must be running on, and stale listings are judged on [default: today]."
)
@date_option(
    "--from",
    "from_date",
    "Count sessions over a period from this day (with --to) instead of on one date.",
)
@date_option("--to", "to_date", "The last day of the period (with --from).")
@click.option(
    "--period",
    type=click.Choice(PERIOD_KINDS),
    default=None,
    help="Count sessions over the school term (autumn Sep-Dec, spring Jan-Mar, summer "
    "Apr-Aug), financial quarter or financial year that holds --on.",
)
@click.option(
    "--exclude-stale",
    is_flag=True,
    help="Do not count activities whose last_reviewed is over 12 months before --on "
    "(they are flagged either way).",
)
@click.option(
    "--expectations",
    "show_expectations",
    is_flag=True,
    help="Report the profile's expectations per authority instead: met, partly or not met, "
    "computed from coverage or recorded in listings/<authority>/expectations.yaml.",
)
@click.option(
    "--profile",
    metavar="ID",
    default=None,
    help="Hold every authority to this requirement profile instead of its policy's.",
)
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
    from_date: Any,
    to_date: Any,
    period: Any,
    exclude_stale: bool,
    show_expectations: bool,
    profile: str | None,
) -> None:
    """Which required offer areas each authority or hub covers: in which modes, for which
    ages, on a date or over a period, and why any is not covered.

    Each authority is held to its coverage policy's requirement profile. Counts
    running activities current on --on (or with a session in the period), their
    sessions a week (weekly rules count each day, monthly a quarter, a one-off a
    quarter when within four weeks; over a period, the sessions held in it), and the
    ages they reach. The listings must be valid: with errors, they are printed and
    the exit code is 1.
    """
    on = on_date.date() if on_date else date.today()
    if show_expectations and by == "hub":
        raise click.UsageError("--expectations are judged per authority; leave out --by hub")
    if show_expectations and (areas or fail_on_gaps):
        # Computed expectations need every area's coverage; --fail-on-gaps judges areas.
        raise click.UsageError("--expectations takes neither --area nor --fail-on-gaps")
    known = requirement_profile_ids(settings.requirements_dir)
    if profile is not None and profile not in known:
        raise click.BadParameter(unknown_profile_message(profile, known), param_hint="--profile")
    coverage_report = coverage(
        settings.listings,
        taxonomy=settings.taxonomy(),
        on=on,
        by=by,
        areas=areas,
        authorities=authorities,
        reading=settings.reading(human_output=output_format in HUMAN_FORMATS),
        period=_period(on, from_date, to_date, period),
        exclude_stale=exclude_stale,
        profile=profile,
        requirements_dir=settings.requirements_dir,
    )
    settings.progress.finish()
    if show_expectations and coverage_report.units:
        report = assurance(
            coverage_report, settings.listings, settings.taxonomy(), settings.requirements_dir
        )
        _show(ASSURANCE_RENDERERS[output_format], report, output_format)
        raise SystemExit(EXIT_OK)
    if not coverage_report.units:
        # An empty or mistyped --listings folder must not pass CI as "no gaps".
        where = settings.listings.as_posix()
        print_to_stderr(
            f"hubctl: no open hub in {where} (closed hubs are left out of coverage --by hub); "
            "use --by authority"
            if by == "hub"
            else f"hubctl: no authority found in {where}"
        )
        raise SystemExit(EXIT_DATA_ERRORS)
    _show(COVERAGE_RENDERERS[output_format], coverage_report, output_format)
    failed = fail_on_gaps and coverage_report.has_gaps
    if failed:
        # CI sees each gap as a diagnostic on the authority's (or hub's) file.
        github = default_format() == "github"
        gaps = gap_diagnostics(coverage_report)
        if github:
            emit_bytes(RENDERERS["github"](gaps), err=True)
        else:
            show(render_text(gaps), err=True)
    raise SystemExit(EXIT_DATA_ERRORS if failed else EXIT_OK)


coverage_command.name = "coverage"


def _show(render: Callable[[Any, bool], str], report: Any, output_format: str) -> None:
    """Print `report` as `render` writes it: people's formats as the terminal can show
    them, machine formats as UTF-8 bytes."""
    if output_format in HUMAN_FORMATS:
        encoding = getattr(sys.stdout, "encoding", None) or "ascii"
        show(render(report, not can_show(encoding, "✓✗✅❌–—")))
    else:
        emit_bytes(render(report, False))


def _period(on: date, first: Any, last: Any, kind: PeriodKind | None) -> CoveragePeriod | None:
    """The period --from/--to or --period name; None for a single date."""
    if kind is not None:
        if first or last:
            raise click.UsageError("use --period or --from/--to, not both")
        return period_around(kind, on)
    if first is None and last is None:
        return None
    if first is None or last is None:
        raise click.UsageError("--from and --to go together")
    try:
        return period_between(first.date(), last.date())
    except ValueError as problem:
        raise click.UsageError(str(problem)) from None


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
            show(f"{(folder / name).as_posix()}: out of date; run 'hubctl schema'\n")
        raise SystemExit(EXIT_DATA_ERRORS if stale else EXIT_OK)
    for path in write_schemas(folder, settings.taxonomy()):
        show(path.as_posix() + "\n")
