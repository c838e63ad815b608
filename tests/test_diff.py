"""`hubctl diff` through the real CLI, on real git repositories made in tmp_path."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    CLI_TODAY,
    TREE_AUTHORITY,
    TREE_BRANCH,
    TREE_HUB,
    TREE_REQUIRED_AREAS,
    ListingsRepository,
    activity_yaml,
    run_cli,
    tree_activity_id,
)

from hubctl.coverage_reports.text import markdown_text
from hubctl.diff_reports.markdown import render_markdown
from hubctl.listing_diff import diff_revisions
from hubctl.taxonomy import load_taxonomy

ACTIVITIES = f"listings/{TREE_AUTHORITY}/activities"
HUB_FILE = f"listings/{TREE_AUTHORITY}/hubs/{TREE_HUB}.yaml"
RPC = "reducing-parental-conflict"
RPC_FILE = f"{ACTIVITIES}/{tree_activity_id(RPC)}.yaml"
# The tree's only activity held at the branch as well as the hub.
FEEDING_FILE = f"{ACTIVITIES}/{tree_activity_id('infant-feeding')}.yaml"


def _change(document: dict[str, Any], listing_id: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [c for c in document["changes"] if c["id"] == listing_id]
    [change] = found
    return change


def _table_rows(markdown: str) -> list[list[str]]:
    rows = [line for line in markdown.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows]


# --- listing changes ------------------------------------------------------------------------


def test_an_added_activity_is_named_with_its_file(listings_repo: ListingsRepository) -> None:
    listings_repo.write(
        f"{ACTIVITIES}/testshire-youth-club.yaml", activity_yaml("testshire-youth-club", "youth")
    )
    listings_repo.commit("youth club")
    document = listings_repo.diff_json("HEAD~1", "HEAD")
    assert document["changes"] == [
        {
            "kind": "activity",
            "id": "testshire-youth-club",
            "authority": TREE_AUTHORITY,
            "change": "added",
            "path": f"{ACTIVITIES}/testshire-youth-club.yaml",
            "old_path": None,
            "fields": [],
            "invalid_at": None,
            "old_authority": None,
        }
    ]
    [gained] = [c for c in document["coverage"] if c["unit"] == "authority"]
    assert [a["area"] for a in gained["gained"]] == ["youth"] and gained["lost"] == []
    assert document["required_lost"] == [] and document["diff_version"] == "2.0.0"


def test_a_removed_activity_loses_its_required_area_per_authority_and_hub(
    listings_repo: ListingsRepository,
) -> None:
    (listings_repo.top / RPC_FILE).unlink()
    listings_repo.commit("no more reducing parental conflict")
    document = listings_repo.diff_json("main~1", "main")
    assert _change(document, tree_activity_id(RPC))["change"] == "removed"
    assert document["by"] == "authority"
    assert document["required_lost"] == [
        {"unit": "authority", "id": TREE_AUTHORITY, "authority": TREE_AUTHORITY, "area": RPC},
    ]
    assert document["other_required_lost"] == [
        {"unit": "hub", "id": TREE_HUB, "authority": TREE_AUTHORITY, "area": RPC},
    ]
    [authority] = [c for c in document["coverage"] if c["unit"] == "authority"]
    assert authority["lost"] == [
        {
            "area": RPC,
            "label": "Reducing parental conflict",
            "required": True,
            "activities": [tree_activity_id(RPC)],
        }
    ]


def test_lost_coverage_fails_only_with_the_flag(listings_repo: ListingsRepository) -> None:
    (listings_repo.top / RPC_FILE).unlink()
    listings_repo.commit("no more reducing parental conflict")
    without = listings_repo.diff("HEAD~1", "HEAD")
    assert without.exit_code == 0 and without.stderr == ""
    failing = listings_repo.diff("HEAD~1", "HEAD", "--fail-on-lost-coverage")
    assert failing.exit_code == 1
    assert failing.stderr.splitlines() == [
        f"hubctl: authority {TREE_AUTHORITY} loses required offer area '{RPC}' (Reducing "
        f"parental conflict): no running activity covers it on {CLI_TODAY} (it was "
        f"{tree_activity_id(RPC)})"
    ]
    by_hub = listings_repo.diff("HEAD~1", "HEAD", "--fail-on-lost-coverage", "--by", "hub")
    assert by_hub.exit_code == 1
    assert by_hub.stderr.startswith(f"hubctl: hub {TREE_HUB} loses required offer area '{RPC}'")


def test_a_gain_alone_does_not_fail(listings_repo: ListingsRepository) -> None:
    listings_repo.write(
        f"{ACTIVITIES}/testshire-youth-club.yaml", activity_yaml("testshire-youth-club", "youth")
    )
    listings_repo.commit("youth club")
    assert listings_repo.diff("HEAD~1", "HEAD", "--fail-on-lost-coverage").exit_code == 0


def test_a_listing_moved_to_another_authority_is_a_rename(
    listings_repo: ListingsRepository,
) -> None:
    online = activity_yaml(
        "parent-line",
        "youth",
        venues="",
        extra="online: {url: https://example.org/parent-line}\n",
    )
    listings_repo.write(f"{ACTIVITIES}/parent-line.yaml", online)
    other = (listings_repo.listings / TREE_AUTHORITY / "authority.yaml").read_text(encoding="utf-8")
    listings_repo.write(
        "listings/otherham/authority.yaml", other.replace(TREE_AUTHORITY, "otherham")
    )
    listings_repo.commit("parent line at testshire")
    (listings_repo.listings / "otherham/activities").mkdir()
    listings_repo.git("mv", f"{ACTIVITIES}/parent-line.yaml", "listings/otherham/activities/")
    listings_repo.commit("parent line moves to otherham")
    document = listings_repo.diff_json("HEAD~1", "HEAD")
    assert document["base"]["errors"] == [] and document["head"]["errors"] == []
    assert document["changes"] == [
        {
            "kind": "activity",
            "id": "parent-line",
            "authority": "otherham",
            "change": "renamed",
            "path": "listings/otherham/activities/parent-line.yaml",
            "old_path": f"{ACTIVITIES}/parent-line.yaml",
            "fields": [],
            "invalid_at": None,
            "old_authority": TREE_AUTHORITY,
        }
    ]
    # Shown in both authorities' sections: where it went, and where it came from.
    markdown = listings_repo.diff("HEAD~1", "HEAD", "--format", "markdown").stdout
    files = [f"{ACTIVITIES}/parent-line.yaml", "listings/otherham/activities/parent-line.yaml"]
    assert [row for row in _table_rows(markdown) if row[0] != "Change"] == [
        ["moved from testshire", "activity", "`parent-line`", "file", *files],
        ["moved to otherham", "activity", "`parent-line`", "file", *files],
    ]
    text = listings_repo.diff("HEAD~1", "HEAD").stdout
    for authority, moved in (("otherham", "from testshire"), (TREE_AUTHORITY, "to otherham")):
        section = text.split(f"\n{authority}: ")[1]
        assert (
            f"  renamed activity parent-line: {files[0]} -> {files[1]} (moved {moved})"
            in (section.split("\n\n")[0])
        )


def test_an_added_schedule_rule_is_named_with_its_number(
    listings_repo: ListingsRepository,
) -> None:
    second_rule = '    closes_at: "11:30"\n  - freq: monthly\n    byday: [1sat]\n'
    second_rule += '    opens_at: "09:00"\n    closes_at: "12:00"\n'
    listings_repo.edit(FEEDING_FILE, '    closes_at: "11:30"\n', second_rule)
    listings_repo.commit("a Saturday session too")
    change = _change(listings_repo.diff_json("HEAD~1", "HEAD"), tree_activity_id("infant-feeding"))
    rule = {"freq": "monthly", "byday": ["1sat"], "opens_at": "09:00", "closes_at": "12:00"}
    [field] = change["fields"]
    assert (field["path"], field["change"], field["old"]) == ("schedule[2]", "added", None)
    assert {key: field["new"][key] for key in rule} == rule
    text = listings_repo.diff("HEAD~1", "HEAD").stdout
    assert (
        '    schedule: added rule 2 ({"freq": "monthly", "byday": ["1sat"], "opens_at": "09:00", '
        '"closes_at": "12:00", "term_time_only": false})\n'
    ) in text


SATURDAY_RULE = (
    '  - freq: monthly\n    byday: [1sat]\n    opens_at: "09:00"\n    closes_at: "12:00"\n'
)


def test_a_rule_inserted_at_the_front_is_one_added_rule(
    listings_repo: ListingsRepository,
) -> None:
    listings_repo.edit(FEEDING_FILE, "schedule:\n", f"schedule:\n{SATURDAY_RULE}")
    listings_repo.commit("a Saturday session first")
    change = _change(listings_repo.diff_json("HEAD~1", "HEAD"), tree_activity_id("infant-feeding"))
    assert [(f["path"], f["change"]) for f in change["fields"]] == [("schedule[1]", "added")]
    text = listings_repo.diff("HEAD~1", "HEAD").stdout
    assert '    schedule: added rule 1 ({"freq": "monthly", "byday": ["1sat"], ' in text


def test_a_rule_inserted_before_a_changed_rule_keeps_the_time_a_field_change(
    listings_repo: ListingsRepository,
) -> None:
    listings_repo.edit(FEEDING_FILE, "schedule:\n", f"schedule:\n{SATURDAY_RULE}")
    listings_repo.edit(FEEDING_FILE, 'opens_at: "10:00"', 'opens_at: "10:15"')
    listings_repo.commit("a Saturday session first, and Tuesdays later")
    change = _change(listings_repo.diff_json("HEAD~1", "HEAD"), tree_activity_id("infant-feeding"))
    added, changed = change["fields"]
    assert (added["path"], added["change"]) == ("schedule[1]", "added")
    assert changed == {
        "path": "schedule[2].opens_at",
        "change": "changed",
        "old": "10:00",
        "new": "10:15",
    }


def test_a_schedule_time_and_a_venue_are_named_field_by_field(
    listings_repo: ListingsRepository,
) -> None:
    listings_repo.edit(FEEDING_FILE, 'opens_at: "10:00"', 'opens_at: "10:30"')
    listings_repo.edit(
        FEEDING_FILE, f"venues: [{TREE_HUB}, {TREE_BRANCH}]", f"venues: [{TREE_HUB}]"
    )
    listings_repo.commit("later, and only at the hub")
    document = listings_repo.diff_json("HEAD~1", "HEAD")
    change = _change(document, tree_activity_id("infant-feeding"))
    assert change["change"] == "changed"
    assert change["fields"] == [
        {"path": "venues", "change": "removed", "old": TREE_BRANCH, "new": None},
        {"path": "schedule[1].opens_at", "change": "changed", "old": "10:00", "new": "10:30"},
    ]
    text = listings_repo.diff("HEAD~1", "HEAD")
    assert f"    venues: removed {TREE_BRANCH}\n" in text.stdout
    assert '    schedule[1].opens_at: "10:00" -> "10:30"\n' in text.stdout


def test_a_normalised_value_written_another_way_is_no_change(
    listings_repo: ListingsRepository,
) -> None:
    listings_repo.edit(HUB_FILE, "postcode: DE1 1AA", "postcode: de11aa")
    listings_repo.edit(HUB_FILE, "town: Testbury", 'town: "Testbury"')
    listings_repo.commit("same hub, typed differently")
    document = listings_repo.diff_json("HEAD~1", "HEAD")
    assert document["has_changes"] is False and document["changes"] == []
    text = listings_repo.diff("HEAD~1", "HEAD")
    assert text.stdout.splitlines()[-1] == "No changes to the listings."


def test_identical_revisions_say_no_changes(listings_repo: ListingsRepository) -> None:
    commit = listings_repo.git("rev-parse", "--short=7", "HEAD").strip()
    result = listings_repo.diff("HEAD", "main")
    assert result.exit_code == 0
    assert result.stdout == (
        f"Changes from HEAD ({commit}) to main ({commit}); coverage on {CLI_TODAY}\n\n"
        "No changes to the listings.\n"
    )


# --- coverage and sites in the pull-request comment ------------------------------------------


def test_markdown_has_a_section_a_table_and_a_warning_block(
    listings_repo: ListingsRepository,
) -> None:
    (listings_repo.top / RPC_FILE).unlink()
    listings_repo.edit(FEEDING_FILE, 'opens_at: "10:00"', 'opens_at: "10:30"')
    listings_repo.commit("one gone, one later")
    result = listings_repo.diff("HEAD~1", "HEAD", "--format", "markdown")
    assert result.exit_code == 0
    markdown = result.stdout
    commits = listings_repo.git("log", "--format=%h", "--abbrev=7", "-2").split()
    assert markdown.startswith(
        f"## Listings changes: HEAD\\~1 ({commits[1]}) → HEAD ({commits[0]})\n\n"
        f"Coverage judged on {CLI_TODAY}.\n\n### Testshire County Council (testshire)\n\n"
        "> [!WARNING]\n"
        f"> - authority testshire loses required offer area '{RPC}' (Reducing parental conflict): "
        f"no running activity covers it on {CLI_TODAY} (it was {tree_activity_id(RPC)})\n\n"
        "> [!NOTE]\n"
        f"> - hub {TREE_HUB} loses required offer area '{RPC}' (Reducing parental conflict): "
        f"no running activity covers it on {CLI_TODAY} (it was {tree_activity_id(RPC)})\n\n"
    )
    assert _table_rows(markdown) == [
        ["Change", "Kind", "Id", "Field", "Before", "After"],
        [
            "changed",
            "activity",
            f"`{tree_activity_id('infant-feeding')}`",
            "`schedule[1].opens_at`",
            '"10:00"',
            '"10:30"',
        ],
        ["removed", "activity", f"`{tree_activity_id(RPC)}`", "file", RPC_FILE, ""],
    ]
    assert (
        "**Coverage:**\n\n- authority `testshire`:\n  - lost Reducing parental conflict "
        f"(`{RPC}`) **required**, by `{tree_activity_id(RPC)}`\n"
    ) in markdown


def test_markdown_escapes_listing_text(listings_repo: ListingsRepository) -> None:
    listings_repo.edit(
        HUB_FILE, "name: Testshire Central Family Hub", 'name: "[x](https://evil.example) <b>|"'
    )
    listings_repo.commit("a hostile name")
    markdown = listings_repo.diff("HEAD~1", "HEAD", "--format", "markdown").stdout
    [row] = [r for r in _table_rows(markdown) if r[3] == "`name`"]
    assert row[5] == '"\\[x\\](https://evil.example) \\<b\\>\\|"'


def test_a_site_left_with_no_activity_is_a_warning(listings_repo: ListingsRepository) -> None:
    listings_repo.edit(
        FEEDING_FILE, f"venues: [{TREE_HUB}, {TREE_BRANCH}]", f"venues: [{TREE_HUB}]"
    )
    listings_repo.commit("the library no longer hosts the feeding cafe")
    document = listings_repo.diff_json("HEAD~1", "HEAD")
    assert document["idle_sites"] == [
        {
            "kind": "branch",
            "id": TREE_BRANCH,
            "authority": TREE_AUTHORITY,
            "path": f"listings/{TREE_AUTHORITY}/branches/{TREE_BRANCH}.yaml",
            "previous_activities": [tree_activity_id("infant-feeding")],
        }
    ]
    text = listings_repo.diff("HEAD~1", "HEAD").stdout
    assert (
        f"  warning: branch {TREE_BRANCH} is left with no running activity "
        f"(it had {tree_activity_id('infant-feeding')})\n"
    ) in text


# --- the working tree, and what git is never asked to do ----------------------------------


def _git_state(listings_repo: ListingsRepository) -> tuple[str, str, bytes]:
    index = (listings_repo.top / ".git" / "index").read_bytes()
    return (
        listings_repo.git("status", "--porcelain=v2", "--untracked-files=all"),
        listings_repo.git("stash", "list"),
        hashlib.sha256(index).digest(),
    )


def test_head_defaults_to_the_working_tree_and_touches_nothing(
    listings_repo: ListingsRepository,
) -> None:
    listings_repo.edit(FEEDING_FILE, 'opens_at: "10:00"', 'opens_at: "09:45"')
    listings_repo.write(
        f"{ACTIVITIES}/testshire-youth-club.yaml", activity_yaml("testshire-youth-club", "youth")
    )
    listings_repo.git("add", f"{ACTIVITIES}/testshire-youth-club.yaml")  # staged, not committed
    before = _git_state(listings_repo)
    mtime = (listings_repo.top / ".git" / "index").stat().st_mtime_ns
    document = listings_repo.diff_json("HEAD")
    assert (listings_repo.top / ".git" / "index").stat().st_mtime_ns == mtime
    assert document["head"] == {
        "label": "working tree",
        "revision": None,
        "commit": None,
        "errors": [],
    }
    assert [(c["id"], c["change"]) for c in document["changes"]] == [
        (tree_activity_id("infant-feeding"), "changed"),
        ("testshire-youth-club", "added"),
    ]
    assert _git_state(listings_repo) == before


def test_a_bad_revision_is_exit_2_with_one_line(listings_repo: ListingsRepository) -> None:
    result = listings_repo.diff("no-such-branch")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        f"hubctl: unknown revision 'no-such-branch' in {listings_repo.top.resolve().as_posix()}; "
        "give a branch, tag or commit that exists there (git log --oneline shows them; fetch "
        "it first in a shallow CI clone)\n"
    )


def test_an_option_given_as_revision_is_exit_2(listings_repo: ListingsRepository) -> None:
    result = run_cli(
        "--listings", listings_repo.listings, "diff", "--on", CLI_TODAY, "--", "--output=/x"
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "hubctl: '--output=/x' is not a revision; give a branch, tag or commit\n"
    )


def test_outside_a_repository_is_exit_2(make_tree: Callable[..., Path], tmp_path: Path) -> None:
    listings = make_tree("plain")
    environment = {"GIT_CEILING_DIRECTORIES": str(tmp_path)}
    result = run_cli("--listings", listings, "diff", "HEAD", env=environment)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        f"hubctl: {listings.as_posix()} is not inside a git repository (not a git repository "
        "(or any of the parent directories): .git); run hubctl diff in a clone of the listings "
        "repository, or pass --listings DIR\n"
    )


# --- invalid files and links at a revision -------------------------------------------------


def test_a_file_invalid_at_one_revision_is_listed_and_not_compared(
    listings_repo: ListingsRepository,
) -> None:
    listings_repo.edit(FEEDING_FILE, "status: running", "status: runing")
    listings_repo.edit(HUB_FILE, 'opens_at: "09:00"', 'opens_at: "08:30"')
    listings_repo.commit("a typo, and the hub opens earlier")
    document = listings_repo.diff_json("HEAD~1", "HEAD")
    assert document["base"]["errors"] == []
    [error] = document["head"]["errors"]
    assert (error["path"], error["line"], error["code"]) == (FEEDING_FILE, 4, "HUB104")
    # The hub is still compared; the invalid activity is neither removed nor changed, and
    # still counts for coverage as it was.
    commit = listings_repo.git("rev-parse", "--short=7", "HEAD").strip()
    assert [(c["id"], c["change"], c["invalid_at"]) for c in document["changes"]] == [
        (TREE_HUB, "changed", None),
        (tree_activity_id("infant-feeding"), "invalid", f"HEAD ({commit})"),
    ]
    assert document["coverage"] == [] and document["other_required_lost"] == []
    assert listings_repo.diff("HEAD~1", "HEAD").stdout.endswith(
        f"Errors at HEAD ({commit}) (a file with an error of its own is left out of the "
        f"comparison):\n  {FEEDING_FILE}:4:9: error HUB104 {error['message']}\n"
    )
    markdown = listings_repo.diff("HEAD~1", "HEAD", "--format", "markdown").stdout
    assert markdown.endswith(
        f"### Errors at HEAD ({commit})\n\nA file with an error of its own is left out of the "
        f"comparison.\n\n- {FEEDING_FILE}:4:9: HUB104 {markdown_text(error['message'])}\n"
    )


def test_a_symlink_committed_into_git_is_reported_and_not_followed(
    listings_repo: ListingsRepository, tmp_path: Path
) -> None:
    secret = tmp_path / "outside.yaml"
    secret.write_text(activity_yaml("secret-activity", "youth"), encoding="utf-8")
    link = listings_repo.top / ACTIVITIES / "secret-activity.yaml"
    link.symlink_to(secret)
    listings_repo.commit("a link to a file outside the repository")
    link.unlink()  # the working tree no longer has it: only git does
    document = listings_repo.diff_json("HEAD~1", "HEAD")
    assert [c["id"] for c in document["changes"]] == []
    [error] = document["head"]["errors"]
    assert (error["path"], error["code"]) == (f"{ACTIVITIES}/secret-activity.yaml", "HUB015")


def test_text_names_every_change_of_an_authority(listings_repo: ListingsRepository) -> None:
    (listings_repo.top / RPC_FILE).unlink()
    listings_repo.edit(FEEDING_FILE, 'opens_at: "10:00"', 'opens_at: "10:30"')
    listings_repo.write(
        f"{ACTIVITIES}/testshire-youth-club.yaml", activity_yaml("testshire-youth-club", "youth")
    )
    listings_repo.commit("one gone, one later, one new")
    result = listings_repo.diff("HEAD~1", "HEAD")
    commits = listings_repo.git("log", "--format=%h", "--abbrev=7", "-2").split()
    rpc = tree_activity_id(RPC)
    lost = f"{RPC} (required; {rpc})"
    message = (
        f"loses required offer area '{RPC}' (Reducing parental conflict): no running activity "
        f"covers it on {CLI_TODAY} (it was {rpc})"
    )
    assert result.stdout.splitlines() == [
        f"Changes from HEAD~1 ({commits[1]}) to HEAD ({commits[0]}); coverage on {CLI_TODAY}",
        "",
        "testshire: Testshire County Council",
        f"  changed activity {tree_activity_id('infant-feeding')} ({FEEDING_FILE})",
        '    schedule[1].opens_at: "10:00" -> "10:30"',
        f"  removed activity {rpc} ({RPC_FILE})",
        f"  added activity testshire-youth-club ({ACTIVITIES}/testshire-youth-club.yaml)",
        f"  coverage of authority testshire: lost {lost}; gained youth (testshire-youth-club)",
        f"  coverage of hub {TREE_HUB}: lost {lost}; gained youth (testshire-youth-club)",
        f"  warning: authority testshire {message}",
        f"  note: hub {TREE_HUB} {message}",
    ]


def test_an_area_waived_in_the_same_change_is_not_lost_coverage(
    listings_repo: ListingsRepository,
) -> None:
    (listings_repo.top / RPC_FILE).unlink()
    with (listings_repo.listings / TREE_AUTHORITY / "authority.yaml").open(
        "a", encoding="utf-8"
    ) as file:
        file.write(f"coverage:\n  waived:\n    - area: {RPC}\n      reason: The county runs it.\n")
    listings_repo.commit("the county runs it instead")
    assert listings_repo.diff("HEAD~1", "HEAD", "--fail-on-lost-coverage").exit_code == 0
    document = listings_repo.diff_json("HEAD~1", "HEAD")
    assert document["required_lost"] == []
    [authority] = [c for c in document["coverage"] if c["unit"] == "authority"]
    assert [(a["area"], a["required"]) for a in authority["lost"]] == [(RPC, False)]


def test_listings_in_a_sub_folder_given_relative(
    tmp_path: Path, make_tree: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_tree("data/listings")
    repository = ListingsRepository(tmp_path)
    repository.git("init", "--quiet", "-b", "main")
    repository.commit("listings in data/")
    repository.edit(f"data/{HUB_FILE}", "name: Testshire Central Family Hub", "name: Central Hub")
    monkeypatch.chdir(tmp_path / "data")
    result = run_cli(
        "--listings", "listings", "diff", "main", "--on", CLI_TODAY, "--format", "json"
    )
    assert result.exit_code == 0, result.output
    [change] = json.loads(result.stdout)["changes"]
    assert (change["path"], change["fields"]) == (
        f"data/{HUB_FILE}",
        [
            {
                "path": "name",
                "change": "changed",
                "old": "Testshire Central Family Hub",
                "new": "Central Hub",
            }
        ],
    )


def test_a_file_replaced_by_a_link_is_not_reported_as_removed(
    listings_repo: ListingsRepository,
) -> None:
    (listings_repo.top / RPC_FILE).unlink()
    (listings_repo.top / RPC_FILE).symlink_to(listings_repo.top / FEEDING_FILE)
    document = listings_repo.diff_json("HEAD")
    assert [(c["id"], c["change"]) for c in document["changes"]] == [
        (tree_activity_id(RPC), "invalid")
    ]
    assert document["required_lost"] == []
    assert [(e["path"], e["code"]) for e in document["head"]["errors"]] == [(RPC_FILE, "HUB015")]


def test_a_base_without_listings_names_the_folder_not_a_temporary_one(
    tmp_path: Path, make_tree: Callable[..., Path]
) -> None:
    repository = ListingsRepository(tmp_path)
    repository.git("init", "--quiet", "-b", "main")
    repository.write("README.md", "Listings to come.\n")
    repository.commit("an empty repository")
    make_tree()  # the listings arrive in the working tree
    document = repository.diff_json("HEAD")
    [error] = document["base"]["errors"]
    assert (error["path"], error["code"]) == ("listings", "HUB210")
    assert document["head"]["errors"] == []
    assert {c["change"] for c in document["changes"]} == {"added"}
    assert len(document["changes"]) == 3 + len(TREE_REQUIRED_AREAS)


def test_a_closed_hub_is_listed_as_gone_and_only_its_authority_can_fail(
    listings_repo: ListingsRepository,
) -> None:
    listings_repo.edit(HUB_FILE, "status: open", "status: closed")
    listings_repo.commit("the central hub closes")
    document = listings_repo.diff_json("HEAD~1", "HEAD")
    [hub] = [c for c in document["coverage"] if c["unit"] == "hub"]
    assert (hub["id"], hub["presence"], hub["gained"]) == (TREE_HUB, "removed", [])
    lost_by_authority = [a["area"] for a in document["required_lost"] if a["unit"] == "authority"]
    # The feeding cafe is also at the branch, which stays open.
    assert lost_by_authority == [a for a in TREE_REQUIRED_AREAS if a != "infant-feeding"]
    assert [a for a in document["required_lost"] if a["unit"] == "hub"] == []


def test_a_diff_too_long_for_one_comment_keeps_every_warning_first(
    listings_repo: ListingsRepository,
) -> None:
    """GitHub refuses a comment over 65,536 characters: the markdown is cut to fit, with a
    note, and every lost area is still named before the cut."""
    (listings_repo.top / RPC_FILE).unlink()
    for number in range(12):
        listing_id = f"testshire-group-{number:02d}"
        listings_repo.write(f"{ACTIVITIES}/{listing_id}.yaml", activity_yaml(listing_id, "youth"))
    listings_repo.commit("new groups, and the conflict service gone")
    listing_diff = diff_revisions(
        listings_repo.listings, "HEAD~1", "HEAD", on=date.fromisoformat(CLI_TODAY)
    )
    full = render_markdown(listing_diff)
    limit = 1_500
    assert len(full) > limit
    cut = render_markdown(listing_diff, limit=limit)
    assert len(cut) <= limit
    heading, judged, warnings, *_ = cut.split("\n\n")
    assert full.startswith(f"{heading}\n\n{judged}\n\n")
    assert warnings.splitlines()[0] == "> [!WARNING]"
    assert sum(f"loses required offer area '{RPC}'" in line for line in warnings.splitlines()) == 1
    assert cut.endswith(
        f"({len(full):,} characters in all); run `hubctl diff` with the same revisions, "
        "or see the job summary, for the rest.*\n"
    )
    assert "| added | activity | `testshire-group-00` |" in cut
    assert "`testshire-group-11`" in full and "`testshire-group-11`" not in cut


# --- a listings folder missing at HEAD, and no private path in any message (issue 10) ----


def test_a_misspelt_listings_folder_fails_and_names_no_private_folder(
    listings_repo: ListingsRepository,
) -> None:
    misspelt = listings_repo.top / "listngs"
    result = run_cli(
        "--listings", misspelt, "diff", "main", "--on", CLI_TODAY, "--fail-on-lost-coverage"
    )
    assert result.exit_code == 1 and "hubctl-diff-" not in result.output
    assert result.stdout == (
        f"{misspelt.as_posix()}:1:1: error HUB012 the listings folder does not exist; pass "
        "--listings DIR or run from the repository's top folder\n"
    )
    assert result.stderr == (
        f"hubctl: the listings folder {misspelt.as_posix()} does not exist in the working "
        "tree, so there is nothing to compare; check --listings\n"
    )


def test_a_head_revision_without_the_listings_folder_fails(
    listings_repo: ListingsRepository,
) -> None:
    listings_repo.git("rm", "-r", "--quiet", "listings")
    listings_repo.commit("listings gone")
    result = listings_repo.diff("HEAD~1", "HEAD", "--format", "json")
    commit = listings_repo.git("rev-parse", "--short=7", "HEAD").strip()
    assert result.exit_code == 1 and result.stdout.startswith("listings:1:1: error HUB012 ")
    assert result.stderr == (
        f"hubctl: the listings folder listings does not exist at HEAD ({commit}), so there "
        "is nothing to compare; check --listings\n"
    )


def test_a_base_revision_without_listings_names_no_private_folder(
    listings_repo: ListingsRepository,
) -> None:
    # A commit of the empty tree, as a repository's first commit often is.
    empty_tree = listings_repo.git("hash-object", "-t", "tree", "/dev/null").strip()
    empty = listings_repo.git("commit-tree", empty_tree, "-m", "empty").strip()
    listings_repo.git("branch", "empty", empty)
    result = listings_repo.diff("empty", "main")
    assert result.exit_code == 0 and "hubctl-diff-" not in result.output
    document = listings_repo.diff_json("empty", "main")
    [error] = document["base"]["errors"]
    assert error["message"] == (
        "the listings folder 'listings' holds no authority (no <authority>/authority.yaml in "
        "it); add listings/<authority>/authority.yaml, or check --listings"
    )


# --- what --fail-on-lost-coverage judges (issue 10) ---------------------------------------

NORTH_HUB = "testshire-north-hub"


def test_a_service_moved_between_hubs_of_one_authority_is_no_loss(
    listings_repo: ListingsRepository,
) -> None:
    hub = (listings_repo.top / HUB_FILE).read_text(encoding="utf-8")
    listings_repo.write(
        f"listings/{TREE_AUTHORITY}/hubs/{NORTH_HUB}.yaml",
        hub.replace(TREE_HUB, NORTH_HUB).replace("Central", "North"),
    )
    listings_repo.commit("a second hub")
    listings_repo.edit(RPC_FILE, f"venues: [{TREE_HUB}]", f"venues: [{NORTH_HUB}]")
    listings_repo.commit("the conflict service moves to the north hub")
    assert listings_repo.diff("HEAD~1", "HEAD", "--fail-on-lost-coverage").exit_code == 0
    text = listings_repo.diff("HEAD~1", "HEAD").stdout
    assert f"  note: hub {TREE_HUB} loses required offer area '{RPC}'" in text
    assert "warning:" not in text
    by_hub = listings_repo.diff("HEAD~1", "HEAD", "--fail-on-lost-coverage", "--by", "hub")
    assert by_hub.exit_code == 1


def _second_authority(listings_repo: ListingsRepository) -> None:
    authority = (listings_repo.listings / TREE_AUTHORITY / "authority.yaml").read_text(
        encoding="utf-8"
    )
    listings_repo.write(
        "listings/otherham/authority.yaml", authority.replace(TREE_AUTHORITY, "otherham")
    )
    listings_repo.commit("a second authority")


@pytest.mark.parametrize("removed", [TREE_AUTHORITY, f"{TREE_AUTHORITY}/authority.yaml"])
def test_removing_an_authority_loses_every_required_area_it_covered(
    listings_repo: ListingsRepository, removed: str
) -> None:
    _second_authority(listings_repo)
    listings_repo.git("rm", "-r", "--quiet", f"listings/{removed}")
    listings_repo.commit(f"remove {removed}")
    failing = listings_repo.diff("HEAD~1", "HEAD", "--fail-on-lost-coverage")
    assert failing.exit_code == 1
    assert failing.stderr.splitlines() == [
        f"hubctl: authority {TREE_AUTHORITY} is removed and loses required offer area "
        f"'{area}' ({label}): no running activity covers it on {CLI_TODAY} (it was "
        f"{tree_activity_id(area)})"
        for area, label in _required_labels()
    ]
    markdown = listings_repo.diff("HEAD~1", "HEAD", "--format", "markdown").stdout
    section = markdown.split("### Testshire County Council (testshire)\n\n")[1]
    assert section.startswith(
        f"> [!WARNING]\n> - authority {TREE_AUTHORITY} is removed and loses required offer "
    )


def _required_labels() -> list[tuple[str, str]]:
    return sorted(
        ((a.id, a.label) for a in load_taxonomy().areas if a.id in TREE_REQUIRED_AREAS),
        key=lambda pair: TREE_REQUIRED_AREAS.index(pair[0]),
    )


def test_a_hub_invalid_at_head_is_marked_invalid_not_gone(
    listings_repo: ListingsRepository,
) -> None:
    listings_repo.edit(HUB_FILE, "postcode: DE1 1AA", "postcode: DE1 1XXX")
    document = listings_repo.diff_json("main")
    assert [(c["id"], c["change"], c["invalid_at"]) for c in document["changes"]] == [
        (TREE_HUB, "invalid", "working tree")
    ]
    # Its activities still count; the hub is not reported gone, nor its areas lost.
    assert document["coverage"] == [] and document["idle_sites"] == []
    assert document["required_lost"] == document["other_required_lost"] == []
    [error] = document["head"]["errors"]
    assert (error["path"], error["line"], error["code"]) == (HUB_FILE, 7, "HUB105")
    text = listings_repo.diff("main").stdout
    assert "gone" not in text
    assert f"  hub {TREE_HUB} invalid at working tree (see errors) ({HUB_FILE})\n" in text
    assert f"\n  {HUB_FILE}:7:13: error HUB105 " in text


# --- CI and the messages around a diff (issue 10) ------------------------------------------


def test_under_github_actions_lost_coverage_is_an_error_annotation(
    listings_repo: ListingsRepository,
) -> None:
    (listings_repo.top / RPC_FILE).unlink()
    listings_repo.commit("no more reducing parental conflict")
    result = run_cli(
        "--listings",
        listings_repo.listings,
        "diff",
        "HEAD~1",
        "HEAD",
        "--on",
        CLI_TODAY,
        "--fail-on-lost-coverage",
        env={"GITHUB_ACTIONS": "true"},
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"::error title=lost coverage::authority {TREE_AUTHORITY} loses required offer area "
        f"'{RPC}' (Reducing parental conflict): no running activity covers it on {CLI_TODAY} "
        f"(it was {tree_activity_id(RPC)})\n"
    )


def test_head_adding_only_broken_files_says_so(listings_repo: ListingsRepository) -> None:
    listings_repo.write(f"{ACTIVITIES}/broken.yaml", "id: broken\nname: [unclosed\n")
    result = listings_repo.diff("main")
    assert result.exit_code == 0
    assert (
        "\n\nNo valid changes to compare: the files changed at working tree have errors "
        "(listed below); fix them and run hubctl diff again.\n\nErrors at working tree"
    ) in result.stdout


def test_a_range_suggests_its_two_ends(listings_repo: ListingsRepository) -> None:
    result = listings_repo.diff("main..HEAD")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        "hubctl: 'main..HEAD' is a range, not a revision; give its two ends: "
        "hubctl diff main HEAD\n"
    )
