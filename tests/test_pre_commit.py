"""The `hubctl-validate` pre-commit hook, run by the real `pre-commit try-repo`.

try-repo clones this repository at HEAD (with uncommitted changes to tracked files) and
installs it with pip into a fresh environment, as a listings repository's `pre-commit
install` would, then runs the hook on the staged files of a listings repository. Each
try-repo builds its environment in a throwaway store (PRE_COMMIT_HOME, set under tmp_path
only so the caller's cache is never touched, does not keep it): about 20 to 30 s per run on
a 2-core machine, so this module runs it only twice.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import yaml
from conftest import TREE_AUTHORITY, TREE_HUB, TYPO_ACTIVITY

TYPO_FILE = f"listings/{TREE_AUTHORITY}/activities/typo-feeding-cafe.yaml"


def git(repository: Path, *arguments: str) -> None:
    """`git ARGUMENTS` in `repository`, with a fixed identity and no caller's git settings."""
    subprocess.run(
        ["git", "-c", "user.name=Steward", "-c", "user.email=steward@example.org", *arguments],
        cwd=repository,
        check=True,
        capture_output=True,
    )


def try_repo(hubctl_repository: Path, listings_repository: Path, cache: Path) -> tuple[int, str]:
    """`pre-commit try-repo HUBCTL hubctl-validate` in the listings repository."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    environment["PRE_COMMIT_HOME"] = str(cache)
    environment["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    completed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hubctl_repository), "hubctl-validate"],
        cwd=listings_repository,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return completed.returncode, completed.stdout + completed.stderr


def test_hooks_file_offers_hubctl_validate_on_changed_listing_files(repo_root: Path) -> None:
    [hook] = yaml.safe_load((repo_root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "hubctl-validate"
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == (
        "hubctl validate",
        "python",
        True,
    )


def test_try_repo_fails_on_the_staged_bad_file_and_passes_once_it_is_fixed(
    repo_root: Path, make_tree: Callable[..., Path], tmp_path: Path
) -> None:
    listings_repository = tmp_path / "listings-repo"
    make_tree("listings-repo/listings")
    git(listings_repository, "init", "--quiet")
    git(listings_repository, "add", ".")
    git(listings_repository, "commit", "--quiet", "-m", "A valid tree")
    (listings_repository / "README.md").write_text("Our listings.\n", encoding="utf-8")
    # The bad activity names the committed hub, which is not among the files passed to the
    # hook: it must resolve (no HUB206), so only the offer-area typo is reported.
    typo_path = listings_repository / TYPO_FILE
    typo_path.write_text(TYPO_ACTIVITY, encoding="utf-8")
    assert f"venues: [{TREE_HUB}]" in TYPO_ACTIVITY
    git(listings_repository, "add", ".")
    cache = tmp_path / "pre-commit-home"

    exit_code, output = try_repo(repo_root, listings_repository, cache)

    assert exit_code == 1, output
    assert "hubctl validate" in output and "Failed" in output
    assert (
        f"{TYPO_FILE}:5:15: error HUB201 unknown offer area 'infant-feding' (did you mean "
        "'infant-feeding'?); use an id from schema/offer-areas.yaml"
    ) in output
    assert "HUB206" not in output
    # (Warnings depend on today's date, which the hook cannot be given here.)
    assert "checked 13 files: 1 error, " in output

    typo_path.write_text(TYPO_ACTIVITY.replace("infant-feding", "infant-feeding"), "utf-8")
    git(listings_repository, "add", ".")

    exit_code, output = try_repo(repo_root, listings_repository, cache)

    assert exit_code == 0, output
    assert "Passed" in output and "error" not in output


def test_readme_config_names_a_hook_this_repository_offers(repo_root: Path) -> None:
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- example:pre-commit -->\n```yaml\n")[1].split("```")[0]
    [repository] = yaml.safe_load(block)["repos"]
    offered = yaml.safe_load((repo_root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {hook["id"] for hook in repository["hooks"]} <= {hook["id"] for hook in offered}
