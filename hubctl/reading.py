"""Bytes -> plain data, under the strict reading rules of docs/format.md.

libyaml's C parser composes the node tree; a small walk then builds plain Python
values in which a value is what the steward typed: only `true`/`false` are
booleans, only plain decimal numbers without a leading zero are numbers, and
everything else (`10:30`, `01632 960001`, `no`, `2026-01-01`) is text. Plain
values that a YAML 1.1 reader would turn into something else are recorded as
`Hazard`s (with their position, which the node already carries) so `validate`
can warn about them.

Positions for schema and reference errors are not kept: a `Document` composes a
failing file's text once, after the fact, so valid files pay nothing for them.

Files are opened without following symbolic links, and only regular files are read
(`read_file_bytes`): a link or a device in a pull request is never opened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from hubctl.diagnostics import Diagnostic, diagnostic, quoted
from hubctl.file_reading import (
    MAX_FILE_BYTES,
    DocPath,
    UnreadableFile,
    read_file_bytes,
    too_large_message,
)

MAX_DEPTH = 20
# libyaml's composer recurses in C; nesting beyond ~10,000 levels overflows the
# stack and kills the process. Files with this many nesting indicators get a
# token scan (iterative) before composing.
_NESTING_INDICATORS_BEFORE_SCAN = 1000
_SCAN_DEPTH_LIMIT = 1000
_NESTING_MESSAGE = f"this value is nested more than {MAX_DEPTH} levels deep; flatten it"

# The tag our resolver gives every node that carries no explicit tag, so that any
# other tag on a node is one the steward wrote.
_UNTAGGED = "tag:hubctl,2026:untagged"

# An anchor, alias or tag: `&name`, `*name`, `!tag` or the bare `!` after a space, a
# flow indicator or the start of a line. Matching text also inside quoted strings is
# fine: a match only makes the reader run the exact token scan.
_SUSPECT_TOKEN = re.compile(r"(?:^|[\s\[\]{},])(?:[&*][^\s\[\]{},]|!)", re.MULTILINE)
# Characters YAML does not allow in a file (C0 controls but tab, LF and CR; DEL; C1
# controls but NEL; surrogates; U+FFFE/U+FFFF), and the line breaks that libyaml counts
# but editors do not (NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR), which would make every
# later line number wrong.
_FORBIDDEN_CHARACTER = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]"
)
_CHARACTER_NAMES = {
    0x00: "null",
    0x07: "bell",
    0x08: "backspace",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x1B: "escape",
    0x7F: "delete",
    0x85: "next line",
    0x2028: "line separator",
    0x2029: "paragraph separator",
}
# No listing field takes a number this long, and a longer one (4,300 digits) would
# hit Python's limit on converting between digits and int, here or in another tool.
# Shorter absurd numbers are read, so the schema can say which field they break.
MAX_NUMBER_CHARACTERS = 1000

_INT = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+\Z")
_DIGITS = re.compile(r"[-+]?[0-9]+\Z")
_WORDS: dict[str, Any] = {
    "": None,
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
_YAML11_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_YAML11_IGNORED_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:merge",
    "tag:yaml.org,2002:value",
}


@dataclass(frozen=True)
class Hazard:
    """A plain scalar read as text here that a YAML 1.1 reader would turn into `yaml11_type`."""

    path: DocPath
    line: int
    column: int
    value: str
    yaml11_type: str  # "int", "float", "bool", "null" or "timestamp"


class Yaml11Word(str):
    """A plain (unquoted) yes, no, on or off: text, which YAML 1.1 tools read as a boolean.

    Only such a word may stand for true or false in a boolean field; typed in quotes,
    "yes" is text everywhere.
    """

    __slots__ = ()


@dataclass
class ReadResult:
    """What reading one file gave: the mapping (None on error), hazards and diagnostics.

    `text` is the file's text (None when it could not be decoded), kept so that a file
    failing a later check can be positioned without reading it again.
    """

    data: dict[str, Any] | None
    hazards: list[Hazard] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    text: str | None = None


class _Loader(yaml.CSafeLoader):
    """libyaml's parser and composer, with every implicit tag left as `_UNTAGGED`."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return _UNTAGGED


def read_yaml_file(path: Path, display_path: str, *, follow_links: bool = False) -> ReadResult:
    """Read one listing file strictly and safely; never raises for bad content."""
    try:
        raw = read_file_bytes(path, follow_links=follow_links)
    except UnreadableFile as problem:
        return _fail(display_path, 1, 1, problem.code, problem.message)
    return read_yaml_bytes(raw, display_path)


def read_yaml_bytes(raw: bytes, display_path: str) -> ReadResult:
    """Read one listing from bytes strictly; never raises for bad content."""
    if len(raw) > MAX_FILE_BYTES:
        return _fail(display_path, 1, 1, "HUB002", too_large_message(len(raw)))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _byte_position(raw, error.start)
        bad = raw[error.start : error.start + 1].hex().upper()
        return _fail(
            display_path,
            line,
            column,
            "HUB001",
            f"byte 0x{bad} is not UTF-8 (the file was probably saved as Windows-1252 or "
            "Latin-1); save it as UTF-8",
        )
    text = text.removeprefix("\ufeff")
    return read_yaml_text(text, display_path)


def read_yaml_text(text: str, display_path: str) -> ReadResult:
    """Read one listing from text strictly; never raises for bad content."""
    forbidden = _FORBIDDEN_CHARACTER.search(text)
    if forbidden:
        return _forbidden_character(text, forbidden.start(), display_path)
    if _needs_token_scan(text):
        problems = _scan_tokens(text, display_path)
        if problems:
            return ReadResult(None, diagnostics=problems, text=text)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        return ReadResult(
            None, diagnostics=[_syntax_diagnostic(error, display_path, text)], text=text
        )
    finally:
        loader.dispose()
    if root is None or (isinstance(root, ScalarNode) and root.value == "" and not root.style):
        return _fail(display_path, 1, 1, "HUB003", "the file is empty; add the listing's fields")
    if not isinstance(root, MappingNode):
        line, column = _within(text, *_node_position(root))
        return _fail(
            display_path,
            line,
            column,
            "HUB006",
            "the file must be a set of 'field: value' lines, but its top level is "
            f"{_describe_node(root)}; start with 'id: ...'",
        )
    builder = _Builder(display_path, text)
    data = builder.build(root, 1, ())
    if builder.diagnostics:
        return ReadResult(None, builder.hazards, builder.diagnostics, text)
    return ReadResult(data, builder.hazards, text=text)


def character_name(character: str) -> str:
    """A character as `U+001B (escape)`: never the raw character, which may be invisible."""
    point = ord(character)
    name = _CHARACTER_NAMES.get(point, "a control character")
    return f"U+{point:04X} ({name})"


def _forbidden_character(text: str, offset: int, display_path: str) -> ReadResult:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    character = text[offset]
    if character in "\x85\u2028\u2029":
        fix = "replace it with an ordinary line break or a space"
    else:
        fix = "delete it (it often comes with text pasted from another program)"
    message = f"the file holds the invisible character {character_name(character)}; {fix}"
    return _fail(display_path, line, column, "HUB014", message)


class _Builder:
    """Walks a composed node tree into plain values, collecting problems as it goes."""

    def __init__(self, display_path: str, text: str) -> None:
        self.display_path = display_path
        self.text = text
        self.hazards: list[Hazard] = []
        self.diagnostics: list[Diagnostic] = []

    def build(self, node: Node, depth: int, path: DocPath) -> Any:
        if node.tag != _UNTAGGED:
            self._error(node, "HUB009", _tag_message(node.tag))
            return None
        if isinstance(node, ScalarNode):
            if node.style:  # quoted or block scalar: always text
                return node.value
            return self._plain(node, path)
        if depth > MAX_DEPTH:
            self._error(
                node,
                "HUB010",
                _NESTING_MESSAGE,
            )
            return None
        if isinstance(node, SequenceNode):
            return [self.build(item, depth + 1, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        return self._mapping(node, depth, path)

    def _mapping(self, node: MappingNode, depth: int, path: DocPath) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        first_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag != _UNTAGGED:
                self._error(
                    key_node,
                    "HUB013",
                    "a key must be a plain word such as 'name'; remove the brackets or tag",
                )
                continue
            key = key_node.value
            if key in first_lines:
                self._error(
                    key_node,
                    "HUB007",
                    f"duplicate key {quoted(key)}: it is also on line {first_lines[key]}; "
                    "keep one of the two lines",
                )
                continue
            first_lines[key] = key_node.start_mark.line + 1
            mapping[key] = self.build(value_node, depth + 1, (*path, key))
        return mapping

    def _plain(self, node: ScalarNode, path: DocPath) -> Any:
        value: str = node.value
        if value in _WORDS:
            return _WORDS[value]
        first = value[0]
        number = (first.isdigit() or first == "-") and (_INT.match(value) or _FLOAT.match(value))
        yaml11_type = None if number else _yaml11_type(value)
        if len(value) > MAX_NUMBER_CHARACTERS and (number or yaml11_type in ("int", "float")):
            self._error(
                node,
                "HUB016",
                f"this number is {len(value):,} characters long and no field takes such a "
                "number; if it is text, put it in double quotes",
            )
            return None
        if number:
            return int(value) if _INT.match(value) else float(value)
        if yaml11_type is not None:
            line, column = _within(self.text, *_node_position(node))
            self.hazards.append(Hazard(path, line, column, value, yaml11_type))
            if yaml11_type == "bool":
                return Yaml11Word(value)
        return value

    def _error(self, node: Node, code: str, message: str) -> None:
        line, column = _within(self.text, *_node_position(node))
        self.diagnostics.append(diagnostic(self.display_path, line, column, code, message))


def _yaml11_type(value: str) -> str | None:
    """The type a YAML 1.1 reader (PyYAML's default) gives a plain value, if not text.

    Digits with a leading zero count as a number too: YAML 1.2 core readers drop the zero.
    """
    if _DIGITS.match(value):
        return "int"
    for tag, pattern in _YAML11_RESOLVERS.get(value[0], ()):
        if pattern.match(value):
            return None if tag in _YAML11_IGNORED_TAGS else tag.rsplit(":", 1)[-1]
    return None


def _needs_token_scan(text: str) -> bool:
    if _SUSPECT_TOKEN.search(text):
        return True
    indicators = text.count("[") + text.count("{") + text.count("- ") + text.count("? ")
    return indicators > _NESTING_INDICATORS_BEFORE_SCAN


def _scan_tokens(text: str, display_path: str) -> list[Diagnostic]:
    """Find anchors, aliases, tags and runaway nesting with libyaml's iterative scanner."""
    problems: list[Diagnostic] = []
    depth = 0
    loader = _Loader(text)
    try:
        while loader.check_token():
            token = loader.get_token()
            if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
                what = "an anchor (&)" if isinstance(token, yaml.AnchorToken) else "an alias (*)"
                problems.append(
                    _token_diagnostic(
                        token,
                        text,
                        display_path,
                        "HUB008",
                        f"{what} '{token.value}' is not allowed in listings; "
                        "write the value out in full",
                    )
                )
            elif isinstance(token, yaml.TagToken):
                handle, suffix = token.value
                tag = f"{handle or ''}{suffix}"
                problems.append(
                    _token_diagnostic(token, text, display_path, "HUB009", _tag_message(tag))
                )
            elif isinstance(
                token,
                yaml.BlockMappingStartToken
                | yaml.BlockSequenceStartToken
                | yaml.FlowMappingStartToken
                | yaml.FlowSequenceStartToken,
            ):
                depth += 1
                if depth > _SCAN_DEPTH_LIMIT:
                    problems.append(
                        _token_diagnostic(
                            token,
                            text,
                            display_path,
                            "HUB010",
                            _NESTING_MESSAGE,
                        )
                    )
                    break
            elif isinstance(
                token, yaml.BlockEndToken | yaml.FlowMappingEndToken | yaml.FlowSequenceEndToken
            ):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        problems.append(_syntax_diagnostic(error, display_path, text))
    finally:
        loader.dispose()
    return problems


_SYNTAX_HINTS = {
    "mapping values are not allowed": (
        "if the value contains ': ', put the whole value in double quotes"
    ),
    "could not find expected ':'": "each line needs 'field: value'; check it and the one above",
    "did not find expected key": "check that this line is indented like the lines above it",
    # libyaml's words for a field or item out of line with the list it belongs to.
    "did not find expected '-' indicator": (
        "this line is out of line with the list above: indent a field of a list item "
        "exactly like the item's first field (just after '- '), or start a new item with '- '"
    ),
    "did not find expected <document start>": (
        "start every top-level field at the beginning of its line, with no spaces before it"
    ),
}
# A key on a line of its own that YAML read as more of the value above, because it is
# indented further than the field before it: `mapping values are not allowed` too, but
# quoting would not help.
_INDENTED_TOO_FAR = (
    "this line is indented further than the field above it, so YAML reads it as more of "
    "that field's value; line it up with the field above"
)


def _syntax_diagnostic(error: yaml.MarkedYAMLError, display_path: str, text: str) -> Diagnostic:
    mark = error.problem_mark or error.context_mark
    line, column = _within(text, mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.splitlines()
    if mark and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
        return diagnostic(
            display_path,
            line,
            column,
            "HUB004",
            "YAML syntax error: a tab character here; indent with spaces, not tabs",
        )
    problem = error.problem or "the YAML cannot be read"
    if "maximum nesting depth" in problem:
        # libyaml 0.2.5 as bundled by PyYAML 6.0.4 stops at 1,000 levels itself,
        # sometimes before our own token scan does; it is the same mistake.
        return diagnostic(
            display_path,
            line,
            column,
            "HUB010",
            _NESTING_MESSAGE,
        )
    if "expected a single document" in (error.context or "") or "another document" in problem:
        return diagnostic(
            display_path,
            line,
            column,
            "HUB005",
            "a second YAML document starts here ('---'); keep one listing per file",
        )
    hint = next(
        (hint for needle, hint in _SYNTAX_HINTS.items() if needle in problem),
        "check the indentation, colons and quotes on this line and the one above",
    )
    before_mark = lines[mark.line][: mark.column] if mark and mark.line < len(lines) else ""
    if "mapping values are not allowed" in problem and ": " not in before_mark:
        # No value starts on this line before the ':', so the key itself is misplaced.
        hint = _INDENTED_TOO_FAR
    context = f" {error.context}" if error.context else ""
    return diagnostic(
        display_path, line, column, "HUB004", f"YAML syntax error: {problem}{context}; {hint}"
    )


def _token_diagnostic(
    token: Any, text: str, display_path: str, code: str, message: str
) -> Diagnostic:
    mark = token.start_mark
    line, column = _within(text, mark.line + 1, mark.column + 1)
    return diagnostic(display_path, line, column, code, message)


def _within(text: str, line: int, column: int) -> tuple[int, int]:
    """A position libyaml gives, moved back inside the file if it lies past its end.

    At the end of a file with no final newline, libyaml points at the line after the
    last one, which an editor does not show; the end of the last line is meant.
    """
    lines = _line_count(text)
    if line <= lines:
        return line, column
    return lines, len(text) - (text.rfind("\n") + 1) + 1


@lru_cache(maxsize=4)
def _line_count(text: str) -> int:
    # Cached: a file with thousands of problems asks once per problem (str caches its hash).
    return text.count("\n") + 1


def _tag_message(tag: str) -> str:
    return (
        f"the tag '{tag}' is not allowed (tags can make other YAML tools run code); "
        "remove it and write the plain value"
    )


def _fail(display_path: str, line: int, column: int, code: str, message: str) -> ReadResult:
    return ReadResult(None, diagnostics=[diagnostic(display_path, line, column, code, message)])


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, column


def _node_position(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _describe_node(node: Node) -> str:
    if isinstance(node, SequenceNode):
        return "a list"
    return f"the single value {quoted(node.value)}"


class Document:
    """One file's text, composed into nodes on the first position query, then kept.

    Each query walks the path through per-mapping indexes, so positioning every error
    of a file costs one parse in all, however many errors it has.
    """

    def __init__(self, text: str) -> None:
        self.text = text.removeprefix("\ufeff")
        self._root: Node | None = None
        self._composed = False
        self._indexes: dict[int, dict[Any, tuple[Node, Node]]] = {}

    def _compose(self) -> Node | None:
        if not self._composed:
            self._composed = True
            loader = _Loader(self.text)
            try:
                self._root = loader.get_single_node()
            except yaml.YAMLError:
                self._root = None
            finally:
                loader.dispose()
        return self._root

    def _pairs(self, node: MappingNode) -> dict[Any, tuple[Node, Node]]:
        index = self._indexes.get(id(node))
        if index is None:
            index = {}
            for key_node, value_node in node.value:
                index.setdefault(key_node.value, (key_node, value_node))
            self._indexes[id(node)] = index
        return index

    def position(self, path: DocPath, at: str = "value") -> tuple[int, int]:
        """The 1-based line and column of `path` in a document that read without errors.

        `at="key"` points at the key of the last path element, `at="value"` at its
        value. Path elements that are not in the document (a missing field, a label
        a validator added) are skipped, so the deepest existing node is returned.
        """
        node = self._compose()
        if node is None:
            return 1, 1
        position = _node_position(node)
        for index, element in enumerate(path):
            last = index == len(path) - 1
            if isinstance(node, MappingNode):
                pair = self._pairs(node).get(element)
                if pair is None:
                    continue
                key_node, node = pair
                position = _node_position(key_node if (last and at == "key") else node)
            elif isinstance(node, SequenceNode) and isinstance(element, int):
                if element >= len(node.value):
                    continue
                node = node.value[element]
                position = _node_position(node)
        return _within(self.text, *position)


def locate(text: str, path: DocPath, at: str = "value") -> tuple[int, int]:
    """The position of `path` in `text` (see `Document.position`), for a single query."""
    return Document(text).position(path, at)
