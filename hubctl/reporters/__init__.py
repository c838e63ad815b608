"""Diagnostics -> text in each output format; one pure function per format."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from hubctl.diagnostics import Diagnostic
from hubctl.reporters.github import render_github
from hubctl.reporters.json_report import render_json
from hubctl.reporters.sarif import render_sarif
from hubctl.reporters.text import render_text

Renderer = Callable[[Sequence[Diagnostic]], str]

RENDERERS: dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "sarif": render_sarif,
}

__all__ = ["RENDERERS", "Renderer"]
