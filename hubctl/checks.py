"""Cross-file rules: ids, folders, references, taxonomy, freshness.

Each check takes the loaded `Listings` and returns diagnostics. They read each record's
`facts` (hubctl.listing_facts), never an activity's model, so a tree read by workers or
from the cache is checked without building a model, and of the taxonomy they read only
which areas exist and which are required (`KnownAreas`). Positions are found after the
fact by re-reading only the files that have a problem.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from hubctl.diagnostics import Diagnostic, diagnostic, did_you_mean, quoted
from hubctl.file_reading import DocPath, UnreadableFile, read_file_bytes
from hubctl.listings import Listings, Record
from hubctl.networks import closed_venues
from hubctl.policy_checks import check_coverage_policies
from hubctl.resources import requirement_profile_ids
from hubctl.taxonomy_source import KnownAreas
from hubctl.value_limits import SLUG_PATTERN

if TYPE_CHECKING:
    from hubctl.reading import Document

REVIEW_AGE_LIMIT = timedelta(days=365)
SLUG = re.compile(SLUG_PATTERN)
AnyRecord = Record[Any]


class HasKnownAreas(Protocol):
    """A taxonomy, parsed (`Taxonomy`) or as its bytes (`TaxonomySource`)."""

    def known_areas(self) -> KnownAreas:
        """The areas' ids and required flags."""
        ...


def check_listings(
    listings: Listings,
    taxonomy: HasKnownAreas,
    today: date,
    profiles: Sequence[str] | None = None,
    profile_areas: Mapping[str, frozenset[str]] | None = None,
) -> list[Diagnostic]:
    """Every cross-file rule over a loaded tree. `profiles` are the requirement profile
    ids a policy may name (default: the shipped ones); `profile_areas` the areas each
    profile requires, by id, for the profiles whose authorities' waivers are judged
    (`register_checks` reads them; default: none)."""
    finder = _PositionFinder()
    diagnostics: list[Diagnostic] = []
    diagnostics += check_has_authority(listings)
    diagnostics += check_ids(listings, finder)
    diagnostics += check_authority_folders(listings, finder)
    diagnostics += check_references(listings, finder)
    known_areas = taxonomy.known_areas()
    diagnostics += check_offer_areas(listings, known_areas, finder)
    profile_ids = requirement_profile_ids() if profiles is None else profiles
    diagnostics += check_coverage_policies(
        listings, known_areas, profile_ids, today, finder, profile_areas or {}
    )
    diagnostics += check_unused_sites(listings, finder)
    diagnostics += check_closed_venues(listings, finder)
    diagnostics += check_freshness(listings, today, finder)
    return diagnostics


class _PositionFinder:
    """Locates document paths in valid files, reading and composing each at most once.

    Valid files were not kept as text, so a file with a problem is read again, as
    safely as the first time. If it cannot be read now (deleted or replaced during
    the run), its problems are put at line 1, column 1 rather than stopping the run.
    """

    def __init__(self) -> None:
        self._documents: dict[str, Document] = {}

    def at(self, record: AnyRecord, path: DocPath, code: str, message: str) -> Diagnostic:
        source = record.source
        document = self._documents.get(source.location)
        if document is None:
            from hubctl.reading import Document  # the YAML reader: only for a problem

            try:
                text = read_file_bytes(source.path).decode("utf-8")
            except (UnreadableFile, UnicodeDecodeError):
                text = ""
            document = self._documents[source.location] = Document(text)
        line, column = document.position(path)
        return diagnostic(source.display_path, line, column, code, message)


def check_has_authority(listings: Listings) -> list[Diagnostic]:
    """The listings folder holds at least one <authority>/authority.yaml (HUB210).

    An empty or mistyped --listings folder would otherwise validate clean and
    publish empty feeds. A file that exists but is invalid counts: its own
    diagnostics say what is wrong. A missing folder is HUB012, not this.
    """
    root = listings.root
    if not root.is_dir() or any(source.kind == "authority" for source in listings.sources):
        return []
    return [
        diagnostic(
            root.as_posix(),
            1,
            1,
            "HUB210",
            f"the listings folder '{root.as_posix()}' holds no authority (no "
            f"<authority>/authority.yaml in it); add {root.as_posix()}/<authority>/authority.yaml, "
            "or check --listings",
        )
    ]


def check_ids(listings: Listings, finder: _PositionFinder) -> list[Diagnostic]:
    """Ids unique across the tree; file name equals id (HUB202, HUB203)."""
    diagnostics = []
    records_by_id: dict[str, list[AnyRecord]] = {}
    for record in listings.records:  # in path order, as discovery found them
        records_by_id.setdefault(record.id, []).append(record)
    taken_paths = {source.location for source in listings.sources}
    misnamed = set()
    for record in listings.records:
        source = record.source
        expected_stem = "authority" if source.kind == "authority" else record.id
        if source.stem != expected_stem:
            misnamed.add(id(record))
            # A copied file keeps the id of the file it was copied from: renaming it
            # back is impossible, so the id is what must change.
            copied = len(records_by_id[record.id]) > 1 or (
                str(source.path.with_name(f"{record.id}{source.path.suffix}")) in taken_paths
            )
            stem = source.stem
            new_id = f"change the id to '{stem}'" if SLUG.fullmatch(stem) else "change the id"
            fix = (
                f"{new_id} (another file already has the id '{record.id}')"
                if copied
                else f"rename the file to {record.id}.yaml or {new_id}"
            )
            diagnostics.append(
                finder.at(
                    record,
                    ("id",),
                    "HUB203",
                    f"the id '{record.id}' does not match the file name "
                    f"{quoted(source.path.name)}; {fix}",
                )
            )
    # A misnamed file sharing an id is a copy that kept the id: its HUB203 names the one
    # fix, and the file it was copied from is not blamed (one mistake, one message). The
    # other files sharing an id are each told, so a check of only the changed files sees it.
    for everyone in records_by_id.values():
        sharing = [r for r in everyone if id(r) not in misnamed]
        for record in sharing if len(sharing) > 1 else ():
            others = _some_paths([r for r in sharing if r is not record])
            diagnostics.append(
                finder.at(
                    record,
                    ("id",),
                    "HUB202",
                    f"the id '{record.id}' is also used by {others}; give each listing its own id",
                )
            )
    return diagnostics


_OTHERS_NAMED = 3


def _some_paths(records: list[AnyRecord]) -> str:
    """The first few records' paths, then how many more: output stays bounded per file."""
    named = ", ".join(r.source.display_path for r in records[:_OTHERS_NAMED])
    rest = len(records) - _OTHERS_NAMED
    return named + (f" and {rest:,} more" if rest > 0 else "")


def check_authority_folders(listings: Listings, finder: _PositionFinder) -> list[Diagnostic]:
    """Each authority folder has authority.yaml whose id is the folder name (HUB204, HUB208)."""
    diagnostics = []
    with_authority_file = set()
    for record in listings.authority_records:
        folder = record.authority_id
        with_authority_file.add(folder)
        if record.id != folder:
            diagnostics.append(
                finder.at(
                    record,
                    ("id",),
                    "HUB204",
                    f"the authority id '{record.id}' does not match its folder {quoted(folder)}; "
                    f"rename the folder to {record.id} or change the id",
                )
            )
    folders_with_files = {r.authority_id for r in listings.records}
    for folder in sorted(folders_with_files - with_authority_file):
        authority_file = (listings.root / folder / "authority.yaml").as_posix()
        if (listings.root / folder / "authority.yaml").exists():
            continue  # it exists but is invalid: its own diagnostics say why
        diagnostics.append(
            diagnostic(
                authority_file,
                1,
                1,
                "HUB208",
                f"the folder {quoted(folder)} has listings but no authority.yaml; "
                "add one with id, name, ons_code and website (docs/format.md lists the fields)",
            )
        )
    return diagnostics


def check_references(listings: Listings, finder: _PositionFinder) -> list[Diagnostic]:
    """Branch `hub` and activity `venues` name sites of the same authority (HUB205, HUB206)."""
    diagnostics = []
    sites = _sites_by_reference(listings)
    hubs = {i: r for i, r in sites.items() if r.source.kind == "hub"}
    # A site whose own file failed validation still exists: its error is the one to fix.
    invalid_hubs = {i for i, kind in listings.invalid_sites.items() if kind == "hub"}
    for branch_record in listings.branch_records:
        hub = branch_record.facts.hub or ""  # every branch names its hub
        if hub not in invalid_hubs and (
            problem := _reference_problem(hub, branch_record, hubs, sites, "hub")
        ):
            diagnostics.append(finder.at(branch_record, ("hub",), "HUB205", problem))
    for record in listings.activity_records:
        for index, venue in enumerate(record.facts.venues):
            if venue not in listings.invalid_sites and (
                problem := _reference_problem(venue, record, sites, sites, "hub or branch")
            ):
                diagnostics.append(finder.at(record, ("venues", index), "HUB206", problem))
    return diagnostics


def _sites_by_reference(listings: Listings) -> dict[str, AnyRecord]:
    """Hubs and branches by id and also by file name: a site whose id does not match its
    file name (HUB203) still resolves under the name its file gives it, so the references
    written before the id went wrong are not reported too (one mistake, one message)."""
    sites: dict[str, AnyRecord] = {r.id: r for r in listings.site_records}
    for record in listings.site_records:
        sites.setdefault(record.source.stem, record)
    return sites


def _reference_problem(
    target: str,
    record: AnyRecord,
    allowed: dict[str, AnyRecord],
    sites: dict[str, AnyRecord],
    wanted: str,
) -> str | None:
    authority = record.authority_id
    found = allowed.get(target)
    if found is None:
        # Only a broken reference pays for the list of candidates. An id that is not its
        # file's name is itself wrong (HUB203), so only the file names are suggested.
        same_authority = [
            i for i, r in allowed.items() if r.authority_id == authority and i == r.source.stem
        ]
        if target in sites:
            return (
                f"'{target}' is a branch, not a hub; a branch's hub must be a main hub"
                f"{did_you_mean(target, same_authority)}"
            )
        return (
            f"there is no {wanted} with the id '{target}' in {authority}"
            f"{did_you_mean(target, same_authority)}; use the id of a {wanted} in "
            f"listings/{authority}/"
        )
    if found.authority_id != authority:
        return (
            f"'{target}' belongs to {found.authority_id}, not {authority}; "
            f"use a {wanted} of {authority}"
        )
    return None


def check_offer_areas(
    listings: Listings, taxonomy: KnownAreas, finder: _PositionFinder
) -> list[Diagnostic]:
    """Activities' offer areas and authorities' coverage policies name known areas."""
    known = taxonomy.required_by_id
    diagnostics = []
    for record in listings.activity_records:
        for index, area in enumerate(record.facts.offer_areas):
            if area not in known:
                diagnostics.append(
                    finder.at(
                        record,
                        ("offer_areas", index),
                        "HUB201",
                        f"unknown offer area '{area}'{did_you_mean(area, known)}; "
                        f"use an id from {taxonomy.source}",
                    )
                )
    return diagnostics


def check_unused_sites(listings: Listings, finder: _PositionFinder) -> list[Diagnostic]:
    """A hub or branch that is not closed but hosts no activity (HUB402, a warning)."""
    used = {venue for record in listings.activity_records for venue in record.facts.venues}
    used |= listings.venues_of_invalid_activities
    diagnostics = []
    for record in listings.site_records:
        site = record.facts
        # A misnamed site (HUB203) is used when activities name it by its file name.
        if site.status != "closed" and not {site.id, record.source.stem} & used:
            diagnostics.append(
                finder.at(
                    record,
                    ("id",),
                    "HUB402",
                    f"no activity lists '{site.id}' in its venues; add the activities held "
                    "here, or set status: closed",
                )
            )
    return diagnostics


def check_closed_venues(listings: Listings, finder: _PositionFinder) -> list[Diagnostic]:
    """A running activity at a closed or temporarily closed site (HUB404, a warning).

    Coverage does not count it there and no feed advertises it there, so the listing
    says something the published data does not: the steward should see why.
    """
    diagnostics = []
    for record in listings.activity_records:
        if record.facts.status != "running":
            continue
        shut = closed_venues(record.facts, listings.site_facts_by_id)
        # open_venues() is every venue but these (an unknown one is HUB206, not closed).
        held_elsewhere = len(shut) < len(record.facts.venues)
        for closed in shut:
            site = closed.site
            for_good = site.status == "closed"
            if held_elsewhere:
                fix = "remove it from venues" + ("" if for_good else " while it is closed")
            else:
                until = "ended if the activity stopped" if for_good else "paused until it reopens"
                fix = f"name an open site in venues instead, or set status: {until}"
            diagnostics.append(
                finder.at(
                    record,
                    ("venues", closed.index),
                    "HUB404",
                    f"'{site.id}' is {'closed' if for_good else 'temporarily closed'} (status: "
                    f"{site.status}), so this running activity is not counted or published "
                    f"there; {fix}",
                )
            )
    return diagnostics


def check_freshness(listings: Listings, today: date, finder: _PositionFinder) -> list[Diagnostic]:
    """last_reviewed within 12 months and not in the future (HUB401, HUB403: warnings)."""
    diagnostics = []
    for record in listings.records:
        reviewed = record.facts.last_reviewed
        if reviewed is None:
            continue
        if today - reviewed > REVIEW_AGE_LIMIT:
            diagnostics.append(
                finder.at(
                    record,
                    ("last_reviewed",),
                    "HUB401",
                    f"last reviewed on {reviewed}, over 12 months ago; check the listing "
                    f"with the provider, then set last_reviewed: {today}",
                )
            )
        elif reviewed > today:
            diagnostics.append(
                finder.at(
                    record,
                    ("last_reviewed",),
                    "HUB403",
                    f"last_reviewed {reviewed} is in the future; use the date of the review",
                )
            )
    return diagnostics
