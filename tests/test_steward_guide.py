"""docs/steward-guide.md is a session replayed for real: every output it shows is the code's.

The guide is read top to bottom. A block after `<!-- guide:write PATH -->` is written
to PATH; a ```diff block after `<!-- guide:change PATH -->` changes PATH (each `-` line
becomes the `+` lines after it); a ```console block after `<!-- guide:run -->` holds
`$ hubctl ...` and `$ git ...` commands whose output must be what the guide shows. All
of it happens in one empty folder, as a new steward would start. `UPDATE_GUIDE=1
pytest` rewrites the shown outputs from the code.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import run_cli

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "steward-guide.md"
DIRECTIVE = re.compile(r"<!-- guide:(write|change|run)(?: (\S+))? -->\n```(\w+)\n(.*?)```\n", re.S)


@dataclass(frozen=True)
class Step:
    """One directive of the guide and the block that follows it."""

    action: str
    path: str | None
    body: str
    body_start: int  # where the block's text starts in the guide
    body_end: int


def steps(text: str) -> Iterator[Step]:
    for match in DIRECTIVE.finditer(text):
        yield Step(match[1], match[2], match[4], match.start(4), match.end(4))


def apply_change(text: str, diff: str) -> str:
    """Each `-` line of the diff, with its `+` lines in its place; other lines are context.

    A `-` line must be a whole line of the file, found exactly once.
    """
    file_lines = text.splitlines()
    diff_lines = diff.splitlines()
    index = 0
    while index < len(diff_lines):
        if not diff_lines[index].startswith("-"):
            index += 1
            continue
        old = diff_lines[index][1:]
        index += 1
        new = []
        while index < len(diff_lines) and diff_lines[index].startswith("+"):
            new.append(diff_lines[index][1:])
            index += 1
        assert file_lines.count(old) == 1, f"the guide changes a line not there once: {old}"
        at = file_lines.index(old)
        file_lines[at : at + 1] = new
    return "".join(line + "\n" for line in file_lines)


# git as a steward's machine would run it, but with a fixed name and clock, so the
# commits (and what `hubctl diff` says of them) are the same on every run.
GIT_ENVIRONMENT = {
    "GIT_AUTHOR_NAME": "A Steward",
    "GIT_AUTHOR_EMAIL": "steward@example.org",
    "GIT_COMMITTER_NAME": "A Steward",
    "GIT_COMMITTER_EMAIL": "steward@example.org",
    "GIT_AUTHOR_DATE": "2026-11-23T10:00:00Z",
    "GIT_COMMITTER_DATE": "2026-11-23T10:00:00Z",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def run_command(command: str, folder: Path) -> str:
    """What `hubctl ...` (through the CLI) or `git ...` prints, stdout then stderr."""
    words = shlex.split(command)
    if words[0] == "hubctl":
        result = run_cli(*words[1:])
        assert result.exit_code in (0, 1), (command, result.output, result.stderr)
        return f"{result.stdout}{result.stderr}"
    assert words[0] == "git", f"the guide runs only hubctl and git: {command}"
    completed = subprocess.run(
        words,
        cwd=folder,
        env={**os.environ, **GIT_ENVIRONMENT},
        capture_output=True,
        text=True,
        check=True,
    )
    return f"{completed.stdout}{completed.stderr}"


def replay(step: Step, folder: Path) -> str:
    """Do one step in `folder`; for a run step, return the console text it really gives."""
    assert step.path is None or not Path(step.path).is_absolute()
    if step.action == "write":
        target = folder / str(step.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(step.body, encoding="utf-8")
        return step.body
    if step.action == "change":
        target = folder / str(step.path)
        target.write_text(apply_change(target.read_text("utf-8"), step.body), "utf-8")
        return step.body
    console = []
    for command in re.findall(r"^\$ (.+)$", step.body, re.M):
        console.append(f"$ {command}\n{run_command(command, folder)}")
    return "".join(console)


def test_the_guide_is_what_the_code_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = GUIDE.read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    replayed, taken = [], 0
    for step in steps(text):
        replayed.append(text[taken : step.body_start] + replay(step, tmp_path))
        taken = step.body_end
    new_text = "".join(replayed) + text[taken:]
    if os.environ.get("UPDATE_GUIDE") == "1":
        GUIDE.write_text(new_text, encoding="utf-8")
        text = new_text
    assert new_text == text, "docs/steward-guide.md is stale: run UPDATE_GUIDE=1 pytest"
    assert sum(1 for step in steps(text) if step.action == "run") >= 5


def test_a_change_that_is_not_in_the_file_fails() -> None:
    with pytest.raises(AssertionError):
        apply_change("a: 1\n", "-a: 2\n+a: 3\n")
    with pytest.raises(AssertionError):  # a part of a line is not the line
        apply_change("# a: 1\n", "-a: 1\n+a: 3\n")
    assert apply_change("a: 1\nb: 2\n", " b: 2\n-a: 1\n+a: 3\n+c: 4\n") == "a: 3\nc: 4\nb: 2\n"
