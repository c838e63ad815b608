"""Listing ids for imported records: slugs of their names, unique across the tree.

`slugify` makes the id rule's slug of a name: accents and apostrophes dropped (é -> e,
children's -> childrens), letters lower case, every run of other characters one hyphen,
at most MAX_ID_LENGTH characters cut at a hyphen. Records are given ids in source order;
a slug already taken, by an earlier record or by a listing of the tree already there,
gets the first free suffix -2, -3 ... (`Stay and Play` twice: `stay-and-play`,
`stay-and-play-2`). A listing already there at exactly the path a record would be
written to is not a clash but the same listing: it keeps its id (and the file is kept
or refused, `hubctl.oruk_import.writing`).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

MAX_ID_LENGTH = 80
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile("['\u2019`]")


def slugify(name: str, limit: int = MAX_ID_LENGTH) -> str:
    """The slug of `name`, or "" when it has no letter or digit a slug can keep."""
    decomposed = unicodedata.normalize("NFKD", name)
    # Children's Centre -> childrens-centre, as a person writes the slug.
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    ascii_text = _APOSTROPHES.sub("", ascii_text)
    slug = _NOT_SLUG.sub("-", ascii_text).strip("-")
    if len(slug) > limit:
        cut = slug[:limit]
        if slug[limit] != "-" and "-" in cut:  # cut inside a word: end at the word before
            cut = cut[: cut.rfind("-")]
        slug = cut.rstrip("-")
    return slug


class IdAllocator:
    """Hands out ids in order, each one free in the tree and among earlier ones.

    `existing` maps each id the tree holds to the path of its file (an authority's id to
    its authority.yaml).
    """

    def __init__(self, existing: dict[str, Path]) -> None:
        self.existing = existing
        self.given: set[str] = set()

    def reserve(self, listing_id: str) -> None:
        """Take an id without a file of this import (the authority's)."""
        self.given.add(listing_id)

    def is_free(self, listing_id: str, path: Path) -> bool:
        """Whether `listing_id` may be written at `path` (no other record or file has it)."""
        if listing_id in self.given:
            return False
        holder = self.existing.get(listing_id)
        return holder is None or holder == path

    def allocate(self, base: str, path_of: PathOf) -> str:
        """The first free id of `base`, `base-2`, `base-3` ...; `path_of(id)` is where the
        record would be written under that id."""
        candidate, suffix = base, 1
        while not self.is_free(candidate, path_of(candidate)):
            suffix += 1
            ending = f"-{suffix}"
            candidate = f"{slugify(base, MAX_ID_LENGTH - len(ending))}{ending}"
        self.given.add(candidate)
        return candidate


class PathOf:
    """Where a record of one kind is written under a given id (a callable)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __call__(self, listing_id: str) -> Path:
        return self.folder / f"{listing_id}.yaml"
