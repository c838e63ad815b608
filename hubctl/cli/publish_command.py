"""`hubctl publish`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from hubctl.cli.group import cli
from hubctl.cli.options import (
    Settings,
    listings_option,
    on_date_option,
    reading_options,
)
from hubctl.cli.output import (
    print_to_stderr,
    show,
)
from hubctl.feeds.oruk_mirror import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    MIRROR_FOLDER,
    is_object_file,
)
from hubctl.publishing import (
    publish,
)


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
@click.option(
    "--oruk-page-size",
    type=click.IntRange(1, MAX_PAGE_SIZE),
    default=DEFAULT_PAGE_SIZE,
    show_default=True,
    help="Items per page of the Open Referral UK mirror's lists (oruk/*/page-N.json).",
)
@on_date_option("Date to judge freshness against [default: today].")
@reading_options
@listings_option
@click.pass_obj
def publish_command(
    settings: Settings, out: Path, allow_empty: bool, oruk_page_size: int, on_date: Any
) -> None:
    """Validate, then write the feeds to --out atomically.

    Nothing is written when the listings have errors (exit 1); the previous
    --out is then left exactly as it was. --out must be new, empty or an
    earlier publish (exit 2 otherwise). Prints each file written but the
    mirror's one-object files (oruk/<collection>/<id>.json), which it counts.
    """
    result = publish(
        settings.listings,
        out,
        taxonomy=settings.taxonomy(),
        today=on_date.date() if on_date else None,
        allow_empty=allow_empty,
        on_wait=lambda message: print_to_stderr(f"hubctl: {message}"),
        reading=settings.reading(human_output=True),
        oruk_page_size=oruk_page_size,
        requirements_dir=settings.requirements_dir,
    )
    settings.progress.finish()
    objects = 0
    for relative in sorted(result.files):  # paths only: 220,000 at national size
        if is_object_file(relative):
            objects += 1
        else:
            show((out / relative).as_posix() + "\n")
    print_to_stderr(
        f"published {len(result.report.listings.records)} listings to {out.as_posix()}/ "
        f"({objects:,} Open Referral UK objects in {out.as_posix()}/{MIRROR_FOLDER}/)"
    )


publish_command.name = "publish"
