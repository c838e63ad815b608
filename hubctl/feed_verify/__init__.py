"""`hubctl verify`: an integrator's check of a feed folder downloaded from a publish.

    from hubctl.feed_verify import verify_feed
    report = verify_feed("dist")
    if not report.ok:
        for diagnostic in report.diagnostics: print(diagnostic.message)

Modules: `verifier` runs the checks; `schema_table` says what each published path is
checked against; `shipped_schemas` holds the schemas (never the folder's);
`untrusted_folder` walks and reads the folder; `json_documents`, `csv_check` and
`other_formats` check contents; `codes` is the VER code table.
"""

from __future__ import annotations

from hubctl.feed_verify.verifier import NotAFolderError, VerifyReport, verify_feed

__all__ = ["NotAFolderError", "VerifyReport", "verify_feed"]
