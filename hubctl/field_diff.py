"""Field-by-field differences between two JSON values of one listing (README: hubctl diff).

Lists of plain values (venues, offer areas, days) are compared as sets; lists of
mappings (schedule rules, opening hours) are matched by content, so a rule inserted
at the front is one added rule, not a change to every rule after it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Literal

FieldChangeKind = Literal["added", "removed", "changed"]
# What one item of a list of mappings is called in a line a steward reads.
_ITEM_NAMES = {"schedule": "rule", "opening_hours": "rule"}


@dataclass(frozen=True)
class FieldChange:
    """One field of one listing: `schedule[1].opens_at` "10:00" -> "10:30".

    `path` names list items from 1, as a steward counts the `-` lines: an added item by
    its place at HEAD, a removed one by its place at BASE. `old` and `new` are the JSON
    values (None for a field or list entry that is added or removed).
    """

    path: str
    change: FieldChangeKind
    old: Any
    new: Any

    def describe(self) -> str:
        """`schedule[1].opens_at: "10:00" -> "10:30"`, `venues: added x`, `schedule: added
        rule 1 ({...})` (one line)."""
        if self.change == "changed":
            return f"{self.path}: {shown_value(self.old)} -> {shown_value(self.new)}"
        value = self.new if self.change == "added" else self.old
        list_path, _, number = self.path[:-1].rpartition("[")
        if self.path.endswith("]") and number.isdigit():
            name = _ITEM_NAMES.get(list_path.rpartition(".")[2], "item")
            return f"{list_path}: {self.change} {name} {number} ({shown_value(value)})"
        entry = value if isinstance(value, str) else shown_value(value)
        return f"{self.path}: {self.change} {entry}"


def shown_value(value: Any) -> str:
    """A field's value as one line of JSON (`"10:00"`, `[1, 2]`); nothing for no value.

    Fields left empty inside a mapping are not shown (a schedule rule's absent `date`).
    """
    return "" if value is None else json.dumps(_without_nulls(value), ensure_ascii=False)


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def field_changes(old: Any, new: Any, path: str = "") -> list[FieldChange]:
    """The differences between two JSON values, field by field and list item by list item.

    Lists of plain values are compared as sets: `venues: added x`; a re-ordering alone
    is one change of the whole list. Lists of mappings are matched by content.
    """
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        keys = [*old, *(k for k in new if k not in old)]
        return [c for k in keys for c in field_changes(old.get(k), new.get(k), _join(path, k))]
    if isinstance(old, list) and isinstance(new, list):
        return _list_changes(old, new, path)
    if old is None:
        return [FieldChange(path, "added", None, new)]
    if new is None:
        return [FieldChange(path, "removed", old, None)]
    return [FieldChange(path, "changed", old, new)]


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _list_changes(old: list[Any], new: list[Any], path: str) -> list[FieldChange]:
    plain = all(not isinstance(v, dict | list) for v in (*old, *new))
    if plain:
        removed = [FieldChange(path, "removed", v, None) for v in old if v not in new]
        added = [FieldChange(path, "added", None, v) for v in new if v not in old]
        return removed + added or [FieldChange(path, "changed", old, new)]
    # Equal items are matched whole; inside a run that differs, an item is paired with the
    # most alike one still unpaired (a changed time in one rule stays a field change).
    matcher = SequenceMatcher(None, _canonical(old), _canonical(new), autojunk=False)
    found: list[FieldChange] = []
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        pairs = _pair_alike(old, range(old_start, old_end), new, range(new_start, new_end))
        old_of_new = {j: i for i, j in pairs}
        for i in range(old_start, old_end):
            if i not in old_of_new.values():
                found.append(FieldChange(f"{path}[{i + 1}]", "removed", old[i], None))
        for j in range(new_start, new_end):  # in HEAD's order
            if j in old_of_new:
                found += field_changes(old[old_of_new[j]], new[j], f"{path}[{j + 1}]")
            else:
                found.append(FieldChange(f"{path}[{j + 1}]", "added", None, new[j]))
    return found


def _canonical(items: list[Any]) -> list[str]:
    return [json.dumps(item, sort_keys=True) for item in items]


def _pair_alike(
    old: list[Any], old_range: range, new: list[Any], new_range: range
) -> list[tuple[int, int]]:
    """Old and new items, in order, that share at least half their fields."""
    pairs: list[tuple[int, int]] = []
    next_new = new_range.start
    for i in old_range:
        candidates = [(_shared_fields(old[i], new[j]), j) for j in range(next_new, new_range.stop)]
        best = max(candidates, key=lambda c: (c[0], -c[1]), default=(0.0, -1))
        if best[0] >= 0.5:
            pairs.append((i, best[1]))
            next_new = best[1] + 1
    return pairs


def _shared_fields(old: Any, new: Any) -> float:
    if not (isinstance(old, dict) and isinstance(new, dict)):
        return 0.0
    # Fields empty on both sides (a rule's absent date and note) say nothing of likeness.
    keys = {k for k in {*old, *new} if old.get(k) is not None or new.get(k) is not None}
    return sum(1 for k in keys if old.get(k) == new.get(k)) / len(keys) if keys else 1.0
