"""`hubctl diff` as plain text for a terminal or a CI log: one listing change a line."""

from __future__ import annotations

from hubctl.coverage_reports.text import terminal_text
from hubctl.listing_diff import (
    ERRORS_NOTE,
    AreaChange,
    CoverageChange,
    EntityChange,
    ListingDiff,
    idle_site_message,
)


def render_text(diff: ListingDiff) -> str:
    """A heading, a block per authority (listings, coverage, warnings), then invalid files."""
    title = f"Changes from {diff.base.label} to {diff.head.label}; coverage on {diff.on}"
    blocks = [terminal_text(title)]
    if not diff.has_changes:
        blocks.append(diff.no_changes_message)
    for authority in diff.authorities:
        changes, coverage, idle_sites = diff.of_authority(authority)
        name = diff.authority_names.get(authority, authority)
        lines = [f"{authority}: {name}"]
        lines += [line for change in changes for line in _change_lines(change, authority)]
        lines += [
            f"  coverage of {unit.unit} {unit.id}: {_coverage_text(unit)}" for unit in coverage
        ]
        warnings, notes = diff.lost_messages(authority)
        lines += [f"  warning: {idle_site_message(site)}" for site in idle_sites]
        lines += [f"  warning: {message}" for message in warnings]
        lines += [f"  note: {message}" for message in notes]
        blocks.append("\n".join(terminal_text(line) for line in lines))
    for side, errors in diff.errors:
        lines = [f"Errors at {side.label} ({ERRORS_NOTE}):"]
        lines += [f"  {d.path}:{d.line}:{d.column}: error {d.code} {d.message}" for d in errors]
        blocks.append("\n".join(terminal_text(line) for line in lines))
    return "\n\n".join(blocks) + "\n"


def _change_lines(change: EntityChange, authority: str) -> list[str]:
    what = f"  {change.change} {change.kind} {change.id}"
    moved = change.move_seen_from(authority)
    if change.change == "invalid":
        head = f"  {change.kind} {change.id} {change.describe()} ({change.path})"
    elif change.change == "renamed":
        head = f"{what}: {change.old_path} -> {change.path}" + (f" ({moved})" if moved else "")
    else:
        head = f"{what} ({change.path})"
    return [head, *(f"    {field.describe()}" for field in change.fields)]


def _coverage_text(unit: CoverageChange) -> str:
    parts = [f"lost {_area_text(area)}" for area in unit.lost]
    parts += [f"gained {_area_text(area)}" for area in unit.gained]
    gone = {"removed": " (gone, or closed)", "added": " (new)"}.get(unit.presence, "")
    return "; ".join(parts) + gone


def _area_text(area: AreaChange) -> str:
    required = "required; " if area.required else ""
    return f"{area.area} ({required}{', '.join(area.activities)})"
