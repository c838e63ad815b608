"""The listing schema (docs/format.md) as pydantic models: the single source of truth.

`hubctl schema` generates schema/*.schema.json from these classes. Their field types
(text, ids, dates, addresses, `AgeRange` ...) are `hubctl.field_types`'; a coverage
policy's own requirements are `hubctl.profile_models.Requirement`s, as a profile's are.
Rules that a plain type cannot say raise `custom_error`, whose type is our stable code
(`HUB107` ...), so `model_errors` can turn them into diagnostics unchanged. A `field` in
the error context names the field the message is about.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

from hubctl.field_types import (
    AgeRange,
    AreaId,
    Boolean,
    Email,
    HttpsUrl,
    IsoDate,
    Language,
    Line,
    Number,
    OnsCode,
    Paragraph,
    ParagraphText,
    Phone,
    Postcode,
    Slug,
    StrictModel,
    Text,
    Time,
    UniqueList,
    custom_error,
    no_repeats,
)
from hubctl.labels import Booking
from hubctl.layout import KINDS
from hubctl.profile_models import Requirements

_Date = date  # ScheduleRule has a field named date
# Real-looking addresses for messages to show: a placeholder there would be copied and
# published (hubctl.starter_values' placeholders are warned about; these are not).
EXAMPLE_WEBSITE = "https://www.yourcouncil.gov.uk/family-hubs"
EXAMPLE_ONLINE_URL = f"{EXAMPLE_WEBSITE}/online"
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


class Contact(StrictModel):
    """How to get in touch; every part optional."""

    phone: Phone | None = None
    email: Email | None = None
    website: HttpsUrl | None = None


class Address(StrictModel):
    """A postal address; the postcode is normalised to upper case with one space."""

    line1: Text
    line2: Line | None = None
    town: Text
    postcode: Postcode


class Location(StrictModel):
    """A WGS84 point inside the United Kingdom."""

    lat: Number = Field(ge=UK_LAT[0], le=UK_LAT[1])
    lon: Number = Field(ge=UK_LON[0], le=UK_LON[1])


class Online(StrictModel):
    """Where virtual sessions happen."""

    url: HttpsUrl


PartnerType = Literal["council", "nhs", "voluntary", "school", "private", "other"]


class DeliveryPartner(StrictModel):
    """Who delivers an activity, when not the authority itself: an NHS trust, a charity."""

    name: Text
    type: PartnerType
    website: HttpsUrl | None = None


class ScheduleRule(StrictModel):
    """One recurring or one-off time slot, shaped after Open Referral (HSDS) schedules."""

    freq: Literal["weekly", "monthly", "once"]
    byday: Annotated[list[Line], AfterValidator(no_repeats)] | None = Field(
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
                raise custom_error("HUB109", "a weekly rule needs byday, like byday: [tue]")
            for day in byday:
                if day not in WEEKDAYS:
                    raise custom_error(
                        "HUB109",
                        f"'{day}' is not a day for a weekly rule; use mon, tue, wed, thu, fri, "
                        "sat or sun",
                    )
        elif freq == "monthly":
            if not byday:
                raise custom_error(
                    "HUB109", "a monthly rule needs byday with a week number, like byday: [1tue]"
                )
            for day in byday:
                match = _BYDAY.fullmatch(day)
                if not match or not match.group(1) or match.group(1) in ("0", "-0"):
                    raise custom_error(
                        "HUB109",
                        f"'{day}' is not a monthly day; write the week and day, like 1tue "
                        "(first Tuesday) or -1fri (last Friday)",
                    )
        elif freq == "once" and byday:
            raise custom_error("HUB109", "a once rule takes a date, not byday; remove byday")
        return byday

    @field_validator("date")
    @classmethod
    def _date_fits_freq(cls, value: _Date | None, info: ValidationInfo) -> _Date | None:
        freq = info.data.get("freq")
        if freq == "once" and value is None:
            raise custom_error("HUB109", "a once rule needs its date, like date: 2027-03-04")
        if freq in ("weekly", "monthly") and value is not None:
            raise custom_error(
                "HUB109",
                f"a {freq} rule takes byday, not date; bound it with valid_from and valid_to",
            )
        return value

    @field_validator("closes_at")
    @classmethod
    def _closes_after_opening(cls, closes_at: str, info: ValidationInfo) -> str:
        opens_at = info.data.get("opens_at")
        if opens_at is not None and closes_at <= opens_at:
            raise custom_error(
                "HUB107", f"closes_at {closes_at} is not after opens_at {opens_at}; fix one of them"
            )
        return closes_at

    @model_validator(mode="after")
    def _dates_in_order(self) -> ScheduleRule:
        if self.freq == "once" and (self.valid_from or self.valid_to):
            raise custom_error(
                "HUB109",
                "a once rule runs on its date only; remove its valid_from and valid_to",
                field="valid_from" if self.valid_from else "valid_to",
            )
        _check_validity(self.valid_from, self.valid_to)
        return self


class OpeningHours(ScheduleRule):
    """A site's opening hours: a schedule rule whose freq defaults to weekly."""

    freq: Literal["weekly", "monthly", "once"] = "weekly"


class Cost(StrictModel):
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
        raise custom_error(
            "HUB111",
            f"valid_to {valid_to} is before valid_from {valid_from}; fix the dates",
            field="valid_to",
        )


class CoverageWaiver(StrictModel):
    """A required area the authority (or one hub) does not have to cover, why, and until
    when."""

    area: AreaId
    reason: ParagraphText
    hub: Slug | None = None  # only this hub's network; None: the whole authority
    expires: IsoDate | None = None  # the last day it applies


class CoveragePolicy(StrictModel):
    """An authority's changes to the required offer areas."""

    # A requirement profile of schema/requirements/ (or --requirements); None: the
    # taxonomy's required flags.
    profile: Slug | None = None
    extra_required: Annotated[list[AreaId], AfterValidator(no_repeats)] = []
    # Local requirements, each replacing the profile's for its area.
    requirements: Requirements = []
    waived: list[CoverageWaiver] = []


class Authority(StrictModel):
    """A local authority: listings/<id>/authority.yaml."""

    id: Annotated[Slug, Field(max_length=80)]
    name: Text
    ons_code: OnsCode
    website: HttpsUrl
    virtual_hub_url: HttpsUrl | None = None
    contact: Contact | None = None
    coverage: CoveragePolicy | None = None


class Site(StrictModel):
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


class Activity(StrictModel):
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
            raise custom_error(
                "HUB110",
                "venues is empty and there is no online or telephone; name a hub or branch "
                "in venues, add telephone, or add online with its https address, like "
                f"online: {{url: {EXAMPLE_ONLINE_URL}}}",
                field="venues",
            )
        if self.schedule == "self-paced" and self.online is None:
            raise custom_error(
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
            raise custom_error(
                "HUB114",
                f"this rule's {field} {day} is outside its activity's dates ({dates}); move "
                "it inside them, or change the activity's valid_from or valid_to",
                at=("schedule", index, field),
            )


def _after(first: date | None, second: date | None) -> bool:
    return first is not None and second is not None and first > second


Listing = Authority | Hub | Branch | Activity

MODEL_BY_KIND: dict[str, type[StrictModel]] = {
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
# Every model class a listing holds, the listing models and those nested in them (some
# of them are hubctl.field_types' and hubctl.profile_models'): what a pickled listing may
# name (hubctl.listing_cache).
LISTING_MODEL_CLASSES: frozenset[type[BaseModel]] = frozenset(
    {
        *MODEL_BY_KIND.values(),
        *(part for _, kind in _ALL_FIELDS for part in _parts(kind) if _is_model(part)),
    }
)
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
