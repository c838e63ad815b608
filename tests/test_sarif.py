"""`validate --format sarif`: the SARIF 2.1.0 schema and what GitHub code scanning requires.

The schema is the one shipped by the SARIF Multitool (tests/standards/sarif/SOURCE.md);
GitHub's own requirements (its upload rejects or mislabels a log without them) are checked
property by property, as the multitool's GH rules do (`make sarif-check` runs those).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from conftest import CLI_TODAY, TYPO_ACTIVITY, run_cli
from jsonschema import Draft202012Validator, FormatChecker

from hubctl.diagnostics import CODES, Diagnostic
from hubctl.reporters.sarif import CODES_HELP_URI, render_sarif, rule_name

STANDARDS = Path(__file__).parent / "standards" / "sarif"
SARIF_SCHEMA = json.loads((STANDARDS / "sarif-2.1.0.json").read_text(encoding="utf-8"))
README = Path(__file__).resolve().parents[1] / "README.md"
TYPO_RELATIVE = "listings/testshire/activities/typo-feeding-cafe.yaml"


def assert_valid_sarif(log: dict[str, Any]) -> None:
    """The log passes the SARIF 2.1.0 schema with format checks (uri, uri-reference) on."""
    validator = Draft202012Validator(SARIF_SCHEMA, format_checker=FormatChecker())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []


def assert_github_ready(log: dict[str, Any]) -> None:
    """What GitHub code scanning needs beyond the schema, one property at a time."""
    [sarif_run] = log["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "hubctl" and driver["version"]
    for rule in driver["rules"]:
        # GH2012: fullDescription; SARIF1001: a name, PascalCase and not the id.
        assert rule["fullDescription"]["text"] and rule["shortDescription"]["text"]
        assert re.fullmatch(r"[A-Z][A-Za-z0-9]*", rule["name"]) and rule["name"] != rule["id"]
        assert rule["help"]["text"].startswith("How to fix it: ")
        assert rule["helpUri"] == CODES_HELP_URI
    bases = sarif_run["originalUriBaseIds"]
    for result in sarif_run["results"]:
        assert result["message"]["text"]  # GitHub reads message.text only
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
        if "uriBaseId" in artifact:
            assert not artifact["uri"].startswith("/") and ":" not in artifact["uri"]
            assert bases[artifact["uriBaseId"]]["uri"].endswith("/")


def sarif_file(log: dict[str, Any], result_number: int = 0) -> Path:
    """The local file a result names, resolved through originalUriBaseIds."""
    [sarif_run] = log["runs"]
    artifact = sarif_run["results"][result_number]["locations"][0]["physicalLocation"][
        "artifactLocation"
    ]
    uri = artifact["uri"]
    if "uriBaseId" in artifact:
        uri = sarif_run["originalUriBaseIds"][artifact["uriBaseId"]]["uri"] + uri
    return Path(unquote(urlsplit(uri).path))


@pytest.fixture
def typo_tree(
    make_tree: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """The valid tree plus one HUB201 typo, with the working folder at tmp_path."""
    monkeypatch.chdir(tmp_path)
    tree = make_tree()
    (tmp_path / TYPO_RELATIVE).write_text(TYPO_ACTIVITY, encoding="utf-8")
    return tree


def test_sarif_of_an_absolute_listings_path_is_relative_to_the_working_folder(
    typo_tree: Path, tmp_path: Path
) -> None:
    result = run_cli("--listings", typo_tree.resolve(), "validate", "--format", "sarif")
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    assert_valid_sarif(log)
    assert_github_ready(log)
    [sarif_run] = log["runs"]
    artifact = sarif_run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": TYPO_RELATIVE, "uriBaseId": "%SRCROOT%"}
    assert sarif_run["originalUriBaseIds"] == {
        "%SRCROOT%": {"uri": tmp_path.resolve().as_uri() + "/"}
    }
    assert sarif_file(log) == (tmp_path / TYPO_RELATIVE).resolve()
    [rule] = sarif_run["tool"]["driver"]["rules"]
    assert rule == {
        "id": "HUB201",
        "name": "UnknownOfferArea",
        "shortDescription": {"text": "Unknown offer area"},
        "fullDescription": {
            "text": "Unknown offer area (error HUB201). Fix: use an id from "
            "schema/offer-areas.yaml."
        },
        "help": {"text": "How to fix it: use an id from schema/offer-areas.yaml."},
        "helpUri": "https://github.com/familyhubs/hubctl#diagnostic-codes",
        "defaultConfiguration": {"level": "error"},
    }


def test_sarif_of_listings_outside_the_working_folder_names_them_by_absolute_uri(
    typo_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = run_cli("--listings", "../listings", "validate", "--format", "sarif")
    log = json.loads(result.stdout)
    assert_valid_sarif(log)
    artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": (tmp_path / TYPO_RELATIVE).resolve().as_uri()}
    assert sarif_file(log) == (tmp_path / TYPO_RELATIVE).resolve()


def test_sarif_of_a_clean_tree_is_valid_with_no_rules(
    make_tree: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    make_tree()
    result = run_cli("validate", "--format", "sarif", "--on", CLI_TODAY)
    assert result.exit_code == 0
    log = json.loads(result.stdout)
    assert_valid_sarif(log)
    assert log["runs"][0]["tool"]["driver"]["rules"] == []
    assert log["runs"][0]["results"] == []


def test_every_code_makes_a_valid_github_ready_rule_with_its_own_name() -> None:
    diagnostics = [
        Diagnostic("listings/a b/x#1.yaml", 1, 1, code.code, "m", code.severity)
        for code in CODES.values()
    ]
    log = json.loads(render_sarif(diagnostics, source_root="/work/repo"))
    assert_valid_sarif(log)
    assert_github_ready(log)
    names = [rule["name"] for rule in log["runs"][0]["tool"]["driver"]["rules"]]
    assert len(set(names)) == len(CODES)
    assert sarif_file(log) == Path("/work/repo/listings/a b/x#1.yaml")


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("file is not valid UTF-8", "FileIsNotValidUTF8"),
        ("plain value that YAML 1.1 tools read", "PlainValueThatYAML11ToolsRead"),
        ("valid_to is before valid_from", "ValidToIsBeforeValidFrom"),
        ("symbolic link (not followed)", "SymbolicLinkNotFollowed"),
    ],
)
def test_rule_name_is_the_title_in_pascal_case(title: str, name: str) -> None:
    assert rule_name(title) == name


def test_help_uri_points_at_the_readme_heading_of_the_code_table() -> None:
    anchor = CODES_HELP_URI.rsplit("#", 1)[1]
    headings = re.findall(r"^#+ (.+)$", README.read_text(encoding="utf-8"), re.MULTILINE)
    # GitHub's anchor for a heading: lower case, spaces as hyphens.
    assert anchor in [heading.lower().replace(" ", "-") for heading in headings]
