"""Publish the trap tree (tests/fixtures/traps) through the CLI and read every file back.

The tree has formula-like text, Welsh and Polish letters, an unquoted time, online-only
activities and monthly and once rules (its README lists them); each published view must
keep them exactly (JSON) or safely (CSV), and every file must parse with the tool an
integrator would use.
"""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import frictionless
import jsonschema
import pytest
from conftest import TRAP_HUB, TRAPS, publish_cli, read_mirror_pages, read_mirror_services
from dateutil.rrule import rrulestr
from icalendar import Calendar

from hubctl.feed_verify.web_pages import check_web_page

LONDON = ZoneInfo("Europe/London")
EPOCH = "1790000000"


def publish_traps(out: Path) -> None:
    result = publish_cli(TRAPS, out, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("traps") / "dist"
    publish_traps(out)
    return out


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def by_id(rows: list[dict[str, Any]], key: str = "id") -> dict[str, dict[str, Any]]:
    return {row[key]: row for row in rows}


def test_every_file_parses_and_matches_the_manifest(dist: Path) -> None:
    manifest = read_json(dist / "manifest.json")
    paths = [entry["path"] for entry in manifest["files"]]
    on_disk = sorted(p.relative_to(dist).as_posix() for p in dist.rglob("*") if p.is_file())
    assert sorted([*paths, "manifest.json"]) == on_disk
    assert "calendar/traptown-central-hub.ics" in paths
    for entry in manifest["files"]:
        content = (dist / entry["path"]).read_bytes()
        assert (len(content), hashlib.sha256(content).hexdigest()) == (
            entry["bytes"],
            entry["sha256"],
        )
        suffix = Path(entry["path"]).suffix
        if suffix in (".json", ".geojson"):
            json.loads(content.decode("utf-8"))
        elif suffix == ".csv":
            rows = list(csv.DictReader(content.decode("utf-8").splitlines()))
            assert len(rows) == entry["records"]
        elif suffix == ".html":
            assert check_web_page(entry["path"], content) == []
            assert entry["records"] is None
        elif entry["path"].startswith("assets/"):
            content.decode("utf-8")
            assert entry["records"] is None
        else:
            assert suffix == ".ics"
            events = Calendar.from_ical(content).walk("VEVENT")
            assert len(events) == entry["records"]


def test_feed_json_keeps_values_exactly_and_validates(dist: Path) -> None:
    feed = read_json(dist / "feed.json")
    schema = read_json(dist / "feed.schema.json")
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert list(validator.iter_errors(feed)) == []
    activities = by_id(feed["activities"])
    play = activities["formula-stay-and-play"]
    assert (play["name"], play["description"]) == (
        "=SUM(A1) Stay and Play",
        "+ songs, toys and a cuppa",
    )
    assert play["schedule"][0]["opens_at"] == "10:30"  # unquoted in the YAML, still text
    assert activities["online-only-polish-group"]["name"] == "Zajęcia dla rodziców – Łódź"
    assert by_id(feed["hubs"])[TRAP_HUB]["address"]["postcode"] == "TR1 1AA"
    assert by_id(feed["authorities"])["traptown"]["contact"]["phone"] == "+44 1632 960001"


def test_csv_escapes_formulas_but_not_numbers(dist: Path) -> None:
    activities = by_id(read_csv(dist / "csv" / "activities.csv"))
    play = activities["formula-stay-and-play"]
    assert (play["name"], play["description"]) == (
        "'=SUM(A1) Stay and Play",
        "'+ songs, toys and a cuppa",
    )
    assert play["contact_phone"] == "'+44 1632 960002"
    hub = by_id(read_csv(dist / "csv" / "hubs.csv"))[TRAP_HUB]
    assert (hub["name"], hub["description"], hub["lon"]) == (
        "'@Central Family Hub",
        "'-Everything for families, under one roof",
        "-5.051",
    )
    authorities = by_id(read_csv(dist / "csv" / "authorities.csv"))
    assert authorities["traptown"]["name"] == "'=Traptown & District Council"
    sessions = by_id(read_csv(dist / "csv" / "sessions.csv"), "session_id")
    assert sessions["formula-stay-and-play-1"]["opens_at"] == "10:30"
    assert (
        sessions["grwp-chwarae-cymraeg-1"]["byday"] == "1tue;-1fri"
    )  # only a cell's first character matters
    assert sessions["branch-only-polish-workshop-1"]["note"] == "'@Sala 2"
    assert activities["grwp-chwarae-cymraeg"]["name"] == "Grŵp Chwarae Cymraeg – Ŵyn Bach"


PARTNER_NAME = '=HYPERLINK("https://evil.example","Traptown NHS Trust")'


def test_a_delivery_partner_is_in_every_feed_each_escaped_its_own_way(dist: Path) -> None:
    activities = by_id(read_json(dist / "feed.json")["activities"])
    assert activities["formula-partner-clinic"]["delivered_by"] == {
        "name": PARTNER_NAME,
        "type": "nhs",
        "website": "https://trust.traptown.example.org/",
    }
    assert activities["formula-stay-and-play"]["delivered_by"] is None  # the council's own
    rows = by_id(read_csv(dist / "csv" / "activities.csv"))
    clinic = rows["formula-partner-clinic"]
    assert list(clinic)[-3:] == ["delivered_by_name", "delivered_by_type", "delivered_by_website"]
    assert (
        clinic["delivered_by_name"],
        clinic["delivered_by_type"],
        clinic["delivered_by_website"],
    ) == ("'" + PARTNER_NAME, "nhs", "https://trust.traptown.example.org/")
    assert rows["formula-stay-and-play"]["delivered_by_name"] == ""
    # Open Referral: the partner is the service's organization, exactly as typed.
    (service,) = [s for s in read_mirror_services(dist) if s["name"] == "Health Visitor Drop-in"]
    assert service["organization"]["name"] == PARTNER_NAME
    assert service["organization_id"] == service["organization"]["id"]
    [page] = read_mirror_pages(dist, "services")
    (listed,) = [s for s in page["contents"] if s["id"] == service["id"]]
    assert listed["organization"]["name"] == PARTNER_NAME
    # The hub's calendar says who runs it (text escaped as RFC 5545 says, read back exact).
    calendar = Calendar.from_ical((dist / "calendar" / f"{TRAP_HUB}.ics").read_bytes())
    (event,) = [
        e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("formula-partner-clinic-")
    ]
    assert str(event["DESCRIPTION"]).endswith(f"\nAges: birth to 5 years\nRun by: {PARTNER_NAME}")


def test_the_data_package_is_valid(dist: Path) -> None:
    report = frictionless.validate(str(dist / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_sites_geojson_has_the_sites_with_a_location_with_exact_text(dist: Path) -> None:
    sites = read_json(dist / "sites.geojson")
    features = by_id(sites["features"])
    assert sorted(features) == ["closed-formula-hub", TRAP_HUB, "traptown-polish-centre"]
    polish = features["traptown-polish-centre"]
    assert polish["geometry"] == {"type": "Point", "coordinates": [-5.04, 50.27]}
    assert polish["properties"]["name"] == "Centrum Rodzinne Łódź – Żółta Ściana"


def test_oruk_services_carry_the_online_only_activity(dist: Path) -> None:
    [page] = read_mirror_pages(dist, "services")
    services = {s["name"]: s for s in read_mirror_services(dist)}
    assert page["total_items"] == len(services) == 20
    online = services["Zajęcia dla rodziców – Łódź"]
    locations = [link["location"] for link in online["service_at_locations"]]
    assert [(loc["location_type"], loc["url"]) for loc in locations] == [
        ("virtual", "https://traptown.example.org/live/zajecia")
    ]


def _occurrences(event: Any, start: datetime, end: datetime) -> list[datetime]:
    first = event.decoded("DTSTART")
    if "RRULE" not in event:
        return [first] if start <= first < end else []
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=first)
    found: list[datetime] = rule.between(start, end, inc=True)
    return found


def test_calendar_sessions_land_on_the_right_days_and_times(dist: Path) -> None:
    calendar = Calendar.from_ical((dist / "calendar" / f"{TRAP_HUB}.ics").read_bytes())
    # Each activity's first rule, by activity id (an event's UID is id-N@hub.hubctl).
    events = {
        str(e["UID"]).removesuffix(f"-1@{TRAP_HUB}.hubctl"): e for e in calendar.walk("VEVENT")
    }
    # The branch's one-off Polish workshop is in its hub's calendar.
    workshop = events["branch-only-polish-workshop"]
    assert str(workshop["SUMMARY"]) == "Warsztaty dla rodziców – Żłobek"
    assert workshop.decoded("DTSTART") == datetime(2026, 12, 5, 10, 0, tzinfo=LONDON)
    december = (datetime(2026, 12, 1, tzinfo=LONDON), datetime(2027, 1, 1, tzinfo=LONDON))
    welsh_event = events["grwp-chwarae-cymraeg"]
    assert str(welsh_event["SUMMARY"]) == "Grŵp Chwarae Cymraeg – Ŵyn Bach"
    welsh = _occurrences(welsh_event, *december)
    assert welsh == [
        datetime(2026, 12, 1, 13, 30, tzinfo=LONDON),  # first Tuesday
        datetime(2026, 12, 25, 13, 30, tzinfo=LONDON),  # last Friday
    ]
    online = _occurrences(events["online-only-polish-group"], *december)
    assert [o.day for o in online] == [2, 9, 16, 23, 30]
    play = events["formula-stay-and-play"]
    assert str(play["SUMMARY"]) == "=SUM(A1) Stay and Play"
    assert "term" in str(play["DESCRIPTION"]).lower()
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/London"


def test_two_publishes_are_byte_identical(dist: Path, tmp_path: Path) -> None:
    publish_traps(tmp_path / "again")

    def files(folder: Path) -> dict[str, bytes]:
        return {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*")
            if p.is_file()
        }

    assert files(tmp_path / "again") == files(dist)
    manifest = read_json(dist / "manifest.json")
    assert manifest["published_at"] == "2026-09-21T14:13:20Z"
    assert date.fromisoformat(manifest["published_at"][:10]) == date(2026, 9, 21)
