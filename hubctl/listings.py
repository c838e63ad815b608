"""Discover listing files, read them strictly and build one `Listings` value.

Every file is read and checked on its own; one bad file never hides problems in
the others. Cross-file rules live in `checks`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from hubctl.diagnostics import Diagnostic, diagnostic, escape_invisible, quoted
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
from hubctl.reading import (
    LINK_MESSAGE,
    NOT_REGULAR_MESSAGE,
    Document,
    Hazard,
    ReadResult,
    read_yaml_bytes,
    read_yaml_file,
)

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
    # Every listing file found, valid or not.
    sources: list[SourceFile] = field(default_factory=list)
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
    """Find the listing files under `root`, and report everything that is not one.

    The walk never follows a symbolic link: each link (to a file or a folder, dangling
    or not) is HUB015 and its target is never opened. Nothing that could hold listings
    is skipped silently:
    - an authority folder holds `authority.yaml` and the kind folders `hubs/`,
      `branches/` and `activities/`, whose every entry must be a `<id>.yaml` file
      (anything else there is HUB209: `.yml`, `.YAML`, a sub-folder, `notes.txt`);
    - a YAML file anywhere else (also in other sub-folders) is HUB209;
    - a folder that cannot be listed, or an entry with a listing's name that is not a
      regular file (a folder, pipe or device), is HUB012.
    Hidden entries (starting with `.`) and files that are not YAML outside the kind
    folders (a README.md) are ignored.
    """
    walk = _Walk(root)
    walk.top()
    return walk.sources, walk.problems


class _Walk:
    """One walk of a listings folder, collecting listing files and problems, in sorted order."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.sources: list[SourceFile] = []
        self.problems: list[Diagnostic] = []

    def _display(self, path: Path) -> str:
        return display_path(path.as_posix())

    def _problem(self, path: Path, code: str, message: str) -> None:
        self.problems.append(diagnostic(self._display(path), 1, 1, code, message))

    def _entries(self, folder: Path) -> list[os.DirEntry[str]]:
        try:
            with os.scandir(folder) as scan:
                entries = [entry for entry in scan if not entry.name.startswith(".")]
        except OSError as error:
            self._problem(
                folder,
                "HUB012",
                f"cannot read this folder ({(error.strerror or 'error').lower()}), so its "
                "listings are not checked; check its permissions",
            )
            return []
        for entry in entries:
            if entry.is_symlink():
                self._problem(Path(entry.path), "HUB015", LINK_MESSAGE)
        return sorted((e for e in entries if not e.is_symlink()), key=lambda e: e.name)

    def top(self) -> None:
        for entry in self._entries(self.root):
            if _is_folder(entry):
                self.authority_folder(Path(entry.path))
            elif _looks_like_yaml(entry.name):
                self._misplaced(Path(entry.path))

    def authority_folder(self, folder: Path) -> None:
        for entry in self._entries(folder):
            path = Path(entry.path)
            if entry.name == "authority.yaml":
                self._listing(entry, "authority")
            elif entry.name in _KIND_BY_FOLDER and _is_folder(entry):
                self.kind_folder(path, _KIND_BY_FOLDER[entry.name])
            elif _is_folder(entry):
                self.stray_folder(path)
            elif entry.name.lower() in ("authority.yaml", "authority.yml"):
                self._problem(path, "HUB209", "rename the file to authority.yaml")
            elif _looks_like_yaml(entry.name):
                self._misplaced(path)

    def kind_folder(self, folder: Path, kind: str) -> None:
        for entry in self._entries(folder):
            path = Path(entry.path)
            stem, _, suffix = entry.name.rpartition(".")
            if suffix == "yaml" and stem:
                self._listing(entry, kind)
            elif _looks_like_yaml(entry.name) and not _is_folder(entry):
                self._problem(path, "HUB209", f"rename the file to {stem}.yaml")
            else:
                what = "folder" if _is_folder(entry) else "file"
                self._problem(
                    path,
                    "HUB209",
                    f"a {what} that is not a listing, in {folder.name}/ which holds only "
                    "<id>.yaml files; move it out, or rename it to <id>.yaml",
                )

    def stray_folder(self, folder: Path) -> None:
        """A folder that is not a kind folder: its YAML files are misplaced listings."""
        for entry in self._entries(folder):
            if _is_folder(entry):
                self.stray_folder(Path(entry.path))
            elif _looks_like_yaml(entry.name):
                self._misplaced(Path(entry.path))

    def _listing(self, entry: os.DirEntry[str], kind: str) -> None:
        path = Path(entry.path)
        if not entry.is_file(follow_symlinks=False):
            self._problem(path, "HUB012", NOT_REGULAR_MESSAGE)
            return
        relative = path.relative_to(self.root)
        self.sources.append(SourceFile(path, self._display(path), kind, relative.parts[0]))

    def _misplaced(self, path: Path) -> None:
        self._problem(
            path,
            "HUB209",
            "this file is not where listings go; use listings/<authority>/authority.yaml "
            "or listings/<authority>/{hubs,branches,activities}/<id>.yaml",
        )


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _looks_like_yaml(name: str) -> bool:
    return name.lower().endswith(_YAML_SUFFIXES)


def display_path(path: str) -> str:
    """A path as messages show it: undecodable bytes as `\\xff`, control characters escaped.

    A file name that is not UTF-8 reaches Python with lone surrogates, which no
    output format can carry; this shows its bytes instead.
    """
    undecodable_as_bytes = path.encode("utf-8", "surrogateescape").decode(
        "utf-8", "backslashreplace"
    )
    return escape_invisible(undecodable_as_bytes)


def load_listings(root: Path | str) -> Listings:
    """Read every listing under `root` into models.

    Returns a `Listings` holding the valid listings and the diagnostics of the
    files that are not (reading errors, schema errors, YAML 1.1 warnings). Never
    raises for bad content.
    """
    root = Path(root)
    listings = Listings(root)
    if not root.is_dir():  # the folder the user named may itself be a link
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
    listings.sources = sources
    for source in sources:
        record, problems, data = _load(source)
        listings.diagnostics.extend(problems)
        if record is not None:
            listings.records.append(record)
        elif source.kind == "activity":
            listings.venues_of_invalid_activities |= _raw_venues(data)
    return listings


# The kinds of listing file, in the order `discover` names them.
KINDS = tuple(MODEL_BY_KIND)


def check_listing_bytes(raw: bytes, kind: str, display_path: str) -> list[Diagnostic]:
    """What one file's bytes give on their own as a listing of `kind`: reading, schema
    and quoting diagnostics, without the checks across files. Never raises for bad content.
    """
    _, problems = _check_read(read_yaml_bytes(raw, display_path), kind, display_path)
    return problems


def _load(source: SourceFile) -> tuple[Record | None, list[Diagnostic], dict[str, Any] | None]:
    """Read and check one file: its record (None if invalid), diagnostics and plain data."""
    read = read_yaml_file(source.path, source.display_path)
    listing, problems = _check_read(read, source.kind, source.display_path)
    record = Record(source, listing) if listing is not None else None
    return record, problems, read.data


def _check_read(read: ReadResult, kind: str, display_path: str) -> tuple[Any, list[Diagnostic]]:
    """The model (None if invalid) and every diagnostic of a file that has been read."""
    problems = read.diagnostics + hazard_warnings(read.hazards, display_path)
    if read.data is None:
        return None, problems
    try:
        listing = MODEL_BY_KIND[kind].model_validate(read.data)
    except ValidationError as error:
        document = Document(read.text or "")
        errors = diagnostics_from_validation_error(error, read.data, document, display_path)
        # An error on a line says enough; a quoting warning there would only distract.
        error_lines = {d.line for d in errors}
        return None, [d for d in problems if d.line not in error_lines] + errors
    return listing, problems


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
            if len(hazard.value) > 40:  # a long value: name it once, briefly
                message = (
                    f"{quoted(hazard.value)} is read as text here, but other YAML tools read "
                    f"it as {_yaml11_reading(hazard)}; put it in double quotes"
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
    try:
        number: Any = yaml.safe_load(hazard.value)
        if isinstance(number, str):  # leading zero: YAML 1.2 tools drop it
            number = int(hazard.value.lstrip("+"))
        shown = str(number)
    except (ValueError, yaml.YAMLError):  # beyond Python's digit limits
        return "a number"
    return f"the number {shown}" if len(shown) <= 40 else "a number"
