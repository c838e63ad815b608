"""A schedule rule's date window: one rule for coverage, the calendars and Open Referral."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from hubctl.models import Activity
from hubctl.schedules import DateWindow, rule_window

BASE: dict[str, Any] = {
    "id": "window",
    "name": "Window",
    "description": "d",
    "status": "running",
    "offer_areas": ["youth"],
    "venues": [],
    "telephone": "01632 960000",
    "audience": ["parents"],
    "age_range": {"min": 0, "max": 5},
    "cost": "free",
    "booking": "drop-in",
    "last_reviewed": "2026-10-01",
}


def activity(rule: dict[str, Any], **dates: str) -> Activity:
    times = {"opens_at": "10:00", "closes_at": "11:00"}
    return Activity.model_validate({**BASE, **dates, "schedule": [{**rule, **times}]})


@pytest.mark.parametrize(
    ("rule", "dates", "window"),
    [
        ({"freq": "weekly", "byday": ["tue"]}, {}, DateWindow(None, None)),
        (
            {"freq": "weekly", "byday": ["tue"], "valid_from": "2026-09-01"},
            {"valid_from": "2026-06-01", "valid_to": "2027-07-31"},
            DateWindow(date(2026, 9, 1), date(2027, 7, 31)),
        ),
        (
            {"freq": "monthly", "byday": ["1tue"], "valid_to": "2027-03-31"},
            {"valid_from": "2026-06-01", "valid_to": "2027-07-31"},
            DateWindow(date(2026, 6, 1), date(2027, 3, 31)),
        ),
        (
            {"freq": "once", "date": "2026-12-10"},
            {"valid_from": "2026-06-01"},
            DateWindow(date(2026, 12, 10), date(2026, 12, 10)),
        ),
    ],
)
def test_a_rule_runs_within_its_own_dates_narrowed_by_its_activity(
    rule: dict[str, Any], dates: dict[str, str], window: DateWindow
) -> None:
    listed = activity(rule, **dates)
    assert not isinstance(listed.schedule, str)
    assert rule_window(listed, listed.schedule[0]) == window


def test_a_window_contains_both_its_ends() -> None:
    window = DateWindow(date(2026, 9, 1), date(2026, 9, 30))
    assert window.contains(date(2026, 9, 1)) and window.contains(date(2026, 9, 30))
    assert not window.contains(date(2026, 10, 1))
    assert DateWindow(None, None).contains(date(2199, 12, 31))
