"""Words for the listing codes that people read: one table per code list.

Each feed picks the form it needs: a title (a taxonomy term's name), a sentence (its
description) or a phrase (inside a calendar's or a schedule's text), so every view
says the same thing about a value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Booking = Literal["drop-in", "booking-required", "referral"]


@dataclass(frozen=True)
class Label:
    """A code's words: a title, a full sentence, and a phrase to use mid-sentence."""

    title: str
    sentence: str
    phrase: str


BOOKING_LABELS: dict[Booking, Label] = {
    "drop-in": Label("Drop-in", "Come along without booking.", "drop in, no need to book"),
    "booking-required": Label(
        "Booking required", "Book a place before you come.", "book a place before you come"
    ),
    "referral": Label(
        "By referral",
        "A professional refers you to this service.",
        "by referral from a professional",
    ),
}
