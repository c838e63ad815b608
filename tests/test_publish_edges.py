"""Whatever validate accepts, publish publishes: values at the edges of the schema.

tests/fixtures/publish-edges holds them: a folded `>-` name, multi-line text with
tabs, a literal backslash-N, dates up to the last one hubctl takes (2199-12-31),
rules at their activity's edges, URLs with queries and percent signs, ages 0-25 and
1.5, a penny charge, a bounding-box corner. Each published view must read back with
its standard's tool and keep every value.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import frictionless
import jsonschema
import pytest
from click.testing import CliRunner
from conftest import feed_listing_fields, read_mirror_services
from icalendar import Calendar

from hubctl.cli import cli
from hubctl.models import Activity, Authority, Hub

EDGES = Path(__file__).resolve().parent / "fixtures" / "publish-edges"


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("edges") / "dist"
    result = CliRunner(env={"SOURCE_DATE_EPOCH": "1790000000"}).invoke(
        cli, ["--listings", str(EDGES), "publish", "--out", str(out), "--on", "2026-11-23"]
    )
    assert result.exit_code == 0, result.output
    return out


def read_json(path: Path) -> Any:
    return json.loads(path.read_bytes().decode("utf-8"))


def test_feed_json_reads_back_into_equal_models(dist: Path) -> None:
    from hubctl import validate

    feed = read_json(dist / "feed.json")
    loaded = validate(EDGES).listings
    assert [Authority.model_validate(a) for a in feed["authorities"]] == list(loaded.authorities)
    assert [Hub.model_validate(feed_listing_fields(h)) for h in feed["hubs"]] == list(loaded.hubs)
    activities = [Activity.model_validate(feed_listing_fields(a)) for a in feed["activities"]]
    assert activities == list(loaded.activities)
    hub = feed["hubs"][0]
    assert hub["name"] == "Edgeton Family Hub at the Old Library, Market Square"
    assert "\tA tab-indented second line" in hub["description"]
    schema = read_json(dist / "feed.schema.json")
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    assert (
        list(jsonschema.Draft202012Validator(schema, format_checker=checker).iter_errors(feed))
        == []
    )


def test_the_data_package_is_valid(dist: Path) -> None:
    report = frictionless.validate(str(dist / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_calendar_text_is_escaped_as_rfc_5545_says(dist: Path) -> None:
    content = (dist / "calendar" / "edgeton-long-name-hub.ics").read_bytes()
    calendar = Calendar.from_ical(content)
    assert len(calendar.walk("VEVENT")) == 3
    unfolded = content.decode("utf-8").replace("\r\n ", "").split("\r\n")
    # A literal backslash-N stays two characters (\\N), never a line break (\n).
    assert unfolded.count("SUMMARY:Long-running group \\\\N with a literal backslash-N") == 3
    assert "NAME:Edgeton Family Hub at the Old Library\\, Market Square" in unfolded
    notes = [line for line in unfolded if line.startswith("DESCRIPTION:") and "Launch" in line]
    assert len(notes) == 1 and "Launch day.\\n\tBring ID." in notes[0]


def test_open_referral_and_geojson_parse(dist: Path) -> None:
    services = read_mirror_services(dist)
    assert len(services) == 2
    for service in services:
        for schedule in service.get("schedules", []):
            if schedule.get("valid_from") and schedule.get("valid_to"):
                assert schedule["valid_from"] <= schedule["valid_to"]
    sites = read_json(dist / "sites.geojson")
    assert sites["features"][0]["geometry"]["coordinates"] == [1.8, 49.8]
