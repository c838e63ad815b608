"""Periods coverage is counted over (`coverage --from/--to`, `--period`), and how many
sessions a schedule rule holds within one.

Terms, quarters and years are the ones councils report in: school terms as hubctl
reckons them (autumn 1 September to 31 December, spring 1 January to 31 March, summer
1 April to 31 August: real term dates differ by school and year), and financial
quarters and years (April to March), as DfE's programme runs from 1 April.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from hubctl.models import Activity, ScheduleRule, split_byday
from hubctl.schedules import DateWindow, activity_window, rule_window

PeriodKind = Literal["term", "quarter", "year"]
PERIOD_KINDS: tuple[PeriodKind, ...] = ("term", "quarter", "year")


@dataclass(frozen=True)
class CoveragePeriod:
    """The days from `first` to `last`, both included, and what to call them."""

    first: date
    last: date
    name: str

    @property
    def days(self) -> int:
        """How many days the period holds."""
        return (self.last - self.first).days + 1

    def overlaps(self, window: DateWindow) -> bool:
        """Whether any day of `window` lies in the period."""
        return (window.first is None or window.first <= self.last) and (
            window.last is None or self.first <= window.last
        )


def period_between(first: date, last: date) -> CoveragePeriod:
    """The period from `first` to `last` (`--from`/`--to`); ValueError when it runs
    backwards."""
    if last < first:
        raise ValueError(f"--to {last} is before --from {first}")
    return CoveragePeriod(first, last, f"{first.isoformat()} to {last.isoformat()}")


def period_around(kind: PeriodKind, on: date) -> CoveragePeriod:
    """The term, financial quarter or financial year that holds `on`."""
    year = on.year
    if kind == "term":
        if on.month >= 9:
            return CoveragePeriod(date(year, 9, 1), date(year, 12, 31), f"autumn term {year}")
        if on.month <= 3:
            return CoveragePeriod(date(year, 1, 1), date(year, 3, 31), f"spring term {year}")
        return CoveragePeriod(date(year, 4, 1), date(year, 8, 31), f"summer term {year}")
    start_year = year if on.month >= 4 else year - 1
    if kind == "year":
        return CoveragePeriod(
            date(start_year, 4, 1),
            date(start_year + 1, 3, 31),
            f"financial year {start_year} to {start_year + 1}",
        )
    quarter = ((on.month - 4) % 12) // 3  # 0: April to June
    first_month = 4 + 3 * quarter
    first = date(start_year + (first_month - 1) // 12, (first_month - 1) % 12 + 1, 1)
    last_month = first.month + 2
    last = date(first.year, last_month, calendar.monthrange(first.year, last_month)[1])
    return CoveragePeriod(
        first, last, f"Q{quarter + 1} of financial year {start_year} to {start_year + 1}"
    )


def sessions_in_period(activity: Activity, period: CoveragePeriod) -> int:
    """How many sessions `activity`'s rules hold within `period` (and within their own
    and the activity's dates). `term_time_only` rules are counted in the holidays too:
    hubctl knows no school's term dates. A by-appointment or self-paced schedule holds
    no sessions."""
    if isinstance(activity.schedule, str):
        return 0
    return sum(
        _rule_sessions(rule, rule_window(activity, rule), period) for rule in activity.schedule
    )


def available_in_period(activity: Activity, period: CoveragePeriod) -> bool:
    """True when `activity` runs within `period`: running, its dates overlap the period,
    and a session falls in it (a by-appointment or self-paced one needs no session)."""
    if activity.status != "running" or not period.overlaps(activity_window(activity)):
        return False
    return isinstance(activity.schedule, str) or sessions_in_period(activity, period) > 0


def weekdays_held(activity: Activity, rule: ScheduleRule, first: date, last: date) -> set[int]:
    """The weekdays (Monday 0) on which `rule` of `activity` holds a session from `first`
    to `last` (both included, within the rule's and the activity's own dates)."""
    window = rule_window(activity, rule)
    return {day for day, held in _sessions_by_weekday(rule, window, first, last).items() if held}


def _rule_sessions(rule: ScheduleRule, window: DateWindow, period: CoveragePeriod) -> int:
    return sum(_sessions_by_weekday(rule, window, period.first, period.last).values())


def _sessions_by_weekday(
    rule: ScheduleRule, window: DateWindow, first: date, last: date
) -> dict[int, int]:
    """How many sessions `rule` holds on each weekday (Monday 0) from `first` to `last`,
    within `window`: the one count behind sessions_in_period and weekdays_held."""
    low = max(first, window.first) if window.first else first
    high = min(last, window.last) if window.last else last
    if high < low:
        return {}
    if rule.freq == "once":
        held = rule.date is not None and low <= rule.date <= high
        return {rule.date.weekday(): 1} if held and rule.date is not None else {}
    counts: dict[int, int] = {}
    for code in set(rule.byday or []):
        week, weekday = split_byday(code)
        if rule.freq == "weekly":
            sessions = _weekdays_between(low, high, weekday)
        else:
            sessions = sum(
                1
                for month in _month_starts(low, high)
                if (day := _nth_weekday(month, week, weekday)) is not None and low <= day <= high
            )
        counts[weekday] = counts.get(weekday, 0) + sessions
    return counts


def _weekdays_between(first: date, last: date, weekday: int) -> int:
    offset = (weekday - first.weekday()) % 7
    if (last - first).days < offset:  # also keeps clear of the calendar's end, 9999-12-31
        return 0
    first_one = first + timedelta(days=offset)
    return 0 if first_one > last else (last - first_one).days // 7 + 1


def _month_starts(first: date, last: date) -> list[date]:
    starts, month = [], date(first.year, first.month, 1)
    while month <= last:
        starts.append(month)
        if month.year == date.max.year and month.month == 12:
            break  # no month after December 9999
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return starts


def _nth_weekday(month_start: date, week: int | None, weekday: int) -> date | None:
    """The `week`th `weekday` of the month (-1 the last); None when the month has none."""
    # Counted, not listed: this runs for every monthly rule in every month of a period,
    # and a list of the month's days per call was a tenth of a 20,000-file publish.
    length = calendar.monthrange(month_start.year, month_start.month)[1]
    first = (weekday - month_start.weekday()) % 7  # days from the 1st to the first one
    count = (length - 1 - first) // 7 + 1
    wanted = week or 1
    index = wanted - 1 if wanted > 0 else count + wanted
    if not 0 <= index < count:
        return None
    return month_start + timedelta(days=first + 7 * index)
