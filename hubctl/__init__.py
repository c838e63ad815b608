"""hubctl: validate, check coverage of and publish England's Family Hub listings.

The library API (the CLI is a thin layer over these):

    from hubctl import coverage, publish, validate
    report = validate("listings")
    for diagnostic in report.diagnostics: ...
    for unit in coverage("listings").units: print(unit.summary_line())
    changes = diff_revisions("listings", "main")   # what the working tree changes
    imported = import_oruk("services.json", "derby")  # Open Referral UK into listings/

Each name is imported from its module on first use (PEP 562), so `import hubctl` and a
command that needs only part of the library do not pay for the rest at start-up.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Where each public name lives.
_EXPORTS = {
    "CoverageReport": "hubctl.offer_coverage",
    "Diagnostic": "hubctl.diagnostics",
    "InvalidListingsError": "hubctl.validation",
    "ListingDiff": "hubctl.listing_diff",
    "Listings": "hubctl.listings",
    "PublishError": "hubctl.publishing",
    "Taxonomy": "hubctl.taxonomy",
    "TaxonomyError": "hubctl.taxonomy_source",
    "UnknownFilterError": "hubctl.offer_coverage",
    "UnsafeOutputError": "hubctl.publishing",
    "ValidationReport": "hubctl.validation",
    "compute_coverage": "hubctl.offer_coverage",
    "coverage": "hubctl.offer_coverage",
    "diff_revisions": "hubctl.listing_diff",
    "list_listings": "hubctl.listing_query",
    "load_listings": "hubctl.listings",
    "load_taxonomy": "hubctl.taxonomy",
    "import_oruk": "hubctl.oruk_import",
    "new_listing": "hubctl.scaffold",
    "publish": "hubctl.publishing",
    "validate": "hubctl.validation",
}

__all__ = [
    "CoverageReport",
    "Diagnostic",
    "InvalidListingsError",
    "ListingDiff",
    "Listings",
    "PublishError",
    "Taxonomy",
    "TaxonomyError",
    "UnknownFilterError",
    "UnsafeOutputError",
    "ValidationReport",
    "__version__",
    "compute_coverage",
    "coverage",
    "diff_revisions",
    "import_oruk",
    "list_listings",
    "load_listings",
    "load_taxonomy",
    "new_listing",
    "publish",
    "validate",
]

if TYPE_CHECKING:
    from hubctl.diagnostics import Diagnostic
    from hubctl.listing_diff import ListingDiff, diff_revisions
    from hubctl.listing_query import list_listings
    from hubctl.listings import Listings, load_listings
    from hubctl.offer_coverage import (
        CoverageReport,
        UnknownFilterError,
        compute_coverage,
        coverage,
    )
    from hubctl.publishing import PublishError, UnsafeOutputError, publish
    from hubctl.scaffold import new_listing
    from hubctl.taxonomy import Taxonomy, load_taxonomy
    from hubctl.taxonomy_source import TaxonomyError
    from hubctl.validation import InvalidListingsError, ValidationReport, validate


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'hubctl' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next lookup is an ordinary one
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
