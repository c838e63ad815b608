"""The nth weekday of a month, counted without listing the month's days, against the
plain reading: every day of the month that falls on that weekday, then the nth of them."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest

from hubctl.coverage_periods import _nth_weekday


def _listed(month_start: date, week: int | None, weekday: int) -> date | None:
    length = calendar.monthrange(month_start.year, month_start.month)[1]
    days = [month_start + timedelta(days=n) for n in range(length)]
    matching = [day for day in days if day.weekday() == weekday]
    wanted = week or 1
    index = wanted - 1 if wanted > 0 else len(matching) + wanted
    return matching[index] if 0 <= index < len(matching) else None


@pytest.mark.parametrize("year", [1, 2024, 2026, 2100, 9999])  # leap, not, the calendar's ends
def test_every_week_of_every_weekday_in_every_month(year: int) -> None:
    for month in range(1, 13):
        start = date(year, month, 1)
        for week in (None, 1, 2, 3, 4, 5, 6, -1, -2, -4, -5, -6):
            for weekday in range(7):
                assert _nth_weekday(start, week, weekday) == _listed(start, week, weekday)


def test_a_fifth_weekday_is_there_only_in_months_that_have_one() -> None:
    assert _nth_weekday(date(2026, 12, 1), 5, 3) == date(2026, 12, 31)  # a Thursday
    assert _nth_weekday(date(2026, 2, 1), 5, 3) is None  # February 2026 has four
    assert _nth_weekday(date(2026, 2, 1), -1, 3) == date(2026, 2, 26)
