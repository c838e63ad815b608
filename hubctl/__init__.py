"""hubctl: validate, check coverage of and publish England's Family Hub listings.

The library API (the CLI is a thin layer over these):

    from hubctl import load_listings, validate
    report = validate("listings")
    for diagnostic in report.diagnostics: ...
"""

from __future__ import annotations

__version__ = "0.1.0"

from hubctl.diagnostics import Diagnostic  # noqa: E402
from hubctl.listings import Listings, load_listings  # noqa: E402
from hubctl.publish import PublishError, publish  # noqa: E402
from hubctl.taxonomy import Taxonomy, TaxonomyError, load_taxonomy  # noqa: E402
from hubctl.validation import ValidationReport, validate  # noqa: E402

__all__ = [
    "Diagnostic",
    "Listings",
    "PublishError",
    "Taxonomy",
    "TaxonomyError",
    "ValidationReport",
    "__version__",
    "load_listings",
    "load_taxonomy",
    "publish",
    "validate",
]
