"""manifest.json, feed.schema.json and the reproducible publication time (SPEC §6)."""

from __future__ import annotations

import hashlib
import json
import subprocess
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path

import jsonschema
import pytest
from conftest import publish_cli

from hubctl.feeds.feed_json import Feed
from hubctl.gitinfo import listings_commit
from hubctl.publishing import publication_time
from hubctl.validation import validate

ON = "2026-11-23"
SCHEMA_FOLDER = Path(__file__).resolve().parents[1] / "schema"


@pytest.fixture
def published(make_tree: Callable[..., Path], tmp_path: Path) -> Path:
    out = tmp_path / "dist"
    assert publish_cli(make_tree(), out, env={"SOURCE_DATE_EPOCH": "1790000000"}).exit_code == 0
    return out


def test_manifest_lists_every_other_file_with_its_checksum(published: Path) -> None:
    manifest = json.loads((published / "manifest.json").read_text(encoding="utf-8"))
    assert list(manifest) == ["schema_version", "source", "published_at", "files"]
    on_disk = sorted(
        p.relative_to(published).as_posix()
        for p in published.rglob("*")
        if p.is_file() and p.name != "manifest.json"
    )
    assert [entry["path"] for entry in manifest["files"]] == on_disk
    for entry in manifest["files"]:
        content = (published / entry["path"]).read_bytes()
        assert entry["bytes"] == len(content)
        assert entry["sha256"] == hashlib.sha256(content).hexdigest()


def test_manifest_counts_the_records_of_each_file(published: Path) -> None:
    manifest = json.loads((published / "manifest.json").read_text(encoding="utf-8"))
    records = {entry["path"]: entry["records"] for entry in manifest["files"]}
    feed = json.loads((published / "feed.json").read_text(encoding="utf-8"))
    listings = sum(len(feed[key]) for key in ("authorities", "hubs", "branches", "activities"))
    assert (records["feed.json"], listings) == (12, 12)
    assert records["feed.schema.json"] is None
    assert manifest["schema_version"] == feed["schema_version"] == "1.3.0"


def test_published_at_comes_from_source_date_epoch(published: Path) -> None:
    manifest = json.loads((published / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["published_at"] == "2026-09-21T14:13:20Z"  # 1790000000 in UTC


def test_published_at_is_the_last_commit_in_git(
    make_tree: Callable[..., Path], tmp_path: Path
) -> None:
    tree = make_tree()
    commit_environment = {
        "GIT_AUTHOR_DATE": "2026-11-20T09:30:00+00:00",
        "GIT_COMMITTER_DATE": "2026-11-20T09:30:00+00:00",
    }
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=tree, check=True)
    subprocess.run([*git, "add", "."], cwd=tree, check=True)
    subprocess.run(
        [*git, "commit", "-qm", "listings"],
        cwd=tree,
        check=True,
        env={**commit_environment, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    listings = validate(tree, today=date(2026, 11, 23)).listings
    assert publication_time(listings, listings_commit(tree)) == datetime(
        2026, 11, 20, 9, 30, tzinfo=timezone.utc
    )


def test_published_at_outside_git_is_the_latest_review_date(
    make_tree: Callable[..., Path],
) -> None:
    tree = make_tree()
    listings = validate(tree, today=date(2026, 11, 23)).listings
    # tmp trees live outside any git repository; the tree's listings were reviewed 2026-10-01.
    assert publication_time(listings, listings_commit(tree)) == datetime(
        2026, 10, 1, tzinfo=timezone.utc
    )


@pytest.mark.parametrize(
    "given",
    [
        "yesterday",
        "-1",
        "²",  # a Unicode digit: str.isdigit() says yes, int() says no
        "١٢٣",  # Arabic-Indic digits
        "253402300800",  # 10000-01-01T00:00:00Z: no datetime holds it
        "99999999999999999999",
        "9" * 5000,  # longer than int() accepts from text
    ],
)
def test_a_malformed_source_date_epoch_is_refused(
    given: str, make_tree: Callable[..., Path], tmp_path: Path
) -> None:
    result = publish_cli(make_tree(), tmp_path / "dist", env={"SOURCE_DATE_EPOCH": given})
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"hubctl: SOURCE_DATE_EPOCH={given!r} is not a whole number of seconds since 1970 "
        "between 0 and 253402300799 (the end of year 9999); unset it or give Unix seconds\n"
    )
    assert not (tmp_path / "dist").exists()


def test_the_last_second_of_year_9999_is_a_valid_source_date_epoch(
    make_tree: Callable[..., Path], tmp_path: Path
) -> None:
    result = publish_cli(
        make_tree(), tmp_path / "dist", env={"SOURCE_DATE_EPOCH": " 253402300799\n"}
    )
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "dist" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["published_at"] == "9999-12-31T23:59:59Z"


def test_feed_json_validates_against_the_published_schema(published: Path) -> None:
    schema = json.loads((published / "feed.schema.json").read_text(encoding="utf-8"))
    feed = json.loads((published / "feed.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert list(validator.iter_errors(feed)) == []
    Feed.model_validate(feed, strict=False)
    feed["hubs"][0]["authority"] = "Not A Slug"
    assert [e.validator for e in validator.iter_errors(feed)] == ["pattern"]
    del feed["activities"][0]["authority"]
    assert "'authority' is a required property" in {e.message for e in validator.iter_errors(feed)}


def test_the_published_schema_is_the_one_in_the_repository(published: Path) -> None:
    assert (published / "feed.schema.json").read_bytes() == (
        SCHEMA_FOLDER / "feed.schema.json"
    ).read_bytes()
