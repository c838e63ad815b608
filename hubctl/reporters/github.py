"""GitHub Actions workflow commands, so problems show on the pull request's lines."""

from __future__ import annotations

from collections.abc import Sequence

from hubctl.diagnostics import Diagnostic, escape_invisible


def _escape_data(text: str) -> str:
    # GitHub's own escapes for % CR LF; other invisible characters are shown escaped
    # (a log viewer would act on a terminal escape).
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return escape_invisible(text)


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_error(title: str, message: str) -> str:
    """One `::error title=…::message` line, escaped as every annotation is (no newline)."""
    return f"::error title={_escape_property(title)}::{_escape_data(message)}"


def render_github(diagnostics: Sequence[Diagnostic]) -> str:
    """`::error file=…,line=…,col=…,title=CODE::message` lines."""
    return "".join(
        f"::{d.severity} file={_escape_property(d.path)},line={d.line},col={d.column},"
        f"title={d.code}::{_escape_data(d.message)}\n"
        for d in diagnostics
    )
