"""Every text field of every model follows the text policy (issue 8).

One-line fields (names, ids, times, URLs, address lines) reject line breaks and
control characters; multi-line fields (descriptions, notes, reasons) keep line
breaks and tabs but reject the rest. The walk below fails on any `str` field that
has no check, so a field added later cannot skip the policy.
"""

from __future__ import annotations

import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pytest
from pydantic import AfterValidator, BaseModel, ValidationError

from hubctl.field_types import TEXT_POLICY_CHECKS, Line, Paragraph
from hubctl.models import Activity, Authority, Branch, Hub
from hubctl.taxonomy import OfferArea


def unchecked_text_fields(model: type[BaseModel], seen: set[type[BaseModel]]) -> list[str]:
    if model in seen:
        return []
    seen.add(model)
    found = []
    for name, info in model.model_fields.items():
        found += [
            f"{model.__name__}.{name}"
            for ok in _checked(info.annotation, info.metadata, seen)
            if not ok
        ]
    return found


def _checked(annotation: Any, metadata: list[Any], seen: set[type[BaseModel]]) -> list[bool]:
    """One bool per str reached through `annotation`: whether a policy check guards it."""
    if annotation is str:
        return [any(_is_policy_check(item) for item in metadata)]
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *more = get_args(annotation)
        return _checked(base, [*metadata, *more], seen)
    if origin is Literal:
        return []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [not unchecked_text_fields(annotation, seen)] if annotation not in seen else []
    if origin in (Union, types.UnionType, list):
        return [ok for argument in get_args(annotation) for ok in _checked(argument, [], seen)]
    return []


def _is_policy_check(item: Any) -> bool:
    return isinstance(item, AfterValidator) and item.func in TEXT_POLICY_CHECKS


@pytest.mark.parametrize("model", [Authority, Hub, Branch, Activity, OfferArea])
def test_every_text_field_is_checked(model: type[BaseModel]) -> None:
    assert unchecked_text_fields(model, set()) == []


def test_the_walk_finds_an_unchecked_field() -> None:
    class Careless(BaseModel):
        fine: Line
        also_fine: list[Paragraph]
        forgotten: str | None = None

    assert unchecked_text_fields(Careless, set()) == ["Careless.forgotten"]


@pytest.mark.parametrize(
    ("text", "one_line_ok", "multi_line_ok"),
    [
        ("Stay and Play", True, True),
        ("Caffi Cymraeg – Łódź 🧸", True, True),
        ("first\nsecond", False, True),
        ("tab\there", False, True),
        ("ends in a newline\n", False, True),
        ("carriage\rreturn", False, False),
        ("escape \x1b[2J", False, False),
        ("bell \x07", False, False),
        ("delete \x7f", False, False),
        ("c1 \x9b", False, False),
        ("next line \x85", False, False),
        ("line separator \u2028", False, False),
        ("non-character \ufffe", False, False),
    ],
)
def test_one_line_and_multi_line_text(text: str, one_line_ok: bool, multi_line_ok: bool) -> None:
    class Sample(BaseModel):
        line: Line | None = None
        paragraph: Paragraph | None = None

    for field, ok in (("line", one_line_ok), ("paragraph", multi_line_ok)):
        if ok:
            Sample.model_validate({field: text})
        else:
            with pytest.raises(ValidationError) as caught:
                Sample.model_validate({field: text})
            [error] = caught.value.errors()
            assert error["type"] == "HUB112"
            # The message names the character; it never carries it.
            assert not any(c in error["msg"] for c in "\x1b\x07\x7f\x9b\x85\u2028\ufffe\r")
