"""How long-running library calls report progress, without knowing who is watching.

The library never draws anything: `load_listings`, `validate` and `publish` take an
optional `Progress` and tell it what they are doing. The CLI passes one that draws a
bar on a terminal (only there: never in CI logs, a pipe or a machine format); a
library caller may pass its own, or nothing.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Told about each stage of a long run: its name and size, then each step done."""

    def start(self, stage: str, total: int) -> None:
        """A stage begins (e.g. "reading", "checking", "writing feeds") with `total` steps."""

    def advance(self, steps: int = 1) -> None:
        """`steps` more steps of the current stage are done."""

    def finish(self) -> None:
        """The whole run is over (whether it succeeded or not)."""


class NoProgress:
    """The `Progress` that shows nothing: the default everywhere."""

    def start(self, stage: str, total: int) -> None:
        """Ignore the stage."""

    def advance(self, steps: int = 1) -> None:
        """Ignore the steps."""

    def finish(self) -> None:
        """Nothing to tidy."""


NO_PROGRESS = NoProgress()
