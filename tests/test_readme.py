"""The README's generated parts (code table, example output) must match the code."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from hubctl.cli import cli
from hubctl.coverage_reports.data import json_keys_markdown
from hubctl.diagnostics import codes_markdown

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


def test_readme_coverage_json_keys_are_built_from_the_key_table() -> None:
    _replace_or_compare(
        "<!-- coverage-json:start -->", "<!-- coverage-json:end -->", json_keys_markdown()
    )


# Each README example: its marker, the command it shows, the exit code it must have.
EXAMPLES = {
    "validate": ("validate --listings tests/fixtures/readme --on 2026-11-23", 1),
    "coverage": ("coverage --on 2026-11-23 --authority derby", 0),
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
