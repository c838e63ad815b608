"""The listings folder's layout (SPEC §3): the kinds of listing file and where each lives.

Kept apart from the models so that finding the files loads no schema code.
"""

from __future__ import annotations

from pathlib import Path

# The kinds of listing file, in the order `discover` names them (hubctl.models has a
# model for each, MODEL_BY_KIND).
KINDS = ("authority", "hub", "branch", "activity")
# The folder under listings/<authority>/ that holds each kind (authority.yaml has none).
FOLDER_BY_KIND = {"hub": "hubs", "branch": "branches", "activity": "activities"}
# listings/<authority>/expectations.yaml: the authority's expectations register (README:
# The expectations register), beside authority.yaml; not a listing of any kind.
EXPECTATIONS_FILE = "expectations.yaml"


def register_path(root: Path | str, authority_id: str) -> Path:
    """Where an authority's expectations register lives (it may not exist)."""
    return Path(root) / authority_id / EXPECTATIONS_FILE


def has_register(root: Path | str, authority_id: str) -> bool:
    """Whether the authority has a register to read: a regular file, not a link (discovery
    reports a link as HUB015 and it is never followed)."""
    path = register_path(root, authority_id)
    return not path.is_symlink() and path.is_file()
