"""GeoJSON and iCalendar files: read as their readers would, counting their records.

No schema ships for either, so the checks are what an integrator's reader needs: the
GeoJSON is a FeatureCollection (RFC 7946) of Point features with numeric [longitude,
latitude] in range, and each calendar parses with icalendar as one VCALENDAR.
"""

from __future__ import annotations

from typing import Any

from icalendar import Calendar

from hubctl.diagnostics import Diagnostic
from hubctl.feed_verify.codes import verify_diagnostic
from hubctl.feed_verify.json_documents import JsonDocument, Pointer, json_type, locate, pointer_text


def check_geojson(display: str, document: JsonDocument) -> tuple[list[Diagnostic], int | None]:
    """VER301 for a GeoJSON document that is not a FeatureCollection of points; the
    number of features (None when there is no list of them)."""
    collection = document.value
    problems: list[tuple[Pointer, str]] = []
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        problems.append(((), "must be an object whose type is FeatureCollection"))
    features = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(features, list):
        problems.append((("features",), f"features must be a list, not {json_type(features)}"))
        features = None
    for index, feature in enumerate(features or []):
        problem = _feature_problem(feature)
        if problem is not None:
            problems.append((("features", index), problem))
    offsets = locate(document.text, [pointer for pointer, _ in problems])
    diagnostics = []
    for pointer, message in problems:
        line, column = document.position(offsets.get(pointer, 0))
        diagnostics.append(
            verify_diagnostic(
                display, line, column, "VER301", f"{pointer_text(pointer)}: {message}"
            )
        )
    return diagnostics, None if features is None else len(features)


def _feature_problem(feature: Any) -> str | None:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return "must be an object whose type is Feature"
    if not isinstance(feature.get("properties"), dict | None):
        return "properties must be an object or null"
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        return "geometry must be a Point"
    position = geometry.get("coordinates")
    if (
        not isinstance(position, list)
        or len(position) not in (2, 3)
        or not all(isinstance(n, int | float) and not isinstance(n, bool) for n in position)
    ):
        return "coordinates must be [longitude, latitude] as numbers"
    longitude, latitude = position[0], position[1]
    if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
        return "coordinates are outside [-180..180, -90..90]"
    return None


def check_icalendar(display: str, raw: bytes) -> tuple[list[Diagnostic], int | None]:
    """VER302 for a file icalendar cannot read as one VCALENDAR; the number of events."""
    try:
        calendar = Calendar.from_ical(raw)
        if isinstance(calendar, list) or calendar.name != "VCALENDAR":
            raise ValueError("not one VCALENDAR")
        events = len(calendar.walk("VEVENT"))
    # icalendar raises many kinds of error on malformed input (ValueError, KeyError,
    # IndexError ...); any of them means the file is not a calendar, never a crash.
    except Exception:
        message = "the file cannot be read as an iCalendar VCALENDAR (RFC 5545)"
        return [verify_diagnostic(display, 1, 1, "VER302", message)], None
    return [], events
