"""`hubctl verify DIR`: the one pass over a downloaded feed folder (README: hubctl verify).

manifest.json first: without a sound one nothing else can be judged. Then the folder
against it (missing, unlisted, linked and odd entries), then each listed file, read
once: its size and SHA-256, then its content by the row of `schema_table.FILE_RULES`
that fits its path. feed.json and datapackage.json go first, since the others are
judged with what they say (the feed's schema_version and offer areas). Every check
judges with hubctl's own schemas and Data Package, never the folder's copies.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from pydantic import ValidationError

from hubctl.diagnostics import Diagnostic, has_errors, limit_per_file, quoted
from hubctl.discovery import display_path
from hubctl.errors import UsageError
from hubctl.feed_verify import csv_check, untrusted_folder
from hubctl.feed_verify.codes import OVERFLOW_CODE, Findings
from hubctl.feed_verify.json_documents import (
    JsonDocument,
    JsonSyntaxError,
    first_difference,
    locate,
    parse_json,
    pointer_text,
    schema_diagnostics,
    syntax_diagnostic,
)
from hubctl.feed_verify.manifest_check import check_entries, read_manifest
from hubctl.feed_verify.other_formats import check_geojson, check_icalendar
from hubctl.feed_verify.schema_table import FILE_RULES, FileRule, rule_for
from hubctl.feed_verify.shipped_schemas import schema_validator
from hubctl.feed_verify.untrusted_folder import (
    FileRead,
    UnreadableError,
    read_file,
    walk_folder,
)
from hubctl.feed_verify.web_pages import check_site_asset, check_web_page
from hubctl.feeds import FeedFile, whole_file
from hubctl.feeds.datapackage import render_datapackage
from hubctl.feeds.feed_json import FEED_SCHEMA_VERSION
from hubctl.feeds.manifest import ManifestEntry
from hubctl.output_folder import MANIFEST_NAME
from hubctl.schemas import feed_schema, render_schema
from hubctl.taxonomy import OfferArea, Taxonomy, load_taxonomy

# publish's oruk_mirror.MIRROR_FOLDER, written out: the mirror's builders need not load here.
ORUK_MIRROR = "oruk"


class NotAFolderError(UsageError):
    """DIR is missing or not a folder: wrong usage (exit 2)."""


@dataclass(frozen=True)
class VerifyReport:
    """What `verify_feed` found: every problem (sorted by path, then place) and how many
    files it checked."""

    folder: Path
    diagnostics: list[Diagnostic]
    files_checked: int

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings, such as an unknown file, are allowed)."""
        return not has_errors(self.diagnostics)


def verify_feed(folder: Path | str) -> VerifyReport:
    """Check a feed folder `hubctl publish` wrote: manifest, checksums, schemas, CSVs.

    Raises NotAFolderError when `folder` is not a folder. Anything wrong inside it is a
    diagnostic, never an exception: the folder is untrusted input.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise NotAFolderError(
            f"{display_path(folder.as_posix())} is not a folder; give the folder hubctl "
            "publish wrote (the one holding manifest.json)"
        )
    verification = _Verification(folder)
    verification.run()
    diagnostics = limit_per_file(sorted(verification.diagnostics), OVERFLOW_CODE)
    return VerifyReport(folder, diagnostics, verification.files_checked)


@dataclass
class _FeedFacts:
    """What feed.json says that other files are judged by."""

    schema_version: str | None = None
    source: object = None
    known_version: bool = True
    taxonomy: Taxonomy | None = None


@dataclass
class _Verification(Findings):
    files_checked: int = 0
    feed: _FeedFacts = field(default_factory=_FeedFacts)
    tables: dict[str, csv_check.CheckedCsv] = field(default_factory=dict)
    datapackage: FeedFile | None = None

    def run(self) -> None:
        entries = walk_folder(self.folder)
        manifest = read_manifest(self, entries)
        if manifest is None:
            return
        document, listed = manifest
        self.files_checked = len(listed) + 1
        present = check_entries(self, entries, listed)
        for rule in FILE_RULES:
            if rule.required and not any(rule.matches(path) for path in [*listed, MANIFEST_NAME]):
                self.add(
                    MANIFEST_NAME,
                    "VER109",
                    f"the manifest does not list {rule.pattern}, which every feed has",
                )
        first = [path for path in ("feed.json", "datapackage.json") if path in present]
        for path in first + sorted(set(present) - set(first)):
            self.check_file(path, listed[path])
        self.check_tables(listed)
        self.compare_with_feed(document)

    # --- each file ---------------------------------------------------------------------

    def check_file(self, path: str, entry: ManifestEntry) -> None:
        try:
            read = read_file(self.folder / path)
        except UnreadableError as problem:
            self.add(
                path, "VER007" if problem.is_link else "VER008", f"this file {problem.message}"
            )
            return
        if read.size != entry.size:
            self.add(
                path,
                "VER004",
                f"the file is {read.size:,} bytes; manifest.json lists {entry.size:,}",
            )
        if read.sha256 != entry.sha256:
            self.add(
                path,
                "VER005",
                f"the file's SHA-256 is {read.sha256}; manifest.json lists {entry.sha256}",
            )
        rule = rule_for(path)
        if rule is None:
            self.add(
                path,
                "VER105",
                "hubctl verify does not know this file; only its size and checksum were checked",
            )
            return
        if read.content is None:
            self.add(
                path,
                "VER106",
                f"the file is {read.size:,} bytes; verify checks the content of files up to "
                f"{untrusted_folder.CONTENT_LIMIT:,} bytes, so only its size and checksum were "
                "checked",
            )
            return
        records = self.check_content(path, rule, read)
        if records is not None and entry.records is not None and records != entry.records:
            self.add(
                path,
                "VER107",
                f"the file holds {records:,} records; manifest.json says {entry.records:,}",
            )

    def check_content(self, path: str, rule: FileRule, read: FileRead) -> int | None:
        """Check one file's content by its rule; its record count when it could be taken."""
        content = read.content or b""
        if rule.kind == "csv":
            return self.check_csv(path, content)
        if rule.kind == "icalendar":
            diagnostics, records = check_icalendar(self.display(path), content)
            self.diagnostics += diagnostics
            return records
        if rule.kind == "web-page":
            self.diagnostics += check_web_page(self.display(path), content)
            return None
        if rule.kind == "web-asset":
            self.diagnostics += check_site_asset(self.display(path), path, content)
            return None
        try:
            document = parse_json(content)
        except JsonSyntaxError as error:
            self.diagnostics.append(syntax_diagnostic(self.display(path), content, error))
            return None
        if rule.kind == "geojson":
            diagnostics, records = check_geojson(self.display(path), document)
            self.diagnostics += diagnostics
            return records
        if rule.kind == "feed-schema":
            self.compare_with_hubctl(path, content, document, _shipped_feed_schema())
            return None
        if rule.kind == "datapackage":
            self.compare_with_hubctl(path, content, document, self.expected_datapackage())
            resources = (
                document.value.get("resources") if isinstance(document.value, dict) else None
            )
            return len(resources) if isinstance(resources, list) else None
        if path == "feed.json" and not self.read_feed_facts(path, document):
            return None
        return self.check_json(path, rule, document)

    def check_json(self, path: str, rule: FileRule, document: JsonDocument) -> int | None:
        if rule.schema is None:
            return None
        diagnostics = schema_diagnostics(self.display(path), document, _validator(rule))
        self.diagnostics += diagnostics
        if not diagnostics:
            self.check_mirror_address(path, document.value)
        if diagnostics or rule.records is None:
            return None
        return rule.records(document.value)

    def check_mirror_address(self, path: str, value: Any) -> None:
        """VER110 when a mirror file holds what another address answers: `C/ID.json` an
        object whose id is not ID, `C/page-N.json` a page whose page_number is not N."""
        parts = path.split("/")
        if len(parts) != 3 or parts[0] != ORUK_MIRROR or not isinstance(value, dict):
            return
        name = parts[2].removesuffix(".json")
        if name.startswith("page-"):
            key, expected, said = (
                "page_number",
                name.removeprefix("page-"),
                value.get("page_number"),
            )
        else:
            key, expected, said = "id", name, value.get("id")
        if str(said) != expected:
            self.add(
                path,
                "VER110",
                f"its {key} is {quoted(str(said))}, but a file named {quoted(parts[2])} answers "
                f"for {quoted(expected)}",
            )

    def read_feed_facts(self, path: str, document: JsonDocument) -> bool:
        """Note feed.json's schema_version, source and offer areas; False (with VER104)
        when this hubctl does not know its schema_version, so it is not checked further."""
        feed = document.value if isinstance(document.value, dict) else {}
        version = feed.get("schema_version")
        self.feed.schema_version = version if isinstance(version, str) else None
        self.feed.source = feed.get("source")
        if isinstance(version, str) and version != FEED_SCHEMA_VERSION:
            self.feed.known_version = False
            line, column = document.position(
                locate(document.text, [("schema_version",)]).get(("schema_version",), 0)
            )
            self.add(
                path,
                "VER104",
                f"schema_version is {quoted(version)}; this hubctl checks {FEED_SCHEMA_VERSION}, "
                "so the feed was not checked further: install the hubctl that published it, or "
                "a later one",
                line,
                column,
            )
            return False
        try:
            areas = tuple(OfferArea.model_validate(area) for area in feed.get("offer_areas", []))
            self.feed.taxonomy = Taxonomy(areas) if areas else None
        except (ValidationError, TypeError):
            self.feed.taxonomy = None  # the schema check says what is wrong with them
        return True

    def compare_with_hubctl(
        self, path: str, content: bytes, document: JsonDocument, expected: FeedFile
    ) -> None:
        """VER103 where the folder's copy of a file differs from the one hubctl writes."""
        if not self.feed.known_version or content == expected.content:
            return  # VER104 already said this hubctl cannot judge this feed's files
        difference = first_difference(json.loads(expected.content), document.value)
        if difference is None:
            message = (
                "differs from the copy this hubctl publishes only in its layout (spaces, key order)"
            )
            self.add(path, "VER103", message)
            return
        pointer, how = difference
        line, column = document.position(locate(document.text, [pointer]).get(pointer, 0))
        message = (
            f"{pointer_text(pointer)} {how}: the folder's copy is not the one hubctl publishes"
        )
        self.add(path, "VER103", message, line, column)

    def expected_datapackage(self) -> FeedFile:
        """datapackage.json as this hubctl publishes it for the feed's offer areas (the
        shipped taxonomy's when feed.json holds none it can read); made once."""
        if self.datapackage is None:
            self.datapackage = render_datapackage(self.feed.taxonomy or load_taxonomy())
        return self.datapackage

    def expected_resources(self) -> list[dict[str, Any]]:
        """The resources of `expected_datapackage`, each a CSV file's Table Schema."""
        resources: list[dict[str, Any]] = json.loads(self.expected_datapackage().content)[
            "resources"
        ]
        return resources

    # --- CSV files ---------------------------------------------------------------------

    def check_csv(self, path: str, content: bytes) -> int | None:
        if not self.feed.known_version:
            return None
        resources = self.expected_resources()
        resource = next((r for r in resources if r["path"] == path), None)
        if resource is None:
            self.add(
                path,
                "VER105",
                "datapackage.json describes no such CSV file; only its checksum was checked",
            )
            return None
        wanted = csv_check.wanted_keys(resources)[resource["name"]]
        checked = csv_check.check_csv(self.display(path), content, resource, wanted)
        self.diagnostics += checked.diagnostics
        self.tables[resource["name"]] = checked
        return checked.rows

    def check_tables(self, listed: dict[str, ManifestEntry]) -> None:
        """Foreign keys across the CSV files, and every described CSV file present."""
        if not self.feed.known_version:
            return
        resources = self.expected_resources()
        for resource in resources:
            if resource["path"] not in listed:
                self.add(
                    MANIFEST_NAME,
                    "VER109",
                    f"the manifest does not list {resource['path']}, which every feed has",
                )
        display_by_name = {r["name"]: self.display(r["path"]) for r in resources}
        self.diagnostics += csv_check.check_foreign_keys(display_by_name, self.tables)

    def compare_with_feed(self, manifest: dict[str, Any]) -> None:
        """manifest.json and feed.json come from one publish: same schema_version and source."""
        if self.feed.schema_version is None:
            return
        for key, value in (
            ("schema_version", self.feed.schema_version),
            ("source", self.feed.source),
        ):
            if manifest.get(key) != value:
                self.add(
                    MANIFEST_NAME,
                    "VER108",
                    f"{key} is {_shown(manifest.get(key))} here but {_shown(value)} in feed.json",
                )


def _shown(value: object) -> str:
    return "null" if value is None else quoted(value)


@functools.cache
def _shipped_feed_schema() -> FeedFile:
    return whole_file("feed.schema.json", render_schema(feed_schema()).encode("utf-8"), None)


@functools.cache
def _validator(rule: FileRule) -> Draft202012Validator:
    assert rule.schema is not None
    return schema_validator(rule.schema())
