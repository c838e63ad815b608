"""The README's generated parts (code table, example output) must match the code."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from hubctl.cli import cli
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


def test_readme_validate_example_is_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    text = README.read_text(encoding="utf-8")
    begin, finish = _block(text, "<!-- example:validate -->", "<!-- /example:validate -->")
    command = re.search(r"^\$ hubctl (.+)$", text[begin:finish], re.MULTILINE)
    assert command is not None
    monkeypatch.chdir(README.parent)
    result = CliRunner().invoke(cli, shlex.split(command.group(1)))
    output = f"$ hubctl {command.group(1)}\n{result.stdout}{result.stderr}"
    _replace_or_compare(
        "<!-- example:validate -->", "<!-- /example:validate -->", f"```console\n{output}```\n"
    )
    assert result.exit_code == 1
