"""A service's taxonomy terms -> offer areas, audience, booking, accessibility, antenatal.

The reverse of `hubctl.feeds.oruk_terms`, from its own tables: a term of one of hubctl's
vocabularies (`hubctl-offer-areas`, `hubctl-audience` ...) maps back exactly. Any other
term maps to offer areas through the DfE service-directory category slugs the taxonomy
carries (`dfe_categories`), or an area's own id or label, matched as slugs of the term's
code or name. A category the taxonomy gives under a parent (`send/early-years`: DfE
uses `early-years` under two parents) needs the term's parent, the term its `parent_id`
names among the source's terms (`index_terms`), matched by its code or name as a slug;
a term whose parent cannot be told is noted, not guessed. A term matching an area the
service has already (the DfE category the publish writes beside its area) adds nothing;
one that several areas share goes to the first of them in the taxonomy's order, noted
for review. Every other term is noted, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hubctl.feeds.oruk_terms import (
    ACCESSIBILITY,
    ACCESSIBILITY_LABELS,
    AUDIENCE,
    AUDIENCE_TERMS,
    BOOKING,
    ELIGIBILITY,
    OFFER_AREAS,
    and_join,
)
from hubctl.labels import BOOKING_LABELS
from hubctl.oruk_import.ids import slugify
from hubctl.oruk_import.notes import RecordNotes
from hubctl.oruk_import.values import SourceObject
from hubctl.taxonomy import Taxonomy, dfe_category_parts


@dataclass
class ServiceTerms:
    """What a service's terms say, each list in the order the terms came."""

    offer_areas: list[str] = field(default_factory=list)
    audience: list[str] = field(default_factory=list)
    booking: list[str] = field(default_factory=list)
    accessibility: list[str] = field(default_factory=list)
    antenatal: bool = False


# The source's taxonomy terms by id (`index_terms`): where a term's parent is looked up.
TermIndex = Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class _Parent:
    """A term's parent as its `parent_id` says: the id (None: it names none), and the
    slugs of the parent's code and name (empty: the source holds no term of that id)."""

    parent_id: str | None
    slugs: tuple[str, ...] = ()
    label: str = ""


@dataclass(frozen=True)
class _Term:
    vocabulary: str
    code: str
    name: str
    place: str
    parent: _Parent


def read_terms(
    attributes: list[SourceObject],
    taxonomy: Taxonomy,
    notes: RecordNotes,
    source_terms: TermIndex | None = None,
) -> ServiceTerms:
    """The service's terms (its `attributes`, each with a `taxonomy_term`), mapped;
    `source_terms` are the source's terms by id, where each term's parent is found."""
    found = ServiceTerms()
    categories: list[_Term] = []
    for attribute in attributes:
        attribute.consume("id", "link_id", "link_entity", "link_type", "taxonomy_term_id")
        term = _term_of(attribute, source_terms or {})
        if term is None:
            continue
        if not _exact(term, taxonomy, found):
            categories.append(term)
    by_slug = _areas_by_slug(taxonomy)
    for term in categories:
        _by_category(term, by_slug, found, notes)
    return found


def index_terms(
    standalone: Iterable[Any], services: Iterable[Mapping[str, Any]]
) -> dict[str, Mapping[str, Any]]:
    """Every taxonomy term of a source by its id, the first of each id: those standing
    alone (a page of terms, a taxonomy_terms table), then those the services carry in
    their attributes. Anything not shaped as a term with an id is passed over."""
    found: dict[str, Mapping[str, Any]] = {}
    carried = (
        attribute.get("taxonomy_term")
        for service in services
        if isinstance(attributes := service.get("attributes"), list)
        for attribute in attributes
        if isinstance(attribute, dict)
    )
    for term in (*standalone, *carried):
        if isinstance(term, Mapping):
            term_id = _id_text(term.get("id"))
            if term_id:
                found.setdefault(term_id, term)
    return found


def _id_text(value: Any) -> str | None:
    """An id as `SourceObject.text` reads one: text trimmed, a whole number's digits."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _term_of(attribute: SourceObject, source_terms: TermIndex) -> _Term | None:
    term = attribute.object("taxonomy_term")
    if term is None:
        code = attribute.text("value")
        if code is not None:
            attribute.notes.not_kept(
                attribute.where("value"), f"'{code}' has no taxonomy term to say what it means"
            )
        return None
    # Labels and links of a term: what it means is its vocabulary, code and parent.
    term.consume("id", "taxonomy_id", "description", "term_uri", "language")
    vocabulary = term.line("taxonomy") or ""
    name = term.line("name") or ""
    code = term.line("term") or term.line("code") or name
    parent = _parent_of(term.text("parent_id"), source_terms)
    return _Term(vocabulary, code, name, term.path, parent)


def _parent_of(parent_id: str | None, source_terms: TermIndex) -> _Parent:
    parent = source_terms.get(parent_id) if parent_id else None
    if parent is None:
        return _Parent(parent_id)
    texts = [
        text.strip()
        for text in (parent.get("term"), parent.get("code"), parent.get("name"))
        if isinstance(text, str) and text.strip()
    ]
    slugs = tuple(dict.fromkeys(slug for slug in map(slugify, texts) if slug))
    return _Parent(parent_id, slugs, texts[-1] if texts else "")


def _exact(term: _Term, taxonomy: Taxonomy, found: ServiceTerms) -> bool:
    """Map a term of one of hubctl's own vocabularies; False if it is not one of them."""
    code = term.code
    if term.vocabulary == OFFER_AREAS and code in taxonomy.by_id:
        _add(found.offer_areas, code)
    elif term.vocabulary == AUDIENCE and code in AUDIENCE_TERMS:
        _add(found.audience, code)
    elif term.vocabulary == BOOKING and code in BOOKING_LABELS:
        _add(found.booking, code)
    elif term.vocabulary == ACCESSIBILITY and code in ACCESSIBILITY_LABELS:
        _add(found.accessibility, code)
    elif term.vocabulary == ELIGIBILITY and code == "antenatal":
        found.antenatal = True
    else:
        return False
    return True


# Each slug's areas, in taxonomy order: (area id, the parent category it is under, or
# None for a slug the area takes under any parent).
_SlugAreas = dict[str, list[tuple[str, str | None]]]


def _areas_by_slug(taxonomy: Taxonomy) -> _SlugAreas:
    """Offer-area ids by the slugs that name them: DfE categories, then ids and labels."""
    by_slug: _SlugAreas = {}
    for area in taxonomy.areas:
        for category in area.dfe_categories:
            parent, slug = dfe_category_parts(category)
            by_slug.setdefault(slug, []).append((area.id, parent))
    for area in taxonomy.areas:
        for slug in (area.id, slugify(area.label)):
            entries = by_slug.setdefault(slug, [])
            if all(area.id != named for named, _ in entries):
                entries.append((area.id, None))
    return by_slug


def _by_category(
    term: _Term,
    by_slug: _SlugAreas,
    found: ServiceTerms,
    notes: RecordNotes,
) -> None:
    slugs = [slug for slug in (slugify(term.code), slugify(term.name)) if slug]
    matched = next((slug for slug in slugs if slug in by_slug), None)
    if matched is None:
        notes.not_kept(
            term.place,
            f"{_term_said(term)} matches no offer area of the taxonomy (by a DfE category "
            "slug, an id or a label)",
        )
        return
    entries = by_slug[matched]
    areas = _areas_under(term.parent, entries)
    if any(area in found.offer_areas for area in areas or [area for area, _ in entries]):
        return  # an area the service has already (a DfE category is written beside its area)
    if not areas:
        notes.not_kept(term.place, _parent_problem(term, matched, entries))
        return
    found.offer_areas.append(areas[0])
    if len(areas) > 1:
        notes.review(
            "offer_areas",
            f"the term '{term.name or term.code}' (category '{matched}') is read as "
            f"{areas[0]}; it is also a category of {', '.join(areas[1:])}: check which the "
            "service covers",
        )


def _areas_under(parent: _Parent, entries: list[tuple[str, str | None]]) -> list[str]:
    """The areas a category is under the term's parent: those taking it under that parent
    or under any; none when an area takes it under a named parent and the term's parent
    cannot be told: it could be that one."""
    if not parent.slugs and any(named is not None for _, named in entries):
        return []
    return list(
        dict.fromkeys(area for area, named in entries if named is None or named in parent.slugs)
    )


def _parent_problem(term: _Term, matched: str, entries: list[tuple[str, str | None]]) -> str:
    """Why a category the taxonomy reads by its parent maps to no area for this term."""
    meanings = and_join(
        [
            f"{area} under '{named}'" if named else f"{area} under any other parent"
            for area, named in entries
        ]
    )
    said = f"{_term_said(term)} is the category '{matched}'"
    if term.parent.slugs:
        return (
            f"{said} under '{term.parent.label}', and the taxonomy has that category only as "
            f"{meanings}: it matches no offer area"
        )
    why = (
        f"its parent_id '{term.parent.parent_id}' names no taxonomy term of the source"
        if term.parent.parent_id
        else "it has no parent_id"
    )
    return (
        f"{said}, which means {meanings}, and its parent cannot be told ({why}); set the "
        "service's offer areas by hand"
    )


def _term_said(term: _Term) -> str:
    vocabulary = f" of the vocabulary '{term.vocabulary}'" if term.vocabulary else ""
    return f"the term '{term.name or term.code}'{vocabulary}"


def _add(values: list[str], value: str) -> None:
    if value not in values:
        values.append(value)
