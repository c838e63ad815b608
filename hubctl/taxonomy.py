"""The offer-area taxonomy (README: hubctl coverage), loaded as data from offer-areas.yaml."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hubctl.field_types import DfeCategory, ParagraphText, Slug, Text, distinct_by
from hubctl.model_errors import diagnostics_from_validation_error
from hubctl.reading import Document, read_yaml_bytes
from hubctl.taxonomy_source import (
    SHIPPED_SOURCE,
    KnownAreas,
    TaxonomyError,
    TaxonomySource,
    read_taxonomy_source,
)

__all__ = [
    "OfferArea",
    "Taxonomy",
    "TaxonomyError",
    "as_taxonomy",
    "dfe_category_parts",
    "load_taxonomy",
    "parse_taxonomy",
    "taxonomy_text",
]


class OfferArea(BaseModel):
    """One offer area: what it is, its tier, and whether every authority must cover it."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    id: Slug
    label: Text
    description: ParagraphText
    tier: Literal["start-for-life", "core", "wider"]
    required: bool
    # DfE service-directory categories: `money`, or `send/early-years` for the slug
    # `early-years` under the parent `send` (DfE uses that slug under two parents).
    dfe_categories: list[DfeCategory] = Field(default_factory=list)


class _TaxonomyFile(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

    areas: Annotated[
        list[OfferArea],
        # A second area of an id would silently replace the first in every lookup by id.
        distinct_by("id", "'{}' is the id of two areas; give each area its own id"),
    ] = Field(min_length=1)


@dataclass(frozen=True)
class Taxonomy:
    """The offer areas in file order, with lookups by id."""

    areas: tuple[OfferArea, ...]
    # What messages call the taxonomy file when they suggest looking an id up.
    source: str = SHIPPED_SOURCE
    # The identity of the file's bytes it was parsed from (`TaxonomySource.identity`), so
    # that every command keys the one cache pack of a listings folder alike; "" for a
    # taxonomy built in code, which is keyed by its canonical text.
    file_identity: str = field(default="", compare=False, repr=False)

    @functools.cached_property
    def by_id(self) -> dict[str, OfferArea]:
        """Areas keyed by id (built once: feeds look an area up for every record)."""
        return {area.id: area for area in self.areas}

    @property
    def required_ids(self) -> list[str]:
        """Ids of the areas every authority must cover, in file order."""
        return [area.id for area in self.areas if area.required]

    def known_areas(self) -> KnownAreas:
        """The areas' ids and required flags, as the checks across files read them."""
        return KnownAreas({area.id: area.required for area in self.areas}, self.source)

    @property
    def identity(self) -> str:
        """What the cache keys results by: the bytes it was parsed from (as `validate`,
        which reads the file as a `TaxonomySource`, keys them), else its canonical text
        (`taxonomy_text`)."""
        return self.file_identity or taxonomy_text(self)


def dfe_category_parts(category: str) -> tuple[str | None, str]:
    """A `dfe_categories` entry as (its parent category's slug or None, its own slug):
    `send/early-years` -> ("send", "early-years"), `money` -> (None, "money")."""
    parent, _, slug = category.rpartition("/")
    return parent or None, slug


def taxonomy_text(taxonomy: Taxonomy) -> str:
    """The taxonomy's areas as canonical JSON: equal text, equal taxonomy (the cache's key)."""
    return json.dumps([area.model_dump(mode="json") for area in taxonomy.areas], sort_keys=True)


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Load and check a taxonomy file (the shipped one by default).

    Raises TaxonomyError with diagnostics when the file is unreadable or invalid.
    """
    return read_taxonomy_source(path).load()


def parse_taxonomy(source: TaxonomySource) -> Taxonomy:
    """Parse and check a taxonomy file's bytes; raises TaxonomyError when they are invalid."""
    read = read_yaml_bytes(source.raw, source.display)
    if read.data is None:
        raise TaxonomyError(read.diagnostics)
    try:
        parsed = _TaxonomyFile.model_validate(read.data)
    except ValidationError as error:
        raise TaxonomyError(
            diagnostics_from_validation_error(
                error, read.data, Document(read.text or ""), source.display
            )
        ) from None
    return Taxonomy(tuple(parsed.areas), source.source, source.identity)


def as_taxonomy(taxonomy: Taxonomy | TaxonomySource | None) -> Taxonomy:
    """`taxonomy` parsed (a `TaxonomySource` is loaded), or the shipped one for None."""
    if isinstance(taxonomy, Taxonomy):
        return taxonomy
    return (taxonomy or _shipped_source()).load()


@functools.cache
def _shipped_source() -> TaxonomySource:
    return read_taxonomy_source()  # a library call that names no taxonomy: read once
