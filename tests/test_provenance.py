"""Provenance (README: feed.json's `source`): the published `source` names the last commit
that changed the listings, marked `+dirty` when the working tree differs from it, and the
publication time follows that commit. Real git repositories in tmp_path."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from conftest import (
    COMMIT_DATE,
    TREE_AUTHORITY,
    TREE_HUB,
    ListingsRepository,
    activity_yaml,
    publish_cli,
)

from hubctl.gitinfo import listings_commit

HUB_FILE = f"listings/{TREE_AUTHORITY}/hubs/{TREE_HUB}.yaml"
LATER = "2026-11-22T16:45:00Z"


def published_bytes(out: Path) -> dict[str, bytes]:
    """Every file of a publish by its path inside `out`."""
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file()
    }


def publish_repository(repository: ListingsRepository, name: str) -> dict[str, bytes]:
    # --out outside the repository's top, so the feeds are never part of what git sees.
    out = repository.top.parent / f"{repository.top.name}-{name}"
    result = publish_cli(repository.listings, out)
    assert result.exit_code == 0, result.output
    return published_bytes(out)


def feed_source(files: dict[str, bytes]) -> object:
    return json.loads(files["feed.json"])["source"]


def head(repository: ListingsRepository) -> str:
    return repository.git("rev-parse", "HEAD").strip()


def test_source_and_time_are_the_listings_commit(listings_repo: ListingsRepository) -> None:
    files = publish_repository(listings_repo, "dist")
    manifest = json.loads(files["manifest.json"])
    assert feed_source(files) == manifest["source"] == head(listings_repo)
    assert manifest["published_at"] == COMMIT_DATE
    assert b"DTSTAMP:20261120T090000Z" in files[f"calendar/{TREE_HUB}.ics"]


def test_an_empty_commit_changes_no_published_byte(listings_repo: ListingsRepository) -> None:
    before = publish_repository(listings_repo, "before")
    listings_commit_hash = head(listings_repo)
    listings_repo.commit("an empty commit, later", when=LATER)
    assert head(listings_repo) != listings_commit_hash
    assert publish_repository(listings_repo, "after") == before


def test_a_commit_outside_the_listings_changes_nothing(listings_repo: ListingsRepository) -> None:
    before = publish_repository(listings_repo, "before")
    listings_repo.write("README.md", "How we keep our listings.\n")
    listings_repo.write("tools/notes.yaml", "id: not-a-listing\n")
    listings_repo.commit("docs beside the listings", when=LATER)
    assert publish_repository(listings_repo, "after") == before


def test_a_commit_to_the_listings_is_the_new_source(listings_repo: ListingsRepository) -> None:
    listings_repo.edit(HUB_FILE, "1 Market Place", "3 Market Place")
    listings_repo.commit("the hub moved", when=LATER)
    listings_repo.commit("an empty commit", when="2026-11-23T08:00:00Z")
    files = publish_repository(listings_repo, "dist")
    logged = listings_repo.git("log", "-1", "--format=%H", "--", "listings").strip()
    assert feed_source(files) == logged != head(listings_repo)
    assert json.loads(files["manifest.json"])["published_at"] == LATER


@pytest.mark.parametrize("change", ["edited", "staged", "untracked", "deleted"])
def test_uncommitted_listings_are_marked_dirty(
    listings_repo: ListingsRepository, change: str
) -> None:
    clean = head(listings_repo)
    if change == "deleted":
        extra = f"listings/{TREE_AUTHORITY}/activities/extra-group.yaml"
        listings_repo.write(extra, activity_yaml("extra-group", "youth"))
        listings_repo.commit("one more activity")
        clean = head(listings_repo)
        (listings_repo.top / extra).unlink()
    elif change == "untracked":
        listings_repo.write(f"listings/{TREE_AUTHORITY}/notes.txt", "to do\n")
    else:
        listings_repo.edit(HUB_FILE, "1 Market Place", "3 Market Place")
        if change == "staged":
            listings_repo.git("add", "--all")
    files = publish_repository(listings_repo, "dist")
    manifest = json.loads(files["manifest.json"])
    assert feed_source(files) == manifest["source"] == f"{clean}+dirty"
    # The time is still the commit's: a dirty publish is as reproducible as its files.
    assert manifest["published_at"] == COMMIT_DATE


def test_an_ignored_file_publish_does_not_read_is_not_dirty(
    listings_repo: ListingsRepository,
) -> None:
    clean = head(listings_repo)
    listings_repo.write(".gitignore", "*.bak\n.DS_Store\n")
    listings_repo.commit("ignore backups")
    listings_repo.write(f"listings/{TREE_AUTHORITY}/authority.yaml.bak", "an editor's backup\n")
    listings_repo.write(f"listings/{TREE_AUTHORITY}/.DS_Store", "Finder\n")
    assert feed_source(publish_repository(listings_repo, "dist")) == clean


def test_an_ignored_listing_file_is_dirty(listings_repo: ListingsRepository) -> None:
    # Ignored, so `git status` shows nothing; but publish reads it, and no commit holds it.
    clean = head(listings_repo)
    listings_repo.write(".gitignore", "draft-*.yaml\n")
    listings_repo.commit("drafts stay local")
    draft = f"listings/{TREE_AUTHORITY}/activities/draft-group.yaml"
    listings_repo.write(draft, activity_yaml("draft-group", "youth"))
    assert listings_repo.git("status", "--porcelain") == ""
    assert feed_source(publish_repository(listings_repo, "dist")) == f"{clean}+dirty"


def test_changes_outside_the_listings_are_not_dirty(listings_repo: ListingsRepository) -> None:
    listings_repo.write("README.md", "Work in progress.\n")
    assert feed_source(publish_repository(listings_repo, "dist")) == head(listings_repo)


def test_listings_no_commit_holds_have_no_source(listings_repo: ListingsRepository) -> None:
    # A second tree, never committed, in the same repository.
    other = listings_repo.top / "other"
    other.mkdir()
    for path in listings_repo.listings.rglob("*.yaml"):
        target = other / path.relative_to(listings_repo.listings)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    assert listings_commit(other) is None
    out = listings_repo.top.parent / "other-dist"
    assert publish_cli(other, out).exit_code == 0
    manifest = json.loads((out / "manifest.json").read_bytes())
    assert manifest["source"] is None
    # Without a commit the time is the latest review date (conftest's tree: 2026-10-01).
    assert manifest["published_at"] == "2026-10-01T00:00:00Z"


def test_source_date_epoch_sets_the_time_but_not_the_source(
    listings_repo: ListingsRepository,
) -> None:
    out = listings_repo.top.parent / "dist"
    assert publish_cli(listings_repo.listings, out, env={"SOURCE_DATE_EPOCH": "0"}).exit_code == 0
    manifest = json.loads((out / "manifest.json").read_bytes())
    assert (manifest["source"], manifest["published_at"]) == (
        head(listings_repo),
        "1970-01-01T00:00:00Z",
    )


def test_listings_commit_reads_the_commit_time(listings_repo: ListingsRepository) -> None:
    origin = listings_commit(listings_repo.listings)
    assert origin is not None
    assert (origin.commit, origin.dirty) == (head(listings_repo), False)
    moment = datetime.fromtimestamp(origin.time, tz=timezone.utc)
    assert moment == datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
    assert listings_commit(listings_repo.top / "missing") is None
