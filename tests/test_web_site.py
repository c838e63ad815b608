"""The published web directory, read as HTML without a browser (the browser test is
tests/test_web_browser.py): what each page lists, that listing text stays text, that
nothing loads from elsewhere, the page structure accessibility needs, and that the
coverage page and downloads page agree with `coverage` and manifest.json."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from datetime import date, datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import publish_cli, run_cli

from hubctl.feed_verify.web_pages import check_site_asset, check_web_page, is_elsewhere
from hubctl.listing_words import rule_days, rule_sentence
from hubctl.listings import load_listings
from hubctl.models import ScheduleRule
from hubctl.taxonomy import load_taxonomy
from hubctl.web_site.directory_pages import authority_pages

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "web"
SHIPPED = Path(__file__).resolve().parent.parent / "listings"
PUBLISHED_ON = date(2026, 11, 23)
EPOCH = str(int(datetime(2026, 11, 23, tzinfo=timezone.utc).timestamp()))


def publish(listings: Path, out: Path) -> Path:
    result = publish_cli(listings, out, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def web_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return publish(FIXTURE, tmp_path_factory.mktemp("web") / "dist")


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return publish(SHIPPED, tmp_path_factory.mktemp("shipped-web") / "dist")


class Page(HTMLParser):
    """A page's elements as (tag, attributes, text inside), and its text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self.script_bodies: list[str] = []
        self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_bodies.append(data)
        self.texts.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.texts).split())

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.elements if tag == name]


def read_page(dist: Path, path: str) -> Page:
    return Page((dist / path).read_text(encoding="utf-8"))


def site_pages(dist: Path) -> list[str]:
    return sorted(p.relative_to(dist).as_posix() for p in dist.rglob("*.html"))


# --- what the pages list ------------------------------------------------------------------


def test_the_site_has_an_index_a_page_per_authority_coverage_and_downloads(
    shipped_site: Path,
) -> None:
    authorities = sorted(p.parent.name for p in SHIPPED.glob("*/authority.yaml"))
    assert site_pages(shipped_site) == sorted(
        ["index.html", "coverage.html", "downloads.html"]
        + [f"authorities/{a}.html" for a in authorities]
    )
    index = read_page(shipped_site, "index.html")
    links = [attrs["href"] for attrs in index.tags("a")]
    for authority in authorities:
        assert f"authorities/{authority}.html" in links


def test_an_authority_page_lists_every_listed_activity_as_plain_html(shipped_site: Path) -> None:
    """With scripts off the full list is there: one card per activity the directory
    lists, with the words a parent needs."""
    listings = load_listings(SHIPPED)
    pages = {p.authority.id: p for p in authority_pages(listings, load_taxonomy(), PUBLISHED_ON)}
    leicester = pages["leicester"]
    page = read_page(shipped_site, "authorities/leicester.html")
    cards = [attrs for attrs in page.tags("li") if "activity" in (attrs.get("class") or "")]
    assert [card["id"] for card in cards] == [f"activity-{a.id}" for a in leicester.activities]
    running = [a for a in listings.activities if a.id.startswith("leicester-")]
    paused = [a.id for a in running if a.status == "paused"]
    assert paused, "the shipped listings have a paused activity to leave out"
    assert not {f"activity-{a}" for a in paused} & {card["id"] for card in cards}
    for label in ("When", "Where", "How", "Ages", "Cost", "Booking", "Offer areas"):
        assert page.text.count(label) >= len(cards)
    # The filter form is in the page but hidden until the script shows it.
    assert "hidden" in page.tags("form")[0]


def test_a_closed_site_says_so_and_holds_nothing(web_dist: Path) -> None:
    page = read_page(web_dist, "authorities/scriptham.html")
    cards = {attrs.get("id"): attrs for attrs in page.tags("li")}
    assert "site-not-open" in (cards["site-closed-library"].get("class") or "")
    assert "Closed: no activities are held here now" in page.text
    assert "activity-only-at-closed-library" not in cards
    assert "Rhyme Time" not in page.text
    # A closed site is not offered in the site filter either.
    sites = [o.get("value") for o in page.tags("option")]
    assert "scriptham-family-hub" in sites and "closed-library" not in sites


def test_filter_values_are_in_data_attributes(web_dist: Path) -> None:
    page = read_page(web_dist, "authorities/scriptham.html")
    cards = {attrs["id"]: attrs for attrs in page.tags("li") if attrs.get("data-areas")}
    chat = cards["activity-online-feeding-chat"]
    assert (chat["data-areas"], chat["data-modes"], chat["data-sites"]) == (
        "infant-feeding",
        "online",
        "",
    )
    assert (chat["data-days"], chat["data-age-min"], chat["data-age-max"]) == ("thu", "0.0", "2.0")
    script = cards["activity-script-in-name"]
    assert (script["data-antenatal"], script["data-sites"]) == ("yes", "scriptham-family-hub")


def test_schedule_rules_read_as_sentences() -> None:
    weekly = ScheduleRule.model_validate(
        {"freq": "weekly", "byday": ["tue", "thu"], "opens_at": "10:00", "closes_at": "11:30"}
    )
    assert rule_sentence(weekly) == "Tuesdays and Thursdays, 10:00 to 11:30"
    monthly = ScheduleRule.model_validate(
        {
            "freq": "monthly",
            "byday": ["1tue", "-1fri", "-2mon"],
            "opens_at": "09:00",
            "closes_at": "10:00",
            "term_time_only": True,
            "note": "Bring a towel",
        }
    )
    assert rule_days(monthly) == (
        "the first Tuesday, the last Friday and the second to last Monday of the month"
    )
    assert rule_sentence(monthly).endswith("09:00 to 10:00, term time only (Bring a towel)")
    once = ScheduleRule.model_validate(
        {"freq": "once", "date": "2027-03-06", "opens_at": "10:00", "closes_at": "12:00"}
    )
    assert rule_days(once) == "Saturday 6 March 2027"


# --- listing text is text -----------------------------------------------------------------


def test_markup_in_listings_is_escaped_on_every_page(web_dist: Path) -> None:
    for path in site_pages(web_dist):
        html = (web_dist / path).read_text(encoding="utf-8")
        page = Page(html)
        assert "alert(" not in "".join(page.script_bodies), path
        for tag, attrs in page.elements:
            assert tag not in ("img", "b"), (path, tag, attrs)
            assert not [name for name in attrs if name.startswith("on")], (path, tag, attrs)
        assert "<script>alert(1)</script>" not in html, path
    activity_page = read_page(web_dist, "authorities/scriptham.html")
    assert "<script>alert(1)</script>" in activity_page.text  # shown, as text
    assert "<img src=x onerror=alert(2)>" in activity_page.text
    assert 'everyone" onmouseover="alert(4)' in activity_page.text
    assert "Scriptham <b>Borough</b> & District Council" in activity_page.text
    raw = (web_dist / "authorities/scriptham.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw


def test_every_page_has_a_policy_that_allows_nothing_from_elsewhere(shipped_site: Path) -> None:
    for path in site_pages(shipped_site):
        page = read_page(shipped_site, path)
        policies = [
            m["content"]
            for m in page.tags("meta")
            if m.get("http-equiv") == "Content-Security-Policy"
        ]
        assert policies and "default-src 'none'" in (policies[0] or ""), path
        assert check_web_page(path, (shipped_site / path).read_bytes()) == [], path
        fetched = [
            attrs.get("src") or attrs.get("href")
            for tag, attrs in page.elements
            if tag in ("script", "link", "img")
        ]
        assert fetched and not [a for a in fetched if a and is_elsewhere(a)], path
    for asset in sorted((shipped_site / "assets").iterdir()):
        assert check_site_asset(asset.name, f"assets/{asset.name}", asset.read_bytes()) == []


def test_verify_reports_a_page_that_loads_from_another_host(tmp_path: Path) -> None:
    dist = publish(FIXTURE, tmp_path / "dist")
    page = dist / "index.html"
    html = page.read_bytes().replace(
        b"</head>", b'<script src="https://cdn.example.com/x.js"></script>\n</head>'
    )
    page.write_bytes(html)
    manifest = json.loads((dist / "manifest.json").read_bytes())
    for entry in manifest["files"]:
        if entry["path"] == "index.html":
            entry["bytes"], entry["sha256"] = len(html), hashlib.sha256(html).hexdigest()
    (dist / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    result = run_cli("verify", dist)
    assert result.exit_code == 1
    assert re.search(r"index\.html:\d+:\d+: error VER303 <script src> loads", result.output)


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        (b'<!DOCTYPE html><html><head><meta charset="utf-8">', "no lang attribute"),
        (b'<!DOCTYPE html><html lang="en"><head>', 'declare <meta charset="utf-8">'),
        (b'<html lang="en"><meta charset="utf-8">', "<!DOCTYPE html>"),
        (
            b'<!DOCTYPE html><html lang="en"><meta charset="utf-8">'
            b'<link rel="stylesheet" href="//fonts.example.com/a.css">',
            "<link href> loads",
        ),
        (
            b'<!DOCTYPE html><html lang="en"><meta charset="utf-8"><img src="data:,x">',
            "<img src> loads",
        ),
        (
            b'<!DOCTYPE html><html lang="en"><meta charset="utf-8">'
            b'<p style="background: url(https://t.example.com/p.png)">',
            "<p style> loads",
        ),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_verify_page_check_finds_each_problem(html: bytes, problem: str) -> None:
    messages = [d.message for d in check_web_page("page.html", html)]
    assert any(problem in message for message in messages), messages


def test_a_page_may_link_out_without_loading_from_elsewhere() -> None:
    html = (
        b'<!DOCTYPE html><html lang="en"><meta charset="utf-8">'
        b'<a href="https://book.example.org/">Book</a><script src="assets/a.js"></script>'
    )
    assert check_web_page("page.html", html) == []
    css = b"body { background: url(https://t.example.com/x.png) }"
    assert [d.code for d in check_site_asset("a.css", "assets/a.css", css)] == ["VER303"]


# --- structure for accessibility ------------------------------------------------------


def test_pages_have_language_landmarks_headings_labels_and_table_headers(
    shipped_site: Path,
) -> None:
    for path in site_pages(shipped_site):
        page = read_page(shipped_site, path)
        assert page.tags("html")[0].get("lang") == "en", path
        for landmark in ("header", "nav", "main", "footer"):
            assert page.tags(landmark), (path, landmark)
        levels = [int(tag[1]) for tag, _ in page.elements if re.fullmatch(r"h[1-6]", tag)]
        assert levels[0] == 1 and levels.count(1) == 1, path
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), (path, levels)
        labelled = {attrs.get("for") for attrs in page.tags("label")}
        for control in page.tags("select"):
            assert control.get("id") in labelled, (path, control)
        assert len(page.tags("caption")) == len(page.tags("table")), path
        headers = page.tags("th")
        assert all(th.get("scope") in ("col", "row") for th in headers), path
        assert page.tags("a")[0].get("href") == "#main", path  # the skip link comes first


# --- coverage and downloads agree with their sources -------------------------------------


def _tables(html: str) -> list[str]:
    """The page's tables, their element ids taken out (each page has its own)."""
    tables = re.findall(r"<table.*?</table>", html, flags=re.DOTALL)
    return [re.sub(r' aria-describedby="[^"]*"', "", table) for table in tables]


def test_coverage_page_shows_the_matrix_coverage_html_renders(shipped_site: Path) -> None:
    site = (shipped_site / "coverage.html").read_text(encoding="utf-8")
    for authority in ("derby", "leicester"):
        result = run_cli(
            "--listings",
            SHIPPED,
            "coverage",
            "--on",
            PUBLISHED_ON.isoformat(),
            "--by",
            "hub",
            "--authority",
            authority,
            "--format",
            "html",
        )
        assert result.exit_code in (0, 1), result.output
        tables = _tables(result.stdout)
        assert len(tables) == 2
        for table in tables:
            assert table in _tables(site), authority
    assert "Why not:" in site and "Gap" in site


def test_downloads_page_lists_each_feed_with_the_manifests_size_and_checksum(
    shipped_site: Path,
) -> None:
    manifest = json.loads((shipped_site / "manifest.json").read_bytes())
    html = (shipped_site / "downloads.html").read_text(encoding="utf-8")
    rows = re.findall(
        r'<tr><th scope="row"><a href="([^"]+)">[^<]+</a></th><td>([\d,]*)</td>'
        r"<td>([\d,]+)</td><td><code>([0-9a-f]{64})</code></td></tr>",
        html,
    )
    listed = {path: (size.replace(",", ""), sha) for path, _, size, sha in rows}
    expected = {
        entry["path"]: (str(entry["bytes"]), entry["sha256"])
        for entry in manifest["files"]
        if not entry["path"].endswith(".html")
        and not entry["path"].startswith("assets/")
        and (not entry["path"].startswith("oruk/") or entry["path"] == "oruk/index.json")
    }
    assert listed == expected
    assert "feed.json" in listed and "calendar/alvaston-family-hub.ics" in listed
    mirror = [e for e in manifest["files"] if e["path"].startswith("oruk/")]
    assert f"also holds {len(mirror) - 1:,} more files" in html
    for path, (size, sha) in listed.items():
        content = (shipped_site / path).read_bytes()
        assert (str(len(content)), hashlib.sha256(content).hexdigest()) == (size, sha)


def test_the_site_is_the_same_bytes_for_the_same_listings(tmp_path: Path) -> None:
    first, second = publish(FIXTURE, tmp_path / "a"), publish(FIXTURE, tmp_path / "b")
    for path in [*site_pages(first), "assets/site.css", "assets/directory.js"]:
        assert (first / path).read_bytes() == (second / path).read_bytes(), path
