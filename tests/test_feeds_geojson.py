"""sites.geojson (SPEC §6): RFC 7946 points for every hub and branch with a location."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import TREE_AUTHORITY, TREE_HUB, feed_snapshot

from hubctl.feeds.geojson import render_sites_geojson
from hubctl.listings import Listings
from hubctl.models import UK_LAT, UK_LON
from hubctl.validation import validate

PROPERTY_KEYS = [
    "id",
    "kind",
    "name",
    "authority",
    "authority_name",
    "status",
    "hub",
    "site_type",
    "description",
    "address_line1",
    "address_line2",
    "town",
    "postcode",
    "phone",
    "email",
    "website",
    "accessibility",
    "languages",
    "opening_hours",
    "last_reviewed",
]

WELSH_BRANCH = f"""\
id: canolfan-plant-wyn
name: Canolfan Plant Ŵyn
status: temporarily-closed
hub: {TREE_HUB}
site_type: childrens-centre
address:
  line1: =SUM(A1)
  town: Llanfair
  postcode: de1 3ab
location: {{lat: 53, lon: -1.48123456789}}
contact:
  phone: "+44 1632 960001"
last_reviewed: 2026-10-01
"""


def load(root: Path, today: datetime.date) -> Listings:
    report = validate(root, today=today)
    assert report.ok, [d.message for d in report.errors]
    return report.listings


def parse(listings: Listings) -> dict[str, Any]:
    feed_file = render_sites_geojson(listings)
    collection: dict[str, Any] = json.loads(feed_file.content.decode("utf-8"))
    assert feed_file.records == len(collection["features"])
    return collection


def by_id(collection: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {feature["id"]: feature for feature in collection["features"]}


def test_shipped_sites_form_an_rfc7946_feature_collection(
    shipped_listings: Path, fixed_today: datetime.date
) -> None:
    listings = load(shipped_listings, fixed_today)
    feed_file = render_sites_geojson(listings)
    collection = json.loads(feed_file.content)

    assert feed_file.path == "sites.geojson"
    assert list(collection) == ["type", "features"]  # RFC 7946 §4: no "crs" member
    assert collection["type"] == "FeatureCollection"
    site_ids = sorted(site.id for site in (*listings.hubs, *listings.branches))
    assert [feature["id"] for feature in collection["features"]] == site_ids
    assert feed_file.records == 20
    for feature in collection["features"]:
        assert list(feature) == ["type", "id", "geometry", "properties"]
        assert feature["type"] == "Feature"
        assert feature["properties"]["id"] == feature["id"]
        assert list(feature["properties"]) == PROPERTY_KEYS
        geometry = feature["geometry"]
        assert list(geometry) == ["type", "coordinates"]
        assert geometry["type"] == "Point"
        lon, lat = geometry["coordinates"]
        # RFC 7946 §3.1.1 is longitude first; in England longitude is near -1, latitude 52.
        for number in (lon, lat):
            assert isinstance(number, (int, float)) and not isinstance(number, bool)
        assert UK_LON[0] <= lon <= UK_LON[1] and UK_LAT[0] <= lat <= UK_LAT[1]
        assert lon < 0 < lat


def test_a_shipped_hub_has_exactly_these_properties(
    shipped_listings: Path, fixed_today: datetime.date
) -> None:
    feature = by_id(parse(load(shipped_listings, fixed_today)))["becket-family-hub"]

    assert feature["geometry"] == {"type": "Point", "coordinates": [-1.4813, 52.9213]}
    assert feature["properties"] == {
        "id": "becket-family-hub",
        "kind": "hub",
        "name": "Becket Family Hub",
        "authority": "derby",
        "authority_name": "Derby City Council",
        "status": "open",
        "hub": None,
        "site_type": None,
        "description": "Derby's city centre family hub, a short walk from the bus station, with a "
        "baby clinic room, a family room and a quiet space for feeding.",
        "address_line1": "14 Becket Street",
        "address_line2": "City Centre",
        "town": "Derby",
        "postcode": "DE1 1HT",
        "phone": "01632 960101",
        "email": "becket.familyhub@example.org",
        "website": "https://derby.example.org/family-hubs/becket",
        "accessibility": [
            "step-free-access",
            "accessible-toilet",
            "baby-changing",
            "hearing-loop",
            "pushchair-storage",
            "quiet-space",
        ],
        "languages": ["en"],
        "opening_hours": [
            {
                "freq": "weekly",
                "byday": ["mon", "tue", "wed", "thu", "fri"],
                "date": None,
                "opens_at": "09:00",
                "closes_at": "17:00",
                "term_time_only": False,
                "valid_from": None,
                "valid_to": None,
                "note": None,
            },
            {
                "freq": "weekly",
                "byday": ["sat"],
                "date": None,
                "opens_at": "10:00",
                "closes_at": "13:00",
                "term_time_only": False,
                "valid_from": None,
                "valid_to": None,
                "note": "Saturday mornings for working families",
            },
        ],
        "last_reviewed": "2026-10-14",
    }


def test_a_shipped_branch_names_its_hub_and_site_type(
    shipped_listings: Path, fixed_today: datetime.date
) -> None:
    feature = by_id(parse(load(shipped_listings, fixed_today)))["darley-childrens-centre"]

    assert feature["geometry"]["coordinates"] == [-1.4867, 52.9412]
    properties = feature["properties"]
    assert (properties["kind"], properties["hub"], properties["site_type"]) == (
        "branch",
        "becket-family-hub",
        "childrens-centre",
    )
    assert (properties["address_line2"], properties["email"]) == ("Darley Abbey", None)


def test_a_site_without_location_is_left_out(
    make_tree: Callable[..., Path], fixed_today: datetime.date
) -> None:
    # The small tree's branch (testshire-library-branch) has no location; its hub has one.
    collection = parse(load(make_tree(), fixed_today))

    assert [feature["id"] for feature in collection["features"]] == [TREE_HUB]


def test_values_are_kept_exactly_as_typed(
    make_tree: Callable[..., Path], fixed_today: datetime.date
) -> None:
    root = make_tree()
    (root / TREE_AUTHORITY / "branches" / "canolfan-plant-wyn.yaml").write_text(
        WELSH_BRANCH, encoding="utf-8"
    )
    feed_file = render_sites_geojson(load(root, fixed_today))
    text = feed_file.content.decode("utf-8")
    feature = by_id(json.loads(text))["canolfan-plant-wyn"]

    # A whole-number latitude stays 53 and a long longitude keeps every digit.
    assert feature["geometry"]["coordinates"] == [-1.48123456789, 53]
    assert '"coordinates":[-1.48123456789,53]' in text
    properties = feature["properties"]
    assert properties["name"] == "Canolfan Plant Ŵyn"
    assert '"name":"Canolfan Plant Ŵyn"' in text  # UTF-8, not \u0174
    # JSON carries text exactly: no spreadsheet quoting here, unlike the CSVs.
    assert properties["address_line1"] == "=SUM(A1)"
    assert properties["phone"] == "+44 1632 960001"
    assert properties["postcode"] == "DE1 3AB"  # normalised by the schema, as in feed.json
    assert (properties["status"], properties["kind"]) == ("temporarily-closed", "branch")
    assert [f["id"] for f in json.loads(text)["features"]] == ["canolfan-plant-wyn", TREE_HUB]


def test_output_is_deterministic_json(shipped_listings: Path, fixed_today: datetime.date) -> None:
    first = render_sites_geojson(load(shipped_listings, fixed_today))
    second = render_sites_geojson(load(shipped_listings, fixed_today))

    assert feed_snapshot([first]) == feed_snapshot([second])
    text = first.content.decode("utf-8")
    assert text == json.dumps(json.loads(text), separators=(",", ":"), ensure_ascii=False) + "\n"
    assert b"\r" not in first.content
