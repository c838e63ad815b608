"""Limits on listing values that code outside the models checks too: ids, dates."""

from __future__ import annotations

from datetime import date

# An id (a slug): lower-case letters and digits in words joined by single hyphens.
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# The dates hubctl takes, in listings and on the command line. Wide enough for any real
# service; narrow enough that date arithmetic in coverage and the feeds (a week on, the
# end of a local day) never overflows, and that "forever" written as 9999-12-31 gets a
# clear message.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)
