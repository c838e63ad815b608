"""UK phone numbers through `hubctl validate`: what a family can dial passes, as typed.

The rejected numbers are acceptance cases (tests/fixtures/negative/activities/phone-*.yaml).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CLI_TODAY, TREE_AUTHORITY, activity_yaml, publish_cli, run_cli

HELPLINE_FILE = f"{TREE_AUTHORITY}/activities/helpline.yaml"


def write_helpline(tree: Path, telephone: str) -> None:
    """An activity with a venue whose `telephone` is `telephone` (line 12, column 12)."""
    text = activity_yaml(
        "helpline", "family-support", schedule="by-appointment", extra=f'telephone: "{telephone}"\n'
    )
    (tree / HELPLINE_FILE).write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    "telephone",
    [
        "0800 11 11",  # Childline
        "111",  # NHS 111
        "116 123",  # Samaritans
        "+44 (0)1332 640000",
        "0044 1332 640000",
        "(01332) 640000",
        "01332 640000",
        "01632 960001",  # Ofcom drama ranges, which libphonenumber counts as unused
        "+44 1632 960001",
        "0115 496 0999",
        "07700 900123",
        "0113 496 0000",
        "020 7946 0000",
    ],
)
def test_a_number_a_family_can_dial_passes_validate(
    telephone: str, make_tree: Callable[..., Path]
) -> None:
    tree = make_tree()
    write_helpline(tree, telephone)
    result = run_cli("--listings", tree, "validate", "--on", CLI_TODAY)
    assert (result.exit_code, result.stdout) == (0, "")


@pytest.mark.parametrize(
    ("telephone", "reason"),
    [
        ("01332 64000", "a digit is missing or extra for numbers starting this way"),
        ("01632 96000", "a digit is missing or extra for numbers starting this way"),
        ("01632 9600011", "it has too many digits"),
        ("1234 567", "it has too few digits"),
        ("0800 CHILDLINE", "only digits, spaces, brackets, - and a leading + belong in one"),
        ("01332+640000", "only digits, spaces, brackets, - and a leading + belong in one"),
        ("+33 1 23 45 67 89", "+33 is not the UK's code, +44"),
    ],
)
def test_a_number_nobody_can_dial_is_hub105_with_the_reason(
    telephone: str, reason: str, make_tree: Callable[..., Path]
) -> None:
    tree = make_tree()
    write_helpline(tree, telephone)
    result = run_cli("--listings", tree, "validate", "--on", CLI_TODAY)
    assert result.exit_code == 1
    assert result.stdout == (
        f"{(tree / HELPLINE_FILE).as_posix()}:12:12: error HUB105 '{telephone}' is not a UK "
        f'phone number ({reason}); write it like "01332 640000" or "+44 1332 640000"\n'
    )


def test_a_phone_number_is_published_as_typed(
    make_tree: Callable[..., Path], tmp_path: Path
) -> None:
    tree = make_tree()
    write_helpline(tree, "+44 (0)1332 640000")
    result = publish_cli(tree, tmp_path / "dist")
    assert result.exit_code == 0, result.output
    feed = json.loads((tmp_path / "dist" / "feed.json").read_text(encoding="utf-8"))
    [helpline] = [a for a in feed["activities"] if a["id"] == "helpline"]
    assert helpline["telephone"] == "+44 (0)1332 640000"
