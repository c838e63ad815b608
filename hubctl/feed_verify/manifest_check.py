"""manifest.json and the folder against it: the first judgement of `hubctl verify`.

The manifest must be of the shape publish writes (`output_folder.manifest_problems`,
the same rules publish uses before replacing an --out); then the folder must hold
exactly what it lists (and manifest.json), as regular files, with no link anywhere.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from hubctl.feed_verify.codes import Findings
from hubctl.feed_verify.json_documents import (
    JsonSyntaxError,
    locate,
    parse_json,
    syntax_diagnostic,
)
from hubctl.feed_verify.untrusted_folder import FolderEntries, UnreadableError, read_file
from hubctl.feeds.manifest import ManifestEntry
from hubctl.output_folder import (
    MANIFEST_LIMIT,
    MANIFEST_NAME,
    manifest_entries,
    manifest_problems,
)


def read_manifest(
    findings: Findings, entries: FolderEntries
) -> tuple[dict[str, Any], dict[str, ManifestEntry]] | None:
    """The folder's manifest.json and its files by path; None (with what is wrong in
    `findings`) when there is no sound one, so nothing else can be judged."""
    if MANIFEST_NAME not in entries.files:
        why = (
            "is a symbolic link (not followed)" if MANIFEST_NAME in entries.links else "is missing"
        )
        findings.add(
            MANIFEST_NAME,
            "VER001",
            f"manifest.json {why}: this is not a folder hubctl publish wrote",
        )
        return None
    try:
        read = read_file(findings.folder / MANIFEST_NAME, keep_up_to=MANIFEST_LIMIT)
    except UnreadableError as problem:
        findings.add(MANIFEST_NAME, "VER001", f"manifest.json {problem.message}")
        return None
    if read.content is None:
        findings.add(
            MANIFEST_NAME,
            "VER001",
            f"manifest.json is {read.size:,} bytes, too large to be hubctl's",
        )
        return None
    try:
        document = parse_json(read.content)
    except JsonSyntaxError as error:
        findings.diagnostics.append(
            syntax_diagnostic(
                findings.display(MANIFEST_NAME),
                read.content,
                error,
            )
        )
        return None
    problems = list(manifest_problems(document.value))
    if problems:
        offsets = locate(document.text, [shape.pointer for shape in problems])
        for shape in problems:
            line, column = document.position(offsets.get(shape.pointer, 0))
            findings.add(MANIFEST_NAME, "VER002", shape.message, line, column)
        return None
    listed = {entry.path: entry for entry in manifest_entries(document.value)}
    return document.value, listed


def check_entries(
    findings: Findings, entries: FolderEntries, listed: dict[str, ManifestEntry]
) -> list[str]:
    """Report what is in the folder but not listed (a folder once, not what is in it),
    links and odd files, and what is listed but not there; return the listed paths that
    are regular files."""
    wanted_folders = {str(parent) for path in listed for parent in PurePosixPath(path).parents} - {
        "."
    }
    stray_folders = sorted(
        folder
        for folder in entries.folders - wanted_folders - set(listed)
        if _parent(folder) in wanted_folders | {""}
    )
    for folder in stray_folders:
        findings.add(
            folder,
            "VER006",
            "this folder is not in the manifest; publish writes only what it lists",
        )

    def inside_stray(path: str) -> bool:
        return any(path.startswith(folder + "/") for folder in stray_folders)

    for link in entries.links:
        if not inside_stray(link):
            findings.add(
                link,
                "VER007",
                "this is a symbolic link; verify does not follow links out of the folder",
            )
    for other in entries.others:
        if not inside_stray(other):
            findings.add(other, "VER008", "this is not a regular file (a pipe, device or socket)")
    for folder, reason in entries.unreadable:
        findings.add(folder, "VER008", f"this folder cannot be read ({reason})")
    for path in sorted(entries.files - set(listed) - {MANIFEST_NAME}):
        if not inside_stray(path):
            findings.add(
                path,
                "VER006",
                "this file is not in the manifest; publish writes only what it lists",
            )
    behind_links = set(entries.links) | set(entries.others)
    present = []
    for path in listed:
        if path in entries.files:
            present.append(path)
        elif path in entries.folders:
            findings.add(path, "VER008", "the manifest lists this as a file, but it is a folder")
        elif path not in behind_links and not any(
            str(p) in behind_links for p in PurePosixPath(path).parents
        ):
            findings.add(path, "VER003", "this file is listed in manifest.json but missing")
    return present


def _parent(path: str) -> str:
    parent = str(PurePosixPath(path).parent)
    return "" if parent == "." else parent
