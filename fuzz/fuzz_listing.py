"""libFuzzer target (atheris): arbitrary bytes through hubctl's per-file checks.

Run with `make fuzz`; see fuzz/README.md. The same check runs over fuzz/corpus/ in
`make test` (tests/test_fuzz_corpus.py), so every crash once found stays fixed.
"""

from __future__ import annotations

import sys

from hubctl.listings import KINDS, check_listing_bytes


def check_one_input(data: bytes) -> None:
    """Read `data` as each kind of listing; fail on an exception or a position outside it."""
    lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
    for kind in KINDS:
        for found in check_listing_bytes(data, kind, "fuzz.yaml"):
            if not (1 <= found.line <= lines and found.column >= 1):
                raise AssertionError(f"{kind}: position outside the input: {found}")


def main() -> None:
    import atheris  # only `make fuzz` installs it

    atheris.instrument_all()
    atheris.Setup(sys.argv, check_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
