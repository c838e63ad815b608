"""HUB405: a placeholder that `hubctl new` or `hubctl import oruk` wrote, still in a listing.

The starter files validate as written, so a value only the steward knows (a postcode,
an address, an ONS code, a web address) stands in as a placeholder. Left in, it would be
published as if real (a calendar LOCATION "Street address, Town"), so each is warned
about at its line. Which values are placeholders is said once, in
`hubctl.starter_values` (`Starter.placeholder`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any, get_args

from pydantic import BaseModel

from hubctl.diagnostics import quoted
from hubctl.file_reading import DocPath
from hubctl.starter_templates import starter_for
from hubctl.starter_values import StarterContext

if TYPE_CHECKING:
    from hubctl.taxonomy import Taxonomy

# Placeholders are text fields whose values never depend on the date or the taxonomy
# (a test checks this), so a file's HUB405 warnings depend on the file alone: they are
# found with the file's own checks and kept in the cache with them.
_ANY_DAY = date(2000, 1, 1)


def placeholder_problems(listing: BaseModel, taxonomy: Taxonomy) -> list[tuple[DocPath, str]]:
    """(document path, HUB405 message) for each placeholder of `hubctl new` left in a
    valid listing, in field order."""
    context = StarterContext(
        getattr(listing, "id", ""), getattr(listing, "name", ""), _ANY_DAY, taxonomy
    )
    return [
        (
            path,
            f"{field_name} is still {quoted(value)}, a placeholder hubctl new or "
            f"hubctl import writes; replace it with {help_text[0].lower()}{help_text[1:]}",
        )
        for path, field_name, value, help_text in _placeholders_in(listing, (), context)
    ]


@cache
def _fields_to_visit(model_type: type[BaseModel]) -> tuple[str, ...]:
    """The fields of `model_type` that hold, or may hold within, a placeholder.

    Every listing is walked, so the walk skips what can never hold one (schedule rules,
    age ranges, costs): on a national tree that is most of the fields.
    """
    visit = []
    for name, field in model_type.model_fields.items():
        nested = _models_in(field.annotation)
        if any(_fields_to_visit(nested_type) for nested_type in nested):
            visit.append(name)
        elif not nested:
            try:
                if starter_for(model_type, name).placeholder:
                    visit.append(name)
            except KeyError:  # a field with no starter has no placeholder either
                continue
    return tuple(visit)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models an annotation names, inside lists, unions and Annotated."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for argument in get_args(annotation) for model in _models_in(argument)]


def _placeholders_in(
    model: BaseModel, at: DocPath, context: StarterContext
) -> Iterator[tuple[DocPath, str, str, str]]:
    """(path, dotted field name, value, what to write) of each placeholder left in `model`."""
    for name in _fields_to_visit(type(model)):
        value = getattr(model, name)
        path = (*at, name)
        if isinstance(value, BaseModel):
            yield from _placeholders_in(value, path, context)
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _placeholders_in(item, (*path, index), context)
        elif isinstance(value, str):
            starter = starter_for(type(model), name)
            if not starter.placeholder:
                continue
            # What the file had as its value, or as the example to uncomment.
            written = (starter.value, starter.example)
            if value in [shown(context) if callable(shown) else shown for shown in written]:
                dotted = ".".join(str(p) for p in path if isinstance(p, str))
                yield path, dotted, value, starter.help
