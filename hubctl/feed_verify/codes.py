"""The stable codes of `hubctl verify`'s problems: one table, separate from the listings'.

The listings' codes (HUB...) are about files a steward edits; these (VER...) are about a
published feed folder an integrator downloaded. The README's verify code list and
`hubctl verify --help` are built from this table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hubctl.diagnostics import Code, Diagnostic, codes_markdown
from hubctl.discovery import display_path

_VERIFY_CODE_LIST = [
    # VER0xx: the folder and its manifest.json
    Code(
        "VER001",
        "error",
        "no readable manifest.json: not a folder hubctl publish wrote",
        "download the whole feed folder again, or check the folder's name",
    ),
    Code(
        "VER002",
        "error",
        "manifest.json is not of the shape hubctl publish writes",
        "download the feed folder again; its manifest was changed or damaged",
    ),
    Code(
        "VER003",
        "error",
        "a file the manifest lists is missing",
        "download the feed folder again; the download is incomplete",
    ),
    Code(
        "VER004",
        "error",
        "a file's size differs from the manifest's",
        "download the file again; it is truncated or was changed",
    ),
    Code(
        "VER005",
        "error",
        "a file's SHA-256 differs from the manifest's",
        "download the file again; it was changed after publishing",
    ),
    Code(
        "VER006",
        "error",
        "a file or folder the manifest does not list",
        "remove it: publish writes only what its manifest lists",
    ),
    Code(
        "VER007",
        "error",
        "symbolic link in the feed folder (not followed)",
        "replace the link with the real file, or download the folder again",
    ),
    Code(
        "VER008",
        "error",
        "not a regular file, or it cannot be read",
        "check its permissions, or download the folder again",
    ),
    Code(
        "VER009",
        "error",
        "more problems in the file than are shown (warning if all hidden ones are)",
        "fix the problems shown, or download the file again",
    ),
    # VER1xx: JSON documents and their schemas
    Code(
        "VER101",
        "error",
        "not valid JSON (or not UTF-8, a duplicate key, NaN, nested too deeply)",
        "download the file again",
    ),
    Code(
        "VER102",
        "error",
        "JSON does not match its schema",
        "download the file again, or ask the publisher to fix the feed",
    ),
    Code(
        "VER103",
        "error",
        "feed.schema.json or datapackage.json differs from what hubctl publishes",
        "download the folder again; verify checks against hubctl's own copy",
    ),
    Code(
        "VER104",
        "error",
        "feed schema_version this hubctl does not know",
        "install the hubctl version that published the feed (or a later one)",
    ),
    Code(
        "VER105",
        "warning",
        "file of a kind hubctl verify does not know (only its checksum was checked)",
        "check it with a tool that knows it, or upgrade hubctl",
    ),
    Code(
        "VER106",
        "error",
        "file too large for hubctl verify to check its content",
        "its size and checksum were checked; check its content another way",
    ),
    Code(
        "VER107",
        "error",
        "record count differs from the manifest's",
        "download the folder again; a file lost or gained records",
    ),
    Code(
        "VER108",
        "error",
        "manifest.json and feed.json disagree (schema_version or source)",
        "download the folder again; the files come from different publishes",
    ),
    Code(
        "VER109",
        "error",
        "a file every feed has is not in the manifest",
        "download the whole feed folder again",
    ),
    Code(
        "VER110",
        "error",
        "an Open Referral UK file answers for another address: an object whose id is not its "
        "file name, a page whose page_number is not its N",
        "download the folder again; files of the mirror were renamed or copied over each other",
    ),
    # VER2xx: CSV files against datapackage.json
    Code(
        "VER201",
        "error",
        "CSV is not UTF-8 or not well-formed (quotes, cells per row)",
        "download the file again; do not open and save it in a spreadsheet",
    ),
    Code(
        "VER202",
        "error",
        "CSV header row differs from the Data Package's fields",
        "download the file again",
    ),
    Code(
        "VER203",
        "error",
        "CSV cell is not of its field's type",
        "download the file again; a spreadsheet may have changed it",
    ),
    Code(
        "VER204",
        "error",
        "CSV cell breaks its field's constraint (required, enum, pattern, range)",
        "download the file again; a spreadsheet may have changed it",
    ),
    Code(
        "VER205",
        "error",
        "CSV primary key is repeated",
        "download the file again; rows were copied",
    ),
    Code(
        "VER206",
        "error",
        "CSV foreign key names no row of the table it refers to",
        "download the whole folder again; rows are missing",
    ),
    # VER3xx: other formats
    Code(
        "VER301",
        "error",
        "GeoJSON is not a FeatureCollection of point features",
        "download the file again",
    ),
    Code(
        "VER302",
        "error",
        "iCalendar file cannot be read as a calendar",
        "download the file again",
    ),
    Code(
        "VER303",
        "error",
        "a web directory page or asset is not UTF-8 HTML with its language, or loads from "
        "another host",
        "download the file again; publish writes pages that load only files of the folder",
    ),
]

VERIFY_CODES: dict[str, Code] = {code.code: code for code in _VERIFY_CODE_LIST}
# The code limit_per_file gives the one diagnostic that stands for a file's hidden ones.
OVERFLOW_CODE = "VER009"


def verify_diagnostic(path: str, line: int, column: int, code: str, message: str) -> Diagnostic:
    """A verify diagnostic whose severity comes from VERIFY_CODES."""
    return Diagnostic(path, line, column, code, message, VERIFY_CODES[code].severity)


@dataclass
class Findings:
    """The diagnostics of one verification of `folder`, each at a path inside it."""

    folder: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def display(self, relative: str) -> str:
        """How messages show `relative` (inside the folder): escaped by `display_path`."""
        return display_path((self.folder / relative).as_posix())

    def add(self, relative: str, code: str, message: str, line: int = 1, column: int = 1) -> None:
        """Note one problem of the file or folder at `relative`."""
        self.diagnostics.append(
            verify_diagnostic(self.display(relative), line, column, code, message)
        )


def verify_codes_markdown() -> str:
    """The README's table of verify codes, built from VERIFY_CODES."""
    return codes_markdown(VERIFY_CODES)
