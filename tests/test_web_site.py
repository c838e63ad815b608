"""The published web directory, read as HTML without a browser (the browser test is
tests/test_web_browser.py): what each page lists, that listing text stays text, that
nothing loads from elsewhere, the page structure accessibility needs, and that the
coverage page and downloads page agree with `coverage` and manifest.json."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date, datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import publish_cli, run_cli

from hubctl.feed_verify.web_pages import check_site_asset, check_web_page, is_elsewhere
from hubctl.feeds.oruk_mirror import is_object_file
from hubctl.listing_words import ages_text, rule_days, rule_sentence
from hubctl.listings import load_listings
from hubctl.models import Activity, ScheduleRule
from hubctl.taxonomy import load_taxonomy
from hubctl.web_site.directory_pages import authority_pages

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "web"
SHIPPED = Path(__file__).resolve().parent.parent / "listings"
PUBLISHED_ON = date(2026, 11, 23)
EPOCH = str(int(datetime(2026, 11, 23, tzinfo=timezone.utc).timestamp()))
# The start of a page as publish writes it, for the verify checks' cases.
HEAD = (
    b'<!DOCTYPE html><html lang="en"><meta charset="utf-8">'
    b'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
)


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
    for label in ("When", "How", "Ages", "Cost", "Booking", "Offer areas", "Languages"):
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
    assert (chat["data-days"], chat["data-any-day"], chat["data-ages"]) == ("thu", "no", "0-3")
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
    assert "Next to the park. <img src=x onerror=alert(3)>" in activity_page.text  # a hub's
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
    html = HEAD + (
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
    """The page's tables, their element ids and captions taken out (each page has its
    own)."""
    tables = re.findall(r"<table.*?</table>", html, flags=re.DOTALL)
    tables = [re.sub(r' aria-describedby="[^"]*"', "", table) for table in tables]
    return [re.sub(r"<caption>.*?</caption>", "", table) for table in tables]


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
        and not is_object_file(entry["path"])
    }
    assert listed == expected
    assert "feed.json" in listed and "calendar/alvaston-family-hub.ics" in listed
    objects = [e for e in manifest["files"] if is_object_file(e["path"])]
    assert "oruk/services/page-1.json" in listed
    assert f"also holds {len(objects):,} files of one object each" in html
    for path, (size, sha) in listed.items():
        content = (shipped_site / path).read_bytes()
        assert (str(len(content)), hashlib.sha256(content).hexdigest()) == (size, sha)


def test_the_site_is_the_same_bytes_for_the_same_listings(tmp_path: Path) -> None:
    first, second = publish(FIXTURE, tmp_path / "a"), publish(FIXTURE, tmp_path / "b")
    for path in [*site_pages(first), "assets/site.css", "assets/directory.js"]:
        assert (first / path).read_bytes() == (second / path).read_bytes(), path


# --- cases a review found ------------------------------------------------------------


PAST_ONCE = """\
id: past-once
name: Summer fun day
description: A one-off fun day, already held.
status: running
offer_areas: [play-and-groups]
venues: [scriptham-family-hub]
audience: [families]
age_range: {min: 0, max: 5}
cost: free
booking: drop-in
schedule:
  - freq: once
    date: 2026-08-01
    opens_at: "10:00"
    closes_at: "15:00"
last_reviewed: 2026-10-01
"""

PREGNANCY_ONLY = """\
id: pregnancy-only
name: Antenatal class
description: For expectant parents only.
status: running
offer_areas: [infant-feeding]
venues: [scriptham-family-hub]
audience: [parents-to-be]
age_range: {min: 0, max: 0, antenatal: true}
cost: free
booking: booking-required
schedule:
  - {freq: weekly, byday: [mon], opens_at: "10:00", closes_at: "11:00"}
last_reviewed: 2026-10-01
"""


def _tree(tmp_path: Path, **activities: str) -> Path:
    tree = tmp_path / "listings"
    shutil.copytree(FIXTURE, tree, ignore=shutil.ignore_patterns("README.md"))
    for name, text in activities.items():
        (tree / "scriptham" / "activities" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return tree


# verify never fails with an internal error on a folder's bytes.
@pytest.mark.parametrize(
    "tag",
    [b'<link rel="icon" href="//[x">', b'<script src="https://[::1"></script>'],
)
def test_verify_reports_a_malformed_address_instead_of_crashing(tag: bytes) -> None:
    codes = [d.code for d in check_web_page("index.html", HEAD + tag)]
    assert codes == ["VER303"]


def test_verify_css_check_does_not_crash_on_a_malformed_address() -> None:
    assert [d.code for d in check_site_asset("s", "assets/site.css", b"a{b:url(//[x)}")] == [
        "VER303"
    ]


# An activity with no session left is not advertised (it would fit "any day").
def test_an_activity_whose_every_session_is_past_is_not_listed(tmp_path: Path) -> None:
    listings = load_listings(_tree(tmp_path, **{"past-once": PAST_ONCE}))
    page = next(p for p in authority_pages(listings, load_taxonomy(), PUBLISHED_ON))
    assert "past-once" not in [a.id for a in page.activities]


# Pregnancy only ({0, 0, antenatal}) is not "babies under 1", on the page or in the filter.
def test_a_pregnancy_only_activity_reads_as_pregnancy_only(tmp_path: Path) -> None:
    tree = _tree(tmp_path, **{"pregnancy-only": PREGNANCY_ONLY})
    activity = next(a for a in load_listings(tree).activities if a.id == "pregnancy-only")
    assert isinstance(activity, Activity)
    assert "babies" not in ages_text(activity)
    dist = publish(tree, tmp_path / "dist")
    card = {a.get("id"): a for a in read_page(dist, "authorities/scriptham.html").tags("li")}[
        "activity-pregnancy-only"
    ]
    # The age filter reads the spans reached: pregnancy only reaches no age.
    assert (card["data-ages"], card["data-antenatal"]) == ("", "yes")
    assert "pregnancy only" in read_page(dist, "authorities/scriptham.html").text


# A mailto: href is a URI: ?, &, # and % in an address must be percent-encoded.
def test_mailto_href_encodes_the_query_characters(tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    hub = tree / "scriptham" / "hubs" / "scriptham-family-hub.yaml"
    hub.write_text(
        hub.read_text(encoding="utf-8").replace(
            'phone: "01632 960300"',
            'phone: "01632 960300"\n  email: "hubs?cc=x%40evil.example@scriptham.example.org"',
        ),
        encoding="utf-8",
    )
    dist = publish(tree, tmp_path / "dist")
    hrefs = [a.get("href") or "" for a in read_page(dist, "authorities/scriptham.html").tags("a")]
    mailto = [h for h in hrefs if h.startswith("mailto:")]
    assert mailto and all("?" not in h for h in mailto), mailto


# tel: hrefs from the dialable number, not the typed one ("+44 (0)1632" dials +440...).
def test_tel_href_is_the_e164_number(tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    hub = tree / "scriptham" / "hubs" / "scriptham-family-hub.yaml"
    hub.write_text(
        hub.read_text(encoding="utf-8").replace('"01632 960300"', '"+44 (0)1632 960300"'),
        encoding="utf-8",
    )
    dist = publish(tree, tmp_path / "dist")
    hrefs = [a.get("href") for a in read_page(dist, "authorities/scriptham.html").tags("a")]
    assert "tel:+441632960300" in hrefs, [h for h in hrefs if h and h.startswith("tel:")]


# Each way a page could reach outside the folder.
@pytest.mark.parametrize(
    "html",
    [
        b'<base href="https://evil.example/"><script src="assets/directory.js"></script>',
        b"<style>@import url(https://evil.example/x.css);</style>",
        b'<style>@import "//evil.example/y.css";</style>',
        b'<img src="a.png" srcset="a.png 1x, https://evil.example/b.png 2x">',
        b'<svg><image xlink:href="https://evil.example/i.png"/></svg>',
        b'<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        b'<a href="x.html" ping="https://evil.example/t">x</a>',
        b'<form><button formaction="https://evil.example/">Go</button></form>',
        b"<script>fetch('https://evil.example/')</script>",
        b'<link rel="preload" as="image" imagesrcset="a.png 1x, //evil.example/b.png 2x">',
        b'<meta http-equiv="refresh" content="0; https://evil.example/">',
        b'<iframe srcdoc="&lt;p&gt;x"></iframe>',
    ],
)
def test_verify_finds_a_page_reaching_outside(html: bytes) -> None:
    assert [d.code for d in check_web_page("p.html", HEAD + html)], html


def test_verify_requires_the_pages_policy() -> None:
    page = b'<!DOCTYPE html><html lang="en"><meta charset="utf-8"><p>Hi</p>'
    messages = [d.message for d in check_web_page("p.html", page)]
    assert messages == ["the page has no Content-Security-Policy with default-src 'none'"]


@pytest.mark.parametrize(
    ("policy", "problem"),
    [
        (b"default-src 'none'; script-src *; connect-src *", "lets script-src fetch from *"),
        (b"default-src https:", "no Content-Security-Policy with default-src 'none'"),
    ],
)
def test_verify_refuses_a_policy_that_lets_the_page_fetch_from_elsewhere(
    policy: bytes, problem: str
) -> None:
    page = (
        b'<!DOCTYPE html><html lang="en"><meta charset="utf-8">'
        b'<meta http-equiv="Content-Security-Policy" content="' + policy + b'">'
    )
    assert (
        [d.message for d in check_web_page("p.html", page)]
        == [m for m in [d.message for d in check_web_page("p.html", page)] if problem in m]
        != []
    )


def test_verify_wants_the_policy_before_any_script() -> None:
    page = (
        b'<!DOCTYPE html><html lang="en"><meta charset="utf-8"><script src="a.js"></script>'
        b'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
    )
    assert [d.message for d in check_web_page("p.html", page)] == [
        "a script or stylesheet comes before the Content-Security-Policy"
    ]


def test_a_cards_rule_dates_are_those_a_parent_needs() -> None:
    """The trap whose activity window lies inside its rule's: one start, one end."""
    from conftest import TRAPS

    pages = authority_pages(load_listings(TRAPS), load_taxonomy(), date(2026, 11, 23))
    cards = {a.id: a for page in pages for a in page.activities}
    assert cards["activity-window-inside-rule"].when == (
        "Starts 2027-01-06",
        "Wednesdays, 18:00 to 19:30",
        "Until 2027-02-24",
    )


def test_verify_reads_a_stylesheet_whole_and_refuses_other_assets() -> None:
    css = b"body {\n  background: url(\n    https://evil.example/x.png) }"
    found = check_site_asset("s.css", "assets/s.css", css)
    assert [(d.code, d.line) for d in found] == [("VER303", 2)]
    assert [d.code for d in check_site_asset("x", "assets/x.html", HEAD)] == ["VER303"]
    assert check_site_asset("d.js", "assets/d.js", b"fetch('x')") == []


def test_verify_finds_an_svg_asset_loading_an_image_from_outside() -> None:
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/></svg>'
    )
    assert check_site_asset("i.svg", "assets/icon.svg", svg)


HUBLESS_AUTHORITY = """\
id: hubless
name: Hubless Council
ons_code: E06000096
website: https://hubless.example.org/
"""


def test_an_authority_with_no_open_hub_is_shown_on_the_index_and_coverage_pages(
    tmp_path: Path,
) -> None:
    tree = _tree(tmp_path)
    (tree / "hubless").mkdir()
    (tree / "hubless" / "authority.yaml").write_text(HUBLESS_AUTHORITY, encoding="utf-8")
    dist = publish(tree, tmp_path / "dist")
    index = read_page(dist, "index.html")
    assert "Hubless Council: 0 family hubs, 0 branch sites, 0 activities" in index.text
    coverage = (dist / "coverage.html").read_text(encoding="utf-8")
    section = coverage[coverage.index('id="coverage-hubless"') :]
    assert "No open family hub on 2026-11-23." in section
    # Judged as a whole: every required area is a gap, with its reason.
    assert "by authority (columns), Hubless Council</caption>" in section
    assert "Gap" in section and "Why not: " in section
    assert 'id="coverage-scriptham"' in coverage


COURSE = """\
id: {id}
name: Spring course
description: Ten sessions.
status: running
valid_from: {start}
valid_to: 2027-03-31
offer_areas: [parenting-support]
venues: [scriptham-family-hub]
audience: [parents]
age_range: {{min: 0, max: 5}}
cost: free
booking: booking-required
schedule:
  - {{freq: monthly, byday: [2mon], opens_at: "10:00", closes_at: "15:00"}}
last_reviewed: 2026-10-01
"""


def test_cards_show_a_start_only_when_it_is_to_come_and_always_an_end(tmp_path: Path) -> None:
    tree = _tree(
        tmp_path,
        **{
            "course-later": COURSE.format(id="course-later", start="2027-01-01"),
            "course-begun": COURSE.format(id="course-begun", start="2026-09-01"),
        },
    )
    pages = authority_pages(load_listings(tree), load_taxonomy(), PUBLISHED_ON)
    cards = {a.id: a for a in pages[0].activities}
    assert cards["course-later"].when == (
        "Starts 2027-01-01",
        "the second Monday of the month, 10:00 to 15:00",
        "Until 2027-03-31",
    )
    assert cards["course-begun"].when == (
        "the second Monday of the month, 10:00 to 15:00",
        "Until 2027-03-31",
    )
    assert (cards["course-later"].days, cards["course-later"].any_day) == (("mon",), False)


def test_the_site_is_the_same_bytes_from_the_installed_hubctl_whatever_the_hash_seed(
    tmp_path: Path,
) -> None:
    """Two runs of the installed `hubctl` as a subprocess with different hash seeds
    (set order differs between them), against one in-process run."""
    hubctl = Path(sys.executable).with_name("hubctl")
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed-{seed}"
        environment = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": EPOCH}
        completed = subprocess.run(
            [str(hubctl), "--listings", str(SHIPPED), "publish", "--out", str(out)],
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        assert completed.returncode == 0, completed.stderr
        outs.append(out)
    in_process = publish(SHIPPED, tmp_path / "in-process")
    pages = site_pages(in_process)
    assert len(pages) >= 5
    for path in [*pages, "assets/site.css", "assets/directory.js", "assets/icon.svg"]:
        expected = (in_process / path).read_bytes()
        assert [(out / path).read_bytes() for out in outs] == [expected, expected], path
