"""CSV files against their Data Package resource (Frictionless Table Schema), by hand.

Only what hubctl's datapackage.json uses is checked, and each rule as the Table Schema
specification says: the header row against the fields; each cell against its field's
type (string, number, integer, boolean, date, time) and constraints (required, enum,
pattern, minimum, maximum); `missingValues`; the primary key unique and present; and,
across files, every foreign key naming a row of the table it refers to. The descriptor
is hubctl's own (see verifier), so its patterns are never the folder's.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from hubctl.diagnostics import Diagnostic, quoted
from hubctl.feed_verify.codes import verify_diagnostic

# The Table Schema lexical forms (https://specs.frictionlessdata.io/table-schema/).
_INTEGER = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|NaN|INF|-INF")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DEFAULT_TRUE = ("true", "True", "TRUE", "1")
_DEFAULT_FALSE = ("false", "False", "FALSE", "0")

Key = tuple[str, ...]


@dataclass
class ForeignKeyUse:
    """The cells of one file that one foreign key asks to find in another table."""

    fields: Key
    resource: str
    reference: Key
    cells: list[tuple[int, int, Key]] = field(default_factory=list)  # line, column, values


@dataclass
class CheckedCsv:
    """What checking one CSV file found, and what the foreign-key check needs of it."""

    diagnostics: list[Diagnostic]
    rows: int
    # For each field list another table's foreign key refers to: the values present.
    keys: dict[Key, set[Key]]
    foreign_keys: list[ForeignKeyUse]
    complete: bool  # False when the header was wrong, so rows were not read


class _Field:
    """One Table Schema field, ready to check a cell: its parser and constraints."""

    def __init__(self, descriptor: dict[str, Any]) -> None:
        self.name: str = descriptor["name"]
        self.type: str = descriptor.get("type", "string")
        self.parse = _parser(descriptor)
        self.form = _form_words(descriptor)
        constraints = descriptor.get("constraints", {})
        self.required: bool = constraints.get("required", False)
        self.enum: list[Any] | None = constraints.get("enum")
        pattern = constraints.get("pattern")
        self.pattern = re.compile(pattern) if pattern is not None else None
        self.minimum = constraints.get("minimum")
        self.maximum = constraints.get("maximum")

    def problem(self, cell: str) -> tuple[str, str] | None:
        """(code, message) for a cell that breaks the field, else None."""
        try:
            value = self.parse(cell)
        except ValueError:
            return "VER203", f"{quoted(cell)} is not {self.form}"
        if self.enum is not None and value not in self.enum:
            return "VER204", f"{quoted(cell)} is not one of the values {self.name} allows"
        if self.pattern is not None and self.pattern.fullmatch(cell) is None:
            return "VER204", f"{quoted(cell)} does not have the form {self.name} requires"
        if self.minimum is not None and value < self.minimum:
            return "VER204", f"{quoted(cell)} is below {self.name}'s minimum, {self.minimum}"
        if self.maximum is not None and value > self.maximum:
            return "VER204", f"{quoted(cell)} is above {self.name}'s maximum, {self.maximum}"
        return None


def _form_words(descriptor: dict[str, Any]) -> str:
    """What a cell of the field must be, for a message: `a time (HH:MM)`, `'true' or 'false'`."""
    kind, form = descriptor.get("type", "string"), descriptor.get("format", "default")
    if kind == "boolean":
        values = [
            *descriptor.get("trueValues", _DEFAULT_TRUE),
            *descriptor.get("falseValues", _DEFAULT_FALSE),
        ]
        return " or ".join(quoted(value) for value in values)
    if kind in ("date", "time"):
        default = "%Y-%m-%d" if kind == "date" else "%H:%M:%S"
        pattern = default if form == "default" else form
        for directive, shown in _DIRECTIVE_WORDS.items():
            pattern = pattern.replace(directive, shown)
        return f"a {kind} ({pattern})"
    return str({"number": "a number", "integer": "a whole number"}.get(kind, kind))


_DIRECTIVE_WORDS = {"%Y": "YYYY", "%m": "MM", "%d": "DD", "%H": "HH", "%M": "MM", "%S": "SS"}


def _parser(descriptor: dict[str, Any]) -> Callable[[str], Any]:
    kind, form = descriptor.get("type", "string"), descriptor.get("format", "default")
    if kind == "integer":
        return lambda cell: int(_matched(_INTEGER, cell))
    if kind == "number":
        return lambda cell: float(_matched(_NUMBER, cell).replace("INF", "inf"))
    if kind == "boolean":
        truths = descriptor.get("trueValues", _DEFAULT_TRUE)
        falsehoods = descriptor.get("falseValues", _DEFAULT_FALSE)
        return lambda cell: _boolean(cell, truths, falsehoods)
    if kind == "date":
        if form == "default":
            return lambda cell: date.fromisoformat(_matched(_ISO_DATE, cell))
        return lambda cell: datetime.strptime(cell, form).date()
    if kind == "time":
        time_format = "%H:%M:%S" if form == "default" else form
        return lambda cell: datetime.strptime(cell, time_format).time()
    if kind in ("string", "any"):
        return lambda cell: cell
    raise ValueError(f"hubctl verify cannot check Table Schema type {kind!r}")


def _matched(form: re.Pattern[str], cell: str) -> str:
    if form.fullmatch(cell) is None:
        raise ValueError(cell)
    return cell


def _boolean(cell: str, truths: list[str], falsehoods: list[str]) -> bool:
    if cell in truths:
        return True
    if cell in falsehoods:
        return False
    raise ValueError(cell)


class _LineStarts:
    """Physical lines of a text as csv.reader reads them, remembering where each starts."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] = []

    def __iter__(self) -> Iterator[str]:
        offset = 0
        # newline="": the record's own line endings, and quoted line breaks, stay as written.
        for line in io.StringIO(self.text, newline=""):
            self.starts.append(offset)
            offset += len(line)
            yield line

    def cell_position(
        self, first_line: int, cell_index: int, quote: str, delimiter: str
    ) -> tuple[int, int]:
        """Line and column (1-based) where cell `cell_index` of the record that starts on
        `first_line` starts."""
        at = self.starts[first_line - 1]
        quoted_now = False
        cell = 0
        while cell < cell_index and at < len(self.text):
            character = self.text[at]
            if character == quote:
                quoted_now = not quoted_now  # a doubled quote toggles twice
            elif character == delimiter and not quoted_now:
                cell += 1
            at += 1
        line = first_line
        while line < len(self.starts) and self.starts[line] <= at:
            line += 1
        return line, at - self.starts[line - 1] + 1


def check_csv(
    display: str, raw: bytes, resource: dict[str, Any], wanted_keys: set[Key]
) -> CheckedCsv:
    """Check one CSV file against its Data Package `resource` (hubctl's descriptor).

    `wanted_keys` are the field lists other tables' foreign keys refer to in this one;
    their values are gathered for `check_foreign_keys`.
    """
    schema = resource["schema"]
    fields = [_Field(descriptor) for descriptor in schema["fields"]]
    checked = CheckedCsv([], 0, {key: set() for key in wanted_keys}, [], complete=False)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        checked.diagnostics.append(
            verify_diagnostic(display, line, 1, "VER201", "the file is not UTF-8 text")
        )
        return checked
    dialect = resource.get("dialect", {})
    quote, delimiter = dialect.get("quoteChar", '"'), dialect.get("delimiter", ",")
    lines = _LineStarts(text)
    reader = csv.reader(lines, delimiter=delimiter, quotechar=quote, doublequote=True, strict=True)
    _Rows(display, fields, schema, checked, lines, (quote, delimiter)).read(reader)
    return checked


class _Rows:
    """One pass over a CSV file's records, filling a CheckedCsv."""

    def __init__(
        self,
        display: str,
        fields: list[_Field],
        schema: dict[str, Any],
        checked: CheckedCsv,
        lines: _LineStarts,
        quoting: tuple[str, str],
    ) -> None:
        self.display, self.fields, self.checked, self.lines = display, fields, checked, lines
        self.quoting = quoting
        self.missing = set(schema.get("missingValues", [""]))
        names = [f.name for f in fields]
        primary = schema.get("primaryKey", [])
        self.primary = [
            names.index(name) for name in ([primary] if isinstance(primary, str) else primary)
        ]
        self.seen_keys: dict[Key, int] = {}
        self.key_columns = {key: [names.index(name) for name in key] for key in checked.keys}
        for foreign in schema.get("foreignKeys", []):
            reference = foreign["reference"]
            use = ForeignKeyUse(
                _key(foreign["fields"]), reference["resource"], _key(reference["fields"])
            )
            checked.foreign_keys.append(use)
        self.foreign_columns = [
            [names.index(name) for name in use.fields] for use in checked.foreign_keys
        ]

    def add(self, line: int, cell: int, code: str, message: str) -> None:
        at_line, column = self.lines.cell_position(line, cell, *self.quoting)
        self.checked.diagnostics.append(
            verify_diagnostic(self.display, at_line, column, code, message)
        )

    def read(self, reader: Any) -> None:
        """Read the header, then every record (a CSV syntax error ends the file's check)."""
        previous_line = 0
        try:
            for record in reader:
                first_line, previous_line = previous_line + 1, reader.line_num
                if first_line == 1:
                    if not self.header(record):
                        return
                    continue
                self.record(first_line, record)
        except csv.Error as error:
            self.checked.diagnostics.append(
                verify_diagnostic(
                    self.display,
                    reader.line_num,
                    1,
                    "VER201",
                    f"the file is not well-formed CSV ({error})",
                )
            )
            return
        if previous_line == 0:
            self.checked.diagnostics.append(
                verify_diagnostic(
                    self.display, 1, 1, "VER202", "the file is empty: it has no header row"
                )
            )
            return
        self.checked.complete = True

    def header(self, record: list[str]) -> bool:
        expected = [f.name for f in self.fields]
        if record == expected:
            return True
        index = next(
            (i for i, (a, b) in enumerate(zip(record, expected, strict=False)) if a != b), None
        )
        if index is None:
            message = (
                f"the header row has {len(record)} columns; the Data Package has {len(expected)}"
            )
            index = min(len(record), len(expected))
        else:
            found, wanted = quoted(record[index]), quoted(expected[index])
            message = f"column {index + 1} of the header is {found}, not {wanted}"
        self.add(1, index, "VER202", message)
        return False

    def record(self, line: int, record: list[str]) -> None:
        self.checked.rows += 1
        if len(record) != len(self.fields):
            message = f"the row has {len(record)} cells; the header has {len(self.fields)}"
            self.add(line, 0, "VER201", message)
            return
        for index, (cell, spec) in enumerate(zip(record, self.fields, strict=True)):
            if cell in self.missing:
                if spec.required or index in self.primary:
                    self.add(line, index, "VER204", f"{spec.name} is empty, but it is required")
                continue
            problem = spec.problem(cell)
            if problem is not None:
                self.add(line, index, *problem)
        if self.primary:
            key = tuple(record[i] for i in self.primary)
            earlier = self.seen_keys.setdefault(key, line)
            if earlier != line:
                shown = ", ".join(quoted(value) for value in key)
                self.add(
                    line,
                    self.primary[0],
                    "VER205",
                    f"the primary key {shown} is also on line {earlier}",
                )
        for wanted, columns in self.key_columns.items():
            self.checked.keys[wanted].add(tuple(record[i] for i in columns))
        for use, columns in zip(self.checked.foreign_keys, self.foreign_columns, strict=True):
            values = tuple(record[i] for i in columns)
            if not any(value in self.missing for value in values):
                at_line, column = self.lines.cell_position(line, columns[0], *self.quoting)
                use.cells.append((at_line, column, values))


def _key(names: str | list[str]) -> Key:
    return (names,) if isinstance(names, str) else tuple(names)


def wanted_keys(resources: list[dict[str, Any]]) -> dict[str, set[Key]]:
    """For each resource name, the field lists other resources' foreign keys refer to."""
    wanted: dict[str, set[Key]] = {resource["name"]: set() for resource in resources}
    for resource in resources:
        for foreign in resource["schema"].get("foreignKeys", []):
            reference = foreign["reference"]
            target = reference["resource"] or resource["name"]  # "" is the resource itself
            wanted.setdefault(target, set()).add(_key(reference["fields"]))
    return wanted


def check_foreign_keys(
    display_by_name: dict[str, str], checked: dict[str, CheckedCsv]
) -> list[Diagnostic]:
    """VER206 for each foreign key value found in no row of the table it refers to.

    A table whose own check stopped (a wrong header) is not judged, nor are references
    into it: its rows were not read.
    """
    diagnostics = []
    for name, table in checked.items():
        if not table.complete:
            continue
        for use in table.foreign_keys:
            target = checked.get(use.resource or name)
            if target is None or not target.complete:
                continue
            present = target.keys.get(use.reference, set())
            for line, column, values in use.cells:
                if values not in present:
                    shown = ", ".join(quoted(value) for value in values)
                    message = (
                        f"{', '.join(use.fields)} {shown} names no row of {use.resource or name} "
                        f"(its {', '.join(use.reference)})"
                    )
                    diagnostics.append(
                        verify_diagnostic(display_by_name[name], line, column, "VER206", message)
                    )
    return diagnostics
