"""SARIF 2.1.0 for code-scanning tools."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from hubctl import __version__
from hubctl.diagnostics import CODES, Diagnostic
from hubctl.reporters.json_report import utf8_json

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render_sarif(diagnostics: Sequence[Diagnostic]) -> str:
    """One SARIF run whose rules are the codes used, each result at its file region."""
    used_codes = sorted({d.code for d in diagnostics})
    rule_index = {code: index for index, code in enumerate(used_codes)}
    rules = [
        {
            "id": code,
            "name": code,
            "shortDescription": {"text": CODES[code].title},
            "help": {"text": CODES[code].fix},
            "defaultConfiguration": {"level": CODES[code].severity},
        }
        for code in used_codes
    ]
    results = [
        {
            "ruleId": d.code,
            "ruleIndex": rule_index[d.code],
            "level": d.severity,
            "message": {"text": d.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": sarif_uri(d.path)},
                        "region": {"startLine": d.line, "startColumn": d.column},
                    }
                }
            ],
        }
        for d in diagnostics
    ]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "hubctl",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/familyhubs-hubctl/",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return utf8_json(log)


def sarif_uri(path: str) -> str:
    """A path as a relative URI reference (RFC 3986): spaces, %, # and the rest escaped."""
    return quote(path.encode("utf-8", "surrogateescape"), safe="/-._~!$&'()*+,;=:@")
