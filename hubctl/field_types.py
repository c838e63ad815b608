"""The field types every model is built from (docs/format.md): text that keeps to the
text policy, ids, dates, booleans, numbers, web and email addresses, phones, postcodes,
language tags and lists without repeats; the strict base model; and the age range that
both an activity and a requirement hold.

The listing models (`hubctl.models`) and the requirement-profile models
(`hubctl.profile_models`) share these, so neither imports the other's module to get them.
A rule a plain type cannot say raises `custom_error`, whose type is our stable code
(`HUB105` ...), so `model_errors` turns it into a diagnostic unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from hubctl.diagnostics import quoted
from hubctl.phones import phone_problem
from hubctl.reading import Yaml11Word, character_name
from hubctl.value_limits import EARLIEST_DATE, LATEST_DATE, SLUG_PATTERN

_POSTCODE = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]"
    r"|[A-HK-Y][0-9][ABEHMNPRV-Y]) ?[0-9][ABD-HJLNP-UW-Z]{2})$"
)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def custom_error(
    code: str, message: str, field: str | None = None, at: tuple[str | int, ...] = ()
) -> PydanticCustomError:
    """Our error: `field` names a field below the error's place, `at` a path below it.

    pydantic fills `{key}` in a template from the context and never unescapes `{{`, so
    the exact message also travels in the context, where `model_errors` reads it.
    """
    context: dict[str, Any] = {"message": message}
    if field:
        context["field"] = field
    if at:
        context["at"] = at
    return PydanticCustomError(code, message, context)


# Every check that keeps line breaks and control characters out of text. A test walks
# the models and fails on a text field with none of them, so no field escapes the policy.
TEXT_POLICY_CHECKS: set[Callable[..., Any]] = set()


def _text_policy(check: Callable[..., Any]) -> Callable[..., Any]:
    TEXT_POLICY_CHECKS.add(check)
    return check


def _matching(pattern: str, message: str) -> AfterValidator:
    """A validator that fails with HUB105 and `message` unless all of the value matches."""
    compiled = re.compile(pattern)

    @_text_policy
    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise custom_error("HUB105", f"{quoted(value)} {message}")
        return value

    return AfterValidator(check)


# Line breaks that end a line for some reader (YAML, editors, Unicode), and the other
# characters that text never needs: controls, DEL, C1, U+FFFE/U+FFFF and surrogates.
_LINE_BREAKS = "\n\r\x85\u2028\u2029"
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAK = re.compile(f"[{_LINE_BREAKS}]")
_PARAGRAPH_BREAK = re.compile("[\r\x85\u2028\u2029]")


def _control_problem(value: str, field_name: str | None) -> PydanticCustomError | None:
    found = _CONTROL.search(value) or _PARAGRAPH_BREAK.search(value)
    if found is None:
        return None
    return custom_error(
        "HUB112",
        f"{field_name or 'the text'} holds the invisible character "
        f"{character_name(found.group())}; delete it (it comes with text pasted from another "
        "program, or from a \\ escape in double quotes)",
    )


@_text_policy
def _check_line(value: str, info: ValidationInfo) -> str:
    """One-line text (names, address lines): no line break, no control character."""
    if _LINE_BREAK.search(value):
        raise custom_error(
            "HUB112",
            f"{info.field_name} must be on one line, but it has a line break; write it on "
            "one line (a '>' or '|' block ends with a line break: use '>-')",
        )
    if "\t" in value:
        raise custom_error(
            "HUB112", f"{info.field_name} holds a tab character; use a space instead"
        )
    problem = _control_problem(value, info.field_name)
    if problem is not None:
        raise problem
    return value


@_text_policy
def _check_paragraph(value: str, info: ValidationInfo) -> str:
    """Text that may run over several lines (descriptions, notes): LF and tab allowed."""
    problem = _control_problem(value, info.field_name)
    if problem is not None:
        raise problem
    return value


def no_repeats(values: list[Any], info: ValidationInfo) -> list[Any]:
    """A list whose entries are all different (HUB113 at the first repeat)."""
    seen: set[Any] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise custom_error(
                "HUB113",
                f"{quoted(value)} is listed twice in {info.field_name}; remove one",
                at=(index,),
            )
        seen.add(value)
    return values


def distinct_by(attribute: str, message: str) -> AfterValidator:
    """A validator of a list of models whose `attribute` values are all different
    (HUB113 at the repeat); `message` is the error, `{}` standing for the value."""

    def check(items: list[Any]) -> list[Any]:
        seen: set[Any] = set()
        for index, item in enumerate(items):
            value = getattr(item, attribute)
            if value in seen:
                raise custom_error("HUB113", message.format(value), at=(index, attribute))
            seen.add(value)
        return items

    return AfterValidator(check)


def _string_schema(pattern: str, description: str) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "pattern": pattern, "description": description})


def _parse_date(value: Any) -> Any:
    if isinstance(value, str):
        if not _ISO_DATE.fullmatch(value):
            raise custom_error("HUB105", f"{quoted(value)} is not a date; write it as YYYY-MM-DD")
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            raise custom_error(
                "HUB105", f"'{value}' is not a real date; check the day and month"
            ) from None
        if not EARLIEST_DATE <= parsed <= LATEST_DATE:
            raise custom_error(
                "HUB105",
                f"'{value}' is outside the dates hubctl takes ({EARLIEST_DATE} to "
                f"{LATEST_DATE}); for no end date, leave valid_to out",
            )
        return parsed
    return value


def _parse_boolean(value: Any) -> Any:
    # Booleans are only true/false, but in a field that can only be a boolean a
    # plain yes/no/on/off means what YAML 1.1 tools read; `validate` warns (HUB011).
    # Typed in quotes it is text, and stays an error.
    words = {"yes": True, "y": True, "on": True, "no": False, "n": False, "off": False}
    if isinstance(value, Yaml11Word) and value.lower() in words:
        return words[value.lower()]
    return value


@_text_policy
def _normalise_postcode(value: str) -> str:
    compact = re.sub(r"[ ]+", "", value.upper())
    if not _POSTCODE.fullmatch(compact):
        raise custom_error(
            "HUB105", f'{quoted(value)} is not a valid UK postcode; write it like "DE1 2FS"'
        )
    return f"{compact[:-3]} {compact[-3:]}"


@_text_policy
def _check_phone(value: str) -> str:
    problem = phone_problem(value)
    if problem is not None:
        raise custom_error(
            "HUB105",
            f"{quoted(value)} is not a UK phone number ({problem}); write it like "
            '"01332 640000" or "+44 1332 640000"',
        )
    return value


def number_as_typed(value: float) -> float | int:
    """A listing number as it is written in every feed: whole numbers as integers
    (age 0, not 0.0), others as the shortest text that reads back as the same float."""
    return int(value) if float(value).is_integer() else value


IsoDate = Annotated[
    date,
    BeforeValidator(_parse_date),
    WithJsonSchema({"type": "string", "format": "date", "description": "YYYY-MM-DD"}),
]
Boolean = Annotated[bool, BeforeValidator(_parse_boolean), WithJsonSchema({"type": "boolean"})]
Number = Annotated[
    float, Field(allow_inf_nan=False), PlainSerializer(number_as_typed, return_type=Any)
]
_TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
# After the host, any character a URL may hold: not a space, a control character, or
# one of "<>\\^`{|} (RFC 3986 leaves them out; they would break HTML and calendar text).
_URL_PATTERN = (
    r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:[0-9]+)?"
    r'([/?#][^\s\x00-\x1f\x7f-\x9f"<>\\^`{|}]*)?$'
)
# No backslash before the quote: JSON Schema patterns are ECMA-262, whose unicode mode
# (editors, check-jsonschema) refuses an escape that needs none.
_EMAIL_PATTERN = r'^[^@\s\x00-\x1f\x7f-\x9f"<>()\[\],;:\\]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$'
_LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
_ONS_PATTERN = r"^E[0-9]{8}$"

Slug = Annotated[
    str,
    _matching(
        SLUG_PATTERN,
        "is not a valid id; use lower-case letters, digits and single hyphens, like "
        "'becket-family-hub'",
    ),
    _string_schema(SLUG_PATTERN, "lower-case letters, digits and single hyphens"),
]
# A DfE service-directory category an offer area maps to: its slug, or its parent
# category's slug and its own (`send/early-years`), for a slug DfE uses under two parents.
DFE_CATEGORY_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)?$"
DfeCategory = Annotated[
    str,
    _matching(
        DFE_CATEGORY_PATTERN,
        "is not a DfE category; write its slug, like 'early-years', or its parent's slug "
        "and its own, like 'send/early-years'",
    ),
    _string_schema(DFE_CATEGORY_PATTERN, "a DfE category slug, or parent/slug"),
]
# An offer-area id. The models cannot know the taxonomy (it is data, and --taxonomy may
# swap it), so the schema only marks the place; `schemas` puts the taxonomy's ids there.
OFFER_AREA_MARK = "x-hubctl-offer-area"
AreaId = Annotated[
    Slug,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": SLUG_PATTERN,
            "description": "lower-case letters, digits and single hyphens",
            OFFER_AREA_MARK: True,
        }
    ),
]
# Text fields: every str field of a listing is one of these or a pattern type above.
Line = Annotated[str, AfterValidator(_check_line)]
Text = Annotated[Line, Field(min_length=1)]
Paragraph = Annotated[str, AfterValidator(_check_paragraph)]
ParagraphText = Annotated[Paragraph, Field(min_length=1)]
Time = Annotated[
    str,
    _matching(_TIME_PATTERN, 'is not a time; write it as 24-hour HH:MM in quotes, like "09:30"'),
    _string_schema(_TIME_PATTERN, "24-hour time HH:MM, in quotes"),
]
HttpsUrl = Annotated[
    str,
    _matching(
        _URL_PATTERN,
        "is not a web address: it must start with https:// and hold no spaces, quotes, < > or "
        'line breaks; write it like "https://www.example.org/"',
    ),
    _string_schema(_URL_PATTERN, "https URL"),
]
Email = Annotated[
    str,
    _matching(_EMAIL_PATTERN, "is not an email address; write it like hubs@example.org"),
    _string_schema(_EMAIL_PATTERN, "email address"),
]
Phone = Annotated[
    str,
    AfterValidator(_check_phone),
    WithJsonSchema({"type": "string", "pattern": r"^[0-9+ ()-]+$", "description": "UK phone"}),
]
Postcode = Annotated[
    str,
    AfterValidator(_normalise_postcode),
    WithJsonSchema({"type": "string", "description": "UK postcode, e.g. DE1 2FS"}),
]
Language = Annotated[
    str,
    _matching(
        _LANGUAGE_PATTERN, "is not a language tag; use a BCP 47 tag such as en, cy, pl or pa"
    ),
    _string_schema(_LANGUAGE_PATTERN, "BCP 47 language tag"),
]
OnsCode = Annotated[
    str,
    _matching(
        _ONS_PATTERN,
        "is not an ONS code for an English authority; write E and 8 digits, like E06000015",
    ),
    _string_schema(_ONS_PATTERN, "ONS code: E and 8 digits"),
]
_Item = TypeVar("_Item")
# A list whose entries must all differ: a repeat would give feeds duplicate ids.
UniqueList = Annotated[list[_Item], AfterValidator(no_repeats)]


class StrictModel(BaseModel):
    """The base of every listing and profile model: strict, closed and frozen."""

    # strict: a number is never silently read as text or the reverse.
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, defer_build=True)


class AgeRange(StrictModel):
    """Ages served, in years (1.5 is 18 months), and whether pregnancy is served."""

    min: Number = Field(ge=0, le=25)
    max: Number = Field(ge=0, le=25)
    antenatal: Boolean = False

    @field_validator("max")
    @classmethod
    def _max_not_below_min(cls, maximum: float, info: ValidationInfo) -> float:
        minimum = info.data.get("min")
        if minimum is not None and maximum < minimum:
            raise custom_error(
                "HUB108",
                f"age_range max {maximum:g} is below min {minimum:g}; swap them",
            )
        return maximum
