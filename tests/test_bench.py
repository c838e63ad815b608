"""bench/run.py runs end to end on a tiny tree (no peers) and writes its RESULTS section.

Nothing here is timed: it checks that every figure and target is reported, not how fast.
"""

from __future__ import annotations

import importlib
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
    # Once every figure is taken the publishes set aside are deleted; the last is kept.
    work = tmp_path / "work" / "tiny"
    assert (work / "dist" / "manifest.json").is_file()
    assert not (work / "trash").exists()
    text = results.read_text(encoding="utf-8")
    assert OTHER_PRESET in text
    assert "stale figures" not in text
    assert text.count("<!-- results:tiny:start -->") == 1
    assert "## Preset `tiny`" in text
    assert "- CPU: " in text and "- hubctl commit: " in text and "- a test run" in text
    assert "| cold validate / bare parse | <= 1x | **" in text


def test_an_earlier_publish_is_set_aside_whole_not_deleted_before_the_next(
    tmp_path: Path,
) -> None:
    sys.path.insert(0, str(BENCH.parent))  # run.py imports its neighbours
    try:
        run = importlib.import_module("run")  # bench/run.py
    finally:
        sys.path.remove(str(BENCH.parent))
    earlier = tmp_path / "dist"
    (earlier / "oruk").mkdir(parents=True)
    (earlier / "oruk" / "a.json").write_text("{}", encoding="utf-8")
    trash = tmp_path / "trash"
    assert run._set_aside(earlier, trash) == earlier
    assert not earlier.exists()
    (kept,) = trash.iterdir()
    assert (kept / "oruk" / "a.json").read_text(encoding="utf-8") == "{}"
    # A folder that is not there is left so, and nothing is set aside for it.
    run._set_aside(earlier, trash)
    assert len(list(trash.iterdir())) == 1
