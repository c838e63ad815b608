"""Where the shipped data files (taxonomy, JSON Schemas) are found.

A wheel carries them inside the package (`hubctl/schema/`); a source checkout or
an editable install reads them from the repository's `schema/` folder.
"""

from __future__ import annotations

import re
from pathlib import Path

from hubctl.diagnostics import did_you_mean
from hubctl.value_limits import SLUG_PATTERN

_PACKAGE_DIR = Path(__file__).resolve().parent


def shipped_schema_dir() -> Path:
    """The folder holding offer-areas.yaml and the generated *.schema.json files."""
    inside_package = _PACKAGE_DIR / "schema"
    if (inside_package / "offer-areas.yaml").is_file():
        return inside_package
    return _PACKAGE_DIR.parent / "schema"


def shipped_taxonomy_path() -> Path:
    """The offer-area taxonomy that ships with hubctl."""
    return shipped_schema_dir() / "offer-areas.yaml"


def shipped_requirements_dir() -> Path:
    """The folder of the requirement profiles that ship with hubctl (`<id>.yaml`)."""
    return shipped_schema_dir() / "requirements"


# The profile of an authority whose policy names none: the taxonomy's required flags.
TAXONOMY_PROFILE_ID = "taxonomy"


def requirement_profile_ids(folder: Path | None = None) -> tuple[str, ...]:
    """The ids of the requirement profiles in `folder` (the shipped one by default): its
    `<id>.yaml` files, sorted, with `taxonomy` (always known). Read without parsing, so
    `validate` can check a policy's profile without loading the YAML reader."""
    location = folder or shipped_requirements_dir()
    try:
        names = [p.stem for p in location.iterdir() if p.suffix == ".yaml"]
    except OSError:
        names = []
    return tuple(
        sorted({*(n for n in names if re.fullmatch(SLUG_PATTERN, n)), TAXONOMY_PROFILE_ID})
    )


def requirement_profile_path(profile_id: str, folder: Path | None = None) -> Path:
    """Where the requirement profile `profile_id` of `folder` (default: the shipped
    profiles) is, whether or not it exists."""
    return (folder or shipped_requirements_dir()) / f"{profile_id}.yaml"


def unknown_profile_message(profile_id: str, known: tuple[str, ...]) -> str:
    """HUB211's words, wherever an unknown profile id is met (a policy, --profile)."""
    return (
        f"no requirement profile '{profile_id}'{did_you_mean(profile_id, known)}; use one of: "
        + ", ".join(known)
    )
