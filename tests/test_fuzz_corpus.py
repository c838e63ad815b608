"""Every input in fuzz/corpus/ (seeds, and crashes the fuzzer once found) passes the fuzz check."""

from __future__ import annotations

import importlib.util
import types
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parents[1] / "fuzz"
CORPUS = sorted(p for p in (FUZZ / "corpus").iterdir() if p.is_file())


def _fuzz_target() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_listing", FUZZ / "fuzz_listing.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_one_input = _fuzz_target().check_one_input


def test_the_corpus_is_not_empty() -> None:
    assert len(CORPUS) >= 20


@pytest.mark.parametrize("case", CORPUS, ids=lambda p: p.name)
def test_corpus_input_passes_the_fuzz_check(case: Path) -> None:
    check_one_input(case.read_bytes())
