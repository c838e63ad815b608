"""`hubctl new` and `hubctl list`: starter files, and what the listings hold."""

from __future__ import annotations

from typing import Any

import click

from hubctl.cli.group import cli
from hubctl.cli.options import (
    Settings,
    authority_filter_option,
    format_option,
    listings_option,
    on_date_option,
    reading_options,
)
from hubctl.cli.output import (
    emit_result,
    print_to_stderr,
    show,
)
from hubctl.listing_query import LIST_KINDS, SINGULAR_KIND, ListFilters, list_listings
from hubctl.listing_reports import HUMAN_LIST_FORMATS, LIST_RENDERERS
from hubctl.models import WEEKDAYS
from hubctl.scaffold import NEW_KINDS, new_listing

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
    show(written.path.as_posix() + "\n")
    if not written.schema_found:
        print_to_stderr(
            f"note: editors read the schema from {written.schema_path.as_posix()}; write it "
            f"with 'hubctl schema --dir {written.schema_path.parent.as_posix()}'"
        )
    print_to_stderr(written.next_step)


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
    emit_result(rendered, for_people=output_format in HUMAN_LIST_FORMATS)
    count = len(table.rows)
    print_to_stderr(f"{count} {kind if count != 1 else SINGULAR_KIND[kind]}")
