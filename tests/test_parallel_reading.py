"""--jobs: worker processes give exactly what one process gives, and a dead worker is exit 3."""

from __future__ import annotations

import concurrent.futures
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CLI_TODAY, TRAPS, run_cli

import hubctl.parallel_reading as parallel_reading
from hubctl.listing_cache import CheckedFile

FIXTURES = Path(__file__).parent / "fixtures"


def every_trap_tree(root: Path) -> Path:
    """One tree holding every negative case and every reading trap, each in its own file.

    Authority cases each get an authority folder of their own; the rest go into the
    valid tree beside its files, so one tree has every kind of per-file failure.
    """
    tree = root / "listings"
    shutil.copytree(FIXTURES / "tree", tree)
    for case in sorted((FIXTURES / "negative").glob("*/*.yaml")):
        folder = case.parent.name
        if folder == "authority":
            target = tree / f"case-{case.stem}" / "authority.yaml"
        else:
            target = tree / "testshire" / folder / f"case-{case.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(case, target)
    for trap in sorted((FIXTURES / "reading").glob("*.yaml")):
        shutil.copyfile(trap, tree / "testshire" / "activities" / f"reading-{trap.name}")
    return tree


def trees(tmp_path: Path) -> list[Path]:
    return [
        every_trap_tree(tmp_path),
        TRAPS,
        FIXTURES / "publish-edges",
        FIXTURES / "readme",
        Path(__file__).resolve().parents[1] / "listings",
    ]


def validate_output(tree: Path, output_format: str, jobs: str) -> tuple[int, bytes, str]:
    result = run_cli(
        "--listings", tree, "validate", "--on", CLI_TODAY, "--format", output_format,
        "--jobs", jobs, "--no-cache",
    )  # fmt: skip
    return result.exit_code, result.stdout_bytes, result.stderr


def test_two_workers_give_byte_for_byte_what_one_process_gives(tmp_path: Path) -> None:
    compared = 0
    for tree in trees(tmp_path):
        for output_format in ("json", "text"):
            serial = validate_output(tree, output_format, "1")
            parallel = validate_output(tree, output_format, "2")
            assert parallel == serial, (tree, output_format)
            compared += 1
    assert compared == 10
    # The trap tree really holds failures of every kind, in more than one chunk.
    exit_code, report, _ = validate_output(every_trap_tree(tmp_path / "again"), "json", "2")
    assert exit_code == 1
    assert report.count(b'"code": "HUB0') >= 20 and report.count(b'"code": "HUB1') >= 20


def test_coverage_list_and_publish_take_jobs_and_agree(tmp_path: Path) -> None:
    for arguments in (["coverage", "--format", "json"], ["list", "activities", "--format", "csv"]):
        outputs = {
            run_cli("--listings", TRAPS, *arguments, "--on", CLI_TODAY, "--jobs", jobs).stdout
            for jobs in ("1", "2")
        }
        assert len(outputs) == 1, arguments
    for jobs in ("1", "2"):
        result = run_cli(
            "--listings", TRAPS, "publish", "--out", tmp_path / f"dist{jobs}", "--on", CLI_TODAY,
            "--jobs", jobs,
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
    one, two = (tmp_path / "dist1" / "manifest.json"), (tmp_path / "dist2" / "manifest.json")
    assert one.read_bytes() == two.read_bytes()


def test_small_trees_are_read_in_process_by_default(
    make_tree: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_workers(*_: object, **__: object) -> None:
        raise AssertionError("a small tree started worker processes")

    # parallel_reading imports it only when it starts workers.
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_workers)
    tree = make_tree()
    result = run_cli("--listings", tree, "validate", "--on", CLI_TODAY)
    assert result.exit_code == 0, result.stderr
    assert run_cli("--listings", tree, "validate", "--jobs", "2").exit_code == 3


def test_a_worker_that_dies_is_an_internal_error_in_one_line(
    make_tree: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def die(*_: object, **__: object) -> CheckedFile:
        os._exit(9)  # as if the worker were killed (out of memory, a signal)

    # Workers are forked, so they run the patched function; the parent never calls it.
    monkeypatch.setattr(parallel_reading, "check_file", die)
    result = run_cli("--listings", make_tree(), "validate", "--jobs", "2", "--no-cache")
    assert result.exit_code == 3
    [line] = result.stderr.splitlines()
    assert line.startswith("hubctl: internal error (BrokenProcessPool: ")
    assert line.endswith("please report this as a bug (run with HUBCTL_DEBUG=1 to see the details)")
    assert "Traceback" not in result.stderr


def test_jobs_must_be_a_positive_number(make_tree: Callable[..., Path]) -> None:
    result = run_cli("--listings", make_tree(), "validate", "--jobs", "0")
    assert result.exit_code == 2
    assert "Invalid value for '--jobs'" in result.stderr
