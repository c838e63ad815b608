"""A settled listing as the YAML text of its file, comments marking what to review.

Fields come in the order the mapping gives (the model's), nested objects as indented
blocks, lists of objects (schedule rules, opening hours) as `- ` entries, other lists
in flow style. Scalars are written by `starter_templates.yaml_value` (plain when every
YAML reader takes it as the same text, else double-quoted), text over several lines as
a `|-` block when that reads back the same; characters a listing file may not hold
never occur (the models refuse them), and `writing` reads every file back to make sure.
A `review` comment on a field's line is one the import writes itself, never source text.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import yaml

from hubctl.file_reading import DocPath
from hubctl.starter_templates import yaml_value


def render_listing(
    fields: Mapping[str, Any], comments: Mapping[DocPath, str], header: list[str]
) -> str:
    """The file's text: `header` comment lines, then the fields; `comments` by field path."""
    lines = [f"# {line}" for line in header]
    _mapping(fields, (), "", lines, comments, None)
    return "\n".join(lines) + "\n"


def _mapping(
    mapping: Mapping[str, Any],
    path: DocPath,
    indent: str,
    lines: list[str],
    comments: Mapping[DocPath, str],
    first_prefix: str | None,
) -> None:
    for index, (key, value) in enumerate(mapping.items()):
        prefix = first_prefix if first_prefix is not None and index == 0 else indent
        here = (*path, key)
        comment = f"  # {comments[here]}" if here in comments else ""
        if isinstance(value, Mapping):
            lines.append(f"{prefix}{key}:{comment}")
            _mapping(value, here, indent + "  ", lines, comments, None)
        elif isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
            lines.append(f"{prefix}{key}:{comment}")
            for position, item in enumerate(value):
                _mapping(item, (*here, position), indent + "    ", lines, comments, indent + "  - ")
        elif isinstance(value, str) and "\n" in value and _block_reads_back(value):
            lines.append(f"{prefix}{key}: |-{comment}")
            lines += [f"{indent}  {line}" if line else "" for line in value.split("\n")]
        else:
            lines.append(f"{prefix}{key}: {scalar(value)}{comment}")


def scalar(value: Any) -> str:
    """A value on one line: `yaml_value`'s form (lists in flow style, text quoted as needed)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and "e" in repr(value):  # 1e+20 would read back as text
        return f"{value:f}".rstrip("0").rstrip(".")
    return yaml_value(value)


def _block_reads_back(text: str) -> bool:
    """Whether `text` written as a `|-` block reads back as exactly `text`."""
    if text != text.strip() or any(line != line.rstrip() for line in text.split("\n")):
        return False
    block = "key: |-\n" + "\n".join(f"  {line}" if line else "" for line in text.split("\n"))
    try:
        read = yaml.safe_load(block)
    except yaml.YAMLError:
        return False
    return isinstance(read, dict) and read.get("key") == text
