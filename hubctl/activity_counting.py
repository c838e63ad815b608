"""When an activity counts on a date, how many sessions a week it holds, and which age
bands it reaches: the counting rules of `hubctl coverage` on a single date."""

from __future__ import annotations

from datetime import date, timedelta

from hubctl.age_spans import AgeReach, age_reach
from hubctl.coverage_model import AGE_BANDS
from hubctl.models import Activity, ScheduleRule
from hubctl.schedules import activity_window, rule_window

# A one-off session counts only when it falls within this window from the date.
ONCE_WINDOW = timedelta(weeks=4)
# Sessions a week that one occurrence counts for: weekly each day, monthly about
# one week in four, and a one-off within the window likewise once in four weeks.
_WEEKLY_SHARE = {"weekly": 1.0, "monthly": 0.25, "once": 0.25}


def is_current(activity: Activity, on: date) -> bool:
    """True when `activity` counts on `on`: running, within its dates, with a current rule.

    A rule is current when `on` lies within its own valid_from/valid_to; a one-off
    rule also needs its date on or after `on`. `by-appointment` and `self-paced` are
    always current. Where it can be attended (open venues, online, by telephone) is
    judged apart (`area_judging`).
    """
    if activity.status != "running" or not activity_window(activity).contains(on):
        return False
    if isinstance(activity.schedule, str):  # by-appointment, self-paced
        return True
    return any(_rule_is_current(activity, rule, on) for rule in activity.schedule)


def sessions_per_week(activity: Activity, on: date) -> float:
    """Sessions a week of `activity` on `on`: weekly days count 1, monthly 1/4.

    A one-off counts 1/4 when it falls within the four weeks from `on`, else 0.
    """
    if isinstance(activity.schedule, str):  # by-appointment, self-paced
        return 0.0
    return sum(
        _WEEKLY_SHARE[rule.freq] * (len(set(rule.byday)) if rule.byday else 1)
        for rule in activity.schedule
        if _rule_is_current(activity, rule, on)
        and (rule.freq != "once" or (rule.date is not None and rule.date < on + ONCE_WINDOW))
    )


def age_bands_reached(activity: Activity) -> list[str]:
    """Ids of the AGE_BANDS the activity's age range reaches (1.5 means 18 months), by
    the one reading of ages (`age_spans.age_reach`: `{min: 0, max: 0, antenatal: true}`
    serves pregnancy only, not babies)."""
    reach = age_reach(activity.age_range)
    reached = ["antenatal"] if reach.antenatal else []
    for band, _, low, high in AGE_BANDS[1:]:
        # A band runs from its first birthday to the day before `high + 1`.
        if reach.overlaps(AgeReach(False, ((low, high + 1),))):
            reached.append(band)
    return reached


def _rule_is_current(activity: Activity, rule: ScheduleRule, on: date) -> bool:
    window = rule_window(activity, rule)
    if rule.freq == "once":
        # A one-off still to come keeps the area covered; it adds sessions only
        # within the four weeks (see sessions_per_week).
        return window.last is not None and on <= window.last
    return window.contains(on)
