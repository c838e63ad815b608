"""JSON Schemas (2020-12) generated from the pydantic models, for editors and peers."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from hubctl.errors import HubctlError
from hubctl.feeds.assurance_feed import assurance_schema
from hubctl.feeds.feed_json import Feed
from hubctl.field_types import OFFER_AREA_MARK
from hubctl.models import MODEL_BY_KIND
from hubctl.profile_models import ExpectationsRegister
from hubctl.requirement_profiles import RequirementProfile
from hubctl.taxonomy import Taxonomy, load_taxonomy

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def listing_schema(kind: str, taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    """The JSON Schema of one listing kind (authority, hub, branch or activity).

    Offer-area ids get an `enum` of `taxonomy`'s ids (default: the shipped taxonomy),
    so an editor flags a mistyped area while it is typed.
    """
    taxonomy = taxonomy or load_taxonomy()
    schema = MODEL_BY_KIND[kind].model_json_schema(mode="validation")
    _fill_offer_areas(schema, [area.id for area in taxonomy.areas])
    return {"$schema": JSON_SCHEMA_DIALECT, "$id": f"{kind}.schema.json", **schema}


def feed_schema() -> dict[str, Any]:
    """The JSON Schema of the published feed.json, generated from `feeds.feed_json.Feed`.

    Its offer-area ids stay open: the feed carries its own `offer_areas`.
    """
    schema = Feed.model_json_schema(mode="validation")
    _fill_offer_areas(schema, None)
    return {"$schema": JSON_SCHEMA_DIALECT, "$id": "feed.schema.json", **schema}


def _fill_offer_areas(node: Any, area_ids: list[str] | None) -> None:
    """Replace the models' offer-area marks with `enum: area_ids` (or drop them: None)."""
    if isinstance(node, dict):
        if node.pop(OFFER_AREA_MARK, False) and area_ids is not None:
            node["enum"] = area_ids
        for value in node.values():
            _fill_offer_areas(value, area_ids)
    elif isinstance(node, list):
        for value in node:
            _fill_offer_areas(value, area_ids)


def render_schema(schema: dict[str, Any]) -> str:
    """Schema text exactly as written to disk: two-space indent, newline at the end."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def generated_schemas(taxonomy: Taxonomy | None = None) -> dict[str, str]:
    """File name -> text for every schema `hubctl schema` writes (offer areas from
    `taxonomy`, default the shipped one)."""
    schemas = {
        f"{kind}.schema.json": render_schema(listing_schema(kind, taxonomy))
        for kind in MODEL_BY_KIND
    }
    schemas["feed.schema.json"] = render_schema(feed_schema())
    schemas["assurance.schema.json"] = render_schema(assurance_schema())
    schemas["expectations.schema.json"] = render_schema(
        _model_schema(ExpectationsRegister, "expectations.schema.json", taxonomy)
    )
    schemas["requirements.schema.json"] = render_schema(
        _model_schema(RequirementProfile, "requirements.schema.json", taxonomy)
    )
    return schemas


def _model_schema(model: type[BaseModel], name: str, taxonomy: Taxonomy | None) -> dict[str, Any]:
    """The JSON Schema of a file that is not a listing: an expectations register
    (listings/<authority>/expectations.yaml) or a requirement profile."""
    taxonomy = taxonomy or load_taxonomy()
    schema = model.model_json_schema(mode="validation")
    _fill_offer_areas(schema, [area.id for area in taxonomy.areas])
    return {"$schema": JSON_SCHEMA_DIALECT, "$id": name, **schema}


class SchemaFolderError(HubctlError):
    """The schema folder cannot be read or written (exit 1, with the system's reason)."""


def write_schemas(folder: Path, taxonomy: Taxonomy | None = None) -> list[Path]:
    """Write every generated schema into `folder` (offer areas from `taxonomy`); return
    the paths written.

    Raises SchemaFolderError when `folder` is a file or a file cannot be written.
    """
    try:
        if folder.exists() and not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name, text in generated_schemas(taxonomy).items():
            path = folder / name
            path.write_text(text, encoding="utf-8", newline="\n")
            written.append(path)
    except OSError as error:
        raise SchemaFolderError(
            f"cannot write the schemas in {folder.as_posix()} ({error.strerror or error}); "
            "check --dir"
        ) from error
    return written


def stale_schemas(folder: Path, taxonomy: Taxonomy | None = None) -> list[str]:
    """Names of the schema files in `folder` that are missing or differ from the models
    (and from `taxonomy`'s offer areas).

    A file that is not UTF-8, or is not a file, is stale. Raises SchemaFolderError
    when `folder` is missing or not a folder, or a file cannot be read.
    """
    stale = []
    try:
        if not folder.is_dir():
            code = errno.ENOTDIR if folder.exists() else errno.ENOENT
            raise OSError(code, os.strerror(code), str(folder))
        for name, text in generated_schemas(taxonomy).items():
            path = folder / name
            if not path.is_file() or path.read_bytes() != text.encode("utf-8"):
                stale.append(name)
    except OSError as error:
        raise SchemaFolderError(
            f"cannot read the schemas in {folder.as_posix()} ({error.strerror or error}); "
            "check --dir, or run 'hubctl schema' to write them"
        ) from error
    return stale
