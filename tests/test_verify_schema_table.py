"""The table of what `hubctl verify` checks each published file against, and the schemas
shipped for it (hubctl/standards/oruk): every published file has a row, every schema a
row or the coming Open Referral UK mirror names resolves offline."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from conftest import TRAPS

from hubctl.feed_verify.schema_table import FILE_RULES, rule_for
from hubctl.feed_verify.shipped_schemas import (
    ORUK_FOLDER,
    oruk_endpoint,
    oruk_page,
    oruk_schema,
    schema_validator,
)
from hubctl.publishing import generate_feed_files
from hubctl.taxonomy import load_taxonomy
from hubctl.validation import validate

TESTS_ORUK = Path(__file__).parent / "standards" / "oruk"
# The read endpoints of the Open Referral UK OpenAPI description, as the mirror serves them.
ENDPOINTS = [
    "/",
    "/services",
    "/services/{id}",
    "/taxonomies",
    "/taxonomies/{id}",
    "/taxonomy_terms",
    "/taxonomy_terms/{id}",
    "/service_at_locations",
    "/service_at_locations/{id}",
]


@pytest.mark.parametrize("tree", ["shipped", "traps"])
def test_every_published_file_has_a_row(tree: str, shipped_listings: Path) -> None:
    root = shipped_listings if tree == "shipped" else TRAPS
    listings = validate(root).listings
    files = generate_feed_files(
        listings, load_taxonomy(), None, datetime(2026, 1, 1, tzinfo=timezone.utc)
    )
    paths = [feed_file.path for feed_file in files] + ["manifest.json"]
    assert [path for path in paths if rule_for(path) is None] == []


def test_a_star_stands_for_one_part_of_a_path() -> None:
    assert rule_for("calendar/hub.ics") is not None
    assert rule_for("calendar/nested/hub.ics") is None
    assert rule_for("csvs/hubs.csv") is None
    assert rule_for("feed.json.bak") is None


def test_each_json_row_builds_a_validator() -> None:
    for rule in FILE_RULES:
        if rule.kind == "json":
            assert rule.schema is not None
            schema_validator(rule.schema()).check_schema(rule.schema())


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_open_referral_endpoint_resolves_from_the_shipped_files(endpoint: str) -> None:
    validator = schema_validator(oruk_endpoint(endpoint))
    # Resolving the references happens while validating: an unknown address would raise.
    wrong = {"contents": [{"id": 7}]} if not endpoint.endswith("}") else {"id": 7}
    if endpoint == "/":
        wrong = {"version": 3, "profile": 4}
    assert list(validator.iter_errors(wrong)) != []


def test_a_page_of_full_services_requires_its_fields() -> None:
    validator = schema_validator(oruk_page(oruk_schema("service.json")))
    errors = sorted(error.message for error in validator.iter_errors({"contents": []}))
    assert errors[0] == "'empty' is a required property"
    assert len(errors) == 7


def test_formats_are_checked_at_run_time() -> None:
    checker = schema_validator({}).format_checker
    assert checker is not None
    # Without rfc3339-validator and rfc3986-validator these two would pass anything.
    assert {"date-time", "uri", "uuid", "email", "date"} <= set(checker.checkers)


def test_the_tests_copies_of_open_referral_schemas_are_the_shipped_ones() -> None:
    shared = [path.name for path in TESTS_ORUK.glob("*.json") if (ORUK_FOLDER / path.name).exists()]
    assert shared, "the tests check the feeds against some of the same files"
    for name in shared:
        assert (TESTS_ORUK / name).read_bytes() == (ORUK_FOLDER / name).read_bytes(), name
    assert (TESTS_ORUK / "LICENSE").read_bytes() == (ORUK_FOLDER / "LICENSE").read_bytes()


def test_remembered_format_checks_give_the_same_answers_every_time() -> None:
    validator = schema_validator({"properties": {"url": {"type": "string", "format": "uri"}}})
    for _ in range(3):
        assert [e.message for e in validator.iter_errors({"url": "no scheme"})] == [
            "'no scheme' is not a 'uri'"
        ]
        assert list(validator.iter_errors({"url": "https://example.org/a b"})) != []
        assert list(validator.iter_errors({"url": "https://example.org/"})) == []
    # Not text: never remembered (an object is not hashable), still checked as before.
    assert list(validator.iter_errors({"url": {"a": 1}})) != []
