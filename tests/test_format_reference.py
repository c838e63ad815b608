"""docs/format.md, the listing format's reference, is generated from the models."""

from __future__ import annotations

import os
from pathlib import Path

from hubctl.format_reference import render_format_reference
from hubctl.models import MODEL_BY_KIND, all_field_names

FORMAT_MD = Path(__file__).resolve().parents[1] / "docs" / "format.md"


def test_docs_format_md_is_generated_from_the_models() -> None:
    expected = render_format_reference()
    if os.environ.get("UPDATE_DOCS") == "1":
        FORMAT_MD.write_text(expected, encoding="utf-8")
    assert FORMAT_MD.read_text(encoding="utf-8") == expected, (
        "docs/format.md is stale: run UPDATE_DOCS=1 pytest tests/test_format_reference.py"
    )


def test_every_field_and_kind_is_documented() -> None:
    text = FORMAT_MD.read_text(encoding="utf-8")
    for kind in MODEL_BY_KIND:
        assert f"## {kind}\n" in text
    for name in all_field_names():
        assert f"| `{name}` |" in text, name
