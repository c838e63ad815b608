"""Where the shipped data files (taxonomy, JSON Schemas) are found.

A wheel carries them inside the package (`hubctl/schema/`); a source checkout or
an editable install reads them from the repository's `schema/` folder.
"""

from __future__ import annotations

from pathlib import Path

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
