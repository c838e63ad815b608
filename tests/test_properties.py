"""Properties that must hold for any input a pull request can bring (hypothesis).

1. Any bytes, and any YAML-shaped text, as a listing file: validating never raises,
   every report format renders (JSON and SARIF parse, every format encodes as
   UTF-8), and every diagnostic about the file points at a line inside it.
2. Listings generated from the models' own fields, with hostile text, dates and
   numbers mixed in: either validate rejects them, or publish writes every feed,
   each feed reads back with its standard's parser, and feed.json read back into
   the models equals what was loaded ("whatever validate accepts, publish publishes").

Examples are bounded so the suite stays fast; the fuzz target in fuzz/ explores
the reader for longer (`make fuzz`).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

from conftest import feed_listing_fields
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from hubctl import publish, validate
from hubctl.models import Activity, Hub
from hubctl.reporters import RENDERERS

TREE = Path(__file__).parent / "fixtures" / "tree"
TODAY = date(2026, 11, 23)
ACTIVITY_FILE = "testshire/activities/prop-activity.yaml"
HUB_ID = "testshire-hub"
PROPERTY_SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _fresh_tree(base: Path) -> Path:
    """A copy of the valid tree in `base`/listings, replacing any earlier copy."""
    tree = base / "listings"
    if tree.exists():
        shutil.rmtree(tree)
    shutil.copytree(TREE, tree)
    return tree


def _line_count(raw: bytes) -> int:
    """Lines as an editor counts them: LF ends a line, a lone CR does too (old Mac files)."""
    text = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return text.count(b"\n") + 1


def _check_reports_and_positions(tree: Path, raw: bytes) -> None:
    report = validate(tree, today=TODAY)
    target = (tree / ACTIVITY_FILE).as_posix()
    for diagnostic in report.diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1, diagnostic
        if diagnostic.path == target:
            assert diagnostic.line <= _line_count(raw), (diagnostic, raw[:200])
    for name, render in RENDERERS.items():
        rendered = render(report.diagnostics)
        rendered.encode("utf-8")  # no lone surrogates in any format
        if name in ("json", "sarif"):
            json.loads(rendered)


@PROPERTY_SETTINGS
@given(raw=st.binary(max_size=400))
def test_any_bytes_as_a_listing_never_crash_and_point_inside_the_file(
    raw: bytes, tmp_path: Path
) -> None:
    tree = _fresh_tree(tmp_path)
    (tree / ACTIVITY_FILE).write_bytes(raw)
    _check_reports_and_positions(tree, raw)


_KEYS = st.sampled_from(
    ["id", "name", "description", "status", "venues", "schedule", "age_range", "min", "max",
     "opens_at", "byday", "freq", "cost", "amount", "per", "x", "name ", "&a", "!tag", "- a",
     "? k", "*a", "<<", "'q'", '"d"', "[a]", "{b}", "#c", "%YAML"]
)  # fmt: skip
_SCALARS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        ["10:30", "yes", "no", "~", "null", "0x1F", "1e400", "0o17", "-.inf", ".nan",
         "2026-02-30", "9999-12-31", "!!python/object:os.system", "&x 1", "*x", "|", ">",
         "|-", ">+", "'", '"', "\\N", "\t", "\r", "\x85", "\u2028", "\ufeff", "\x00"]
    ),
    st.integers(),
    st.floats(allow_nan=True),
)  # fmt: skip
_INDENTS = st.sampled_from(["", " ", "  ", "\t", "    "])


@st.composite
def yaml_shaped_text(draw: st.DrawFn) -> bytes:
    """Lines that look like YAML: keys, values, list items, flow collections, comments."""
    lines = []
    for _ in range(draw(st.integers(min_value=0, max_value=12))):
        indent = draw(_INDENTS)
        shape = draw(st.integers(min_value=0, max_value=5))
        key, value = draw(_KEYS), draw(_SCALARS)
        if shape == 0:
            lines.append(f"{indent}{key}: {value}")
        elif shape == 1:
            lines.append(f"{indent}- {value}")
        elif shape == 2:
            lines.append(f"{indent}{key}: [{value}, {draw(_SCALARS)}]")
        elif shape == 3:
            lines.append(f"{indent}{key}: {{{key}: {value}}}")
        elif shape == 4:
            lines.append(f"{indent}{key}:")
        else:
            lines.append(f"{indent}# {value}")
    ending = draw(st.sampled_from(["\n", "\r\n", "\r", ""]))
    return ending.join(lines).encode("utf-8", errors="surrogatepass")


@PROPERTY_SETTINGS
@given(raw=yaml_shaped_text())
def test_yaml_shaped_text_never_crashes_and_points_inside_the_file(
    raw: bytes, tmp_path: Path
) -> None:
    tree = _fresh_tree(tmp_path)
    (tree / ACTIVITY_FILE).write_bytes(raw)
    _check_reports_and_positions(tree, raw)


# --- listings generated from the models ------------------------------------------------

_HOSTILE_TEXT = st.sampled_from(
    ["=HYPERLINK(\"https://evil.example\")", "+44 1632 960000", "-1sat", "@SUM(A1)", " =1+1",
     "\u00a0=1", "\ufeff=1", "\uff1d1+1", "Caffi Cymraeg â ŵ ŷ", "Zażółć gęślą jaźń", "🧸 play",
     "back\\Nslash", "semi;colon,comma", "line\nbreak", "cr\rhere", "tab\there", "nul\x00",
     "esc\x1b[2J", "bell\x07", "c1\x9b", "nel\x85", "ls\u2028", "<script>alert(1)</script>",
     "\n::add-mask::secret", "a" * 300, "", " "]
)  # fmt: skip


def mostly(usual: st.SearchStrategy[Any], odd: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """`usual` most of the time, `odd` now and then."""
    return st.one_of(*[usual] * 3, odd)


_PRINTABLE = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=30
)
# (what a valid listing may hold, what validate must refuse or publish must survive)
_TEXT = (_PRINTABLE, st.one_of(_HOSTILE_TEXT, st.text(max_size=20)))
_DATE = (
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)).map(date.isoformat),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
)
_TIME = (
    st.from_regex(r"\A(0[0-9]|1[0-9]|2[0-3]):[0-5][0-9]\Z"),
    st.sampled_from(["00:00", "23:59", "10:00\n", "24:00", "9:30", "10.00"]),
)
_URL = (
    st.sampled_from(["https://www.example.org/", "https://example.org/a?b=c&d=%20e#f;g,h"]),
    st.sampled_from(
        ["https://example.org\n", "https://example.org/<script>", 'https://example.org/"x',
         "https://example.org/\\N", "http://example.org/", "https://ex ample.org/"]
    ),
)  # fmt: skip
_AGE = (
    st.one_of(st.integers(min_value=0, max_value=25), st.sampled_from([0.5, 1.5, 24.99])),
    st.one_of(st.floats(min_value=-1, max_value=30), st.sampled_from([1e308, -0.0])),
)


def _some(choices: list[str], min_size: int = 1) -> tuple[st.SearchStrategy[list[str]], ...]:
    """Lists from `choices`: without repeats, and with (which validate must refuse)."""
    return (
        st.lists(st.sampled_from(choices), min_size=min_size, unique=True),
        st.lists(st.sampled_from(choices), min_size=min_size),
    )


class _Picker:
    """Draws a usual value, or in a hostile example now and then an odd one."""

    def __init__(self, draw: st.DrawFn, hostile: bool) -> None:
        self.draw, self.hostile = draw, hostile

    def __call__(self, kinds: tuple[st.SearchStrategy[Any], ...]) -> Any:
        usual, odd = kinds
        return self.draw(mostly(usual, odd) if self.hostile else usual)

    def maybe(self) -> bool:
        return self.draw(st.integers(0, 3)) == 0


def schedule_rule(pick: _Picker) -> dict[str, Any]:
    freq = pick.draw(st.sampled_from(["weekly", "monthly", "once"]))
    rule: dict[str, Any] = {"freq": freq}
    if freq == "weekly":
        rule["byday"] = pick(_some(["mon", "tue", "sat", "sun"]))
    elif freq == "monthly":
        rule["byday"] = pick(_some(["1tue", "-1fri", "5sat"]))
    else:
        rule["date"] = pick(_DATE)
    # Equal times are possible and must be refused (HUB107), never crash.
    rule["opens_at"], rule["closes_at"] = sorted([pick(_TIME), pick(_TIME)])
    for optional, kinds in (("valid_from", _DATE), ("valid_to", _DATE), ("note", _TEXT)):
        if pick.maybe():
            rule[optional] = pick(kinds)
    if pick.maybe():
        rule["term_time_only"] = pick.draw(st.booleans())
    return rule


@st.composite
def activity_fields(draw: st.DrawFn) -> dict[str, Any]:
    """An activity's fields: valid in shape, with hostile values in one example in three."""
    pick = _Picker(draw, hostile=draw(st.integers(0, 2)) == 0)
    fields: dict[str, Any] = {
        "id": "prop-activity",
        "name": pick(_TEXT),
        "description": pick(_TEXT),
        "status": draw(st.sampled_from(["running", "paused", "ended"])),
        "offer_areas": pick(_some(["infant-feeding", "money-advice", "youth"])),
        "venues": pick((st.just([HUB_ID]), st.lists(st.just(HUB_ID), max_size=2))),
        "audience": pick(_some(["parents", "dads", "children"])),
        "age_range": dict(zip(("min", "max"), sorted([pick(_AGE), pick(_AGE)]), strict=True)),
        "cost": draw(st.one_of(st.just("free"), st.just({"amount": pick(_AGE), "per": "course"}))),
        "booking": draw(st.sampled_from(["drop-in", "booking-required", "referral"])),
        "schedule": draw(st.sampled_from(["by-appointment", "rules"])),
        "last_reviewed": "2026-10-01",
    }
    if fields["schedule"] == "rules":
        fields["schedule"] = [schedule_rule(pick) for _ in range(draw(st.integers(1, 3)))]
    if pick.maybe():
        fields["online"] = {"url": pick(_URL)}
    if pick.maybe():
        fields["telephone"] = pick((st.just("01632 960000"), st.just("999")))
    if pick.maybe():
        fields["contact"] = {"website": pick(_URL), "email": "hubs@example.org"}
    for optional in ("valid_from", "valid_to"):
        if pick.maybe():
            fields[optional] = pick(_DATE)
    return fields


def _as_yaml(fields: dict[str, Any]) -> str:
    # JSON is YAML: every value written this way reads back exactly as generated.
    return "".join(
        f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in fields.items()
    )


def _read_back_every_view(dist: Path) -> None:
    for path in sorted(dist.rglob("*")):
        if path.suffix in (".json", ".geojson"):
            json.loads(path.read_bytes().decode("utf-8"))
        elif path.suffix == ".csv":
            rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))
            assert all(len(row) == len(rows[0]) for row in rows), path
        elif path.suffix == ".ics":
            calendar = Calendar.from_ical(path.read_bytes())
            for component in calendar.walk():
                # A forged line would add a component or property the feed never writes.
                assert component.name in (
                    "VCALENDAR",
                    "VTIMEZONE",
                    "STANDARD",
                    "DAYLIGHT",
                    "VEVENT",
                )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(fields=activity_fields())
def test_what_validate_accepts_publishes_and_reads_back_equal(
    fields: dict[str, Any], tmp_path: Path
) -> None:
    tree = _fresh_tree(tmp_path)
    (tree / ACTIVITY_FILE).write_text(_as_yaml(fields), encoding="utf-8", newline="\n")
    report = validate(tree, today=TODAY)
    event("published" if report.ok else f"rejected: {report.errors[0].code}")
    if not report.ok:
        return
    dist = tmp_path / "dist"
    if dist.exists():
        shutil.rmtree(dist)
    publish(tree, dist, today=TODAY)
    _read_back_every_view(dist)
    feed = json.loads((dist / "feed.json").read_text(encoding="utf-8"))
    # feed.json adds each listing's authority and splits venues; the rest is the listing.
    activities = [_listing(Activity, entry) for entry in feed["activities"]]
    assert activities == list(report.listings.activities)
    assert [_listing(Hub, entry) for entry in feed["hubs"]] == list(report.listings.hubs)


def _listing(model: Any, entry: dict[str, Any]) -> Any:
    return model.model_validate(feed_listing_fields(entry))
