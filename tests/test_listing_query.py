"""`hubctl list`: every filter and format through the real CLI, on a tree built for it."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    CLI_TODAY,
    TREE_AUTHORITY,
    TREE_BRANCH,
    TREE_HUB,
    TREE_REQUIRED_AREAS,
    activity_yaml,
    run_cli,
    tree_activity_id,
)

from hubctl.listing_query import COLUMNS

OTHER_AUTHORITY = "otherton"
OTHER_HUB = "otherton-hub"
NORTH_HUB = "testshire-north-hub"
# The tree's own activities, all at TREE_HUB (the first also at TREE_BRANCH).
TREE_ACTIVITIES = [tree_activity_id(area) for area in TREE_REQUIRED_AREAS]
# Activities added for these tests: id -> file text.
EXTRA_ACTIVITIES = {
    "branch-only-rhymes": activity_yaml(
        "branch-only-rhymes", "early-language", venues=TREE_BRANCH, last_reviewed="2025-12-01"
    ),
    "north-teen-club": activity_yaml(
        "north-teen-club",
        "youth",
        venues=NORTH_HUB,
        age_range="{min: 12, max: 19}",
        schedule='  - freq: monthly\n    byday: [1fri]\n    opens_at: "18:00"\n'
        '    closes_at: "20:00"\n',
        last_reviewed="2025-06-01",  # overdue (HUB401, a warning)
    ),
    "online-parenting": activity_yaml(
        "online-parenting",
        "parenting-support",
        name='=HYPERLINK("https://evil.example")',
        venues="",
        extra="online: {url: https://testshire.example.org/online}\n",
        schedule="by-appointment",
    ),
}


@pytest.fixture
def listings(make_tree: Callable[..., Path]) -> Path:
    """The small tree, plus a north hub, three more activities and a second authority."""
    root = make_tree()
    files = {
        f"{TREE_AUTHORITY}/hubs/{NORTH_HUB}.yaml": _hub_yaml(NORTH_HUB, "North \u202eHub"),
        f"{OTHER_AUTHORITY}/authority.yaml": (
            f"id: {OTHER_AUTHORITY}\nname: Otherton Council\nons_code: E10000098\n"
            "website: https://otherton.example.org/\n"
        ),
        f"{OTHER_AUTHORITY}/hubs/{OTHER_HUB}.yaml": _hub_yaml(OTHER_HUB, "Otherton Hub"),
        f"{OTHER_AUTHORITY}/activities/otherton-online.yaml": activity_yaml(
            "otherton-online",
            "family-support",
            venues=OTHER_HUB,
            extra="online: {url: https://otherton.example.org/online}\n",
        ),
    }
    files |= {f"{TREE_AUTHORITY}/activities/{i}.yaml": t for i, t in EXTRA_ACTIVITIES.items()}
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _hub_yaml(hub_id: str, name: str) -> str:
    return (
        f'id: {hub_id}\nname: "{name}"\nstatus: open\n'
        "address: {line1: 1 Road, town: Testbury, postcode: DE1 1AA}\nlast_reviewed: 2026-10-01\n"
    )


def _list(listings: Path, *arguments: str) -> Any:
    result = run_cli("--listings", listings, "list", *arguments, "--on", CLI_TODAY)
    assert result.exit_code == 0, result.output
    return result


def _items(listings: Path, *arguments: str) -> list[dict[str, Any]]:
    document = json.loads(_list(listings, *arguments, "--format", "json").stdout)
    items: list[dict[str, Any]] = document["items"]
    return items


def _ids(listings: Path, *arguments: str) -> list[str]:
    return [item["id"] for item in _items(listings, *arguments)]


def test_json_lists_every_hub_sorted_by_id_with_its_columns(listings: Path) -> None:
    document = json.loads(_list(listings, "hubs", "--format", "json").stdout)
    assert (document["list_version"], document["kind"], document["on"]) == (
        "1.0.0",
        "hubs",
        CLI_TODAY,
    )
    assert [item["id"] for item in document["items"]] == [OTHER_HUB, TREE_HUB, NORTH_HUB]
    central = document["items"][1]
    assert list(central) == list(COLUMNS["hubs"])
    assert central["branches"] == [TREE_BRANCH]
    assert (central["last_reviewed"], central["review_due"]) == ("2026-10-01", "2027-10-01")


def test_json_activity_values_keep_their_types(listings: Path) -> None:
    (teen,) = [i for i in _items(listings, "activities") if i["id"] == "north-teen-club"]
    assert teen["age_min"] == 12 and teen["age_max"] == 19 and teen["days"] == ["1fri"]
    assert teen["online"] is False and teen["venues"] == [NORTH_HUB]
    (online,) = [i for i in _items(listings, "activities") if i["id"] == "online-parenting"]
    assert online["name"] == '=HYPERLINK("https://evil.example")'  # JSON keeps every value
    assert (online["venues"], online["online"], online["days"]) == ([], True, ["by-appointment"])


def test_a_self_paced_course_has_its_word_for_days_and_matches_no_day(listings: Path) -> None:
    (listings / TREE_AUTHORITY / "activities" / "self-paced-course.yaml").write_text(
        activity_yaml(
            "self-paced-course",
            "parenting-support",
            venues="",
            extra="online: {url: https://testshire.example.org/online/course}\n",
            schedule="self-paced",
        ),
        encoding="utf-8",
    )
    (course,) = [i for i in _items(listings, "activities") if i["id"] == "self-paced-course"]
    assert (course["venues"], course["online"], course["days"]) == ([], True, ["self-paced"])
    for day in ("mon", "tue", "sat"):
        assert "self-paced-course" not in _ids(listings, "activities", "--day", day)


def test_branches_list_their_hub(listings: Path) -> None:
    (branch,) = _items(listings, "branches")
    assert list(branch) == list(COLUMNS["branches"])
    assert (branch["id"], branch["hub"], branch["site_type"]) == (TREE_BRANCH, TREE_HUB, "library")


def test_table_is_tabulated_with_one_row_per_listing_and_a_count(listings: Path) -> None:
    result = _list(listings, "hubs")
    lines = result.stdout.splitlines()
    assert lines[0].split() == list(COLUMNS["hubs"])
    assert set(lines[1]) == {"-", " "}
    assert [line.split()[0] for line in lines[2:]] == [OTHER_HUB, TREE_HUB, NORTH_HUB]
    assert result.stderr == "3 hubs\n"


def test_table_escapes_what_would_drive_the_terminal(listings: Path) -> None:
    stdout = _list(listings, "hubs").stdout
    assert "North \\u202eHub" in stdout and "\u202e" not in stdout


def test_csv_escapes_formulas_and_joins_lists(listings: Path) -> None:
    stdout = _list(listings, "activities", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(stdout)))
    assert list(rows[0]) == list(COLUMNS["activities"])
    by_id = {row["id"]: row for row in rows}
    assert by_id["online-parenting"]["name"] == '\'=HYPERLINK("https://evil.example")'
    first = by_id[TREE_ACTIVITIES[0]]
    assert first["venues"] == f"{TREE_HUB};{TREE_BRANCH}"
    assert by_id["north-teen-club"]["days"] == "1fri"  # a code column, written as it is
    assert (first["age_min"], first["online"]) == ("0", "false")


def test_authority_filter(listings: Path) -> None:
    assert _ids(listings, "activities", "--authority", OTHER_AUTHORITY) == ["otherton-online"]
    assert _ids(listings, "hubs", "--authority", TREE_AUTHORITY) == [TREE_HUB, NORTH_HUB]


def test_hub_filter_on_hubs_and_branches(listings: Path) -> None:
    assert _ids(listings, "hubs", "--hub", NORTH_HUB) == [NORTH_HUB]
    assert _ids(listings, "branches", "--hub", TREE_HUB) == [TREE_BRANCH]
    assert _ids(listings, "branches", "--hub", NORTH_HUB) == []


def test_hub_filter_on_activities_counts_as_coverage_by_hub_does(listings: Path) -> None:
    # At the hub or its branches, plus the venue-less ones of its authority (not Otherton's).
    assert _ids(listings, "activities", "--hub", TREE_HUB) == sorted(
        [*TREE_ACTIVITIES, "branch-only-rhymes", "online-parenting"]
    )
    assert _ids(listings, "activities", "--hub", NORTH_HUB) == [
        "north-teen-club",
        "online-parenting",
    ]


def test_area_filter(listings: Path) -> None:
    assert _ids(listings, "activities", "--area", "early-language") == [
        "branch-only-rhymes",
        tree_activity_id("early-language"),
    ]
    assert _ids(listings, "activities", "--area", "youth", "--area", "family-support") == [
        "north-teen-club",
        "otherton-online",
        tree_activity_id("family-support"),
    ]


def test_age_filter_includes_both_ends(listings: Path) -> None:
    assert _ids(listings, "activities", "--age", "19") == ["north-teen-club"]
    assert _ids(listings, "activities", "--age", "12", "--authority", TREE_AUTHORITY) == [
        "north-teen-club"
    ]
    assert len(_ids(listings, "activities", "--age", "1.5")) == len(TREE_ACTIVITIES) + 3


def test_day_filter_takes_weekly_and_monthly_rules(listings: Path) -> None:
    assert _ids(listings, "activities", "--day", "fri") == ["north-teen-club"]
    tuesday = _ids(listings, "activities", "--day", "tue")
    assert "online-parenting" not in tuesday and "north-teen-club" not in tuesday
    assert len(tuesday) == len(TREE_ACTIVITIES) + 2  # the tree's, rhymes and Otherton's
    assert _ids(listings, "activities", "--day", "sun") == []


def test_due_filter_takes_reviews_due_within_the_days_and_overdue_ones(listings: Path) -> None:
    # branch-only-rhymes is due 2026-12-01 (8 days after CLI_TODAY); the teen club is overdue.
    assert _ids(listings, "activities", "--due", "7") == ["north-teen-club"]
    assert _ids(listings, "activities", "--due", "8") == ["branch-only-rhymes", "north-teen-club"]
    assert _ids(listings, "hubs", "--due", "0") == []
    assert len(_ids(listings, "hubs", "--due", "400")) == 3


def test_filters_combine(listings: Path) -> None:
    assert _ids(listings, "activities", "--hub", TREE_HUB, "--due", "30", "--day", "tue") == [
        "branch-only-rhymes"
    ]


def test_no_match_is_exit_0_with_a_zero_count(listings: Path) -> None:
    result = _list(listings, "activities", "--day", "sun")
    assert (result.stdout, result.stderr) == ("", "0 activities\n")
    result = _list(listings, "branches", "--hub", NORTH_HUB, "--format", "csv")
    assert result.stdout_bytes == (",".join(COLUMNS["branches"]) + "\r\n").encode()
    assert result.stderr == "0 branches\n"
    assert _list(listings, "hubs", "--hub", NORTH_HUB).stderr == "1 hub\n"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--authority", "testshir"), "unknown authority 'testshir' (did you mean 'testshire'?)"),
        (("--hub", "testshire-north"), "unknown hub 'testshire-north' (did you mean "),
        (("--area", "infant-feding"), "unknown offer area 'infant-feding' (did you mean "),
        (
            ("--hub", TREE_BRANCH),
            f"'{TREE_BRANCH}' is a branch of the hub '{TREE_HUB}', not a hub; use --hub {TREE_HUB}",
        ),
    ],
)
def test_unknown_ids_are_usage_errors_with_a_did_you_mean(
    listings: Path, arguments: tuple[str, ...], message: str
) -> None:
    result = run_cli("--listings", listings, "list", "activities", *arguments)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"hubctl: {message}") and result.stderr.count("\n") == 1


@pytest.mark.parametrize("option", [("--area", "youth"), ("--age", "3"), ("--day", "mon")])
def test_activity_filters_on_sites_are_usage_errors(
    listings: Path, option: tuple[str, str]
) -> None:
    result = run_cli("--listings", listings, "list", "hubs", *option)
    assert result.exit_code == 2
    assert result.stderr == (
        "hubctl: --area, --age and --day filter activities, not hubs; "
        "use 'hubctl list activities'\n"
    )


@pytest.mark.parametrize(
    "arguments", [("--day", "monday"), ("--age", "26"), ("--due", "-1"), ("--format", "xml")]
)
def test_bad_option_values_are_click_usage_errors(
    listings: Path, arguments: tuple[str, ...]
) -> None:
    result = run_cli("--listings", listings, "list", "activities", *arguments)
    assert result.exit_code == 2 and "Error: Invalid value" in result.stderr


def test_invalid_listings_are_reported_as_validate_reports_them(listings: Path) -> None:
    broken = listings / f"{TREE_AUTHORITY}/activities/branch-only-rhymes.yaml"
    broken.write_text(broken.read_text("utf-8").replace("status: running", "status: runing"))
    result = run_cli("--listings", listings, "list", "activities", "--on", CLI_TODAY)
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{broken.as_posix()}:4:9: error HUB104 'runing'")
    assert result.stderr == "hubctl: 1 error in the listings; nothing was done\n"
