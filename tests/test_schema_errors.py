"""`hubctl schema` on a --dir it cannot use: one line and exit 1, never a traceback."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from hubctl.cli import cli


def schema_cli(*arguments: str) -> Result:
    return CliRunner().invoke(cli, ["schema", *arguments], prog_name="hubctl")


def test_writing_into_a_file_exits_1_with_the_reason(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me\n")
    for folder in (notes, notes / "schema"):
        result = schema_cli("--dir", str(folder))
        assert result.exit_code == 1, result.output
        assert result.stderr == (
            f"hubctl: cannot write the schemas in {folder.as_posix()} (Not a directory); "
            "check --dir\n"
        )
    assert notes.read_text() == "keep me\n"


def test_a_file_that_cannot_be_written_exits_1_with_the_reason(tmp_path: Path) -> None:
    # A folder where a schema file should go: the OS refuses to write it (as for a
    # read-only folder, which the tests' root user could write anyway).
    (tmp_path / "schema" / "authority.schema.json").mkdir(parents=True)
    result = schema_cli("--dir", str(tmp_path / "schema"))
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr == (
        f"hubctl: cannot write the schemas in {(tmp_path / 'schema').as_posix()} "
        "(Is a directory); check --dir\n"
    )


def test_check_of_a_missing_folder_says_so_once(tmp_path: Path) -> None:
    result = schema_cli("--check", "--dir", str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"hubctl: cannot read the schemas in {(tmp_path / 'nope').as_posix()} (No such file "
        "or directory); check --dir, or run 'hubctl schema' to write them\n"
    )


def test_check_calls_a_schema_that_is_not_utf8_out_of_date(tmp_path: Path) -> None:
    folder = tmp_path / "schema"
    assert schema_cli("--dir", str(folder)).exit_code == 0
    (folder / "hub.schema.json").write_bytes(b"\xff\xfe not a schema")
    result = schema_cli("--check", "--dir", str(folder))
    assert result.exit_code == 1, result.output
    assert (
        result.stdout
        == f"{(folder / 'hub.schema.json').as_posix()}: out of date; run 'hubctl schema'\n"
    )
