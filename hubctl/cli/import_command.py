"""`hubctl import oruk`: an existing Open Referral UK directory into listing files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from hubctl.cli.group import ExampleGroup, cli
from hubctl.cli.options import Settings, listings_option, on_date_option
from hubctl.cli.output import emit_bytes, print_to_stderr, show
from hubctl.oruk_import import import_oruk
from hubctl.validation import validate


@cli.group(name="import", cls=ExampleGroup)
def import_group() -> None:
    """Import listings from another directory format (today: Open Referral UK)."""


@import_group.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--authority",
    required=True,
    metavar="ID",
    help="The authority the listings belong to: its folder under --out (made from the "
    "source's organization unless its authority.yaml is there).",
)
@click.option(
    "--hubs",
    multiple=True,
    metavar="ID,...",
    help="The locations that are family hubs, by id, external identifier or name "
    "(comma-separated or repeated) [default: those named 'family hub'].",
)
@click.option(
    "--organization",
    "organizations",
    multiple=True,
    metavar="ID|NAME",
    help="Only the services of this organization (repeatable) [default: every service].",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The listings folder to write into [default: --listings].",
)
@click.option(
    "--report",
    "report",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default=None,
    help="Where the import report goes; '-' prints it on stdout "
    "[default: OUT/AUTHORITY/import-report.md].",
)
@click.option(
    "--skip-existing",
    is_flag=True,
    help="Keep files that are there already and write the others [default: stop, writing "
    "nothing, if any file is there].",
)
@on_date_option("The date written where the source has none (last_reviewed) [default: today].")
@listings_option
@click.pass_obj
def oruk(
    settings: Settings,
    path: Path,
    authority: str,
    hubs: tuple[str, ...],
    organizations: tuple[str, ...],
    out: Path | None,
    report: Path | None,
    skip_existing: bool,
    on_date: Any,
) -> None:
    """Import an Open Referral UK (HSDS 3.0) directory as listing files.

    PATH is a JSON file (a service, a page of services as /services returns it, or a list
    of them), a folder of such files, or a folder of CSV tables (services.csv ...,
    optionally with datapackage.json). Writes one file per authority, hub, branch and
    activity under --out, never over a file that is there (exit 1, nothing written,
    unless --skip-existing), and a markdown report naming, by source record, every value
    it filled in for review or could not keep. Prints the files written (stdout), then a
    summary and how validate finds them (stderr).
    """
    target = out or settings.listings
    to_stdout = report == Path("-")
    today = on_date.date() if on_date else None
    result = import_oruk(
        path,
        authority,
        out=target,
        hubs=hubs,
        organizations=organizations,
        skip_existing=skip_existing,
        today=today,
        taxonomy=settings.taxonomy(),
        report_path=None if to_stdout else report,
        write_report=not to_stdout,
    )
    if to_stdout:
        emit_bytes(result.report)
    else:
        show("".join(f"{written.as_posix()}\n" for written in result.written))
    counts = result.counts
    kept = counts.get("kept", 0)
    print_to_stderr(
        f"imported {_count(counts, 'authority', 'authorities')}, {_count(counts, 'hub', 'hubs')}, "
        f"{_count(counts, 'branch', 'branches')} and {_count(counts, 'activity', 'activities')} "
        f"into {(target / authority).as_posix()}"
        + (f"; {kept} file{'s' if kept != 1 else ''} already there kept" if kept else "")
    )
    notes = result.notes
    where = result.report_path.as_posix() if result.report_path else "the report above"
    print_to_stderr(
        f"{notes.count('review')} values to review, {notes.count('not kept')} not kept: see {where}"
    )
    checked = validate(
        target, taxonomy=settings.taxonomy(), paths=[target / authority], today=today
    )
    print_to_stderr(
        f"hubctl validate {(target / authority).as_posix()}: {len(checked.errors)} errors, "
        f"{len(checked.warnings)} warnings"
    )


def _count(counts: dict[str, int], kind: str, plural: str) -> str:
    number = counts.get(kind, 0)
    return f"{number} {kind if number == 1 else plural}"
