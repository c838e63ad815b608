"""Shared fixtures: where the repository is, a fixed "today" and a small valid tree.

The tree written by `make_tree` is valid on `fixed_today` with no warning at all:
one authority `testshire`, one hub, one branch of that hub and one running
activity per required offer area of the shipped taxonomy (schema/offer-areas.yaml),
every one held at the hub and the first also at the branch (so no site is unused).
Tests add or change one file in it to show one problem.

The feeds' tests read one tree of hostile but valid listings on disk instead, TRAPS
(tests/fixtures/traps, whose README lists its traps), or a copy of it, `trap_tree_copy`.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from hubctl.feeds import FeedFile

# The one tree of hostile but valid listings that every feed's tests read (its README
# says which trap each file holds). Tests that change it work on `trap_tree_copy`.
TRAPS = Path(__file__).resolve().parent / "fixtures" / "traps"
TRAP_HUB = "traptown-central-hub"

TREE_AUTHORITY = "testshire"
TREE_HUB = "testshire-central-hub"
TREE_BRANCH = "testshire-library-branch"
TREE_REVIEWED = "2026-10-01"

# One activity per area marked `required: true` in schema/offer-areas.yaml.
TREE_REQUIRED_AREAS = (
    "infant-feeding",
    "perinatal-mental-health",
    "parenting-support",
    "early-language",
    "midwifery",
    "health-visiting",
    "send-support",
    "family-support",
    "reducing-parental-conflict",
)

_AUTHORITY_YAML = f"""\
id: {TREE_AUTHORITY}
name: Testshire County Council
ons_code: E10000099
website: https://testshire.example.org/family-hubs
virtual_hub_url: https://testshire.example.org/family-hubs/online
contact:
  phone: "01632 960000"
  email: familyhubs@testshire.example.org
"""

_HUB_YAML = f"""\
id: {TREE_HUB}
name: Testshire Central Family Hub
status: open
address:
  line1: 1 Market Place
  town: Testbury
  postcode: DE1 1AA
location: {{lat: 52.92, lon: -1.48}}
opening_hours:
  - byday: [mon, tue, wed, thu, fri]
    opens_at: "09:00"
    closes_at: "17:00"
accessibility: [step-free-access, baby-changing]
last_reviewed: {TREE_REVIEWED}
"""

_BRANCH_YAML = f"""\
id: {TREE_BRANCH}
name: Testbury Library
status: open
hub: {TREE_HUB}
site_type: library
address:
  line1: 2 Church Street
  town: Testbury
  postcode: DE1 2AB
last_reviewed: {TREE_REVIEWED}
"""

WEEKLY_TUESDAY = """\
  - freq: weekly
    byday: [tue]
    opens_at: "10:00"
    closes_at: "11:30"
"""


def activity_yaml(
    activity_id: str,
    offer_areas: str,
    *,
    name: str | None = None,
    description: str = "For tests.",
    status: str = "running",
    venues: str = TREE_HUB,
    audience: str = "parents",
    age_range: str = "{min: 0, max: 2}",
    schedule: str = WEEKLY_TUESDAY,
    extra: str = "",
    last_reviewed: str = TREE_REVIEWED,
) -> str:
    """The one builder of activity files for tests: each argument is the field's YAML text.

    `offer_areas`, `venues` and `audience` are the insides of their [lists]; `schedule`
    is the rules' YAML or a word ("by-appointment", "self-paced"); `extra` is more
    `field: value` lines.
    """
    words = ("by-appointment", "self-paced")
    rules = f" {schedule}" if schedule in words else "\n" + schedule.rstrip("\n")
    return (
        f"id: {activity_id}\nname: {name or f'Activity {activity_id}'}\n"
        f"description: {description}\nstatus: {status}\noffer_areas: [{offer_areas}]\n"
        f"venues: [{venues}]\naudience: [{audience}]\nage_range: {age_range}\ncost: free\n"
        f"booking: drop-in\nschedule:{rules}\n{extra}last_reviewed: {last_reviewed}\n"
    )


# Line 5, column 15 is where `infant-feding` starts.
TYPO_ACTIVITY = activity_yaml(
    "typo-feeding-cafe",
    "infant-feding",
    name="Typo Feeding Cafe",
    description="A feeding cafe whose offer area is misspelt.",
    venues="testshire-central-hub",
    schedule="by-appointment",
)


def tree_activity_id(area: str) -> str:
    """The id (and file stem) of the tree's activity for one required area."""
    return f"testshire-{area}"


def _tree_files() -> dict[str, str]:
    files = {
        f"{TREE_AUTHORITY}/authority.yaml": _AUTHORITY_YAML,
        f"{TREE_AUTHORITY}/hubs/{TREE_HUB}.yaml": _HUB_YAML,
        f"{TREE_AUTHORITY}/branches/{TREE_BRANCH}.yaml": _BRANCH_YAML,
    }
    for index, area in enumerate(TREE_REQUIRED_AREAS):
        venues = f"{TREE_HUB}, {TREE_BRANCH}" if index == 0 else TREE_HUB
        activity_id = tree_activity_id(area)
        files[f"{TREE_AUTHORITY}/activities/{activity_id}.yaml"] = activity_yaml(
            activity_id,
            area,
            name=f"Testshire {area}",
            description=f"A weekly session for {area}.",
            venues=venues,
            audience="parents, carers",
            age_range="{min: 0, max: 5, antenatal: true}",
        )
    return files


@pytest.fixture
def repo_root() -> Path:
    """The repository's top folder (holding hubctl/, listings/ and schema/)."""
    return Path(__file__).resolve().parent.parent


@pytest.fixture
def shipped_listings(repo_root: Path) -> Path:
    """The example listings shipped in the repository (valid on `fixed_today`)."""
    return repo_root / "listings"


@pytest.fixture
def fixed_today() -> datetime.date:
    """The date freshness is judged against, so no test depends on the wall clock."""
    return datetime.date(2026, 11, 23)


@pytest.fixture
def make_tree(tmp_path: Path) -> Callable[..., Path]:
    """A factory: `make_tree()` writes the small valid tree to tmp_path/"listings".

    `make_tree("other")` writes another copy to tmp_path/"other". Returns the tree's path.
    """

    def write_tree(folder_name: str = "listings") -> Path:
        root = tmp_path / folder_name
        for relative, text in _tree_files().items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
        return root

    return write_tree


@pytest.fixture
def trap_tree_copy(tmp_path: Path) -> Path:
    """A copy of the trap tree (TRAPS) in tmp_path, for a test that changes a file of it."""
    return Path(shutil.copytree(TRAPS, tmp_path / "traps"))


# Variables that change what hubctl does; a caller's shell (or CI runner) may set any
# of them, so every test starts without them and sets what it needs itself.
HUBCTL_ENVIRONMENT = (
    "GITHUB_ACTIONS",
    "HUBCTL_LISTINGS",
    "HUBCTL_DEBUG",
    "HUBCTL_CACHE_DIR",
    "SOURCE_DATE_EPOCH",
    "NO_COLOR",
    "CI",
)


@pytest.fixture(autouse=True, scope="session")
def isolated_environment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Clear the caller's hubctl-related environment for the whole session.

    Session scope, so module-scoped fixtures (a publish shared by a module's tests,
    the wheel build) run without them too. The cache goes to one folder of the session
    (never beside the fixtures in the repository), and its key to another (never the
    caller's ~/.cache); tests of the cache's own location set these themselves.
    """
    with pytest.MonkeyPatch.context() as patch:
        for name in HUBCTL_ENVIRONMENT:
            patch.delenv(name, raising=False)
        patch.setenv("HUBCTL_CACHE_DIR", str(tmp_path_factory.mktemp("hubctl-cache")))
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield


# --- every diagnostic code is produced by some test ------------------------------------
# Each Diagnostic made while the suite runs is recorded (all go through its __init__);
# after a full run, a code in hubctl.diagnostics.CODES (or hubctl verify's VERIFY_CODES)
# that no test produced fails the session, so a code cannot be added, or stop being
# produced, unnoticed.
_CODES_SEEN: set[str] = set()


def pytest_configure(config: pytest.Config) -> None:
    from hubctl.diagnostics import Diagnostic

    original = Diagnostic.__init__

    def recording_init(self: Diagnostic, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        _CODES_SEEN.add(self.code)

    Diagnostic.__init__ = recording_init  # type: ignore[method-assign]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    from hubctl.diagnostics import CODES
    from hubctl.feed_verify.codes import VERIFY_CODES

    option = session.config.option
    whole_suite = (
        not option.keyword
        and not option.markexpr
        and [Path(a).resolve() for a in session.config.args] == [Path(__file__).resolve().parent]
        and session.testsfailed == 0
        and session.testscollected > 0
    )
    missing = sorted((set(CODES) | set(VERIFY_CODES)) - _CODES_SEEN)
    if whole_suite and missing:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"no test produced these diagnostic codes: {', '.join(missing)}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# --- running the CLI ----------------------------------------------------------------------
# One way every test runs hubctl in-process: through Click's CliRunner, as a user types it.
CLI_TODAY = "2026-11-23"  # `fixed_today`, as the CLI takes it


# The JSON report (`--format json`) of a run that found nothing.
CLEAN_JSON_REPORT = {"format_version": "1.0.0", "errors": 0, "warnings": 0, "diagnostics": []}


def run_cli(*arguments: str | Path, env: Mapping[str, str | None] | None = None) -> Result:
    """`hubctl ARGUMENTS...` through Click's CliRunner (stdout and stderr kept apart)."""
    from hubctl.cli import cli

    return CliRunner().invoke(cli, [str(a) for a in arguments], env=env, prog_name="hubctl")


def run_coverage(listings: Path, *arguments: str) -> Result:
    """`hubctl --listings LISTINGS coverage --on CLI_TODAY ARGUMENTS...`."""
    return run_cli("--listings", listings, "coverage", "--on", CLI_TODAY, *arguments)


def publish_cli(
    listings: Path, out: Path, *options: str, env: Mapping[str, str | None] | None = None
) -> Result:
    """`hubctl --listings LISTINGS publish --out OUT --on CLI_TODAY OPTIONS...`."""
    return run_cli(
        "--listings", listings, "publish", "--out", out, "--on", CLI_TODAY, *options, env=env
    )


def feed_listing_fields(entry: Mapping[str, Any]) -> dict[str, Any]:
    """A feed.json entry as its listing's fields: less the `authority` feed.json adds, and
    an activity's `closed_venues` back in its venues (after the open ones)."""
    fields = {key: value for key, value in entry.items() if key not in FEED_ADDED_KEYS}
    if "closed_venues" in entry:
        fields["venues"] = [*entry["venues"], *entry["closed_venues"]]
    return fields


# What feed.json adds to a listing's own fields.
FEED_ADDED_KEYS = ("authority", "closed_venues")


def read_mirror_pages(dist: Path, collection: str) -> list[dict[str, Any]]:
    """Every page of one collection of the published Open Referral UK mirror, in order,
    read as a client does: page 1, then up to its `total_pages`."""
    first = json.loads((dist / "oruk" / collection / "page-1.json").read_bytes())
    pages = [first]
    for number in range(2, first["total_pages"] + 1):
        pages.append(json.loads((dist / "oruk" / collection / f"page-{number}.json").read_bytes()))
    return pages


def read_mirror_services(dist: Path) -> list[dict[str, Any]]:
    """Every published service in full, in page order: each `/services` item's own file."""
    ids = [item["id"] for page in read_mirror_pages(dist, "services") for item in page["contents"]]
    return [json.loads((dist / "oruk" / "services" / f"{i}.json").read_bytes()) for i in ids]


def feed_snapshot(files: Iterable[FeedFile]) -> list[tuple[str, bytes, int | None]]:
    """Each feed file's path, whole bytes (its chunks joined) and record count, to compare."""
    return [(file.path, file.content, file.records) for file in files]


# --- git repositories, for hubctl diff ------------------------------------------------------


# Fixed dates: the same commits give the same hashes (the README shows one).
COMMIT_DATE = "2026-11-20T09:00:00Z"


class ListingsRepository:
    """A git repository in tmp_path whose `listings/` is the conftest tree."""

    def __init__(self, top: Path) -> None:
        self.top = top
        self.listings = top / "listings"

    def git(self, *arguments: str, when: str = COMMIT_DATE) -> str:
        """Run git in the repository (its own identity, no signing) and return stdout.

        A commit made here is dated `when` (ISO 8601), by default COMMIT_DATE.
        """
        environment = {
            **os.environ,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_OPTIONAL_LOCKS": "0",  # `git status` here must not rewrite the index either
            "GIT_AUTHOR_NAME": "Steward",
            "GIT_AUTHOR_EMAIL": "steward@example.org",
            "GIT_COMMITTER_NAME": "Steward",
            "GIT_COMMITTER_EMAIL": "steward@example.org",
            "GIT_AUTHOR_DATE": when,
            "GIT_COMMITTER_DATE": when,
        }
        completed = subprocess.run(
            ["git", *arguments], cwd=self.top, env=environment, capture_output=True, check=True
        )
        return completed.stdout.decode("utf-8")

    def write(self, relative: str, text: str) -> None:
        """Write one file (folders made as needed)."""
        path = self.top / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")

    def edit(self, relative: str, old: str, new: str) -> None:
        """Replace `old` (which must be there) by `new` in one file."""
        path = self.top / relative
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8", newline="\n")

    def commit(self, message: str, *, when: str = COMMIT_DATE) -> None:
        """Stage everything and commit it, dated `when`."""
        self.git("add", "--all")
        self.git("commit", "--quiet", "--allow-empty", "-m", message, when=when)

    def diff(self, *arguments: str) -> Result:
        """`hubctl --listings LISTINGS diff ARGUMENTS... --on CLI_TODAY`."""
        return run_cli("--listings", self.listings, "diff", *arguments, "--on", CLI_TODAY)

    def diff_json(self, *arguments: str) -> dict[str, Any]:
        """The diff as parsed JSON, after checking it exited 0."""
        result = self.diff(*arguments, "--format", "json")
        assert result.exit_code == 0, result.output
        document: dict[str, Any] = json.loads(result.stdout)
        return document


@pytest.fixture
def listings_repo(tmp_path: Path, make_tree: Callable[..., Path]) -> ListingsRepository:
    """The conftest tree committed as the first commit of a new repository."""
    make_tree()
    repository = ListingsRepository(tmp_path)
    repository.git("init", "--quiet", "-b", "main")
    repository.commit("listings")
    return repository
