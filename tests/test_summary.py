"""The summary line on stderr: it counts every file checked and comes after the report."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from conftest import CLI_TODAY, TREE_AUTHORITY, activity_yaml, run_cli


def test_invalid_files_are_counted_as_checked(make_tree: Callable[..., Path]) -> None:
    tree = make_tree()  # 12 files
    (tree / TREE_AUTHORITY / "activities" / "broken.yaml").write_text(
        activity_yaml("broken", "play-and-groups", status="runing")
    )
    result = run_cli("--listings", tree, "validate", "--on", CLI_TODAY)
    assert result.stderr == "checked 13 files: 1 error, 0 warnings\n"


def test_summary_comes_after_the_last_diagnostic_in_one_pipe(
    make_tree: Callable[..., Path], tmp_path: Path
) -> None:
    tree = make_tree()
    activities = tree / TREE_AUTHORITY / "activities"
    # Far more than one pipe or stdio buffer of output, so any unflushed report shows.
    for number in range(400):
        activity_id = f"broken-{number:03d}"
        (activities / f"{activity_id}.yaml").write_text(
            activity_yaml(activity_id, "play-and-groups", status="runing")
        )
    hubctl = Path(sys.executable).parent / "hubctl"
    # As on a CI runner: stdout block-buffered into the pipe, stderr line-buffered.
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    completed = subprocess.run(
        [hubctl, "--listings", tree, "validate", "--on", CLI_TODAY],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=environment,
        cwd=tmp_path,
        check=False,
    )
    lines = completed.stdout.decode("utf-8").splitlines()
    assert len(lines) == 401
    assert lines[-1] == "checked 412 files: 400 errors, 0 warnings"
    assert all(" error HUB104 " in line for line in lines[:-1])
