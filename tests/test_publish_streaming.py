"""Publish streams its feeds (issue 11): chunks that join to the whole document, a manifest
taken on the fly, compact JSON for the large files, and atomicity when a feed fails half way."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from conftest import TRAPS, publish_cli
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar
from icalendar.parser.string import _foldline
from test_publish import leftovers, snapshot

import hubctl
import hubctl.feeds.oruk as oruk_module
import hubctl.publishing as publishing
from hubctl.feeds import FeedFile
from hubctl.feeds.ics_lines import fold
from hubctl.feeds.json_stream import JsonArray, stream_json_object
from hubctl.feeds.manifest import ManifestEntries, ManifestEntry, render_manifest
from hubctl.feeds.oruk import build_oruk_services
from hubctl.feeds.oruk_mirror import OrukMirror
from hubctl.feeds.oruk_terms import ORUK_NAMESPACE, oruk_uuid
from hubctl.parallel_reading import ReadOptions
from hubctl.publishing import generate_feed_files
from hubctl.taxonomy import load_taxonomy
from hubctl.validation import validate

COMPACT_FILES = ["feed.json", "sites.geojson", "oruk/index.json", "oruk/services/page-1.json"]
PUBLISHED_AT = datetime(2026, 9, 21, 14, 13, 20, tzinfo=timezone.utc)

# --- JSON written a record at a time --------------------------------------------------------

_JSON_LEAVES = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
_JSON = st.recursive(
    _JSON_LEAVES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=12,
)
_MEMBERS = st.lists(st.tuples(st.text(), st.booleans(), st.lists(_JSON, max_size=4)), max_size=5)


@given(_MEMBERS)
def test_streamed_json_joins_to_the_compact_dump_of_the_whole_document(
    members: list[tuple[str, bool, list[Any]]],
) -> None:
    streamed = [
        (key, JsonArray(iter(items)) if as_array else items) for key, as_array, items in members
    ]
    whole = {key: items for key, _, items in members}
    text = b"".join(stream_json_object(streamed)).decode("utf-8")
    if len(whole) == len(members):  # no repeated key: a dict holds the same document
        compact = json.dumps(whole, ensure_ascii=False, separators=(",", ":"))
        assert text == compact + "\n"
    assert json.loads(text) == whole


def test_the_large_feeds_come_one_record_per_chunk(fixed_today: date) -> None:
    listings = validate(TRAPS, today=fixed_today).listings
    files = {
        file.path: file
        for file in generate_feed_files(listings, load_taxonomy(), None, PUBLISHED_AT)
    }
    feed_chunks = list(files["feed.json"].chunks())
    # The head, one chunk per listing and the array brackets: never one whole document.
    assert len(feed_chunks) > len(listings.records)


def test_the_mirror_is_made_a_page_at_a_time(fixed_today: date) -> None:
    listings = validate(TRAPS, today=fixed_today).listings
    taxonomy = load_taxonomy()
    files = OrukMirror(listings, taxonomy, page_size=5).files()
    made: list[str] = []
    for feed_file in files:
        made.append(feed_file.path)
        if feed_file.path == "oruk/services/page-1.json":
            break
    # The first page of services comes when its five services are made, not after all.
    assert sum(1 for path in made if path.startswith("oruk/services/")) == 6
    assert len(listings.activities) > 5


def test_the_mirror_s_services_read_back_as_the_whole_page(fixed_today: date) -> None:
    listings = validate(TRAPS, today=fixed_today).listings
    taxonomy = load_taxonomy()
    files = {file.path: file for file in OrukMirror(listings, taxonomy).files()}
    page = build_oruk_services(listings, taxonomy)
    assert page["contents"]
    for service in page["contents"]:
        assert json.loads(files[f"oruk/services/{service['id']}.json"].content) == service


@given(st.lists(st.text(), max_size=3))
def test_oruk_uuid_is_uuid5_of_the_joined_keys(keys: list[str]) -> None:
    assert oruk_uuid("kind", *keys) == str(uuid.uuid5(ORUK_NAMESPACE, ":".join(["kind", *keys])))


# --- calendar lines ------------------------------------------------------------------------

_LINE_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n"),
    max_size=400,
) | st.text(alphabet="ab\\^ŵ€😀;,", max_size=300)


@given(_LINE_TEXT)
def test_folding_matches_icalendar_and_never_splits_a_character(value: str) -> None:
    line = f"DESCRIPTION:{value}"
    folded = fold(line)
    # icalendar's own folding wrote every calendar published before; bytes must not change.
    assert folded == _foldline(line)
    pieces = folded.encode("utf-8").split(b"\r\n")
    assert all(len(piece) <= 75 for piece in pieces)
    assert all(piece.startswith(b" ") for piece in pieces[1:])
    for piece in pieces:
        piece.decode("utf-8")  # a cut inside a UTF-8 sequence would not decode
    assert folded.replace("\r\n ", "") == line


def test_every_published_calendar_reads_back_with_icalendar(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    assert publish_cli(TRAPS, out).exit_code == 0
    calendars = sorted((out / "calendar").glob("*.ics"))
    assert calendars
    for path in calendars:
        content = path.read_bytes()
        calendar = Calendar.from_ical(content)
        assert calendar.to_ical().replace(b"\r\n ", b"") == content.replace(b"\r\n ", b"")


# --- the manifest, taken while writing ---------------------------------------------------------


def _records_in(path: Path) -> int:
    """The records a published file holds, counted from its own content."""
    content = path.read_bytes()
    if path.suffix == ".csv":
        return len(list(csv.reader(io.StringIO(content.decode("utf-8"))))) - 1
    if path.suffix == ".ics":
        return content.count(b"BEGIN:VEVENT\r\n")
    document = json.loads(content)
    if path.name == "feed.json":
        return sum(
            len(document[kind]) for kind in ("authorities", "hubs", "branches", "activities")
        )
    if path.parts[-3] == "oruk" or path.name == "index.json":
        # A page counts its contents; an object file one object; the `/` document none.
        return len(document["contents"]) if "contents" in document else 1
    if path.name == "sites.geojson":
        return len(document["features"])
    if path.name == "assurance.json":
        return len(document["authorities"])
    return len(document["resources"])  # datapackage.json


def test_manifest_sizes_hashes_and_counts_match_the_files(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    assert publish_cli(TRAPS, out).exit_code == 0
    manifest = json.loads((out / "manifest.json").read_bytes())
    for entry in manifest["files"]:
        path = out / entry["path"]
        content = path.read_bytes()
        assert entry["bytes"] == len(content), entry["path"]
        assert entry["sha256"] == hashlib.sha256(content).hexdigest(), entry["path"]
        unsized = ("feed.schema.json", "oruk/index.json")
        # The web directory's pages and assets show the records, they are not records.
        web = entry["path"].endswith(".html") or entry["path"].startswith("assets/")
        expected = None if entry["path"] in unsized or web else _records_in(path)
        assert entry["records"] == expected, entry["path"]


def test_the_large_json_files_are_compact_and_the_small_ones_indented(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    assert publish_cli(TRAPS, out).exit_code == 0
    mirror = [path.relative_to(out).as_posix() for path in (out / "oruk").rglob("*.json")]
    assert len(mirror) > 50
    for name in [*COMPACT_FILES, *mirror]:
        text = (out / name).read_text(encoding="utf-8")
        assert (
            text == json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":")) + "\n"
        )
    for name in ("manifest.json", "datapackage.json", "feed.schema.json"):
        text = (out / name).read_text(encoding="utf-8")
        assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n", name


# --- a feed failing half way ---------------------------------------------------------------


def test_a_feed_failing_half_way_leaves_the_previous_out_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "dist"
    assert publish_cli(TRAPS, out).exit_code == 0
    before = snapshot(out)
    real_build_service = oruk_module.build_service
    built: list[str] = []

    def fail_on_the_third_service(*arguments: Any) -> dict[str, Any]:
        built.append("service")
        if len(built) == 3:
            raise RuntimeError("a bug half way through the Open Referral feed")
        return real_build_service(*arguments)

    monkeypatch.setattr(oruk_module, "build_service", fail_on_the_third_service)
    result = publish_cli(TRAPS, out)
    assert result.exit_code == 3  # an internal error, reported in one line
    assert "Traceback" not in result.output
    assert len(built) == 3  # it failed while the mirror was half written
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


# --- progress ------------------------------------------------------------------------------


class RecordingProgress:
    """A Progress that writes down what it is told."""

    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []

    def start(self, stage: str, total: int) -> None:
        self.events.append(("start", (stage, total)))

    def advance(self, steps: int = 1) -> None:
        self.events.append(("advance", steps))

    def finish(self) -> None:
        self.events.append(("finish", None))


def test_publish_reports_one_step_per_file_written(tmp_path: Path, fixed_today: date) -> None:
    progress = RecordingProgress()
    reading = ReadOptions(progress=progress)
    result = hubctl.publish(TRAPS, tmp_path / "dist", today=fixed_today, reading=reading)
    stages = [value for kind, value in progress.events if kind == "start"]
    assert ("writing feeds", len(result.files)) in stages
    writing = progress.events.index(("start", ("writing feeds", len(result.files))))
    steps = [value for kind, value in progress.events[writing + 1 :] if isinstance(value, int)]
    assert sum(steps) == len(result.files) == len(list((tmp_path / "dist").rglob("*.*")))


# --- the writer thread -----------------------------------------------------------------------


@pytest.mark.parametrize("batch_bytes", [1024 * 1024, 10])
def test_the_writer_thread_writes_what_writing_one_file_after_another_writes(
    tmp_path: Path, fixed_today: date, monkeypatch: pytest.MonkeyPatch, batch_bytes: int
) -> None:
    # 10-byte batches: thousands of writes in flight through the window, each file split.
    monkeypatch.setattr(publishing, "_WRITE_BUFFER", batch_bytes)
    listings = validate(TRAPS, today=fixed_today).listings
    files = list(generate_feed_files(listings, load_taxonomy(), None, PUBLISHED_AT))
    threaded, serial = tmp_path / "threaded", tmp_path / "serial"
    threaded.mkdir()
    serial.mkdir()
    entries = publishing.write_feed_files(threaded, files)
    assert list(entries.values()) == [publishing._write_feed_file(serial, file) for file in files]
    assert snapshot(threaded) == snapshot(serial)
    for entry in entries.values():
        content = (threaded / entry.path).read_bytes()
        assert (len(content), hashlib.sha256(content).hexdigest()) == (entry.size, entry.sha256)


def test_a_feed_failing_half_way_in_the_writer_thread_raises_its_error(
    tmp_path: Path, fixed_today: date
) -> None:
    def failing_chunks() -> Iterator[bytes]:
        yield b"first bytes"
        raise RuntimeError("a bug half way through a feed")

    listings = validate(TRAPS, today=fixed_today).listings
    files = list(generate_feed_files(listings, load_taxonomy(), None, PUBLISHED_AT))[:2]
    broken = FeedFile("broken.json", failing_chunks, None)
    with pytest.raises(RuntimeError, match="half way"):
        publishing.write_feed_files(tmp_path, [*files, broken, *files])
    # The files before it were written whole; it (whose first batch never came) and
    # nothing after it were started.
    assert sorted(path.name for path in tmp_path.rglob("*") if path.is_file()) == sorted(
        Path(file.path).name for file in files
    )


def test_manifest_entries_keep_every_field_and_list_in_path_order() -> None:
    written = [
        ManifestEntry("oruk/services/b.json", 2**40, "ab" * 32, 1),
        ManifestEntry("calendar/é.ics", 0, "00" * 32, None),
        ManifestEntry("calendar/e.ics", 7, "ff" * 32, 0),
    ]
    entries = ManifestEntries(written)
    assert list(entries) == [entry.path for entry in written]
    assert list(entries.values()) == written
    assert entries["calendar/é.ics"] == written[1]
    assert list(entries.in_path_order()) == sorted(written, key=lambda entry: entry.path)
    manifest = json.loads(render_manifest(entries, None, PUBLISHED_AT).content)
    assert [entry["path"] for entry in manifest["files"]] == sorted(e.path for e in written)


def test_a_manifest_entry_must_have_a_whole_sha256() -> None:
    with pytest.raises(ValueError, match="not a manifest entry"):
        ManifestEntries([ManifestEntry("feed.json", 1, "ab" * 31, None)])
