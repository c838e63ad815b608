"""The offer-area taxonomy (README: hubctl coverage), loaded as data from offer-areas.yaml."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hubctl.diagnostics import Diagnostic
from hubctl.errors import HubctlError
from hubctl.model_errors import diagnostics_from_validation_error
from hubctl.models import ParagraphText, Slug, Text
from hubctl.reading import Document, read_yaml_file
from hubctl.resources import shipped_taxonomy_path


class OfferArea(BaseModel):
    """One offer area: what it is, its tier, and whether every authority must cover it."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    id: Slug
    label: Text
    description: ParagraphText
    tier: Literal["start-for-life", "core", "wider"]
    required: bool
    dfe_categories: list[Slug] = Field(default_factory=list)


class _TaxonomyFile(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

    areas: list[OfferArea] = Field(min_length=1)


@dataclass(frozen=True)
class Taxonomy:
    """The offer areas in file order, with lookups by id."""

    areas: tuple[OfferArea, ...]
    # What messages call the taxonomy file when they suggest looking an id up.
    source: str = "schema/offer-areas.yaml"

    @functools.cached_property
    def by_id(self) -> dict[str, OfferArea]:
        """Areas keyed by id (built once: feeds look an area up for every record)."""
        return {area.id: area for area in self.areas}

    @property
    def required_ids(self) -> list[str]:
        """Ids of the areas every authority must cover, in file order."""
        return [area.id for area in self.areas if area.required]


def taxonomy_text(taxonomy: Taxonomy) -> str:
    """The taxonomy's areas as canonical JSON: equal text, equal taxonomy (the cache's key)."""
    return json.dumps([area.model_dump(mode="json") for area in taxonomy.areas], sort_keys=True)


class TaxonomyError(HubctlError):
    """The taxonomy file cannot be used; carries the diagnostics that say why (exit 1)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("the offer-area taxonomy cannot be used; nothing was done", diagnostics)


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Load and check a taxonomy file (the shipped one by default).

    Raises TaxonomyError with diagnostics when the file is unreadable or invalid.
    """
    source = path or shipped_taxonomy_path()
    display = source.as_posix()
    # The user names this file, so a link is fine; it must still be a regular file
    # within the size limit (`--taxonomy /dev/zero` ends at once).
    read = read_yaml_file(source, display, follow_links=True)
    if read.data is None:
        raise TaxonomyError(read.diagnostics)
    try:
        parsed = _TaxonomyFile.model_validate(read.data)
    except ValidationError as error:
        raise TaxonomyError(
            diagnostics_from_validation_error(error, read.data, Document(read.text or ""), display)
        ) from None
    return Taxonomy(tuple(parsed.areas), display if path else Taxonomy.source)
