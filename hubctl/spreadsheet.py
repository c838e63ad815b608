"""The one rule every CSV that hubctl writes follows so spreadsheets do not run text as formulas.

Used by the published CSV tables (`hubctl.feeds.csv_writer`, described in the Data
Package by `FORMULA_RULE`) and by `hubctl coverage --format csv`, so a reader undoes
the escape the same way in every file.
"""

from __future__ import annotations

import unicodedata

# Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@")
# Characters a spreadsheet may skip before a formula, or that hide what follows:
# white space (also no-break and other Unicode spaces), line breaks, a byte-order mark
# and zero-width characters.
_SKIPPED_BEFORE_FORMULA = (
    "".join(
        chr(point)
        for point in range(0x3000 + 1)
        if chr(point).isspace() or unicodedata.category(chr(point)) == "Cf"
    )
    + "\ufeff"
)
FORMULA_RULE = (
    "A text cell is written with a leading ' when a spreadsheet could run it as a formula: "
    "when it starts with =, +, -, @, a tab, a carriage return or a line feed, or with "
    "spaces or invisible characters (no-break space, byte-order mark, zero-width space) "
    "followed by one of =, +, -, @ or their full-width forms (＝, ＋, －, ＠). A phone "
    "number typed as +44 ... appears as '+44 ...; text that starts with ' gets one more. "
    "To get the value, drop the first ' of a text cell that starts with '. Number, date, "
    "time and boolean cells, and code columns such as byday (-1sat), are never changed "
    "(a negative longitude is -1.48)."
)


# First characters that decide at once that a text is no formula: printable ASCII but
# for space and ' = + - @ (none is skipped before a formula, and NFKC leaves ASCII as it
# is). Nearly every cell starts with one, so it never reaches the careful test.
NEVER_FORMULA_FIRST = frozenset(map(chr, range(0x21, 0x7F))) - frozenset("'=+-@")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could run `text` as a formula (or it starts with ')."""
    if text[:1] in NEVER_FORMULA_FIRST:
        return False
    if text.startswith(("\t", "\r", "\n", "'")):
        return True
    rest = text.lstrip(_SKIPPED_BEFORE_FORMULA)
    # NFKC makes the full-width ＝ (U+FF1D) and small ﹦ (U+FE66) an ordinary =.
    return bool(rest) and unicodedata.normalize("NFKC", rest[0]).startswith(FORMULA_TRIGGERS)


def escape_formula(text: str) -> str:
    """`text` with a leading `'` when a spreadsheet could run it as a formula.

    Text already starting with `'` gets one too, so the escape can always be undone
    by dropping the first `'`.
    """
    return "'" + text if is_formula_like(text) else text
