"""The expectations register (issue 13): expectations computed from coverage or recorded
in listings/<authority>/expectations.yaml, checked by validate, reported per strand."""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import TREE_AUTHORITY, run_cli, run_coverage

from hubctl import coverage
from hubctl.expectations import assurance
from hubctl.taxonomy import load_taxonomy

ON = datetime.date(2026, 11, 23)
PROFILE = """\
id: local
title: Local
description: A profile with expectations.
requirements:
  - {area: infant-feeding, level: minimum}
  - {area: midwifery, level: minimum}
expectations:
  - {id: feeding-services, title: Feeding, strand: feeding, level: minimum,
     areas: [infant-feeding]}
  - {id: both-services, title: Both, strand: feeding, level: minimum,
     areas: [infant-feeding, midwifery]}
  - {id: feeding-strategy, title: A strategy, strand: feeding, level: minimum}
  - {id: panel, title: A panel, strand: offer, level: minimum}
  - {id: training, title: Training, strand: offer, level: expected}
"""


@pytest.fixture
def profiles(tmp_path: Path) -> Path:
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "local.yaml").write_text(PROFILE, encoding="utf-8")
    return folder


@pytest.fixture
def tree(make_tree: Callable[..., Path]) -> Path:
    root = make_tree()
    authority = root / TREE_AUTHORITY / "authority.yaml"
    authority.write_text(
        authority.read_text(encoding="utf-8") + "coverage:\n  profile: local\n", encoding="utf-8"
    )
    return root


def write_register(tree: Path, text: str) -> Path:
    path = tree / TREE_AUTHORITY / "expectations.yaml"
    path.write_text(text, encoding="utf-8")
    return path


REGISTER = """\
expectations:
  - id: feeding-strategy
    status: met
    evidence:
      - {title: The strategy, url: "https://example.org/strategy"}
    reviewed: 2026-10-01
  - id: panel
    status: partly
    reviewed: 2025-06-01
    note: Recruiting.
"""


def validate_codes(tree: Path, profiles: Path) -> list[tuple[str, int, int]]:
    result = run_cli(
        "--requirements", profiles, "--listings", tree, "validate", "--on", "2026-11-23",
        "--format", "json",
    )  # fmt: skip
    return [(d["code"], d["line"], d["column"]) for d in json.loads(result.stdout)["diagnostics"]]


def test_expectations_are_computed_from_coverage_or_read_from_the_register(
    tree: Path, profiles: Path
) -> None:
    write_register(tree, REGISTER)
    (tree / TREE_AUTHORITY / "activities" / "testshire-midwifery.yaml").unlink()
    report = coverage(tree, on=ON, requirements_dir=profiles)
    (unit,) = assurance(report, tree, load_taxonomy(), profiles).units
    statuses = {r.expectation.id: (r.status, r.how) for r in unit.results}
    assert statuses == {
        "feeding-services": ("met", "computed"),
        "both-services": ("partly", "computed"),  # midwifery is not met
        "feeding-strategy": ("met", "recorded"),
        "panel": ("partly", "recorded"),
        "training": ("not-recorded", "recorded"),
    }
    by_id = {r.expectation.id: r for r in unit.results}
    assert by_id["both-services"].detail == (
        "infant-feeding: met; midwifery: not met (no activity here carries the area)"
    )
    assert by_id["panel"].stale and not by_id["feeding-strategy"].stale
    assert [e.url for e in by_id["feeding-strategy"].evidence] == ["https://example.org/strategy"]
    assert [(s.strand, s.status, s.met, s.total) for s in unit.strands] == [
        ("feeding", "partly", 2, 3),
        ("offer", "partly", 0, 2),
    ]


def test_every_format_carries_the_same_statuses(tree: Path, profiles: Path) -> None:
    write_register(tree, REGISTER)

    def run(*arguments: str) -> str:
        result = run_cli(
            "--requirements", profiles, "--listings", tree, "coverage", "--on", "2026-11-23",
            "--expectations", *arguments,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        return result.stdout

    document = json.loads(run("--format", "json"))
    (authority,) = document["authorities"]
    statuses = {e["id"]: e["status"] for e in authority["expectations"]}
    rows = list(csv.DictReader(io.StringIO(run("--format", "csv"))))
    assert {r["expectation"]: r["status"] for r in rows} == statuses
    assert authority["strands"][1] == {"strand": "offer", "status": "partly", "met": 0, "total": 2}
    table = run()
    assert "partly: panel [minimum, recorded] (stale: reviewed over 12 months ago)" in table
    assert "not recorded: training [expected, recorded]: not in the register" in table
    assert "- offer: partly (0 of 2 met)" in run("--format", "markdown")
    assert '<a href="https://example.org/strategy">The strategy</a>' in run("--format", "html")


def test_expectations_are_per_authority(tree: Path, profiles: Path) -> None:
    result = run_cli("--listings", tree, "coverage", "--expectations", "--by", "hub")
    assert result.exit_code == 2
    assert "--expectations are judged per authority" in result.output


def test_validate_checks_the_register(tree: Path, profiles: Path) -> None:
    write_register(
        tree,
        "expectations:\n"
        "  - {id: pannel, status: met, reviewed: 2026-10-01}\n"
        "  - {id: feeding-services, status: met, reviewed: 2026-10-01}\n"
        "  - {id: training, status: met, reviewed: 2025-01-01}\n"
        "  - {id: panel, status: met, reviewed: 2026-12-25}\n",
    )
    assert validate_codes(tree, profiles) == [
        ("HUB213", 2, 10),  # not in the profile (did you mean 'panel'?)
        ("HUB214", 3, 10),  # computed from the listings
        ("HUB407", 4, 43),  # not reviewed for 12 months: a warning
        ("HUB403", 5, 40),  # reviewed in the future
    ]
    result = run_cli(
        "--requirements", profiles, "--listings", tree, "validate", "--on", "2026-11-23"
    )
    assert "'pannel' is not an expectation of profile 'local' (did you mean 'panel'?)" in (
        result.output
    )


@pytest.mark.parametrize(
    ("text", "code", "line", "column"),
    [
        ("expectations:\n  - {id: panel, status: done, reviewed: 2026-10-01}\n", "HUB104", 2, 25),
        ("expectations:\n  - {id: panel, status: met}\n", "HUB101", 2, 5),
        (
            "expectations:\n  - {id: panel, status: met, reviewed: 2026-10-01}\n"
            "  - {id: panel, status: met, reviewed: 2026-10-01}\n",
            "HUB113",
            3,
            10,
        ),
        ("expectations: []\nexpectations: []\n", "HUB007", 2, 1),
    ],
)
def test_a_broken_register_names_file_line_and_column(
    tree: Path, profiles: Path, text: str, code: str, line: int, column: int
) -> None:
    write_register(tree, text)
    assert validate_codes(tree, profiles) == [(code, line, column)]
    result = run_coverage(tree, "--expectations")
    assert result.exit_code == 1


def test_a_linked_register_is_not_followed_or_echoed(tree: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("expectations: TOKEN-abc123\n", encoding="utf-8")
    os.symlink(secret, tree / TREE_AUTHORITY / "expectations.yaml")
    result = run_cli("--listings", tree, "validate")
    assert result.exit_code == 1
    assert "HUB015" in result.output and "TOKEN-abc123" not in result.output


def test_a_register_under_a_profile_without_expectations_is_refused(
    make_tree: Callable[..., Path],
) -> None:
    tree = make_tree()
    write_register(tree, "expectations:\n  - {id: panel, status: met, reviewed: 2026-10-01}\n")
    result = run_cli("--listings", tree, "validate", "--on", "2026-11-23")
    assert result.exit_code == 1
    assert "not an expectation of profile 'taxonomy'" in result.output


def test_the_shipped_registers_answer_which_expectations_are_met(shipped_listings: Path) -> None:
    result = run_coverage(shipped_listings, "--expectations", "--format", "json")
    assert result.exit_code == 0, result.output
    by_authority = {
        a["id"]: {e["id"]: e["status"] for e in a["expectations"]}
        for a in json.loads(result.stdout)["authorities"]
    }
    leicester = by_authority["leicester"]
    assert leicester["infant-feeding-services"] == "partly"  # in person at 1 of 5 hubs
    assert leicester["parent-carer-panel"] == "partly"
    assert leicester["infant-feeding-strategy"] == "not-met"
    assert by_authority["derby"]["workforce-training"] == "not-recorded"


# ---- validate remembers a register's checks, and never trusts what it did not sign ---


def test_a_remembered_check_gives_a_cold_runs_diagnostics(
    tree: Path, profiles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUBCTL_CACHE_DIR", str(tmp_path / "cache"))
    write_register(tree, REGISTER + "  - {id: pannel, status: met, reviewed: 2026-10-01}\n")

    def validate(*options: str, on: str = "2026-11-23") -> str:
        return run_cli(
            "--requirements", profiles, "--listings", tree, "validate", "--on", on, *options
        ).output  # fmt: skip

    cold = validate("--no-cache")
    assert "HUB213" in cold and "HUB407" in cold
    assert validate() == cold  # the first run remembers
    memo = tmp_path / "cache" / "registers.json"
    assert memo.is_file()
    assert validate() == cold  # from what it remembered
    # The date checks are made afresh: a year on, the records of 2026-10-01 are stale too.
    later = validate(on="2027-10-02")
    assert later.count("HUB407") == 3 and later == validate("--no-cache", on="2027-10-02")
    # An edit is noticed.
    write_register(tree, REGISTER)
    assert "HUB213" not in validate()
    # A profile that changes is noticed: 'panel' is no longer one of its expectations.
    profile = profiles / "local.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("id: panel", "id: panels"))
    assert "'panel' is not an expectation of profile 'local'" in validate()


def test_a_tampered_memo_is_not_trusted(
    tree: Path, profiles: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUBCTL_CACHE_DIR", str(tmp_path / "cache"))
    write_register(tree, "expectations:\n  - {id: pannel, status: met, reviewed: 2026-10-01}\n")
    arguments = ("--requirements", profiles, "--listings", tree, "validate", "--on", "2026-11-23")
    cold = run_cli(*arguments)
    assert cold.exit_code == 1
    memo = tmp_path / "cache" / "registers.json"
    first, _, body = memo.read_bytes().partition(b"\n")
    # A forged body that says the register is clean, under the old signature.
    document = json.loads(body)
    for result in document.values():
        result["static"] = []
    memo.write_bytes(first + b"\n" + json.dumps(document).encode())
    assert run_cli(*arguments).output == cold.output
    memo.write_bytes(b"garbage")
    assert run_cli(*arguments).output == cold.output


# ---- the published assurance summary ----------------------------------------------------


def test_publish_writes_the_assurance_document_coverage_prints(
    shipped_listings: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jsonschema import Draft202012Validator

    from hubctl.feeds.assurance_feed import assurance_schema

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")  # 2026-11-18
    out = tmp_path / "dist"
    published = run_cli("--listings", shipped_listings, "publish", "--out", out)
    assert published.exit_code == 0, published.output
    document = json.loads((out / "assurance.json").read_bytes())
    printed = run_cli(
        "--listings", shipped_listings, "coverage", "--expectations", "--on", "2026-11-18",
        "--format", "json",
    )  # fmt: skip
    assert document == json.loads(printed.stdout)
    assert document["judged"] == "on 2026-11-18"
    leicester = document["authorities"][1]
    assert (leicester["id"], leicester["profile"]) == ("leicester", "dfe-2025-26")
    assert "send-support" in leicester["coverage"]["gaps"]
    manifest = json.loads((out / "manifest.json").read_bytes())
    (entry,) = [e for e in manifest["files"] if e["path"] == "assurance.json"]
    assert entry["records"] == 2
    validator = Draft202012Validator(assurance_schema())
    assert list(validator.iter_errors(document)) == []
    document["authorities"][0]["strands"][0]["status"] = "done"
    assert list(validator.iter_errors(document))  # the schema would catch a bad value
    assert (tmp_path / "dist" / "assurance.json").read_bytes().count(b"\n") == 1  # compact


# ---- after the review: what validate accepts, coverage and publish take; no overstatement


def test_validate_fails_when_the_authority_profile_is_broken(tree: Path, profiles: Path) -> None:
    (profiles / "local.yaml").write_text(
        PROFILE.replace("areas: [infant-feeding]}", "areas: [infant-feedin]}"), encoding="utf-8"
    )
    arguments = ("--requirements", profiles, "--listings", tree)
    coverage_run = run_cli(*arguments, "coverage", "--on", "2026-11-23")
    validate_run = run_cli(*arguments, "validate", "--on", "2026-11-23")
    assert coverage_run.exit_code == validate_run.exit_code == 1
    assert "local.yaml:9:14: error HUB201 unknown offer area 'infant-feedin'" in (
        validate_run.output
    )


def assurance_with_policy(tree: Path, profiles: Path, policy: str) -> dict[str, Any]:
    """The JSON of `coverage --expectations` with `policy` (YAML under coverage:) added."""
    authority = tree / TREE_AUTHORITY / "authority.yaml"
    authority.write_text(authority.read_text(encoding="utf-8") + policy, encoding="utf-8")
    result = run_cli(
        "--requirements", profiles, "--listings", tree, "coverage", "--on", "2026-11-23",
        "--expectations", "--format", "json",
    )  # fmt: skip
    (authority_document,) = json.loads(result.stdout)["authorities"]
    return dict(authority_document)


def test_a_waived_area_is_never_published_as_met(tree: Path, profiles: Path) -> None:
    authority_document = assurance_with_policy(
        tree, profiles, "  waived:\n    - {area: infant-feeding, reason: Run by the trust}\n"
    )
    statuses = {e["id"]: e["status"] for e in authority_document["expectations"]}
    assert statuses["feeding-services"] == "waived"
    assert statuses["both-services"] == "partly"  # midwifery met, feeding waived
    assert authority_document["coverage"]["waived"] == ["infant-feeding"]
    assert authority_document["strands"][0]["status"] == "partly"


def test_a_local_requirement_replacing_the_profiles_is_published(
    tree: Path, profiles: Path
) -> None:
    authority_document = assurance_with_policy(
        tree, profiles, "  requirements:\n    - {area: infant-feeding, level: go-further}\n"
    )
    assert authority_document["coverage"]["local_requirements"] == ["infant-feeding"]


def test_an_expectation_not_yet_required_or_go_further_does_not_hold_its_strand_back(
    tree: Path, profiles: Path
) -> None:
    (profiles / "local.yaml").write_text(
        PROFILE.replace(
            "  - {area: midwifery, level: minimum}",
            "  - {area: midwifery, level: minimum, applies_from: 2027-04-01}\n"
            "  - {area: youth, level: go-further}",
        )
        + "  - {id: youth-aim, title: Youth, strand: feeding, level: go-further, areas: [youth]}\n",
        encoding="utf-8",
    )
    (tree / TREE_AUTHORITY / "activities" / "testshire-midwifery.yaml").unlink()
    report = coverage(tree, on=ON, requirements_dir=profiles)
    (unit,) = assurance(report, tree, load_taxonomy(), profiles).units
    statuses = {r.expectation.id: r.status for r in unit.results}
    assert statuses["both-services"] == "met"  # midwifery is not required before April
    assert statuses["youth-aim"] == "not-met"
    feeding = unit.strands[0]
    assert (feeding.strand, feeding.status) == ("feeding", "partly")  # the strategy, not youth
    assert (feeding.met, feeding.total) == (2, 3)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--expectations", "--area", "midwifery"], "--expectations takes neither --area"),
        (["--expectations", "--fail-on-gaps"], "--expectations takes neither --area"),
        (["--profile", "dfe-2025-62"], "no requirement profile 'dfe-2025-62' (did you mean"),
    ],
)
def test_options_that_cannot_be_honoured_are_usage_errors(
    tree: Path, arguments: list[str], message: str
) -> None:
    result = run_cli("--listings", tree, "coverage", *arguments)
    assert result.exit_code == 2 and message in result.output


def test_hub301_says_why_and_over_which_period(tree: Path, profiles: Path) -> None:
    (tree / TREE_AUTHORITY / "activities" / "testshire-midwifery.yaml").unlink()
    result = run_cli(
        "--requirements", profiles, "--listings", tree, "coverage", "--on", "2026-11-23",
        "--period", "term", "--fail-on-gaps",
    )  # fmt: skip
    assert result.exit_code == 1
    assert (
        "HUB301 required offer area 'midwifery' is not met in testshire over autumn term 2026 "
        "(2026-09-01 to 2026-12-31): no activity here carries the area"
    ) in result.stderr


def test_assurance_names_the_bytes_of_the_profile_it_followed(tree: Path, profiles: Path) -> None:
    import hashlib

    document = assurance_with_policy(tree, profiles, "")
    expected = hashlib.sha256((profiles / "local.yaml").read_bytes()).hexdigest()
    assert document["profile_sha256"] == f"sha256:{expected}"
    (profiles / "local.yaml").write_text(PROFILE + "# a comment\n", encoding="utf-8")
    assert assurance_with_policy(tree, profiles, "")["profile_sha256"] != f"sha256:{expected}"
