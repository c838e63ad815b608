"""Find the listing files of a tree, without following links, skipping nothing silently."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from hubctl.diagnostics import Diagnostic, diagnostic, escape_invisible
from hubctl.file_reading import LINK_MESSAGE, NOT_REGULAR_MESSAGE
from hubctl.layout import EXPECTATIONS_FILE, FOLDER_BY_KIND

_KIND_BY_FOLDER = {folder: kind for kind, folder in FOLDER_BY_KIND.items()}
_YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class SourceFile:
    """A listing file found on disk: where it is, what kind it is, whose it is.

    `location` is the file's path as text (what the walk built); `path` is the same as a
    Path, made on first use: a warm run of a national tree asks for few of them.
    """

    location: str
    display_path: str
    kind: str  # authority, hub, branch or activity
    authority_folder: str
    stem: str  # the file name without .yaml: a site's or an activity's id, if all is well

    @cached_property
    def path(self) -> Path:
        """The file's path."""
        return Path(self.location)


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
                self.authority_folder(self.root / entry.name)
            elif _looks_like_yaml(entry.name):
                self._misplaced(Path(entry.path))

    def authority_folder(self, folder: Path) -> None:
        authority = folder.name
        display_folder = self._display(folder) + "/"
        for entry in self._entries(folder):
            path = folder / entry.name
            if entry.name == "authority.yaml":
                self._listing(entry, display_folder, "authority", authority)
            elif entry.name == EXPECTATIONS_FILE:
                # The expectations register: read by hubctl.expectations, not a listing.
                if not entry.is_file(follow_symlinks=False):
                    self._problem(path, "HUB012", NOT_REGULAR_MESSAGE)
            elif entry.name in _KIND_BY_FOLDER and _is_folder(entry):
                self.kind_folder(path, _KIND_BY_FOLDER[entry.name], authority)
            elif _is_folder(entry):
                self.stray_folder(path)
            elif entry.name.lower() in ("authority.yaml", "authority.yml"):
                self._problem(path, "HUB209", "rename the file to authority.yaml")
            elif _looks_like_yaml(entry.name):
                self._misplaced(path)

    def kind_folder(self, folder: Path, kind: str, authority: str) -> None:
        display_folder = self._display(folder) + "/"
        for entry in self._entries(folder):
            stem, _, suffix = entry.name.rpartition(".")
            if suffix == "yaml" and stem:
                # The walk's hot path (one call per listing file): paths are built as
                # children, not parsed from strings.
                self._listing(entry, display_folder, kind, authority)
                continue
            path = folder / entry.name
            if _looks_like_yaml(entry.name) and not _is_folder(entry):
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

    def _listing(
        self, entry: os.DirEntry[str], display_folder: str, kind: str, authority: str
    ) -> None:
        if not entry.is_file(follow_symlinks=False):
            self._problem(Path(entry.path), "HUB012", NOT_REGULAR_MESSAGE)
            return
        name = entry.name
        shown = display_folder + display_path(name)
        self.sources.append(SourceFile(entry.path, shown, kind, authority, name[:-5]))

    def _misplaced(self, path: Path) -> None:
        self._problem(
            path,
            "HUB209",
            "this file is not where listings go; use listings/<authority>/authority.yaml, "
            "listings/<authority>/expectations.yaml "
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
    if path.isascii() and path.isprintable():  # nearly every path: nothing to escape
        return path
    undecodable_as_bytes = path.encode("utf-8", "surrogateescape").decode(
        "utf-8", "backslashreplace"
    )
    return escape_invisible(undecodable_as_bytes)
