"""`hubctl diff`: what a pull request changes for families."""

from __future__ import annotations

from typing import Any

import click

from hubctl.cli.group import cli
from hubctl.cli.options import (
    Settings,
    format_option,
    listings_option,
    on_date_option,
    reading_options,
)
from hubctl.cli.output import (
    default_format,
    emit_result,
    print_to_stderr,
)
from hubctl.diff_reports import DIFF_RENDERERS, HUMAN_DIFF_FORMATS
from hubctl.errors import EXIT_DATA_ERRORS, EXIT_OK
from hubctl.listing_diff import diff_revisions, lost_coverage_message
from hubctl.offer_coverage import GROUPINGS
from hubctl.reporters.github import workflow_error


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
    emit_result(rendered, for_people=output_format in HUMAN_DIFF_FORMATS)
    lost = listing_diff.required_lost
    for unit, area in lost if fail_on_lost_coverage else []:
        message = lost_coverage_message(unit, area, listing_diff.on)
        if default_format() == "github":  # an annotation on the run, not a buried log line
            print_to_stderr(workflow_error("lost coverage", message))
        else:
            print_to_stderr(f"hubctl: {message}")
    raise SystemExit(EXIT_DATA_ERRORS if fail_on_lost_coverage and lost else EXIT_OK)


diff_command.name = "diff"
