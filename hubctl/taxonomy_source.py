"""A taxonomy file read as bytes and parsed only when something needs its areas.

A run answered from the cache needs of the taxonomy only which area ids exist and which
are required (`KnownAreas`), and the cache keeps those beside the results they were
checked with, keyed by the SHA-256 of the taxonomy's bytes. So `validate` reads the file
here, and `hubctl.taxonomy` parses it (YAML, then the pydantic models) only on a miss.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from hubctl.diagnostics import Diagnostic, diagnostic
from hubctl.errors import HubctlError
from hubctl.file_reading import UnreadableFile, read_file_bytes
from hubctl.resources import shipped_taxonomy_path

if TYPE_CHECKING:
    from hubctl.taxonomy import Taxonomy

# What messages call the shipped taxonomy when they suggest looking an id up.
SHIPPED_SOURCE = "schema/offer-areas.yaml"


class TaxonomyError(HubctlError):
    """The taxonomy file cannot be used; carries the diagnostics that say why (exit 1)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("the offer-area taxonomy cannot be used; nothing was done", diagnostics)


class KnownAreas(NamedTuple):
    """What the checks across files read of a taxonomy: whether each area id (in file
    order) is required, and what to call the taxonomy in a message."""

    required_by_id: Mapping[str, bool]
    source: str


@dataclass(eq=False)
class TaxonomySource:
    """A taxonomy file's bytes (`raw`), as `display` names the file in diagnostics and
    `source` in suggestions; `load()` parses them, once."""

    raw: bytes
    display: str
    source: str = SHIPPED_SOURCE
    _known: KnownAreas | None = field(default=None, init=False, repr=False)
    _parsed: Taxonomy | None = field(default=None, init=False, repr=False)

    @property
    def identity(self) -> str:
        """What the cache keys results by: equal bytes, equal taxonomy."""
        return "sha256:" + hashlib.sha256(self.raw).hexdigest()

    def load(self) -> Taxonomy:
        """The parsed taxonomy; raises TaxonomyError when the file is invalid."""
        if self._parsed is None:
            from hubctl.taxonomy import parse_taxonomy  # the YAML reader and the models

            self._parsed = parse_taxonomy(self)
        return self._parsed

    def known_areas(self) -> KnownAreas:
        """The areas' ids and required flags: as the cache remembered them for these
        bytes (`remember`), else from the parsed file."""
        if self._known is None:
            self._known = self.load().known_areas()
        return self._known

    def remember(self, known: KnownAreas) -> None:
        """Take `known` as these bytes' areas: an authenticated cache pack, written under
        this taxonomy's `identity` and so after these bytes parsed, recorded them."""
        self._known = KnownAreas(dict(known.required_by_id), self.source)


def read_taxonomy_source(path: Path | None = None) -> TaxonomySource:
    """Read a taxonomy file's bytes (the shipped one by default), not yet parsed.

    The user names this file, so a link is followed; it must still be a regular file
    within the size limit (`--taxonomy /dev/zero` ends at once). Raises TaxonomyError
    when it cannot be read.
    """
    location = path or shipped_taxonomy_path()
    display = location.as_posix()
    try:
        raw = read_file_bytes(location, follow_links=True)
    except UnreadableFile as problem:
        raise TaxonomyError([diagnostic(display, 1, 1, problem.code, problem.message)]) from None
    return TaxonomySource(raw, display, display if path else SHIPPED_SOURCE)
