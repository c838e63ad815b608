"""datapackage.json: a Frictionless Tabular Data Package describing the CSV files.

Built from the same column specs as the CSV files (`csv_columns.csv_tables`), so a
column cannot be added, renamed or retyped in one without the other. No licence
is claimed: the listings' licence is the publishing authority's to state.
"""

from __future__ import annotations

import json
from typing import Any

from hubctl.feeds import FeedFile, whole_file
from hubctl.feeds.csv_columns import csv_tables
from hubctl.feeds.csv_spec import LIST_SEPARATOR, Column, Table
from hubctl.spreadsheet import FORMULA_RULE
from hubctl.taxonomy import Taxonomy

PACKAGE_NAME = "family-hub-listings"
# Table Schema's default time format needs seconds; the listings have HH:MM.
TIME_FORMAT = "%H:%M"
CSV_DIALECT = {
    "delimiter": ",",
    "lineTerminator": "\r\n",
    "quoteChar": '"',
    "doubleQuote": True,
    "header": True,
}


def render_datapackage(taxonomy: Taxonomy) -> FeedFile:
    """datapackage.json for the CSV files of `render_csv_tables` with the same `taxonomy`.

    Returns a FeedFile whose records is the number of resources (one per CSV file).
    The JSON is deterministic: two-space indent, keys in a fixed order, non-ASCII
    characters kept, a newline at the end.
    """
    package = build_datapackage(taxonomy)
    content = (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return whole_file("datapackage.json", content, len(package["resources"]))


def build_datapackage(taxonomy: Taxonomy) -> dict[str, Any]:
    """The Data Package descriptor as plain JSON values."""
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "Family Hub listings",
        "description": (
            "England's Family Hub listings as CSV: authorities, hubs, branches, activities "
            f"and their sessions. Lists inside a cell are joined with '{LIST_SEPARATOR}'. "
            + FORMULA_RULE
        ),
        "resources": [_resource(table) for table in csv_tables(taxonomy)],
    }


def _resource(table: Table) -> dict[str, Any]:
    return {
        "profile": "tabular-data-resource",
        "name": table.name,
        "path": table.path,
        "description": f"{table.description} {FORMULA_RULE}",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": CSV_DIALECT,
        "schema": {
            "fields": [_field(column) for column in table.columns],
            "missingValues": [""],
            "primaryKey": [table.primary_key],
            "foreignKeys": [
                {"fields": [column], "reference": {"resource": resource, "fields": [field]}}
                for column, resource, field in table.foreign_keys
            ],
        },
    }


def _field(column: Column) -> dict[str, Any]:
    field: dict[str, Any] = {"name": column.name, "type": column.type}
    if column.type == "time":
        field["format"] = TIME_FORMAT
    field["description"] = column.description
    if column.type == "boolean":
        field["trueValues"] = ["true"]
        field["falseValues"] = ["false"]
    constraints = {
        "required": column.required or None,
        "pattern": column.pattern,
        "enum": list(column.enum) if column.enum else None,
        "minimum": column.minimum,
        "maximum": column.maximum,
    }
    present = {name: value for name, value in constraints.items() if value is not None}
    if present:
        field["constraints"] = present
    return field
