"""The progress bar: on a terminal's stderr for a run a person watches, nowhere else."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CLI_TODAY, run_cli

import hubctl.cli.options as cli_module


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """stderr is a terminal, and the bar shows at once (not after a second)."""
    monkeypatch.setattr(cli_module, "_stderr_is_terminal", lambda: True)
    monkeypatch.setattr(cli_module, "PROGRESS_DELAY_SECONDS", 0.0)


def validate_stderr(tree: Path, *options: str, env: dict[str, str] | None = None) -> str:
    result = run_cli("--listings", tree, "validate", "--on", CLI_TODAY, *options, env=env)
    assert result.exit_code == 0, result.stderr
    return result.stderr


@pytest.mark.usefixtures("terminal")
def test_a_terminal_sees_the_bar_then_a_clean_summary_line(
    make_tree: Callable[..., Path],
) -> None:
    tree = make_tree()
    for jobs in ("1", "2"):
        stderr = validate_stderr(tree, "--jobs", jobs)
        assert "\rreading [" in stderr and "12/12" in stderr
        # Wiped before the summary, which starts on a clean line.
        assert stderr.endswith("\r\x1b[Kchecked 12 files: 0 errors, 0 warnings\n")
    result = run_cli("--listings", tree, "coverage", "--on", CLI_TODAY)
    assert "\rreading [" in result.stderr


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize(
    ("options", "env"),
    [
        (("--format", "json"), None),
        (("--format", "sarif"), None),
        (("--format", "github"), None),
        ((), {"CI": "true"}),
        ((), {"GITHUB_ACTIONS": "true"}),
    ],
)
def test_no_bar_in_ci_or_with_a_machine_format(
    make_tree: Callable[..., Path], options: tuple[str, ...], env: dict[str, str] | None
) -> None:
    stderr = run_cli("--listings", make_tree(), "validate", *options, env=env).stderr
    assert "reading [" not in stderr and "\r" not in stderr


def test_no_bar_when_stderr_is_not_a_terminal(
    make_tree: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_module, "PROGRESS_DELAY_SECONDS", 0.0)
    stderr = validate_stderr(make_tree())
    assert stderr == "checked 12 files: 0 errors, 0 warnings\n"


@pytest.mark.usefixtures("terminal")
def test_no_bar_for_a_run_shorter_than_a_second(
    make_tree: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_module, "PROGRESS_DELAY_SECONDS", 3600.0)
    assert validate_stderr(make_tree()) == "checked 12 files: 0 errors, 0 warnings\n"
