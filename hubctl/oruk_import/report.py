"""The import report: markdown a steward reads (and a pull request can show) of what an
import wrote, filled in for review, did not keep, and skipped, record by record.

Every text that came from the source (names, ids, values, file names) is escaped with
`markdown_text`, so none can become a link, an image, HTML or a table cell; only the
listing paths and field names the import made itself are shown as code.
"""

from __future__ import annotations

from dataclasses import dataclass

from hubctl.coverage_reports.text import markdown_text
from hubctl.oruk_import.notes import NOTE_KINDS, ImportNotes, RecordNotes

_WHAT = {
    "organization": "Organization",
    "location": "Location",
    "service": "Service",
    "file": "File",
}


@dataclass(frozen=True)
class ReportSummary:
    """The facts the report's head gives."""

    source: str
    source_kind: str  # "JSON" or "CSV tables"
    authority: str
    out: str
    counts: dict[str, int]  # listings written by kind, and "kept"


def render_report(summary: ReportSummary, notes: ImportNotes) -> str:
    """The whole report as markdown, records in the order the import met them."""
    lines = [
        "# Import report: hubctl import oruk",
        "",
        f"- Source: {markdown_text(summary.source)} (Open Referral UK, {summary.source_kind})",
        f"- Into: `{summary.out}`, authority `{summary.authority}`",
        "- Written: " + _counts(summary.counts),
        f"- To review: {notes.count('review'):,}; not kept: {notes.count('not kept'):,}; "
        f"records skipped: {sum(1 for r in notes.records if r.was_skipped):,}",
        "",
        "**review**: the listing holds a value the source did not give (a placeholder that "
        "`hubctl validate` warns about until you replace it, HUB405, or a rule's choice), "
        "marked `# review` in the file. **not kept**: a source value the listings have no "
        "place for, or do not take. **skipped**: the record was not written.",
    ]
    records = [record for record in notes.records if record.notes or record.kept]
    if not records:
        lines += ["", "Everything in the source was mapped."]
    for record in records:
        lines += ["", *_record(record)]
    return "\n".join(lines) + "\n"


def _counts(counts: dict[str, int]) -> str:
    shown = [
        f"{counts.get(kind, 0):,} {one if counts.get(kind, 0) == 1 else many}"
        for kind, one, many in (
            ("authority", "authority", "authorities"),
            ("hub", "hub", "hubs"),
            ("branch", "branch", "branches"),
            ("activity", "activity", "activities"),
        )
    ]
    kept = counts.get("kept", 0)
    return ", ".join(shown) + (f"; {kept:,} files already there kept" if kept else "")


def _record(record: RecordNotes) -> list[str]:
    title = _WHAT.get(record.what, record.what.capitalize())
    named = f" {markdown_text(record.name)}" if record.name else ""
    source_id = f" ({markdown_text(record.source_id)})" if record.source_id else ""
    lines = [f"## {title}{named}{source_id}"]
    if record.what not in ("file", "option"):
        lines.append(f"From {markdown_text(record.origin)}.")
    if record.written:
        state = "kept as it was (already there)" if record.kept else "written"
        lines.append(f"`{record.written}`: {state}.")
    lines.append("")
    order = {kind: index for index, kind in enumerate(NOTE_KINDS)}
    for note in sorted(record.notes, key=lambda note: order[note.kind]):
        place = f" {markdown_text(note.field)}:" if note.field else ""
        lines.append(f"- **{note.kind}**{place} {markdown_text(note.message)}")
    return lines
