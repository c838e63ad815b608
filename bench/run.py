"""Measure hubctl against issue 11's targets, side by side in one run on one tree (SPEC §7).

On one generated tree (cached under ``--work-dir``), each command a fresh subprocess:
the bare ``yaml.CSafeLoader`` parse (the baseline); ``hubctl validate`` cold (a fresh,
empty ``HUBCTL_CACHE_DIR``), warm with no change, warm with one file changed, and cold
with ``--jobs 1``; ``hubctl publish`` into a fresh folder, its stderr on a terminal;
then per file on a 2,000-file slice of the same tree, hubctl against check-jsonschema
(our schemas) and Yamale ``-n 2`` (bench/yamale/). Prints each figure with its peak
memory, the targets' ratios marked met or missed, and with ``--write-results`` puts them
in bench/RESULTS.md. Usage::

    python bench/run.py [--preset small|10k|20k|national] [--repeat N] [--no-peers]
        [--write-results [FILE]] [--note TEXT] [--work-dir DIR] [--regenerate]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from generate import PRESETS, generate_tree
from measure import MIB, Run, run_measured
from peers import check_jsonschema_commands, find_tool, make_slice, yamale_commands
from report import (
    NOT_AVAILABLE,
    RESULTS_FILE,
    Figure,
    Target,
    format_text_table,
    machine_lines,
    ratio_target,
    render_results,
    table_rows,
    write_results,
)

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
HUBCTL = Path(sys.executable).parent / "hubctl"
SEED = 1
SLICE_FILES = 2000
# validate judges freshness against a fixed day, so figures do not drift with the date.
ON_DAY = "2026-11-23"
NATIONAL_MEMORY_MIB = 1024

# Run as `python -c PARSE_SCRIPT TREE`: parse every file, print how many.
PARSE_SCRIPT = """\
import pathlib, sys, yaml
n = 0
for p in pathlib.Path(sys.argv[1]).rglob("*.yaml"):
    yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    n += 1
print(n)
"""


def prepare_tree(preset: str, work_dir: Path, regenerate: bool = False) -> Path:
    """Return the tree for ``preset`` under ``work_dir``, generating it if missing or stale.

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
    base = work_dir / preset
    tree, params_file = base / "listings", base / "params.json"
    if not regenerate and tree.is_dir() and params_file.is_file():
        try:
            saved = json.loads(params_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            saved = None
        if isinstance(saved, dict) and saved.get("params") == params:
            print(f"reusing {tree} (generated earlier with the same parameters)")
            return tree
    if base.exists():
        shutil.rmtree(base)
    print(f"generating {tree}: {authorities} authorities, {activities:,} activities ...")
    started = time.perf_counter()
    counts = generate_tree(tree, authorities, hubs, branches, activities, seed=SEED)
    print(f"  wrote {counts['files']:,} files in {time.perf_counter() - started:.1f} s")
    params_file.write_text(json.dumps({"params": params, "counts": counts}, indent=2) + "\n")
    return tree


def bench_env(cache_dir: Path | None = None, terminal: bool = False) -> dict[str, str]:
    """The environment of a measured child: no CI switches, the cache where we say.

    ``terminal``: as a person at a terminal has it (colour allowed, a real TERM, no CI).
    """
    env = dict(os.environ)
    for name in ("GITHUB_ACTIONS", "HUBCTL_LISTINGS", "HUBCTL_CACHE_DIR"):
        env.pop(name, None)
    if terminal:
        env.pop("NO_COLOR", None)
        env.pop("CI", None)
        if env.get("TERM", "dumb") == "dumb":
            env["TERM"] = "xterm-256color"
    else:
        env["NO_COLOR"] = "1"
    if cache_dir is not None:
        env["HUBCTL_CACHE_DIR"] = str(cache_dir)
    return env


def hubctl_help(*command: str) -> str:
    """``hubctl COMMAND --help``, read once to learn which options this hubctl has."""
    completed = subprocess.run(
        [str(HUBCTL), *command, "--help"], capture_output=True, text=True, env=bench_env()
    )
    return completed.stdout


def _show(command: Sequence[str]) -> None:
    print("  $ " + shlex.join(command))


def _fresh(folder: Path) -> Path:
    """``folder``, emptied: a cold cache or a publish target nobody wrote to."""
    if folder.exists():
        shutil.rmtree(folder)
    return folder


def _set_aside(folder: Path, trash: Path) -> Path:
    """``folder`` moved into ``trash`` (deleted at the end of the run), so it is missing.

    An earlier publish is not deleted just before the next is measured: on an ext4
    without a journal (this machine's), creating a file skips every inode freed in the
    last 60 s (up to 6 minutes while its inode table is unwritten), looking each up in
    the buffer cache (fs/ext4/ialloc.c, recently_deleted). Right after deleting the 43,000
    files of a 20k publish, its 43,000 creates took 397 us each instead of tens (strace -c),
    and publish 18 to 37 s instead of 17 to 19 s.
    """
    if folder.exists():
        trash.mkdir(parents=True, exist_ok=True)
        folder.rename(trash / f"{folder.name}-{time.time_ns()}")
    return folder


def _run(
    command: list[str],
    env: dict[str, str],
    cwd: Path,
    guard_mib: int | None = None,
    stderr_tty: bool = False,
) -> Run:
    run = run_measured(command, env, cwd, guard_mib=guard_mib, stderr_tty=stderr_tty)
    extra = f"; {run.stopped}" if run.stopped else ""
    print(f"    {run.seconds:7.2f} s  exit {run.returncode}  peak {mib_text(run)}{extra}")
    return run


def mib_text(run: Run) -> str:
    """A run's peak memory in MiB for the log line."""
    return "-" if run.peak_rss is None else f"{run.peak_rss / MIB:,.0f} MiB"


def summarise_diagnostics(run: Run) -> None:
    """Say what ``validate --format json`` reported; a generated tree should give none."""
    try:
        diagnostics = json.loads(run.stdout)["diagnostics"]
    except (ValueError, KeyError, TypeError):
        print("  stdout is not validate's JSON report: " + run.stdout[:300])
        return
    by_code = Counter(f"{d.get('severity')} {d.get('code')}" for d in diagnostics)
    print("  diagnostics: " + (", ".join(f"{c} x{n:,}" for c, n in by_code.items()) or "none"))
    if run.returncode not in (0, 1):
        print("  stderr: " + run.stderr.strip()[-500:])


def edit_one_file(tree: Path, repetition: int) -> tuple[Path, bytes]:
    """Change one activity's name, as a steward's pull request does; returns how to undo."""
    target = sorted(tree.glob("*/activities/*.yaml"))[0]
    original = target.read_bytes()
    lines = original.decode("utf-8").splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith("name: "):
            lines[index] = f"{line.rstrip()} (edited {repetition})\n"
            break
    target.write_text("".join(lines), encoding="utf-8")
    return target, original


def measure_validate(
    tree: Path, files: int, args: argparse.Namespace, has_cache: bool, has_jobs: bool
) -> dict[str, Figure]:
    """Cold, warm, one-changed and ``--jobs 1`` validate figures on the same tree."""
    figures = {
        "cold": Figure("validate cold", files),
        "warm": Figure("validate warm, no change", files),
        "changed": Figure("validate warm, 1 file changed", files),
        "jobs1": Figure("validate cold --jobs 1", files),
    }
    command = [str(HUBCTL), "--listings", str(tree), "validate", "--format", "json"]
    command += ["--on", ON_DAY]
    cache = args.work_dir / "cache"
    print(f"\nhubctl validate (HUBCTL_CACHE_DIR={cache}, emptied for each cold run)")
    _show(command)
    if not has_cache:
        for key in ("warm", "changed"):
            figures[key].skipped = NOT_AVAILABLE + " (validate has no --no-cache)"
    if not has_jobs:
        figures["jobs1"].skipped = NOT_AVAILABLE + " (validate has no --jobs)"
    for repetition in range(args.repeat):
        env = bench_env(_fresh(cache))
        print("  cold:")
        figures["cold"].add([_run(command, env, REPO_ROOT)])
        if has_cache:
            print("  warm, no change:")
            figures["warm"].add([_run(command, env, REPO_ROOT)])
            edited, original = edit_one_file(tree, repetition)
            try:
                print(f"  warm, {edited.relative_to(tree)} changed:")
                figures["changed"].add([_run(command, env, REPO_ROOT)])
            finally:
                edited.write_bytes(original)
        if has_jobs:
            print("  cold, --jobs 1:")
            figures["jobs1"].add(
                [_run([*command, "--jobs", "1"], bench_env(_fresh(cache)), REPO_ROOT)]
            )
    summarise_diagnostics(figures["cold"].runs[-1][0])
    return figures


def _trash(args: argparse.Namespace) -> Path:
    """Where earlier publishes wait to be deleted until the run's figures are taken."""
    return args.work_dir / args.preset / "trash"


def measure_publish(tree: Path, files: int, args: argparse.Namespace) -> Figure:
    """``hubctl publish`` into a fresh folder with a cold cache, stderr on a terminal."""
    figure = Figure("publish", files)
    out = args.work_dir / args.preset / "dist"
    command = [str(HUBCTL), "--listings", str(tree), "publish", "--out", str(out)]
    print("\nhubctl publish (into a fresh folder; stderr on a pseudo-terminal)")
    _show(command)
    for _ in range(args.repeat):
        _set_aside(out, _trash(args))
        env = bench_env(_fresh(args.work_dir / "cache"), terminal=True)
        run = _run(command, env, REPO_ROOT, guard_mib=args.memory_guard_mib, stderr_tty=True)
        figure.add([run])
        if run.returncode:
            print("  stderr: " + run.stderr.strip()[-500:])
    return figure


def measure_parse(tree: Path, files: int, repeat: int) -> Figure:
    """The bare single-process CSafeLoader parse of every file: the baseline."""
    figure = Figure("bare parse (CSafeLoader)", files)
    command = [sys.executable, "-c", PARSE_SCRIPT, str(tree)]
    print("\nbare parse: yaml.load(text, Loader=yaml.CSafeLoader) of every *.yaml")
    _show(command)
    for _ in range(repeat):
        figure.add([_run(command, bench_env(), REPO_ROOT)])
    return figure


def measure_peers(args: argparse.Namespace, tree: Path) -> list[Figure]:
    """hubctl, check-jsonschema and Yamale ``-n 2``, per file on the same slice."""
    slice_dir = args.work_dir / args.preset / "slice"
    files = make_slice(tree, slice_dir, SLICE_FILES)
    print(f"\nper file on a {files:,}-file slice of the tree ({slice_dir})")
    figures = [
        Figure("slice: validate cold", files),
        Figure("slice: check-jsonschema", files),
        Figure("slice: yamale -n 2", files),
    ]
    hubctl = [[str(HUBCTL), "--listings", str(slice_dir), "validate", "--format", "json"]]
    hubctl[0] += ["--on", ON_DAY]
    peers: list[list[list[str]] | None] = [hubctl]
    check_jsonschema, yamale = find_tool("check-jsonschema"), find_tool("yamale")
    peers.append(
        check_jsonschema_commands(check_jsonschema, slice_dir) if check_jsonschema else None
    )
    peers.append(yamale_commands(yamale, slice_dir, 2) if yamale else None)
    for figure, commands in zip(figures, peers, strict=True):
        print(f"  {figure.label}:")
        if commands is None:
            figure.skipped = "not installed (pip install -r bench/requirements.txt)"
            print(f"    skipped: {figure.skipped}")
            continue
        for command in commands:
            _show(command if len(command) < 12 else [*command[:6], f"<{len(command) - 6} files>"])
        for _ in range(args.repeat):
            env = bench_env(_fresh(args.work_dir / "cache"))
            figure.add([_run(command, env, slice_dir) for command in commands])
        if figure.returncode:
            failed = next(run for run in figure.runs[-1] if run.returncode)
            print("    output: " + (failed.stdout + failed.stderr).strip()[:500])
    return figures


def judge(
    preset: str, figures: dict[str, Figure], progress_in_help: bool, national: bool
) -> list[Target]:
    """Issue 11's targets on this run's figures."""
    f = figures
    targets = [
        ratio_target("cold validate / bare parse", f["cold"], f["parse"], 1.0),
        ratio_target("warm, no change / cold", f["warm"], f["cold"], 0.10),
        ratio_target("warm, one file changed / cold", f["changed"], f["cold"], 0.15),
        ratio_target("publish / cold validate", f["publish"], f["cold"], 2.0),
    ]
    if "cjs" in f:
        targets += [
            ratio_target("per file: check-jsonschema / hubctl", f["cjs"], f["slice"], 20, False),
            ratio_target("per file: yamale -n 2 / hubctl", f["yamale"], f["slice"], 3, False),
        ]
    publish = f["publish"]
    peak = publish.peak_rss
    status = "info" if not national else "not measured"
    if peak is not None and national:
        status = "met" if peak < NATIONAL_MEMORY_MIB * MIB and not publish.stopped else "missed"
    reason = f"{peak / MIB:,.0f} MiB" if peak is not None else "no figure"
    reason += f"; {publish.stopped}" if publish.stopped else ""
    if not national:
        reason += " (the target is for --preset national)"
    targets.append(Target("publish peak memory", "< 1 GiB", status, reason))
    drew = any(run.drew_progress for rep in publish.runs for run in rep)
    if drew:
        status, reason = ("met" if national else "info"), "stderr on a terminal redraws a bar"
    elif not progress_in_help:
        status, reason = "not measured", NOT_AVAILABLE + " (publish --help names no progress)"
    else:
        status, reason = ("missed" if national else "info"), "no bar on a terminal's stderr"
    targets.append(Target("progress bar on a terminal", "shown", status, reason))
    return targets


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns 0 unless the benchmark itself could not run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--preset", choices=sorted(PRESETS), default="20k")
    parser.add_argument("--repeat", type=int, default=1, help="runs per figure; best is kept")
    parser.add_argument("--no-peers", action="store_true", help="skip the per-file peers")
    parser.add_argument(
        "--write-results",
        nargs="?",
        type=Path,
        const=RESULTS_FILE,
        metavar="FILE",
        help="put this run's section into FILE (default: bench/RESULTS.md)",
    )
    parser.add_argument("--note", action="append", default=[], help="a note for RESULTS.md")
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "hubctl-bench",
        help="where trees, caches and feeds go (default: %(default)s)",
    )
    parser.add_argument("--regenerate", action="store_true", help="generate the tree again")
    parser.add_argument(
        "--memory-guard-mib",
        type=int,
        default=4096,
        help="stop publish when its processes hold more than this (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if not HUBCTL.exists():
        parser.error(f"{HUBCTL} does not exist: run with the Python hubctl is installed in")
    started = time.perf_counter()
    machine = machine_lines(REPO_ROOT)
    print("\n".join(machine))
    tree = prepare_tree(args.preset, args.work_dir.resolve(), args.regenerate)
    files = sum(1 for _ in tree.rglob("*.yaml"))
    validate_help = hubctl_help("validate")
    has_cache, has_jobs = "--no-cache" in validate_help, "--jobs" in validate_help
    progress_in_help = "progress" in hubctl_help("publish").lower()
    print(f"tree: {tree} ({files:,} files); best of {args.repeat} run(s) each")
    print(
        f"this hubctl: cache {'yes' if has_cache else 'no'}, --jobs {'yes' if has_jobs else 'no'}"
    )

    figures = {"parse": measure_parse(tree, files, args.repeat)}
    figures.update(measure_validate(tree, files, args, has_cache, has_jobs))
    figures["publish"] = measure_publish(tree, files, args)
    if not args.no_peers:
        names = ("slice", "cjs", "yamale")
        figures.update(zip(names, measure_peers(args, tree), strict=True))
    shutil.rmtree(_trash(args), ignore_errors=True)  # every figure is taken
    targets = judge(args.preset, figures, progress_in_help, args.preset == "national")
    rows = table_rows(list(figures.values()), figures["parse"])
    elapsed = time.perf_counter() - started
    print("\n" + format_text_table(rows))
    print("\nx parse/file: seconds per file / the bare parse's; peak: largest of the child's own")
    print("peak (wait4) and its process tree's sampled sum. Targets (issue 11):")
    for target in targets:
        print(f"  {target.status:>12}  {target.name} {target.limit}: {target.reason}")
    print(f"\nwhole run: {elapsed:.0f} s")
    if args.write_results:
        tree_line = f"tree `{args.preset}` ({files:,} files, seed {SEED}); best of {args.repeat}"
        tree_line += f"; the whole run took {elapsed:.0f} s"
        section = render_results(args.preset, tree_line, machine, rows, targets, args.note)
        write_results(section, args.preset, args.write_results)
        print(f"wrote {args.write_results}")
    if figures["parse"].returncode:
        print("error: the bare parse failed, so the ratios mean nothing", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
