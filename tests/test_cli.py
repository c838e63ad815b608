"""The `hubctl` command through Click's CliRunner: options, formats, exit codes (SPEC §5)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from conftest import CLEAN_JSON_REPORT, TYPO_ACTIVITY, activity_yaml, run_cli

import hubctl
from hubctl.cli import cli
from hubctl.diagnostics import CODES

ON = "2026-11-23"  # the `fixed_today` of conftest, as the CLI takes it
ACTIVITIES = "listings/testshire/activities"
TYPO_FILE = f"{ACTIVITIES}/typo-feeding-cafe.yaml"
TYPO_MESSAGE = (
    "unknown offer area 'infant-feding' (did you mean 'infant-feeding'?); "
    "use an id from schema/offer-areas.yaml"
)
TYPO_LINE = f"{TYPO_FILE}:5:15: error HUB201 {TYPO_MESSAGE}\n"


# Line 14, column 15 is the plain `10:30` (YAML 1.1 tools read it as 630).
PLAIN_TIME_FILE = f"{ACTIVITIES}/plain-time-group.yaml"
PLAIN_TIME_ACTIVITY = activity_yaml(
    "plain-time-group",
    "play-and-groups",
    name="Plain Time Group",
    description="A group whose opening time is not quoted.",
    venues="testshire-central-hub",
    schedule='  - freq: weekly\n    byday: [wed]\n    opens_at: 10:30\n    closes_at: "11:30"\n',
)
PLAIN_TIME_LINE = (
    f"{PLAIN_TIME_FILE}:14:15: warning HUB011 10:30 is read as text here, but other YAML "
    'tools read it as the number 630; write "10:30" in quotes\n'
)

# Line 6, column 10 is the unknown venue.
BAD_VENUE_FILE = f"{ACTIVITIES}/lost-venue-group.yaml"
BAD_VENUE_ACTIVITY = activity_yaml(
    "lost-venue-group",
    "play-and-groups",
    name="Lost Venue Group",
    description="A group held at a hub that does not exist.",
    venues="nowhere-family-hub",
    schedule="by-appointment",
)

# An activity in an area that only the custom taxonomy below knows.
TOY_LIBRARY_FILE = f"{ACTIVITIES}/toy-library-loans.yaml"
TOY_LIBRARY_ACTIVITY = TYPO_ACTIVITY.replace("typo-feeding-cafe", "toy-library-loans").replace(
    "infant-feding", "toy-library"
)
ONE_AREA_TAXONOMY = """\
areas:
  - id: toy-library
    label: Toy library
    description: Borrow toys and games for free.
    tier: wider
    required: false
"""


@pytest.fixture
def tree_here(
    make_tree: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """The valid tree at ./listings, with the working folder at tmp_path (as a steward runs)."""
    monkeypatch.chdir(tmp_path)
    return make_tree()


def add_file(tree: Path, relative_to_tmp: str, text: str) -> Path:
    path = tree.parent / relative_to_tmp
    path.write_text(text, encoding="utf-8")
    return path


def stderr_lines(result: Result) -> list[str]:
    return result.stderr.splitlines()


# --- version and help -----------------------------------------------------------------


def test_version_prints_program_name_and_version() -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"hubctl, version {hubctl.__version__}\n"


def test_top_level_help_lists_every_command() -> None:
    result = run_cli("--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: hubctl [OPTIONS] COMMAND [ARGS]...")
    for name in cli.all_commands():
        assert re.search(rf"^  {name}\s", result.stdout, re.MULTILINE), name


@pytest.mark.parametrize("command", sorted(cli.all_commands()))
def test_help_of_each_command_exits_0_with_usage(command: str) -> None:
    result = run_cli(command, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: hubctl {command} [OPTIONS]")
    assert result.stderr == ""


def test_validate_help_lists_every_diagnostic_code() -> None:
    result = run_cli("validate", "--help")
    for code in CODES.values():
        assert re.search(rf"^\s+{code.code}\s+{code.severity}\s+", result.stdout, re.MULTILINE), (
            code.code
        )


# --- validate: exit codes and the text report -------------------------------------------


def test_validate_shipped_listings_is_clean(shipped_listings: Path) -> None:
    files = len(list(shipped_listings.rglob("*.yaml")))
    result = run_cli("--listings", str(shipped_listings), "validate", "--on", ON)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"checked {files} files: 0 errors, 0 warnings\n"


def test_validate_tree_from_fixture_is_clean(tree_here: Path) -> None:
    result = run_cli("validate", "--on", ON)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "checked 12 files: 0 errors, 0 warnings\n"


def test_validate_one_error_exits_1_with_compiler_style_line(tree_here: Path) -> None:
    add_file(tree_here, TYPO_FILE, TYPO_ACTIVITY)
    result = run_cli("validate", "--on", ON)
    assert result.exit_code == 1
    assert result.stdout == TYPO_LINE
    assert result.stderr == "checked 13 files: 1 error, 0 warnings\n"


SELF_PACED_FILE = f"{ACTIVITIES}/self-paced-course.yaml"
ONLINE_COURSE = "online: {url: https://testshire.example.org/online/course}\n"


def test_validate_takes_self_paced_with_online_and_refuses_it_without(tree_here: Path) -> None:
    course = activity_yaml(
        "self-paced-course", "parenting-support", venues="", schedule="self-paced"
    )
    add_file(
        tree_here,
        SELF_PACED_FILE,
        course.replace("last_reviewed:", ONLINE_COURSE + "last_reviewed:"),
    )
    accepted = run_cli("validate", "--on", ON)
    assert (accepted.exit_code, accepted.stdout) == (0, "")
    # At its venues, with no online: line 11, column 11 is the word self-paced.
    add_file(
        tree_here, SELF_PACED_FILE, course.replace("venues: []", "venues: [testshire-central-hub]")
    )
    refused = run_cli("validate", "--on", ON)
    assert refused.exit_code == 1
    assert refused.stdout == (
        f"{SELF_PACED_FILE}:11:11: error HUB115 schedule is self-paced but there is no online; "
        "an activity taken at your own pace needs a place to take it: add online with its "
        "https address, like online: {url: https://www.yourcouncil.gov.uk/family-hubs/online}, "
        "or give its times as schedule rules\n"
    )


def test_validate_text_report_has_no_colour_when_not_a_tty(tree_here: Path) -> None:
    add_file(tree_here, TYPO_FILE, TYPO_ACTIVITY)
    result = run_cli("validate", "--on", ON)
    assert "\x1b[" not in result.output


def test_validate_format_text_is_the_same_as_default(tree_here: Path) -> None:
    add_file(tree_here, TYPO_FILE, TYPO_ACTIVITY)
    result = run_cli("validate", "--format", "text", "--on", ON)
    assert result.exit_code == 1
    assert result.stdout == TYPO_LINE


def test_validate_format_json_carries_every_field(tree_here: Path) -> None:
    add_file(tree_here, TYPO_FILE, TYPO_ACTIVITY)
    result = run_cli("validate", "--format", "json", "--on", ON)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert list(report) == ["format_version", "errors", "warnings", "diagnostics"]
    assert report["format_version"] == "1.0.0"
    assert report["errors"] == 1
    assert report["warnings"] == 0
    [found] = report["diagnostics"]
    assert found["path"] == TYPO_FILE
    assert found["line"] == 5
    assert found["column"] == 15
    assert found["severity"] == "error"
    assert found["code"] == "HUB201"
    assert found["message"] == TYPO_MESSAGE
    assert list(found) == ["path", "line", "column", "severity", "code", "message"]


def test_validate_format_json_prints_only_json_on_stdout(tree_here: Path) -> None:
    result = run_cli("validate", "--format", "json", "--on", ON)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == CLEAN_JSON_REPORT


def test_validate_format_github_writes_workflow_commands(tree_here: Path) -> None:
    add_file(tree_here, TYPO_FILE, TYPO_ACTIVITY)
    result = run_cli("validate", "--format", "github", "--on", ON)
    assert result.exit_code == 1
    assert result.stdout == (
        f"::error file={TYPO_FILE},line=5,col=15,title=HUB201::{TYPO_MESSAGE}\n"
    )
    # The CI log's reader gets the count too, on stderr as with text.
    assert result.stderr == "checked 13 files: 1 error, 0 warnings\n"


def test_validate_format_github_marks_warnings_as_warning(tree_here: Path) -> None:
    add_file(tree_here, PLAIN_TIME_FILE, PLAIN_TIME_ACTIVITY)
    result = run_cli("validate", "--format", "github", "--on", ON)
    assert result.exit_code == 0
    assert result.stdout.startswith(
        f"::warning file={PLAIN_TIME_FILE},line=14,col=15,title=HUB011::10:30 is read as text"
    )


def test_validate_format_sarif_is_sarif_2_1_0_with_regions(tree_here: Path) -> None:
    add_file(tree_here, TYPO_FILE, TYPO_ACTIVITY)
    result = run_cli("validate", "--format", "sarif", "--on", ON)
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0"
    [sarif_run] = log["runs"]
    assert sarif_run["tool"]["driver"]["name"] == "hubctl"
    rules = sarif_run["tool"]["driver"]["rules"]
    [sarif_result] = sarif_run["results"]
    assert sarif_result["ruleId"] == "HUB201"
    assert rules[sarif_result["ruleIndex"]]["id"] == "HUB201"
    assert sarif_result["level"] == "error"
    assert sarif_result["message"]["text"] == TYPO_MESSAGE
    [location] = sarif_result["locations"]
    physical = location["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == TYPO_FILE
    assert physical["region"] == {"startLine": 5, "startColumn": 15}


def test_validate_defaults_to_github_format_under_github_actions(tree_here: Path) -> None:
    add_file(tree_here, TYPO_FILE, TYPO_ACTIVITY)
    result = run_cli("validate", "--on", ON, env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    assert result.stdout == (
        f"::error file={TYPO_FILE},line=5,col=15,title=HUB201::{TYPO_MESSAGE}\n"
    )


def test_validate_explicit_format_wins_over_github_actions(tree_here: Path) -> None:
    add_file(tree_here, TYPO_FILE, TYPO_ACTIVITY)
    result = run_cli("validate", "--format", "text", "--on", ON, env={"GITHUB_ACTIONS": "true"})
    assert result.stdout == TYPO_LINE


def test_validate_warning_alone_exits_0(tree_here: Path) -> None:
    add_file(tree_here, PLAIN_TIME_FILE, PLAIN_TIME_ACTIVITY)
    result = run_cli("validate", "--on", ON)
    assert result.exit_code == 0
    assert result.stdout == PLAIN_TIME_LINE
    assert result.stderr == "checked 13 files: 0 errors, 1 warning\n"


def test_validate_strict_makes_a_warning_fail(tree_here: Path) -> None:
    add_file(tree_here, PLAIN_TIME_FILE, PLAIN_TIME_ACTIVITY)
    result = run_cli("validate", "--strict", "--on", ON)
    assert result.exit_code == 1
    assert result.stdout == PLAIN_TIME_LINE
    assert result.stderr == "checked 13 files: 0 errors, 1 warning (--strict: warnings fail)\n"


def test_validate_strict_on_a_clean_tree_exits_0(tree_here: Path) -> None:
    result = run_cli("validate", "--strict", "--on", ON)
    assert result.exit_code == 0


# --- PATHS limit what is reported ------------------------------------------------------


def test_validate_paths_leave_out_errors_in_other_files(tree_here: Path) -> None:
    add_file(tree_here, BAD_VENUE_FILE, BAD_VENUE_ACTIVITY)
    result = run_cli("validate", "--on", ON, "listings/testshire/hubs/testshire-central-hub.yaml")
    assert result.exit_code == 0
    assert result.stdout == ""


def test_validate_paths_report_errors_in_the_given_file(tree_here: Path) -> None:
    add_file(tree_here, BAD_VENUE_FILE, BAD_VENUE_ACTIVITY)
    add_file(tree_here, TYPO_FILE, TYPO_ACTIVITY)
    result = run_cli("validate", "--on", ON, BAD_VENUE_FILE)
    assert result.exit_code == 1
    assert result.stdout == (
        f"{BAD_VENUE_FILE}:6:10: error HUB206 there is no hub or branch with the id "
        "'nowhere-family-hub' in testshire; use the id of a hub or branch in "
        "listings/testshire/\n"
    )


def test_validate_paths_resolve_references_against_the_whole_tree(tree_here: Path) -> None:
    # The activity names a hub that is outside PATHS; that is not an error.
    given = f"{ACTIVITIES}/testshire-infant-feeding.yaml"
    result = run_cli("validate", "--on", ON, given)
    assert result.exit_code == 0
    assert result.stdout == ""


def test_validate_paths_accept_a_folder(tree_here: Path) -> None:
    add_file(tree_here, TYPO_FILE, TYPO_ACTIVITY)
    inside = run_cli("validate", "--on", ON, ACTIVITIES)
    outside = run_cli("validate", "--on", ON, "listings/testshire/hubs")
    assert (inside.exit_code, inside.stdout) == (1, TYPO_LINE)
    assert (outside.exit_code, outside.stdout) == (0, "")


def test_validate_path_that_does_not_exist_is_a_usage_error(tree_here: Path) -> None:
    result = run_cli("validate", "--on", ON, "listings/testshire/hubs/no-such-hub.yaml")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


# --- where the listings are ------------------------------------------------------------


def test_listings_option_points_at_another_folder(
    make_tree: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = make_tree("elsewhere")
    add_file(tree, "elsewhere/testshire/activities/typo-feeding-cafe.yaml", TYPO_ACTIVITY)
    monkeypatch.chdir(tmp_path)
    result = run_cli("--listings", "elsewhere", "validate", "--on", ON)
    assert result.exit_code == 1
    assert result.stdout == TYPO_LINE.replace("listings/", "elsewhere/", 1)


def test_listings_option_after_the_command_name(
    make_tree: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_tree("elsewhere")
    monkeypatch.chdir(tmp_path)
    result = run_cli("validate", "--listings", "elsewhere", "--on", ON)
    assert result.exit_code == 0
    assert result.stderr == "checked 12 files: 0 errors, 0 warnings\n"


def test_listings_from_environment_variable(make_tree: Callable[..., Path]) -> None:
    tree = make_tree("from-env")
    result = run_cli("validate", "--on", ON, env={"HUBCTL_LISTINGS": str(tree)})
    assert result.exit_code == 0
    assert result.stderr == "checked 12 files: 0 errors, 0 warnings\n"


def test_listings_option_wins_over_environment_variable(
    make_tree: Callable[..., Path], tmp_path: Path
) -> None:
    tree = make_tree()
    env: dict[str, str | None] = {"HUBCTL_LISTINGS": str(tmp_path / "missing")}
    result = run_cli("--listings", str(tree), "validate", "--on", ON, env=env)
    assert result.exit_code == 0


def test_missing_listings_folder_is_one_line_and_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("--listings", "nowhere", "validate", "--on", ON)
    assert result.exit_code == 1
    assert result.stdout == (
        "nowhere:1:1: error HUB012 the listings folder does not exist; pass --listings DIR "
        "or run from the repository's top folder\n"
    )
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)  # an exit, not a crash


# --- usage errors and internal errors --------------------------------------------------


def test_unknown_format_is_a_usage_error(tree_here: Path) -> None:
    result = run_cli("validate", "--format", "nope")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr
    assert result.stdout == ""


def test_bad_on_date_is_a_usage_error(tree_here: Path) -> None:
    result = run_cli("validate", "--on", "23/11/2026")
    assert result.exit_code == 2
    assert "Invalid value for '--on'" in result.stderr


def test_unknown_command_is_a_usage_error() -> None:
    result = run_cli("valdiate")
    assert result.exit_code == 2
    assert "No such command 'valdiate'" in result.stderr


def _raise_runtime_error(*_: object, **__: object) -> None:
    raise RuntimeError("boom")


def test_internal_error_is_one_line_and_exit_3(
    tree_here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("hubctl.cli.validate_command.validate", _raise_runtime_error)
    result = run_cli("validate", "--on", ON)
    assert result.exit_code == 3
    assert result.stdout == ""
    assert stderr_lines(result) == [
        "hubctl: internal error (RuntimeError: boom); please report this as a bug "
        "(run with HUBCTL_DEBUG=1 to see the details)"
    ]
    assert "Traceback" not in result.output


def test_internal_error_with_debug_lets_the_exception_through(
    tree_here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("hubctl.cli.validate_command.validate", _raise_runtime_error)
    result = run_cli("validate", "--on", ON, env={"HUBCTL_DEBUG": "1"})
    assert isinstance(result.exception, RuntimeError)
    assert result.exit_code == 1  # CliRunner's code for an uncaught exception


# --- --taxonomy ------------------------------------------------------------------------


def _codes_by_file(stdout: str) -> set[tuple[str, str]]:
    found = set()
    for line in stdout.splitlines():
        path, _, _, rest = line.split(":", 3)
        found.add((Path(path).name, rest.split()[1]))
    return found


def test_shipped_taxonomy_does_not_know_a_custom_area(tree_here: Path) -> None:
    add_file(tree_here, TOY_LIBRARY_FILE, TOY_LIBRARY_ACTIVITY)
    result = run_cli("validate", "--on", ON)
    assert result.exit_code == 1
    assert _codes_by_file(result.stdout) == {("toy-library-loans.yaml", "HUB201")}


def test_custom_taxonomy_changes_the_known_areas(tree_here: Path, tmp_path: Path) -> None:
    add_file(tree_here, TOY_LIBRARY_FILE, TOY_LIBRARY_ACTIVITY)
    taxonomy = tmp_path / "one-area.yaml"
    taxonomy.write_text(ONE_AREA_TAXONOMY, encoding="utf-8")
    result = run_cli("--taxonomy", str(taxonomy), "validate", "--on", ON)
    assert result.exit_code == 1
    # Now toy-library is known and every area of the tree's other activities is not.
    shipped_required = hubctl.load_taxonomy().required_ids
    expected = {(f"testshire-{area}.yaml", "HUB201") for area in shipped_required}
    assert _codes_by_file(result.stdout) == expected
    assert (
        f"{ACTIVITIES}/testshire-infant-feeding.yaml:5:15: error HUB201 unknown offer area "
        "'infant-feeding'"
    ) in result.stdout
    # The fix names the taxonomy in use, not the shipped one.
    assert f"use an id from {taxonomy.as_posix()}" in result.stdout
    assert "schema/offer-areas.yaml" not in result.stdout


def test_broken_taxonomy_file_exits_1_with_a_diagnostic(tree_here: Path, tmp_path: Path) -> None:
    taxonomy = tmp_path / "broken.yaml"
    taxonomy.write_text(ONE_AREA_TAXONOMY.replace("tier: wider", "tier: extra"), encoding="utf-8")
    result = run_cli("--taxonomy", str(taxonomy), "validate", "--on", ON)
    assert result.exit_code == 1
    # As validate prints any diagnostic: on stdout, then one line for people on stderr.
    assert result.stdout.splitlines() == [
        f"{taxonomy.as_posix()}:5:11: error HUB104 'extra' is not allowed for areas.tier; "
        "use one of: start-for-life, core, wider"
    ]
    assert stderr_lines(result) == [
        "hubctl: the offer-area taxonomy cannot be used; nothing was done"
    ]
    assert "Traceback" not in result.output


def test_taxonomy_with_an_id_twice_exits_1_at_the_second(tree_here: Path, tmp_path: Path) -> None:
    # Without the check the second area silently replaced the first in every lookup.
    taxonomy = tmp_path / "twice.yaml"
    second = ONE_AREA_TAXONOMY.split("\n", 1)[1].replace("required: false", "required: true")
    taxonomy.write_text(ONE_AREA_TAXONOMY + second, encoding="utf-8")
    for cache in ([], ["--no-cache"]):
        result = run_cli("--taxonomy", str(taxonomy), "validate", *cache, "--on", ON)
        assert result.exit_code == 1
        assert result.stdout.splitlines() == [
            f"{taxonomy.as_posix()}:7:9: error HUB113 'toy-library' is the id of two areas; "
            "give each area its own id"
        ]


def test_a_dfe_category_is_a_slug_or_its_parents_and_its_own(
    tree_here: Path, tmp_path: Path
) -> None:
    taxonomy = tmp_path / "categories.yaml"
    categories = "    dfe_categories: [toy-libraries, send/early-years, send/early-years/more]\n"
    taxonomy.write_text(ONE_AREA_TAXONOMY + categories, encoding="utf-8")
    result = run_cli("--taxonomy", str(taxonomy), "validate", "--on", ON)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{taxonomy.as_posix()}:7:55: error HUB105 'send/early-years/more' is not a DfE "
        "category; write its slug, like 'early-years', or its parent's slug and its own, like "
        "'send/early-years'"
    ]


def test_taxonomy_that_is_not_yaml_exits_1_with_a_diagnostic(
    tree_here: Path, tmp_path: Path
) -> None:
    taxonomy = tmp_path / "broken.yaml"
    taxonomy.write_text("areas: [\n", encoding="utf-8")
    result = run_cli("--taxonomy", str(taxonomy), "validate", "--on", ON)
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    assert line.startswith(f"{taxonomy.as_posix()}:2:1: error HUB004 YAML syntax error")


def test_taxonomy_file_that_does_not_exist_is_a_usage_error(tree_here: Path) -> None:
    result = run_cli("--taxonomy", "no-such-file.yaml", "validate", "--on", ON)
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


# --- documentation ---------------------------------------------------------------------


def _readme(repo_root: Path) -> str:
    return (repo_root / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.all_commands()))
def test_every_command_has_help_text(name: str) -> None:
    command: click.Command = cli.all_commands()[name]
    assert command.help and command.help.strip()
    assert command.get_short_help_str().strip()


def test_readme_documents_every_command(repo_root: Path) -> None:
    readme = _readme(repo_root)
    missing = [name for name in sorted(cli.all_commands()) if f"hubctl {name}" not in readme]
    assert missing == [], f"README.md has no section for: {', '.join(missing)}"


def test_readme_documents_every_diagnostic_code(repo_root: Path) -> None:
    readme = _readme(repo_root)
    missing = [code for code in CODES if code not in readme]
    assert missing == [], f"README.md does not document: {', '.join(missing)}"


@pytest.mark.parametrize("command", ["validate", "coverage", "publish"])
@pytest.mark.parametrize("on", ["9999-12-30", "1899-12-31"])
def test_on_dates_outside_the_range_are_usage_errors(
    make_tree: Callable[..., Path], command: str, on: str
) -> None:
    # Near date.max, coverage's "four weeks from --on" overflowed: exit 3 before.
    result = CliRunner().invoke(cli, ["--listings", str(make_tree()), command, "--on", on])
    assert result.exit_code == 2
    assert "is outside the dates hubctl takes (1900-01-01 to 2199-12-31)" in result.stderr


def test_coverage_on_the_last_date_it_takes_works(make_tree: Callable[..., Path]) -> None:
    result = CliRunner().invoke(
        cli, ["--listings", str(make_tree()), "coverage", "--on", "2199-12-31", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
