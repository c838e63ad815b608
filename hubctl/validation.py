"""`validate`: read a tree, check every file and the links between them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from hubctl.checks import check_listings
from hubctl.diagnostics import Diagnostic, has_errors, limit_per_file
from hubctl.errors import HubctlError
from hubctl.listings import Listings, load_listings
from hubctl.parallel_reading import SERIAL_READING, ReadOptions
from hubctl.register_checks import check_registers
from hubctl.resources import requirement_profile_ids
from hubctl.taxonomy_source import TaxonomySource, read_taxonomy_source

if TYPE_CHECKING:
    from hubctl.taxonomy import Taxonomy


@dataclass
class ValidationReport:
    """The loaded listings and every diagnostic, sorted by file, line and column."""

    listings: Listings
    diagnostics: list[Diagnostic]
    registers_checked: int = 0  # expectations registers (not listings) read and checked

    @property
    def files_checked(self) -> int:
        """Every file checked: the listings (the invalid ones too) and the registers."""
        return len(self.listings.sources) + self.registers_checked

    @property
    def errors(self) -> list[Diagnostic]:
        """The diagnostics that are errors."""
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        """The diagnostics that are warnings."""
        return [d for d in self.diagnostics if d.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not has_errors(self.diagnostics)


class InvalidListingsError(HubctlError):
    """The listings have errors, so a command that needs valid data stopped (exit 1)."""

    def __init__(self, report: ValidationReport, consequence: str = "nothing was done") -> None:
        count = len(report.errors)
        super().__init__(
            f"{count} error{'s' if count != 1 else ''} in the listings; {consequence}",
            report.diagnostics,
        )
        self.report = report


def validate(
    root: Path | str = "listings",
    *,
    taxonomy: Taxonomy | TaxonomySource | None = None,
    paths: Sequence[Path | str] = (),
    today: date | None = None,
    reading: ReadOptions = SERIAL_READING,
    requirements_dir: Path | None = None,
) -> ValidationReport:
    """Run every check of docs/format.md and the README over the tree at `root`.

    `paths` (files or folders) limit which diagnostics are reported; references
    still resolve against the whole tree. `today` sets the date for freshness
    warnings (default: the system date). `reading` sets the worker processes, the
    cache and the progress listener (`ReadOptions`); the report is the same whatever
    it says. `taxonomy` (default: the shipped one) may be parsed or a file's bytes
    (`read_taxonomy_source`): then a run from the cache parses it only if the cache has
    no record of it. `requirements_dir` is the folder of requirement profiles a coverage
    policy may name (default: the shipped one). Raises TaxonomyError only when the
    taxonomy itself is unusable.
    """
    taxonomy = taxonomy or read_taxonomy_source()
    today = today or date.today()
    listings = load_listings(root, reading=reading, today=today, taxonomy=taxonomy)
    reading.progress.start("checking", 1)
    profiles = requirement_profile_ids(requirements_dir)
    # First: the policies' waivers are judged by the areas of the profiles these parse.
    registers = check_registers(
        Path(root), listings, taxonomy, today, requirements_dir, profiles, reading.cache_dir
    )
    diagnostics = listings.diagnostics + check_listings(
        listings, taxonomy, today, profiles, registers.profile_areas
    )
    diagnostics += registers.diagnostics
    reading.progress.advance()
    if paths:
        diagnostics = [d for d in diagnostics if _is_within(d.path, paths)]
    return ValidationReport(listings, limit_per_file(sorted(set(diagnostics))), registers.registers)


def _is_within(diagnostic_path: str, paths: Sequence[Path | str]) -> bool:
    target = Path(diagnostic_path).resolve()
    for given in paths:
        limit = Path(given).resolve()
        if target == limit or limit in target.parents:
            return True
    return False
