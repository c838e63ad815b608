"""Compiler-style text: one line per diagnostic (`path:line:col: severity CODE message`)."""

from __future__ import annotations

from collections.abc import Sequence

from hubctl.diagnostics import Diagnostic, escape_invisible


def render_text(diagnostics: Sequence[Diagnostic]) -> str:
    """One line per diagnostic, each ending in a newline.

    Paths and messages go through `escape_invisible`, so no text can start another
    line (a forged `::add-mask::` workflow command) or send a terminal escape.
    """
    return "".join(
        f"{escape_invisible(d.path)}:{d.line}:{d.column}: {d.severity} {d.code} "
        f"{escape_invisible(d.message)}\n"
        for d in diagnostics
    )


def summary_line(
    diagnostics: Sequence[Diagnostic], files_checked: int, *, strict: bool = False
) -> str:
    """A one-line count for people (printed to stderr by the CLI). With `strict`, when
    warnings alone fail the run, it says so: "0 errors" would not explain exit 1."""
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    files = f"{files_checked} file{'s' if files_checked != 1 else ''}"
    why_failed = " (--strict: warnings fail)" if strict and warnings and not errors else ""
    return (
        f"checked {files}: {errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}{why_failed}"
    )
