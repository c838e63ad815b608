"""RFC 5545 content lines, written directly: TEXT escaping, line folding, CRLF.

hubctl used icalendar's `Calendar.to_ical` for this; on a national tree its
character-by-character folding was most of the publish. These functions write the
same bytes (a test reads every calendar back with icalendar), so icalendar is left
with only what it does best here: the VTIMEZONE from the time-zone database.

Folding follows icalendar 7 exactly, so published bytes did not change: a line over
74 octets is cut into pieces of at most 74 octets (75 with the leading space of a
continuation), never inside a UTF-8 sequence, and a piece never ends in a backslash
or caret (it moves to the next piece, so no reader sees a split escape).
"""

from __future__ import annotations

import re
from datetime import date, datetime

CRLF = "\r\n"
_FOLD_OCTETS = 74
_FOLD = CRLF + " "

# Characters with no place in calendar text: controls other than tab and line feed
# (a bare CR would end the content line and forge the next one), DEL and C1.
_ICS_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Everything ics_text changes: the unwanted characters, line breaks and the escaped
# three. Most text holds none of them and is left as it is in one search.
_ICS_CHANGED = re.compile("[\x00-\x1f\x7f-\x9f\\\\;,]")


def ics_text(value: str) -> str:
    """`value` escaped as an RFC 5545 TEXT value: the one place calendar text is escaped.

    Line breaks (LF, CRLF or a lone CR) become `\\n`; backslash, semicolon and comma
    are escaped; other control characters are dropped. icalendar 7's own escaping
    (`icalendar.parser.string._escape_char`) first turns a literal backslash-N typed
    in a listing into a line break, so hubctl does not use it for text.
    """
    if not _ICS_CHANGED.search(value):
        return value
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = _ICS_UNWANTED.sub("", text)
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line (without its CRLF) folded to pieces of at most 74 octets."""
    ascii_only = line.isascii()  # then each character is one octet: no encoding to count
    if len(line) <= _FOLD_OCTETS and (ascii_only or len(line.encode("utf-8")) <= _FOLD_OCTETS):
        return line
    pieces = []
    start = 0
    while start < len(line):
        # The longest run of whole characters that fits: cut the bytes, then drop
        # a UTF-8 sequence the cut left incomplete.
        piece = line[start : start + _FOLD_OCTETS]
        if not ascii_only:
            piece = piece.encode("utf-8")[:_FOLD_OCTETS].decode("utf-8", "ignore")
        if start + len(piece) < len(line) and len(piece) > 1 and piece[-1] in "\\^":
            piece = piece[:-1]
        pieces.append(piece)
        start += len(piece)
    return _FOLD.join(pieces)


def content_line(name: str, value: str) -> str:
    """`NAME:value` folded and ended with CRLF; `value` is already in iCalendar form."""
    return fold(f"{name}:{value}") + CRLF


def text_line(name: str, text: str) -> str:
    """A TEXT property: `text` escaped with `ics_text`, folded, CRLF."""
    return content_line(name, ics_text(text))


def local_time_line(name: str, tzid: str, day: str, hhmm: str) -> str:
    """A DATE-TIME property in local time: `NAME;TZID=tzid:YYYYMMDDTHHMM00`.

    `day` is the date as YYYYMMDD (`ics_date`) and `hhmm` a validated 24-hour
    HH:MM: sessions start on a whole minute, so no datetime is needed to write one.
    """
    return content_line(f"{name};TZID={tzid}", f"{day}T{hhmm[:2]}{hhmm[3:]}00")


def ics_date(day: date) -> str:
    """A date as YYYYMMDD, exactly as `day.strftime("%Y%m%d")` writes it."""
    # isoformat is several times faster than strftime; the C library's %Y writes a year
    # before 1000 without padding, isoformat with, so those few keep strftime.
    return day.isoformat().replace("-", "") if day.year >= 1000 else day.strftime("%Y%m%d")


def utc_time(moment: datetime) -> str:
    """An aware datetime as a UTC DATE-TIME value: `YYYYMMDDTHHMMSSZ`."""
    return moment.strftime("%Y%m%dT%H%M%SZ")
