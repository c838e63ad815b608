"""`hubctl publish` (SPEC §6): validate first, deterministic feed.json, atomic swap of --out."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from conftest import TYPO_ACTIVITY, publish_cli, run_cli

import hubctl
import hubctl.publishing
from hubctl.feeds.oruk_mirror import COLLECTIONS, is_object_file
from hubctl.feeds.oruk_terms import oruk_uuid

ON = "2026-11-23"


def published_paths(listings: Path) -> list[str]:
    """Every file publish writes for `listings` but the Open Referral UK mirror's
    one-object files: the fixed files, one calendar per hub, the mirror's `/`
    document and first pages (a small tree's lists fit in one page of 100), and the
    web directory (a page per authority)."""
    tables = ["authorities", "hubs", "branches", "activities", "sessions"]
    fixed = ["assurance.json", "feed.json", "feed.schema.json", "manifest.json", "oruk/index.json"]
    mirror = [f"oruk/{collection}/page-1.json" for collection in COLLECTIONS]
    hubs = sorted(p.stem for p in listings.glob("*/hubs/*.yaml"))
    calendars = [f"calendar/{hub}.ics" for hub in hubs]
    tables = [f"csv/{table}.csv" for table in tables]
    authorities = sorted(p.parent.name for p in listings.glob("*/authority.yaml"))
    pages = ["index.html", "coverage.html", "downloads.html"]
    pages += [f"authorities/{authority}.html" for authority in authorities]
    assets = [f"assets/{name}" for name in ("directory.js", "icon.svg", "site.css")]
    feeds = [*fixed, *mirror, "datapackage.json", "sites.geojson", *tables, *calendars]
    return sorted([*feeds, *pages, *assets])


def without_objects(paths: Iterable[str]) -> list[str]:
    """`paths` in order, but the mirror's one-object files (oruk/services/<id>.json ...)."""
    return [path for path in paths if not is_object_file(path)]


FEED_KEYS = [
    "schema_version",
    "source",
    "offer_areas",
    "authorities",
    "hubs",
    "branches",
    "activities",
]
LISTS_BY_FOLDER = {"hubs": "hubs", "branches": "branches", "activities": "activities"}

publish_module = hubctl.publishing


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (as None), by path relative to `folder`."""
    return {
        path.relative_to(folder).as_posix(): None if path.is_dir() else path.read_bytes()
        for path in sorted(folder.rglob("*"))
    }


def leftovers(parent: Path, out_name: str = "dist") -> list[str]:
    """Staging or retired folders a publish left beside --out."""
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{out_name}."))


def break_tree(tree: Path) -> None:
    (tree / "testshire" / "activities" / "typo-feeding-cafe.yaml").write_text(TYPO_ACTIVITY)


@pytest.fixture(scope="module")
def shipped_feed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    """One publish of the shipped listings, shared by the tests that only read it."""
    listings = Path(__file__).resolve().parent.parent / "listings"
    out = tmp_path_factory.mktemp("shipped") / "dist"
    return publish_cli(listings, out), out


@pytest.fixture
def previous_dist(make_tree: Callable[..., Path], tmp_path: Path) -> Path:
    """A dist/ from an earlier good publish of the small tree."""
    out = tmp_path / "dist"
    result = publish_cli(make_tree("good"), out)
    assert result.exit_code == 0, result.output
    return out


# --- publishing the shipped listings ---------------------------------------------------


def test_publish_shipped_listings_writes_feed_json(shipped_feed: tuple[Result, Path]) -> None:
    result, out = shipped_feed
    assert result.exit_code == 0, result.output
    listings = Path(__file__).resolve().parent.parent / "listings"
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert without_objects(written) == published_paths(listings)
    # stdout lists every file but the one-object ones, which stderr counts.
    shown = without_objects(written)
    assert result.stdout == "".join(f"{(out / path).as_posix()}\n" for path in shown)
    services = {p.name for p in (out / "oruk" / "services").glob("*-*-*.json")}
    activities = [p.stem for p in listings.glob("*/activities/*.yaml")]
    assert services == {f"{oruk_uuid('service', activity)}.json" for activity in activities}


def test_publish_reports_what_it_published_on_stderr(
    shipped_feed: tuple[Result, Path], shipped_listings: Path
) -> None:
    result, out = shipped_feed
    # Listings only: the expectations registers are checked, not published as listings.
    files = len([p for p in shipped_listings.rglob("*.yaml") if p.name != "expectations.yaml"])
    objects = sum(1 for p in (out / "oruk").rglob("*-*.json") if "page-" not in p.name)
    assert objects > 100
    assert result.stderr == (
        f"published {files} listings to {out.as_posix()}/ ({objects:,} Open Referral UK "
        f"objects in {out.as_posix()}/oruk/)\n"
    )


def test_feed_json_has_the_documented_keys_in_order(shipped_feed: tuple[Result, Path]) -> None:
    feed = json.loads((shipped_feed[1] / "feed.json").read_bytes())
    assert list(feed) == FEED_KEYS
    assert feed["schema_version"] == "1.3.0"


@pytest.mark.parametrize("key", ["offer_areas", "authorities", "hubs", "branches", "activities"])
def test_feed_json_lists_are_sorted_by_id(key: str, shipped_feed: tuple[Result, Path]) -> None:
    feed = json.loads((shipped_feed[1] / "feed.json").read_bytes())
    ids = [item["id"] for item in feed[key]]
    if key == "offer_areas":
        assert len(ids) == len(set(ids))  # taxonomy order is the file's; ids are unique
    else:
        assert ids == sorted(ids)


def test_feed_json_counts_match_the_files(
    shipped_feed: tuple[Result, Path], shipped_listings: Path
) -> None:
    feed = json.loads((shipped_feed[1] / "feed.json").read_bytes())
    assert len(feed["authorities"]) == len(list(shipped_listings.glob("*/authority.yaml")))
    for key, folder in LISTS_BY_FOLDER.items():
        assert len(feed[key]) == len(list(shipped_listings.glob(f"*/{folder}/*.yaml"))), key
    assert len(feed["offer_areas"]) == len(hubctl.load_taxonomy().areas) == 24


def test_feed_json_ids_are_the_file_names(
    shipped_feed: tuple[Result, Path], shipped_listings: Path
) -> None:
    feed = json.loads((shipped_feed[1] / "feed.json").read_bytes())
    for key, folder in LISTS_BY_FOLDER.items():
        files = {(p.parent.parent.name, p.stem) for p in shipped_listings.glob(f"*/{folder}/*")}
        assert {(item["authority"], item["id"]) for item in feed[key]} == files, key


def test_feed_json_keeps_values_as_typed(shipped_feed: tuple[Result, Path]) -> None:
    feed = json.loads((shipped_feed[1] / "feed.json").read_bytes())
    [cafe] = [a for a in feed["activities"] if a["id"] == "normanton-feeding-cafe"]
    assert cafe["age_range"] == {"min": 0, "max": 2, "antenatal": True}
    assert cafe["schedule"][0]["opens_at"] == "13:00"
    assert cafe["last_reviewed"] == "2026-09-22"
    assert cafe["contact"]["phone"] == "01632 960121"


def test_feed_json_source_is_the_last_commit_of_the_listings(
    shipped_feed: tuple[Result, Path], repo_root: Path
) -> None:
    feed = json.loads((shipped_feed[1] / "feed.json").read_bytes())

    def git(*arguments: str) -> str | None:
        completed = subprocess.run(
            ["git", *arguments], cwd=repo_root, capture_output=True, text=True, check=False
        )
        return completed.stdout.strip() if completed.returncode == 0 else None

    commit = git("log", "-1", "--format=%H", "--", "listings")
    # This checkout's listings may hold uncommitted edits while a change is made.
    dirty = git("status", "--porcelain", "--", "listings") != ""
    expected = commit + ("+dirty" if dirty else "") if commit else None
    assert feed["source"] == expected


def test_feed_json_source_is_null_outside_git(
    make_tree: Callable[..., Path], tmp_path: Path
) -> None:
    assert publish_cli(make_tree(), tmp_path / "dist").exit_code == 0
    assert json.loads((tmp_path / "dist" / "feed.json").read_bytes())["source"] is None


def test_feed_json_is_utf8_with_one_final_newline(shipped_feed: tuple[Result, Path]) -> None:
    raw = (shipped_feed[1] / "feed.json").read_bytes()
    raw.decode("utf-8")
    assert raw.endswith(b"}\n") and not raw.endswith(b"\n\n")
    assert b"\r" not in raw


def test_two_publishes_give_byte_identical_feeds(shipped_listings: Path, tmp_path: Path) -> None:
    first = publish_cli(shipped_listings, tmp_path / "one")
    second = publish_cli(shipped_listings, tmp_path / "two")
    assert first.exit_code == second.exit_code == 0
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_publish_replaces_what_was_in_out(previous_dist: Path) -> None:
    # A hub removed since the earlier publish: its calendar, listed in the old
    # manifest, goes with the old folder.
    stale = previous_dist / "calendar" / "testshire-old-hub.ics"
    stale.write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    manifest_path = previous_dist / "manifest.json"
    manifest = json.loads(manifest_path.read_bytes())
    manifest["files"].append(
        {"path": "calendar/testshire-old-hub.ics", "bytes": 30, "sha256": "0" * 64, "records": 0}
    )
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    result = publish_cli(previous_dist.parent / "good", previous_dist)
    assert result.exit_code == 0, result.output
    files = [path for path, content in snapshot(previous_dist).items() if content is not None]
    assert without_objects(sorted(files)) == published_paths(previous_dist.parent / "good")
    assert leftovers(previous_dist.parent) == []


def test_publish_creates_missing_parent_folders(
    make_tree: Callable[..., Path], tmp_path: Path
) -> None:
    out = tmp_path / "a" / "b" / "dist"
    assert publish_cli(make_tree(), out).exit_code == 0
    assert (out / "feed.json").is_file()


# --- nothing is written when the listings have errors ------------------------------------


def test_publish_invalid_tree_exits_1_and_prints_the_errors(
    make_tree: Callable[..., Path], tmp_path: Path
) -> None:
    tree = make_tree()
    break_tree(tree)
    result = publish_cli(tree, tmp_path / "dist")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{tree.as_posix()}/testshire/activities/typo-feeding-cafe.yaml:5:15: error HUB201 "
        "unknown offer area 'infant-feding' (did you mean 'infant-feeding'?); use an id from "
        "schema/offer-areas.yaml\n"
    )
    assert not (tmp_path / "dist").exists()
    assert leftovers(tmp_path) == []


def test_publish_failure_message_counts_errors_in_plain_english(
    make_tree: Callable[..., Path], tmp_path: Path
) -> None:
    tree = make_tree()
    break_tree(tree)
    result = publish_cli(tree, tmp_path / "dist")
    assert result.stderr == "hubctl: 1 error in the listings; nothing was published\n"


def test_publish_invalid_tree_leaves_previous_dist_byte_identical(
    previous_dist: Path, make_tree: Callable[..., Path]
) -> None:
    before = snapshot(previous_dist)
    bad = make_tree("bad")
    break_tree(bad)
    result = publish_cli(bad, previous_dist)
    assert result.exit_code == 1
    assert snapshot(previous_dist) == before
    assert leftovers(previous_dist.parent) == []


def test_publish_with_warnings_only_still_publishes(
    make_tree: Callable[..., Path], tmp_path: Path
) -> None:
    tree = make_tree()
    hub = tree / "testshire" / "hubs" / "testshire-central-hub.yaml"
    hub.write_text(
        hub.read_text().replace("last_reviewed: 2026-10-01", "last_reviewed: 2024-01-01")
    )
    result = publish_cli(tree, tmp_path / "dist")
    assert result.exit_code == 0
    assert (tmp_path / "dist" / "feed.json").is_file()


# --- atomic: a failure while writing leaves the old --out as it was ------------------------


def _raise_os_error(*_: object, **__: object) -> None:
    raise OSError(28, "No space left on device")


def test_disk_failure_while_writing_keeps_old_dist_and_exits_1(
    previous_dist: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(previous_dist)
    # The disk refuses when the new files are synced to it (as ext4 reports a full disk).
    monkeypatch.setattr(publish_module, "sync_folder", _raise_os_error)
    result = publish_cli(previous_dist.parent / "good", previous_dist)
    # The machine's problem, not a bug: a plain message, exit 1.
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "hubctl: cannot write the feeds (No space left on device); the previous "
    )
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.output
    assert snapshot(previous_dist) == before
    assert leftovers(previous_dist.parent) == []


def _raise_runtime_error(*_: object, **__: object) -> None:
    raise RuntimeError("bug in the swap")


def test_bug_in_the_swap_keeps_old_dist_and_exits_3(
    previous_dist: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(previous_dist)
    monkeypatch.setattr(publish_module, "_swap_in", _raise_runtime_error)
    result = publish_cli(previous_dist.parent / "good", previous_dist)
    assert result.exit_code == 3
    assert result.stderr.startswith("hubctl: internal error (RuntimeError: bug in the swap)")
    assert "Traceback" not in result.output
    assert snapshot(previous_dist) == before
    assert leftovers(previous_dist.parent) == []


def test_failure_of_the_second_rename_puts_old_dist_back(
    previous_dist: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(previous_dist)
    real_rename = os.rename

    def rename_failing_for_staging(source: Any, target: Any) -> None:
        if Path(source).name.startswith(".dist.new-"):
            raise OSError(5, "Input/output error")
        real_rename(source, target)

    monkeypatch.setattr(os, "rename", rename_failing_for_staging)
    # Where the folders cannot be exchanged in one step, publish falls back to two renames.
    monkeypatch.setattr(publish_module, "_exchange", lambda *_: False)
    with pytest.raises(OSError, match="Input/output error"):
        hubctl.publish(previous_dist.parent / "good", previous_dist, today=date(2026, 11, 23))
    assert snapshot(previous_dist) == before
    assert leftovers(previous_dist.parent) == []


def test_library_publish_raises_the_write_error_and_cleans_up(
    previous_dist: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(previous_dist)
    # The disk refuses when the new files are synced to it (as ext4 reports a full disk).
    monkeypatch.setattr(publish_module, "sync_folder", _raise_os_error)
    with pytest.raises(OSError, match="No space left on device"):
        hubctl.publish(previous_dist.parent / "good", previous_dist, today=date(2026, 11, 23))
    assert snapshot(previous_dist) == before
    assert leftovers(previous_dist.parent) == []


@pytest.mark.parametrize("batch_bytes", [10, 1024 * 1024])
@pytest.mark.parametrize("failing_write", [1, 60])
def test_a_write_failing_in_the_writer_thread_keeps_old_dist(
    previous_dist: Path, monkeypatch: pytest.MonkeyPatch, batch_bytes: int, failing_write: int
) -> None:
    # 10-byte batches: every file is written batch by batch; 1 MiB: the mirror's files go
    # to the writer many at a time. The 60th write is inside the mirror.
    monkeypatch.setattr(publish_module, "_WRITE_BUFFER", batch_bytes)
    before = snapshot(previous_dist)
    real_write = publish_module._FileSink.write
    writes = []

    def write_or_fail(sink: Any, batch: bytes) -> None:
        writes.append(batch)
        if len(writes) == failing_write:
            raise OSError(28, "No space left on device")
        real_write(sink, batch)

    monkeypatch.setattr(publish_module._FileSink, "write", write_or_fail)
    with pytest.raises(OSError, match="No space left on device"):
        hubctl.publish(previous_dist.parent / "good", previous_dist, today=date(2026, 11, 23))
    assert snapshot(previous_dist) == before
    assert leftovers(previous_dist.parent) == []


def test_without_a_trusted_syncfs_every_file_and_folder_is_fsynced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "oruk" / "services").mkdir(parents=True)
    for name in ("feed.json", "oruk/index.json", "oruk/services/page-1.json"):
        (tmp_path / name).write_text("{}\n", encoding="utf-8")
    synced: list[str] = []
    monkeypatch.setattr(publish_module, "_kernel_version", lambda: (5, 4))
    monkeypatch.setattr(publish_module, "_fsync_path", lambda path, _: synced.append(path))
    publish_module.sync_folder(tmp_path)
    expected = [tmp_path / "oruk" / "services", tmp_path / "oruk", tmp_path]
    expected += [tmp_path / name for name in ("feed.json", "oruk/index.json")]
    expected.append(tmp_path / "oruk" / "services" / "page-1.json")
    assert sorted(synced) == sorted(str(path) for path in expected)


def test_a_trusted_syncfs_is_one_call(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "feed.json").write_text("{}\n", encoding="utf-8")
    monkeypatch.setattr(publish_module, "_kernel_version", lambda: (6, 1))
    monkeypatch.setattr(publish_module, "_fsync_path", _raise_runtime_error)
    if sys.platform.startswith("linux"):
        publish_module.sync_folder(tmp_path)  # no file is fsynced one by one


# --- --out must not replace the listings ---------------------------------------------------


def test_publish_refuses_out_that_holds_the_listings(
    make_tree: Callable[..., Path], tmp_path: Path
) -> None:
    # `--out .` run from the repository would replace the whole working folder.
    work = tmp_path / "work"
    tree = make_tree("work/listings")
    (work / "notes.txt").write_text("keep me\n")
    before = snapshot(work)
    result = publish_cli(tree, work)
    assert result.exit_code == 2, result.output
    assert "would replace the listings" in result.stderr
    assert snapshot(work) == before


def test_publish_refuses_out_that_is_the_listings(
    make_tree: Callable[..., Path], tmp_path: Path
) -> None:
    tree = make_tree()
    before = snapshot(tree)
    result = publish_cli(tree, tree)
    assert result.exit_code == 2, result.output
    assert "--out" in result.stderr and "would replace the listings" in result.stderr
    assert snapshot(tree) == before


def test_publish_refuses_an_existing_folder_without_earlier_feeds(
    make_tree: Callable[..., Path], tmp_path: Path
) -> None:
    tree = make_tree()
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "minutes.txt").write_text("board minutes\n")
    before = snapshot(docs)
    result = publish_cli(tree, docs)
    assert result.exit_code == 2, result.output
    assert f"--out {docs} is not empty and has no manifest.json from an earlier publish" in (
        result.stderr
    )
    assert snapshot(docs) == before


# --- the library call --------------------------------------------------------------------


def test_library_publish_returns_the_files_it_wrote(
    make_tree: Callable[..., Path], tmp_path: Path, fixed_today: date
) -> None:
    out = tmp_path / "dist"
    tree = make_tree()
    published = hubctl.publish(tree, out, today=fixed_today)
    assert without_objects(sorted(published.files)) == published_paths(tree)
    feed_bytes = (out / "feed.json").read_bytes()
    entry = published.files["feed.json"]
    assert (entry.size, entry.sha256) == (len(feed_bytes), hashlib.sha256(feed_bytes).hexdigest())
    assert entry.records == 12
    assert published.report.ok
    assert len(published.report.listings.records) == 12


def test_library_publish_raises_publish_error_with_the_report(
    make_tree: Callable[..., Path], tmp_path: Path, fixed_today: date
) -> None:
    tree = make_tree()
    break_tree(tree)
    with pytest.raises(hubctl.PublishError) as raised:
        hubctl.publish(tree, tmp_path / "dist", today=fixed_today)
    [error] = raised.value.report.errors
    assert (error.code, error.line, error.column) == ("HUB201", 5, 15)
    assert error.path.endswith("testshire/activities/typo-feeding-cafe.yaml")
    assert not (tmp_path / "dist").exists()


def test_the_swap_is_one_atomic_exchange_on_linux(
    previous_dist: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With renameat2(RENAME_EXCHANGE) no moment exists where --out is missing, so
    # os.rename (the two-step fallback) must not be used for a replacement.
    probe = [previous_dist.parent / "probe-a", previous_dist.parent / "probe-b"]
    for folder in probe:
        folder.mkdir()
    if not publish_module._exchange(*probe):
        pytest.skip("this file system cannot exchange two folders in one step")

    def no_rename(*_: object) -> None:
        raise AssertionError("os.rename used although the folders can be exchanged")

    monkeypatch.setattr(os, "rename", no_rename)
    old_folder = previous_dist.stat().st_ino
    hubctl.publish(previous_dist.parent / "good", previous_dist, today=date(2026, 11, 23))
    assert previous_dist.stat().st_ino != old_folder  # a new folder, swapped in
    assert leftovers(previous_dist.parent) == []


_KILLED_PUBLISH = """
import os, signal, sys, datetime
import hubctl
from hubctl import publishing

written = 0
real_finish = publishing._FileSink.finish

def finish_then_die(*args):
    global written
    entry = real_finish(*args)
    written += 1
    if written == 2:  # some files of the new feeds are on disk, others are not
        os.kill(os.getpid(), signal.SIGKILL)
    return entry

publishing._FileSink.finish = finish_then_die
hubctl.publish(sys.argv[1], sys.argv[2], today=datetime.date(2026, 11, 23))
"""


def test_a_publish_killed_midway_leaves_the_old_feeds(previous_dist: Path) -> None:
    before = snapshot(previous_dist)
    killed = subprocess.run(
        [
            sys.executable,
            "-c",
            _KILLED_PUBLISH,
            str(previous_dist.parent / "good"),
            str(previous_dist),
        ],
        capture_output=True,
        check=False,
    )
    assert killed.returncode == -9, killed.stderr
    assert snapshot(previous_dist) == before
    # Its lock file stays (the lock itself died with it) beside its staging folder.
    assert [name.split("-")[0] for name in leftovers(previous_dist.parent)] == [
        ".dist.lock",
        ".dist.new",
    ]
    # The next publish succeeds and clears what the killed one left behind.
    assert publish_cli(previous_dist.parent / "good", previous_dist).exit_code == 0
    assert leftovers(previous_dist.parent) == []


def test_invalid_listings_are_reported_as_validate_reports_them(
    make_tree: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Under GitHub Actions, as annotations on stdout, like validate (publish printed text).
    tree = make_tree()
    hub = next((tree / "testshire" / "hubs").iterdir())
    hub.write_text(hub.read_text(encoding="utf-8").replace("status: open", "status: opne"))
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    for command in (["publish", "--out", str(tmp_path / "dist")], ["coverage"], ["validate"]):
        result = run_cli("--listings", str(tree), *command, "--on", "2026-11-23")
        assert result.exit_code == 1
        lines = result.stdout.splitlines()
        assert lines and all(line.startswith("::error file=") for line in lines)
        assert f"::error file={hub.as_posix()},line=3,col=9,title=HUB104::" in result.stdout
