"""Discover listing files, read them strictly and build one `Listings` value.

Every file is read and checked on its own; one bad file never hides problems in
the others. Cross-file rules live in `checks`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from hubctl.diagnostics import Diagnostic, diagnostic
from hubctl.model_errors import diagnostics_from_validation_error
from hubctl.models import (
    BOOLEAN_FIELDS,
    DATE_FIELDS,
    FOLDER_BY_KIND,
    MODEL_BY_KIND,
    Activity,
    Authority,
    Branch,
    Hub,
    Listing,
)
from hubctl.reading import Hazard, read_yaml_file

_KIND_BY_FOLDER = {folder: kind for kind, folder in FOLDER_BY_KIND.items()}
_YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class SourceFile:
    """A listing file found on disk: where it is, what kind it is, whose it is."""

    path: Path
    display_path: str
    kind: str  # authority, hub, branch or activity
    authority_folder: str


@dataclass(frozen=True)
class Record:
    """One valid listing and the file it came from."""

    source: SourceFile
    listing: Listing

    @property
    def id(self) -> str:
        """The listing's id."""
        return self.listing.id


@dataclass
class Listings:
    """Every valid listing of a tree, plus the diagnostics found while loading it."""

    root: Path
    records: list[Record] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    authority_folders: list[str] = field(default_factory=list)
    # Venue ids named by activity files that failed validation, so a site they
    # name is not also reported as unused (one mistake, one message).
    venues_of_invalid_activities: set[str] = field(default_factory=set)

    def of_kind(self, kind: str) -> list[Record]:
        """Records of one kind, sorted by id."""
        return sorted((r for r in self.records if r.source.kind == kind), key=lambda r: r.id)

    @property
    def authorities(self) -> list[Authority]:
        """The authorities, sorted by id."""
        return [r.listing for r in self.of_kind("authority")]  # type: ignore[misc]

    @property
    def hubs(self) -> list[Hub]:
        """The hubs, sorted by id."""
        return [r.listing for r in self.of_kind("hub")]  # type: ignore[misc]

    @property
    def branches(self) -> list[Branch]:
        """The branches, sorted by id."""
        return [r.listing for r in self.of_kind("branch")]  # type: ignore[misc]

    @property
    def activities(self) -> list[Activity]:
        """The activities, sorted by id."""
        return [r.listing for r in self.of_kind("activity")]  # type: ignore[misc]


def discover(root: Path) -> tuple[list[SourceFile], list[Diagnostic]]:
    """Find the listing files under `root`, and YAML files that are in the wrong place."""
    sources: list[SourceFile] = []
    misplaced: list[Diagnostic] = []
    for path in sorted(_yaml_files(root)):
        relative = path.relative_to(root)
        display = (root / relative).as_posix()
        kind = _kind_of(relative)
        if kind is None:
            misplaced.append(
                diagnostic(
                    display,
                    1,
                    1,
                    "HUB209",
                    "this file is not where listings go; use listings/<authority>/authority.yaml "
                    "or listings/<authority>/{hubs,branches,activities}/<id>.yaml",
                )
            )
        elif path.suffix == ".yml":
            misplaced.append(
                diagnostic(
                    display, 1, 1, "HUB209", f"rename the file to {path.stem}.yaml (not .yml)"
                )
            )
        else:
            sources.append(SourceFile(path, display, kind, relative.parts[0]))
    return sources, misplaced


def _yaml_files(root: Path) -> Iterator[Path]:
    for path in root.rglob("*"):
        if path.suffix in _YAML_SUFFIXES and path.is_file():
            yield path


def _kind_of(relative: Path) -> str | None:
    parts = relative.parts
    if len(parts) == 2 and parts[1] == "authority.yaml":
        return "authority"
    if len(parts) == 3:
        return _KIND_BY_FOLDER.get(parts[1])
    return None


def load_listings(root: Path | str) -> Listings:
    """Read every listing under `root` into models.

    Returns a `Listings` holding the valid listings and the diagnostics of the
    files that are not (reading errors, schema errors, YAML 1.1 warnings). Never
    raises for bad content.
    """
    root = Path(root)
    listings = Listings(root)
    if not root.is_dir():
        listings.diagnostics.append(
            diagnostic(
                root.as_posix(),
                1,
                1,
                "HUB012",
                "the listings folder does not exist; pass --listings DIR or run from the "
                "repository's top folder",
            )
        )
        return listings
    sources, listings.diagnostics = discover(root)
    listings.authority_folders = sorted(p.name for p in root.iterdir() if p.is_dir())
    for source in sources:
        record, problems, data = _load(source)
        listings.diagnostics.extend(problems)
        if record is not None:
            listings.records.append(record)
        elif source.kind == "activity":
            listings.venues_of_invalid_activities |= _raw_venues(data)
    return listings


def load_record(source: SourceFile) -> tuple[Record | None, list[Diagnostic]]:
    """Read and check one file: the record (None if invalid) and its diagnostics."""
    record, problems, _ = _load(source)
    return record, problems


def _load(source: SourceFile) -> tuple[Record | None, list[Diagnostic], dict[str, Any] | None]:
    """As load_record, plus the plain data read (None when the file could not be read)."""
    read = read_yaml_file(source.path, source.display_path)
    problems = read.diagnostics + hazard_warnings(read.hazards, source.display_path)
    if read.data is None:
        return None, problems, None
    model = MODEL_BY_KIND[source.kind]
    try:
        listing = model.model_validate(read.data)
    except ValidationError as error:
        text = source.path.read_text(encoding="utf-8-sig")
        errors = diagnostics_from_validation_error(error, read.data, text, source.display_path)
        # An error on a line says enough; a quoting warning there would only distract.
        error_lines = {d.line for d in errors}
        problems = [d for d in problems if d.line not in error_lines] + errors
        return None, problems, read.data
    return Record(source, listing), problems, read.data  # type: ignore[arg-type]


def _raw_venues(data: dict[str, Any] | None) -> set[str]:
    venues = (data or {}).get("venues")
    return {v for v in venues if isinstance(v, str)} if isinstance(venues, list) else set()


def hazard_warnings(hazards: list[Hazard], display_path: str) -> list[Diagnostic]:
    """HUB011 warnings for plain values that YAML 1.1 tools would read differently."""
    warnings = []
    for hazard in hazards:
        field_name = next((p for p in reversed(hazard.path) if isinstance(p, str)), "")
        if hazard.yaml11_type == "timestamp" and field_name in DATE_FIELDS:
            continue  # a date where a date is wanted reads the same everywhere
        if hazard.yaml11_type == "bool" and field_name in BOOLEAN_FIELDS:
            word = "true" if hazard.value.lower() in ("yes", "on", "y") else "false"
            message = (
                f"{field_name}: {hazard.value} means {word} here, but only true and false "
                f"are booleans in every YAML tool; write {word}"
            )
        else:
            message = (
                f"{hazard.value} is read as text here, but other YAML tools read it as "
                f'{_yaml11_reading(hazard)}; write "{hazard.value}" in quotes'
            )
        warnings.append(diagnostic(display_path, hazard.line, hazard.column, "HUB011", message))
    return warnings


def _yaml11_reading(hazard: Hazard) -> str:
    if hazard.yaml11_type == "bool":
        return "a yes/no value"
    if hazard.yaml11_type == "timestamp":
        return "a date"
    if hazard.yaml11_type == "null":
        return "empty (null)"
    number: Any = yaml.safe_load(hazard.value)
    if isinstance(number, str):  # leading zero: YAML 1.2 tools drop it
        number = int(hazard.value.lstrip("+"))
    return f"the number {number}"
