"""`hubctl diff --format json`: every change with stable keys (README: hubctl diff)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from hubctl.history import Snapshot
from hubctl.listing_diff import ListingDiff

# Bumped like the feed's schema_version: a removed or renamed key is a major version.
DIFF_JSON_VERSION = "1.0.0"


def render_json(diff: ListingDiff) -> str:
    """The diff as one JSON document, keys in a fixed order, ending in a newline."""
    document: dict[str, Any] = {
        "diff_version": DIFF_JSON_VERSION,
        "on": diff.on.isoformat(),
        "base": _side(diff.base),
        "head": _side(diff.head),
        "has_changes": diff.has_changes,
        "required_lost": [
            {"unit": unit.unit, "id": unit.id, "authority": unit.authority, "area": area.area}
            for unit, area in diff.required_lost
        ],
        "changes": [asdict(change) for change in diff.changes],
        "coverage": [asdict(unit) for unit in diff.coverage],
        "idle_sites": [asdict(site) for site in diff.idle_sites],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _side(snapshot: Snapshot) -> dict[str, Any]:
    return {
        "label": snapshot.label,
        "revision": snapshot.revision,
        "commit": snapshot.commit,
        "errors": [d.as_dict() for d in snapshot.errors],
    }
