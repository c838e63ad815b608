"""The schemas `hubctl verify` checks JSON files against, all shipped inside hubctl.

Never the folder's own copies (a tampered folder could ship a lax schema) and never the
network: the feed's schema is generated from the models (`hubctl.schemas.feed_schema`),
and the Open Referral UK schemas are the files in hubctl/standards/oruk (see SOURCE.md
there), each served under the address the Open Referral UK OpenAPI description uses.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ORUK_FOLDER = Path(__file__).resolve().parent.parent / "standards" / "oruk"
UK_PROFILE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
OPENAPI_URL = UK_PROFILE + "openapi.json"
# The compiled schemas shipped; openapi.json names the taxonomy ones under schema/ and the
# others under schema/compiled/, so each is served at both addresses.
ORUK_SCHEMA_FILES = (
    "service.json",
    "service_list.json",
    "service_at_location.json",
    "service_at_location_list.json",
    "taxonomy.json",
    "taxonomy_term.json",
)
# A page's fields (openapi.json's `Page`). The OpenAPI description marks none required;
# hubctl publishes them all, and a page without `contents` would pass any check.
PAGE_FIELDS = (
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
)


@functools.cache
def oruk_registry() -> Registry[Any]:
    """Every shipped Open Referral UK document, by the addresses that refer to them."""
    resources: list[tuple[str, Resource[Any]]] = []
    for name in ORUK_SCHEMA_FILES:
        schema = json.loads((ORUK_FOLDER / name).read_text(encoding="utf-8"))
        resource = Resource.from_contents(schema, default_specification=DRAFT202012)
        resources += [(f"{UK_PROFILE}compiled/{name}", resource), (f"{UK_PROFILE}{name}", resource)]
    openapi = json.loads((ORUK_FOLDER / "openapi.json").read_text(encoding="utf-8"))
    # An OpenAPI document is not a JSON Schema, but its schemas are found by JSON Pointer.
    resources.append((OPENAPI_URL, DRAFT202012.create_resource(openapi)))
    return Registry().with_resources(resources)


def oruk_schema(name: str) -> dict[str, Any]:
    """A schema that is the shipped compiled Open Referral UK schema `name` (service.json)."""
    return {"$ref": f"{UK_PROFILE}compiled/{name}"}


def oruk_endpoint(path: str) -> dict[str, Any]:
    """A schema that is what the Open Referral UK API returns for `path` (`/services/{id}`),
    as its OpenAPI description says."""
    escaped = path.replace("~", "~0").replace("/", "~1")
    # A JSON Pointer in a URI fragment: `{` and `}` are not URI characters.
    escaped = escaped.replace("{", "%7B").replace("}", "%7D")
    return {
        "$ref": f"{OPENAPI_URL}#/paths/{escaped}/get/responses/200/content/application~1json/schema"
    }


def oruk_taxonomy_schema(name: str) -> dict[str, Any]:
    """A schema that is the shipped `name` (taxonomy.json) at the address openapi.json uses."""
    return {"$ref": f"{UK_PROFILE}{name}"}


def api_details() -> dict[str, Any]:
    """The `/` document as openapi.json describes it, with its three fields required (the
    validator reads `version` to choose its tests)."""
    return {**oruk_endpoint("/"), "required": ["version", "profile", "openapi_url"]}


def full_service_at_location() -> dict[str, Any]:
    """`/service_at_locations/{id}` as the UK profile's example has it: compiled
    service_at_location.json (the link, its location in full and its service in full),
    with the link's location and service required.

    openapi.json names compiled service.json itself for this response, which the
    profile's own example (service_at_location_full.json, with no `name` or `status`)
    and its compiled service_at_location.json contradict; those are the shape to publish
    and check.
    """
    return {
        "type": "object",
        "allOf": [oruk_schema("service_at_location.json")],
        "required": ["id", "location", "service"],
    }


def oruk_page(item: dict[str, Any]) -> dict[str, Any]:
    """A schema for one page (openapi.json's `Page`) whose `contents` are `item`s, with
    every page field required."""
    return {
        "type": "object",
        "allOf": [{"$ref": f"{OPENAPI_URL}#/components/schemas/Page"}],
        "required": [*PAGE_FIELDS, "contents"],
        "properties": {"contents": {"type": "array", "items": item}},
    }


def schema_validator(schema: dict[str, Any]) -> Draft202012Validator:
    """A draft 2020-12 validator of `schema` that checks formats (uri, date-time, uuid,
    email, date) and resolves Open Referral UK references from the shipped files only."""
    return Draft202012Validator(schema, registry=oruk_registry(), format_checker=format_checker())


@functools.cache
def format_checker() -> FormatChecker:
    """Draft 2020-12's format checks, each text's answer remembered.

    The `uri` check parses with a full RFC 3987 grammar (rfc3987-syntax, on lark): it
    was most of verify's time, and a feed repeats the same few thousand addresses.
    """
    checker = FormatChecker(())
    for name, (check, raises) in Draft202012Validator.FORMAT_CHECKER.checkers.items():
        checker.checkers[name] = (_remembered(check), raises)
    return checker


def _remembered(check: Callable[[object], bool]) -> Callable[[object], bool]:
    remembered = functools.lru_cache(maxsize=1 << 16)(check)

    def checked(instance: object) -> bool:
        # Only text: other values are unhashable (objects) or their own answer.
        return remembered(instance) if isinstance(instance, str) else check(instance)

    return checked
