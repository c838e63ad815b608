"""JSON: an object with a `diagnostics` array of {path, line, column, severity, code, message}."""

from __future__ import annotations

import json
from collections.abc import Sequence

from hubctl.diagnostics import Diagnostic


def render_json(diagnostics: Sequence[Diagnostic]) -> str:
    """The JSON report: counts and every diagnostic, with stable keys."""
    errors = sum(d.severity == "error" for d in diagnostics)
    report = {
        "errors": errors,
        "warnings": len(diagnostics) - errors,
        "diagnostics": [d.as_dict() for d in diagnostics],
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
