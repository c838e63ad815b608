"""The `hubctl` command: options in, a library call, a report out, an exit code.

Exit codes (README: Exit codes): 0 clean, 1 the data has errors, 2 wrong usage (Click's own),
3 an internal error (one line; a traceback only with HUBCTL_DEBUG=1).

The CLI is its own small package, the only part of hubctl that imports click: `group`
holds the `hubctl` group and its error handling, `options` the shared options, `output`
how results are written, and one module per family of commands registers them on import.
The group imports a command's module only when the command is run or listed in --help
(`GuardedGroup.command_modules`); `cli.all_commands()` imports them all.
"""

from __future__ import annotations

from hubctl.cli.group import cli
from hubctl.cli.options import Settings

main = cli

__all__ = ["Settings", "cli", "main"]
