"""Making a mapped listing valid for its model, noting every value changed on the way.

The mapping puts each source value where it belongs, as it is; the listing models then
say which values a listing cannot take (an http:// address, a US postcode, a latitude
of 100). `settle` validates, and for each refused value:
- a required field that `hubctl new` writes a placeholder for (an address line, the
  postcode, a description, an ONS code, a website, an online url) gets that placeholder,
  so `validate` warns about it at its line (HUB405) until the steward writes the real
  value; noted for review;
- an optional value, or an entry of a list, is left out; noted as not kept;
- an activity reachable nowhere gets the placeholder online url (HUB405 again);
- anything else (a name the models refuse) skips the record, noted.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from hubctl.file_reading import DocPath
from hubctl.model_errors import validation_messages
from hubctl.models import MODEL_BY_KIND, Online, _parts
from hubctl.oruk_import.notes import RecordNotes
from hubctl.starter_templates import starter_for, starter_models
from hubctl.starter_values import StarterContext

# Each fix removes or replaces one value, so a record is settled in at most this many.
_MAX_FIXES = 500
# What a required list that lost its last entry becomes, and why it needs review.
_EMPTIED: dict[str, tuple[Any, str]] = {
    "schedule": ("by-appointment", "no schedule rule could be written"),
    "audience": (["families"], "no audience could be read"),
}


def settle(
    kind: str, fields: dict[str, Any], notes: RecordNotes, context: StarterContext
) -> dict[str, Any] | None:
    """`fields` changed until the `kind` model takes them, as the model holds them (in its
    field order, postcodes normalised), or None (noted as skipped)."""
    model = MODEL_BY_KIND[kind]
    for _ in range(_MAX_FIXES):
        try:
            listing = model.model_validate(fields)
        except ValidationError as error:
            path, code, message = validation_messages(error, fields)[0]
            if not _fix(model, fields, path, code, message, notes, context):
                notes.skipped(f"not written: {message}")
                return None
        else:
            # As the model holds it: fields in its order, postcodes normalised (DE1 2FS).
            settled: dict[str, Any] = listing.model_dump(mode="json", exclude_unset=True)
            return _without_empty_objects(settled)
    notes.skipped("not written: too many of its values are refused")
    return None


def _without_empty_objects(fields: dict[str, Any]) -> dict[str, Any]:
    """`fields` less optional objects left with nothing in them (a contact whose only
    value was refused), which YAML would read back as null."""
    kept: dict[str, Any] = {}
    for key, value in fields.items():
        if isinstance(value, dict):
            value = _without_empty_objects(value)
            if not value:
                continue
        kept[key] = value
    return kept


def placeholder(model: type[BaseModel], name: str, context: StarterContext) -> Any:
    """The placeholder `hubctl new` writes for a field (HUB405 flags it), or None."""
    try:
        starter = starter_for(model, name)
    except KeyError:
        return None
    if not starter.placeholder:
        return None
    return starter.value(context) if callable(starter.value) else starter.value


def _fix(
    model: type[BaseModel],
    fields: dict[str, Any],
    path: DocPath,
    code: str,
    message: str,
    notes: RecordNotes,
    context: StarterContext,
) -> bool:
    if code == "HUB110":  # nowhere to attend: an online url to fill in
        url = placeholder(Online, "url", context)
        fields["online"] = {"url": url}
        notes.review("online.url", f"written as the placeholder '{url}' to replace: {message}")
        return True
    for depth in range(len(path), 0, -1):
        parent, key = value_at(fields, path[: depth - 1]), path[depth - 1]
        where = _dotted(path[:depth])
        if isinstance(parent, list) and isinstance(key, int) and key < len(parent):
            del parent[key]
            notes.not_kept(where, f"left out: {message}")
            if not parent and path[0] in _EMPTIED and depth == 2:
                value, why = _EMPTIED[str(path[0])]
                fields[str(path[0])] = value
                notes.review(str(path[0]), f"written as {value!r}: {why}")
            return True
        if not isinstance(parent, dict) or not isinstance(key, str):
            continue
        owner = _model_at(model, path[: depth - 1])
        if owner is None or key not in owner.model_fields:
            parent.pop(key, None)
            notes.not_kept(where, f"left out: {message}")
            return True
        value = (
            placeholder(owner, key, context) if _required_all_along(model, path[:depth]) else None
        )
        if value is not None and parent.get(key) != value:
            parent[key] = value
            notes.review(where, f"written as the placeholder '{value}' to replace: {message}")
            return True
        if not owner.model_fields[key].is_required() and key in parent:
            del parent[key]
            notes.not_kept(where, f"left out: {message}")
            return True
    return False


def _required_all_along(model: type[BaseModel], path: DocPath) -> bool:
    """Whether every field on `path` is required: only then is a placeholder needed (an
    optional value the models refuse is better left out)."""
    for depth, key in enumerate(path):
        if isinstance(key, int):
            continue
        owner = _model_at(model, path[:depth])
        if owner is None or key not in owner.model_fields:
            return False
        if not owner.model_fields[key].is_required():
            return False
    return True


def value_at(fields: dict[str, Any], path: DocPath) -> Any:
    """The value at `path` in `fields`, or None when there is none (fields hold no None)."""
    node: Any = fields
    for key in path:
        in_list = isinstance(node, list) and isinstance(key, int) and key < len(node)
        if not in_list and not (isinstance(node, dict) and key in node):
            return None
        node = node[key]
    return node


def _model_at(model: type[BaseModel], path: DocPath) -> type[BaseModel] | None:
    """The model whose fields the object at `path` (below a `model` listing) holds."""
    current: type[BaseModel] | None = model
    for key in path:
        if isinstance(key, int):
            continue
        if current is None or key not in current.model_fields:
            return None
        nested = [m for m in starter_models(current)[1:] if _holds(current, key, m)]
        current = nested[0] if nested else None
    return current


def _holds(model: type[BaseModel], name: str, nested: type[BaseModel]) -> bool:
    info = model.model_fields[name]
    return nested in _parts((info.annotation, *info.metadata))


def _dotted(path: DocPath) -> str:
    text = ""
    for key in path:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else key)
    return text
