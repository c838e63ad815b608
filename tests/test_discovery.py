"""Finding listing files: links are never followed and nothing is skipped silently.

Listings come from pull requests, and CI runs hubctl with secrets in its environment,
so a link such as `activities/a.yaml -> ~/.env` must never be opened or printed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TREE_AUTHORITY, TREE_HUB, tree_activity_id

from hubctl import validate
from hubctl.checks import check_listings
from hubctl.cli import cli
from hubctl.discovery import display_path
from hubctl.listings import load_listings
from hubctl.reporters import RENDERERS
from hubctl.taxonomy import load_taxonomy

TODAY_TEXT = "2026-11-23"
SECRET = "HUBCTL_TEST_SECRET_6f1e2d"


def codes_at(tree: Path, today: object) -> list[tuple[str, str]]:
    report = validate(tree, today=today)  # type: ignore[arg-type]
    return [(Path(d.path).relative_to(tree).as_posix(), d.code) for d in report.diagnostics]


def activity(tree: Path, name: str) -> Path:
    return tree / TREE_AUTHORITY / "activities" / name


def test_a_link_to_a_secret_is_reported_and_never_printed_in_any_format(
    make_tree: Callable[..., Path], tmp_path: Path
) -> None:
    tree = make_tree()
    secret = tmp_path / "dot-env"
    secret.write_text(f"TOKEN={SECRET}\n: [unbalanced {SECRET}\n", encoding="utf-8")
    os.symlink(secret, activity(tree, "leak.yaml"))
    for output_format in RENDERERS:
        result = CliRunner().invoke(
            cli,
            ["--listings", str(tree), "validate", "--on", TODAY_TEXT, "--format", output_format],
        )
        assert result.exit_code == 1, result.output
        assert SECRET not in result.stdout + result.stderr
        assert "leak.yaml" in result.stdout
        assert "HUB015" in result.stdout


def test_links_of_every_kind_are_errors_naming_the_link(
    make_tree: Callable[..., Path], tmp_path: Path, fixed_today: object
) -> None:
    tree = make_tree()
    other = make_tree("elsewhere")
    os.symlink(other / TREE_AUTHORITY, tree / "linked-authority")  # a folder
    os.symlink(tmp_path / "nothing-here.yaml", activity(tree, "dangling.yaml"))  # dangling
    hub = tree / TREE_AUTHORITY / "hubs" / f"{TREE_HUB}.yaml"
    os.symlink(hub, tree / TREE_AUTHORITY / "hubs" / "inside-link.yaml")  # inside the tree
    found = codes_at(tree, fixed_today)
    assert ("linked-authority", "HUB015") in found
    assert (f"{TREE_AUTHORITY}/activities/dangling.yaml", "HUB015") in found
    assert (f"{TREE_AUTHORITY}/hubs/inside-link.yaml", "HUB015") in found
    # The linked authority's files were not read: its listings would clash by id.
    assert not any(code == "HUB202" for _, code in found)


def test_the_listings_folder_itself_may_be_a_link_the_user_chose(
    make_tree: Callable[..., Path], tmp_path: Path, fixed_today: object
) -> None:
    tree = make_tree()
    link = tmp_path / "via-link"
    os.symlink(tree, link)
    assert validate(link, today=fixed_today).diagnostics == []  # type: ignore[arg-type]


def test_a_fifo_with_a_listing_name_is_reported_without_hanging(
    make_tree: Callable[..., Path], fixed_today: object
) -> None:
    tree = make_tree()
    os.mkfifo(activity(tree, "pipe.yaml"))
    report = validate(tree, today=fixed_today)  # type: ignore[arg-type]
    [problem] = report.diagnostics
    assert (problem.code, problem.line, problem.column) == ("HUB012", 1, 1)
    assert "not a regular file" in problem.message


def test_a_folder_named_authority_yaml_is_reported(
    make_tree: Callable[..., Path], fixed_today: object
) -> None:
    tree = make_tree()
    (tree / TREE_AUTHORITY / "authority.yaml").unlink()
    (tree / TREE_AUTHORITY / "authority.yaml").mkdir()
    found = codes_at(tree, fixed_today)
    assert (f"{TREE_AUTHORITY}/authority.yaml", "HUB012") in found


@pytest.mark.parametrize(
    ("name", "fix"),
    [
        ("shouting.YAML", "rename the file to shouting.yaml"),
        ("short.yml", "rename the file to short.yaml"),
        ("notes.txt", "a file that is not a listing, in activities/"),
        ("sub-folder", "a folder that is not a listing, in activities/"),
    ],
)
def test_anything_in_a_kind_folder_that_is_not_an_id_yaml_is_reported(
    make_tree: Callable[..., Path], fixed_today: object, name: str, fix: str
) -> None:
    tree = make_tree()
    target = activity(tree, name)
    if name == "sub-folder":
        target.mkdir()
    else:
        target.write_text("id: x\n", encoding="utf-8")
    report = validate(tree, today=fixed_today)  # type: ignore[arg-type]
    assert [(d.code, fix in d.message) for d in report.diagnostics] == [("HUB209", True)]


def test_hidden_entries_and_readmes_outside_kind_folders_are_ignored(
    make_tree: Callable[..., Path], fixed_today: object
) -> None:
    tree = make_tree()
    (tree / "README.md").write_text("# Our listings\n", encoding="utf-8")
    (tree / TREE_AUTHORITY / "README.md").write_text("notes\n", encoding="utf-8")
    activity(tree, ".gitkeep").write_text("", encoding="utf-8")
    (tree / ".github").mkdir()
    assert validate(tree, today=fixed_today).diagnostics == []  # type: ignore[arg-type]


def test_an_unreadable_folder_is_reported_not_skipped(
    make_tree: Callable[..., Path], fixed_today: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Permission bits do not stop root (CI may run as root), so the refusal is simulated
    # where the walk lists a folder.
    tree = make_tree()
    locked = tree / TREE_AUTHORITY / "activities"
    real_scandir = os.scandir

    def scandir(path: object) -> object:
        if Path(str(path)) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", scandir)
    found = [
        (d.path, d.code, d.message)
        for d in validate(tree, today=fixed_today).diagnostics  # type: ignore[arg-type]
    ]
    assert (locked.as_posix(), "HUB012") in [f[:2] for f in found]
    assert any("permission denied" in message for _, code, message in found if code == "HUB012")


def test_a_file_deleted_after_loading_does_not_crash_the_checks(
    make_tree: Callable[..., Path], fixed_today: object
) -> None:
    tree = make_tree()
    extra = activity(tree, "renamed-away.yaml")
    copied_from = activity(tree, f"{tree_activity_id('midwifery')}.yaml")
    extra.write_text(copied_from.read_text(encoding="utf-8"), encoding="utf-8")
    listings = load_listings(tree)
    extra.unlink()  # gone before the cross-file checks need its position
    problems = check_listings(listings, load_taxonomy(), fixed_today)  # type: ignore[arg-type]
    mismatch = [d for d in problems if d.path == extra.as_posix() and d.code == "HUB203"]
    assert [(d.line, d.column) for d in mismatch] == [(1, 1)]


def test_a_file_name_that_is_not_utf8_is_shown_by_its_bytes_in_every_format(
    make_tree: Callable[..., Path], fixed_today: object
) -> None:
    tree = make_tree()
    folder = os.fsencode(activity(tree, ""))
    with open(os.path.join(folder, b"caf\xe9\x1b[2J.yaml"), "wb") as handle:
        handle.write(b"id: cafe\n")
    report = validate(tree, today=fixed_today)  # type: ignore[arg-type]
    shown = {d.path for d in report.diagnostics}
    assert shown == {activity(tree, "caf\\xe9\\x1b[2J.yaml").as_posix()}
    for name, render in RENDERERS.items():
        rendered = render(report.diagnostics).encode("utf-8")
        assert b"\x1b" not in rendered, name
        if name in ("json", "sarif"):
            json.loads(rendered)


def test_display_path_escapes_what_a_terminal_would_act_on() -> None:
    assert display_path("a\nb\x1b]52;c;x\x07\u202e.yaml") == "a\\x0ab\\x1b]52;c;x\\x07\\u202e.yaml"
    # ASCII with nothing to escape is kept as it is (the fast path); DEL and tab are not.
    assert display_path("derby/hubs/a b-1_(x).yaml") == "derby/hubs/a b-1_(x).yaml"
    assert display_path("a\x7fb\tc.yaml") == "a\\x7fb\\x09c.yaml"


def test_taxonomy_from_a_device_ends_at_once(tmp_path: Path) -> None:
    # Run as a real process: before the fix `--taxonomy /dev/zero` never ended.
    completed = subprocess.run(
        [sys.executable, "-m", "hubctl", "--taxonomy", "/dev/zero", "validate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 1
    assert "/dev/zero:1:1: error HUB012" in completed.stdout


def test_an_authority_folder_without_authority_yaml_is_named(
    make_tree: Callable[..., Path], fixed_today: object
) -> None:
    tree = make_tree()
    hub = next((tree / TREE_AUTHORITY / "hubs").iterdir()).read_text(encoding="utf-8")
    other = tree / "otherton" / "hubs" / "otherton-hub.yaml"
    other.parent.mkdir(parents=True)
    other.write_text(hub.replace(f"id: {TREE_HUB}", "id: otherton-hub"), encoding="utf-8")
    report = validate(tree, today=fixed_today)  # type: ignore[arg-type]
    [missing] = [d for d in report.diagnostics if d.code == "HUB208"]
    assert (missing.path, missing.line, missing.column) == (
        (tree / "otherton" / "authority.yaml").as_posix(),
        1,
        1,
    )
    assert missing.message.startswith(
        "the folder 'otherton' has listings but no authority.yaml; add one with id, name"
    )


def test_a_link_swapped_in_after_the_walk_is_still_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The walk saw a file; by the time it is opened it is a link. O_NOFOLLOW refuses it.
    from hubctl.reading import read_yaml_file

    secret = tmp_path / "secret"
    secret.write_text(f"token: {SECRET}\n", encoding="utf-8")
    link = tmp_path / "a.yaml"
    os.symlink(secret, link)
    monkeypatch.setattr(Path, "is_symlink", lambda self: False)
    result = read_yaml_file(link, "a.yaml")
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == [("HUB015", 1, 1)]
    assert result.data is None and SECRET not in result.diagnostics[0].message
