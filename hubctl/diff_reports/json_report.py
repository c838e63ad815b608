"""`hubctl diff --format json`: every change with stable keys (README: hubctl diff)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from hubctl.history import Snapshot
from hubctl.listing_diff import AreaChange, CoverageChange, ListingDiff

# Bumped like the feed's schema_version: a removed or renamed key is a major version.
# 2.0.0: required_lost holds only the `by` grouping (the other is other_required_lost).
DIFF_JSON_VERSION = "2.0.0"


def render_json(diff: ListingDiff) -> str:
    """The diff as one JSON document, keys in a fixed order, ending in a newline."""
    document: dict[str, Any] = {
        "diff_version": DIFF_JSON_VERSION,
        "on": diff.on.isoformat(),
        "base": _side(diff.base),
        "head": _side(diff.head),
        "has_changes": diff.has_changes,
        "by": diff.by,
        "required_lost": _lost(diff.required_lost),
        "other_required_lost": _lost(diff.other_lost),
        "changes": [asdict(change) for change in diff.changes],
        "coverage": [asdict(unit) for unit in diff.coverage],
        "idle_sites": [asdict(site) for site in diff.idle_sites],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _lost(found: list[tuple[CoverageChange, AreaChange]]) -> list[dict[str, str]]:
    return [
        {"unit": unit.unit, "id": unit.id, "authority": unit.authority, "area": area.area}
        for unit, area in found
    ]


def _side(snapshot: Snapshot) -> dict[str, Any]:
    return {
        "label": snapshot.label,
        "revision": snapshot.revision,
        "commit": snapshot.commit,
        "errors": [d.as_dict() for d in snapshot.errors],
    }
