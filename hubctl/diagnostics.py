"""Diagnostics: the value every check returns, and the one table of stable codes.

A diagnostic is data, not an exception: readers, models and checks return lists of
them, and the CLI decides the exit code in one place. The code table below is the
single source for the README's code list and for `hubctl validate --help`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import groupby
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
    Code(
        "HUB012",
        "error",
        "file or folder cannot be read, or is not a regular file",
        "check its permissions, or replace it with the listing file",
    ),
    Code("HUB013", "error", "key is not plain text", "write the key as a plain word"),
    Code(
        "HUB014",
        "error",
        "control character or odd line separator in the file",
        "delete it, or replace it with an ordinary line break",
    ),
    Code(
        "HUB015",
        "error",
        "symbolic link in the listings folder (not followed)",
        "replace the link with the real file or folder",
    ),
    Code(
        "HUB016",
        "error",
        "number longer than any field takes",
        "if it is text, put it in double quotes",
    ),
    Code(
        "HUB017",
        "error",
        "more problems in the file than are shown (warning if all hidden ones are)",
        "fix the problems shown, then run again",
    ),
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
    Code(
        "HUB112",
        "error",
        "line break or control character in text",
        "write one-line fields on one line; delete invisible characters",
    ),
    Code("HUB113", "error", "entry listed twice", "remove the repeated entry"),
    Code(
        "HUB114",
        "error",
        "schedule rule dated outside its activity",
        "move the rule's dates inside the activity's valid_from and valid_to",
    ),
    Code(
        "HUB115",
        "error",
        "self-paced activity has no online link",
        "add online with its https address, or give its times as schedule rules",
    ),
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
    Code(
        "HUB211",
        "error",
        "coverage policy names an unknown requirement profile",
        "use the id of a file in schema/requirements/ (or --requirements)",
    ),
    Code(
        "HUB212",
        "error",
        "waiver names an unknown hub",
        "use the id of a hub of this authority, or leave hub out to waive it everywhere",
    ),
    Code(
        "HUB213",
        "error",
        "expectations register names an expectation its profile does not have",
        "use an expectation id of the authority's requirement profile",
    ),
    Code(
        "HUB214",
        "error",
        "expectations register records an expectation listings show",
        "remove the entry: coverage of its offer areas decides it",
    ),
    # HUB3xx: coverage
    Code("HUB301", "error", "required offer area not covered", "add a running activity"),
    Code("HUB302", "warning", "waiver of an area that is not required", "remove the waiver"),
    Code(
        "HUB303",
        "error",
        "coverage policy names an area twice",
        "keep one waiver per area (and hub), and do not both require and waive it",
    ),
    # HUB4xx: freshness and other warnings
    Code("HUB401", "warning", "listing not reviewed for 12 months", "check it, then update it"),
    Code("HUB402", "warning", "hub or branch hosts no activity", "add an activity or close it"),
    Code("HUB403", "warning", "last_reviewed is in the future", "use the date of the review"),
    Code(
        "HUB404",
        "warning",
        "running activity lists a closed or temporarily closed site as a venue",
        "remove the venue, or pause the activity until the site reopens",
    ),
    Code(
        "HUB405",
        "warning",
        "placeholder from hubctl new or hubctl import left in",
        "write the real value in its place",
    ),
    Code(
        "HUB406",
        "warning",
        "waiver past its expiry date (no longer applied)",
        "cover the area, or renew the waiver with a new expires date and reason",
    ),
    Code(
        "HUB407",
        "warning",
        "expectation record not reviewed for 12 months",
        "check its status and evidence, then update reviewed",
    ),
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


# At most this many diagnostics are reported per file: a generated or pasted file with
# thousands of mistakes must not flood a CI log, and fixing the first ones usually
# fixes the rest.
MAX_DIAGNOSTICS_PER_FILE = 100
# Listing text quoted inside a message is cut to this many characters.
MAX_QUOTED_CHARACTERS = 60
# Characters that must never be echoed raw: controls, line separators, bidi overrides
# (which reorder what a reviewer reads) and lone surrogates (not UTF-8).
_UNSAFE_CHARACTERS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escaped(match: re.Match[str]) -> str:
    point = ord(match.group())
    return f"\\x{point:02x}" if point <= 0xFF else f"\\u{point:04x}"


def escape_invisible(text: str) -> str:
    """`text` with controls, line separators, bidi overrides and surrogates escaped (`\\x1b`)."""
    return _UNSAFE_CHARACTERS.sub(_escaped, text)


def shown_text(value: str) -> str:
    """Listing text as a message may show it: cut to 60 characters, invisible ones escaped."""
    if len(value) > MAX_QUOTED_CHARACTERS:
        value = value[: MAX_QUOTED_CHARACTERS - 1] + "…"
    return escape_invisible(value)


def quoted(value: object) -> str:
    """`value` in single quotes for a message, made safe by `shown_text`."""
    return f"'{shown_text(str(value))}'"


def limit_per_file(
    diagnostics: list[Diagnostic], overflow_code: str = "HUB017"
) -> list[Diagnostic]:
    """Sorted `diagnostics` with at most MAX_DIAGNOSTICS_PER_FILE per file.

    A file over the limit gets one `overflow_code` (HUB017; `hubctl verify` has its own)
    where the first hidden one was, counting the rest; it is an error only if a hidden
    one is, so it never changes the exit code. An `overflow_code` diagnostic already in
    `diagnostics` (a check that counted what it did not describe) is kept and not counted.
    """
    kept: list[Diagnostic] = []
    for _, group in groupby(diagnostics, key=lambda d: d.path):
        in_file = list(group)
        counted = [d for d in in_file if d.code != overflow_code]
        kept += counted[:MAX_DIAGNOSTICS_PER_FILE]
        hidden = counted[MAX_DIAGNOSTICS_PER_FILE:]
        if hidden:
            severity: Severity = "error" if has_errors(hidden) else "warning"
            kept.append(overflow_diagnostic(hidden[0], overflow_code, len(hidden), severity))
        kept += [d for d in in_file if d.code == overflow_code]
    return kept


def overflow_diagnostic(
    first_hidden: Diagnostic, code: str, count: int, severity: Severity
) -> Diagnostic:
    """The one diagnostic that stands for `count` hidden ones, where the first of them is."""
    message = (
        f"{count:,} more problem{'s are' if count != 1 else ' is'} in this file but "
        "not shown; fix the ones above, then run again"
    )
    return Diagnostic(
        first_hidden.path, first_hidden.line, first_hidden.column, code, message, severity
    )


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


def codes_markdown(codes: Mapping[str, Code] = CODES) -> str:
    """The README's table of `codes` (default the listings' one code table)."""
    rows = ["| code | severity | what it means | how to fix it |", "|---|---|---|---|"]
    rows += [f"| `{c.code}` | {c.severity} | {c.title} | {c.fix} |" for c in codes.values()]
    return "\n".join(rows) + "\n"
