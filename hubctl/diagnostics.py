"""Diagnostics: the value every check returns, and the one table of stable codes.

A diagnostic is data, not an exception: readers, models and checks return lists of
them, and the CLI decides the exit code in one place. The code table below is the
single source for the README's code list and for `hubctl validate --help`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Code:
    """One stable diagnostic code: its default severity, a title and the usual fix."""

    code: str
    severity: Severity
    title: str
    fix: str


_CODE_LIST = [
    # HUB0xx: reading YAML
    Code("HUB001", "error", "file is not valid UTF-8", "save the file as UTF-8"),
    Code("HUB002", "error", "file is larger than 1 MiB", "split the listing or remove pasted data"),
    Code("HUB003", "error", "file is empty", "add the listing's fields, or delete the file"),
    Code(
        "HUB004", "error", "YAML syntax error", "check indentation, colons and quotes on that line"
    ),
    Code(
        "HUB005", "error", "more than one YAML document", "keep one listing per file; remove '---'"
    ),
    Code("HUB006", "error", "top level is not a mapping", "start the file with 'id: ...' lines"),
    Code("HUB007", "error", "duplicate key", "keep one of the two lines"),
    Code("HUB008", "error", "anchor or alias", "write the value out in full instead of & or *"),
    Code("HUB009", "error", "explicit YAML tag", "remove the '!' tag and write the plain value"),
    Code("HUB010", "error", "nesting deeper than 20 levels", "flatten the structure"),
    Code(
        "HUB011",
        "warning",
        "plain value that YAML 1.1 tools read differently",
        "put the value in double quotes",
    ),
    Code("HUB012", "error", "file cannot be read", "check the file's permissions"),
    Code("HUB013", "error", "key is not plain text", "write the key as a plain word"),
    # HUB1xx: schema
    Code("HUB101", "error", "required field missing", "add the field"),
    Code("HUB102", "error", "unknown field", "check the spelling against the README's field list"),
    Code("HUB103", "error", "wrong type of value", "write the kind of value the field takes"),
    Code("HUB104", "error", "value not in the allowed list", "use one of the listed values"),
    Code("HUB105", "error", "value has the wrong format", "write it in the format shown"),
    Code("HUB106", "error", "number out of range", "use a number inside the range shown"),
    Code("HUB107", "error", "closing time is not after opening time", "fix opens_at or closes_at"),
    Code("HUB108", "error", "age range minimum is above its maximum", "swap min and max"),
    Code("HUB109", "error", "schedule rule does not fit its freq", "follow the rule's freq"),
    Code("HUB110", "error", "activity has no venue, online link or telephone", "add one"),
    Code("HUB111", "error", "valid_to is before valid_from", "fix the dates"),
    # HUB2xx: references and ids
    Code("HUB201", "error", "unknown offer area", "use an id from schema/offer-areas.yaml"),
    Code("HUB202", "error", "id used by more than one file", "give each listing its own id"),
    Code("HUB203", "error", "file name does not match id", "rename the file or change the id"),
    Code("HUB204", "error", "authority folder does not match authority id", "rename the folder"),
    Code("HUB205", "error", "branch names an unknown hub", "use the id of a hub of this authority"),
    Code("HUB206", "error", "activity names an unknown venue", "use a hub or branch id"),
    Code("HUB207", "error", "coverage policy names an unknown area", "use an offer-area id"),
    Code("HUB208", "error", "authority folder has no authority.yaml", "add authority.yaml"),
    Code("HUB209", "error", "listing file in an unexpected place", "move it under a kind folder"),
    Code(
        "HUB210",
        "error",
        "listings folder holds no authority",
        "add listings/<authority>/authority.yaml, or check --listings",
    ),
    # HUB3xx: coverage
    Code("HUB301", "error", "required offer area not covered", "add a running activity"),
    Code("HUB302", "warning", "waiver of an area that is not required", "remove the waiver"),
    Code(
        "HUB303",
        "error",
        "coverage policy names an area twice",
        "keep one waiver per area, and do not both require and waive it",
    ),
    # HUB4xx: freshness and other warnings
    Code("HUB401", "warning", "listing not reviewed for 12 months", "check it, then update it"),
    Code("HUB402", "warning", "hub or branch hosts no activity", "add an activity or close it"),
    Code("HUB403", "warning", "last_reviewed is in the future", "use the date of the review"),
]

CODES: dict[str, Code] = {code.code: code for code in _CODE_LIST}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in one file, at a 1-based line and column.

    `message` is complete and plain: what is wrong and how to fix it.
    """

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = "error"

    def as_dict(self) -> dict[str, object]:
        """The diagnostic as the JSON report's object (stable keys)."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


def diagnostic(path: str, line: int, column: int, code: str, message: str) -> Diagnostic:
    """Build a diagnostic whose severity comes from the code table."""
    return Diagnostic(path, line, column, code, message, CODES[code].severity)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ` (did you mean 'x'?)` suffix for the closest choice, or an empty string."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """True when any diagnostic is an error."""
    return any(d.severity == "error" for d in diagnostics)


def codes_markdown() -> str:
    """The README's table of codes, built from the one code table."""
    rows = ["| code | severity | what it means | how to fix it |", "|---|---|---|---|"]
    rows += [f"| `{c.code}` | {c.severity} | {c.title} | {c.fix} |" for c in CODES.values()]
    return "\n".join(rows) + "\n"
