"""SARIF 2.1.0 for code-scanning tools (GitHub code scanning in particular).

Artifact URIs are relative to the folder hubctl runs in (GitHub runs a job in the
repository's checkout), under the base id `%SRCROOT%`, whose absolute `file:` URI is given
in `originalUriBaseIds`; that holds even when `--listings` is an absolute path. A file
outside that folder can only be named by an absolute `file:` URI.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Sequence
from urllib.parse import quote

from hubctl import __version__
from hubctl.diagnostics import CODES, Code, Diagnostic
from hubctl.reporters.json_report import utf8_json

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SOURCE_ROOT_ID = "%SRCROOT%"
# The README's table of codes: a heading GitHub gives a stable anchor (a test checks it).
CODES_HELP_URI = "https://github.com/familyhubs/hubctl#diagnostic-codes"
# RFC 3986 characters a path segment may hold unescaped.
_URI_SAFE = "/-._~!$&'()*+,;=:@"


def render_sarif(diagnostics: Sequence[Diagnostic], source_root: str | None = None) -> str:
    """One SARIF run whose rules are the codes used, each result at its file region.

    `source_root` (default: the working folder) is what relative URIs are relative to.
    """
    root = posixpath.normpath((source_root or os.getcwd()).replace(os.sep, "/"))
    used_codes = sorted({d.code for d in diagnostics})
    rule_index = {code: index for index, code in enumerate(used_codes)}
    results = [
        {
            "ruleId": d.code,
            "ruleIndex": rule_index[d.code],
            "level": d.severity,
            "message": {"text": d.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": artifact_location(d.path, root),
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
                        "semanticVersion": __version__,
                        "informationUri": "https://pypi.org/project/familyhubs-hubctl/",
                        "rules": [sarif_rule(CODES[code]) for code in used_codes],
                    }
                },
                "originalUriBaseIds": {SOURCE_ROOT_ID: {"uri": _file_uri(root) + "/"}},
                "results": results,
            }
        ],
    }
    return utf8_json(log)


def sarif_rule(code: Code) -> dict[str, object]:
    """A code as a SARIF reportingDescriptor, with everything GitHub code scanning requires."""
    title = code.title[:1].upper() + code.title[1:]
    return {
        "id": code.code,
        "name": rule_name(code.title),
        "shortDescription": {"text": title},
        "fullDescription": {"text": f"{title} ({code.severity} {code.code}). Fix: {code.fix}."},
        "help": {"text": f"How to fix it: {code.fix}."},
        "helpUri": CODES_HELP_URI,
        "defaultConfiguration": {"level": code.severity},
    }


def rule_name(title: str) -> str:
    """A title as the PascalCase identifier SARIF wants for a rule's `name`.

    "file is not valid UTF-8" becomes "FileIsNotValidUTF8"; words keep their capitals.
    """
    return "".join(word[:1].upper() + word[1:] for word in re.findall(r"[A-Za-z0-9]+", title))


def artifact_location(path: str, source_root: str) -> dict[str, str]:
    """Where a diagnostic's file is: relative to `source_root` under its base id when inside it."""
    absolute = posixpath.normpath(posixpath.join(source_root, path.replace(os.sep, "/")))
    relative = posixpath.relpath(absolute, source_root)
    if relative == ".." or relative.startswith("../"):
        return {"uri": _file_uri(absolute)}
    return {"uri": sarif_uri(relative), "uriBaseId": SOURCE_ROOT_ID}


def sarif_uri(path: str) -> str:
    """A path as a relative URI reference (RFC 3986): spaces, %, # and the rest escaped."""
    return quote(path.encode("utf-8", "surrogateescape"), safe=_URI_SAFE)


def _file_uri(absolute_path: str) -> str:
    # "C:/x" (Windows) needs a third slash; "/x" already has it.
    prefix = "file://" if absolute_path.startswith("/") else "file:///"
    return prefix + sarif_uri(absolute_path)
