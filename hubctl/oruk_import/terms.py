"""A service's taxonomy terms -> offer areas, audience, booking, accessibility, antenatal.

The reverse of `hubctl.feeds.oruk_terms`, from its own tables: a term of one of hubctl's
vocabularies (`hubctl-offer-areas`, `hubctl-audience` ...) maps back exactly. Any other
term maps to offer areas through the DfE service-directory category slugs the taxonomy
carries (`dfe_categories`), or an area's own id or label, matched as slugs of the term's
code or name. A term matching an area the service has already (the DfE category the
publish writes beside its area) adds nothing; one that several areas share goes to the
first of them in the taxonomy's order, noted for review. Every other term is noted,
never dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hubctl.feeds.oruk_terms import (
    ACCESSIBILITY,
    ACCESSIBILITY_LABELS,
    AUDIENCE,
    AUDIENCE_TERMS,
    BOOKING,
    ELIGIBILITY,
    OFFER_AREAS,
)
from hubctl.labels import BOOKING_LABELS
from hubctl.oruk_import.ids import slugify
from hubctl.oruk_import.notes import RecordNotes
from hubctl.oruk_import.values import SourceObject
from hubctl.taxonomy import Taxonomy


@dataclass
class ServiceTerms:
    """What a service's terms say, each list in the order the terms came."""

    offer_areas: list[str] = field(default_factory=list)
    audience: list[str] = field(default_factory=list)
    booking: list[str] = field(default_factory=list)
    accessibility: list[str] = field(default_factory=list)
    antenatal: bool = False


@dataclass(frozen=True)
class _Term:
    vocabulary: str
    code: str
    name: str
    place: str


def read_terms(
    attributes: list[SourceObject], taxonomy: Taxonomy, notes: RecordNotes
) -> ServiceTerms:
    """The service's terms (its `attributes`, each with a `taxonomy_term`), mapped."""
    found = ServiceTerms()
    categories: list[_Term] = []
    for attribute in attributes:
        attribute.consume("id", "link_id", "link_entity", "link_type", "taxonomy_term_id")
        term = _term_of(attribute)
        if term is None:
            continue
        if not _exact(term, taxonomy, found):
            categories.append(term)
    by_slug = _areas_by_slug(taxonomy)
    for term in categories:
        _by_category(term, by_slug, found, notes)
    return found


def _term_of(attribute: SourceObject) -> _Term | None:
    term = attribute.object("taxonomy_term")
    if term is None:
        code = attribute.text("value")
        if code is not None:
            attribute.notes.not_kept(
                attribute.where("value"), f"'{code}' has no taxonomy term to say what it means"
            )
        return None
    # Labels and links of a term: what it means is its vocabulary and code.
    term.consume("id", "taxonomy_id", "parent_id", "description", "term_uri", "language")
    vocabulary = term.line("taxonomy") or ""
    name = term.line("name") or ""
    code = term.line("term") or term.line("code") or name
    return _Term(vocabulary, code, name, term.path)


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


def _areas_by_slug(taxonomy: Taxonomy) -> dict[str, list[str]]:
    """Offer-area ids by the slugs that name them: DfE categories, then ids and labels."""
    by_slug: dict[str, list[str]] = {}
    for area in taxonomy.areas:
        for slug in area.dfe_categories:
            by_slug.setdefault(slug, []).append(area.id)
    for area in taxonomy.areas:
        for slug in (area.id, slugify(area.label)):
            if area.id not in by_slug.setdefault(slug, []):
                by_slug[slug].append(area.id)
    return by_slug


def _by_category(
    term: _Term,
    by_slug: dict[str, list[str]],
    found: ServiceTerms,
    notes: RecordNotes,
) -> None:
    slugs = [slug for slug in (slugify(term.code), slugify(term.name)) if slug]
    matched = next((slug for slug in slugs if slug in by_slug), None)
    if matched is None:
        vocabulary = f" of the vocabulary '{term.vocabulary}'" if term.vocabulary else ""
        notes.not_kept(
            term.place,
            f"the term '{term.name or term.code}'{vocabulary} matches no offer area of the "
            "taxonomy (by a DfE category slug, an id or a label)",
        )
        return
    areas = by_slug[matched]
    if any(area in found.offer_areas for area in areas):
        return  # an area the service has already (a DfE category is written beside its area)
    found.offer_areas.append(areas[0])
    if len(areas) > 1:
        notes.review(
            "offer_areas",
            f"the term '{term.name or term.code}' (category '{matched}') is read as "
            f"{areas[0]}; it is also a category of {', '.join(areas[1:])}: check which the "
            "service covers",
        )


def _add(values: list[str], value: str) -> None:
    if value not in values:
        values.append(value)
