"""Every text is escaped for the format it lands in (issue 8), in one place per format.

The reader and the models refuse control characters and line breaks in one-line
fields, but each renderer must be safe on its own: these tests give the pure
renderers hostile values directly, and run the CLI on valid listings whose text is
hostile but printable (Markdown links, HTML, formula-like text, workflow commands).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from conftest import TREE_AUTHORITY

from hubctl.cli import cli
from hubctl.coverage_reports.text import markdown_text, terminal_text
from hubctl.diagnostics import Diagnostic
from hubctl.feeds.ics_lines import ics_text
from hubctl.reporters.github import render_github
from hubctl.reporters.json_report import render_json
from hubctl.reporters.sarif import render_sarif
from hubctl.reporters.text import render_text

HOSTILE_PATH = "listings/x/activities/a\x1b]52;c;c2VjcmV0\x07\n::add-mask::p.yaml"
HOSTILE_MESSAGE = "bad value\n::error file=x::forged\x1b[2J\u202eevil\x9b"


def hostile_diagnostic(path: str = HOSTILE_PATH) -> Diagnostic:
    return Diagnostic(path, 3, 7, "HUB105", HOSTILE_MESSAGE, "error")


def test_text_report_is_one_line_with_no_escape_sequence() -> None:
    text = render_text([hostile_diagnostic()])
    assert text.count("\n") == 1 and text.endswith("\n")
    assert not any(c in text for c in "\x1b\x07\x9b\u202e")
    assert "\\x1b]52;c;c2VjcmV0\\x07\\x0a::add-mask::p.yaml:3:7: error HUB105" in text


def test_github_report_is_exactly_one_workflow_command() -> None:
    text = render_github([hostile_diagnostic()])
    assert text.count("\n") == 1 and text.startswith("::error file=")
    assert "%0A::error file%3Dx::forged" not in text  # data keeps ':' but never a new line
    assert "%0A::error file=x::forged" in text
    assert "\x1b" not in text


def test_json_and_sarif_are_utf8_even_for_a_path_that_is_not() -> None:
    undecodable = "listings/x/activities/caf\udce9 menu#1.yaml"  # b"\xe9" read with surrogates
    for render in (render_json, render_sarif):
        text = render([hostile_diagnostic(undecodable)])
        json.loads(text.encode("utf-8"))
    sarif = json.loads(render_sarif([hostile_diagnostic("listings/a b/c#d%.yaml")]))
    location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "listings/a%20b/c%23d%25.yaml"


def test_terminal_and_markdown_text_stay_on_one_line_and_inert() -> None:
    assert terminal_text("Reason\n::add-mask::x\r\nmore\x1b[2J") == (
        "Reason ::add-mask::x more\\x1b[2J"
    )
    assert markdown_text("[click](https://evil.example) ![x](y) <b>|</b> *a* `c`") == (
        "\\[click\\](https://evil.example) \\!\\[x\\](y) \\<b\\>\\|\\</b\\> \\*a\\* \\`c\\`"
    )


def test_ics_text_escapes_as_rfc_5545_and_drops_controls() -> None:
    assert ics_text("a\rBEGIN:VEVENT") == "a\\nBEGIN:VEVENT"
    assert ics_text("back\\N; semi, comma\r\nnext\x1b") == "back\\\\N\\; semi\\, comma\\nnext"


def _hostile_tree(make_tree: Callable[..., Path]) -> Path:
    tree = make_tree()
    authority = tree / TREE_AUTHORITY / "authority.yaml"
    text = authority.read_text(encoding="utf-8").replace(
        "name: Testshire County Council",
        'name: "[click](https://evil.example) ![x](https://evil.example/p.png) <script>|"',
    )
    text += (
        "coverage:\n  waived:\n    - area: youth\n      reason: |\n"
        "        Not required here.\n        ::add-mask::secret\n"
    )
    authority.write_text(text, encoding="utf-8")
    return tree


def test_coverage_table_and_markdown_keep_listing_text_inert(
    make_tree: Callable[..., Path],
) -> None:
    tree = _hostile_tree(make_tree)
    for output_format in ("table", "markdown"):
        result = CliRunner().invoke(
            cli,
            ["--listings", str(tree), "coverage", "--on", "2026-11-23", "--format", output_format],
        )
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert not any(line.lstrip().startswith("::") for line in lines)
        assert any("Not required here. ::add-mask::secret" in line for line in lines)
    assert "\\[click\\](https" in result.stdout and "\\<script\\>\\|" in result.stdout
    assert "![x]" not in result.stdout


def test_coverage_html_escapes_names(make_tree: Callable[..., Path]) -> None:
    tree = _hostile_tree(make_tree)
    result = CliRunner().invoke(
        cli, ["--listings", str(tree), "coverage", "--on", "2026-11-23", "--format", "html"]
    )
    assert "<script>" not in result.stdout and "&lt;script&gt;|" in result.stdout


def test_a_terminal_that_cannot_show_a_character_gets_question_marks(
    make_tree: Callable[..., Path], tmp_path: Path
) -> None:
    # Before: any Polish letter or emoji in a message was an internal error (exit 3).
    tree = make_tree()
    activity = next((tree / TREE_AUTHORITY / "activities").iterdir())
    text = activity.read_text(encoding="utf-8")
    activity.write_text(text.replace("status: running", "status: działa 🧸"), encoding="utf-8")
    hubctl = Path(sys.executable).parent / "hubctl"
    environment = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    for output_format in ("text", "json", "sarif", "github"):
        completed = subprocess.run(
            [hubctl, "--listings", tree, "validate", "--format", output_format],
            capture_output=True,
            env=environment,
            cwd=tmp_path,
            check=False,
        )
        assert completed.returncode == 1, completed.stderr
        if output_format == "text":
            assert b"'dzia?a ?' is not allowed for status" in completed.stdout
        else:  # machine formats are UTF-8 whatever the terminal
            assert "działa 🧸".encode() in completed.stdout
