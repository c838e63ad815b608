"""How validate scales on error-heavy input (issue 8): time should grow linearly.

Cases, each a copy of tests/fixtures/tree with one hostile addition, validated in a
fresh `hubctl validate --format json` subprocess (start-up included, the same for all):

- one hub file with 1k, 2k, 4k and 8k unknown keys (the 8k/1k ratio is ~8 when linear;
  it was 317 s / 4 s = 79 before positions came from one composed Document);
- one activity with 1,200 venue ids that do not exist;
- 2,000 activity files sharing one id (output bytes matter here: each file used to list
  every other, 231 MB in all).

Prints seconds, diagnostics and output bytes per case. Usage::

    python bench/error_heavy.py [--repeat N]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
TREE = REPO_ROOT / "tests" / "fixtures" / "tree"
HUBCTL = Path(sys.executable).parent / "hubctl"
HUB = "testshire/hubs/testshire-hub.yaml"
ACTIVITY = "testshire/activities/testshire-early-help.yaml"


def unknown_keys(count: int) -> Callable[[Path], None]:
    def add(tree: Path) -> None:
        hub = tree / HUB
        extra = "".join(f"unknown_field_{i}: x\n" for i in range(count))
        hub.write_text(hub.read_text(encoding="utf-8") + extra, encoding="utf-8")

    return add


def bad_venues(count: int) -> Callable[[Path], None]:
    def add(tree: Path) -> None:
        activity = tree / ACTIVITY
        venues = "".join(f"  - no-such-venue-{i}\n" for i in range(count))
        text = activity.read_text(encoding="utf-8")
        start = text.index("venues:")
        end = text.index("\n", start)
        activity.write_text(f"{text[:start]}venues:\n{venues}{text[end + 1 :]}", encoding="utf-8")

    return add


def shared_id(count: int) -> Callable[[Path], None]:
    def add(tree: Path) -> None:
        source = tree / ACTIVITY
        for i in range(count):
            shutil.copyfile(source, source.with_name(f"copy-{i}.yaml"))

    return add


CASES: list[tuple[str, Callable[[Path], None]]] = [
    ("1k unknown keys", unknown_keys(1000)),
    ("2k unknown keys", unknown_keys(2000)),
    ("4k unknown keys", unknown_keys(4000)),
    ("8k unknown keys", unknown_keys(8000)),
    ("1.2k bad venue ids", bad_venues(1200)),
    ("2k files sharing an id", shared_id(2000)),
]


def measure(add: Callable[[Path], None], repeat: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder) / "listings"
        shutil.copytree(TREE, tree)
        add(tree)
        best, size = float("inf"), 0
        for _ in range(repeat):
            started = time.perf_counter()
            completed = subprocess.run(
                [HUBCTL, "--listings", tree, "validate", "--on", "2026-11-23", "--format", "json"],
                capture_output=True,
                check=False,
            )
            best = min(best, time.perf_counter() - started)
            size = len(completed.stdout)
            assert completed.returncode == 1, completed.stderr[-500:]
    return best, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    figures: dict[str, float] = {}
    print(f"{'case':<24} {'seconds':>8} {'output bytes':>13}")
    for name, add in CASES:
        seconds, size = measure(add, repeat)
        figures[name] = seconds
        print(f"{name:<24} {seconds:>8.2f} {size:>13,}")
    ratio = figures["8k unknown keys"] / figures["1k unknown keys"]
    print(f"8k/1k unknown keys: {ratio:.1f}x (linear would be at most 8x, start-up included)")


if __name__ == "__main__":
    main()
