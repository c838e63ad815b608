"""Every fix a message suggests really fixes the file.

Each case is an acceptance fixture (tests/fixtures/negative): the test validates it in
the valid tree, applies what the message itself says (its text, not a fix written
here), and validates again through the real CLI: the tree must then be clean.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CLI_TODAY, run_cli
from test_acceptance import NEGATIVE, TODAY, place_case

from hubctl import validate
from hubctl.diagnostics import Diagnostic

# A fix: (the file's lines, the diagnostic) -> the file's new lines.
Fix = Callable[[list[str], Diagnostic], list[str]]


def suggested(pattern: str, diagnostic: Diagnostic) -> str:
    """The part of the message that `pattern`'s group 1 finds: the suggestion itself."""
    match = re.search(pattern, diagnostic.message)
    assert match, f"{pattern!r} not in {diagnostic.message!r}"
    return match.group(1)


def replace_field_line(pattern: str, field: str = "") -> Fix:
    """Put the suggested `field: value` (or `field: <suggested value>`) in place of the
    line where that field is set."""

    def fix(lines: list[str], diagnostic: Diagnostic) -> list[str]:
        replacement = suggested(pattern, diagnostic)
        if field:
            replacement = f"{field}: {replacement}"
        else:
            field_name = replacement.split(":")[0]
        key = field or field_name
        return [replacement if line.startswith(f"{key}:") else line for line in lines]

    return fix


def add_line(pattern: str, placeholder: str = "") -> Fix:
    """Add the suggested `field: value` line; `...` in it becomes `placeholder`."""

    def fix(lines: list[str], diagnostic: Diagnostic) -> list[str]:
        return [*lines, suggested(pattern, diagnostic).replace("...", placeholder)]

    return fix


def quote_time(lines: list[str], diagnostic: Diagnostic) -> list[str]:
    time = suggested(r'write ("\d\d:\d\d")$', diagnostic)
    index = diagnostic.line - 1
    lines[index] = lines[index][: diagnostic.column - 1] + time
    return lines


def quote_value(lines: list[str], diagnostic: Diagnostic) -> list[str]:
    assert diagnostic.message.endswith("put the whole value in double quotes")
    index = diagnostic.line - 1
    field, value = lines[index].split(": ", 1)
    lines[index] = f'{field}: "{value}"'
    return lines


def line_up_with_field_above(lines: list[str], diagnostic: Diagnostic) -> list[str]:
    assert diagnostic.message.endswith("line it up with the field above")
    index = diagnostic.line - 1
    above = lines[index - 1]
    lines[index] = " " * (len(above) - len(above.lstrip())) + lines[index].lstrip()
    return lines


def indent_like_first_field_of_item(lines: list[str], diagnostic: Diagnostic) -> list[str]:
    assert "exactly like the item's first field (just after '- ')" in diagnostic.message
    index = diagnostic.line - 1
    item = next(line for line in reversed(lines[:index]) if line.lstrip().startswith("- "))
    lines[index] = " " * (item.index("- ") + 2) + lines[index].lstrip()
    return lines


def replace_value_at(pattern: str) -> Fix:
    """Put the suggested value in place of the flow value the diagnostic points at."""

    def fix(lines: list[str], diagnostic: Diagnostic) -> list[str]:
        line, start = lines[diagnostic.line - 1], diagnostic.column - 1
        end = min(i for i in (line.find(",", start), line.find("}", start), len(line)) if i >= 0)
        lines[diagnostic.line - 1] = line[:start] + suggested(pattern, diagnostic) + line[end:]
        return lines

    return fix


def move_under_parent(lines: list[str], diagnostic: Diagnostic) -> list[str]:
    """Indent the misplaced line under the parent the message names."""
    parent = suggested(r"belongs under ([a-z_]+):,", diagnostic)
    moved = lines.pop(diagnostic.line - 1)
    at = lines.index(f"{parent}:") + 1
    return [*lines[:at], f"  {moved}", *lines[at:]]


def rules_instead_of_word(lines: list[str], diagnostic: Diagnostic) -> list[str]:
    rule = suggested(r"a list of rules such as (- \{.*\})$", diagnostic)
    return [f"schedule:\n  {rule}" if line.startswith("schedule:") else line for line in lines]


FIXES: dict[str, Fix] = {
    "time-with-dot": quote_time,
    "cost-as-text": replace_field_line(r"like (cost: \{.*\})$"),
    "age-range-as-text": replace_field_line(r"like (age_range: \{.*\})$"),
    "age-range-without-max": replace_field_line(r"like (age_range: \{.*\})$"),
    "age-range-missing": add_line(r"like (age_range: \{.*\})$"),
    "schedule-as-a-word": replace_field_line(r"write (schedule: [a-z-]+),"),
    "schedule-as-a-word-rules": rules_instead_of_word,
    "copied-keeps-id": replace_field_line(r"change the id to '([a-z0-9-]+)'", "id"),
    "file-name-not-id": replace_field_line(r"or change the id to '([a-z0-9-]+)'$", "id"),
    "no-venue-online-or-phone": add_line(r"like (online: \{url: https://[^ ]+\})$"),
    "missing-status": add_line(r"like (status: [a-z]+)$"),
    "missing-offer-areas": add_line(r"like (offer_areas: \[[a-z-]+\])$"),
    "missing-audience": add_line(r"like (audience: \[[a-z-]+\])$"),
    "missing-last-reviewed": add_line(r"like (last_reviewed: [0-9-]+)$"),
    "missing-name": add_line(r"like (name: .+)$"),
    "missing-id": add_line(r"like (id: [a-z-]+)$"),
    "missing-cost": add_line(r"like (cost: free),"),
    "missing-cost-charge": add_line(r"or a charge like (cost: \{.*\})$"),
    "missing-ons-code": add_line(r"like (ons_code: E\d{8}),"),
    "missing-website": add_line(r"like (website: https://\S+),"),
    "hubs/missing-status": add_line(r"like (status: [a-z]+)$"),
    "hubs/missing-name": add_line(r"like (name: .+)$"),
    "cost-amount-with-pound-sign": replace_value_at(r"write ([0-9.]+)$"),
    "hubs/postcode-at-top-level": move_under_parent,
    "indented-field": line_up_with_field_above,
    "list-field-out-of-line": indent_like_first_field_of_item,
    "colon-in-name": quote_value,
}


def _case_of(name: str) -> Path:
    """The fixture a FIXES name stands for: `folder/case`, else an activity, else the
    only case of that name; a suffix after the case's name names a second fix of it."""
    name = name.removesuffix("-rules").removesuffix("-charge")
    if "/" in name:
        return NEGATIVE / f"{name}.yaml"
    if (NEGATIVE / "activities" / f"{name}.yaml").exists():
        return NEGATIVE / "activities" / f"{name}.yaml"
    (case,) = NEGATIVE.glob(f"*/{name}.yaml")
    return case


def _only_diagnostic(tree: Path, target: Path) -> Diagnostic:
    """The case's diagnostic of the code its first `# expect:` line names."""
    code = re.search(r"^# expect: \S+ (HUB\d{3})", target.read_text())
    assert code, target
    in_case = [
        d
        for d in validate(tree, today=TODAY).diagnostics
        if d.path == target.as_posix() and d.code == code.group(1)
    ]
    assert len(in_case) == 1, in_case
    return in_case[0]


def assert_clean(tree: Path) -> None:
    result = run_cli("--listings", tree, "validate", "--on", CLI_TODAY)
    assert (result.exit_code, result.stdout) == (0, ""), result.stdout


@pytest.mark.parametrize("name", sorted(FIXES))
def test_applying_the_suggested_fix_makes_the_tree_valid(name: str, tmp_path: Path) -> None:
    tree, target = place_case(_case_of(name), tmp_path)
    diagnostic = _only_diagnostic(tree, target)
    lines = target.read_text(encoding="utf-8").splitlines()
    target.write_text("\n".join(FIXES[name](lines, diagnostic)) + "\n", encoding="utf-8")
    if target.parent.name == "hubs":  # a hub case adds a hub: hold an activity there (HUB402)
        activity = tree / "testshire" / "activities" / "testshire-start-for-life.yaml"
        held_at = f"venues: [testshire-hub, {target.stem}]"
        activity.write_text(activity.read_text().replace("venues: [testshire-hub]", held_at))
    assert_clean(tree)


def test_renaming_the_file_to_its_id_as_suggested_makes_the_tree_valid(tmp_path: Path) -> None:
    tree, target = place_case(NEGATIVE / "activities" / "file-name-not-id.yaml", tmp_path)
    new_name = suggested(r"rename the file to (\S+\.yaml)", _only_diagnostic(tree, target))
    target.rename(target.with_name(new_name))
    assert_clean(tree)


def test_a_colon_inside_a_value_is_still_told_to_quote(tmp_path: Path) -> None:
    tree, target = place_case(NEGATIVE / "activities" / "colon-in-name.yaml", tmp_path)
    assert "double quotes" in _only_diagnostic(tree, target).message


def test_an_indentation_mistake_is_never_told_to_quote(tmp_path: Path) -> None:
    for name in ("indented-field", "list-field-out-of-line"):
        tree, target = place_case(_case_of(name), tmp_path / name)
        assert "quote" not in _only_diagnostic(tree, target).message
