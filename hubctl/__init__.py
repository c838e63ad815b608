"""hubctl: validate, check coverage of and publish England's Family Hub listings.

The library API (the CLI is a thin layer over these):

    from hubctl import coverage, publish, validate
    report = validate("listings")
    for diagnostic in report.diagnostics: ...
    for unit in coverage("listings").units: print(unit.summary_line())
    changes = diff_revisions("listings", "main")   # what the working tree changes
    imported = import_oruk("services.json", "derby")  # Open Referral UK into listings/
"""

from __future__ import annotations

__version__ = "0.1.0"

from hubctl.diagnostics import Diagnostic
from hubctl.listing_diff import ListingDiff, diff_revisions
from hubctl.listing_query import list_listings
from hubctl.listings import Listings, load_listings
from hubctl.offer_coverage import CoverageReport, UnknownFilterError, compute_coverage, coverage
from hubctl.oruk_import import import_oruk
from hubctl.publishing import PublishError, UnsafeOutputError, publish
from hubctl.scaffold import new_listing
from hubctl.taxonomy import Taxonomy, TaxonomyError, load_taxonomy
from hubctl.validation import InvalidListingsError, ValidationReport, validate

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
