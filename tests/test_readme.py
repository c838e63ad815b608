"""The README's generated parts (code table, example output) must match the code."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TRAPS, TREE_BRANCH, TREE_HUB, ListingsRepository, activity_yaml
from test_diff import ACTIVITIES, FEEDING_FILE, RPC_FILE

from hubctl.cli import cli
from hubctl.coverage_reports.data import json_keys_markdown, reasons_markdown
from hubctl.diagnostics import codes_markdown
from hubctl.feed_verify.codes import verify_codes_markdown
from hubctl.feed_verify.schema_table import rules_markdown
from hubctl.feeds.oruk_mirror import is_object_file
from hubctl.listing_query import columns_markdown

README = Path(__file__).resolve().parents[1] / "README.md"


def _block(text: str, start: str, end: str) -> tuple[int, int]:
    begin = text.index(start) + len(start) + 1
    return begin, text.index(end, begin)


def _replace_or_compare(start: str, end: str, expected: str) -> None:
    text = README.read_text(encoding="utf-8")
    begin, finish = _block(text, start, end)
    if os.environ.get("UPDATE_README") == "1":
        README.write_text(text[:begin] + expected + text[finish:], encoding="utf-8")
        return
    assert text[begin:finish] == expected, "README is stale: run UPDATE_README=1 pytest"


def test_readme_code_table_is_built_from_the_code_table() -> None:
    _replace_or_compare("<!-- codes:start -->", "<!-- codes:end -->", codes_markdown())


def test_readme_verify_tables_are_built_from_their_tables() -> None:
    _replace_or_compare(
        "<!-- verify-rules:start -->", "<!-- verify-rules:end -->", rules_markdown()
    )
    _replace_or_compare(
        "<!-- verify-codes:start -->", "<!-- verify-codes:end -->", verify_codes_markdown()
    )


def test_readme_verify_example_is_real_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    published = CliRunner().invoke(
        cli, ["--listings", str(TRAPS), "publish", "--out", "dist", "--on", "2026-11-23"]
    )
    assert published.exit_code == 0, published.output
    # A spreadsheet turned the false of a session's term_time_only into FALSE ...
    sessions = Path("dist/csv/sessions.csv")
    content = sessions.read_bytes().replace(b",false,2026-12-01,", b",FALSE,2026-12-01,", 1)
    sessions.write_bytes(content)
    # ... and the manifest's checksum was updated to match.
    manifest = json.loads(Path("dist/manifest.json").read_bytes())
    for entry in manifest["files"]:
        if entry["path"] == "csv/sessions.csv":
            entry["bytes"], entry["sha256"] = len(content), hashlib.sha256(content).hexdigest()
    Path("dist/manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    result = CliRunner().invoke(cli, ["verify", "dist"])
    assert result.exit_code == 1
    output = f"$ hubctl verify dist\n{result.stdout}{result.stderr}"
    _replace_or_compare(
        "<!-- example:verify -->", "<!-- /example:verify -->", f"```console\n{output}```\n"
    )


def test_readme_coverage_json_keys_are_built_from_the_key_table() -> None:
    _replace_or_compare(
        "<!-- coverage-json:start -->", "<!-- coverage-json:end -->", json_keys_markdown()
    )


def test_readme_coverage_reasons_are_built_from_the_reason_table() -> None:
    _replace_or_compare(
        "<!-- coverage-reasons:start -->", "<!-- coverage-reasons:end -->", reasons_markdown()
    )


def test_readme_list_columns_are_built_from_the_column_table() -> None:
    _replace_or_compare(
        "<!-- list-columns:start -->", "<!-- list-columns:end -->", columns_markdown()
    )


# Each README example: its marker, the command it shows, the exit code it must have.
EXAMPLES = {
    "validate": ("validate --listings tests/fixtures/readme --on 2026-11-23", 1),
    "coverage": ("coverage --on 2026-11-23 --authority derby", 0),
    "coverage-by-hub": (
        "coverage --by hub --period term --authority leicester --area infant-feeding "
        "--area play-and-groups --on 2026-11-23 --format markdown",
        0,
    ),
    "expectations": ("coverage --expectations --authority leicester --on 2026-11-23", 0),
    "list": ("list branches --authority derby --on 2026-11-23", 0),
    "list-csv": (
        "list activities --hub sinfin-family-hub --area early-language --on 2026-11-23 "
        "--format csv",
        0,
    ),
}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_readme_example_is_real_output(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    command, exit_code = EXAMPLES[name]
    start, end = f"<!-- example:{name} -->", f"<!-- /example:{name} -->"
    text = README.read_text(encoding="utf-8")
    begin, finish = _block(text, start, end)
    shown = re.search(r"^\$ hubctl (.+)$", text[begin:finish], re.MULTILINE)
    if os.environ.get("UPDATE_README") != "1":
        assert shown is not None and shown.group(1) == command
    monkeypatch.chdir(README.parent)
    result = CliRunner().invoke(cli, shlex.split(command))
    output = f"$ hubctl {command}\n{result.stdout}{result.stderr}"
    _replace_or_compare(start, end, f"```console\n{output}```\n")
    assert result.exit_code == exit_code


@pytest.fixture(scope="module")
def shipped_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped listings published once into <tmp>/dist."""
    folder = tmp_path_factory.mktemp("published")
    result = CliRunner().invoke(
        cli,
        ["--listings", str(README.parent / "listings"), "publish", "--out", str(folder / "dist")],
    )
    assert result.exit_code == 0, result.output
    return folder / "dist"


def test_readme_integrator_example_runs_on_a_real_publish(
    shipped_dist: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = README.read_text(encoding="utf-8")
    begin, finish = _block(text, "<!-- example:integrator -->", "<!-- /example:integrator -->")
    code = text[begin:finish].removeprefix("```python\n").removesuffix("```\n")
    monkeypatch.chdir(shipped_dist.parent)
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert (
        "derby becket-breastfeeding-club ['infant-feeding', 'perinatal-mental-health']" in printed
    )


def _section(text: str, heading: str) -> str:
    begin = text.index(heading)
    return text[begin : text.find("\n### ", begin + len(heading))]


def test_readme_documents_every_published_file_and_column(shipped_dist: Path) -> None:
    text = README.read_text(encoding="utf-8")
    feeds = text[text.index("## Published feeds") : text.index("## Reading YAML")]
    for path in sorted(p.relative_to(shipped_dist).as_posix() for p in shipped_dist.rglob("*")):
        documented = path if not path.startswith("calendar/") else "calendar/<hub-id>.ics"
        if is_object_file(path):
            documented = path.rsplit("/", 1)[0] + "/<id>.json"
        documented = re.sub(r"/page-[0-9]+\.json$", "/page-<n>.json", documented)
        documented = re.sub(
            r"^authorities/.*\.html$", "authorities/<authority-id>.html", documented
        )
        if (shipped_dist / path).is_file():
            assert f"`{documented}`" in feeds, path
    csv_section = _section(text, "### CSV files and datapackage.json")
    for table in sorted((shipped_dist / "csv").iterdir()):
        header = table.read_text(encoding="utf-8").splitlines()[0].split(",")
        missing = [column for column in header if f"`{column}`" not in csv_section]
        assert missing == [], f"{table.name}: {missing}"
    geojson = json.loads((shipped_dist / "sites.geojson").read_text(encoding="utf-8"))
    geojson_section = _section(text, "### sites.geojson")
    properties = geojson["features"][0]["properties"]
    assert [key for key in properties if f"`{key}`" not in geojson_section] == []


def test_readme_library_example_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = README.read_text(encoding="utf-8")
    begin, finish = _block(text, "<!-- example:library -->", "<!-- /example:library -->")
    code = text[begin:finish].removeprefix("```python\n").removesuffix("```\n")
    monkeypatch.chdir(README.parent)
    exec(compile(code, "README.md", "exec"), {})
    # Diagnostics (freshness warnings, once the listings age), then the hub names.
    assert capsys.readouterr().out.splitlines()[-1].startswith("['Alvaston Family Hub', ")


def test_readme_new_session_is_real_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The `hubctl new` session, run command by command in an empty folder."""
    start, end = "<!-- example-session:new -->", "<!-- /example-session:new -->"
    text = README.read_text(encoding="utf-8")
    begin, finish = _block(text, start, end)
    commands = re.findall(r"^\$ hubctl (.+)$", text[begin:finish], re.MULTILINE)
    assert commands, "the session shows no command"
    monkeypatch.chdir(tmp_path)
    output = _session_output(commands)
    _replace_or_compare(start, end, f"```console\n{output}```\n")


def _session_output(commands: list[str]) -> str:
    """What a console shows for `hubctl <command>` run in turn, each required to succeed."""
    output = ""
    for command in commands:
        result = CliRunner().invoke(cli, shlex.split(command))
        assert result.exit_code == 0, result.output
        output += f"$ hubctl {command}\n{result.stdout}{result.stderr}"
    return output


def test_readme_import_session_and_report_are_real_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The `hubctl import oruk` session on the profile's CSV example, and its report's
    section about the location."""
    start, end = "<!-- example-session:import -->", "<!-- /example-session:import -->"
    commands = [
        "import oruk exports/csv --authority mycity --on 2026-11-23",
        "validate --on 2026-11-23",
    ]
    text = README.read_text(encoding="utf-8")
    begin, finish = _block(text, start, end)
    if os.environ.get("UPDATE_README") != "1":
        assert re.findall(r"^\$ hubctl (.+)$", text[begin:finish], re.MULTILINE) == commands
    shutil.copytree(README.parent / "tests" / "fixtures" / "oruk-examples", tmp_path / "exports")
    monkeypatch.chdir(tmp_path)
    output = _session_output(commands)
    _replace_or_compare(start, end, f"```console\n{output}```\n")
    report = (tmp_path / "listings" / "mycity" / "import-report.md").read_text(encoding="utf-8")
    location = report[report.index("## Location") : report.index("## Service")]
    _replace_or_compare(
        "<!-- example-report:import -->",
        "<!-- /example-report:import -->",
        f"```markdown\n{location.rstrip()}\n```\n",
    )


# The README's diff example: the test tree committed, then edited and not committed.
DIFF_EXAMPLES = {
    "diff": ("diff main --on 2026-11-23", "console"),
    "diff-markdown": ("diff main --on 2026-11-23 --format markdown", "markdown"),
}


@pytest.mark.parametrize("name", sorted(DIFF_EXAMPLES))
def test_readme_diff_example_is_real_output(
    name: str, listings_repo: ListingsRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    command, fence = DIFF_EXAMPLES[name]
    (listings_repo.top / RPC_FILE).unlink()
    listings_repo.edit(FEEDING_FILE, 'opens_at: "10:00"', 'opens_at: "10:30"')
    listings_repo.edit(
        FEEDING_FILE, f"venues: [{TREE_HUB}, {TREE_BRANCH}]", f"venues: [{TREE_HUB}]"
    )
    youth_club = activity_yaml("testshire-youth-club", "youth", age_range="{min: 11, max: 19}")
    listings_repo.write(f"{ACTIVITIES}/testshire-youth-club.yaml", youth_club)
    monkeypatch.chdir(listings_repo.top)
    result = CliRunner().invoke(cli, shlex.split(command))
    assert result.exit_code == 0, result.output
    if fence == "console":
        expected = f"```console\n$ hubctl {command}\n{result.stdout}```\n"
    else:
        expected = f"```markdown\n{result.stdout}```\n"
    _replace_or_compare(f"<!-- example:{name} -->", f"<!-- /example:{name} -->", expected)
