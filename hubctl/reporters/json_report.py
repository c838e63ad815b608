"""JSON: `format_version`, the counts, and a `diagnostics` array of
{path, line, column, severity, code, message}."""

from __future__ import annotations

import json
from collections.abc import Sequence

from hubctl.diagnostics import Diagnostic

# The report's shape, in semantic versioning (as coverage's `coverage_version` and the feed's
# `schema_version`): a new key is a minor version, a removed or renamed one a major.
JSON_FORMAT_VERSION = "1.0.0"


def utf8_json(document: object) -> str:
    """`document` as two-space indented JSON that always encodes as UTF-8.

    Text is written as it is, unless something holds a lone surrogate (from a file
    name that is not UTF-8), which UTF-8 cannot carry: then all of it is \\u-escaped.
    """
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(document, indent=2, ensure_ascii=True) + "\n"
    return text


def render_json(diagnostics: Sequence[Diagnostic]) -> str:
    """The JSON report: its format version, counts and every diagnostic, with stable keys."""
    errors = sum(d.severity == "error" for d in diagnostics)
    report = {
        "format_version": JSON_FORMAT_VERSION,
        "errors": errors,
        "warnings": len(diagnostics) - errors,
        "diagnostics": [d.as_dict() for d in diagnostics],
    }
    return utf8_json(report)
