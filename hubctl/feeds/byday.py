"""A schedule rule's byday codes as the feeds write them, each code worked out once.

A national publish reads the same few dozen codes (`tue`, `-1fri`) hundreds of
thousands of times; `models.split_byday` and `models.ical_byday` stay the one
definition, and these remember their answers.
"""

from __future__ import annotations

import functools

from hubctl.models import ical_byday, split_byday

# There are 77 valid codes (7 days, each plain or in one of 10 weeks): a small cache.


@functools.cache
def ical_day(day: str) -> str:
    """`models.ical_byday`, remembered: `mon` -> `MO`, `-1fri` -> `-1FR`."""
    return ical_byday(day)


@functools.cache
def day_parts(day: str) -> tuple[int | None, int]:
    """`models.split_byday`, remembered: `-1fri` -> (-1, 4), `tue` -> (None, 1)."""
    return split_byday(day)
