"""One mistake, one message: a hub or branch whose file failed validation still exists.

Activities and branches that name such a site get no "there is no hub or branch" error
of their own, so the site's real error is the only one a steward reads.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import CLI_TODAY, TREE_AUTHORITY, TREE_BRANCH, TREE_HUB, activity_yaml, run_cli


def validate_json(listings: Path) -> list[dict[str, object]]:
    """`hubctl validate --format json` over `listings`: its diagnostics."""
    result = run_cli("--listings", listings, "validate", "--format", "json", "--on", CLI_TODAY)
    diagnostics: list[dict[str, object]] = json.loads(result.stdout)["diagnostics"]
    return diagnostics


def test_hub_with_a_postcode_typo_gives_only_the_postcode_error(
    make_tree: Callable[..., Path],
) -> None:
    listings = make_tree()
    hub_file = listings / TREE_AUTHORITY / "hubs" / f"{TREE_HUB}.yaml"
    hub_file.write_text(hub_file.read_text().replace("DE1 1AA", "DE1 1AAA"))
    activities = listings / TREE_AUTHORITY / "activities"
    for number in range(8):  # Becket's 8 activities, on top of the tree's 9 at this hub
        activity_id = f"becket-session-{number}"
        (activities / f"{activity_id}.yaml").write_text(
            activity_yaml(activity_id, "play-and-groups")
        )
    diagnostics = validate_json(listings)
    assert [(Path(str(d["path"])).name, d["line"], d["code"]) for d in diagnostics] == [
        (f"{TREE_HUB}.yaml", 7, "HUB105")
    ]


def test_invalid_site_resolves_by_its_raw_id_when_the_file_name_differs(
    make_tree: Callable[..., Path],
) -> None:
    listings = make_tree()
    (listings / TREE_AUTHORITY / "hubs" / "new-east-hub.yaml").write_text(
        "id: testshire-east-hub\nname: East Hub\nstatus: open\n"
        "address: {line1: 1 Road, town: Testbury, postcode: XX1 1XX}\n"
        "last_reviewed: 2026-10-01\n"
    )
    (listings / TREE_AUTHORITY / "activities" / "east-cafe.yaml").write_text(
        activity_yaml("east-cafe", "play-and-groups", venues="testshire-east-hub")
    )
    diagnostics = validate_json(listings)
    assert [(Path(str(d["path"])).name, d["code"]) for d in diagnostics] == [
        ("new-east-hub.yaml", "HUB105")
    ]


def test_invalid_branch_resolves_by_its_file_name_when_its_id_is_broken(
    make_tree: Callable[..., Path],
) -> None:
    listings = make_tree()
    (listings / TREE_AUTHORITY / "branches" / "testshire-east-library.yaml").write_text(
        "id: [testshire-east-library]\nname: East Library\nstatus: open\n"
        f"hub: {TREE_HUB}\nsite_type: library\n"
        "address: {line1: 1 Road, town: Testbury, postcode: DE1 2AB}\n"
        "last_reviewed: 2026-10-01\n"
    )
    (listings / TREE_AUTHORITY / "activities" / "east-rhymes.yaml").write_text(
        activity_yaml("east-rhymes", "play-and-groups", venues="testshire-east-library")
    )
    diagnostics = validate_json(listings)
    assert [(Path(str(d["path"])).name, d["code"]) for d in diagnostics] == [
        ("testshire-east-library.yaml", "HUB103")
    ]


def test_a_venue_that_no_file_holds_is_still_unknown(make_tree: Callable[..., Path]) -> None:
    listings = make_tree()
    (listings / TREE_AUTHORITY / "activities" / "lost-cafe.yaml").write_text(
        activity_yaml("lost-cafe", "play-and-groups", venues="testshire-nowhere")
    )
    assert [d["code"] for d in validate_json(listings)] == ["HUB206"]


def test_a_site_id_typo_gives_only_the_id_error(make_tree: Callable[..., Path]) -> None:
    listings = make_tree()
    branch_file = listings / TREE_AUTHORITY / "branches" / f"{TREE_BRANCH}.yaml"
    branch_file.write_text(branch_file.read_text().replace(f"id: {TREE_BRANCH}", "id: x-branc"))
    diagnostics = validate_json(listings)
    assert [(Path(str(d["path"])).name, d["line"], d["code"]) for d in diagnostics] == [
        (f"{TREE_BRANCH}.yaml", 1, "HUB203")
    ]


def test_did_you_mean_never_suggests_an_id_reported_as_wrong(
    make_tree: Callable[..., Path],
) -> None:
    listings = make_tree()
    branch_file = listings / TREE_AUTHORITY / "branches" / f"{TREE_BRANCH}.yaml"
    wrong_id = TREE_BRANCH.removesuffix("h")
    branch_file.write_text(branch_file.read_text().replace(f"id: {TREE_BRANCH}", f"id: {wrong_id}"))
    typo = TREE_BRANCH.replace("library", "libary")
    (listings / TREE_AUTHORITY / "activities" / "typo-rhymes.yaml").write_text(
        activity_yaml("typo-rhymes", "play-and-groups", venues=typo)
    )
    messages = {str(d["code"]): str(d["message"]) for d in validate_json(listings)}
    assert sorted(messages) == ["HUB203", "HUB206"]
    assert f"(did you mean '{TREE_BRANCH}'?)" in messages["HUB206"]
