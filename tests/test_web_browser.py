"""The published web directory in a real browser: Debian's Chromium, headless, driven by
Playwright against the folder served on 127.0.0.1.

It filters by offer area, reads the coverage matrix, checks that a listing named
`<script>alert(1)</script>` shows as text and runs nothing, that no request leaves the
site, that the filters work from the keyboard and the list is whole with scripts off, and
runs axe-core (vendored in tests/browser/) on every page. Screenshots go to
tests/artifacts/ (git-ignored). Where Chromium or Playwright is missing, every test here
is skipped with the reason; `make test` installs Chromium where apt-get can.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from test_web_site import FIXTURE, PUBLISHED_ON, SHIPPED, publish

from hubctl.listings import load_listings
from hubctl.offer_coverage import compute_coverage
from hubctl.taxonomy import load_taxonomy
from hubctl.web_site.directory_pages import authority_pages

CHROMIUM = os.environ.get("HUBCTL_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parent / "browser" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
# Without the background-networking flags Chromium calls Google's hosts at start-up,
# which a closed network refuses; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[dev]')"
    if not (os.access(CHROMIUM, os.X_OK) or shutil.which(CHROMIUM)):
        return (
            f"Chromium is not at {CHROMIUM} (apt-get install chromium, as `make test` does "
            "where it can; or set HUBCTL_CHROMIUM)"
        )
    return None


# pytest's -ra (pyproject.toml) prints this reason in the summary of every run. CI
# (.ci/run) sets HUBCTL_REQUIRE_BROWSER=1, so there a missing browser fails the run
# instead of letting it pass without the browser test.
MISSING = _missing()
if MISSING is not None and os.environ.get("HUBCTL_REQUIRE_BROWSER") == "1":
    pytest.fail(f"HUBCTL_REQUIRE_BROWSER=1, but {MISSING}", pytrace=False)
pytestmark = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shipped listings and the web trap tree published side by side and served
    on 127.0.0.1: the base address (`<base>shipped/`, `<base>traps/`)."""
    root = tmp_path_factory.mktemp("served")
    publish(SHIPPED, root / "shipped")
    publish(FIXTURE, root / "traps")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser(served: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Visit:
    """A page opened in a fresh context, with every request and dialog it caused."""

    def __init__(self, browser: Any, base: str, **context: Any) -> None:
        self.base = base
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, **context)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: str) -> Any:
        response = self.page.goto(self.base + path)
        assert response is not None and response.ok, path
        self.page.wait_for_load_state("load")
        return self.page

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any, served: str) -> Iterator[Visit]:
    opened = Visit(browser, served)
    yield opened
    opened.close()


def _visible_activity_ids(page: Any) -> list[str]:
    ids = page.eval_on_selector_all(
        "li.activity", "items => items.filter(i => !i.hidden).map(i => i.id)"
    )
    return [str(i) for i in ids]


def _expected_activities(authority: str, on: date) -> list[Any]:
    pages = authority_pages(load_listings(SHIPPED), load_taxonomy(), on)
    return list(next(p for p in pages if p.authority.id == authority).activities)


def _ids(activities: list[Any]) -> list[str]:
    return [f"activity-{activity.id}" for activity in activities]


def test_the_infant_feeding_filter_leaves_only_matching_activities(visit: Visit) -> None:
    page = visit.open("shipped/authorities/leicester.html")
    everything = _expected_activities("leicester", PUBLISHED_ON)
    assert _visible_activity_ids(page) == _ids(everything)
    assert page.is_visible("#filters")  # the script showed the form
    page.select_option("#filter-area", "infant-feeding")
    feeding = [a for a in everything if "infant-feeding" in a.areas]
    assert 0 < len(feeding) < len(everything)
    assert _visible_activity_ids(page) == _ids(feeding)
    assert page.inner_text("#filter-count") == (
        f"Showing {len(feeding)} of {len(everything)} activities."
    )
    visit.screenshot("leicester-infant-feeding")
    # Narrowed to in person, then to one day, then every filter cleared.
    page.select_option("#filter-mode", "in-person")
    in_person = [a for a in feeding if "in-person" in a.modes]
    assert _visible_activity_ids(page) == _ids(in_person)
    day = next(iter(in_person[0].days))
    page.select_option("#filter-day", day)
    on_day = [a for a in in_person if not a.days or day in a.days]
    assert _visible_activity_ids(page) == _ids(on_day)
    page.click("button[type=reset]")
    page.wait_for_function(
        "n => document.querySelectorAll('li.activity:not([hidden])').length === n",
        arg=len(everything),
    )
    assert visit.errors == [] and visit.dialogs == []


def test_each_hub_links_its_calendar_and_a_subscription_address(visit: Visit) -> None:
    page = visit.open("shipped/authorities/derby.html")
    card = page.locator("#site-alvaston-family-hub")
    assert card.locator("a.calendar-link").get_attribute("href") == (
        "../calendar/alvaston-family-hub.ics"
    )
    calendar = page.request.get(visit.base + "shipped/calendar/alvaston-family-hub.ics")
    assert calendar.ok and calendar.text().startswith("BEGIN:VCALENDAR")
    host = visit.base.removeprefix("http://")
    assert card.locator("a[href^='webcal:']").get_attribute("href") == (
        f"webcal://{host}shipped/calendar/alvaston-family-hub.ics"
    )
    branch = page.locator("li.site").filter(has_not=page.locator("a.calendar-link")).first
    assert branch.locator("a[href^='webcal:']").count() == 0


def test_the_age_and_site_filters(visit: Visit) -> None:
    page = visit.open("traps/authorities/scriptham.html")
    page.select_option("#filter-age", "pregnancy")
    assert _visible_activity_ids(page) == ["activity-script-in-name"]
    page.select_option("#filter-age", "3")
    assert _visible_activity_ids(page) == ["activity-image-in-description"]
    page.select_option("#filter-age", "")
    page.select_option("#filter-site", "scriptham-family-hub")
    assert "activity-online-feeding-chat" not in _visible_activity_ids(page)
    page.select_option("#filter-mode", "online")
    assert _visible_activity_ids(page) == []
    assert page.is_visible("#filter-no-match")


def test_coverage_matrix_cells_match_the_coverage_model(visit: Visit) -> None:
    page = visit.open("shipped/coverage.html")
    visit.screenshot("coverage")
    report = compute_coverage(load_listings(SHIPPED), load_taxonomy(), PUBLISHED_ON, by="hub")
    words = {"covered": "Covered", "gap": "Gap", "waived": "Waived", "optional": "Not covered"}
    checked = 0
    for authority in ("derby", "leicester"):
        units = [unit for unit in report.units if unit.authority == authority]
        table = page.locator(f"section[aria-labelledby=coverage-{authority}] table").first
        header = table.locator("thead th").all_inner_texts()
        rows = table.locator("tbody tr")
        assert rows.count() == len(units[0].areas)
        for column, unit in enumerate(units, start=1):
            assert unit.id in header[column]
            for row, area in enumerate(unit.areas):
                cell = rows.nth(row).locator("td").nth(column - 1)
                text = cell.inner_text()
                assert text.startswith(words[area.status]), (unit.id, area.area.id, text)
                assert cell.get_attribute("class") == area.status
                if area.status == "gap":
                    assert "Why not: " + area.reason_text() in " ".join(text.split())
                checked += 1
    assert checked > 20


def test_a_script_in_a_listing_shows_as_text_and_runs_nothing(visit: Visit) -> None:
    page = visit.open("traps/authorities/scriptham.html")
    names = page.locator("li.activity h3").all_inner_texts()
    assert "<script>alert(1)</script>" in names
    description = page.locator("#activity-image-in-description p").first.inner_text()
    assert "<img src=x onerror=alert(2)>" in description
    assert page.locator("h1").inner_text() == "Scriptham <b>Borough</b> & District Council"
    page.hover("#activity-image-in-description")
    assert page.locator("main img, main b, main script").count() == 0
    for path in ("traps/index.html", "traps/coverage.html", "traps/downloads.html"):
        visit.open(path)
    assert visit.dialogs == []
    visit.screenshot("scriptham-escaped")


def test_no_request_leaves_the_site(visit: Visit) -> None:
    for path in (
        "shipped/index.html",
        "shipped/authorities/derby.html",
        "shipped/authorities/leicester.html",
        "shipped/coverage.html",
        "shipped/downloads.html",
    ):
        visit.open(path)
    assert visit.requests and all(url.startswith(visit.base) for url in visit.requests)
    assert visit.errors == []


def test_with_scripts_off_the_whole_list_shows_and_the_filters_are_hidden(
    browser: Any, served: str
) -> None:
    visit = Visit(browser, served, java_script_enabled=False)
    try:
        page = visit.open("shipped/authorities/leicester.html")
        expected = _expected_activities("leicester", PUBLISHED_ON)
        assert page.locator("li.activity:visible").count() == len(expected)
        assert not page.is_visible("#filters")
        visit.screenshot("leicester-no-script")
    finally:
        visit.close()


def test_the_filters_work_from_the_keyboard(visit: Visit) -> None:
    page = visit.open("shipped/authorities/leicester.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    # Tab on to the first filter, the offer area, and pick the next option by arrow.
    for _ in range(50):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "filter-area":
            break
    assert page.evaluate("document.activeElement.id") == "filter-area"
    page.keyboard.press("ArrowDown")
    chosen = page.eval_on_selector("#filter-area", "select => select.value")
    assert chosen
    everything = _expected_activities("leicester", PUBLISHED_ON)
    assert _visible_activity_ids(page) == _ids([a for a in everything if chosen in a.areas])


@pytest.mark.parametrize(
    "path",
    [
        "shipped/index.html",
        "shipped/authorities/leicester.html",
        "shipped/coverage.html",
        "shipped/downloads.html",
        "traps/authorities/scriptham.html",
    ],
)
def test_axe_finds_no_serious_accessibility_violation(browser: Any, served: str, path: str) -> None:
    # axe is put into the page by the test, so the page's own policy (scripts from the
    # site only) is set aside for this context alone.
    visit = Visit(browser, served, bypass_csp=True)
    try:
        page = visit.open(path)
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        results = page.evaluate(
            """() => axe.run(document, {runOnly: {type: 'tag', values:
               ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"""
        )
        serious = [
            (violation["id"], violation["help"], [n["target"] for n in violation["nodes"]][:3])
            for violation in results["violations"]
            if violation["impact"] in ("serious", "critical")
        ]
        assert serious == [], serious
        assert results["passes"], "axe ran no rule"
        visit.screenshot("axe-" + path.replace("/", "-").removesuffix(".html"))
    finally:
        visit.close()
