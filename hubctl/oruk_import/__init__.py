"""`hubctl import oruk`: an Open Referral UK (HSDS 3.0) directory -> listing files and a
report of everything that could not be mapped (README: Importing an existing directory).

Modules, in the order data flows: `source_files` (finding and reading the files safely),
`json_input` and `tabular_input` (the services they hold), `values` (reading a value
defensively, noting what nothing read), `authority`, `sites`, `services`, `terms` and
`schedules` (the mapping), `ids` (slug ids), `settling` (what the models refuse),
`yaml_text` and `writing` (the files), `notes` and `report` (the report), `importer`
(all of it, `import_oruk`).
"""

from __future__ import annotations

from hubctl.oruk_import.importer import REPORT_NAME, ImportResult, import_oruk
from hubctl.oruk_import.source_files import SourceError

__all__ = ["REPORT_NAME", "ImportResult", "SourceError", "import_oruk"]
