"""A listings folder with no authority in it is an error (HUB210) for every command.

An empty or mistyped --listings folder used to validate clean and publish empty
feeds with exit 0 while coverage failed on the same tree.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run_cli

ON = "2026-11-23"


def hub210_line(folder: Path) -> str:
    shown = folder.as_posix()
    return (
        f"{shown}:1:1: error HUB210 the listings folder '{shown}' holds no authority (no "
        f"<authority>/authority.yaml in it); add {shown}/<authority>/authority.yaml, or check "
        "--listings\n"
    )


@pytest.fixture
def empty_listings(tmp_path: Path) -> Path:
    folder = tmp_path / "listings"
    folder.mkdir()
    return folder


def test_validate_fails_on_a_folder_with_no_authority(empty_listings: Path) -> None:
    result = run_cli("--listings", empty_listings, "validate")
    assert result.exit_code == 1
    assert result.stdout == hub210_line(empty_listings)


def test_a_folder_of_other_files_holds_no_authority(empty_listings: Path) -> None:
    (empty_listings / "README.md").write_text("notes\n")
    (empty_listings / "drafts").mkdir()
    (empty_listings / "drafts" / "todo.txt").write_text("later\n")
    result = run_cli("--listings", empty_listings, "validate", "--format", "json")
    assert result.exit_code == 1
    assert '"code": "HUB210"' in result.stdout


def test_an_invalid_authority_file_is_not_also_reported_as_no_authority(
    make_tree: Callable[..., Path],
) -> None:
    tree = make_tree()
    (tree / "testshire" / "authority.yaml").write_text("id: [\n")
    result = run_cli("--listings", tree, "validate")
    assert result.exit_code == 1
    assert "HUB210" not in result.stdout and "HUB004" in result.stdout


def test_a_missing_folder_is_hub012_only(tmp_path: Path) -> None:
    result = run_cli("--listings", tmp_path / "nope", "validate")
    assert result.exit_code == 1
    assert result.stdout.split()[2] == "HUB012" and "HUB210" not in result.stdout


def test_publish_fails_and_writes_nothing(empty_listings: Path, tmp_path: Path) -> None:
    result = run_cli(
        "--listings", empty_listings, "publish", "--out", str(tmp_path / "dist"), "--on", ON
    )
    assert result.exit_code == 1
    assert result.stdout == hub210_line(empty_listings)
    assert result.stderr == "hubctl: 1 error in the listings; nothing was published\n"
    assert not (tmp_path / "dist").exists()


def test_coverage_fails_with_the_same_diagnostic(empty_listings: Path) -> None:
    result = run_cli("--listings", empty_listings, "coverage", "--on", ON)
    assert result.exit_code == 1
    assert result.stdout.startswith(hub210_line(empty_listings))
