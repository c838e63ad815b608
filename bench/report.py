"""Figures, issue 11's targets judged on them, and bench/RESULTS.md.

A `Figure` is one line of the table: a command (or one command per file kind) run
`--repeat` times, its best wall time and its peak memory. A `Target` is a ratio of two
figures with its limit from issue 11; it is met, missed (with the measured numbers
that say why) or not measured (with the reason, e.g. an option this hubctl lacks).
"""

from __future__ import annotations

import datetime
import os
import platform
import re
import subprocess
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from measure import MIB, Run

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_FILE = BENCH_DIR / "RESULTS.md"
NOT_AVAILABLE = "not available in this hubctl"
# Distributions whose versions decide the figures; a missing one is shown as such.
LIBRARIES = (
    "familyhubs-hubctl",
    "pydantic",
    "pydantic-core",
    "PyYAML",
    "icalendar",
    "phonenumbers",
    "check-jsonschema",
    "jsonschema",
    "ruamel.yaml",
    "yamale",
)


@dataclass
class Figure:
    """One measured command (several for a peer run per kind) over `files` files."""

    label: str
    files: int
    runs: list[list[Run]] = field(default_factory=list)  # per repetition, per invocation
    skipped: str = ""
    note: str = ""

    def add(self, invocations: list[Run]) -> None:
        """Record one repetition: the runs of its invocations, in order."""
        self.runs.append(invocations)

    @property
    def best(self) -> float | None:
        """The best (smallest) total wall time over the repetitions, in seconds."""
        totals = [sum(run.seconds for run in rep) for rep in self.runs]
        return min(totals) if totals and not self.skipped else None

    @property
    def peak_rss(self) -> int | None:
        """The largest peak memory of any run, in bytes (see `Run.peak_rss`)."""
        peaks = [run.peak_rss for rep in self.runs for run in rep if run.peak_rss is not None]
        return max(peaks) if peaks else None

    @property
    def returncode(self) -> int | None:
        """The first non-zero exit code of the last repetition, else 0."""
        if not self.runs:
            return None
        return next((run.returncode for run in self.runs[-1] if run.returncode), 0)

    @property
    def stopped(self) -> str:
        """Why the memory guard stopped a run, if it did."""
        return next((run.stopped for rep in self.runs for run in rep if run.stopped), "")


@dataclass
class Target:
    """A target of issue 11 and how this run did against it."""

    name: str
    limit: str
    status: str  # "met", "missed", "not measured" or "info"
    reason: str


def ratio_target(
    name: str, top: Figure, bottom: Figure, limit: float, at_most: bool = True
) -> Target:
    """`top.best / bottom.best` judged against `limit` (at most, or at least)."""
    sign = "<=" if at_most else ">="
    # A run the memory guard stopped has no meaningful time.
    missing = next((f for f in (top, bottom) if f.best is None or f.stopped), None)
    if missing is not None:
        why = missing.skipped or missing.stopped or "no figure"
        return Target(name, f"{sign} {limit:g}", "not measured", f"{missing.label}: {why}")
    assert top.best is not None and bottom.best is not None
    failed = next((f for f in (top, bottom) if f.returncode), None)
    value = top.best / bottom.best if bottom.best else float("inf")
    met = value <= limit if at_most else value >= limit
    reason = f"{value:.2f}x ({top.label} {top.best:.2f} s / {bottom.label} {bottom.best:.2f} s)"
    if failed is not None:
        reason += f"; {failed.label} exited {failed.returncode}, so the figure is suspect"
        met = False
    return Target(name, f"{sign} {limit:g}x", "met" if met else "missed", reason)


def mib(value: int | None) -> str:
    """Bytes as whole MiB, or '-' when unknown."""
    return "-" if value is None else f"{value / MIB:,.0f}"


def table_rows(figures: list[Figure], baseline: Figure) -> list[list[str]]:
    """The table: each figure's files, best time, rate, time per file over the parse's,
    memory and exit code."""
    rows = [["measurement", "files", "best s", "files/s", "x parse/file", "peak MiB", "exit"]]
    for figure in figures:
        best = figure.best
        if best is None:
            why = figure.skipped or figure.stopped or "no figure"
            rows.append([figure.label, f"{figure.files:,}", why])  # spans the other columns
            continue
        # Per file, so a figure over the slice compares fairly with the whole tree's parse.
        parse_per_file = baseline.best / baseline.files if baseline.best else None
        per_parse = f"{best / figure.files / parse_per_file:.2f}" if parse_per_file else "-"
        rows.append(
            [
                figure.label,
                f"{figure.files:,}",
                f"{best:.2f}",
                f"{figure.files / best:,.0f}" if best else "-",
                per_parse,
                mib(figure.peak_rss),
                str(figure.returncode),
            ]
        )
    return rows


def format_text_table(rows: list[list[str]]) -> str:
    """Rows as an aligned plain-text table (first column left, the rest right)."""
    columns = len(rows[0])
    full = [row for row in rows if len(row) == columns]
    widths = [max(len(row[i]) for row in (rows if i == 0 else full)) for i in range(columns)]
    lines = []
    for number, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(widths[i + 1]) for i, cell in enumerate(row[1:-1])]
        # A skipped figure's reason (its last cell) spans the remaining columns.
        cells.append(row[-1].rjust(widths[len(row) - 1]) if len(row) == columns else row[-1])
        lines.append("  ".join(cells).rstrip())
        if number == 0:
            lines.append("-" * len(lines[0]))
    return "\n".join(lines)


def format_markdown_table(rows: list[list[str]]) -> str:
    """Rows as a Markdown table."""
    lines = ["| " + " | ".join(rows[0]) + " |", "|---" + "|---:" * (len(rows[0]) - 1) + "|"]
    for row in rows[1:]:
        cells = [cell.replace("|", "\\|") for cell in row]
        cells += [""] * (len(rows[0]) - len(cells))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            kib = int(meminfo.readline().split()[1])
        return f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        return "unknown"


def _git(repo: Path, *arguments: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *arguments], capture_output=True, text=True, check=True
    ).stdout.strip()


def _commit(repo: Path) -> str:
    try:
        head = _git(repo, "log", "-1", "--format=%h %s")
        dirty = _git(repo, "status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    subject = head if len(head) < 90 else head[:87] + "..."
    return subject + (" (with uncommitted changes)" if dirty else "")


def machine_lines(repo: Path) -> list[str]:
    """What the figures were measured on: CPU, cores, RAM, OS, Python, libraries, commit."""
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    load = (
        ", ".join(f"{value:.2f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "-"
    )
    return [
        f"CPU: {_cpu_model()}, {os.cpu_count()} cores; RAM {_memory()}",
        f"OS: {platform.platform()}",
        f"Python: {platform.python_version()} ({sys.executable})",
        "Libraries: " + ", ".join(versions),
        f"hubctl commit: {_commit(repo)}",
        f"Load average at the start (1, 5, 15 min): {load}",
    ]


def render_results(
    preset: str,
    tree_line: str,
    machine: list[str],
    rows: list[list[str]],
    targets: list[Target],
    notes: list[str],
) -> str:
    """The RESULTS.md section of one preset's run."""
    today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"## Preset `{preset}`", "", f"Run {today}; {tree_line}.", ""]
    lines += [f"- {line}" for line in machine]
    lines += ["", format_markdown_table(rows), "", "| target | limit | result | measured |"]
    lines += ["|---|---|---|---|"]
    lines += [f"| {t.name} | {t.limit} | **{t.status}** | {t.reason} |" for t in targets]
    if notes:
        lines += ["", "Notes:", ""] + [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


RESULTS_HEADER = """\
# Benchmark results

Written by `python bench/run.py --write-results` (see bench/README.md for what each figure
means). Each preset has its own section; a run replaces only its preset's section.
"""


def write_results(section: str, preset: str, path: Path) -> None:
    """Put ``section`` into RESULTS.md in place of that preset's previous section."""
    start, end = f"<!-- results:{preset}:start -->", f"<!-- results:{preset}:end -->"
    block = f"{start}\n{section}{end}\n"
    text = path.read_text(encoding="utf-8") if path.exists() else RESULTS_HEADER
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end) + r"\n?", re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text, encoding="utf-8")
