"""One listing file on its own: bytes -> a model (or None) and the file's own diagnostics.

What one file gives depends only on its bytes, its kind and its path, never on other
files, so files can be checked in any order, in worker processes, or taken from the
cache (hubctl.listing_cache). The checks across files live in `checks`.
"""

from __future__ import annotations

from typing import Any

import yaml
from pydantic import ValidationError

from hubctl.diagnostics import Diagnostic, diagnostic, quoted
from hubctl.field_hints import MissingFieldHints
from hubctl.file_outcome import NO_HINT_SETTINGS, FileOutcome, HintSettings
from hubctl.listing_facts import facts_of
from hubctl.model_errors import diagnostics_from_validation_error
from hubctl.models import BOOLEAN_FIELDS, DATE_FIELDS, MODEL_BY_KIND
from hubctl.placeholders import placeholder_problems
from hubctl.reading import Document, Hazard, ReadResult, read_yaml_bytes
from hubctl.taxonomy import as_taxonomy


def check_listing_bytes(raw: bytes, kind: str, display_path: str) -> list[Diagnostic]:
    """What one file's bytes give on their own as a listing of `kind`: reading, schema
    and quoting diagnostics, without the checks across files. Never raises for bad content.
    """
    return list(check_bytes(raw, kind, display_path).diagnostics)


def check_bytes(
    raw: bytes, kind: str, display_path: str, hints: HintSettings = NO_HINT_SETTINGS
) -> FileOutcome:
    """The `FileOutcome` of one file's bytes read as a listing of `kind`; never raises."""
    return outcome_of_read(read_yaml_bytes(raw, display_path), kind, display_path, hints)


def outcome_of_read(
    read: ReadResult, kind: str, display_path: str, hints: HintSettings = NO_HINT_SETTINGS
) -> FileOutcome:
    """The model (None if invalid) and every diagnostic of a file that has been read."""
    listing, problems = _check_read(read, kind, display_path, hints)
    if listing is not None:
        problems += _placeholder_warnings(listing, read.text or "", display_path, hints)
        return FileOutcome(listing, tuple(problems), facts=facts_of(listing))
    return FileOutcome(None, tuple(problems), _raw_venues(read.data), _raw_id(read.data))


def _check_read(
    read: ReadResult, kind: str, display_path: str, hints: HintSettings
) -> tuple[Any, list[Diagnostic]]:
    problems = read.diagnostics + hazard_warnings(read.hazards, display_path)
    if read.data is None:
        return None, problems
    try:
        listing = MODEL_BY_KIND[kind].model_validate(read.data)
    except ValidationError as error:
        document = Document(read.text or "")
        # Only a failing file pays for the examples its messages may show.
        examples = MissingFieldHints(kind, display_path, hints.today, hints.taxonomy)
        errors = diagnostics_from_validation_error(
            error, read.data, document, display_path, examples.example
        )
        # An error on a line says enough; a quoting warning there would only distract.
        error_lines = {d.line for d in errors}
        return None, [d for d in problems if d.line not in error_lines] + errors
    return listing, problems


def _placeholder_warnings(
    listing: Any, text: str, display_path: str, hints: HintSettings
) -> list[Diagnostic]:
    found = placeholder_problems(listing, as_taxonomy(hints.taxonomy))
    if not found:
        return []
    document = Document(text)
    return [
        diagnostic(display_path, *document.position(path), "HUB405", message)
        for path, message in found
    ]


def _raw_venues(data: dict[str, Any] | None) -> frozenset[str]:
    venues = (data or {}).get("venues")
    if not isinstance(venues, list):
        return frozenset()
    return frozenset(v for v in venues if isinstance(v, str))


def _raw_id(data: dict[str, Any] | None) -> str | None:
    site_id = (data or {}).get("id")
    return site_id if isinstance(site_id, str) else None


def hazard_warnings(hazards: list[Hazard], display_path: str) -> list[Diagnostic]:
    """HUB011 warnings for plain values that YAML 1.1 tools would read differently."""
    warnings = []
    for hazard in hazards:
        field_name = next((p for p in reversed(hazard.path) if isinstance(p, str)), "")
        if hazard.yaml11_type == "timestamp" and field_name in DATE_FIELDS:
            continue  # a date where a date is wanted reads the same everywhere
        if hazard.yaml11_type == "bool" and field_name in BOOLEAN_FIELDS:
            word = "true" if hazard.value.lower() in ("yes", "on", "y") else "false"
            message = (
                f"{field_name}: {hazard.value} means {word} here, but only true and false "
                f"are booleans in every YAML tool; write {word}"
            )
        else:
            message = (
                f"{hazard.value} is read as text here, but other YAML tools read it as "
                f'{_yaml11_reading(hazard)}; write "{hazard.value}" in quotes'
            )
            if len(hazard.value) > 40:  # a long value: name it once, briefly
                message = (
                    f"{quoted(hazard.value)} is read as text here, but other YAML tools read "
                    f"it as {_yaml11_reading(hazard)}; put it in double quotes"
                )
        warnings.append(diagnostic(display_path, hazard.line, hazard.column, "HUB011", message))
    return warnings


def _yaml11_reading(hazard: Hazard) -> str:
    if hazard.yaml11_type == "bool":
        return "a yes/no value"
    if hazard.yaml11_type == "timestamp":
        return "a date"
    if hazard.yaml11_type == "null":
        return "empty (null)"
    try:
        number: Any = yaml.safe_load(hazard.value)
        if isinstance(number, str):  # leading zero: YAML 1.2 tools drop it
            number = int(hazard.value.lstrip("+"))
        shown = str(number)
    except (ValueError, yaml.YAMLError):  # beyond Python's digit limits
        return "a number"
    return f"the number {shown}" if len(shown) <= 40 else "a number"
