"""`hubctl new`: starter files that pass validate as written, placed and linked by the rules."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CLI_TODAY, TREE_AUTHORITY, TREE_BRANCH, TREE_HUB, run_cli

from hubctl.models import MODEL_BY_KIND
from hubctl.starter_templates import starter_models
from hubctl.starter_values import STARTERS

# A key line of a template, written or commented out (`# key:`, `#   - key:`).
_KEY_LINE = re.compile(r"^\s*(?:#\s*)*(?:-\s+)?([a-z_0-9]+):")


def _new(listings: Path, *arguments: str) -> tuple[int, str, str]:
    result = run_cli("--listings", listings, "new", *arguments, "--on", CLI_TODAY)
    return result.exit_code, result.stdout, result.stderr


def _validate_json(listings: Path, *options: str) -> tuple[int, list[dict[str, Any]]]:
    result = run_cli(
        "--listings", listings, "validate", "--format", "json", "--on", CLI_TODAY, *options
    )
    return result.exit_code, json.loads(result.stdout)["diagnostics"]


# What validate warns about (HUB405) in each new file: the fields whose values only the
# steward knows. A new site also hosts nothing yet (HUB402).
_ADDRESS = ["address.line1", "address.town", "address.postcode"]  # in file order
PLACEHOLDERS_WARNED = {
    "authority": ["ons_code", "website"],
    "hub": ["HUB402", *_ADDRESS],
    "branch": ["HUB402", *_ADDRESS],
    "activity": ["description"],
}
# A steward's real values for the placeholders (matched as whole `field: value` lines).
_FILLED_IN = {
    "ons_code: E00000000": "ons_code: E06000099",
    "website: https://www.example.org/family-hubs": "website: https://newshire.gov.uk/hubs",
    "line1: Street address": "line1: 1 Market Place",
    "town: Town": "town: Newbury",
    "postcode: GIR 0AA": "postcode: DE1 2FS",
}


def _placeholder_field(diagnostic: dict[str, Any]) -> str:
    """The field a HUB405 names (else the code): what the steward is told to fill in."""
    if diagnostic["code"] != "HUB405":
        return str(diagnostic["code"])
    assert (
        "a placeholder hubctl new or hubctl import writes; replace it with "
        in diagnostic["message"]
    )
    return str(diagnostic["message"].split(" is still ")[0])


def fill_in_placeholders(listings: Path) -> None:
    """Replace every placeholder hubctl new wrote under `listings` with a real-looking value,
    as a steward filling in the starter files does."""
    for path in listings.rglob("*.yaml"):
        lines = path.read_text(encoding="utf-8").splitlines()
        for index, line in enumerate(lines):
            indent = line[: len(line) - len(line.lstrip())]
            if line.lstrip() in _FILLED_IN:
                lines[index] = indent + _FILLED_IN[line.lstrip()]
            elif line.startswith("description: What ") and line.endswith(" and how to join."):
                lines[index] = "description: A weekly group for parents and babies."
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


NEW_IN_TREE = {
    "authority": ("otherton", "otherton/authority.yaml"),
    "hub": ("testshire-north-hub", f"{TREE_AUTHORITY}/hubs/testshire-north-hub.yaml"),
    "branch": ("testshire-school", f"{TREE_AUTHORITY}/branches/testshire-school.yaml"),
    "activity": ("baby-massage", f"{TREE_AUTHORITY}/activities/baby-massage.yaml"),
}


@pytest.mark.parametrize("kind", sorted(NEW_IN_TREE))
def test_new_file_in_a_tree_passes_validate_as_written(
    kind: str, make_tree: Callable[..., Path]
) -> None:
    listings = make_tree()
    listing_id, relative = NEW_IN_TREE[kind]
    exit_code, stdout, stderr = _new(listings, kind, listing_id)
    assert exit_code == 0, stderr
    assert stdout == f"{(listings / relative).as_posix()}\n"
    assert "next: fill in its values" in stderr
    exit_code, diagnostics = _validate_json(listings)
    assert exit_code == 0
    # Its placeholders are warned about (HUB405) and nothing else may be said about the
    # file, but that a new site hosts nothing yet (HUB402).
    assert [d for d in diagnostics if not d["path"].endswith(relative)] == []
    said = [_placeholder_field(d) for d in diagnostics]
    assert said == PLACEHOLDERS_WARNED[kind]
    fill_in_placeholders(listings)
    exit_code, diagnostics = _validate_json(listings)
    assert exit_code == 0
    assert [d["code"] for d in diagnostics] == (["HUB402"] if kind in ("hub", "branch") else [])


def test_new_files_pass_validate_strict_except_the_unused_site(
    make_tree: Callable[..., Path],
) -> None:
    listings = make_tree()
    assert _new(listings, "activity", "baby-massage")[0] == 0
    exit_code, diagnostics = _validate_json(listings, "--strict")
    assert (exit_code, [d["code"] for d in diagnostics]) == (1, ["HUB405"])
    fill_in_placeholders(listings)
    assert _validate_json(listings, "--strict") == (0, [])


def test_a_new_steward_builds_an_authority_from_nothing(tmp_path: Path) -> None:
    listings = tmp_path / "listings"  # does not exist yet
    for arguments in (
        ("authority", "newshire"),
        ("hub", "newshire-family-hub"),
        ("activity", "newshire-baby-massage"),
        ("activity", "newshire-stay-and-play"),
        ("activity", "newshire-dads-group"),
    ):
        exit_code, _, stderr = _new(listings, *arguments)
        assert exit_code == 0, stderr
    exit_code, diagnostics = _validate_json(listings)
    assert (exit_code, {d["code"] for d in diagnostics}) == (0, {"HUB405"})
    fill_in_placeholders(listings)
    assert _validate_json(listings) == (0, [])
    coverage = run_cli("--listings", listings, "coverage", "--on", CLI_TODAY, "--format", "json")
    assert coverage.exit_code == 0, coverage.output
    (unit,) = json.loads(coverage.stdout)["units"]
    # Paused until filled in: the placeholders claim no coverage.
    assert (unit["id"], unit["activity_count"], unit["summary"]["covered"]) == ("newshire", 0, 0)


def test_a_new_authority_alone_in_an_empty_folder_validates(tmp_path: Path) -> None:
    listings = tmp_path / "listings"
    listings.mkdir()
    assert _new(listings, "authority", "newshire")[0] == 0
    fill_in_placeholders(listings)
    assert _validate_json(listings, "--strict") == (0, [])


@pytest.mark.parametrize("kind", sorted(MODEL_BY_KIND))
def test_every_model_field_is_in_the_template_with_a_comment_above(
    kind: str, tmp_path: Path
) -> None:
    text = _written_starter(tmp_path, kind)
    lines = text.splitlines()
    keys = {match.group(1) for line in lines if (match := _KEY_LINE.match(line))}
    for model in starter_models(MODEL_BY_KIND[kind]):
        missing = sorted(set(model.model_fields) - keys)
        assert missing == [], f"{model.__name__} fields missing from the {kind} template"
    for number, line in enumerate(lines):
        if _KEY_LINE.match(line) and not line.lstrip().startswith("#"):
            assert lines[number - 1].lstrip().startswith("# "), f"no comment above {line!r}"


@pytest.mark.parametrize("kind", sorted(MODEL_BY_KIND))
def test_template_comments_list_each_fields_allowed_values(kind: str, tmp_path: Path) -> None:
    text = _written_starter(tmp_path, kind)
    schema = MODEL_BY_KIND[kind].model_json_schema()
    for name, field_schema in schema["properties"].items():
        allowed = field_schema.get("enum") or field_schema.get("items", {}).get("enum")
        if allowed:
            comment = _comment_above(text, name)
            assert all(value in comment for value in allowed), (name, comment)


def test_offer_area_comment_lists_the_taxonomy_in_use(tmp_path: Path) -> None:
    taxonomy = tmp_path / "areas.yaml"
    taxonomy.write_text(
        "areas:\n  - {id: only-area, label: Only, description: The one area., "
        "tier: core, required: true}\n",
        encoding="utf-8",
    )
    listings = tmp_path / "listings"
    for arguments in (("authority", "a"), ("hub", "a-hub"), ("activity", "a-group")):
        result = run_cli("--taxonomy", taxonomy, "--listings", listings, "new", *arguments)
        assert result.exit_code == 0, result.stderr
    text = (listings / "a/activities/a-group.yaml").read_text(encoding="utf-8")
    assert "offer_areas: [only-area]" in text
    assert _comment_above(text, "offer_areas").endswith(
        f"(ids from {taxonomy.as_posix()}: only-area; required)"
    )
    validate = run_cli("--taxonomy", taxonomy, "--listings", listings, "validate")
    assert validate.exit_code == 0, validate.output


def test_template_reads_as_the_models_defaults_say(tmp_path: Path) -> None:
    text = _written_starter(tmp_path, "activity")
    data = yaml.safe_load(text)
    assert data["status"] == "paused" and data["last_reviewed"].isoformat() == CLI_TODAY
    assert data["venues"] == ["newshire-family-hub"] and data["languages"] == ["en"]
    assert text.startswith("# yaml-language-server: $schema=../../../schema/activity.schema.json\n")


@pytest.mark.parametrize("kind", sorted(MODEL_BY_KIND))
def test_schema_line_points_at_the_generated_schema(kind: str, tmp_path: Path) -> None:
    assert run_cli("schema", "--dir", tmp_path / "schema").exit_code == 0
    listings = tmp_path / "listings"
    path = _write_kind(listings, kind)
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    relative = first_line.removeprefix("# yaml-language-server: $schema=")
    assert (path.parent / relative).resolve() == (tmp_path / f"schema/{kind}.schema.json")


def test_missing_schema_folder_is_named_on_stderr(tmp_path: Path) -> None:
    exit_code, _, stderr = _new(tmp_path / "listings", "authority", "newshire")
    assert exit_code == 0
    schema = (tmp_path / "schema").as_posix()
    assert f"note: editors read the schema from {schema}/authority.schema.json" in stderr


def test_last_reviewed_defaults_to_today(tmp_path: Path) -> None:
    result = run_cli("--listings", tmp_path, "new", "authority", "newshire")
    assert result.exit_code == 0
    text = (tmp_path / "newshire/authority.yaml").read_text(encoding="utf-8")
    assert "last_reviewed" not in text  # an authority has none
    hub = run_cli("--listings", tmp_path, "new", "hub", "newshire-hub")
    assert hub.exit_code == 0
    data = yaml.safe_load((tmp_path / "newshire/hubs/newshire-hub.yaml").read_text("utf-8"))
    assert data["last_reviewed"] == datetime.date.today()


# Ids whose placeholder name or value YAML 1.1 tools would read as something else.
@pytest.mark.parametrize("listing_id", ["yes", "null", "2026-01-01", "0800", "on-1", "x" * 80])
def test_tricky_ids_give_files_with_no_warning(listing_id: str, tmp_path: Path) -> None:
    listings = tmp_path / "listings"
    assert _new(listings, "authority", "newshire")[0] == 0
    assert _new(listings, "hub", "newshire-hub")[0] == 0
    exit_code, _, stderr = _new(listings, "activity", listing_id)
    assert exit_code == 0, stderr
    fill_in_placeholders(listings)  # what is left to say is about the id's words
    assert _validate_json(listings, "--strict") == (0, [])


@pytest.mark.parametrize(
    ("listing_id", "message"),
    [
        ("Baby_Massage", "'Baby_Massage' is not a valid id; use lower-case letters, digits"),
        ("x" * 81, "the id is 81 characters long; use at most 80"),
        ("x-", "'x-' is not a valid id"),
    ],
)
def test_invalid_id_is_a_usage_error(listing_id: str, message: str, tmp_path: Path) -> None:
    exit_code, stdout, stderr = _new(tmp_path, "authority", listing_id)
    assert (exit_code, stdout) == (2, "")
    assert stderr.startswith(f"hubctl: {message}") and stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_existing_file_is_never_overwritten(make_tree: Callable[..., Path]) -> None:
    listings = make_tree()
    path = listings / f"{TREE_AUTHORITY}/hubs/{TREE_HUB}.yaml"
    before = path.read_bytes()
    exit_code, stdout, stderr = _new(listings, "hub", TREE_HUB)
    assert (exit_code, stdout) == (1, "")
    assert stderr == (
        f"hubctl: {path.as_posix()} already exists; hubctl new never overwrites a file: "
        "edit it, or choose another id\n"
    )
    assert path.read_bytes() == before


def test_existing_authority_file_is_never_overwritten(make_tree: Callable[..., Path]) -> None:
    listings = make_tree()
    exit_code, _, stderr = _new(listings, "authority", TREE_AUTHORITY)
    assert exit_code == 1 and "authority.yaml already exists" in stderr


def test_a_dangling_link_in_the_way_is_not_written_through(
    make_tree: Callable[..., Path], tmp_path: Path
) -> None:
    listings = make_tree()
    target = tmp_path / "elsewhere.yaml"
    link = listings / f"{TREE_AUTHORITY}/activities/linked.yaml"
    link.symlink_to(target)
    exit_code, _, stderr = _new(listings, "activity", "linked")
    assert (exit_code, stderr) == (
        1,
        f"hubctl: {link.as_posix()} is a symbolic link; hubctl new never writes through a "
        "link (it could lead out of the listings folder): put a real folder or file there\n",
    )
    assert not target.exists()


@pytest.mark.parametrize(
    ("linked_folder", "kind"),
    [("branches", "branch"), ("activities", "activity"), ("", "hub")],
    ids=["new-kind-folder", "existing-kind-folder", "authority-folder"],
)
def test_a_linked_folder_is_never_written_through(
    make_tree: Callable[..., Path], tmp_path: Path, linked_folder: str, kind: str
) -> None:
    listings = make_tree()
    outside = tmp_path / "outside"
    outside.mkdir()
    authority = listings / TREE_AUTHORITY
    if linked_folder == "branches":  # a kind folder not there yet, made a link to outside
        for branch in (authority / "branches").iterdir():
            branch.unlink()
        (authority / "branches").rmdir()
    elif linked_folder == "activities":  # an existing kind folder moved out, linked back
        (authority / "activities").rename(outside / "activities")
        outside = outside / "activities"
    else:  # the authority folder itself moved out and linked back
        authority.rename(outside / TREE_AUTHORITY)
        outside = outside / TREE_AUTHORITY
    link = authority / linked_folder if linked_folder else authority
    link.symlink_to(outside, target_is_directory=True)
    before = sorted(p.name for p in outside.rglob("*"))
    exit_code, stdout, stderr = _new(listings, kind, "zz-new", "--authority", TREE_AUTHORITY)
    assert (exit_code, stdout) == (1, "")
    assert stderr.startswith(f"hubctl: {link.as_posix()} is a symbolic link;"), stderr
    assert stderr.count("\n") == 1
    assert sorted(p.name for p in outside.rglob("*")) == before


def test_id_used_by_another_kind_is_refused(make_tree: Callable[..., Path]) -> None:
    listings = make_tree()
    exit_code, _, stderr = _new(listings, "activity", TREE_BRANCH)
    branch = (listings / f"{TREE_AUTHORITY}/branches/{TREE_BRANCH}.yaml").as_posix()
    assert exit_code == 1
    assert stderr == (
        f"hubctl: the id '{TREE_BRANCH}' is already used by {branch}; ids are unique across "
        "all listings, so choose another\n"
    )


def _two_authorities(make_tree: Callable[..., Path]) -> Path:
    listings = make_tree()
    assert _new(listings, "authority", "otherton")[0] == 0
    assert _new(listings, "hub", "otherton-hub", "--authority", "otherton")[0] == 0
    return listings


def test_authority_is_inferred_from_hub(make_tree: Callable[..., Path]) -> None:
    listings = _two_authorities(make_tree)
    exit_code, stdout, _ = _new(listings, "activity", "otherton-group", "--hub", "otherton-hub")
    assert exit_code == 0 and stdout.endswith("/otherton/activities/otherton-group.yaml\n")
    text = Path(stdout.strip()).read_text(encoding="utf-8")
    assert "venues: [otherton-hub]" in text


def test_several_authorities_need_authority(make_tree: Callable[..., Path]) -> None:
    listings = _two_authorities(make_tree)
    exit_code, _, stderr = _new(listings, "hub", "north-hub")
    assert exit_code == 2
    assert stderr == (
        f"hubctl: {listings.as_posix()} holds 2 authorities; say which with --authority "
        "(one of: otherton, testshire)\n"
    )


def test_unknown_authority_gets_a_did_you_mean(make_tree: Callable[..., Path]) -> None:
    listings = make_tree()
    exit_code, _, stderr = _new(listings, "hub", "north-hub", "--authority", "testshir")
    assert exit_code == 2
    assert f"there is no authority 'testshir' in {listings.as_posix()} (did you mean " in stderr
    assert "'hubctl new authority testshir'" in stderr


def test_no_authority_yet_says_to_create_one(tmp_path: Path) -> None:
    exit_code, _, stderr = _new(tmp_path, "hub", "north-hub")
    assert exit_code == 2
    assert "create one first with 'hubctl new authority ID'" in stderr


def test_branch_needs_a_hub_of_its_authority(make_tree: Callable[..., Path]) -> None:
    listings = _two_authorities(make_tree)
    exit_code, _, stderr = _new(
        listings, "branch", "wrong-branch", "--authority", TREE_AUTHORITY, "--hub", "otherton-hub"
    )
    assert exit_code == 2
    assert stderr.startswith(
        f"hubctl: there is no hub or branch 'otherton-hub' in {TREE_AUTHORITY}; pass the id"
    )


def test_branch_of_a_branch_is_told_to_name_a_hub(make_tree: Callable[..., Path]) -> None:
    exit_code, _, stderr = _new(make_tree(), "branch", "sub-branch", "--hub", TREE_BRANCH)
    assert (exit_code, stderr) == (
        2,
        f"hubctl: '{TREE_BRANCH}' is a branch, not a hub; a branch belongs to a main hub: "
        f"pass one of {TREE_HUB} to --hub\n",
    )


def test_activity_at_a_branch_takes_the_branch_as_its_venue(
    make_tree: Callable[..., Path],
) -> None:
    listings = make_tree()
    exit_code, stdout, _ = _new(listings, "activity", "library-rhymes", "--hub", TREE_BRANCH)
    assert exit_code == 0
    assert f"venues: [{TREE_BRANCH}]" in Path(stdout.strip()).read_text(encoding="utf-8")
    assert _validate_json(listings)[0] == 0


def test_unknown_hub_is_named_even_with_several_authorities(
    make_tree: Callable[..., Path],
) -> None:
    listings = _two_authorities(make_tree)
    exit_code, _, stderr = _new(listings, "activity", "group", "--hub", "otherton-hbu")
    assert (exit_code, stderr) == (
        2,
        f"hubctl: there is no hub or branch 'otherton-hbu' in {listings.as_posix()} (did you "
        "mean 'otherton-hub'?); pass the id of a hub (or, for an activity, a branch) to --hub\n",
    )


def test_authority_with_no_hub_gets_an_online_only_activity(tmp_path: Path) -> None:
    assert _new(tmp_path, "authority", "newshire")[0] == 0
    exit_code, stdout, stderr = _new(tmp_path, "activity", "online-group")
    assert exit_code == 0
    assert "next: it has no venue, as its authority has no hub yet: set its online url" in stderr
    text = Path(stdout.strip()).read_text(encoding="utf-8")
    assert "\nvenues: []\n" in text and "\nonline:\n" in text
    assert _validate_json(tmp_path)[0] == 0
    exit_code, _, stderr = _new(tmp_path, "branch", "library")
    assert exit_code == 2
    assert "newshire has no hub yet; create one first with 'hubctl new hub ID" in stderr


def test_several_hubs_need_hub(make_tree: Callable[..., Path]) -> None:
    listings = make_tree()
    assert _new(listings, "hub", "testshire-north-hub")[0] == 0
    exit_code, _, stderr = _new(listings, "activity", "group")
    assert exit_code == 2
    assert f"(one of: {TREE_HUB}, testshire-north-hub)" in stderr
    exit_code, stdout, _ = _new(listings, "branch", "north-library", "--hub", "testshire-north-hub")
    assert exit_code == 0
    assert "hub: testshire-north-hub" in Path(stdout.strip()).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("hub", "h", "--hub", TREE_HUB), "--hub is for a new branch or activity, not a new hub"),
        (("authority", "a", "--authority", TREE_AUTHORITY), "--authority is for a new hub"),
    ],
)
def test_options_that_do_not_apply_are_usage_errors(
    arguments: tuple[str, ...], message: str, make_tree: Callable[..., Path]
) -> None:
    exit_code, _, stderr = _new(make_tree(), *arguments)
    assert exit_code == 2 and stderr.startswith(f"hubctl: {message}")


def test_unwritable_folder_is_one_line_and_exit_1(tmp_path: Path) -> None:
    blocker = tmp_path / "newshire"
    blocker.write_text("a file where the authority's folder goes", encoding="utf-8")
    exit_code, _, stderr = _new(tmp_path, "authority", "newshire")
    assert exit_code == 1
    assert stderr.startswith(f"hubctl: cannot write {blocker.as_posix()}/authority.yaml (")
    assert stderr.count("\n") == 1


def _write_kind(listings: Path, kind: str) -> Path:
    """A new file of `kind` in a tree holding one authority and one hub (as needed)."""
    steps = {"authority": ("authority", "newshire"), "hub": ("hub", "newshire-family-hub")}
    for step, arguments in steps.items():
        if step != kind:
            assert _new(listings, *arguments)[0] == 0
        else:
            break
    listing_id = {"branch": "newshire-library", "activity": "newshire-group"}.get(kind)
    arguments = steps.get(kind) or (kind, listing_id or "")
    exit_code, stdout, stderr = _new(listings, *arguments)
    assert exit_code == 0, stderr
    return Path(stdout.strip())


def _written_starter(tmp_path: Path, kind: str) -> str:
    return _write_kind(tmp_path / "listings", kind).read_text(encoding="utf-8")


def _comment_above(text: str, key: str) -> str:
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if re.match(rf"(# )?{key}:", line))
    return lines[index - 1]


def test_every_starter_names_a_field_of_its_model() -> None:
    stale = [
        f"{model.__name__}.{name}"
        for model, starters in STARTERS.items()
        for name in starters
        if name not in model.model_fields
    ]
    assert stale == []


def test_no_placeholder_depends_on_the_date_or_the_taxonomy() -> None:
    # HUB405 is found with each file's own checks and cached with them
    # (hubctl.placeholders), which is right only while a placeholder's value depends on
    # the listing alone, never on today's date or the taxonomy in use.
    from dataclasses import replace

    from hubctl.starter_values import StarterContext
    from hubctl.taxonomy import Taxonomy, load_taxonomy

    shipped = load_taxonomy()
    other = Taxonomy(tuple(reversed(shipped.areas)), source="other")
    one = StarterContext("an-id", "A name", datetime.date(2026, 1, 1), shipped, "a-hub", "a-site")
    another = replace(one, today=datetime.date(2031, 7, 9), taxonomy=other)
    placeholders = [
        starter
        for fields in STARTERS.values()
        for starter in fields.values()
        if starter.placeholder
    ]
    assert len(placeholders) >= 8
    for starter in placeholders:
        for shown in (starter.value, starter.example):
            if callable(shown):
                assert shown(one) == shown(another), starter.help
