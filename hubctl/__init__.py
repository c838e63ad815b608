"""hubctl: validate, check coverage of and publish England's Family Hub listings.

The library API (the CLI is a thin layer over these):

    from hubctl import load_listings, validate
    report = validate("listings")
    for diagnostic in report.diagnostics: ...
"""

from __future__ import annotations

__version__ = "0.1.0"

from hubctl.diagnostics import Diagnostic
from hubctl.listings import Listings, load_listings
from hubctl.publish import PublishError, UnsafeOutputError, publish
from hubctl.taxonomy import Taxonomy, TaxonomyError, load_taxonomy
from hubctl.validation import ValidationReport, validate

__all__ = [
    "Diagnostic",
    "Listings",
    "PublishError",
    "Taxonomy",
    "TaxonomyError",
    "UnsafeOutputError",
    "ValidationReport",
    "__version__",
    "load_listings",
    "load_taxonomy",
    "publish",
    "validate",
]
