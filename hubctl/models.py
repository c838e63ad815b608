"""The listing schema (docs/format.md) as pydantic models: the single source of truth.

`hubctl schema` generates schema/*.schema.json from these classes. Rules that a
plain type cannot say raise `PydanticCustomError` whose type is our stable code
(`HUB107` ...), so `model_errors` can turn them into diagnostics unchanged. A
`field` in the error context names the field the message is about.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal, TypeVar, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    Tag,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from hubctl.diagnostics import quoted
from hubctl.labels import Booking
from hubctl.layout import KINDS
from hubctl.phones import phone_problem
from hubctl.reading import Yaml11Word, character_name
from hubctl.value_limits import EARLIEST_DATE, LATEST_DATE, SLUG_PATTERN

_Date = date  # ScheduleRule has a field named date
# Real-looking addresses for messages to show: a placeholder there would be copied and
# published (hubctl.starter_values' placeholders are warned about; these are not).
EXAMPLE_WEBSITE = "https://www.yourcouncil.gov.uk/family-hubs"
EXAMPLE_ONLINE_URL = f"{EXAMPLE_WEBSITE}/online"
_POSTCODE = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]"
    r"|[A-HK-Y][0-9][ABEHMNPRV-Y]) ?[0-9][ABD-HJLNP-UW-Z]{2})$"
)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_BYDAY = re.compile(r"^(-?[1-5])?(mon|tue|wed|thu|fri|sat|sun)$")
# Great Britain and Northern Ireland with their islands, WGS84.
UK_LAT = (49.8, 60.9)
UK_LON = (-8.7, 1.8)


def split_byday(day: str) -> tuple[int | None, int]:
    """A valid byday value as (week of the month or None, weekday with Monday 0).

    `tue` -> (None, 1), `1tue` -> (1, 1), `-1fri` -> (-1, 4).
    """
    match = _BYDAY.fullmatch(day)
    assert match is not None, f"not a validated byday: {day!r}"
    week = match.group(1)
    return (int(week) if week else None), WEEKDAYS.index(match.group(2))


def ical_byday(day: str) -> str:
    """A byday value in RFC 5545 (and HSDS) form: `mon` -> `MO`, `-1fri` -> `-1FR`."""
    week, weekday = split_byday(day)
    return f"{week if week is not None else ''}{WEEKDAYS[weekday][:2].upper()}"


def _custom(
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
            raise _custom("HUB105", f"{quoted(value)} {message}")
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
    return _custom(
        "HUB112",
        f"{field_name or 'the text'} holds the invisible character "
        f"{character_name(found.group())}; delete it (it comes with text pasted from another "
        "program, or from a \\ escape in double quotes)",
    )


@_text_policy
def _check_line(value: str, info: ValidationInfo) -> str:
    """One-line text (names, address lines): no line break, no control character."""
    if _LINE_BREAK.search(value):
        raise _custom(
            "HUB112",
            f"{info.field_name} must be on one line, but it has a line break; write it on "
            "one line (a '>' or '|' block ends with a line break: use '>-')",
        )
    if "\t" in value:
        raise _custom("HUB112", f"{info.field_name} holds a tab character; use a space instead")
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


def _no_repeats(values: list[Any], info: ValidationInfo) -> list[Any]:
    """A list whose entries are all different (HUB113 at the first repeat)."""
    seen: set[Any] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise _custom(
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
                raise _custom("HUB113", message.format(value), at=(index, attribute))
            seen.add(value)
        return items

    return AfterValidator(check)


def _string_schema(pattern: str, description: str) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "pattern": pattern, "description": description})


def _parse_date(value: Any) -> Any:
    if isinstance(value, str):
        if not _ISO_DATE.fullmatch(value):
            raise _custom("HUB105", f"{quoted(value)} is not a date; write it as YYYY-MM-DD")
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            raise _custom(
                "HUB105", f"'{value}' is not a real date; check the day and month"
            ) from None
        if not EARLIEST_DATE <= parsed <= LATEST_DATE:
            raise _custom(
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
        raise _custom(
            "HUB105", f'{quoted(value)} is not a valid UK postcode; write it like "DE1 2FS"'
        )
    return f"{compact[:-3]} {compact[-3:]}"


@_text_policy
def _check_phone(value: str) -> str:
    problem = phone_problem(value)
    if problem is not None:
        raise _custom(
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
Accessibility = Literal[
    "step-free-access",
    "accessible-toilet",
    "baby-changing",
    "hearing-loop",
    "parking",
    "pushchair-storage",
    "quiet-space",
    "bsl-available",
]
Audience = Literal[
    "parents-to-be", "parents", "carers", "dads", "children", "young-people", "families"
]
SiteStatus = Literal["open", "temporarily-closed", "closed"]
_Item = TypeVar("_Item")
# A list whose entries must all differ: a repeat would give feeds duplicate ids.
UniqueList = Annotated[list[_Item], AfterValidator(_no_repeats)]


class _Model(BaseModel):
    # strict: a number is never silently read as text or the reverse.
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, defer_build=True)


class Contact(_Model):
    """How to get in touch; every part optional."""

    phone: Phone | None = None
    email: Email | None = None
    website: HttpsUrl | None = None


class Address(_Model):
    """A postal address; the postcode is normalised to upper case with one space."""

    line1: Text
    line2: Line | None = None
    town: Text
    postcode: Postcode


class Location(_Model):
    """A WGS84 point inside the United Kingdom."""

    lat: Number = Field(ge=UK_LAT[0], le=UK_LAT[1])
    lon: Number = Field(ge=UK_LON[0], le=UK_LON[1])


class Online(_Model):
    """Where virtual sessions happen."""

    url: HttpsUrl


PartnerType = Literal["council", "nhs", "voluntary", "school", "private", "other"]


class DeliveryPartner(_Model):
    """Who delivers an activity, when not the authority itself: an NHS trust, a charity."""

    name: Text
    type: PartnerType
    website: HttpsUrl | None = None


class ScheduleRule(_Model):
    """One recurring or one-off time slot, shaped after Open Referral (HSDS) schedules."""

    freq: Literal["weekly", "monthly", "once"]
    byday: Annotated[list[Line], AfterValidator(_no_repeats)] | None = Field(
        default=None, validate_default=True
    )
    date: IsoDate | None = Field(default=None, validate_default=True)
    opens_at: Time
    closes_at: Time
    term_time_only: Boolean = False
    valid_from: IsoDate | None = None
    valid_to: IsoDate | None = None
    note: Paragraph | None = None

    @field_validator("byday")
    @classmethod
    def _byday_fits_freq(cls, byday: list[str] | None, info: ValidationInfo) -> list[str] | None:
        freq = info.data.get("freq")
        if freq == "weekly":
            if not byday:
                raise _custom("HUB109", "a weekly rule needs byday, like byday: [tue]")
            for day in byday:
                if day not in WEEKDAYS:
                    raise _custom(
                        "HUB109",
                        f"'{day}' is not a day for a weekly rule; use mon, tue, wed, thu, fri, "
                        "sat or sun",
                    )
        elif freq == "monthly":
            if not byday:
                raise _custom(
                    "HUB109", "a monthly rule needs byday with a week number, like byday: [1tue]"
                )
            for day in byday:
                match = _BYDAY.fullmatch(day)
                if not match or not match.group(1) or match.group(1) in ("0", "-0"):
                    raise _custom(
                        "HUB109",
                        f"'{day}' is not a monthly day; write the week and day, like 1tue "
                        "(first Tuesday) or -1fri (last Friday)",
                    )
        elif freq == "once" and byday:
            raise _custom("HUB109", "a once rule takes a date, not byday; remove byday")
        return byday

    @field_validator("date")
    @classmethod
    def _date_fits_freq(cls, value: _Date | None, info: ValidationInfo) -> _Date | None:
        freq = info.data.get("freq")
        if freq == "once" and value is None:
            raise _custom("HUB109", "a once rule needs its date, like date: 2027-03-04")
        if freq in ("weekly", "monthly") and value is not None:
            raise _custom(
                "HUB109",
                f"a {freq} rule takes byday, not date; bound it with valid_from and valid_to",
            )
        return value

    @field_validator("closes_at")
    @classmethod
    def _closes_after_opening(cls, closes_at: str, info: ValidationInfo) -> str:
        opens_at = info.data.get("opens_at")
        if opens_at is not None and closes_at <= opens_at:
            raise _custom(
                "HUB107", f"closes_at {closes_at} is not after opens_at {opens_at}; fix one of them"
            )
        return closes_at

    @model_validator(mode="after")
    def _dates_in_order(self) -> ScheduleRule:
        if self.freq == "once" and (self.valid_from or self.valid_to):
            raise _custom(
                "HUB109",
                "a once rule runs on its date only; remove its valid_from and valid_to",
                field="valid_from" if self.valid_from else "valid_to",
            )
        _check_validity(self.valid_from, self.valid_to)
        return self


class OpeningHours(ScheduleRule):
    """A site's opening hours: a schedule rule whose freq defaults to weekly."""

    freq: Literal["weekly", "monthly", "once"] = "weekly"


class AgeRange(_Model):
    """Ages served, in years (1.5 is 18 months), and whether pregnancy is served."""

    min: Number = Field(ge=0, le=25)
    max: Number = Field(ge=0, le=25)
    antenatal: Boolean = False

    @field_validator("max")
    @classmethod
    def _max_not_below_min(cls, maximum: float, info: ValidationInfo) -> float:
        minimum = info.data.get("min")
        if minimum is not None and maximum < minimum:
            raise _custom(
                "HUB108",
                f"age_range max {maximum:g} is below min {minimum:g}; swap them",
            )
        return maximum


class Cost(_Model):
    """A charge in GBP."""

    amount: Number = Field(ge=0)
    per: Literal["session", "course", "month"]


def _free_or_charge(value: Any) -> str:
    return "free" if isinstance(value, str) else "charge"


def _rules_or_word(value: Any) -> str:
    return "word" if isinstance(value, str) else "rules"


CostField = Annotated[
    Annotated[Literal["free"], Tag("free")] | Annotated[Cost, Tag("charge")],
    Discriminator(_free_or_charge),
]
# A schedule in one word, for an activity without set times: `by-appointment` (times
# agreed with each family) or `self-paced` (taken online at any time, at your own pace).
ScheduleWord = Literal["by-appointment", "self-paced"]
Schedule = Annotated[
    Annotated[ScheduleWord, Tag("word")]
    | Annotated[list[ScheduleRule], Field(min_length=1), Tag("rules")],
    Discriminator(_rules_or_word),
]


def _check_validity(valid_from: date | None, valid_to: date | None) -> None:
    if valid_from and valid_to and valid_to < valid_from:
        raise _custom(
            "HUB111",
            f"valid_to {valid_to} is before valid_from {valid_from}; fix the dates",
            field="valid_to",
        )


# How a family reaches an activity: at a venue, online, or by telephone.
DeliveryMode = Literal["in-person", "online", "telephone"]
DELIVERY_MODES: tuple[DeliveryMode, ...] = ("in-person", "online", "telephone")
# How strongly a requirement binds: a funded strand's minimum, an expected family hub
# service, or a "go further" aim (never a gap).
RequirementLevel = Literal["minimum", "expected", "go-further"]
# Where it must be met: once across the authority, or at every open hub's network.
RequirementScope = Literal["authority", "every-hub"]


class SourceReference(_Model):
    """Where a requirement or expectation comes from: a document, and its own words."""

    title: Text
    url: HttpsUrl
    quote: Paragraph | None = None


class Requirement(_Model):
    """One offer area a profile (or an authority's policy) requires, and how."""

    area: AreaId
    level: RequirementLevel
    scope: RequirementScope = "authority"
    # Any of these modes satisfies it; all three unless the requirement says otherwise.
    modes: Annotated[UniqueList[DeliveryMode], Field(min_length=1)] = list(DELIVERY_MODES)
    # The ages the area must reach, all of them; None: any age will do.
    ages: AgeRange | None = None
    applies_from: IsoDate | None = None
    source: SourceReference | None = None
    # True where the entry is hubctl's reading, not a source's words.
    illustrative: Boolean = False
    note: Paragraph | None = None


Requirements = Annotated[
    list[Requirement], distinct_by("area", "'{}' has two requirements; keep one per area")
]


ExpectationStatus = Literal["met", "partly", "not-met"]


class Expectation(_Model):
    """One expectation a profile names: what the funding is evidenced against.

    With `areas`, it is computed from coverage of those areas' requirements; without,
    the authority records it in its expectations register."""

    id: Slug
    title: Text
    strand: Slug  # what it is reported under: a funded strand, or family-hub-services
    level: RequirementLevel
    areas: Annotated[list[AreaId], AfterValidator(_no_repeats)] = []
    source: SourceReference | None = None
    illustrative: Boolean = False
    note: Paragraph | None = None


class Evidence(_Model):
    """A document that shows an expectation is met: a page, a report, minutes."""

    title: Text
    url: HttpsUrl


class ExpectationRecord(_Model):
    """An authority's record of one expectation listings cannot show."""

    id: Slug
    status: ExpectationStatus
    evidence: list[Evidence] = []
    reviewed: IsoDate
    note: Paragraph | None = None


class ExpectationsRegister(_Model):
    """listings/<authority>/expectations.yaml: the expectations listings cannot show."""

    expectations: Annotated[
        list[ExpectationRecord], distinct_by("id", "'{}' is recorded twice; keep one entry")
    ] = []


class CoverageWaiver(_Model):
    """A required area the authority (or one hub) does not have to cover, why, and until
    when."""

    area: AreaId
    reason: ParagraphText
    hub: Slug | None = None  # only this hub's network; None: the whole authority
    expires: IsoDate | None = None  # the last day it applies


class CoveragePolicy(_Model):
    """An authority's changes to the required offer areas."""

    # A requirement profile of schema/requirements/ (or --requirements); None: the
    # taxonomy's required flags.
    profile: Slug | None = None
    extra_required: Annotated[list[AreaId], AfterValidator(_no_repeats)] = []
    # Local requirements, each replacing the profile's for its area.
    requirements: Requirements = []
    waived: list[CoverageWaiver] = []


class Authority(_Model):
    """A local authority: listings/<id>/authority.yaml."""

    id: Annotated[Slug, Field(max_length=80)]
    name: Text
    ons_code: OnsCode
    website: HttpsUrl
    virtual_hub_url: HttpsUrl | None = None
    contact: Contact | None = None
    coverage: CoveragePolicy | None = None


class Site(_Model):
    """Fields shared by hubs and branches."""

    id: Annotated[Slug, Field(max_length=80)]
    name: Text
    status: SiteStatus
    description: Paragraph | None = None
    address: Address
    location: Location | None = None
    opening_hours: list[OpeningHours] | None = None
    contact: Contact | None = None
    accessibility: UniqueList[Accessibility] = []
    languages: UniqueList[Language] = ["en"]
    last_reviewed: IsoDate


class Hub(Site):
    """A main family hub building: listings/<authority>/hubs/<id>.yaml."""


class Branch(Site):
    """A branch site (children's centre, library ...) linked to a hub."""

    hub: Slug
    site_type: Literal[
        "childrens-centre", "library", "health-centre", "school", "community-venue", "other"
    ]


class Activity(_Model):
    """A service or session: listings/<authority>/activities/<id>.yaml."""

    id: Annotated[Slug, Field(max_length=80)]
    name: Text
    description: ParagraphText
    status: Literal["running", "paused", "ended"]
    offer_areas: Annotated[UniqueList[AreaId], Field(min_length=1)]
    venues: UniqueList[Slug]
    online: Online | None = None
    telephone: Phone | None = None
    audience: Annotated[UniqueList[Audience], Field(min_length=1)]
    age_range: AgeRange
    cost: CostField
    booking: Booking
    schedule: Schedule
    contact: Contact | None = None
    # Absent: the authority delivers it itself.
    delivered_by: DeliveryPartner | None = None
    languages: UniqueList[Language] = ["en"]
    accessibility: UniqueList[Accessibility] = []
    valid_from: IsoDate | None = None
    valid_to: IsoDate | None = None
    last_reviewed: IsoDate

    def _named_venues(self) -> list[str]:
        """Every venue the listing names (a feed entry overrides it: it splits them)."""
        return self.venues

    @model_validator(mode="after")
    def _reachable_somewhere(self) -> Activity:
        if not self._named_venues() and self.online is None and self.telephone is None:
            raise _custom(
                "HUB110",
                "venues is empty and there is no online or telephone; name a hub or branch "
                "in venues, add telephone, or add online with its https address, like "
                f"online: {{url: {EXAMPLE_ONLINE_URL}}}",
                field="venues",
            )
        if self.schedule == "self-paced" and self.online is None:
            raise _custom(
                "HUB115",
                "schedule is self-paced but there is no online; an activity taken at your "
                "own pace needs a place to take it: add online with its https address, like "
                f"online: {{url: {EXAMPLE_ONLINE_URL}}}, or give its times as schedule rules",
                field="schedule",
            )
        _check_validity(self.valid_from, self.valid_to)
        if not isinstance(self.schedule, str):
            for index, rule in enumerate(self.schedule):
                _check_rule_within(rule, index, self.valid_from, self.valid_to)
        return self


def _check_rule_within(
    rule: ScheduleRule, index: int, valid_from: date | None, valid_to: date | None
) -> None:
    """A schedule rule must have days inside its activity's dates (HUB114)."""
    # (the rule's field, its day, whether that day lies wholly outside the activity)
    outside = [
        ("valid_from", rule.valid_from, valid_to is not None and _after(rule.valid_from, valid_to)),
        ("valid_to", rule.valid_to, valid_from is not None and _after(valid_from, rule.valid_to)),
        (
            "date",
            rule.date,
            (valid_to is not None and _after(rule.date, valid_to))
            or (valid_from is not None and _after(valid_from, rule.date)),
        ),
    ]
    for field, day, is_outside in outside:
        if is_outside:
            dates = f"{valid_from or 'the start'} to {valid_to or 'no end'}"
            raise _custom(
                "HUB114",
                f"this rule's {field} {day} is outside its activity's dates ({dates}); move "
                "it inside them, or change the activity's valid_from or valid_to",
                at=("schedule", index, field),
            )


def _after(first: date | None, second: date | None) -> bool:
    return first is not None and second is not None and first > second


Listing = Authority | Hub | Branch | Activity

MODEL_BY_KIND: dict[str, type[_Model]] = {
    "authority": Authority,
    "hub": Hub,
    "branch": Branch,
    "activity": Activity,
}
assert tuple(MODEL_BY_KIND) == KINDS, "a model for each kind, in the layout's order"


def _fields() -> list[tuple[str, Any]]:
    """(name, annotation) of every field of every listing model, nested ones included.

    The one walk over the models: field-name suggestions, the date and boolean field
    names and the union tags all come from it, so they cannot disagree.
    """
    fields: list[tuple[str, Any]] = []
    pending: list[type[BaseModel]] = list(MODEL_BY_KIND.values())
    seen: set[type[BaseModel]] = set()
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            # The type and its field-level metadata (Field(...), a Discriminator).
            annotation = (info.annotation, *info.metadata)
            fields.append((name, annotation))
            pending.extend(t for t in _parts(annotation) if _is_model(t))
    return fields


def _parts(annotation: Any) -> list[Any]:
    """`annotation` and everything inside it: union members, list items, Annotated metadata."""
    if isinstance(annotation, tuple):
        return [part for item in annotation for part in _parts(item)]
    found = [annotation]
    for argument in get_args(annotation):
        found += _parts(argument)
    metadata = getattr(annotation, "__metadata__", ())
    return found + list(metadata)


def _is_model(part: Any) -> bool:
    return isinstance(part, type) and issubclass(part, BaseModel)


_ALL_FIELDS = _fields()
# Field names whose values YAML 1.1 readers also read as dates or booleans, so a
# plain date or yes/no there is not a hazard worth a quoting warning.
DATE_FIELDS = frozenset(name for name, kind in _ALL_FIELDS if date in _parts(kind))
BOOLEAN_FIELDS = frozenset(name for name, kind in _ALL_FIELDS if bool in _parts(kind))
# The tags of the models' tagged unions (cost: free | charge, schedule: word | rules),
# which pydantic puts in an error's location but the YAML does not hold.
UNION_TAGS = frozenset(
    part.tag for _, kind in _ALL_FIELDS for part in _parts(kind) if isinstance(part, Tag)
)


def _field_parents() -> dict[str, frozenset[str]]:
    # A field every listing has at its top (id, name) is never one level off, wherever
    # else it is typed: delivered_by's name is no hint for a name typed into an address.
    everywhere = set.intersection(*(set(m.model_fields) for m in MODEL_BY_KIND.values()))
    parents: dict[str, set[str]] = {}
    for name, annotation in _ALL_FIELDS:
        for model in (part for part in _parts(annotation) if _is_model(part)):
            for nested in set(model.model_fields) - everywhere:
                parents.setdefault(nested, set()).add(name)
    return {nested: frozenset(names) for nested, names in parents.items()}


# The fields each nested field belongs under (postcode: address), so a field typed one
# level off is told where it goes instead of being "unknown".
FIELD_PARENTS = _field_parents()


def all_field_names() -> frozenset[str]:
    """Every field name in the listing models, for did-you-mean suggestions."""
    return frozenset(name for name, _ in _ALL_FIELDS)
