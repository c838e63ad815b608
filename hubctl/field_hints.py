"""What a message suggests for a missing field: the value `hubctl new` writes there.

The examples come from `hubctl.starter_values`, so a message and a starter file never
disagree about what a field looks like.
"""

from __future__ import annotations

from datetime import date
from pathlib import PurePosixPath

from pydantic import BaseModel

from hubctl.models import MODEL_BY_KIND
from hubctl.starter_templates import placeholder_name, starter_for, yaml_value
from hubctl.starter_values import NESTED, NOTHING, StarterContext
from hubctl.taxonomy import Taxonomy, as_taxonomy
from hubctl.taxonomy_source import TaxonomySource


class MissingFieldHints:
    """The example `field: value` for a field missing at the top level of one file."""

    def __init__(
        self,
        kind: str,
        display_path: str,
        today: date | None,
        taxonomy: Taxonomy | TaxonomySource | None,
    ) -> None:
        self.model: type[BaseModel] = MODEL_BY_KIND[kind]
        path = PurePosixPath(display_path)
        # The id the file's place gives it: an authority's folder, else the file's name.
        self.listing_id = path.parent.name if kind == "authority" else path.stem
        self.today = today
        self.taxonomy = taxonomy

    def example(self, field_name: str) -> str | None:
        """`field: value` to add for the missing `field_name`, or None for a compound
        field (its shape is shown instead) or a field with no starter."""
        try:
            starter = starter_for(self.model, field_name)
        except KeyError:
            return None
        if starter.hint:
            return f"{field_name}: {starter.hint}"
        value = starter.value
        if callable(value):
            # Only a missing field pays for the taxonomy a starter may read.
            context = StarterContext(
                self.listing_id,
                placeholder_name(self.listing_id),
                self.today or date.today(),
                as_taxonomy(self.taxonomy),
            )
            value = value(context)
        if value is NOTHING or value is NESTED or (isinstance(value, list) and NESTED in value):
            return None
        return f"{field_name}: {yaml_value(value)}"
