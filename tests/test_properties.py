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

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from hubctl import publish, validate
from hubctl.models import Activity, Hub
from hubctl.reporters import RENDERERS

TREE = Path(__file__).parent / "fixtures" / "tree"
TODAY = date(2026, 11, 23)
ACTIVITY_FILE = "testshire/activities/prop-activity.yaml"
HUB_ID = "testshire-central-hub"
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
_TEXT = st.one_of(_HOSTILE_TEXT, st.text(min_size=1, max_size=40))
_DATE = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
).map(date.isoformat)
_TIME = st.one_of(
    st.sampled_from(["00:00", "09:30", "10:00", "23:59", "10:00\n", "24:00", "9:30"]),
    st.from_regex(r"\A[0-2][0-9]:[0-5][0-9]\Z"),
)
_URL = st.sampled_from(
    ["https://www.example.org/", "https://example.org/a?b=c&d=%20e#f", "https://example.org\n",
     "https://example.org/<script>", 'https://example.org/"x', "https://example.org/\\N",
     "http://example.org/", "https://ex ample.org/"]
)  # fmt: skip
_NUMBER = st.one_of(
    st.integers(min_value=-2, max_value=30),
    st.floats(min_value=-1, max_value=30, allow_nan=False),
    st.sampled_from([0, 0.5, 1.5, 25, 1e308]),
)


@st.composite
def schedule_rule(draw: st.DrawFn) -> dict[str, Any]:
    freq = draw(st.sampled_from(["weekly", "monthly", "once"]))
    rule: dict[str, Any] = {"freq": freq}
    if freq == "weekly":
        rule["byday"] = draw(st.lists(st.sampled_from(["mon", "tue", "sat", "sun"]), min_size=1))
    elif freq == "monthly":
        rule["byday"] = draw(st.lists(st.sampled_from(["1tue", "-1fri", "5sat"]), min_size=1))
    else:
        rule["date"] = draw(_DATE)
    rule["opens_at"], rule["closes_at"] = sorted([draw(_TIME), draw(_TIME)])
    for optional, strategy in (
        ("valid_from", _DATE),
        ("valid_to", _DATE),
        ("note", _TEXT),
        ("term_time_only", st.booleans()),
    ):
        if draw(st.booleans()):
            rule[optional] = draw(strategy)
    return rule


@st.composite
def activity_fields(draw: st.DrawFn) -> dict[str, Any]:
    """An activity's fields, mostly valid in shape, with hostile values mixed in."""
    fields: dict[str, Any] = {
        "id": "prop-activity",
        "name": draw(_TEXT),
        "description": draw(_TEXT),
        "status": draw(st.sampled_from(["running", "paused", "ended"])),
        "offer_areas": draw(
            st.lists(st.sampled_from(["infant-feeding", "money-advice", "youth"]), min_size=1)
        ),
        "venues": draw(st.lists(st.just(HUB_ID), max_size=2)),
        "audience": draw(st.lists(st.sampled_from(["parents", "dads", "children"]), min_size=1)),
        "age_range": {"min": draw(_NUMBER), "max": draw(_NUMBER)},
        "cost": draw(
            st.one_of(
                st.just("free"),
                st.fixed_dictionaries(
                    {"amount": _NUMBER, "per": st.sampled_from(["session", "course"])}
                ),
            )
        ),
        "booking": draw(st.sampled_from(["drop-in", "booking-required", "referral"])),
        "schedule": draw(
            st.one_of(st.just("by-appointment"), st.lists(schedule_rule(), min_size=1, max_size=3))
        ),
        "last_reviewed": "2026-10-01",
    }
    if draw(st.booleans()):
        fields["online"] = {"url": draw(_URL)}
    if draw(st.booleans()):
        fields["telephone"] = draw(st.sampled_from(["01632 960000", "+44 1632 960001", "999"]))
    if draw(st.booleans()):
        fields["contact"] = {"website": draw(_URL), "email": draw(_TEXT)}
    if draw(st.booleans()):
        fields["valid_from"] = draw(_DATE)
    if draw(st.booleans()):
        fields["valid_to"] = draw(_DATE)
    return fields


def _as_yaml(fields: dict[str, Any]) -> str:
    # JSON is YAML: every value written this way reads back exactly as generated.
    return "".join(f"{key}: {json.dumps(value)}\n" for key, value in fields.items())


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
    if not report.ok:
        return
    dist = tmp_path / "dist"
    if dist.exists():
        shutil.rmtree(dist)
    publish(tree, dist, today=TODAY)
    _read_back_every_view(dist)
    feed = json.loads((dist / "feed.json").read_text(encoding="utf-8"))
    assert [Activity.model_validate(a) for a in feed["activities"]] == list(
        report.listings.activities
    )
    assert [Hub.model_validate(h) for h in feed["hubs"]] == list(report.listings.hubs)
