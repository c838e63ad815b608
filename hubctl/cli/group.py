"""The `hubctl` group: global options, --help with examples, and the one place a
command's failure becomes output and an exit code."""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

import click

from hubctl import __version__
from hubctl.cli.options import (
    Settings,
)
from hubctl.cli.output import (
    BUG_REPORT_HINT,
    default_format,
    emit_report,
    print_to_stderr,
)
from hubctl.command_examples import examples_help
from hubctl.diagnostics import CODES, Code
from hubctl.errors import EXIT_INTERNAL, HubctlError


class _WithExamples(click.Command):
    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Write the `Examples:` block, then the command's own epilog."""
        names: list[str] = []  # the command's path below `hubctl`: "import oruk"
        context: click.Context | None = ctx
        while context is not None and context.parent is not None:
            names.insert(0, context.info_name or "")
            context = context.parent
        examples = examples_help(" ".join(names))
        if examples:
            formatter.write_paragraph()
            formatter.write_text(examples)
        super().format_epilog(ctx, formatter)


class ExampleCommand(_WithExamples):
    """A command whose --help ends with its examples (hubctl.command_examples), then epilog."""


class ExampleGroup(click.Group):
    """A group of commands (`hubctl import`) whose commands' --help end with examples."""

    command_class = ExampleCommand


class GuardedGroup(click.Group):
    """The one place a command's failure becomes output and an exit code (README: Exit codes).

    A HubctlError prints its diagnostics as `validate` would (stdout; github format
    under GitHub Actions) and one line on stderr, then exits with its code (2 for a
    usage error). Anything else is a bug: one line, exit 3.
    """

    command_class = ExampleCommand
    # Each command's module, imported when the command is first asked for, so that
    # `hubctl validate` does not import what publish, diff or coverage need (README:
    # Performance). A module registers its commands on `cli` when imported.
    command_modules: ClassVar[Mapping[str, str]] = {
        "coverage": "hubctl.cli.check_commands",
        "diff": "hubctl.cli.diff_command",
        "import": "hubctl.cli.import_command",
        "list": "hubctl.cli.listing_commands",
        "new": "hubctl.cli.listing_commands",
        "publish": "hubctl.cli.publish_command",
        "schema": "hubctl.cli.check_commands",
        "validate": "hubctl.cli.validate_command",
        "verify": "hubctl.cli.verify_command",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.command_modules})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.command_modules:
            importlib.import_module(self.command_modules[cmd_name])
        return super().get_command(ctx, cmd_name)

    def all_commands(self) -> dict[str, click.Command]:
        """Every command by name, each module imported (for help checks and tests)."""
        for module in sorted(set(self.command_modules.values())):
            importlib.import_module(module)
        return dict(sorted(self.commands.items()))

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return self._invoke_and_wipe_progress(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except HubctlError as error:
            if error.diagnostics:
                emit_report(error.diagnostics, default_format())
            print_to_stderr(f"hubctl: {error}")
            raise SystemExit(error.exit_code) from None
        except Exception as error:
            if os.environ.get("HUBCTL_DEBUG") == "1":
                raise
            print_to_stderr(
                f"hubctl: internal error ({type(error).__name__}: {error}); {BUG_REPORT_HINT}"
            )
            raise SystemExit(EXIT_INTERNAL) from None

    def _invoke_and_wipe_progress(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        finally:
            if isinstance(ctx.obj, Settings):
                ctx.obj.progress.finish()


@click.group(
    cls=GuardedGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="hubctl")
@click.option(
    "--listings",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("listings"),
    envvar="HUBCTL_LISTINGS",
    show_default=True,
    help="Folder holding one sub-folder per local authority (env HUBCTL_LISTINGS).",
)
@click.option(
    "--taxonomy",
    "taxonomy_path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="Offer-area taxonomy to use instead of the one shipped with hubctl.",
)
@click.option(
    "--requirements",
    "requirements_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    envvar="HUBCTL_REQUIREMENTS",
    help="Folder of requirement profiles (<id>.yaml) to use instead of the shipped "
    "schema/requirements/ (env HUBCTL_REQUIREMENTS).",
)
@click.pass_context
def cli(
    context: click.Context,
    listings: Path,
    taxonomy_path: Path | None,
    requirements_dir: Path | None,
) -> None:
    """Validate, check coverage of and publish Family Hub listings kept as YAML."""
    context.obj = Settings(listings, taxonomy_path, requirements_dir)


def codes_epilog(codes: Mapping[str, Code] = CODES) -> str:
    """The `Diagnostic codes:` block a command's --help ends with (default the listings')."""
    lines = [f"{c.code}  {c.severity:<7}  {c.title}" for c in codes.values()]
    return "\b\nDiagnostic codes:\n" + "\n".join(lines)
