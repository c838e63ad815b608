"""The one rule every CSV that hubctl writes follows so spreadsheets do not run text as formulas.

Used by the published CSV tables (`hubctl.feeds.csv_tables`, described in the Data
Package by `FORMULA_RULE`) and by `hubctl coverage --format csv`, so a reader undoes
the escape the same way in every file.
"""

from __future__ import annotations

# Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Text that really starts with ' is escaped too, so that dropping the first ' of any
# text cell starting with ' gives the value back exactly (and spreadsheets, which
# hide a leading ', show the value as it is).
ESCAPED_STARTS = (*FORMULA_TRIGGERS, "'")
FORMULA_RULE = (
    "A text cell that would start with =, +, -, @, a tab or a carriage return is written "
    "with a leading ' so that spreadsheets do not run it as a formula (a phone number "
    "typed as +44 ... appears as '+44 ...); text that starts with ' gets one more. To get "
    "the value, drop the first ' of a text cell that starts with '. Number, date, time "
    "and boolean cells are never changed (a negative longitude is -1.48)."
)


def escape_formula(text: str) -> str:
    """`text` with a leading `'` when a spreadsheet would run it as a formula.

    Text already starting with `'` gets one too, so the escape can always be undone
    by dropping the first `'`.
    """
    return "'" + text if text.startswith(ESCAPED_STARTS) else text
