"""The failures a user can act on, each with the exit code it ends a command with.

Library functions raise these; the CLI turns every one into output and an exit code in
one place (`cli.GuardedGroup`). Anything else that escapes is a bug: exit 3.
"""

from __future__ import annotations

from collections.abc import Sequence

from hubctl.diagnostics import Diagnostic

EXIT_OK, EXIT_DATA_ERRORS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class HubctlError(Exception):
    """A failure with a plain message, the diagnostics behind it (if any) and an exit code.

    `exit_code` is 1 (the data or the machine stopped the command) unless a subclass says
    2 (wrong usage). `diagnostics` are printed the way `validate` prints them.
    """

    exit_code = EXIT_DATA_ERRORS

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.diagnostics = list(diagnostics)


class UsageError(HubctlError):
    """The command was asked for something it must not or cannot do: exit 2."""

    exit_code = EXIT_USAGE
