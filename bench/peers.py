"""The peers hubctl is compared with per file, and the slice of the tree they all read.

Each peer is run as a user would run it: one invocation per file kind with that kind's
schema. check-jsonschema gets our generated ``schema/<kind>.schema.json`` and the
file names; Yamale gets ``bench/yamale/<kind>.yaml`` and the slice folder with
``-n 2`` worker processes (Yamale uses its pool only for a folder, never for files),
told by ``--exclude`` to leave out the other kinds.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
YAMALE_DIR = BENCH_DIR / "yamale"
KINDS = ("authority", "hub", "branch", "activity")
# Where each kind's files are, as a glob under the tree (SPEC §3).
GLOB_BY_KIND = {
    "authority": "*/authority.yaml",
    "hub": "*/hubs/*.yaml",
    "branch": "*/branches/*.yaml",
    "activity": "*/activities/*.yaml",
}
# Regular expressions (Yamale's --exclude) that leave out every kind but one.
YAMALE_EXCLUDES = {
    "authority": [r"/(activities|hubs|branches)/"],
    "hub": [r"/(activities|branches)/", r"authority\.yaml$"],
    "branch": [r"/(activities|hubs)/", r"authority\.yaml$"],
    "activity": [r"/(hubs|branches)/", r"authority\.yaml$"],
}


def make_slice(tree: Path, slice_dir: Path, size: int) -> int:
    """Copy the first ``size`` files of ``tree`` into ``slice_dir``, as a valid tree.

    Authorities are taken in order, each with its authority file, hubs and branches
    before its activities, so every copied activity finds its venues. Returns the number
    of files copied (fewer than ``size`` when the tree is smaller).
    """
    if slice_dir.exists():
        shutil.rmtree(slice_dir)
    copied = 0
    for authority in sorted(p for p in tree.iterdir() if p.is_dir()):
        files = [authority / "authority.yaml"]
        for folder in ("hubs", "branches", "activities"):
            files += sorted((authority / folder).glob("*.yaml"))
        for source in files:
            if copied == size:
                return copied
            target = slice_dir / source.relative_to(tree)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            copied += 1
    return copied


def find_tool(name: str) -> str | None:
    """The executable ``name`` beside this interpreter, else on PATH, else None."""
    local = Path(sys.executable).parent / name
    if local.exists():
        return str(local)
    return shutil.which(name)


def files_of_kind(tree: Path, kind: str) -> list[str]:
    """The kind's files under ``tree``, relative to it and sorted."""
    return sorted(str(p.relative_to(tree)) for p in tree.glob(GLOB_BY_KIND[kind]))


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


def check_jsonschema_commands(exe: str, tree: Path) -> list[list[str]]:
    """One check-jsonschema command per kind (split if the file list is too long).

    ``--regex-variant nonunicode``: our schemas' URL and email patterns escape a quote
    (``\\"``), which the default unicode-mode ECMA-262 check rejects as a schema error
    before any file is read; a user would have to pass this option too.
    """
    commands: list[list[str]] = []
    for kind in KINDS:
        files = files_of_kind(tree, kind)
        if not files:
            continue
        schema = REPO_ROOT / "schema" / f"{kind}.schema.json"
        prefix = [exe, "--regex-variant", "nonunicode", "--schemafile", str(schema)]
        commands += split_args(prefix, files)
    return commands


def yamale_commands(exe: str, tree: Path, workers: int) -> list[list[str]]:
    """One ``yamale -n WORKERS`` command per kind over the whole folder."""
    commands: list[list[str]] = []
    for kind in KINDS:
        if not files_of_kind(tree, kind):
            continue
        command = [exe, "-s", str(YAMALE_DIR / f"{kind}.yaml"), "-n", str(workers)]
        for pattern in YAMALE_EXCLUDES[kind]:
            command += ["-e", pattern]
        commands.append([*command, str(tree)])
    return commands
