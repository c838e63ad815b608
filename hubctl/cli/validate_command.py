"""`hubctl validate`: its module imports only what checking the listings needs, so the
command CI and pre-commit run most often starts quickly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from hubctl.cli.group import cli, codes_epilog
from hubctl.cli.options import Settings, listings_option, on_date_option, reading_options
from hubctl.cli.output import default_format, emit_report, print_to_stderr
from hubctl.errors import EXIT_DATA_ERRORS, EXIT_OK
from hubctl.reporters import RENDERERS
from hubctl.reporters.text import summary_line
from hubctl.validation import validate


@cli.command(epilog=codes_epilog())
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
        output_format = default_format()
    report = validate(
        settings.listings,
        taxonomy=settings.taxonomy_source(),
        paths=paths,
        today=on_date.date() if on_date else None,
        reading=settings.reading(human_output=output_format == "text"),
        requirements_dir=settings.requirements_dir,
    )
    settings.progress.finish()
    emit_report(report.diagnostics, output_format)
    if output_format in ("text", "github"):  # github: the CI log's reader is a person too
        # Every file counts, the invalid ones too: they were checked.
        checked = report.files_checked
        print_to_stderr(summary_line(report.diagnostics, checked, strict=strict))
    failed = not report.ok or (strict and bool(report.warnings))
    raise SystemExit(EXIT_DATA_ERRORS if failed else EXIT_OK)


validate_command.name = "validate"
