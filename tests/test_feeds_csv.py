"""CSV tables and their Data Package (SPEC §6), written to disk and read back.

The files are written the way publish writes them (each FeedFile's bytes at its
path under an output folder) and read with `csv.DictReader` and frictionless, for
the shipped listings and for the trap tree, tests/fixtures/traps/ (formula-like text,
+44 phones, Welsh and Polish text, online-only activities, monthly/once/bounded rules,
a by-appointment activity, a coverage policy; its README lists them).
"""

from __future__ import annotations

import csv
import json
import types
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import frictionless
import pytest
from conftest import TRAPS, feed_snapshot
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from hubctl.feeds import FeedFile
from hubctl.feeds.csv_columns import csv_tables
from hubctl.feeds.csv_writer import render_csv_tables
from hubctl.feeds.datapackage import render_datapackage
from hubctl.models import MODEL_BY_KIND, Activity, Hub
from hubctl.spreadsheet import FORMULA_RULE, escape_formula, is_formula_like
from hubctl.taxonomy import load_taxonomy
from hubctl.validation import validate

CSV_NAMES = ["authorities", "hubs", "branches", "activities", "sessions"]
SITE_TAIL = [
    "name",
    "status",
    "description",
    "address_line1",
    "address_line2",
    "address_town",
    "address_postcode",
    "lat",
    "lon",
    "opening_hours",
    "contact_phone",
    "contact_email",
    "contact_website",
    "accessibility",
    "languages",
    "last_reviewed",
]
HEADERS = {
    "authorities": [
        "id",
        "name",
        "ons_code",
        "website",
        "virtual_hub_url",
        "contact_phone",
        "contact_email",
        "contact_website",
        "coverage_extra_required",
        "coverage_waived",
        "coverage_profile",
        "coverage_requirements",
    ],
    "hubs": ["id", "authority", *SITE_TAIL],
    "branches": ["id", "authority", "hub", "site_type", *SITE_TAIL],
    "activities": [
        "id",
        "authority",
        "name",
        "description",
        "status",
        "offer_areas",
        "offer_area_labels",
        "venues",
        "closed_venues",
        "online_url",
        "telephone",
        "audience",
        "age_min",
        "age_max",
        "antenatal",
        "cost",
        "cost_amount",
        "cost_per",
        "booking",
        "schedule",
        "contact_phone",
        "contact_email",
        "contact_website",
        "languages",
        "accessibility",
        "valid_from",
        "valid_to",
        "last_reviewed",
        # Added at the end (feed 1.2.0), so the earlier columns keep their positions.
        "delivered_by_name",
        "delivered_by_type",
        "delivered_by_website",
    ],
    "sessions": [
        "session_id",
        "activity_id",
        "position",
        "freq",
        "byday",
        "date",
        "opens_at",
        "closes_at",
        "term_time_only",
        "valid_from",
        "valid_to",
        "note",
    ],
}


def build_files(root: Path, today: date) -> list[FeedFile]:
    """The CSV files and datapackage.json for the valid tree at `root`."""
    report = validate(root, today=today)
    assert report.ok, report.errors
    taxonomy = load_taxonomy()
    return [*render_csv_tables(report.listings, taxonomy), render_datapackage(taxonomy)]


def write_files(files: list[FeedFile], out: Path) -> Path:
    """Write each FeedFile's bytes at its path under `out`, as publish does."""
    for feed_file in files:
        target = out / feed_file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(feed_file.content)
    return out


def read_rows(out: Path, name: str) -> dict[str, dict[str, str]]:
    """csv/<name>.csv's rows keyed by their first cell (the id)."""
    with open(out / "csv" / f"{name}.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {next(iter(row.values())): row for row in rows}


def check_package(out: Path) -> frictionless.Report:
    """frictionless's report on out/datapackage.json (types, constraints, keys)."""
    report: frictionless.Report = frictionless.validate(str(out / "datapackage.json"))
    return report


def error_types(report: frictionless.Report) -> list[str]:
    return [error_type for (error_type,) in report.flatten(["type"])]


@pytest.fixture
def shipped_out(shipped_listings: Path, fixed_today: date, tmp_path: Path) -> Path:
    return write_files(build_files(shipped_listings, fixed_today), tmp_path / "dist")


@pytest.fixture
def trap_out(fixed_today: date, tmp_path: Path) -> Path:
    return write_files(build_files(TRAPS, fixed_today), tmp_path / "dist")


# ---- File shape ---------------------------------------------------------------------------


def test_files_come_in_spec_order_with_row_counts(
    shipped_listings: Path, fixed_today: date
) -> None:
    files = build_files(shipped_listings, fixed_today)
    assert [f.path for f in files] == [f"csv/{name}.csv" for name in CSV_NAMES] + [
        "datapackage.json"
    ]
    # 2 authorities, 11 hubs, 9 branches, 51 activities, 56 schedule rules; 5 resources.
    assert [f.records for f in files] == [2, 11, 9, 51, 56, 5]


@pytest.mark.parametrize("name", CSV_NAMES)
def test_header_rows_are_exact(shipped_out: Path, name: str) -> None:
    with open(shipped_out / "csv" / f"{name}.csv", encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == HEADERS[name]


def test_csv_bytes_are_utf8_without_bom_with_crlf_rows(
    shipped_listings: Path, fixed_today: date
) -> None:
    for feed_file in build_files(shipped_listings, fixed_today)[:5]:
        assert not feed_file.content.startswith(b"\xef\xbb\xbf")
        lines = feed_file.content.split(b"\r\n")
        # The shipped text has no line breaks, so every row is one CRLF-ended line.
        assert lines[-1] == b""
        assert len(lines) - 2 == feed_file.records
        assert all(b"\n" not in line for line in lines)


def test_output_is_byte_identical_for_identical_input(
    shipped_listings: Path, fixed_today: date
) -> None:
    first = build_files(shipped_listings, fixed_today)
    assert feed_snapshot(first) == feed_snapshot(build_files(shipped_listings, fixed_today))


# ---- Cells of the shipped listings --------------------------------------------------------


def test_authority_row(shipped_out: Path) -> None:
    assert read_rows(shipped_out, "authorities")["derby"] == {
        "id": "derby",
        "name": "Derby City Council",
        "ons_code": "E06000015",
        "website": "https://derby.example.org/family-hubs",
        "virtual_hub_url": "https://derby.example.org/family-hubs/online",
        "contact_phone": "01632 960100",
        "contact_email": "familyhubs.derby@example.org",
        "contact_website": "https://derby.example.org/family-hubs/contact",
        "coverage_extra_required": "healthy-growth",
        "coverage_waived": "",
        "coverage_profile": "dfe-2025-26",
        "coverage_requirements": "",
    }


def test_hub_row_with_opening_hours_note(shipped_out: Path) -> None:
    assert read_rows(shipped_out, "hubs")["becket-family-hub"] == {
        "id": "becket-family-hub",
        "authority": "derby",
        "name": "Becket Family Hub",
        "status": "open",
        "description": "Derby's city centre family hub, a short walk from the bus station, "
        "with a baby clinic room, a family room and a quiet space for feeding.",
        "address_line1": "14 Becket Street",
        "address_line2": "City Centre",
        "address_town": "Derby",
        "address_postcode": "DE1 1HT",
        "lat": "52.9213",
        "lon": "-1.4813",
        "opening_hours": "mon,tue,wed,thu,fri 09:00-17:00;"
        "sat 10:00-13:00 (Saturday mornings for working families)",
        "contact_phone": "01632 960101",
        "contact_email": "becket.familyhub@example.org",
        "contact_website": "https://derby.example.org/family-hubs/becket",
        "accessibility": "step-free-access;accessible-toilet;baby-changing;hearing-loop;"
        "pushchair-storage;quiet-space",
        "languages": "en",
        "last_reviewed": "2026-10-14",
    }


def test_branch_row_with_term_time_hours(shipped_out: Path) -> None:
    row = read_rows(shipped_out, "branches")["littleover-childrens-centre"]
    assert row == {
        **row,
        "authority": "derby",
        "hub": "normanton-family-hub",
        "site_type": "childrens-centre",
        "address_line2": "Littleover",
        "lat": "52.9061",
        "lon": "-1.5138",
        "opening_hours": "mon,tue,wed,thu 08:45-15:30 term-time only",
        "contact_website": "",
        "languages": "en",
    }


def test_activity_row_with_a_charge(shipped_out: Path) -> None:
    assert read_rows(shipped_out, "activities")["chaddesden-cook-and-eat"] == {
        "id": "chaddesden-cook-and-eat",
        "authority": "derby",
        "name": "Cook and Eat: Family Meals on a Budget",
        "description": "A six-week cookery course in the hub's teaching kitchen. Learn quick, "
        "healthy meals the whole family will eat, and take home what you cook.",
        "status": "running",
        "offer_areas": "healthy-growth;money-advice",
        "offer_area_labels": "Healthy growth, nutrition and oral health;"
        "Money, debt, benefits and cost of living",
        "venues": "chaddesden-family-hub",
        "closed_venues": "",
        "online_url": "",
        "telephone": "",
        "audience": "parents;carers",
        "age_min": "0",
        "age_max": "11",
        "antenatal": "false",
        "cost": "charge",
        "cost_amount": "2.5",
        "cost_per": "session",
        "booking": "booking-required",
        "schedule": "wed 12:30-14:30 term-time only",
        "contact_phone": "01632 960104",
        "contact_email": "",
        "contact_website": "",
        "languages": "en;pl",
        "accessibility": "step-free-access;accessible-toilet;parking",
        "valid_from": "",
        "valid_to": "",
        "last_reviewed": "2026-11-03",
        "delivered_by_name": "",  # the council runs it itself
        "delivered_by_type": "",
        "delivered_by_website": "",
    }


def test_free_telephone_and_online_activities(shipped_out: Path) -> None:
    activities = read_rows(shipped_out, "activities")
    advice_line = activities["leicester-family-hub-advice-line"]
    assert (advice_line["venues"], advice_line["telephone"], advice_line["online_url"]) == (
        "",
        "01632 960299",
        "",
    )
    assert (advice_line["cost"], advice_line["cost_amount"], advice_line["cost_per"]) == (
        "free",
        "",
        "",
    )
    online = activities["leicester-parents-together-online"]
    assert online["venues"] == ""
    assert online["online_url"] == (
        "https://www.example.org/leicester/virtual-family-hub/parents-together"
    )
    assert online["schedule"] == "wed 19:00-20:30 from 2027-01-06 to 2027-02-24"
    course = activities["derby-solihull-approach-online"]
    assert (course["venues"], course["schedule"], course["online_url"]) == (
        "",
        "self-paced",
        "https://derby.example.org/family-hubs/online/solihull",
    )


def test_session_rows_for_once_monthly_and_bounded_rules(shipped_out: Path) -> None:
    sessions = read_rows(shipped_out, "sessions")
    assert sessions["derby-dads-to-be-evening-2"] == {
        "session_id": "derby-dads-to-be-evening-2",
        "activity_id": "derby-dads-to-be-evening",
        "position": "2",
        "freq": "once",
        "byday": "",
        "date": "2027-05-12",
        "opens_at": "18:30",
        "closes_at": "20:30",
        "term_time_only": "false",
        "valid_from": "",
        "valid_to": "",
        "note": "",
    }
    monthly = sessions["mackworth-send-family-drop-in-1"]
    # byday is a code column (SPEC §6): -1fri is written as it is, never escaped.
    assert (monthly["freq"], monthly["byday"], monthly["note"]) == (
        "monthly",
        "-1fri",
        "Last Friday of the month",
    )
    autumn = sessions["becket-preparing-for-birth-1"]
    assert (autumn["valid_from"], autumn["valid_to"], autumn["note"]) == (
        "2026-11-05",
        "2026-11-26",
        "",
    )
    # Self-paced: no session at all.
    assert "derby-solihull-approach-online-1" not in sessions


def test_by_appointment_has_no_session_rows(shipped_out: Path) -> None:
    activity = read_rows(shipped_out, "activities")["derby-preparing-for-adulthood-clinic"]
    assert activity["schedule"] == "by-appointment"
    sessions = read_rows(shipped_out, "sessions").values()
    assert [s for s in sessions if s["activity_id"] == activity["id"]] == []


# ---- The trap tree ------------------------------------------------------------------------


def test_formula_like_text_gets_a_leading_quote(trap_out: Path) -> None:
    hub = read_rows(trap_out, "hubs")["closed-formula-hub"]
    assert hub["name"] == "'=SUM(A1)"
    assert hub["description"] == "'\tClosed for repairs until spring."
    assert hub["contact_phone"] == "'+44 1632 960011"
    activities = read_rows(trap_out, "activities")
    assert activities["at-cmd"]["name"] == "'@cmd"
    assert activities["at-cmd"]["telephone"] == "'+44 1632 960111"
    assert activities["five-things-by-appointment"]["name"] == "'-5 things to try at home"
    assert activities["five-things-by-appointment"]["contact_email"] == (
        "'-language@traptown.example.org"
    )
    authority = read_rows(trap_out, "authorities")["traptown"]
    assert authority["contact_phone"] == "'+44 1632 960001"
    note = read_rows(trap_out, "sessions")["at-cmd-2"]["note"]
    assert note == "'+1 extra session in the holidays"
    # Text that itself starts with ' gets one more, so dropping the first ' is exact.
    assert read_rows(trap_out, "branches")["canolfan-plant-wyn"]["address_line2"] == (
        "''r Hen Ysgol"
    )


@given(st.text())
def test_dropping_the_first_quote_undoes_the_escape(text: str) -> None:
    escaped = escape_formula(text)
    assert escaped.startswith("'") or not is_formula_like(escaped)
    assert (escaped[1:] if escaped.startswith("'") else escaped) == text


@pytest.mark.parametrize(
    "text",
    [
        " =1+1",
        '\u00a0=HYPERLINK("https://evil.example")',
        "\ufeff=1",
        "\u200b@SUM(A1)",
        "\n=1",
        "\t+1",
        "\r-1",
        "\uff1dcmd|' /C calc'!A0",
        "\uff0b44",
        "\uff0d1",
        "\uff20SUM(A1)",
        "  \u3000\uff1d1",
    ],
)
def test_formulas_behind_spaces_invisible_or_full_width_characters_are_escaped(text: str) -> None:
    assert escape_formula(text) == "'" + text


@pytest.mark.parametrize("text", ["Stay and play", "1 + 1 = 2", "Café = fun", " ", ""])
def test_ordinary_text_is_not_escaped(text: str) -> None:
    assert escape_formula(text) == text


def test_numbers_are_never_escaped(trap_out: Path) -> None:
    hub = read_rows(trap_out, "hubs")["closed-formula-hub"]
    assert (hub["lat"], hub["lon"]) == ("50.25", "-5.06")
    activity = read_rows(trap_out, "activities")["at-cmd"]
    assert (activity["age_min"], activity["age_max"], activity["cost_amount"]) == (
        "1.5",
        "11",
        "2.5",
    )


def test_opening_hours_keep_every_rule_field(trap_out: Path) -> None:
    hub = read_rows(trap_out, "hubs")["closed-formula-hub"]
    assert hub["opening_hours"] == (
        "'-1fri 09:30-12:00 (Last Friday of the month);"
        "mon,wed 08:45-15:30 term-time only from 2026-09-01 to 2027-07-20;"
        "2027-03-04 10:00-16:00"
    )
    assert hub["status"] == "temporarily-closed"
    assert hub["address_postcode"] == "TR1 3AB"  # normalised from tr1 3ab


def test_welsh_and_polish_text_round_trips(trap_out: Path) -> None:
    branch = read_rows(trap_out, "branches")["canolfan-plant-wyn"]
    assert branch["name"] == "Canolfan Plant Ŵyn"
    assert branch["description"] == "Croeso i bawb – dewch â'ch plant i chwarae."
    activity = read_rows(trap_out, "activities")["online-only-polish-group"]
    assert activity["name"] == "Zajęcia dla rodziców – Łódź"
    # A line break inside a cell is kept in a quoted cell (RFC 4180).
    assert activity["description"] == (
        "Spotkania online dla rodziców małych dzieci.\nZapisy nie są potrzebne."
    )
    raw = (trap_out / "csv" / "activities.csv").read_bytes()
    assert "Zajęcia dla rodziców – Łódź".encode() in raw


def test_online_only_activity(trap_out: Path) -> None:
    activity = read_rows(trap_out, "activities")["online-only-polish-group"]
    assert activity["venues"] == ""
    assert activity["online_url"] == "https://traptown.example.org/live/zajecia"
    assert (activity["valid_from"], activity["valid_to"]) == ("2026-09-01", "2027-07-31")
    assert activity["languages"] == "pl;en"


def test_monthly_and_once_rules_become_session_rows(trap_out: Path) -> None:
    sessions = read_rows(trap_out, "sessions")
    assert sessions["at-cmd-1"] == {
        "session_id": "at-cmd-1",
        "activity_id": "at-cmd",
        "position": "1",
        "freq": "monthly",
        "byday": "1tue;-1fri",
        "date": "",
        "opens_at": "10:00",
        "closes_at": "12:00",
        "term_time_only": "false",
        "valid_from": "2026-09-01",
        "valid_to": "2027-07-31",
        "note": "",
    }
    once = sessions["at-cmd-2"]
    assert (once["freq"], once["date"], once["term_time_only"]) == ("once", "2027-03-04", "true")
    assert read_rows(trap_out, "activities")["at-cmd"]["schedule"] == (
        "1tue,-1fri 10:00-12:00 from 2026-09-01 to 2027-07-31;"
        "2027-03-04 13:00-15:00 term-time only (+1 extra session in the holidays)"
    )


def test_trap_self_paced_course_has_its_word_and_no_session_rows(trap_out: Path) -> None:
    activity = read_rows(trap_out, "activities")["self-paced-online-course"]
    assert (activity["schedule"], activity["venues"], activity["online_url"]) == (
        "self-paced",
        "",
        "https://traptown.example.org/learn/understanding-your-baby",
    )
    session_owners = {s["activity_id"] for s in read_rows(trap_out, "sessions").values()}
    assert "self-paced-online-course" not in session_owners


def test_trap_by_appointment_and_coverage_policy(trap_out: Path) -> None:
    activity = read_rows(trap_out, "activities")["five-things-by-appointment"]
    assert (activity["schedule"], activity["booking"]) == ("by-appointment", "referral")
    session_owners = {s["activity_id"] for s in read_rows(trap_out, "sessions").values()}
    assert "five-things-by-appointment" not in session_owners
    authority = read_rows(trap_out, "authorities")["traptown"]
    assert authority["coverage_extra_required"] == "healthy-growth"
    assert authority["coverage_waived"] == (
        "midwifery: Provided by the NHS trust at the city hospital"
    )


# ---- Every model field has a column -------------------------------------------------------


def _alternatives(annotation: Any) -> tuple[list[type[BaseModel]], bool]:
    """The models an annotation can hold, and whether it can also hold a plain value."""
    origin = get_origin(annotation)
    if origin is Annotated or origin is list:
        return _alternatives(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        models: list[type[BaseModel]] = []
        plain = False
        for argument in get_args(annotation):
            if argument is not type(None):
                found, can_be_plain = _alternatives(argument)
                models += found
                plain = plain or can_be_plain
        return models, plain
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation], False
    return [], True


def field_paths(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Dotted paths of every value a model holds: `address.line1`, `cost` ("free") ..."""
    paths: set[str] = set()
    for name, info in model.model_fields.items():
        models, plain = _alternatives(info.annotation)
        if plain:
            paths.add(prefix + name)
        for nested in models:
            paths |= field_paths(nested, f"{prefix}{name}.")
    return paths


def test_field_paths_walks_nested_and_union_fields() -> None:
    # Guards the coverage test below against a walker that finds nothing.
    assert {"cost", "cost.amount", "schedule", "schedule.byday", "age_range.antenatal"} <= (
        field_paths(Activity)
    )
    assert {"address.line1", "location.lon", "opening_hours.note"} <= field_paths(Hub)
    assert "opening_hours" not in field_paths(Hub)


@pytest.mark.parametrize("kind", sorted(MODEL_BY_KIND))
def test_every_model_field_has_a_column(kind: str) -> None:
    tables = [table for table in csv_tables(load_taxonomy()) if table.kind == kind]
    covered = {path for table in tables for column in table.columns for path in column.covers}
    model_paths = field_paths(MODEL_BY_KIND[kind])
    assert model_paths - covered == set(), "model fields no CSV column carries"
    assert covered - model_paths == set(), "columns naming fields the model lacks"


# ---- datapackage.json ---------------------------------------------------------------------


def test_datapackage_describes_every_csv(shipped_out: Path) -> None:
    text = (shipped_out / "datapackage.json").read_text(encoding="utf-8")
    package = json.loads(text)
    assert text == json.dumps(package, indent=2, ensure_ascii=False) + "\n"
    assert "licenses" not in package
    resources = package["resources"]
    assert [(r["name"], r["path"]) for r in resources] == [
        (name, f"csv/{name}.csv") for name in CSV_NAMES
    ]
    for resource in resources:
        assert (resource["format"], resource["mediatype"], resource["encoding"]) == (
            "csv",
            "text/csv",
            "utf-8",
        )
        assert FORMULA_RULE in resource["description"]
        assert [f["name"] for f in resource["schema"]["fields"]] == HEADERS[resource["name"]]
    keys = {
        r["name"]: (
            r["schema"]["primaryKey"],
            [(fk["fields"], fk["reference"]) for fk in r["schema"]["foreignKeys"]],
        )
        for r in resources
    }
    authority = (["authority"], {"resource": "authorities", "fields": ["id"]})
    assert keys == {
        "authorities": (["id"], []),
        "hubs": (["id"], [authority]),
        "branches": (["id"], [authority, (["hub"], {"resource": "hubs", "fields": ["id"]})]),
        "activities": (["id"], [authority]),
        "sessions": (
            ["session_id"],
            [(["activity_id"], {"resource": "activities", "fields": ["id"]})],
        ),
    }


def test_datapackage_field_types(shipped_out: Path) -> None:
    package = json.loads((shipped_out / "datapackage.json").read_text(encoding="utf-8"))
    fields = {
        (resource["name"], field["name"]): field
        for resource in package["resources"]
        for field in resource["schema"]["fields"]
    }
    assert fields["sessions", "opens_at"]["type"] == "time"
    assert fields["sessions", "opens_at"]["format"] == "%H:%M"
    assert fields["sessions", "term_time_only"]["trueValues"] == ["true"]
    assert fields["sessions", "term_time_only"]["falseValues"] == ["false"]
    assert fields["activities", "last_reviewed"]["type"] == "date"
    assert fields["hubs", "lon"]["type"] == "number"
    assert fields["hubs", "lon"]["constraints"] == {"minimum": -8.7, "maximum": 1.8}
    assert fields["activities", "cost"]["constraints"] == {
        "required": True,
        "enum": ["free", "charge"],
    }


def test_frictionless_finds_the_shipped_package_valid(shipped_out: Path) -> None:
    report = check_package(shipped_out)
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])


def test_frictionless_finds_the_trap_package_valid(trap_out: Path) -> None:
    # Escaped cells ('+44 ..., '-1fri) must still pass their declared types and patterns.
    report = check_package(trap_out)
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "note"])


def replace_cell(out: Path, name: str, row_id: str, column: str, value: str) -> None:
    """Change one cell of a written CSV file, keeping its dialect."""
    path = out / "csv" / f"{name}.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    index = rows[0].index(column)
    changed = [row for row in rows[1:] if row[0] == row_id]
    assert len(changed) == 1
    changed[0][index] = value
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)


@pytest.mark.parametrize(
    ("name", "row_id", "column", "value", "error_type"),
    [
        # A session whose activity is missing: the foreign keys are real.
        ("sessions", "derby-dads-to-be-evening-1", "activity_id", "no-activity", "foreign-key"),
        ("branches", "darley-childrens-centre", "hub", "no-such-hub", "foreign-key"),
        ("hubs", "becket-family-hub", "authority", "nottingham", "foreign-key"),
        ("hubs", "becket-family-hub", "lon", "west", "type-error"),
        ("sessions", "derby-dads-to-be-evening-1", "opens_at", "6.30pm", "type-error"),
        ("sessions", "derby-dads-to-be-evening-1", "term_time_only", "yes", "type-error"),
        ("activities", "chaddesden-cook-and-eat", "cost", "gratis", "constraint-error"),
        ("activities", "chaddesden-cook-and-eat", "offer_areas", "infant", "constraint-error"),
        ("hubs", "becket-family-hub", "lat", "40.1", "constraint-error"),
    ],
)
def test_frictionless_catches_a_broken_cell(
    shipped_out: Path, name: str, row_id: str, column: str, value: str, error_type: str
) -> None:
    replace_cell(shipped_out, name, row_id, column, value)
    report = check_package(shipped_out)
    assert not report.valid
    assert error_types(report) == [error_type]
