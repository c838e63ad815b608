"""The web directory's files: each page rendered by its Jinja2 template, autoescaped."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from hubctl.coverage_reports.html_report import MATRIX_STYLE, render_matrix
from hubctl.feeds import FeedFile, whole_file
from hubctl.feeds.manifest import ManifestEntries, ManifestEntry
from hubctl.feeds.oruk_mirror import is_object_file
from hubctl.listings import Listings
from hubctl.models import Authority
from hubctl.offer_coverage import CoverageReport, UnitCoverage
from hubctl.taxonomy import Taxonomy
from hubctl.web_site.directory_pages import (
    FILTER_AGES,
    MODE_WORDS,
    Directory,
    authority_page_path,
    weekday_choices,
)
from hubctl.web_site.site_map import sites_svg

STYLESHEET = "assets/site.css"
SCRIPT = "assets/directory.js"
ICON = "assets/icon.svg"
INDEX = "index.html"
COVERAGE = "coverage.html"
DOWNLOADS = "downloads.html"


def is_site_file(path: str) -> bool:
    """True for a file of the web directory (a page or an asset), not a feed."""
    return path.endswith(".html") or path.startswith("assets/")


@functools.cache
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("hubctl.web_site", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.globals.update(
        STYLESHEET=STYLESHEET, SCRIPT=SCRIPT, ICON=ICON, MODE_WORDS=MODE_WORDS
    )
    return environment


def _render(path: str, template: str, values: dict[str, object]) -> Iterator[bytes]:
    """`template` rendered with `values`, in pieces; `root` leads from the page back to
    the top of the site, so links work wherever the folder is served."""
    root = "../" * path.count("/")
    stream = _environment().get_template(template).generate(root=root, current=path, **values)
    return (piece.encode("utf-8") for piece in stream)


def _page(path: str, template: str, **values: object) -> FeedFile:
    """One page, rendered each time its bytes are read (not before: publish reads each
    page once, as it writes it)."""
    return FeedFile(path, lambda: _render(path, template, values), None)


def _authority_page(directory: Directory, authority: Authority, common: dict[str, Any]) -> FeedFile:
    """An authority's page, its views built only when it is written."""
    path = authority_page_path(authority.id)

    def chunks() -> Iterator[bytes]:
        page = directory.page(authority)
        values = {
            "page": page,
            "ages": FILTER_AGES,
            "weekdays": weekday_choices(),
            "map_svg": Markup(sites_svg(page.sites)),  # sites_svg escapes every text
            **common,
        }
        return _render(path, "authority.html.j2", values)

    return FeedFile(path, chunks, None)


def site_files(
    listings: Listings,
    taxonomy: Taxonomy,
    coverage: CoverageReport,
    published_at: datetime,
    source: str | None,
    authority_coverage: CoverageReport | None = None,
) -> list[FeedFile]:
    """index.html, a page per authority, coverage.html and the assets; pure, like every
    feed. `coverage` is by hub on the publication date; `authority_coverage`, by
    authority on the same date, is shown for an authority with no open hub."""
    on = published_at.date()
    directory = Directory(listings, taxonomy, on)
    common: dict[str, Any] = {"published": on.isoformat(), "source": source}
    files = [
        _page(INDEX, "index.html.j2", pages=directory.summaries(), **common),
        *(_authority_page(directory, authority, common) for authority in directory.authorities),
        _page(
            COVERAGE,
            "coverage.html.j2",
            sections=_CoverageSections(coverage, authority_coverage, directory),
            **common,
        ),
    ]
    files.append(whole_file(STYLESHEET, _asset("site.css", prefix=MATRIX_STYLE), None))
    files.append(whole_file(SCRIPT, _asset("directory.js"), None))
    files.append(whole_file(ICON, _asset("icon.svg"), None))
    return files


@dataclass(frozen=True)
class CoverageSection:
    """One authority on coverage.html: its matrix, by hub or (with no open hub) as a
    whole; None when there is no report to show."""

    authority: Authority
    by_hub: bool
    matrix: Markup | None


class _CoverageSections:
    """Every authority with its coverage matrix, rendered by the one coverage renderer
    `hubctl coverage --format html` uses, made as the page is written: by hub, or for
    an authority with no open hub (the worst gap there is) by authority."""

    def __init__(
        self,
        by_hub: CoverageReport,
        by_authority: CoverageReport | None,
        directory: Directory,
    ) -> None:
        self._reports = (by_hub, by_authority)
        self._units: dict[tuple[bool, str], list[UnitCoverage]] = {}
        for hub_level, report in ((True, by_hub), (False, by_authority)):
            for unit in report.units if report is not None else ():
                self._units.setdefault((hub_level, unit.authority), []).append(unit)
        self.authorities = directory.authorities

    def __bool__(self) -> bool:
        return bool(self.authorities)

    def __iter__(self) -> Iterator[CoverageSection]:
        for authority in self.authorities:
            hub_level = (True, authority.id) in self._units
            report = self._reports[0] if hub_level else self._reports[1]
            units = self._units.get((hub_level, authority.id))
            if report is None or not units:
                yield CoverageSection(authority, hub_level, None)
                continue
            fragment = render_matrix(
                dataclasses.replace(report, units=tuple(units)),
                heading=3,
                id_prefix=f"{authority.id}-",
                caption_suffix=f", {authority.name}",
            )
            yield CoverageSection(authority, hub_level, Markup(fragment))  # escaped inside


def _asset(name: str, prefix: str = "") -> bytes:
    text = resources.files("hubctl.web_site").joinpath("assets").joinpath(name).read_text("utf-8")
    return ((prefix + "\n\n" if prefix else "") + text).encode("utf-8")


def downloads_file(
    entries: ManifestEntries, published_at: datetime, source: str | None
) -> FeedFile:
    """downloads.html: every feed file written so far (`entries`) with its size and
    SHA-256 as manifest.json lists them; the site's own pages are left out, and the
    Open Referral UK mirror's one-object files (a national mirror has 200,000) are
    summed up, its index and pages listed."""
    listed: list[ManifestEntry] = []
    mirror_files = mirror_bytes = 0
    for entry in entries.in_path_order():
        if is_site_file(entry.path):
            continue
        if is_object_file(entry.path):
            mirror_files += 1
            mirror_bytes += entry.size
            continue
        listed.append(entry)
    return _page(
        DOWNLOADS,
        "downloads.html.j2",
        entries=listed,
        mirror_files=mirror_files,
        mirror_bytes=mirror_bytes,
        published=published_at.date().isoformat(),
        source=source,
    )
