"""The ages an activity, or a set of them, reaches, and whether they reach a
requirement's whole span.

Ages are years; a whole-number maximum runs to the day before the next birthday (a
`max: 2` activity takes two-year-olds), a fractional one stops there (`max: 1.5` ends
at 18 months). `antenatal` is pregnancy, not an age: `{min: 0, max: 0, antenatal: true}`
serves pregnancy only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from hubctl.field_types import AgeRange


@dataclass(frozen=True)
class AgeReach:
    """Pregnancy, and the ages as merged half-open spans [low, high) in years."""

    antenatal: bool
    spans: tuple[tuple[float, float], ...]

    def reaches(self, wanted: AgeReach) -> bool:
        """Whether every age (and pregnancy) `wanted` holds is reached here."""
        if wanted.antenatal and not self.antenatal:
            return False
        return all(
            any(low <= w_low and w_high <= high for low, high in self.spans)
            for w_low, w_high in wanted.spans
        )

    def overlaps(self, other: AgeReach) -> bool:
        """Whether any age (or pregnancy) is in both."""
        if self.antenatal and other.antenatal:
            return True
        return any(
            low < o_high and o_low < high
            for low, high in self.spans
            for o_low, o_high in other.spans
        )

    def missing(self, wanted: AgeReach) -> AgeReach:
        """What `wanted` holds that is not reached here."""
        gaps: list[tuple[float, float]] = []
        for w_low, w_high in wanted.spans:
            cursor = w_low
            for low, high in self.spans:
                if high <= cursor or low >= w_high:
                    continue
                if low > cursor:
                    gaps.append((cursor, low))
                cursor = max(cursor, high)
            if cursor < w_high:
                gaps.append((cursor, w_high))
        return AgeReach(wanted.antenatal and not self.antenatal, tuple(gaps))

    def label(self) -> str:
        """`antenatal, 0–5, 12–19` (an en dash), or `none`."""
        parts = ["antenatal"] if self.antenatal else []
        parts += [_span_label(low, high) for low, high in self.spans]
        return ", ".join(parts) or "none"

    def as_document(self) -> dict[str, object]:
        """`{"antenatal": bool, "spans": [{"min": years, "max": years}]}`, maxima inclusive
        as in listings."""
        return {
            "antenatal": self.antenatal,
            "spans": [{"min": low, "max": _inclusive(high)} for low, high in self.spans],
        }


NO_AGES = AgeReach(False, ())


def age_reach(ages: AgeRange) -> AgeReach:
    """The ages one age range reaches."""
    if ages.antenatal and ages.max == 0 and ages.min == 0:
        return AgeReach(True, ())
    high = ages.max + 1 if float(ages.max).is_integer() else ages.max
    return AgeReach(ages.antenatal, ((float(ages.min), float(high)),))


def union(reaches: Iterable[AgeReach]) -> AgeReach:
    """Every age any of `reaches` reaches, spans merged where they touch."""
    antenatal = False
    spans: list[tuple[float, float]] = []
    for reach in reaches:
        antenatal = antenatal or reach.antenatal
        spans.extend(reach.spans)
    merged: list[tuple[float, float]] = []
    for low, high in sorted(spans):
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return AgeReach(antenatal, tuple(merged))


def _span_label(low: float, high: float) -> str:
    """`0–5`, or `5` for the one year of five-year-olds; a fractional end as it is (`0–1.5`
    runs to 18 months)."""
    last = _inclusive(high)
    if last == low and float(high).is_integer():
        return _years(low)
    return f"{_years(low)}–{_years(last)}"


def _inclusive(high: float) -> float:
    return high - 1 if float(high).is_integer() else high


def _years(value: float) -> str:
    return f"{value:g}"
