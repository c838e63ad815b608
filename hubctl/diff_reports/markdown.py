"""`hubctl diff` as Markdown for a pull-request comment a data steward can read.

Every piece of listing text goes through `markdown_text`, so a name or value cannot
become a link, an image, HTML or a new table cell in the comment.
"""

from __future__ import annotations

from hubctl.coverage_reports.text import markdown_text
from hubctl.field_diff import FieldChange, shown_value
from hubctl.listing_diff import (
    ERRORS_NOTE,
    AreaChange,
    CoverageChange,
    EntityChange,
    ListingDiff,
    idle_site_message,
)

CHANGE_HEADERS = ("Change", "Kind", "Id", "Field", "Before", "After")


# GitHub refuses a pull-request comment over 65,536 characters; keep well below it.
COMMENT_LIMIT = 60_000


def render_markdown(diff: ListingDiff, limit: int = COMMENT_LIMIT) -> str:
    """A heading, then a section per authority: warnings, a changes table, coverage.

    Longer than `limit` characters (a pull request touching hundreds of listings), every
    warning of every authority comes first and the details are cut at a line, with a
    note saying so, so the comment still posts and no lost coverage is hidden.
    """
    title = f"{markdown_text(diff.base.label)} → {markdown_text(diff.head.label)}"
    heading = [f"## Listings changes: {title}", f"Coverage judged on {diff.on.isoformat()}."]
    full = _render_details(diff, heading)
    if len(full) <= limit:
        return full
    warnings = [f"> - {markdown_text(w)}" for a in diff.authorities for w in _warnings(diff, a)]
    summary = "\n\n".join(
        [*heading, *(["\n".join(["> [!WARNING]", *warnings])] if warnings else [])]
    )
    note = (
        f"\n\n*The details are cut to fit one comment ({len(full):,} characters in all); "
        "run `hubctl diff` with the same revisions, or see the job summary, for the rest.*\n"
    )
    room = max(limit - len(summary) - len(note) - 2, 0)
    details = full[: full.rfind("\n", 0, room) + 1] if room else ""
    return f"{summary}\n\n{details.rstrip()}{note}"


def _render_details(diff: ListingDiff, heading: list[str]) -> str:
    parts = list(heading)
    if not diff.has_changes:
        parts.append(markdown_text(diff.no_changes_message))
    for authority in diff.authorities:
        parts.append(_authority_section(diff, authority))
    for side, errors in diff.errors:
        lines = [
            f"### Errors at {markdown_text(side.label)}",
            "",
            f"{ERRORS_NOTE.capitalize()}.",
            "",
        ]
        lines += [
            f"- {markdown_text(f'{d.path}:{d.line}:{d.column}')}: {d.code} "
            f"{markdown_text(d.message)}"
            for d in errors
        ]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def _authority_section(diff: ListingDiff, authority: str) -> str:
    changes, coverage, _ = diff.of_authority(authority)
    name = markdown_text(diff.authority_names.get(authority, authority))
    parts = [f"### {name} ({markdown_text(authority)})"]
    warnings = _warnings(diff, authority)
    if warnings:
        parts.append(_alert("WARNING", warnings))
    _, notes = diff.lost_messages(authority)
    if notes:
        parts.append(_alert("NOTE", notes))
    if changes:
        rows = [row for change in changes for row in _change_rows(change, authority)]
        parts.append(_table(CHANGE_HEADERS, rows))
    if coverage:
        parts.append("\n".join(["**Coverage:**", "", *(_coverage_item(u) for u in coverage)]))
    return "\n\n".join(parts)


def _warnings(diff: ListingDiff, authority: str) -> list[str]:
    _, _, idle_sites = diff.of_authority(authority)
    warnings, _ = diff.lost_messages(authority)
    return warnings + [idle_site_message(site) for site in idle_sites]


def _alert(kind: str, lines: list[str]) -> str:
    """A GitHub alert block (`> [!WARNING]`) with one escaped item a line."""
    return "\n".join([f"> [!{kind}]", *(f"> - {markdown_text(line)}" for line in lines)])


def _change_rows(change: EntityChange, authority: str) -> list[tuple[str, ...]]:
    who = (change.move_seen_from(authority) or change.change, change.kind, f"`{change.id}`")
    if change.change == "renamed":
        first = (*who, "file", markdown_text(change.old_path or ""), markdown_text(change.path))
        return [first, *(_field_row(("", "", ""), field) for field in change.fields)]
    where = markdown_text(change.path)
    if change.change == "invalid":
        return [(*who, "file", where, markdown_text(change.describe()))]
    if change.change == "added":
        return [(*who, "file", "", where)]
    if change.change == "removed":
        return [(*who, "file", where, "")]
    return [_field_row(who if n == 0 else ("", "", ""), f) for n, f in enumerate(change.fields)]


def _field_row(who: tuple[str, str, str], field: FieldChange) -> tuple[str, ...]:
    before, after = shown_value(field.old), shown_value(field.new)
    # A field path is made of the models' field names and item numbers only.
    return (*who, f"`{field.path}`", markdown_text(before), markdown_text(after))


def _coverage_item(unit: CoverageChange) -> str:
    gone = {"removed": " (gone, or closed)", "added": " (new)"}.get(unit.presence, "")
    lines = [f"- {unit.unit} `{unit.id}`{gone}:"]
    lines += [f"  - lost {_area_item(area)}" for area in unit.lost]
    lines += [f"  - gained {_area_item(area)}" for area in unit.gained]
    return "\n".join(lines)


def _area_item(area: AreaChange) -> str:
    required = " **required**" if area.required else ""
    activities = ", ".join(f"`{a}`" for a in area.activities)
    return f"{markdown_text(area.label)} (`{area.area}`){required}, by {activities}"


def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
