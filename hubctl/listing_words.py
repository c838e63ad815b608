"""Listing values as the words a parent reads: ages, cost, schedule rules, delivery modes.

The calendars and the web directory say the same thing about an activity, so both
take their words from here.
"""

from __future__ import annotations

from hubctl.feeds.byday import day_parts
from hubctl.models import Activity, ScheduleRule

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEK_WORDS = {
    **{n: w for n, w in enumerate(("first", "second", "third", "fourth", "fifth"), 1)},
    **{-n: f"{w} to last" for n, w in enumerate(("second", "third", "fourth", "fifth"), 2)},
    -1: "last",
}
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def cost_text(activity: Activity) -> str:
    """`free`, `£3 per session`, `£2.50 per course`."""
    cost = activity.cost
    if isinstance(cost, str):
        return "free"
    amount = f"£{int(cost.amount)}" if cost.amount.is_integer() else f"£{cost.amount:.2f}"
    return f"{amount} per {cost.per}"


def ages_text(activity: Activity) -> str:
    """'birth to 5 years', '18 months to 3 years', 'pregnancy to 2 years', 'pregnancy only'."""
    ages = activity.age_range
    if ages.max == 0:
        # {0, 0, antenatal} is pregnancy alone: it reaches no age (age_spans.age_reach).
        return "pregnancy only" if ages.antenatal else "babies under 1 year"
    high = _age_text(ages.max)
    if ages.min == 0:
        return f"{'pregnancy' if ages.antenatal else 'birth'} to {high}"
    low = _age_text(ages.min)
    if low.endswith(("year", "years")) and high.endswith("years"):
        low = low.split(" ")[0]
    return f"pregnancy, and {low} to {high}" if ages.antenatal else f"{low} to {high}"


def _age_text(years: float) -> str:
    # Ages are years; 1.5 means 18 months, which is how parents say it.
    if not float(years).is_integer():
        return f"{round(years * 12)} months"
    return "1 year" if years == 1 else f"{int(years)} years"


def rule_days(rule: ScheduleRule) -> str:
    """When a rule runs, in words: `Tuesdays and Thursdays`, `the first Monday of the
    month`, `Saturday 6 March 2027`."""
    if rule.date is not None:
        day = rule.date
        return f"{DAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
    weekly: list[str] = []
    monthly: list[str] = []
    for code in rule.byday or []:
        week, weekday = day_parts(code)
        if week is None:
            weekly.append(DAY_NAMES[weekday] + "s")
        else:
            monthly.append(f"the {WEEK_WORDS.get(week, str(week))} {DAY_NAMES[weekday]}")
    words = weekly + monthly
    text = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return text + (" of the month" if monthly else "")


def rule_sentence(rule: ScheduleRule) -> str:
    """A rule in one sentence: `Tuesdays, 10:00 to 11:30, term time only`."""
    parts = [f"{rule_days(rule)}, {rule.opens_at} to {rule.closes_at}"]
    if rule.term_time_only:
        parts.append("term time only")
    if rule.valid_from is not None:
        parts.append(f"from {rule.valid_from.isoformat()}")
    if rule.valid_to is not None:
        parts.append(f"until {rule.valid_to.isoformat()}")
    text = ", ".join(parts)
    return f"{text} ({rule.note})" if rule.note else text


# English names of the languages listings give most (BCP 47 primary tags); any other tag
# is shown as it is.
LANGUAGE_NAMES = {
    "ar": "Arabic",
    "bn": "Bengali",
    "cy": "Welsh",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fa": "Persian",
    "fr": "French",
    "ga": "Irish",
    "gd": "Scottish Gaelic",
    "gu": "Gujarati",
    "hi": "Hindi",
    "it": "Italian",
    "ku": "Kurdish",
    "lt": "Lithuanian",
    "ne": "Nepali",
    "pa": "Punjabi",
    "pl": "Polish",
    "ps": "Pashto",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "so": "Somali",
    "sq": "Albanian",
    "ta": "Tamil",
    "ti": "Tigrinya",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "zh": "Chinese",
}


def languages_text(tags: list[str]) -> str:
    """`English, Polish` for [en, pl]; a tag with no name here as it is."""
    return ", ".join(LANGUAGE_NAMES.get(tag.split("-")[0], tag) for tag in tags)
