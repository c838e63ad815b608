"""UK phone numbers: which ones a listing may give, and why another one is wrong.

Google's libphonenumber (the `phonenumbers` package) knows the UK numbering plan. Its
`is_possible_number` only checks lengths against the whole UK plan, which has 9-digit
numbers (016977 xxxx), so it lets the too-short `01332 64000` through; the check here is
`is_valid_number` (length and prefix agree, e.g. Derby's 01332 has 6 more digits), plus
the short numbers people dial in the UK (111, 116 123) and Ofcom's ranges for drama, which
libphonenumber counts as not in use but examples and tests use on purpose.
"""

from __future__ import annotations

import functools
import re

import phonenumbers
from phonenumbers import NumberParseException, shortnumberinfo

UK_COUNTRY_CODE = 44
# Characters a phone number may be typed with: digits, spaces, brackets, hyphens and one
# leading +. Letters (a vanity "0800 FLOWERS") are not allowed.
_TYPED_PHONE = re.compile(r"^\+?[0-9 ()-]+$")
# Ofcom's numbers reserved for TV, radio and film (national significant numbers, each
# followed by three more digits): 0113 496 0xxx ... 01632 960xxx, 07700 900xxx.
OFCOM_DRAMA_PREFIXES = (
    "1134960",
    "1144960",
    "1154960",
    "1164960",
    "1174960",
    "1184960",
    "1214960",
    "1314960",
    "1414960",
    "1514960",
    "1614960",
    "1914980",
    "2079460",
    "2896496",
    "2920180",
    "1632960",
    "7700900",
    "8081570",
    "9098790",
    "3069990",
)


# A pure function of the text, and parsing a number costs more than validating the rest
# of a listing: an authority's activities mostly give their hub's few numbers.
@functools.lru_cache(maxsize=4096)
def phone_problem(typed: str) -> str | None:
    """Why `typed` is not a UK phone number a family could dial, or None when it is one.

    The reason is a short phrase for a message, such as "it has too few digits".
    """
    if not _TYPED_PHONE.fullmatch(typed):
        return "only digits, spaces, brackets, - and a leading + belong in one"
    try:
        number = phonenumbers.parse(typed, "GB")
    except NumberParseException:
        return "it has too few digits"
    if number.country_code != UK_COUNTRY_CODE:
        return f"+{number.country_code} is not the UK's code, +44"
    national = str(number.national_number)
    if (
        phonenumbers.is_valid_number(number)
        or shortnumberinfo.is_valid_short_number_for_region(number, "GB")
        or (len(national) == 10 and national.startswith(OFCOM_DRAMA_PREFIXES))
    ):
        return None
    # Besides short numbers and 0800 1111, UK numbers have 9 or 10 digits after the 0.
    if len(national) > 10:
        return "it has too many digits"
    if len(national) < 9:
        return "it has too few digits"
    return "a digit is missing or extra for numbers starting this way"


@functools.lru_cache(maxsize=4096)
def dial_uri(typed: str) -> str:
    """A `tel:` URI (RFC 3966) for a number `phone_problem` accepts: the E.164 form
    (`+44 (0)1632 960300` -> `tel:+441632960300`; dropping only the spaces would dial
    +440...), or a short number's digits (`tel:111`)."""
    number = phonenumbers.parse(typed, "GB")
    national = str(number.national_number)
    if shortnumberinfo.is_valid_short_number_for_region(number, "GB") and len(national) < 9:
        return f"tel:{national}"
    return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
