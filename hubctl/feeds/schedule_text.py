"""Schedule rules as compact one-line text, for CSV cells (README: Published feeds).

hubs.csv and branches.csv write opening hours, and activities.csv a schedule, in
this form; sessions.csv carries the same rules one field a column.
"""

from __future__ import annotations

from typing import Any

from hubctl.models import ScheduleRule

RULE_SEPARATOR = ";"
# What `rule_text` writes of a schedule rule: every ScheduleRule field (freq is
# shown by the form of the days: plain days weekly, numbered days monthly, a date once).
RULE_TEXT_FIELDS = (
    "freq",
    "byday",
    "date",
    "opens_at",
    "closes_at",
    "term_time_only",
    "valid_from",
    "valid_to",
    "note",
)


def rule_text(rule: ScheduleRule) -> str:
    """One schedule rule as compact text, e.g. `1tue,-1fri 10:00-12:00 term-time only (note)`.

    The text is `<days or date> <opens>-<closes>`, then, when set, `term-time only`,
    `from <date>`, `to <date>` and the note in parentheses.
    """
    when = rule.date.isoformat() if rule.date is not None else ",".join(rule.byday or [])
    parts = [f"{when} {rule.opens_at}-{rule.closes_at}"]
    if rule.term_time_only:
        parts.append("term-time only")
    if rule.valid_from is not None:
        parts.append(f"from {rule.valid_from.isoformat()}")
    if rule.valid_to is not None:
        parts.append(f"to {rule.valid_to.isoformat()}")
    if rule.note is not None:
        parts.append(f"({rule.note})")
    return " ".join(parts)


def rules_text(rules: list[Any] | None) -> str | None:
    """Schedule rules as `rule_text`s joined with `;`, or None when there are none."""
    return RULE_SEPARATOR.join(rule_text(rule) for rule in rules) if rules else None
