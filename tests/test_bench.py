"""bench/run.py runs end to end on a tiny tree (no peers) and writes its RESULTS section.

Nothing here is timed: it checks that every figure and target is reported, not how fast.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "run.py"
OTHER_PRESET = "<!-- results:20k:start -->\nkept as it was\n<!-- results:20k:end -->\n"


def test_bench_runs_end_to_end_and_replaces_only_its_own_results_section(
    tmp_path: Path,
) -> None:
    results = tmp_path / "RESULTS.md"
    stale = "<!-- results:tiny:start -->\nstale figures\n<!-- results:tiny:end -->\n"
    results.write_text("# Benchmark results\n\n" + OTHER_PRESET + "\n" + stale, encoding="utf-8")
    completed = subprocess.run(
        [
            *(sys.executable, str(BENCH), "--preset", "tiny", "--no-peers"),
            *("--work-dir", str(tmp_path / "work"), "--write-results", str(results)),
            *("--note", "a test run"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    lines = completed.stdout.splitlines()
    # The tree is generated, then every figure is a table row with a time or a reason.
    assert any(line.startswith("generating ") for line in lines)
    for label in ("bare parse (CSafeLoader)", "validate cold", "publish"):
        row = next(line for line in lines if line.startswith(label + " "))
        assert row.split()[-1] == "0", row  # its exit code
    for label in ("validate warm, no change", "validate warm, 1 file changed"):
        row = next(line for line in lines if line.startswith(label + " "))
        assert "not available in this hubctl" in row or row.split()[-1] == "0", row
    # Each target is judged; the national-only ones say they only inform on a small tree.
    verdicts = {
        name: next(line.split()[0] for line in lines if f"  {name} " in line)
        for name in ("cold validate / bare parse", "publish / cold validate", "publish peak memory")
    }
    assert verdicts["cold validate / bare parse"] in ("met", "missed")
    assert verdicts["publish / cold validate"] in ("met", "missed")
    assert verdicts["publish peak memory"] == "info"
    text = results.read_text(encoding="utf-8")
    assert OTHER_PRESET in text
    assert "stale figures" not in text
    assert text.count("<!-- results:tiny:start -->") == 1
    assert "## Preset `tiny`" in text
    assert "- CPU: " in text and "- hubctl commit: " in text and "- a test run" in text
    assert "| cold validate / bare parse | <= 1x | **" in text
