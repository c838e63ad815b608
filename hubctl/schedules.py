"""When a schedule rule can run: the one home of a rule's date window.

Coverage, the calendars and the Open Referral feed all ask this, so they agree on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hubctl.models import Activity, ScheduleRule


@dataclass(frozen=True)
class DateWindow:
    """The days from `first` to `last`, both included; None means no bound on that side."""

    first: date | None
    last: date | None

    def contains(self, day: date) -> bool:
        """Whether `day` lies in the window."""
        return (self.first is None or self.first <= day) and (self.last is None or day <= self.last)


def rule_window(activity: Activity, rule: ScheduleRule) -> DateWindow:
    """The days `rule` of `activity` may run on.

    A once rule runs on its date only. A weekly or monthly rule runs within its own
    valid_from and valid_to, narrowed by its activity's (validation makes sure the
    two overlap, HUB114).
    """
    if rule.freq == "once" and rule.date is not None:
        return DateWindow(rule.date, rule.date)
    firsts = [day for day in (activity.valid_from, rule.valid_from) if day is not None]
    lasts = [day for day in (activity.valid_to, rule.valid_to) if day is not None]
    return DateWindow(max(firsts, default=None), min(lasts, default=None))


def activity_window(activity: Activity) -> DateWindow:
    """The days the whole activity runs: its valid_from and valid_to."""
    return DateWindow(activity.valid_from, activity.valid_to)
