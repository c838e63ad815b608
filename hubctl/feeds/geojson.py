"""sites.geojson: hubs and branches that have a location, as RFC 7946 points."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hubctl.feeds import FeedFile
from hubctl.feeds.json_stream import JsonArray, stream_json_object
from hubctl.listings import Listings
from hubctl.models import Branch, Site

SITES_GEOJSON_PATH = "sites.geojson"


def render_sites_geojson(listings: Listings) -> FeedFile:
    """`sites.geojson`: a FeatureCollection of every hub and branch with a `location`.

    Takes valid listings; returns the file (compact JSON, one feature per chunk) with
    `records` = the number of features.
    Features are sorted by id; each is a Point at `[lon, lat]` exactly as typed
    (WGS84, which RFC 7946 requires, so nothing is reprojected or rounded).
    """
    authority_names = {a.id: a.name for a in listings.authorities}
    # One list of hubs and branches together, sorted by id across both kinds.
    located = [
        record
        for record in sorted(listings.site_records, key=lambda r: r.id)
        if record.listing.location is not None
    ]

    def chunks() -> Iterator[bytes]:
        features = (_feature(r.listing, r.authority_id, authority_names) for r in located)
        members = [("type", "FeatureCollection"), ("features", JsonArray(features))]
        return stream_json_object(members)

    return FeedFile(SITES_GEOJSON_PATH, chunks, len(located))


def _feature(site: Site, authority: str, authority_names: dict[str, str]) -> dict[str, Any]:
    # model_dump(mode="json") writes numbers as feed.json does: 52 stays 52, -1.4813 stays
    # -1.4813; json.dumps then prints the shortest text that reads back as the same float.
    dumped = site.model_dump(mode="json")
    location = dumped["location"]
    address = dumped["address"]
    contact = dumped.get("contact") or {}
    # Every feature carries the same keys (null where a key does not apply), so GIS
    # tools build one attribute table for the whole layer.
    properties = {
        "id": site.id,
        "kind": "branch" if isinstance(site, Branch) else "hub",
        "name": site.name,
        "authority": authority,
        "authority_name": authority_names.get(authority),
        "status": site.status,
        "hub": site.hub if isinstance(site, Branch) else None,
        "site_type": site.site_type if isinstance(site, Branch) else None,
        "description": site.description,
        "address_line1": address["line1"],
        "address_line2": address.get("line2"),
        "town": address["town"],
        "postcode": address["postcode"],
        "phone": contact.get("phone"),
        "email": contact.get("email"),
        "website": contact.get("website"),
        "accessibility": list(site.accessibility),
        "languages": list(site.languages),
        "opening_hours": dumped.get("opening_hours"),
        "last_reviewed": dumped["last_reviewed"],
    }
    return {
        "type": "Feature",
        "id": site.id,
        "geometry": {"type": "Point", "coordinates": [location["lon"], location["lat"]]},
        "properties": properties,
    }
