"""The `hubctl` command: options in, a library call, a report out, an exit code.

Exit codes (README: Exit codes): 0 clean, 1 the data has errors, 2 wrong usage (Click's own),
3 an internal error (one line; a traceback only with HUBCTL_DEBUG=1).

The CLI is its own small package, the only part of hubctl that imports click: `group`
holds the `hubctl` group and its error handling, `options` the shared options, `output`
how results are written, and one module per family of commands registers them on import.
"""

from __future__ import annotations

from hubctl.cli import (
    check_commands,
    diff_command,
    import_command,
    listing_commands,
    publish_command,
)
from hubctl.cli.group import cli
from hubctl.cli.options import Settings

# The modules above register their commands on `cli` when imported.
COMMAND_MODULES = (check_commands, publish_command, listing_commands, diff_command, import_command)

main = cli

__all__ = ["Settings", "cli", "main"]
