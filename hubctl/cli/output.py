"""How the CLI writes: text for people (encoded for the terminal), machine formats as
UTF-8 bytes, diagnostics in the format asked for or the one CI wants."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from hubctl.diagnostics import Diagnostic
from hubctl.reporters import RENDERERS

BUG_REPORT_HINT = "please report this as a bug (run with HUBCTL_DEBUG=1 to see the details)"


def use_colour(stream: Any) -> bool:
    return "NO_COLOR" not in os.environ and bool(getattr(stream, "isatty", lambda: False)())


def show(text: str, *, err: bool = False, colour: bool = False) -> None:
    """Text for people, on stdout or stderr: what the stream cannot encode becomes '?'.

    With PYTHONIOENCODING=cp1252 (or an old Windows console), a Polish name or an emoji
    would otherwise stop the command with an encoding error.
    """
    stream = sys.stderr if err else sys.stdout
    encoding = getattr(stream, "encoding", None) or "utf-8"
    click.echo(
        text.encode(encoding, errors="replace").decode(encoding), nl=False, err=err, color=colour
    )


def emit_bytes(text: str, *, err: bool = False) -> None:
    """A machine format (JSON, SARIF, CSV, HTML, GitHub commands) as UTF-8 bytes, whatever
    the stream's encoding, so a file or pipe always gets exactly the document."""
    click.echo(text.encode("utf-8"), nl=False, err=err)


def emit_result(rendered: str, *, for_people: bool) -> None:
    """A command's result on stdout: shown for the terminal, or exactly as bytes."""
    if for_people:
        show(rendered)
    else:
        emit_bytes(rendered)


def print_to_stderr(text: str) -> None:
    # Results first: where stdout and stderr share one pipe (a CI log), a summary must
    # never land before the last line of the report.
    sys.stdout.flush()
    show(text + "\n", err=True, colour=use_colour(sys.stderr))


def colour_text_report(text: str) -> str:
    return text.replace(": error ", ": " + click.style("error", fg="red", bold=True) + " ").replace(
        ": warning ", ": " + click.style("warning", fg="yellow", bold=True) + " "
    )


def default_format() -> str:
    """How diagnostics are printed when no --format says: annotations under GitHub Actions."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def emit_report(diagnostics: list[Diagnostic], output_format: str) -> None:
    rendered = RENDERERS[output_format](diagnostics)
    if output_format != "text":
        emit_bytes(rendered)
        return
    colour = use_colour(sys.stdout)
    show(colour_text_report(rendered) if colour else rendered, colour=colour)


def can_show(encoding: str, characters: str) -> bool:
    try:
        characters.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True
