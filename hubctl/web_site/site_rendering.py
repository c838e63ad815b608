"""The web directory's files: each page rendered by its Jinja2 template, autoescaped."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator
from datetime import datetime
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from hubctl.coverage_reports.html_report import MATRIX_STYLE, render_matrix
from hubctl.feeds import FeedFile, whole_file
from hubctl.feeds.manifest import ManifestEntries, ManifestEntry
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
# The Open Referral UK mirror holds a file per service: downloads.html sums it up.
_MIRROR_FOLDER = "oruk/"
_MIRROR_INDEX = "oruk/index.json"


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
) -> list[FeedFile]:
    """index.html, a page per authority, coverage.html (`coverage` by hub, on the
    publication date) and the assets; pure, like every feed."""
    on = published_at.date()
    directory = Directory(listings, taxonomy, on)
    common: dict[str, Any] = {"published": on.isoformat(), "source": source}
    files = [
        _page(INDEX, "index.html.j2", pages=directory.summaries(), **common),
        *(_authority_page(directory, authority, common) for authority in directory.authorities),
        _page(
            COVERAGE, "coverage.html.j2", sections=_CoverageSections(coverage, directory), **common
        ),
    ]
    files.append(whole_file(STYLESHEET, _asset("site.css", prefix=MATRIX_STYLE), None))
    files.append(whole_file(SCRIPT, _asset("directory.js"), None))
    files.append(whole_file(ICON, _asset("icon.svg"), None))
    return files


class _CoverageSections:
    """Each authority that has hubs, with its hubs' coverage matrix rendered by the one
    coverage renderer `hubctl coverage --format html` uses, made as the page is written."""

    def __init__(self, coverage: CoverageReport, directory: Directory) -> None:
        self._coverage = coverage
        units: dict[str, list[UnitCoverage]] = {}
        for unit in coverage.units:
            units.setdefault(unit.authority, []).append(unit)
        self._units = units
        self.authorities = [a for a in directory.authorities if a.id in units]

    def __bool__(self) -> bool:
        return bool(self.authorities)

    def __iter__(self) -> Iterator[tuple[Authority, Markup]]:
        for authority in self.authorities:
            report = dataclasses.replace(self._coverage, units=tuple(self._units[authority.id]))
            fragment = render_matrix(report, heading=3, id_prefix=f"{authority.id}-")
            yield authority, Markup(fragment)  # render_matrix escapes every text


def _asset(name: str, prefix: str = "") -> bytes:
    text = resources.files("hubctl.web_site").joinpath("assets").joinpath(name).read_text("utf-8")
    return ((prefix + "\n\n" if prefix else "") + text).encode("utf-8")


def downloads_file(
    entries: ManifestEntries, published_at: datetime, source: str | None
) -> FeedFile:
    """downloads.html: every feed file written so far (`entries`) with its size and
    SHA-256 as manifest.json lists them; the site's own pages are left out, and the
    Open Referral UK mirror is one row (its index) and a sum of its files."""
    listed: list[ManifestEntry] = []
    mirror_files = mirror_bytes = 0
    for entry in entries.in_path_order():
        if is_site_file(entry.path):
            continue
        if entry.path.startswith(_MIRROR_FOLDER) and entry.path != _MIRROR_INDEX:
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
