"""libFuzzer target (atheris): arbitrary bytes through hubctl's per-file checks.

Run with `make fuzz`; see fuzz/README.md. The same check runs over fuzz/corpus/ in
`make test` (tests/test_fuzz_corpus.py), so every crash once found stays fixed.
"""

from __future__ import annotations

import sys


def check_one_input(data: bytes) -> None:
    """Read `data` as each kind of listing; fail on an exception or a position outside it."""
    # Imported here, not at the top, so that `main` can instrument hubctl first.
    from hubctl.file_checks import check_listing_bytes
    from hubctl.layout import KINDS

    lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
    for kind in KINDS:
        for found in check_listing_bytes(data, kind, "fuzz.yaml"):
            if not (1 <= found.line <= lines and found.column >= 1):
                raise AssertionError(f"{kind}: position outside the input: {found}")


def main() -> None:
    import atheris  # only `make fuzz` installs it

    # Coverage feedback from hubctl's own code and the YAML reader; instrumenting
    # everything loaded (pydantic, click ...) takes minutes and guides no better.
    with atheris.instrument_imports(include=["hubctl", "yaml"]):
        import hubctl.listings  # noqa: F401
    atheris.Setup(sys.argv, check_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
