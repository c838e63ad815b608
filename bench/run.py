"""Measure hubctl on a synthetic listings tree against a bare YAML parse and peers (SPEC §7).

One run generates (or reuses) a tree under ``bench/out/<preset>/listings`` and times,
each as a fresh subprocess so interpreter start-up is counted the same way:

(a) a bare ``yaml.load(text, Loader=yaml.CSafeLoader)`` of every ``*.yaml`` file;
(b) ``hubctl validate --listings TREE --format json``; then ``coverage`` (by authority and
by hub) and ``publish`` on the same tree;
(c) ``check-jsonschema --schemafile schema/activity.schema.json`` on every activity file.

Each figure is the best wall time of ``--repeat`` runs. Usage::

    python bench/run.py [--preset small|10k|national] [--repeat N] [--regenerate]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:
    from generate import PRESETS, generate_tree
except ImportError:  # imported as bench.run from the repository root
    from bench.generate import PRESETS, generate_tree

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
OUT_ROOT = BENCH_DIR / "out"
SEED = 1

# Run as `python -c PARSE_SCRIPT TREE`: parse every file, print how many.
PARSE_SCRIPT = """\
import pathlib, sys, yaml
n = 0
for p in pathlib.Path(sys.argv[1]).rglob("*.yaml"):
    yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    n += 1
print(n)
"""


@dataclass
class Measurement:
    """The outcome of timing one command (or one command split over several invocations)."""

    label: str
    files: int
    best: float | None = None
    returncode: int | None = None
    invocations: int = 1
    skipped: str = ""
    stdout: str = ""
    stderr: str = ""
    times: list[float] = field(default_factory=list)


def prepare_tree(preset: str, regenerate: bool = False) -> Path:
    """Return the tree for ``preset`` under bench/out/, generating it if missing or stale.

    A tree is reused when ``params.json`` beside it records the same preset numbers, seed
    and generator source (by SHA-256); otherwise it is generated afresh.
    """
    authorities, hubs, branches, activities = PRESETS[preset]
    params = {
        "authorities": authorities,
        "hubs_per_authority": hubs,
        "branches_per_hub": branches,
        "activities": activities,
        "seed": SEED,
        "generator_sha256": hashlib.sha256((BENCH_DIR / "generate.py").read_bytes()).hexdigest(),
    }
    base = OUT_ROOT / preset
    tree = base / "listings"
    params_file = base / "params.json"
    if not regenerate and tree.is_dir() and params_file.is_file():
        try:
            saved = json.loads(params_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = None
        if isinstance(saved, dict) and saved.get("params") == params:
            print(f"reusing {_rel(tree)} (generated earlier with the same parameters)")
            return tree
    if base.exists():
        shutil.rmtree(base)
    print(
        f"generating {_rel(tree)}: {authorities} authorities, {hubs} hubs each, "
        f"{branches} branches per hub, {activities:,} activities (seed {SEED}) ..."
    )
    started = time.perf_counter()
    counts = generate_tree(tree, authorities, hubs, branches, activities, seed=SEED)
    print(f"  wrote {counts['files']:,} files in {time.perf_counter() - started:.1f} s")
    params_file.write_text(
        json.dumps({"params": params, "counts": counts}, indent=2) + "\n", encoding="utf-8"
    )
    return tree


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_COLOR"] = "1"
    env.pop("GITHUB_ACTIONS", None)  # would switch hubctl to GitHub annotations
    env.pop("HUBCTL_LISTINGS", None)
    return env


def time_commands(
    label: str, commands: list[list[str]], files: int, repeat: int, cwd: Path
) -> Measurement:
    """Run ``commands`` one after another ``repeat`` times; keep the best total wall time.

    The output and exit code kept are those of the last run (for a split command, the
    first non-zero exit code among its invocations, and the joined output).
    """
    result = Measurement(label=label, files=files, invocations=len(commands))
    env = _env()
    for _ in range(repeat):
        total = 0.0
        rc = 0
        outs: list[str] = []
        errs: list[str] = []
        for cmd in commands:
            started = time.perf_counter()
            proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
            total += time.perf_counter() - started
            rc = rc or proc.returncode
            outs.append(proc.stdout)
            errs.append(proc.stderr)
        result.times.append(total)
        result.returncode = rc
        result.stdout = "".join(outs)
        result.stderr = "".join(errs)
    result.best = min(result.times)
    return result


def split_args(prefix: list[str], args: list[str]) -> list[list[str]]:
    """Split ``prefix + args`` into commands that each fit the OS argument-size limit."""
    try:
        arg_max = os.sysconf("SC_ARG_MAX")
    except (AttributeError, ValueError, OSError):
        arg_max = 128 * 1024
    env_size = sum(len(k) + len(v) + 2 + 8 for k, v in os.environ.items())
    budget = max(32 * 1024, min(arg_max // 2, arg_max - env_size - 64 * 1024))
    fixed = sum(len(a) + 1 + 8 for a in prefix)
    commands: list[list[str]] = []
    current: list[str] = []
    size = fixed
    for arg in args:
        cost = len(arg) + 1 + 8  # the string, its NUL and its pointer
        if current and size + cost > budget:
            commands.append(prefix + current)
            current, size = [], fixed
        current.append(arg)
        size += cost
    if current or not commands:
        commands.append(prefix + current)
    return commands


def _show(cmd: Sequence[str]) -> None:
    print("  $ " + shlex.join(cmd))


def _diagnostics(stdout: str) -> list[dict[str, Any]] | None:
    """The diagnostics of ``hubctl validate --format json``, or None if unreadable."""
    try:
        data = json.loads(stdout)
    except ValueError:
        return None
    if isinstance(data, dict):
        for key in ("diagnostics", "results", "errors"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
        else:
            lists = [v for v in data.values() if isinstance(v, list)]
            data = lists[0] if lists else None
    if not isinstance(data, list):
        return None
    return [d for d in data if isinstance(d, dict)]


def _format_diagnostic(d: dict[str, Any]) -> str:
    where = ":".join(str(d[k]) for k in ("path", "line", "column") if d.get(k) is not None)
    return f"{where}: {d.get('severity', '?')} {d.get('code', '?')} {d.get('message', '')}"


def measure_parse(tree: Path, files: int, repeat: int) -> Measurement:
    """(a) The bare CSafeLoader parse of every file, in a fresh interpreter."""
    print("\n(a) bare parse: yaml.load(text, Loader=yaml.CSafeLoader) of every *.yaml")
    cmd = [sys.executable, "-c", PARSE_SCRIPT, str(tree)]
    _show(cmd)
    result = time_commands("bare parse (CSafeLoader)", [cmd], files, repeat, REPO_ROOT)
    if result.returncode != 0:
        print(f"  failed with exit code {result.returncode}: {result.stderr.strip()[-500:]}")
    elif result.stdout.strip() != str(files):
        print(f"  note: it parsed {result.stdout.strip()} files, expected {files}")
    return result


def measure_hubctl(tree: Path, files: int, repeat: int) -> Measurement:
    """(b) ``hubctl validate --listings TREE --format json``."""
    print("\n(b) hubctl validate")
    hubctl = Path(sys.executable).parent / "hubctl"
    if not hubctl.exists():
        print(f"  skipped: {hubctl} does not exist (install hubctl into this environment)")
        return Measurement("hubctl validate", files, skipped="not installed")
    cmd = [str(hubctl), "validate", "--listings", str(tree), "--format", "json"]
    _show(cmd)
    result = time_commands("hubctl validate", [cmd], files, repeat, REPO_ROOT)
    print(f"  exit code {result.returncode}")
    diags = _diagnostics(result.stdout)
    if diags is None:
        if result.stdout.strip():
            print("  stdout is not a JSON list of diagnostics; it begins:")
            print("  " + result.stdout[:500].replace("\n", "\n  "))
    else:
        by_severity = Counter(str(d.get("severity", "?")) for d in diags)
        by_code = Counter(str(d.get("code", "?")) for d in diags)
        summary = ", ".join(f"{n:,} {s}" for s, n in sorted(by_severity.items())) or "none"
        print(f"  diagnostics: {summary}")
        if by_code:
            print("  by code: " + ", ".join(f"{c} {n:,}" for c, n in by_code.most_common(8)))
        if result.returncode != 0:
            for d in diags[:5]:
                print("    " + _format_diagnostic(d))
    if result.returncode not in (0, 1) and result.stderr.strip():
        print("  stderr: " + result.stderr.strip()[:500])
    return result


def measure_check_jsonschema(tree: Path, repeat: int) -> Measurement:
    """(c) ``check-jsonschema`` with the generated activity schema on every activity file."""
    print("\n(c) check-jsonschema on the activity files")
    activities = sorted(str(p.relative_to(tree)) for p in tree.glob("*/activities/*.yaml"))
    label = "check-jsonschema (activities)"
    local = Path(sys.executable).parent / "check-jsonschema"
    exe = str(local) if local.exists() else shutil.which("check-jsonschema")
    schema = REPO_ROOT / "schema" / "activity.schema.json"
    if exe is None:
        print("  skipped: check-jsonschema is not installed (pip install check-jsonschema)")
        return Measurement(label, len(activities), skipped="not installed")
    if not activities:
        print("  skipped: the tree has no activity files")
        return Measurement(label, 0, skipped="no activities")
    if not schema.is_file():
        print(f"  skipped: {_rel(schema)} does not exist (run `hubctl schema`)")
        return Measurement(label, len(activities), skipped="no schema")
    prefix = [exe, "--schemafile", str(schema)]
    commands = split_args(prefix, activities)
    if len(commands) == 1:
        print(f"  (in {_rel(tree)})")
        print(f"  $ {shlex.join(prefix)} <the {len(activities):,} */activities/*.yaml files>")
    else:
        print(
            f"  split into {len(commands)} invocations to fit the argument-size limit; "
            "the figure is their total"
        )
    print(
        "  reproduce: "
        + f"cd {shlex.quote(str(tree))} && find . -path './*/activities/*.yaml' -print0 "
        + "| xargs -0 "
        + shlex.join(prefix)
    )
    result = time_commands(label, commands, len(activities), repeat, tree)
    print(f"  exit code {result.returncode}")
    if result.returncode != 0:
        print("  " + (result.stdout + result.stderr).strip()[:500].replace("\n", "\n  "))
    return result


def print_table(results: list[Measurement], baseline: Measurement) -> None:
    """Print the figures: best time, files per second and ratios to the bare parse."""
    header = (
        f"{'measurement':<30} {'files':>8} {'best s':>8} {'files/s':>8} "
        f"{'x time':>7}  {'x per file':>10}  {'exit':>4}"
    )
    print("\n" + header)
    print("-" * len(header))
    base_per_file = (
        baseline.best / baseline.files if baseline.best is not None and baseline.files else None
    )
    for r in results:
        if r.best is None:
            print(f"{r.label:<30} {r.files:>8,}  skipped: {r.skipped}")
            continue
        rate = r.files / r.best if r.best else float("inf")
        x_time = f"{r.best / baseline.best:.2f}" if baseline.best else "-"
        x_file = f"{(r.best / r.files) / base_per_file:.2f}" if base_per_file and r.files else "-"
        print(
            f"{r.label:<30} {r.files:>8,} {r.best:>8.3f} {rate:>8,.0f} "
            f"{x_time:>7}  {x_file:>10}  {r.returncode!s:>4}"
        )


def measure_command(
    label: str, arguments: list[str], tree: Path, files: int, repeat: int
) -> Measurement:
    """One more hubctl command on the same tree (coverage, publish), timed the same way."""
    print(f"\n({label})")
    hubctl = Path(sys.executable).parent / "hubctl"
    if not hubctl.exists():
        print(f"  skipped: {hubctl} does not exist (install hubctl into this environment)")
        return Measurement(label, files, skipped="not installed")
    cmd = [str(hubctl), "--listings", str(tree), *arguments]
    _show(cmd)
    result = time_commands(label, [cmd], files, repeat, REPO_ROOT)
    print(f"  exit code {result.returncode}")
    if result.returncode not in (0, 1) and result.stderr.strip():
        print("  stderr: " + result.stderr.strip()[:500])
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns 0 unless the benchmark itself could not run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--preset", choices=["small", "10k", "national"], default="10k")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; best is kept")
    parser.add_argument(
        "--regenerate", action="store_true", help="generate the tree even if one is cached"
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    print(
        f"python {platform.python_version()} ({sys.executable}), PyYAML {yaml.__version__} "
        f"(libyaml {'yes' if getattr(yaml, '__with_libyaml__', False) else 'NO'}), "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs"
    )
    tree = prepare_tree(args.preset, regenerate=args.regenerate)
    files = sum(1 for _ in tree.rglob("*.yaml"))
    print(f"tree: {_rel(tree)} ({files:,} files); best of {args.repeat} run(s) each")

    baseline = measure_parse(tree, files, args.repeat)
    results = [
        baseline,
        measure_hubctl(tree, files, args.repeat),
        measure_check_jsonschema(tree, args.repeat),
        measure_command(
            "hubctl coverage", ["coverage", "--format", "json"], tree, files, args.repeat
        ),
        measure_command(
            "hubctl coverage --by hub",
            ["coverage", "--by", "hub", "--format", "json"],
            tree,
            files,
            args.repeat,
        ),
        measure_command(
            "hubctl publish",
            ["publish", "--out", str(OUT_ROOT / args.preset / "dist")],
            tree,
            files,
            args.repeat,
        ),
    ]
    print_table(results, baseline)
    print(
        "\nx time: wall time / bare parse wall time; x per file: seconds per file / bare "
        "parse seconds per file (fair when a tool reads only some files)."
    )
    if baseline.returncode != 0:
        print("error: the bare parse failed, so the ratios mean nothing", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
