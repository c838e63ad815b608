"""Output stays bounded per file however many mistakes a file holds (SPEC §5, issue 8)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from conftest import TREE_AUTHORITY, TREE_HUB, tree_activity_id

from hubctl import validate
from hubctl.cli import cli
from hubctl.diagnostics import MAX_DIAGNOSTICS_PER_FILE


def test_a_file_with_hundreds_of_mistakes_reports_the_first_hundred_and_a_count(
    make_tree: Callable[..., Path], fixed_today: object
) -> None:
    tree = make_tree()
    hub = tree / TREE_AUTHORITY / "hubs" / f"{TREE_HUB}.yaml"
    original = hub.read_text(encoding="utf-8")
    hub.write_text(original + "".join(f"unknown_{i:04}: x\n" for i in range(300)), encoding="utf-8")
    report = validate(tree, today=fixed_today)  # type: ignore[arg-type]
    in_hub = [d for d in report.diagnostics if d.path == hub.as_posix()]
    assert len(in_hub) == MAX_DIAGNOSTICS_PER_FILE + 1
    last = in_hub[-1]
    assert (last.code, last.severity) == ("HUB017", "error")
    assert last.message.startswith("200 more problems are in this file but not shown")
    # It sits where the first hidden problem was, the 101st unknown key.
    assert last.line == len(original.splitlines()) + MAX_DIAGNOSTICS_PER_FILE + 1


def test_a_count_of_hidden_warnings_is_a_warning_and_keeps_exit_zero(
    make_tree: Callable[..., Path],
) -> None:
    tree = make_tree()
    # 150 rules, each with an unquoted time: 150 quoting warnings (HUB011), no error.
    activity = tree / TREE_AUTHORITY / "activities" / f"{tree_activity_id('midwifery')}.yaml"
    rules = "".join(
        f'  - freq: weekly\n    byday: [mon]\n    opens_at: 1{i % 10}:00\n    closes_at: "20:00"\n'
        for i in range(150)
    )
    text = activity.read_text(encoding="utf-8")
    head = text[: text.index("schedule:")]
    tail = text[text.index("last_reviewed:") :]
    activity.write_text(f"{head}schedule:\n{rules}{tail}", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["--listings", str(tree), "validate", "--on", "2026-11-23", "--format", "json"]
    )
    document = json.loads(result.stdout)
    assert result.exit_code == 0, result.output
    assert document["errors"] == 0
    codes = [d["code"] for d in document["diagnostics"]]
    assert codes.count("HUB011") == MAX_DIAGNOSTICS_PER_FILE
    assert document["diagnostics"][-1]["code"] == "HUB017"
    assert document["diagnostics"][-1]["severity"] == "warning"


def test_files_sharing_an_id_name_three_others_then_a_count(
    make_tree: Callable[..., Path], fixed_today: object
) -> None:
    tree = make_tree()
    name = f"{tree_activity_id('midwifery')}.yaml"
    source = tree / TREE_AUTHORITY / "activities" / name
    authority = (tree / TREE_AUTHORITY / "authority.yaml").read_text(encoding="utf-8")
    # The same file in five more authorities: each named after its id, so each is told.
    for copy in range(5):
        folder = tree / f"other-{copy}"
        (folder / "activities").mkdir(parents=True)
        text = authority.replace(f"id: {TREE_AUTHORITY}\n", f"id: other-{copy}\n")
        (folder / "authority.yaml").write_text(text, encoding="utf-8")
        shutil.copyfile(source, folder / "activities" / name)
    report = validate(tree, today=fixed_today)  # type: ignore[arg-type]
    shared = [d for d in report.diagnostics if d.code == "HUB202"]
    assert len(shared) == 6
    assert all(d.message.count(".yaml") == 3 for d in shared)
    assert all(" and 2 more; give each listing its own id" in d.message for d in shared)
