"""The strict YAML reader: each trap of SPEC §3 in a fixture file of its own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hubctl.file_reading import MAX_FILE_BYTES
from hubctl.reading import (
    Document,
    Yaml11Word,
    locate,
    read_yaml_bytes,
    read_yaml_file,
)

FIXTURES = Path(__file__).parent / "fixtures" / "reading"


def read_fixture(name: str):  # type: ignore[no-untyped-def]
    path = FIXTURES / name
    return read_yaml_file(path, name)


def only_problem(name: str) -> tuple[str, int, int, str]:
    result = read_fixture(name)
    assert result.data is None
    assert len(result.diagnostics) >= 1
    first = result.diagnostics[0]
    return first.code, first.line, first.column, first.message


@pytest.mark.parametrize(
    ("fixture", "code", "line", "column", "fix_fragment"),
    [
        ("duplicate-key.yaml", "HUB007", 4, 1, "also on line 2; keep one of the two lines"),
        ("anchor-and-alias.yaml", "HUB008", 2, 10, "write the value out in full"),
        ("alias-bomb.yaml", "HUB008", 2, 4, "write the value out in full"),
        ("python-tag.yaml", "HUB009", 2, 7, "remove it and write the plain value"),
        ("custom-tag.yaml", "HUB009", 2, 7, "'!custom' is not allowed"),
        ("two-documents.yaml", "HUB005", 2, 1, "keep one listing per file"),
        ("empty.yaml", "HUB003", 1, 1, "add the listing's fields"),
        ("comment-only.yaml", "HUB003", 1, 1, "add the listing's fields"),
        ("document-marker-only.yaml", "HUB003", 1, 1, "add the listing's fields"),
        ("top-level-list.yaml", "HUB006", 1, 1, "start with 'id: ...'"),
        ("top-level-scalar.yaml", "HUB006", 1, 1, "start with 'id: ...'"),
        ("not-utf8.yaml", "HUB001", 2, 10, "save it as UTF-8"),
        ("deep-nesting.yaml", "HUB010", 2, 27, "flatten it"),
        ("runaway-nesting.yaml", "HUB010", 2, 1007, "flatten it"),
        ("colon-in-value.yaml", "HUB004", 2, 11, "put the whole value in double quotes"),
        ("tab-indent.yaml", "HUB004", 3, 1, "indent with spaces, not tabs"),
        ("non-text-key.yaml", "HUB013", 2, 1, "a key must be a plain word"),
        ("control-character.yaml", "HUB014", 2, 16, "U+001B (escape); delete it"),
        ("nul-byte.yaml", "HUB014", 2, 8, "U+0000 (null); delete it"),
        ("c1-control.yaml", "HUB014", 3, 8, "U+009B (a control character); delete it"),
        ("line-separator.yaml", "HUB014", 2, 24, "U+2028 (line separator); replace it with"),
        ("bare-tag.yaml", "HUB009", 2, 7, "the tag '!' is not allowed"),
        ("huge-integer.yaml", "HUB016", 2, 7, "5,000 characters long"),
    ],
)
def test_each_trap_is_an_error_at_its_line_and_column(
    fixture: str, code: str, line: int, column: int, fix_fragment: str
) -> None:
    assert only_problem(fixture)[:3] == (code, line, column)
    assert fix_fragment in only_problem(fixture)[3]


def test_anchor_and_alias_are_both_reported() -> None:
    result = read_fixture("anchor-and-alias.yaml")
    assert [(d.code, d.line) for d in result.diagnostics] == [("HUB008", 2), ("HUB008", 4)]
    assert "an alias (*) 'weekday'" in result.diagnostics[1].message


def test_alias_bomb_is_refused_before_anything_expands() -> None:
    # 9^5 strings if expanded; the reader must refuse it without building it.
    result = read_fixture("alias-bomb.yaml")
    assert result.data is None
    assert {d.code for d in result.diagnostics} == {"HUB008"}


def test_python_tag_runs_nothing(tmp_path: Path) -> None:
    # Read in a child process whose working directory is tmp_path: if the tag ran,
    # os.system would create HUBCTL_PWNED there.
    fixture = FIXTURES / "python-tag.yaml"
    code = (
        "from pathlib import Path; from hubctl.reading import read_yaml_file; "
        f"r = read_yaml_file(Path({str(fixture)!r}), 'x'); print(r.diagnostics[0].code)"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == "HUB009"
    assert not (tmp_path / "HUBCTL_PWNED").exists()


def test_two_documents_name_the_second_one() -> None:
    assert "a second YAML document starts here" in only_problem("two-documents.yaml")[3]


def test_invalid_utf8_names_the_byte() -> None:
    assert "byte 0xE9 is not UTF-8" in only_problem("not-utf8.yaml")[3]


def test_file_over_one_mebibyte_is_refused_without_parsing(tmp_path: Path) -> None:
    large = tmp_path / "large.yaml"
    large.write_text("id: large\ndescription: " + "x" * MAX_FILE_BYTES + "\n")
    result = read_yaml_file(large, "large.yaml")
    assert result.data is None
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == [("HUB002", 1, 1)]
    assert "over the limit of 1,048,576 (1 MiB)" in result.diagnostics[0].message


def test_bom_and_crlf_are_accepted() -> None:
    result = read_fixture("bom-and-crlf.yaml")
    assert result.diagnostics == []
    assert result.data == {
        "id": "bom-crlf",
        "name": "Saturday Stay & Play",
        "opens_at": "10:30",
    }


def test_values_are_read_as_typed() -> None:
    result = read_fixture("yaml11-values.yaml")
    assert result.diagnostics == []
    assert result.data == {
        "id": "yaml11",
        "opens_at": "10:30",
        "phone": "01632960001",
        "languages": ["en", "no"],
        "note": "2026-01-01",
        "antenatal": "yes",
        "last_reviewed": "2026-01-01",
        "official": "on",
    }


def test_yaml11_hazards_carry_position_and_what_yaml11_reads() -> None:
    hazards = read_fixture("yaml11-values.yaml").hazards
    assert [(h.path, h.line, h.column, h.yaml11_type) for h in hazards] == [
        (("opens_at",), 2, 11, "int"),
        (("phone",), 3, 8, "int"),
        (("languages", 1), 4, 17, "bool"),
        (("note",), 5, 7, "timestamp"),
        (("antenatal",), 6, 12, "bool"),
        (("last_reviewed",), 7, 16, "timestamp"),
        (("official",), 8, 11, "bool"),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("n: 5", 5),
        ("n: -3", -3),
        ("n: 2.5", 2.5),
        ("n: true", True),
        ("n: false", False),
        ("n: ~", None),
        ("n:", None),
        ("n: null", None),
        ("n: 007", "007"),
        ("n: 1_000", "1_000"),
        ("n: 0x1F", "0x1F"),
        ("n: .5", ".5"),
        ("n: 1e3", "1e3"),
        ("n: +44", "+44"),
        ("n: 'quoted 5'", "quoted 5"),
        ('n: "5"', "5"),
        ("n: |\n  block\n", "block\n"),
    ],
)
def test_scalar_resolution(text: str, value: object) -> None:
    result = read_yaml_bytes(text.encode(), "x.yaml")
    assert result.data == {"n": value}
    assert result.data is not None and type(result.data["n"]) is type(value)


def test_locate_points_at_values_keys_and_nearest_existing_parent() -> None:
    text = "id: x\nschedule:\n  - freq: weekly\n    byday: [tue, thu]\n"
    assert locate(text, ("schedule", 0, "byday", 1)) == (4, 18)
    assert locate(text, ("schedule", 0, "byday"), at="key") == (4, 5)
    assert locate(text, ("schedule", 0, "missing")) == (3, 5)
    assert locate(text, ("nowhere",)) == (1, 1)


def test_a_control_character_is_named_never_echoed() -> None:
    result = read_fixture("control-character.yaml")
    assert all("\x1b" not in d.message for d in result.diagnostics)


def test_a_line_separator_would_shift_every_later_line_so_it_is_refused() -> None:
    # libyaml counts U+2028 as a line break and editors do not: positions after it
    # would all be one line off, so the file is refused where the character is.
    result = read_fixture("line-separator.yaml")
    assert [(d.line, d.column) for d in result.diagnostics] == [(2, 24)]


def test_a_huge_plain_number_in_a_quoting_warning_does_not_crash() -> None:
    # 5,000 digits with a leading zero are text here but an (octal) number in YAML 1.1.
    result = read_yaml_bytes(b"id: x\nname: 0" + b"7" * 999 + b"\n", "x.yaml")
    assert result.data is not None and result.data["name"].startswith("0777")


def test_plain_yes_is_marked_and_quoted_yes_is_plain_text() -> None:
    result = read_yaml_bytes(b'plain: yes\nquoted: "yes"\n', "x.yaml")
    assert result.data is not None
    assert type(result.data["plain"]) is Yaml11Word and result.data["plain"] == "yes"
    assert type(result.data["quoted"]) is str


def test_document_answers_many_queries_with_one_parse() -> None:
    keys = "".join(f"k{i}: {i}\n" for i in range(2000))
    document = Document("id: x\n" + keys)
    assert document.position(("k1999",), at="key") == (2001, 1)
    assert document.position(("k0",)) == (2, 5)
    assert document.position(("absent", "deeper")) == (1, 1)


def test_duplicate_key_names_the_first_line_for_each_repeat() -> None:
    result = read_yaml_bytes(b"id: a\nname: b\nid: c\nid: d\n", "x.yaml")
    assert [(d.code, d.line, d.message[:40]) for d in result.diagnostics] == [
        ("HUB007", 3, "duplicate key 'id': it is also on line 1"),
        ("HUB007", 4, "duplicate key 'id': it is also on line 1"),
    ]


def test_a_missing_file_is_a_diagnostic_not_a_crash(tmp_path: Path) -> None:
    result = read_yaml_file(tmp_path / "gone.yaml", "gone.yaml")
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == [("HUB012", 1, 1)]
    assert "no such file or directory" in result.diagnostics[0].message


def test_a_plain_yes_in_a_text_field_is_plain_text_after_the_model() -> None:
    from hubctl.models import CoverageWaiver

    waiver = CoverageWaiver.model_validate({"area": "youth", "reason": Yaml11Word("yes")})
    assert type(waiver.reason) is str and waiver.model_dump_json() == (
        '{"area":"youth","reason":"yes","hub":null,"expires":null}'
    )


def test_a_syntax_error_at_the_end_of_a_file_without_final_newline_stays_inside_it() -> None:
    # Found by the fuzzer: libyaml points at line 3 of this 2-line file.
    result = read_yaml_bytes(b"- ud:&d\n-0nam::ng", "x.yaml")
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == [("HUB004", 2, 10)]
