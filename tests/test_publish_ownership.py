"""Publish owns its --out (SPEC §6): it replaces only a folder it wrote, or an empty one.

It trusts only its own manifest.json and refuses (exit 2, nothing touched) a
folder holding anything that manifest does not list; staging folders are found
by exact name, never by a glob of --out's name; and feeds with no authority or
activity do not replace feeds that had both unless --allow-empty is given.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result
from conftest import publish_cli

import hubctl
from hubctl.publishing import EmptyFeedsError

ON = "2026-11-23"


def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {
        path.relative_to(folder).as_posix(): None if path.is_dir() else path.read_bytes()
        for path in sorted(folder.rglob("*"))
    }


@pytest.fixture
def tree(make_tree: Callable[..., Path]) -> Path:
    return make_tree()


@pytest.fixture
def dist(tree: Path, tmp_path: Path) -> Path:
    """An earlier publish of the small tree."""
    out = tmp_path / "dist"
    assert publish_cli(tree, out).exit_code == 0
    return out


def assert_refused(result: Result, fragment: str) -> None:
    assert result.exit_code == 2, result.output
    assert fragment in result.stderr
    # One line on stderr, as every refusal hubctl makes; nothing on stdout.
    assert result.stderr.startswith("hubctl: --out ") and result.stderr.count("\n") == 1
    assert result.stdout == ""


# --- what is in --out --------------------------------------------------------------------


def test_a_file_the_manifest_does_not_list_is_named_and_kept(tree: Path, dist: Path) -> None:
    (dist / "README.txt").write_text("how we use these feeds\n")
    before = snapshot(dist)
    result = publish_cli(tree, dist)
    assert_refused(
        result,
        f"--out {dist} holds README.txt, which its manifest.json does not list; publishing "
        "replaces the whole folder, so move them elsewhere or choose another --out",
    )
    assert snapshot(dist) == before


def test_at_most_three_unlisted_entries_are_named(tree: Path, dist: Path) -> None:
    (dist / "archive" / "2025").mkdir(parents=True)
    (dist / "archive" / "2025" / "feed.json").write_text("{}")
    (dist / "calendar" / "hand-made.ics").write_text("BEGIN:VCALENDAR\n")
    (dist / ".htaccess").write_text("Options -Indexes\n")
    (dist / "oruk" / "notes.md").write_text("later\n")
    result = publish_cli(tree, dist)
    # A folder is named once, not walked; names are sorted.
    assert_refused(
        result, "holds .htaccess, archive/, calendar/hand-made.ics and 1 more, which its "
    )
    assert (dist / "archive" / "2025" / "feed.json").read_text() == "{}"


def test_a_folder_with_feed_json_but_no_manifest_is_not_ours(tree: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "feed.json").write_text("{}")
    (site / "index.html").write_text("<h1>Our site</h1>\n")
    before = snapshot(site)
    result = publish_cli(tree, site)
    assert_refused(result, f"--out {site} is not empty and has no manifest.json from an earlier")
    assert snapshot(site) == before


FORGED_MANIFESTS = {
    "not-json": b"{files: []}",
    "not-utf8": b'{"files": "\xff"}',
    "a-list": b"[]",
    "no-files": b'{"schema_version": "1.0.0", "source": null, "published_at": "x"}',
    "deep": b"[" * 100_000,
    "source-a-number": b'{"schema_version": "1", "source": 7, "published_at": "x", "files": []}',
    "parent-path": None,  # a listed path that leaves --out
    "absolute-path": None,
    "bad-checksum": None,
    "negative-bytes": None,
    "path-twice": None,  # one path listed twice: which entry would be the file's?
}


def _manifest_with(dist: Path, case: str) -> bytes:
    manifest = json.loads((dist / "manifest.json").read_bytes())
    entry = manifest["files"][0]
    if case == "parent-path":
        entry["path"] = "../listings/testshire/authority.yaml"
    elif case == "absolute-path":
        entry["path"] = "/etc/passwd"
    elif case == "bad-checksum":
        entry["sha256"] = "not a checksum"
    elif case == "path-twice":
        manifest["files"].append(dict(entry))
    else:
        entry["bytes"] = -1
    return json.dumps(manifest).encode()


@pytest.mark.parametrize("case", sorted(FORGED_MANIFESTS))
def test_only_a_manifest_of_the_shape_hubctl_writes_is_trusted(
    case: str, tree: Path, dist: Path
) -> None:
    forged = FORGED_MANIFESTS[case]
    (dist / "manifest.json").write_bytes(
        forged if forged is not None else _manifest_with(dist, case)
    )
    before = snapshot(dist)
    result = publish_cli(tree, dist)
    assert result.exit_code == 2, result.output
    assert f"--out {dist} is not empty and its manifest.json is not " in result.stderr
    assert "so hubctl did not publish it" in result.stderr
    assert snapshot(dist) == before


def test_a_manifest_that_is_a_link_is_not_trusted(tree: Path, dist: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.json"
    shutil.move(dist / "manifest.json", elsewhere)
    (dist / "manifest.json").symlink_to(elsewhere)
    assert_refused(publish_cli(tree, dist), "has no manifest.json from an earlier publish")


def test_a_link_in_place_of_a_listed_file_is_named(tree: Path, dist: Path, tmp_path: Path) -> None:
    (dist / "feed.json").unlink()
    (dist / "feed.json").symlink_to(tree)
    assert_refused(publish_cli(tree, dist), "holds feed.json/, which its manifest.json")
    assert (tree / "testshire" / "authority.yaml").is_file()


def test_an_empty_folder_is_published_into(tree: Path, tmp_path: Path) -> None:
    (tmp_path / "dist").mkdir()
    assert publish_cli(tree, tmp_path / "dist").exit_code == 0
    assert (tmp_path / "dist" / "manifest.json").is_file()


def test_a_file_as_out_is_refused(tree: Path, tmp_path: Path) -> None:
    (tmp_path / "dist").write_text("not a folder\n")
    result = publish_cli(tree, tmp_path / "dist")
    # Click's own check of --out (file_okay=False) refuses it first, with its usage text.
    assert result.exit_code == 2 and "is a file" in result.stderr
    assert (tmp_path / "dist").read_text() == "not a folder\n"


def test_an_out_whose_parent_cannot_be_made_exits_1(tree: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me\n")
    out = tmp_path / "notes.txt" / "dist"
    result = publish_cli(tree, out)
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"hubctl: cannot write the feeds (Not a directory); the previous {out.as_posix()} "
        "is unchanged\n"
    )
    assert (tmp_path / "notes.txt").read_text() == "keep me\n"


# --- staging folders are matched by exact name -----------------------------------------


def _sibling(parent: Path, name: str) -> Path:
    folder = parent / name
    folder.mkdir()
    (folder / "keep.txt").write_text("a sibling's work\n")
    return folder


@pytest.mark.parametrize(
    ("out_name", "sibling_name"),
    [
        ("dist[1]", ".dist1.new-abcd1234"),  # [1] is a glob character class
        ("d*", ".dist.new-abcd1234"),  # * matched every folder starting with d
        ("d?st", ".dist.new-abcd1234"),
        ("dist", ".dist.new-notes"),  # not a name tempfile.mkdtemp gives
        ("dist", ".dist.new-abcd1234.bak"),
        ("dist", ".dist.old-abcd1234"),  # the old feeds of an interrupted two-step swap
    ],
)
def test_glob_characters_in_out_spare_the_siblings(
    out_name: str, sibling_name: str, tree: Path, tmp_path: Path
) -> None:
    parent = tmp_path / "site"
    parent.mkdir()
    sibling = _sibling(parent, sibling_name)
    assert publish_cli(tree, parent / out_name).exit_code == 0
    assert (sibling / "keep.txt").read_text() == "a sibling's work\n"
    assert sorted(p.name for p in parent.iterdir()) == sorted([out_name, sibling_name])


def test_a_leftover_staging_folder_of_this_out_is_removed(tree: Path, tmp_path: Path) -> None:
    leftover = _sibling(tmp_path, ".dist.new-k1ll3d_x")
    assert publish_cli(tree, tmp_path / "dist").exit_code == 0
    assert not leftover.exists()


# --- feeds that hold nothing do not replace feeds that hold something --------------------


def _remove_activities(tree: Path) -> None:
    shutil.rmtree(tree / "testshire" / "activities")


def _records(out: Path) -> dict[str, int | None]:
    manifest = json.loads((out / "manifest.json").read_bytes())
    return {entry["path"]: entry["records"] for entry in manifest["files"]}


def test_feeds_with_no_activity_do_not_replace_good_ones(tree: Path, dist: Path) -> None:
    before = snapshot(dist)
    _remove_activities(tree)
    result = publish_cli(tree, dist)
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"hubctl: the listings hold no activity, but {dist.as_posix()} holds feeds that do; "
        "nothing was published (check --listings, or give --allow-empty to publish empty "
        "feeds over them)\n"
    )
    assert snapshot(dist) == before


def test_allow_empty_replaces_them(tree: Path, dist: Path, make_tree: Callable[..., Path]) -> None:
    _remove_activities(tree)
    result = publish_cli(tree, dist, "--allow-empty")
    assert result.exit_code == 0, result.output
    assert _records(dist)["csv/activities.csv"] == 0
    # Empty feeds over empty feeds need no flag; good feeds over them neither.
    assert publish_cli(tree, dist).exit_code == 0
    shutil.rmtree(tree)
    assert publish_cli(make_tree(), dist).exit_code == 0
    assert _records(dist)["csv/activities.csv"] == 9


def test_empty_feeds_into_a_new_folder_need_no_flag(tree: Path, tmp_path: Path) -> None:
    _remove_activities(tree)
    assert publish_cli(tree, tmp_path / "new").exit_code == 0
    assert _records(tmp_path / "new")["csv/activities.csv"] == 0


def test_library_publish_raises_empty_feeds_error(tree: Path, dist: Path) -> None:
    _remove_activities(tree)
    with pytest.raises(EmptyFeedsError, match="--allow-empty"):
        hubctl.publish(tree, dist, today=date(2026, 11, 23))
    hubctl.publish(tree, dist, today=date(2026, 11, 23), allow_empty=True)
    assert _records(dist)["csv/activities.csv"] == 0
    assert os.path.isfile(dist / "feed.json")
