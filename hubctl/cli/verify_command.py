"""`hubctl verify DIR`."""

from __future__ import annotations

from pathlib import Path

import click

from hubctl.cli.group import cli, codes_epilog
from hubctl.cli.options import format_option
from hubctl.cli.output import emit_report, print_to_stderr
from hubctl.errors import EXIT_DATA_ERRORS, EXIT_OK
from hubctl.feed_verify import verify_feed
from hubctl.feed_verify.codes import VERIFY_CODES
from hubctl.reporters import RENDERERS
from hubctl.reporters.text import summary_line

VERIFY_FORMATS = {name: RENDERERS[name] for name in ("text", "json")}


@cli.command(epilog=codes_epilog(VERIFY_CODES))
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@format_option(VERIFY_FORMATS, "text", "Report format.")
def verify_command(folder: Path, output_format: str) -> None:
    """Check a downloaded feed folder before ingesting it.

    DIR is what `hubctl publish` wrote: every file its manifest.json lists must be there
    with that size and SHA-256, and nothing else; feed.json and the Open Referral UK files
    must match the schemas shipped in hubctl (not the folder's copies); the CSV files
    their Data Package (types, constraints, keys); the GeoJSON and calendars must read.
    Exit 0 when all is well (warnings allowed), 1 on any problem, 2 when DIR is not a
    folder.
    """
    report = verify_feed(folder)
    emit_report(report.diagnostics, output_format)
    if output_format == "text":
        print_to_stderr(summary_line(report.diagnostics, report.files_checked))
    raise SystemExit(EXIT_OK if report.ok else EXIT_DATA_ERRORS)


verify_command.name = "verify"
