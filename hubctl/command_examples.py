"""The examples each command's `--help` ends with: one table, checked against the CLI.

Each entry, keyed by the command's path (`validate`, `import oruk`), is a command line as a
user types it from a listings repository's root, with an optional `# comment`.
tests/test_help_examples.py parses every line with the real Click commands (options,
choices, paths), and fails for a command that has no entry here.
"""

from __future__ import annotations

COMMAND_EXAMPLES: dict[str, tuple[str, ...]] = {
    "validate": (
        "hubctl validate                                 # every file under ./listings",
        "hubctl validate listings/derby                  # report one authority's files",
        "hubctl validate --strict --on 2026-11-23        # CI: warnings fail, a fixed date",
        "hubctl validate --format sarif > hubctl.sarif   # for GitHub code scanning",
        "hubctl --listings ../other/listings validate --format json",
    ),
    "coverage": (
        "hubctl coverage --on 2026-11-23",
        "hubctl coverage --by hub --authority derby",
        "hubctl coverage --format markdown --fail-on-gaps   # a PR comment; exit 1 on a gap",
        "hubctl coverage --area infant-feeding --format csv > infant-feeding.csv",
    ),
    "publish": (
        "hubctl publish                                   # validate, then write dist/",
        "hubctl publish --out public/feeds --on 2026-11-23",
    ),
    "diff": (
        "hubctl diff main                                 # main against your working files",
        "hubctl diff origin/main HEAD --format markdown   # a pull-request comment",
        "hubctl diff v1.0 v1.1 --format json --on 2026-11-23",
        "hubctl diff main --fail-on-lost-coverage   # CI: exit 1 when a required area is lost",
    ),
    "new": (
        "hubctl new authority ambridge                    # listings/ambridge/authority.yaml",
        "hubctl new hub ambridge-family-hub --authority ambridge",
        "hubctl new activity ambridge-baby-cafe --hub ambridge-family-hub",
        "hubctl new branch ambridge-library --hub ambridge-family-hub --on 2026-11-23",
    ),
    "list": (
        "hubctl list hubs --authority derby",
        "hubctl list activities --area infant-feeding --day tue --age 1",
        "hubctl list activities --hub sinfin-family-hub --format csv > sinfin.csv",
        "hubctl list branches --due 30               # reviews due within 30 days",
    ),
    "verify": (
        "hubctl verify dist                     # a feed folder you downloaded",
        "hubctl verify dist --format json > verify.json",
    ),
    "import oruk": (
        "hubctl import oruk tests/fixtures/oruk-examples/service_full.json --authority mycity",
        "hubctl import oruk tests/fixtures/oruk-examples/csv --authority mycity --out imported",
        "hubctl import oruk tests/fixtures/oruk-examples --authority mycity --on 2026-11-23",
        "hubctl import oruk tests/fixtures/oruk-examples/csv --authority mycity "
        "--hubs 'MyCity Civic Center'",
        "hubctl import oruk tests/fixtures/oruk-examples/service_list.json --authority mycity "
        "--organization 'Example Organization Inc.'",
        "hubctl import oruk tests/fixtures/oruk-examples/csv --authority mycity --skip-existing "
        "--report -   # again: keep what is there, the report on stdout",
    ),
    "schema": (
        "hubctl schema            # rewrite schema/*.schema.json from the models",
        "hubctl schema --check    # CI: exit 1 when they are out of date",
    ),
}


def examples_help(command_name: str) -> str:
    """The `Examples:` block for a command's --help (Click keeps a `\\b` paragraph's lines).

    Empty for a command without examples (a test fails for it).
    """
    examples = COMMAND_EXAMPLES.get(command_name, ())
    if not examples:
        return ""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in examples)
