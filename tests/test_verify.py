"""`hubctl verify DIR` (README: hubctl verify): a published folder passes; each kind of
tampering fails with its code, at its file (and line and column where it has one).

Each test copies one real publish (of the trap tree, tests/fixtures/traps) and changes
it the way a broken download or an attacker would; `rehash` also rewrites the manifest's
size and checksum for a file, as an attacker who changes a file would.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import CLEAN_JSON_REPORT, TRAPS, publish_cli, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hubctl.feed_verify import verify_feed
from hubctl.feed_verify.verifier import ORUK_MIRROR
from hubctl.feeds.feed_json import FEED_SCHEMA_VERSION
from hubctl.feeds.oruk_mirror import MIRROR_FOLDER
from hubctl.feeds.oruk_terms import oruk_uuid

Problems = list[tuple[str, str]]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The shipped listings and the trap tree, each published once."""
    repo_root = Path(__file__).resolve().parent.parent
    folders = {}
    for name, listings in (("shipped", repo_root / "listings"), ("traps", TRAPS)):
        out = tmp_path_factory.mktemp(name) / "dist"
        result = publish_cli(listings, out, env={"SOURCE_DATE_EPOCH": "1790000000"})
        assert result.exit_code == 0, result.output
        folders[name] = out
    return folders


@pytest.fixture
def dist(published: dict[str, Path], tmp_path: Path) -> Path:
    """A copy of the trap tree's publish (the smaller one), to tamper with."""
    return Path(shutil.copytree(published["traps"], tmp_path / "dist", symlinks=True))


def verify_json(folder: Path) -> tuple[int, list[dict[str, Any]]]:
    """`hubctl verify FOLDER --format json`: its exit code and diagnostics."""
    result = run_cli("verify", folder, "--format", "json")
    assert result.stderr == "", result.stderr
    report = json.loads(result.stdout)
    return result.exit_code, report["diagnostics"]


def problems(folder: Path) -> Problems:
    """(code, path inside FOLDER) of each diagnostic, after checking verify exited 1."""
    exit_code, diagnostics = verify_json(folder)
    assert exit_code == 1, diagnostics
    prefix = folder.as_posix() + "/"
    return [(d["code"], d["path"].removeprefix(prefix)) for d in diagnostics]


def manifest_of(folder: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((folder / "manifest.json").read_bytes())
    return document


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    (folder / "manifest.json").write_text(text, encoding="utf-8")


def rehash(folder: Path, path: str, records: int | None = None) -> None:
    """Make the manifest's entry for `path` match the file now (adding one if needed)."""
    manifest = manifest_of(folder)
    content = (folder / path).read_bytes()
    entries = {entry["path"]: entry for entry in manifest["files"]}
    entry = entries.setdefault(path, {"path": path, "records": records})
    entry["bytes"], entry["sha256"] = len(content), hashlib.sha256(content).hexdigest()
    if records is not None:
        entry["records"] = records
    manifest["files"] = sorted(entries.values(), key=lambda e: e["path"])
    write_manifest(folder, manifest)


def edit(folder: Path, path: str, old: str, new: str, count: int = 1) -> None:
    """Replace `old` (which must be there) by `new` in one published file, as bytes."""
    target = folder / path
    content = target.read_bytes()
    assert old.encode() in content, old
    target.write_bytes(content.replace(old.encode(), new.encode(), count))


def position_in(folder: Path, path: str, needle: str) -> tuple[int, int]:
    """The 1-based line and column where `needle` starts in a published file."""
    text = (folder / path).read_text(encoding="utf-8")
    offset = text.index(needle)
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def diagnostic_for(folder: Path, code: str) -> dict[str, Any]:
    _, diagnostics = verify_json(folder)
    [found] = [d for d in diagnostics if d["code"] == code]
    return found


# --- what publish writes passes -------------------------------------------------------------


@pytest.mark.parametrize("tree", ["shipped", "traps"])
def test_a_fresh_publish_verifies(published: dict[str, Path], tree: str) -> None:
    files = len(manifest_of(published[tree])["files"]) + 1
    result = run_cli("verify", published[tree])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"checked {files} files: 0 errors, 0 warnings\n"


def test_the_json_report_of_a_fresh_publish(published: dict[str, Path]) -> None:
    result = run_cli("verify", published["shipped"], "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == CLEAN_JSON_REPORT


# --- the manifest and the folder ------------------------------------------------------------


def test_a_changed_byte_is_a_checksum_mismatch(dist: Path) -> None:
    edit(dist, "csv/hubs.csv", "3 Market Place", "4 Market Place")
    assert problems(dist) == [("VER005", "csv/hubs.csv")]


def test_a_truncated_file_is_a_size_mismatch(dist: Path) -> None:
    content = (dist / "csv/sessions.csv").read_bytes()
    (dist / "csv/sessions.csv").write_bytes(content[: len(content) // 2])
    found = problems(dist)
    assert found[:2] == [("VER004", "csv/sessions.csv"), ("VER005", "csv/sessions.csv")]


def test_a_missing_file(dist: Path) -> None:
    (dist / "calendar/welsh-name-hub.ics").unlink()
    assert problems(dist) == [("VER003", "calendar/welsh-name-hub.ics")]


def test_an_extra_file_and_an_extra_folder(dist: Path) -> None:
    (dist / "csv/extra.csv").write_text("a,b\n", encoding="utf-8")
    (dist / "drafts").mkdir()
    (dist / "drafts/notes.txt").write_text("hello\n", encoding="utf-8")
    assert problems(dist) == [("VER006", "csv/extra.csv"), ("VER006", "drafts")]


def test_a_wrong_sha256_in_the_manifest(dist: Path) -> None:
    manifest = manifest_of(dist)
    [entry] = [e for e in manifest["files"] if e["path"] == "sites.geojson"]
    entry["sha256"] = "0" * 64
    write_manifest(dist, manifest)
    diagnostic = diagnostic_for(dist, "VER005")
    assert diagnostic["path"] == f"{dist.as_posix()}/sites.geojson"
    assert diagnostic["message"].endswith(f"manifest.json lists {'0' * 64}")


def test_a_symbolic_link_is_reported_and_never_followed(dist: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.csv"
    shutil.copyfile(dist / "csv/hubs.csv", outside)
    (dist / "csv/hubs.csv").unlink()
    (dist / "csv/hubs.csv").symlink_to(outside)  # the same bytes: following it would pass
    (dist / "extra-link").symlink_to("/etc")
    assert problems(dist) == [("VER007", "csv/hubs.csv"), ("VER007", "extra-link")]


def test_a_linked_folder_is_one_problem(dist: Path, tmp_path: Path) -> None:
    shutil.move(dist / "calendar", tmp_path / "calendar")
    (dist / "calendar").symlink_to(tmp_path / "calendar")
    assert problems(dist) == [("VER007", "calendar")]


def test_a_pipe_is_never_opened(dist: Path) -> None:
    (dist / "sites.geojson").unlink()
    os.mkfifo(dist / "sites.geojson")  # opening it for reading would wait for ever
    assert problems(dist) == [("VER008", "sites.geojson")]


def test_a_listed_file_that_is_a_folder(dist: Path) -> None:
    (dist / "sites.geojson").unlink()
    (dist / "sites.geojson").mkdir()
    assert problems(dist) == [("VER008", "sites.geojson")]


@pytest.mark.parametrize(
    ("manifest_text", "code", "line", "column"),
    [
        ("", "VER101", 1, 1),
        ('{"files": [}', "VER101", 1, 12),
        ('{"files": [], "files": []}', "VER101", 1, 1),
        ("[]", "VER002", 1, 1),
    ],
)
def test_a_manifest_that_is_not_hubctl_s(
    dist: Path, manifest_text: str, code: str, line: int, column: int
) -> None:
    (dist / "manifest.json").write_text(manifest_text, encoding="utf-8")
    diagnostic = diagnostic_for(dist, code)
    assert (diagnostic["path"], diagnostic["line"], diagnostic["column"]) == (
        f"{dist.as_posix()}/manifest.json",
        line,
        column,
    )


@pytest.mark.parametrize("path", ["../outside.txt", "/etc/passwd", "csv\\hubs.csv", "a//b"])
def test_a_manifest_path_out_of_the_folder_is_refused(dist: Path, path: str) -> None:
    manifest = manifest_of(dist)
    manifest["files"][0]["path"] = path
    write_manifest(dist, manifest)
    diagnostic = diagnostic_for(dist, "VER002")
    assert diagnostic["message"].startswith("files[0].path must be a relative path")
    assert (diagnostic["line"], diagnostic["column"]) == position_in(
        dist, "manifest.json", json.dumps(path)
    )


def test_a_manifest_path_listed_twice(dist: Path) -> None:
    manifest = manifest_of(dist)
    manifest["files"].append(dict(manifest["files"][0]))
    write_manifest(dist, manifest)
    assert "a second time" in diagnostic_for(dist, "VER002")["message"]


@pytest.mark.parametrize("make", ["nothing", "listings", "feed-only"])
def test_a_folder_that_is_not_a_feed(make: str, tmp_path: Path, dist: Path) -> None:
    folder = tmp_path / "folder"
    if make == "listings":
        folder = Path(shutil.copytree(TRAPS, folder))
    else:
        folder.mkdir()
    if make == "feed-only":
        shutil.copyfile(dist / "feed.json", folder / "feed.json")
    result = run_cli("verify", folder)
    assert result.exit_code == 1
    assert result.stdout == (
        f"{folder.as_posix()}/manifest.json:1:1: error VER001 manifest.json is missing: "
        "this is not a folder hubctl publish wrote\n"
    )
    assert "Traceback" not in result.output


@pytest.mark.parametrize("what", ["missing", "file"])
def test_dir_must_be_a_folder(what: str, tmp_path: Path) -> None:
    target = tmp_path / "dist"
    if what == "file":
        target.write_text("{}", encoding="utf-8")
    result = run_cli("verify", target)
    assert result.exit_code == 2
    assert result.stderr == (
        f"hubctl: {target.as_posix()} is not a folder; give the folder hubctl publish wrote "
        "(the one holding manifest.json)\n"
    )


def test_a_file_every_feed_has_is_not_in_the_manifest(dist: Path) -> None:
    for path in ("datapackage.json", "csv/branches.csv"):
        (dist / path).unlink()
    manifest = manifest_of(dist)
    manifest["files"] = [
        e for e in manifest["files"] if e["path"] not in ("datapackage.json", "csv/branches.csv")
    ]
    write_manifest(dist, manifest)
    _, diagnostics = verify_json(dist)
    assert [d["message"] for d in diagnostics if d["code"] == "VER109"] == [
        "the manifest does not list csv/branches.csv, which every feed has",
        "the manifest does not list datapackage.json, which every feed has",
    ]


def test_a_record_count_that_differs(dist: Path) -> None:
    manifest = manifest_of(dist)
    [entry] = [e for e in manifest["files"] if e["path"] == "csv/hubs.csv"]
    entry["records"] = 5
    write_manifest(dist, manifest)
    assert problems(dist) == [("VER107", "csv/hubs.csv")]
    assert diagnostic_for(dist, "VER107")["message"] == (
        "the file holds 4 records; manifest.json says 5"
    )


def test_manifest_and_feed_from_different_publishes(dist: Path) -> None:
    manifest = manifest_of(dist)
    manifest["source"] = "f" * 40
    write_manifest(dist, manifest)
    assert problems(dist) == [("VER108", "manifest.json")]


# --- JSON and its schemas -------------------------------------------------------------------


def test_feed_json_breaking_its_schema_with_its_checksum_updated(dist: Path) -> None:
    # The first running activity becomes "runing": every byte accounted for, still wrong.
    edit(dist, "feed.json", '"status":"running"', '"status":"runing"')
    rehash(dist, "feed.json")
    diagnostic = diagnostic_for(dist, "VER102")
    line, column = position_in(dist, "feed.json", '"runing"')
    assert (diagnostic["line"], diagnostic["column"]) == (line, column)
    assert diagnostic["message"] == (
        "/activities/0/status: 'runing' is not one of 'running', 'paused', 'ended'"
    )
    assert problems(dist) == [("VER102", "feed.json")]


def test_a_lax_feed_schema_in_the_folder_is_not_used(dist: Path) -> None:
    (dist / "feed.schema.json").write_text('{"type": "object"}\n', encoding="utf-8")
    rehash(dist, "feed.schema.json")
    edit(dist, "feed.json", '"status":"running"', '"status":"runing"')
    rehash(dist, "feed.json")
    # Judged by hubctl's own schema, feed.json still fails; the copy is named as different.
    assert problems(dist) == [("VER102", "feed.json"), ("VER103", "feed.schema.json")]
    assert diagnostic_for(dist, "VER103")["message"] == (
        "the document has no '$schema', which hubctl's copy has: the folder's copy is not "
        "the one hubctl publishes"
    )


def test_a_feed_schema_that_differs_only_in_layout(dist: Path) -> None:
    schema = json.loads((dist / "feed.schema.json").read_bytes())
    (dist / "feed.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    rehash(dist, "feed.schema.json")
    assert diagnostic_for(dist, "VER103")["message"] == (
        "differs from the copy this hubctl publishes only in its layout (spaces, key order)"
    )


def test_a_lax_data_package_is_named(dist: Path) -> None:
    edit(dist, "datapackage.json", '"minimum": 1', '"minimum": -100')
    rehash(dist, "datapackage.json")
    diagnostic = diagnostic_for(dist, "VER103")
    assert diagnostic["message"].startswith(
        "/resources/4/schema/fields/2/constraints/minimum is -100"
    )
    assert (diagnostic["line"], diagnostic["column"]) == position_in(
        dist, "datapackage.json", "-100"
    )


def test_a_feed_of_an_unknown_schema_version(dist: Path) -> None:
    edit(dist, "feed.json", f'"schema_version":"{FEED_SCHEMA_VERSION}"', '"schema_version":"2.0.0"')
    rehash(dist, "feed.json")
    found = problems(dist)
    assert ("VER104", "feed.json") in found
    assert ("VER108", "manifest.json") in found


def service_file(dist: Path, activity: str) -> str:
    """The path (in `dist`) of the mirror's file of one activity's service."""
    return f"oruk/services/{oruk_uuid('service', activity)}.json"


def test_an_open_referral_service_breaking_its_schema(dist: Path) -> None:
    path = service_file(dist, "paused-money-line")
    edit(dist, path, '"status":"temporarily closed"', '"status":"open?"')
    rehash(dist, path)
    diagnostic = diagnostic_for(dist, "VER102")
    assert diagnostic["path"].endswith(path)
    assert diagnostic["message"].startswith("/status: 'open?' is not one of ")


def test_an_open_referral_page_item_breaking_its_schema(dist: Path) -> None:
    page = json.loads((dist / "oruk/services/page-1.json").read_bytes())
    page["contents"][3]["minimum_age"] = "three"
    (dist / "oruk/services/page-1.json").write_text(json.dumps(page), encoding="utf-8")
    rehash(dist, "oruk/services/page-1.json")
    diagnostic = diagnostic_for(dist, "VER102")
    assert diagnostic["message"] == "/contents/3/minimum_age: must be number, not text"


def test_an_open_referral_page_without_contents(dist: Path) -> None:
    (dist / "oruk/services/page-1.json").write_text("{}\n", encoding="utf-8")
    rehash(dist, "oruk/services/page-1.json")
    messages = [d["message"] for d in verify_json(dist)[1] if d["code"] == "VER102"]
    assert messages == [
        "the document: lacks the required 'total_items', 'total_pages', 'page_number', "
        "'size', 'first_page', 'last_page' (or 2 more)"
    ]


def test_a_root_document_without_its_version(dist: Path) -> None:
    (dist / "oruk/index.json").write_text('{"profile": "x"}\n', encoding="utf-8")
    rehash(dist, "oruk/index.json")
    messages = [d["message"] for d in verify_json(dist)[1] if d["code"] == "VER102"]
    assert messages == [
        "the document: lacks the required 'version', 'openapi_url'",
        "/profile: 'x' is not a valid uri",
    ]


def test_an_unknown_json_file_is_a_warning(dist: Path) -> None:
    (dist / "oruk/locations").mkdir()
    (dist / "oruk/locations/page-1.json").write_text('{"contents": []}\n', encoding="utf-8")
    rehash(dist, "oruk/locations/page-1.json")
    exit_code, diagnostics = verify_json(dist)
    assert exit_code == 0
    assert [(d["code"], d["severity"]) for d in diagnostics] == [("VER105", "warning")]


def test_more_problems_than_are_shown(dist: Path) -> None:
    for field in ("booking", "cost", "name"):  # an unknown key and a wrong type, each
        edit(dist, "feed.json", f'"{field}":', f'"{field}":7,"x{field}":', count=-1)
    rehash(dist, "feed.json")
    _, diagnostics = verify_json(dist)
    codes = [d["code"] for d in diagnostics]
    assert (codes.count("VER102"), codes[-1]) == (100, "VER009")
    assert diagnostics[-1]["message"].startswith("17 more problems are in this file")


def test_a_file_too_large_to_check(dist: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sizes = {entry["path"]: entry["bytes"] for entry in manifest_of(dist)["files"]}
    largest = max(sizes, key=lambda path: sizes[path])
    monkeypatch.setattr("hubctl.feed_verify.untrusted_folder.CONTENT_LIMIT", sizes[largest] - 1)
    found = problems(dist)
    too_large = sorted(path for code, path in found if code == "VER106")
    assert too_large == [largest]  # the only file over the limit
    assert {code for code, _ in found} == {"VER106"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff{}", "the file is not UTF-8 text"),
        (b'{"type": NaN}', "the file is not valid JSON (NaN is not a JSON number)"),
        (b"[" * 100_000 + b"]" * 100_000, "the file is nested too deeply to read"),
    ],
)
def test_json_that_is_not_strict_json(dist: Path, content: bytes, message: str) -> None:
    (dist / "sites.geojson").write_bytes(content)
    rehash(dist, "sites.geojson")
    assert diagnostic_for(dist, "VER101")["message"] == message


def test_geojson_that_is_not_a_collection_of_points(dist: Path) -> None:
    edit(dist, "sites.geojson", '"type":"Point"', '"type":"Polygon"')
    rehash(dist, "sites.geojson")
    diagnostic = diagnostic_for(dist, "VER301")
    assert diagnostic["message"] == "/features/0: geometry must be a Point"


def test_a_calendar_that_does_not_parse(dist: Path) -> None:
    (dist / "calendar/welsh-name-hub.ics").write_bytes(b"BEGIN:VCALENDAR\r\nnonsense")
    rehash(dist, "calendar/welsh-name-hub.ics")
    assert problems(dist) == [("VER302", "calendar/welsh-name-hub.ics")]


# --- CSV against the Data Package -----------------------------------------------------------


def test_a_cell_breaking_its_type(dist: Path) -> None:
    # at-cmd's first session: position 1 becomes "one" (an integer field).
    edit(dist, "csv/sessions.csv", "at-cmd,1,", "at-cmd,one,")
    rehash(dist, "csv/sessions.csv")
    diagnostic = diagnostic_for(dist, "VER203")
    assert diagnostic["message"] == "'one' is not a whole number"
    line, column = position_in(dist, "csv/sessions.csv", "one,")
    assert (diagnostic["path"], diagnostic["line"], diagnostic["column"]) == (
        f"{dist.as_posix()}/csv/sessions.csv",
        line,
        column,
    )


@pytest.mark.parametrize(
    ("old", "new", "code", "message"),
    [
        (
            ",weekly,wed,",
            ",fortnightly,wed,",
            "VER204",
            "'fortnightly' is not one of the values freq allows",
        ),
        (",10:00,12:00,", ",10:00,25:99,", "VER203", "'25:99' is not a time (HH:MM)"),
        (",18:00,19:30,false,", ",18:00,19:30,yes,", "VER203", "'yes' is not 'true' or 'false'"),
        (
            "at-cmd,1,",
            "at-cmd,0,",
            "VER204",
            "'0' is below position's minimum, 1",
        ),
        (",weekly,wed,", ",,wed,", "VER204", "freq is empty, but it is required"),
    ],
)
def test_a_cell_breaking_its_constraint(
    dist: Path, old: str, new: str, code: str, message: str
) -> None:
    edit(dist, "csv/sessions.csv", old, new)
    rehash(dist, "csv/sessions.csv")
    assert diagnostic_for(dist, code)["message"] == message


def test_a_duplicate_primary_key(dist: Path) -> None:
    lines = (dist / "csv/hubs.csv").read_bytes().split(b"\r\n")
    (dist / "csv/hubs.csv").write_bytes(b"\r\n".join([*lines[:3], lines[1], *lines[3:]]))
    rehash(dist, "csv/hubs.csv", records=5)
    diagnostic = diagnostic_for(dist, "VER205")
    hub_id = lines[1].split(b",")[0].decode()
    assert (diagnostic["line"], diagnostic["column"]) == (4, 1)
    assert diagnostic["message"] == f"the primary key '{hub_id}' is also on line 2"


def test_a_dangling_foreign_key(dist: Path) -> None:
    edit(dist, "csv/sessions.csv", "at-cmd-1,at-cmd,", "at-cmd-1,no-such-activity,")
    rehash(dist, "csv/sessions.csv")
    diagnostic = diagnostic_for(dist, "VER206")
    assert diagnostic["message"] == (
        "activity_id 'no-such-activity' names no row of activities (its id)"
    )
    assert (diagnostic["line"], diagnostic["column"]) == position_in(
        dist, "csv/sessions.csv", "no-such-activity"
    )


def test_a_header_that_differs(dist: Path) -> None:
    edit(dist, "csv/hubs.csv", "id,authority,", "id,council,")
    rehash(dist, "csv/hubs.csv")
    diagnostic = diagnostic_for(dist, "VER202")
    assert (diagnostic["line"], diagnostic["column"], diagnostic["message"]) == (
        1,
        4,
        "column 2 of the header is 'council', not 'authority'",
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"id\xff\r\n", "the file is not UTF-8 text"),
        (b'id,"authority\r\n', "the file is not well-formed CSV (unexpected end of data)"),
    ],
)
def test_csv_that_is_not_well_formed(dist: Path, content: bytes, message: str) -> None:
    (dist / "csv/authorities.csv").write_bytes(content)
    rehash(dist, "csv/authorities.csv")
    assert diagnostic_for(dist, "VER201")["message"] == message


def test_a_row_with_too_few_cells(dist: Path) -> None:
    (dist / "csv/authorities.csv").write_bytes(
        (dist / "csv/authorities.csv").read_bytes() + b"lonely\r\n"
    )
    rehash(dist, "csv/authorities.csv", records=3)
    assert diagnostic_for(dist, "VER201")["message"].startswith("the row has 1 cells;")


def test_a_cell_after_a_line_break_in_a_cell_is_placed_on_its_line(dist: Path) -> None:
    # The trap tree's Polish group has a two-line description; its age_max comes after it.
    edit(
        dist,
        "csv/activities.csv",
        'potrzebne.",running,parenting-support,Parenting '
        "support,,,https://traptown.example.org/live/zajecia,01632 960003,parents,0,5,",
        'potrzebne.",running,parenting-support,Parenting '
        "support,,,https://traptown.example.org/live/zajecia,01632 960003,parents,0,50,",
    )
    rehash(dist, "csv/activities.csv")
    diagnostic = diagnostic_for(dist, "VER204")
    assert diagnostic["message"] == "'50' is above age_max's maximum, 25"
    line, column = position_in(dist, "csv/activities.csv", ",0,50,")
    assert (diagnostic["line"], diagnostic["column"]) == (line, column + 3)


# --- escaping: the folder is untrusted ------------------------------------------------------


def test_names_and_values_from_the_folder_are_escaped(dist: Path) -> None:
    (dist / "evil\x1b[2Jname").write_text("x", encoding="utf-8")
    edit(dist, "csv/sessions.csv", ",weekly,wed,", ",\x1b]0;owned\x07,wed,")
    rehash(dist, "csv/sessions.csv")
    result = run_cli("verify", dist)
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "evil\\x1b[2Jname:1:1: error VER006 " in result.stdout
    assert "'\\x1b]0;owned\\x07' is not one of the values freq allows" in result.stdout


def test_a_long_value_is_cut(dist: Path) -> None:
    edit(dist, "csv/sessions.csv", ",weekly,wed,", ",weekly" + "y" * 5000 + ",wed,")
    rehash(dist, "csv/sessions.csv")
    message = diagnostic_for(dist, "VER204")["message"]
    assert len(message) < 120 and "…" in message


# --- the installed command ------------------------------------------------------------------


def test_the_installed_hubctl_verify(published: dict[str, Path], dist: Path) -> None:
    import subprocess
    import sys

    hubctl = Path(sys.executable).parent / "hubctl"
    clean = subprocess.run(
        [hubctl, "verify", published["shipped"]], capture_output=True, text=True, check=False
    )
    assert (clean.returncode, clean.stdout) == (0, "")
    edit(dist, "csv/hubs.csv", "3 Market Place", "4 Market Place")
    tampered = subprocess.run([hubctl, "verify", dist], capture_output=True, text=True, check=False)
    assert tampered.returncode == 1
    assert tampered.stdout.startswith(f"{dist.as_posix()}/csv/hubs.csv:1:1: error VER005 ")
    assert (
        tampered.stderr
        == f"checked {len(manifest_of(dist)['files']) + 1} files: 1 error, 0 warnings\n"
    )


def test_verify_needs_no_listings(
    published: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no listings/ here
    assert run_cli("verify", published["traps"]).exit_code == 0


# --- no tampering makes a traceback ---------------------------------------------------------


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    file_index=st.integers(min_value=0),
    offset=st.integers(min_value=0),
    cut=st.integers(min_value=0, max_value=40),
    inserted=st.binary(max_size=8) | st.sampled_from([b'"', b"\r\n", b"\x00", b"1e999", b"\xff"]),
    rehashed=st.booleans(),
)
def test_no_tampering_makes_a_traceback(
    published: dict[str, Path],
    tmp_path_factory: pytest.TempPathFactory,
    file_index: int,
    offset: int,
    cut: int,
    inserted: bytes,
    rehashed: bool,
) -> None:
    folder = Path(shutil.copytree(published["traps"], tmp_path_factory.mktemp("fuzz") / "dist"))
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    path = files[file_index % len(files)]
    content = (folder / path).read_bytes()
    at = offset % (len(content) + 1)
    changed = content[:at] + inserted + content[at + cut :]
    (folder / path).write_bytes(changed)
    if rehashed and path != "manifest.json":
        rehash(folder, path)
    report = verify_feed(folder)  # raises nothing, whatever the bytes
    assert all(d.code.startswith("VER") for d in report.diagnostics)
    if changed != content and not rehashed and path != "manifest.json":
        assert not report.ok  # a changed byte is always caught


def test_a_mirror_file_copied_over_another_answers_for_the_wrong_address(dist: Path) -> None:
    first, second = (service_file(dist, a) for a in ("paused-money-line", "ended-group"))
    (dist / second).write_bytes((dist / first).read_bytes())
    rehash(dist, second)
    diagnostic = diagnostic_for(dist, "VER110")
    assert diagnostic["path"].endswith(second)
    name = second.rsplit("/", 1)[1]
    assert diagnostic["message"] == (
        f"its id is '{oruk_uuid('service', 'paused-money-line')}', but a file named "
        f"'{name}' answers for '{name.removesuffix('.json')}'"
    )


def test_a_page_renamed_answers_for_the_wrong_page(dist: Path) -> None:
    page = json.loads((dist / "oruk/services/page-1.json").read_bytes())
    page["page_number"] = 2
    (dist / "oruk/services/page-1.json").write_text(json.dumps(page), encoding="utf-8")
    rehash(dist, "oruk/services/page-1.json")
    diagnostic = diagnostic_for(dist, "VER110")
    assert diagnostic["message"] == (
        "its page_number is '2', but a file named 'page-1.json' answers for '1'"
    )


def test_verify_names_the_folder_publish_writes_the_mirror_into() -> None:
    assert ORUK_MIRROR == MIRROR_FOLDER
