"""HSDS schedules -> schedule rules, and what a rule cannot say.

A rule is weekly on some days, monthly on the nth weekdays, or once on a date, from
`opens_at` to `closes_at`, optionally between valid_from and valid_to. So:
- `WEEKLY` with plain days (`MO,TH`), `DAILY` (every day, or its `byday`) -> weekly;
  `MONTHLY` with numbered days (`1TU,-1FR`) -> monthly; a weekly schedule whose dates
  are one day, on that weekday, -> once (the publish writes a once rule so);
- valid_from (else dtstart) and valid_to (else until) bound the rule; times keep HH:MM;
- notes starting "Term time only." set term_time_only (as the publish writes it); the
  rest, and a description other than the one the publish writes, become the note;
- a schedule with no frequency whose description is "By appointment" makes the
  activity's schedule `by-appointment`, one whose description starts "Self-paced" makes
  it `self-paced` (its `schedule_link` is where it is taken), its dates the activity's.
A schedule any other way (every other week, a count, days of the month, no times) is
not written: noted with why, never approximated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError

from hubctl.feeds.oruk import BY_APPOINTMENT, SELF_PACED
from hubctl.feeds.oruk_terms import describe_rule
from hubctl.model_errors import validation_messages
from hubctl.models import WEEKDAYS, ScheduleRule
from hubctl.oruk_import.values import SourceObject

_DAY = re.compile(r"^\+?(-?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$")
_TIME = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9])(?:\.[0-9]+)?)?$")
_ISO_DAY = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ].*)?$")
TERM_TIME = "Term time only."
# Fields of a schedule that only say how the others are written: nothing is lost.
_HARMLESS = ("id", "service_id", "location_id", "service_at_location_id", "wkst", "timezone")


@dataclass
class ReadSchedules:
    """The rules read, and what the schedules said about the whole activity."""

    rules: list[dict[str, Any]] = field(default_factory=list)
    word: str | None = None  # a schedule without times: by-appointment or self-paced
    link: str | None = None  # a self-paced schedule's schedule_link: where it is taken
    valid_from: str | None = None  # a by-appointment or self-paced schedule's dates:
    valid_to: str | None = None  # the activity's
    attending_types: list[tuple[str, str]] = field(default_factory=list)  # (place, text)

    @property
    def by_appointment(self) -> bool:
        """Whether a schedule said "By appointment"."""
        return self.word == "by-appointment"


class _Unexpressible(Exception):
    """A schedule a rule cannot say; the message says why."""


def read_schedules(schedules: list[SourceObject]) -> ReadSchedules:
    """The rules of `schedules`, in order; a schedule no rule can say is noted, not read."""
    found = ReadSchedules()
    for schedule in schedules:
        schedule.consume(*_HARMLESS)
        attending = schedule.line("attending_type")
        if attending:
            found.attending_types.append((schedule.where("attending_type"), attending))
        try:
            rule = _rule(schedule, found)
        except _Unexpressible as problem:
            schedule.notes.not_kept(schedule.path, f"not written as a schedule rule: {problem}")
            schedule.consume(*schedule.data)  # said once for the whole schedule
            continue
        if rule is not None:
            found.rules.append(rule)
    return found


def _rule(schedule: SourceObject, found: ReadSchedules) -> dict[str, Any] | None:
    freq = (schedule.text("freq") or "").upper()
    description = schedule.text("description")
    days = _days(schedule.text("byday"))
    valid_from = _day(schedule, "valid_from") or _day(schedule, "dtstart")
    valid_to = _day(schedule, "valid_to") or _day(schedule, "until")
    _consume_matching(schedule, "dtstart", valid_from)
    _consume_matching(schedule, "until", valid_to)
    word = _schedule_word(description)
    if not freq and not days and word is not None:
        found.word = word
        found.valid_from, found.valid_to = valid_from, valid_to
        if word == "self-paced":
            found.link = schedule.text("schedule_link")
            if description != SELF_PACED:
                schedule.notes.review(
                    schedule.where("description"), f"read as self-paced from '{description}'"
                )
        _check_times_absent(schedule, word)
        return None
    _refuse_extras(schedule)
    if freq == "DAILY" or (not freq and not days and valid_from is None):
        if freq != "DAILY":
            raise _Unexpressible("it has no frequency, days or date")
        days = days or [(None, code) for code in _CODES]
        freq = "WEEKLY"
    rule: dict[str, Any] = {}
    if freq in ("WEEKLY", "") and days and all(week is None for week, _ in days):
        weekdays = [_weekday(code) for _, code in days]
        one_day = valid_from if valid_from == valid_to and len(weekdays) == 1 else None
        if one_day and WEEKDAYS[date.fromisoformat(one_day).weekday()] == weekdays[0]:
            rule = {"freq": "once", "date": valid_from}
            valid_from = valid_to = None
        else:
            rule = {"freq": "weekly", "byday": weekdays}
    elif freq == "MONTHLY" and days and all(week is not None for week, _ in days):
        rule = {"freq": "monthly", "byday": [f"{week}{_weekday(code)}" for week, code in days]}
    elif not freq and not days and valid_from is not None and valid_from == valid_to:
        rule = {"freq": "once", "date": valid_from}
        valid_from = valid_to = None
    else:
        raise _Unexpressible(_why_not(freq, days))
    rule["opens_at"] = _time(schedule, "opens_at")
    rule["closes_at"] = _time(schedule, "closes_at")
    notes = schedule.text("notes") or ""
    if notes.startswith(TERM_TIME):
        rule["term_time_only"] = True
        notes = notes[len(TERM_TIME) :].strip()
    for key, value in (("valid_from", valid_from), ("valid_to", valid_to)):
        if value is not None:
            rule[key] = value
    checked = _checked(rule)
    if description and description != describe_rule(checked):
        notes = f"{description} {notes}".strip()
    if notes:
        rule["note"] = notes
    return rule


_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _days(byday: str | None) -> list[tuple[str | None, str]]:
    """(week number or None, two-letter day) of each day of an RFC 5545 BYDAY list."""
    if not byday:
        return []
    found: list[tuple[str | None, str]] = []
    for part in re.split(r"[,\s]+", byday.strip().upper()):
        if not part:
            continue
        match = _DAY.fullmatch(part)
        if match is None:
            raise _Unexpressible(f"its byday '{byday}' is not a list of days like MO,TH or 1TU")
        day = (match.group(1), match.group(2))
        if day not in found:
            found.append(day)
    return found


def _weekday(code: str) -> str:
    return WEEKDAYS[_CODES.index(code)]


def _why_not(freq: str, days: list[tuple[str | None, str]]) -> str:
    if freq in ("WEEKLY", "") and not days:
        return "a weekly rule needs its days (byday), and it has none"
    if freq in ("WEEKLY", ""):
        return "a weekly rule takes plain days (MO), not numbered ones (1MO)"
    if freq == "MONTHLY":
        return "a monthly rule takes numbered weekdays (1TU, -1FR), and it has none or plain ones"
    return f"a rule repeats weekly, monthly or once, not {freq.lower()}"


def _refuse_extras(schedule: SourceObject) -> None:
    """Parts of RFC 5545 a rule cannot say: any of them means the rule would be wrong."""
    interval = schedule.number("interval")
    if interval is not None and interval != 1:
        raise _Unexpressible(f"it repeats every {interval:g} periods; a rule repeats every one")
    for key, what in (
        ("count", "a number of times"),
        ("bymonthday", "days of the month"),
        ("byweekno", "weeks of the year"),
        ("byyearday", "days of the year"),
        ("bymonth", "months"),
    ):
        value = schedule.text(key)
        if value:
            raise _Unexpressible(f"it is limited to {what} ({key} '{value}')")


def _schedule_word(description: str | None) -> str | None:
    """by-appointment or self-paced, when a schedule's description says it; else None."""
    said = (description or "").strip(". ").lower()
    if said == BY_APPOINTMENT.lower():
        return "by-appointment"
    if said.startswith(("self-paced", "self paced")) or said == SELF_PACED.lower():
        return "self-paced"
    return None


def _check_times_absent(schedule: SourceObject, word: str) -> None:
    for key in ("opens_at", "closes_at"):
        value = schedule.text(key)
        if value:
            schedule.notes.not_kept(
                schedule.where(key), f"'{value}': a {word} schedule has no times"
            )


def _day(schedule: SourceObject, key: str) -> str | None:
    """A date field as YYYY-MM-DD (a date-time's date part); bad ones raise _Unexpressible."""
    value = schedule.text(key)
    if value is None:
        return None
    match = _ISO_DAY.fullmatch(value)
    if match is None:
        raise _Unexpressible(f"its {key} '{value}' is not a date")
    try:
        date.fromisoformat(match.group(1))
    except ValueError:
        raise _Unexpressible(f"its {key} '{value}' is not a real date") from None
    return match.group(1)


def _consume_matching(schedule: SourceObject, key: str, kept: str | None) -> None:
    """dtstart and until say the same as valid_from and valid_to when they agree."""
    value = schedule.text(key)
    if value is not None and kept is not None and not value.startswith(kept):
        schedule.notes.not_kept(
            schedule.where(key),
            f"'{value}': the rule runs from its valid_from and to its valid_to ({kept})",
        )


def _time(schedule: SourceObject, key: str) -> str:
    value = schedule.text(key)
    if value is None:
        raise _Unexpressible(f"it has no {key}")
    bare = re.sub(r"(Z|[+-][0-9]{2}:?[0-9]{2})$", "", value)
    match = _TIME.fullmatch(bare)
    if match is None:
        raise _Unexpressible(f"its {key} '{value}' is not a time")
    if match.group(3) not in (None, "00") or bare != value:
        schedule.notes.not_kept(
            schedule.where(key), f"'{value}': rules keep local times in whole minutes"
        )
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def _checked(rule: dict[str, Any]) -> ScheduleRule:
    """The rule as the model reads it; a rule the model refuses cannot be written."""
    try:
        return ScheduleRule.model_validate(rule)
    except ValidationError as error:
        problems = "; ".join(message for _, _, message in validation_messages(error, rule))
        raise _Unexpressible(problems) from None
