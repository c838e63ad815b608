"""`hubctl.oruk_import` as a library: schedules, taxonomy terms, costs and ages, slug ids,
and the property that no JSON a service could hold makes it fail or write an invalid tree."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CLI_TODAY, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hubctl import validate
from hubctl.errors import HubctlError
from hubctl.feeds.oruk import SELF_PACED, partner_description
from hubctl.oruk_import import import_oruk
from hubctl.oruk_import.ids import slugify
from hubctl.oruk_import.notes import ImportNotes, Note
from hubctl.oruk_import.schedules import read_schedules
from hubctl.oruk_import.terms import read_terms
from hubctl.oruk_import.values import SourceObject
from hubctl.taxonomy import load_taxonomy

TODAY = date(2026, 11, 23)


def _schedule(fields: dict[str, Any]) -> tuple[list[dict[str, Any]], list[Note], bool]:
    record = ImportNotes().record("service", "s", "S", "test")
    source = SourceObject({"schedules": [fields]}, "", record)
    found = read_schedules(source.objects("schedules"))
    return found.rules, record.notes, found.by_appointment


TIMES = {"opens_at": "10:00:00", "closes_at": "11:30"}


@pytest.mark.parametrize(
    ("schedule", "rule"),
    [
        (
            {"freq": "WEEKLY", "byday": "MO,TH", **TIMES},
            {"freq": "weekly", "byday": ["mon", "thu"], "opens_at": "10:00", "closes_at": "11:30"},
        ),
        (
            {"freq": "weekly", "byday": "tu", "interval": 1, "wkst": "MO", **TIMES},
            {"freq": "weekly", "byday": ["tue"], "opens_at": "10:00", "closes_at": "11:30"},
        ),
        (
            {"freq": "MONTHLY", "byday": "1TU,-1FR", **TIMES},
            {
                "freq": "monthly",
                "byday": ["1tue", "-1fri"],
                "opens_at": "10:00",
                "closes_at": "11:30",
            },
        ),
        (
            {"freq": "DAILY", **TIMES},
            {
                "freq": "weekly",
                "byday": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                "opens_at": "10:00",
                "closes_at": "11:30",
            },
        ),
        # How the publish writes a once rule: a weekly rule bounded to its one day.
        (
            {
                "freq": "WEEKLY",
                "byday": "WE",
                "dtstart": "2027-03-03",
                "valid_from": "2027-03-03",
                "valid_to": "2027-03-03",
                **TIMES,
            },
            {"freq": "once", "date": "2027-03-03", "opens_at": "10:00", "closes_at": "11:30"},
        ),
        (
            {
                "freq": "WEEKLY",
                "byday": "SA",
                "dtstart": "2027-01-02T10:00:00",
                "until": "2027-06-26",
                "notes": "Term time only. Not on bank holidays.",
                **TIMES,
            },
            {
                "freq": "weekly",
                "byday": ["sat"],
                "opens_at": "10:00",
                "closes_at": "11:30",
                "term_time_only": True,
                "valid_from": "2027-01-02",
                "valid_to": "2027-06-26",
                "note": "Not on bank holidays.",
            },
        ),
        # A description other than the publish's own is kept in the note.
        (
            {"freq": "WEEKLY", "byday": "FR", "description": "Fridays in the hall", **TIMES},
            {
                "freq": "weekly",
                "byday": ["fri"],
                "opens_at": "10:00",
                "closes_at": "11:30",
                "note": "Fridays in the hall",
            },
        ),
        (
            {
                "freq": "WEEKLY",
                "byday": "FR",
                "description": "Every Friday, 10:00 to 11:30",
                **TIMES,
            },
            {"freq": "weekly", "byday": ["fri"], "opens_at": "10:00", "closes_at": "11:30"},
        ),
    ],
)
def test_a_schedule_a_rule_can_say_becomes_that_rule(
    schedule: dict[str, Any], rule: dict[str, Any]
) -> None:
    rules, notes, _ = _schedule(schedule)
    assert rules == [rule]
    assert notes == []


@pytest.mark.parametrize(
    ("schedule", "why"),
    [
        (
            {"freq": "WEEKLY", "byday": "MO", "interval": 2, **TIMES},
            "it repeats every 2 periods; a rule repeats every one",
        ),
        (
            {"freq": "WEEKLY", "byday": "MO", "count": 6, **TIMES},
            "it is limited to a number of times (count '6')",
        ),
        (
            {"freq": "MONTHLY", "bymonthday": "15", **TIMES},
            "it is limited to days of the month (bymonthday '15')",
        ),
        (
            {"freq": "MONTHLY", "byday": "TU", **TIMES},
            "a monthly rule takes numbered weekdays (1TU, -1FR), and it has none or plain ones",
        ),
        (
            {"freq": "YEARLY", "byday": "MO", **TIMES},
            "a rule repeats weekly, monthly or once, not yearly",
        ),
        ({"freq": "WEEKLY", "byday": "MO", "opens_at": "10:00"}, "it has no closes_at"),
        (
            {"freq": "WEEKLY", "byday": "MO", "opens_at": "10am", "closes_at": "11:00"},
            "its opens_at '10am' is not a time",
        ),
        (
            {"freq": "WEEKLY", "byday": "Mondays", **TIMES},
            "its byday 'Mondays' is not a list of days like MO,TH or 1TU",
        ),
        (
            {"freq": "WEEKLY", "byday": "MO", "opens_at": "12:00", "closes_at": "09:00"},
            "closes_at 09:00 is not after opens_at 12:00; fix one of them",
        ),
        ({"description": "Ring us"}, "it has no frequency, days or date"),
    ],
)
def test_a_schedule_no_rule_can_say_is_noted_not_approximated(
    schedule: dict[str, Any], why: str
) -> None:
    rules, notes, _ = _schedule(schedule)
    assert rules == []
    assert notes == [Note("not kept", "schedules[0]", f"not written as a schedule rule: {why}")]


def test_by_appointment_gives_the_activity_its_dates_and_no_rule() -> None:
    rules, notes, by_appointment = _schedule(
        {"description": "By appointment", "valid_from": "2027-01-01", "attending_type": "x"}
    )
    assert rules == [] and by_appointment and notes == []


def test_self_paced_is_read_back_with_where_it_is_taken() -> None:
    record = ImportNotes().record("service", "s", "S", "test")
    link = "https://learn.example.org/course"
    schedule = {"description": SELF_PACED, "schedule_link": link, "valid_to": "2027-08-31"}
    source = SourceObject({"schedules": [schedule]}, "", record)
    found = read_schedules(source.objects("schedules"))
    assert (found.rules, found.word, found.link, found.valid_to) == (
        [],
        "self-paced",
        link,
        "2027-08-31",
    )
    assert not found.by_appointment and record.notes == []


def test_seconds_and_a_time_zone_are_noted() -> None:
    rules, notes, _ = _schedule(
        {"freq": "WEEKLY", "byday": "MO", "opens_at": "10:00:30", "closes_at": "11:00Z"}
    )
    assert rules[0]["opens_at"] == "10:00" and rules[0]["closes_at"] == "11:00"
    assert [note.field for note in notes] == ["schedules[0].opens_at", "schedules[0].closes_at"]


def _terms(*terms: dict[str, str]) -> tuple[Any, list[Note]]:
    record = ImportNotes().record("service", "s", "S", "test")
    source = SourceObject({"attributes": [{"taxonomy_term": t} for t in terms]}, "", record)
    return read_terms(source.objects("attributes"), load_taxonomy(), record), record.notes


def test_hubctl_vocabularies_map_back_exactly_and_their_dfe_categories_add_nothing() -> None:
    found, notes = _terms(
        {"taxonomy": "hubctl-offer-areas", "term": "housing", "name": "Housing support"},
        {"taxonomy": "dfe-family-hubs-service-directory", "term": "money", "name": "money"},
        {"taxonomy": "hubctl-audience", "term": "dads", "name": "Dads"},
        {"taxonomy": "hubctl-eligibility", "term": "antenatal", "name": "Antenatal"},
        {"taxonomy": "hubctl-booking", "term": "referral", "name": "By referral"},
        {"taxonomy": "hubctl-accessibility", "term": "hearing-loop", "name": "Hearing loop"},
    )
    assert found.offer_areas == ["housing"]  # not money-advice: money is housing's too
    assert (found.audience, found.booking, found.accessibility, found.antenatal) == (
        ["dads"],
        ["referral"],
        ["hearing-loop"],
        True,
    )
    assert notes == []


def test_other_terms_map_through_dfe_categories_ids_and_labels() -> None:
    found, notes = _terms(
        {"taxonomy": "DfE", "term": "", "name": "Infant feeding"},  # category infant-feeding
        {"taxonomy": "council", "name": "Stop Smoking"},  # area id stop-smoking
        {"taxonomy": "council", "name": "Holiday activities and food"},  # its label
        {"taxonomy": "DfE", "name": "Money"},  # money-advice and housing: the first, noted
        {"taxonomy": "council", "name": "Gardening"},
    )
    assert found.offer_areas == [
        "infant-feeding",
        "stop-smoking",
        "holiday-activities",
        "money-advice",
    ]
    assert notes == [
        Note(
            "review",
            "offer_areas",
            "the term 'Money' (category 'money') is read as money-advice; it is also a "
            "category of housing: check which the service covers",
        ),
        Note(
            "not kept",
            "attributes[4].taxonomy_term",
            "the term 'Gardening' of the vocabulary 'council' matches no offer area of the "
            "taxonomy (by a DfE category slug, an id or a label)",
        ),
    ]


def test_a_term_with_no_code_or_name_and_an_attribute_with_no_term_are_noted() -> None:
    record = ImportNotes().record("service", "s", "S", "test")
    source = SourceObject({"attributes": [{"value": "x"}]}, "", record)
    read_terms(source.objects("attributes"), load_taxonomy(), record)
    assert record.notes == [
        Note("not kept", "attributes[0].value", "'x' has no taxonomy term to say what it means")
    ]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Allenton Children's Centre", "allenton-childrens-centre"),
        ("Café Crème — Stay & Play!", "cafe-creme-stay-play"),
        ("  --  ", ""),
        ("الأسرة", ""),
        ("word " * 30, ("word-" * 16).rstrip("-")),
    ],
)
def test_slugs_follow_the_id_rule(name: str, slug: str) -> None:
    assert slugify(name) == slug
    assert len(slug) <= 80


# --- a DfE category under two parents ----------------------------------------------------------


def _dfe_term(term_id: str, name: str, code: str, parent_id: str | None = None) -> dict[str, Any]:
    term = {"id": term_id, "name": name, "taxonomy": "DfE categories", "term": code}
    return term if parent_id is None else {**term, "parent_id": parent_id}


# DfE's parent categories, by the slugs of its service directory.
SEND_PARENT = _dfe_term(
    "t-send", "Special educational needs and disabilities (SEND) support", "send"
)
PREGNANCY_PARENT = _dfe_term("t-pregnancy", "Pregnancy, birth and early years", "pregnancy")
HEALTH_PARENT = _dfe_term("t-health", "Health", "health")
# What each service's early-years term is under, and what the import makes of it.
EARLY_YEARS_SERVICES = {
    "send-early-years-group": ("Early years support", "t-send", ["send-support"], "running"),
    "chatter-tots": (
        "Early years language and learning",
        "t-pregnancy",
        ["early-language"],
        "running",
    ),
    # Not told, or told as no parent the taxonomy names: no area, so the taxonomy's first, paused.
    "little-talkers": ("Early years", "t-missing", ["infant-feeding"], "paused"),
    "baby-steps": ("Early years", None, ["infant-feeding"], "paused"),
    "health-start": ("Early years", "t-health", ["infant-feeding"], "paused"),
}
# The report's note on each early-years term that maps to no area (markdown-escaped).
MEANS = "which means early-language under 'pregnancy' and send-support under 'send'"
EARLY_YEARS_NOTES = {
    "little-talkers": "- **not kept** attributes\\[0\\].taxonomy\\_term: the term 'Early years' of "
    f"the vocabulary 'DfE categories' is the category 'early-years', {MEANS}, and its parent "
    "cannot be told (its parent\\_id 't-missing' names no taxonomy term of the source); set the "
    "service's offer areas by hand",
    "baby-steps": "- **not kept** attributes\\[0\\].taxonomy\\_term: the term 'Early years' of the "
    f"vocabulary 'DfE categories' is the category 'early-years', {MEANS}, and its parent cannot "
    "be told (it has no parent\\_id); set the service's offer areas by hand",
    "health-start": "- **not kept** attributes\\[0\\].taxonomy\\_term: the term 'Early years' of "
    "the vocabulary 'DfE categories' is the category 'early-years' under 'Health', and the "
    "taxonomy has that category only as early-language under 'pregnancy' and send-support under "
    "'send': it matches no offer area",
}


def _early_years_services() -> list[dict[str, Any]]:
    services = []
    for number, (listing_id, (name, parent, _, _)) in enumerate(EARLY_YEARS_SERVICES.items()):
        term = _dfe_term(f"t-early-years-{number}", name, "early-years", parent)
        attributes = [{"taxonomy_term": term}]
        if parent == "t-pregnancy":  # a parent the service carries itself, as DfE tags do
            attributes.append({"taxonomy_term": PREGNANCY_PARENT})
        title = listing_id.replace("-", " ").title()
        services.append(
            {"id": f"s{number}", "name": title, "status": "active", "attributes": attributes}
        )
    return services


def _assert_early_years_read(out: Path) -> list[str]:
    """Each early-years service's areas and status as EARLY_YEARS_SERVICES says, and the
    report's notes on those that map to no area; the report's lines."""
    activities = out / "testshire" / "activities"
    for listing_id, (_, _, areas, status) in EARLY_YEARS_SERVICES.items():
        activity = yaml.safe_load((activities / f"{listing_id}.yaml").read_text(encoding="utf-8"))
        assert (activity["offer_areas"], activity["status"]) == (areas, status), listing_id
    lines = (out / "testshire" / "import-report.md").read_text(encoding="utf-8").splitlines()
    starts = [index for index, line in enumerate(lines) if line.startswith("## ")]
    sections = [
        lines[start:end] for start, end in zip(starts, [*starts[1:], len(lines)], strict=True)
    ]
    for listing_id, note in EARLY_YEARS_NOTES.items():
        (section,) = [
            s for s in sections if f"`testshire/activities/{listing_id}.yaml`: written." in s
        ]
        assert note in section
    return lines


def test_early_years_under_send_is_send_support_and_under_pregnancy_early_language(
    tmp_path: Path,
) -> None:
    # A JSON folder: the services, and a /taxonomy_terms page with the SEND and Health
    # parents (the pregnancy parent is carried by its service).
    source = tmp_path / "directory"
    source.mkdir()
    (source / "services.json").write_text(json.dumps(_early_years_services()), encoding="utf-8")
    page = {
        "total_items": 2,
        "total_pages": 1,
        "page_number": 1,
        "contents": [SEND_PARENT, HEALTH_PARENT],
    }
    (source / "taxonomy_terms.json").write_text(json.dumps(page), encoding="utf-8")
    out = tmp_path / "listings"
    result = run_cli(
        "import", "oruk", source, "--authority", "testshire", "--out", out, "--on", CLI_TODAY
    )
    assert result.exit_code == 0, result.stderr
    lines = _assert_early_years_read(out)
    assert (
        "- **not kept** 2 items are taxonomy terms, read only as the parents of services' terms"
        in lines
    )


def _write_table(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as table:
        writer = csv.writer(table)
        writer.writerow(columns)
        writer.writerows([row.get(column, "") for column in columns] for row in rows)


def test_csv_terms_find_their_parents_in_the_taxonomy_terms_table(tmp_path: Path) -> None:
    # Every term, parents too, is a row of taxonomy_terms.csv; attributes link the children.
    source = tmp_path / "tables"
    source.mkdir()
    services = _early_years_services()
    children = [service["attributes"][0]["taxonomy_term"] for service in services]
    _write_table(
        source / "taxonomy_terms.csv",
        ["id", "name", "description", "parent_id", "taxonomy", "term"],
        [SEND_PARENT, PREGNANCY_PARENT, HEALTH_PARENT, *children],
    )
    _write_table(source / "services.csv", ["id", "name", "status"], services)
    _write_table(
        source / "attributes.csv",
        ["id", "link_id", "link_entity", "taxonomy_term_id"],
        [
            {
                "id": f"a{number}",
                "link_id": service["id"],
                "link_entity": "service",
                "taxonomy_term_id": term["id"],
            }
            for number, (service, term) in enumerate(zip(services, children, strict=True))
        ],
    )
    out = tmp_path / "listings"
    result = run_cli(
        "import", "oruk", source, "--authority", "testshire", "--out", out, "--on", CLI_TODAY
    )
    assert result.exit_code == 0, result.stderr
    lines = _assert_early_years_read(out)
    # The parents' rows are read with their children's, so none is noted as left unread.
    assert not [line for line in lines if "belong to no service" in line]


# --- the whole import on made-up services -----------------------------------------------------


def _import(tmp_path: Path, services: list[Any]) -> tuple[Path, Any]:
    source = tmp_path / "services.json"
    source.write_text(json.dumps(services), encoding="utf-8")
    out = tmp_path / "listings"
    result = import_oruk(source, "testshire", out=out, today=TODAY)
    return out, result


def _activity(out: Path) -> dict[str, Any]:
    (path,) = (out / "testshire" / "activities").iterdir()
    loaded: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


def _service(**fields: Any) -> dict[str, Any]:
    return {"id": "s1", "name": "Baby Cafe", "status": "active", **fields}


@pytest.mark.parametrize(
    ("options", "cost"),
    [
        ([{"amount": 0, "amount_description": "Free"}], "free"),
        ([{"amount_description": "free"}], "free"),
        (
            [{"amount": "2.50", "amount_description": "per session"}],
            {"amount": 2.5, "per": "session"},
        ),
        ([{"amount": 40, "amount_description": "£40 a month"}], {"amount": 40, "per": "month"}),
        ([{"amount": 12, "amount_description": "whole course"}], {"amount": 12, "per": "course"}),
    ],
)
def test_the_first_cost_option_is_the_cost(
    tmp_path: Path, options: list[dict[str, Any]], cost: Any
) -> None:
    out, _ = _import(tmp_path, [_service(cost_options=options)])
    assert _activity(out)["cost"] == cost


def test_ages_are_kept_in_range_and_missing_ones_are_filled_for_review(tmp_path: Path) -> None:
    out, result = _import(tmp_path, [_service(minimum_age=-1, maximum_age="1.5")])
    assert _activity(out)["age_range"] == {"min": 0, "max": 1.5}
    record = next(r for r in result.notes.records if r.what == "service")
    assert (
        Note(
            "review",
            "age_range.min",
            "written as 0: minimum_age -1 is outside the 0 to 25 a listing takes",
        )
        in record.notes
    )


def test_a_self_paced_service_is_taken_at_its_schedule_link_or_is_by_appointment(
    tmp_path: Path,
) -> None:
    link = "https://learn.example.org/course"
    schedules = [{"description": "Self-paced", "schedule_link": link}]
    out, result = _import(tmp_path, [_service(schedules=schedules)])
    activity = _activity(out)
    assert (activity["schedule"], activity["online"], activity["venues"]) == (
        "self-paced",
        {"url": link},
        [],
    )
    record = next(r for r in result.notes.records if r.what == "service")
    assert Note("review", "schedules[0].description", "read as self-paced from 'Self-paced'") in (
        record.notes
    )
    # With nowhere to take it, it cannot be self-paced (HUB115): by appointment, reviewed.
    (tmp_path / "none").mkdir()
    out, result = _import(tmp_path / "none", [_service(schedules=[{"description": "Self paced"}])])
    assert _activity(out)["schedule"] == "by-appointment"
    record = next(r for r in result.notes.records if r.what == "service")
    assert any(n.kind == "review" and n.field == "schedule" for n in record.notes)


def test_another_organizations_service_is_delivered_by_it(tmp_path: Path) -> None:
    council = {"id": "o1", "name": "Testshire Council", "description": "The council."}
    trust = {
        "id": "o2",
        "name": "Testshire NHS Trust",
        "description": partner_description("Testshire NHS Trust", "nhs"),
        "website": "https://trust.example.org/",
    }
    charity = {"id": "o3", "name": "Bumps Together", "description": "A local charity."}
    area = [{"name": "Testshire Council area"}]
    services = [
        _service(id="s1", name="Council Cafe", organization=council),
        _service(id="s2", name="Trust Clinic", organization=trust, service_areas=area),
        _service(id="s3", name="Charity Group", organization=charity),
    ]
    out, result = _import(tmp_path, services)
    activities = {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in (out / "testshire" / "activities").iterdir()
    }
    assert "delivered_by" not in activities["council-cafe"]
    assert activities["trust-clinic"]["delivered_by"] == {
        "name": "Testshire NHS Trust",
        "type": "nhs",
        "website": "https://trust.example.org/",
    }
    assert activities["charity-group"]["delivered_by"] == {
        "name": "Bumps Together",
        "type": "other",
    }
    notes = {
        r.name: [(n.field, n.message) for n in r.notes if n.field in ("", "delivered_by.type")]
        for r in result.notes.records
        if r.what == "service"
    }
    # In the council's area, in the publish's words: nothing about who delivers it.
    assert notes["Trust Clinic"] == []
    assert notes["Charity Group"] == [
        ("", "provided by Bumps Together; listed under the authority, delivered by it"),
        (
            "delivered_by.type",
            "written as other: the source does not say what kind of organisation Bumps "
            "Together is (council, nhs, voluntary, school or private)",
        ),
    ]


def test_status_and_contacts_map_to_their_places(tmp_path: Path) -> None:
    service = _service(
        status="temporarily closed",
        email="cafe@example.org",
        url="https://cafe.example.org/",
        contacts=[
            {"name": "Telephone helpline", "phones": [{"number": "0800 11 11"}]},
            {"name": "Enquiries", "phones": [{"number": "'01332 640000", "type": "voice"}]},
        ],
        languages=[{"code": "en"}, {"code": "pl"}, {"name": "Polish"}],
    )
    out, _ = _import(tmp_path, [service])
    activity = _activity(out)
    assert activity["status"] == "paused"
    assert activity["telephone"] == "0800 11 11"
    assert activity["contact"] == {
        "phone": "01332 640000",
        "email": "cafe@example.org",
        "website": "https://cafe.example.org/",
    }
    assert activity["languages"] == ["en", "pl"]
    assert validate(out, today=TODAY).ok


# Any JSON value, nested a little: what a hostile or broken feed may put in any field.
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
SERVICE_KEYS = st.sampled_from(
    [
        "description",
        "status",
        "minimum_age",
        "maximum_age",
        "schedules",
        "cost_options",
        "service_at_locations",
        "contacts",
        "attributes",
        "languages",
        "organization",
        "url",
        "email",
        "assured_date",
        "phones",
    ]
)
# Values shaped like the real ones, so the mapping goes deep.
SHAPED = st.fixed_dictionaries(
    {},
    optional={
        "service_at_locations": st.lists(
            st.fixed_dictionaries(
                {
                    "location": st.dictionaries(
                        st.sampled_from(
                            [
                                "id",
                                "name",
                                "latitude",
                                "longitude",
                                "addresses",
                                "location_type",
                                "url",
                                "accessibility",
                            ]
                        ),
                        JSON_VALUES,
                        max_size=6,
                    )
                }
            ),
            max_size=2,
        ),
        "schedules": st.lists(
            st.dictionaries(
                st.sampled_from(
                    [
                        "freq",
                        "byday",
                        "opens_at",
                        "closes_at",
                        "valid_from",
                        "valid_to",
                        "interval",
                        "description",
                        "notes",
                    ]
                ),
                st.sampled_from(
                    [
                        "WEEKLY",
                        "MONTHLY",
                        "MO,TU",
                        "1TU",
                        "10:00",
                        "09:00",
                        "2027-01-01",
                        1,
                        2,
                        "By appointment",
                        "",
                        None,
                    ]
                )
                | JSON_VALUES,
                max_size=6,
            ),
            max_size=2,
        ),
        "attributes": st.lists(
            st.fixed_dictionaries(
                {
                    "taxonomy_term": st.dictionaries(
                        st.sampled_from(["id", "term", "name", "taxonomy", "parent_id"]),
                        st.sampled_from(["early-years", "send", "pregnancy", "t1", "t2", 1, ""])
                        | JSON_VALUES,
                        max_size=5,
                    )
                }
            ),
            max_size=3,
        ),
        "organization": st.dictionaries(
            st.sampled_from(["id", "name", "website", "email", "organization_identifiers"]),
            JSON_VALUES,
            max_size=4,
        ),
    },
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    extra=st.dictionaries(SERVICE_KEYS, JSON_VALUES, max_size=6),
    shaped=SHAPED,
    name=st.text(min_size=0, max_size=20),
)
def test_no_service_makes_the_import_fail_or_write_an_invalid_listing(
    tmp_path: Path, extra: dict[str, Any], shaped: dict[str, Any], name: str
) -> None:
    if (tmp_path / "listings").exists():
        shutil.rmtree(tmp_path / "listings")
    service = {"id": "s1", "name": name, "status": "active", **shaped, **extra}
    try:
        out, result = _import(tmp_path, [service])
    except HubctlError:
        return  # a one-line error (the CLI's exit 1 or 2), never a traceback
    result.report.encode("utf-8")
    report = validate(out, today=TODAY)
    assert report.ok, [d.message for d in report.errors]
