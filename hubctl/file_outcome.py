"""What checking one file on its own gave (`FileOutcome`), and what its messages are
filled with (`HintSettings`).

Apart from the checks themselves (hubctl.file_checks, which load the YAML reader and the
models), so that a run whose every file comes from the cache loads neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from hubctl.diagnostics import Diagnostic, diagnostic
from hubctl.listing_facts import ListingFacts

if TYPE_CHECKING:
    from hubctl.taxonomy import Taxonomy
    from hubctl.taxonomy_source import TaxonomySource


@dataclass(frozen=True)
class HintSettings:
    """What the example in a message about a missing field is filled with.

    Only an invalid file's messages depend on it, which is why the cache keeps the
    outcome of valid files only (see hubctl.listing_cache).
    """

    today: date | None = None
    taxonomy: Taxonomy | TaxonomySource | None = None


NO_HINT_SETTINGS = HintSettings()


class StoredModelBytes(Protocol):
    """A pickled model kept elsewhere (in the cache pack) and read when first needed."""

    def read(self) -> bytes | None:
        """The pickled model, or None when it can no longer be trusted (damaged)."""
        ...


class FileOutcome(NamedTuple):
    """What one file gave on its own (a named tuple: a warm run makes one per file, and
    a tuple is made in a fraction of a frozen dataclass's time).

    `facts` is what the checks across files read of a valid file (None when the file is
    invalid); `listing` is its validated model, or None when only `model_blob` (the
    model pickled by a worker process or kept in the cache) holds it until it is needed.
    `venues` and `raw_id` are what an invalid activity or site file names, so that the
    checks across files do not report a second mistake for the first (see `Listings`).
    """

    listing: Any | None
    diagnostics: tuple[Diagnostic, ...]
    venues: frozenset[str] = frozenset()
    raw_id: str | None = None
    facts: ListingFacts | None = None
    model_blob: bytes | StoredModelBytes | None = None

    @property
    def valid(self) -> bool:
        """True when the file gave a listing (warnings allowed)."""
        return self.facts is not None


def unreadable_outcome(display_path: str, code: str, message: str) -> FileOutcome:
    """The outcome of a file that could not be read (a link, a device, too large)."""
    return FileOutcome(None, (diagnostic(display_path, 1, 1, code, message),))
