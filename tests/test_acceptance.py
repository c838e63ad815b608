"""Acceptance: each negative fixture, put in a valid tree, gives exactly its `# expect:` lines.

A case is a listing file under tests/fixtures/negative/<folder>/; each of its
`# expect: LINE:COL CODE message fragment` comments is one diagnostic it must
produce, and it must produce no other. Adding a case needs no code.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from hubctl import validate

FIXTURES = Path(__file__).parent / "fixtures"
VALID_TREE = FIXTURES / "tree"
NEGATIVE = FIXTURES / "negative"
TODAY = date(2026, 11, 23)
_EXPECT = re.compile(r"^# expect: (\d+):(\d+) (HUB\d{3}) (.+)$", re.MULTILINE)
# A diagnostic the case causes in another file of the tree (path relative to testshire/).
_EXPECT_OTHER = re.compile(r"^# expect-other: (\S+) (\d+):(\d+) (HUB\d{3}) (.+)$", re.MULTILINE)

CASES = sorted(NEGATIVE.glob("*/*.yaml"))


def test_the_valid_tree_has_no_diagnostics() -> None:
    assert validate(VALID_TREE, today=TODAY).diagnostics == []


def place_case(case: Path, tmp_path: Path) -> tuple[Path, Path]:
    tree = tmp_path / "listings"
    shutil.copytree(VALID_TREE, tree)
    folder = case.parent.name
    relative = "authority.yaml" if folder == "authority" else f"{folder}/{case.name}"
    target = tree / "testshire" / relative
    shutil.copyfile(case, target)
    return tree, target


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_negative_case_gives_exactly_its_expected_diagnostics(case: Path, tmp_path: Path) -> None:
    text = case.read_text(encoding="utf-8")
    tree, target = place_case(case, tmp_path)
    expected = [(target.as_posix(), *match) for match in _EXPECT.findall(text)]
    expected += [
        ((tree / "testshire" / other).as_posix(), *rest)
        for other, *rest in _EXPECT_OTHER.findall(text)
    ]
    assert expected, f"{case} has no '# expect:' line"
    report = validate(tree, today=TODAY)
    found = [(d.path, d.line, d.column, d.code, d.message) for d in report.diagnostics]
    assert len(found) == len(expected), found
    for path, line, column, code, fragment in expected:
        assert any(
            (path, int(line), int(column), code) == f[:4] and fragment in f[4] for f in found
        ), f"missing {line}:{column} {code} {fragment!r} in {found}"


def test_errors_in_one_file_never_hide_errors_in_others(tmp_path: Path) -> None:
    tree = tmp_path / "listings"
    shutil.copytree(VALID_TREE, tree)
    activities = tree / "testshire" / "activities"
    (activities / "broken-syntax.yaml").write_text("id: broken-syntax\nname: a: b\n")
    shutil.copyfile(NEGATIVE / "activities" / "status-typo.yaml", activities / "status-typo.yaml")
    shutil.copyfile(
        NEGATIVE / "activities" / "unknown-venue.yaml", activities / "unknown-venue.yaml"
    )
    report = validate(tree, today=TODAY)
    assert [(Path(d.path).name, d.code) for d in report.errors] == [
        ("broken-syntax.yaml", "HUB004"),
        ("status-typo.yaml", "HUB104"),
        ("unknown-venue.yaml", "HUB206"),
    ]


def test_shipped_listings_are_valid_with_no_warnings(repo_listings: Path) -> None:
    report = validate(repo_listings, today=TODAY)
    assert report.diagnostics == []
    assert len(report.listings.records) >= 60
    assert {a.id for a in report.listings.authorities} == {"derby", "leicester"}


@pytest.fixture
def repo_listings() -> Path:
    return Path(__file__).resolve().parents[1] / "listings"
