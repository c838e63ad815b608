"""Every command's --help ends with examples, and each example is a command line that parses.

The loop is over the Click tree, so a command added later fails here until it has examples
in hubctl/command_examples.py. Each example is parsed by the real Click commands (unknown
commands, options and choices, and missing paths, are usage errors), from the repository
root as a steward would type it, but not run.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from conftest import run_cli

from hubctl.cli import Settings, cli
from hubctl.command_examples import COMMAND_EXAMPLES

SHELL_OPERATORS = {">", ">>", "<", "|", "&&", ";"}


def commands_in(group: click.Group, above: str = "") -> Iterator[str]:
    """The path of every command under `group` ("validate", "import oruk"); a group of
    commands is not one: its commands are. hubctl's own group imports its commands'
    modules lazily, so it is asked for all of them."""
    commands = group.all_commands() if hasattr(group, "all_commands") else group.commands
    for name, command in commands.items():
        if isinstance(command, click.Group):
            yield from commands_in(command, f"{above}{name} ")
        else:
            yield f"{above}{name}"


ALL_COMMANDS = sorted(commands_in(cli))


def example_arguments(example: str) -> list[str]:
    """The words after `hubctl` in an example, without its comment or shell redirection."""
    words = shlex.split(example, comments=True)
    assert words[0] == "hubctl", example
    cut = next((i for i, word in enumerate(words) if word in SHELL_OPERATORS), len(words))
    return words[1:cut]


def parsed_command(arguments: list[str]) -> str:
    """Parse `hubctl ARGUMENTS` down the Click tree; the path of the command reached.

    Raises click.UsageError for an unknown command or option, a bad choice or date, or a
    PATH that does not exist.
    """
    context = cli.make_context("hubctl", list(arguments), obj=Settings(Path("listings"), None))
    group: click.Group = cli
    names = []
    while True:
        remaining = [*context._protected_args, *context.args]
        name, command, rest = group.resolve_command(context, remaining)
        assert command is not None and name is not None, arguments
        names.append(name)
        context = command.make_context(name, rest, parent=context)
        if not isinstance(command, click.Group):
            return " ".join(names)
        group = command


@pytest.fixture
def at_repository_root(repo_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Examples name paths such as listings/derby, relative to the repository root."""
    monkeypatch.chdir(repo_root)


def test_the_tree_has_commands_and_examples_name_only_commands_that_exist() -> None:
    assert "validate" in ALL_COMMANDS
    assert sorted(COMMAND_EXAMPLES) == ALL_COMMANDS


@pytest.mark.parametrize("name", ALL_COMMANDS)
def test_every_command_help_ends_with_its_examples(name: str) -> None:
    assert COMMAND_EXAMPLES.get(name), f"hubctl {name} has no examples in command_examples.py"
    result = run_cli(*name.split(), "--help")
    assert result.exit_code == 0
    shown = result.stdout.split("\nExamples:\n", 1)[1]
    assert shown.startswith("".join(f"  {line}\n" for line in COMMAND_EXAMPLES[name]))


@pytest.mark.parametrize("name", ALL_COMMANDS)
@pytest.mark.usefixtures("at_repository_root")
def test_every_example_parses_with_the_real_commands(name: str) -> None:
    for example in COMMAND_EXAMPLES.get(name, ()):
        assert parsed_command(example_arguments(example)) == name, example


@pytest.mark.usefixtures("at_repository_root")
@pytest.mark.parametrize(
    "example",
    [
        "hubctl valdate",  # no such command
        "hubctl validate --stirct",  # no such option
        "hubctl validate --format xml",  # not a choice
        "hubctl validate listings/nowhere",  # no such path
        "hubctl coverage --on 23/11/2026",  # not a date
    ],
)
def test_a_wrong_example_would_fail_the_check(example: str) -> None:
    with pytest.raises(click.UsageError):
        parsed_command(example_arguments(example))


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_readme_completion_line_gives_a_script_for_each_shell(shell: str) -> None:
    script = run_cli(env={"_HUBCTL_COMPLETE": f"{shell}_source"})
    assert script.exit_code == 0 and "_HUBCTL_COMPLETE" in script.stdout
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"_HUBCTL_COMPLETE={shell}_source hubctl" in readme


def test_bash_completion_completes_command_names() -> None:
    completed = run_cli(
        env={"_HUBCTL_COMPLETE": "bash_complete", "COMP_WORDS": "hubctl val", "COMP_CWORD": "1"}
    )
    assert completed.stdout == "plain,validate\n"
