"""The incremental cache: a warm run gives exactly what a cold one gives, whatever happened.

Each test compares a run with the cache against a run with none (`--no-cache`, or no
cache folder in the library): the diagnostics and every listing's data must be equal.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import os
import pickle
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import CLI_TODAY, TRAPS, run_cli

import hubctl.file_checks as file_checks
import hubctl.listing_cache as listing_cache
import hubctl.listings as listings_module
from hubctl.parallel_reading import ReadOptions
from hubctl.validation import validate

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = datetime.date(2026, 11, 23)


def state(tree: Path, cache_dir: Path | None, jobs: int = 1) -> dict[str, Any]:
    """What a validate of `tree` gives: diagnostics, every listing's data, the raw ids."""
    report = validate(tree, today=TODAY, reading=ReadOptions(jobs=jobs, cache_dir=cache_dir))
    listings = report.listings
    return {
        "diagnostics": [d.as_dict() for d in report.diagnostics],
        "records": [
            (r.source.display_path, r.listing.model_dump(), sorted(r.listing.model_fields_set))
            for r in listings.records
        ],
        "venues": sorted(listings.venues_of_invalid_activities),
        "sites": listings.invalid_sites,
    }


class FreshChecks:
    """Counts the valid files checked afresh (not taken from the cache) by in-process runs.

    Invalid files are checked afresh every time (their messages may name today's date),
    so only valid ones say whether the cache was used.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        original = file_checks.check_bytes

        def counting(*arguments: Any) -> Any:
            outcome = original(*arguments)
            self.count += outcome.listing is not None
            return outcome

        # listing_cache imports check_bytes when a file must be checked afresh.
        monkeypatch.setattr(file_checks, "check_bytes", counting)

    def state(self, tree: Path, cache_dir: Path) -> tuple[int, dict[str, Any]]:
        """How many files a cached run checked afresh, and what it gave."""
        before = self.count
        given = state(tree, cache_dir)
        return self.count - before, given


@pytest.fixture
def fresh_checks(monkeypatch: pytest.MonkeyPatch) -> FreshChecks:
    return FreshChecks(monkeypatch)


def listing_files(tree: Path) -> int:
    """How many valid listing files `tree` holds (what a pack holds one entry for)."""
    return len(validate(tree, today=TODAY).listings.records)


def the_pack(cache_dir: Path) -> Path:
    [pack] = cache_dir.glob("*.pack")
    return pack


def pack_entries(cache_dir: Path, tree: Path) -> int:
    """How many files the pack of `tree` holds, if it verifies (0 if none or ignored)."""
    return len(listing_cache.ListingCache(cache_dir, tree, _context())._entries)


def _context() -> str:
    from hubctl.taxonomy_source import read_taxonomy_source

    return listing_cache.cache_context(read_taxonomy_source().identity)


def hostile_tree(tmp_path: Path) -> Path:
    """The trap tree, plus invalid files of several kinds (so diagnostics are cached too)."""
    tree = Path(shutil.copytree(TRAPS, tmp_path / "listings"))
    activities = next(tree.glob("*/activities"))
    for name in ("duplicate-key.yaml", "yaml11-values.yaml", "tab-indent.yaml"):
        shutil.copyfile(FIXTURES / "reading" / name, activities / f"reading-{name}")
    for case in sorted((FIXTURES / "negative" / "activities").glob("*.yaml"))[:6]:
        shutil.copyfile(case, activities / case.name)
    return tree


def _edit(path: Path, rng: random.Random) -> None:
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    choice = rng.randrange(3)
    if choice == 0:
        text = text.replace("name: ", "name: Changed ", 1)
    elif choice == 1:
        text += "unknown_field: 1\n"
    else:
        text = text.replace("\n", "\n\n", 1)  # moves every later line: positions change
    path.write_text(text, encoding="utf-8", errors="surrogateescape")


def _same_size_same_mtime_edit(path: Path) -> None:
    before = path.stat()
    raw = path.read_bytes()
    index = raw.find(b"a")
    if index < 0:
        return
    path.write_bytes(raw[:index] + b"e" + raw[index + 1 :])
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # mtime forced back


def random_step(tree: Path, rng: random.Random, step: int) -> str:
    files = sorted(p for p in tree.rglob("*.yaml") if p.parent.name != tree.name)
    path = rng.choice(files)
    action = rng.choice(["edit", "rename", "delete", "add", "touch", "same-size"])
    if action == "edit":
        _edit(path, rng)
    elif action == "rename":
        path.rename(path.with_name(f"renamed-{step}.yaml"))
    elif action == "delete" and path.name != "authority.yaml":
        path.unlink()
    elif action == "add":
        source = rng.choice(sorted((FIXTURES / "negative" / "activities").glob("*.yaml")))
        shutil.copyfile(source, next(tree.glob("*/activities")) / f"added-{step}.yaml")
    elif action == "touch":
        os.utime(path)
    else:
        _same_size_same_mtime_edit(path)
    return f"{action} {path.name}"


@pytest.mark.parametrize("trust_status", [False, True], ids=["by-hash", "by-status"])
def test_a_random_sequence_of_changes_never_makes_the_cache_differ_from_a_cold_run(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    trust_status: bool,
    fresh_checks: FreshChecks,
) -> None:
    if trust_status:
        # Every entry is trusted on its status at once (not two seconds after a change),
        # so the size+mtime+ctime+inode fast path is what notices each change.
        monkeypatch.setattr(listing_cache, "RACY_NANOSECONDS", -(10**18))
    tree, cache_dir = hostile_tree(tmp_path), tmp_path / "cache"
    rng = random.Random(11)
    assert state(tree, cache_dir) == state(tree, None)
    for step in range(25):
        done = random_step(tree, rng, step)
        warm = state(tree, cache_dir, jobs=rng.choice([1, 2]))
        assert warm == state(tree, None), done
        assert fresh_checks.state(tree, cache_dir) == (0, warm), f"{done}, read back"
    assert pack_entries(cache_dir, tree) == listing_files(tree)


def cold_and_warm(tree: Path) -> tuple[Any, Any]:
    """A validate with --no-cache, and one with the cache, through the CLI."""
    arguments = ("--listings", tree, "validate", "--on", CLI_TODAY, "--format", "json")
    cold = run_cli(*arguments, "--no-cache")
    warm = run_cli(*arguments)
    return (cold.exit_code, cold.stdout), (warm.exit_code, warm.stdout)


def _pack_parts(content: bytes) -> tuple[bytes, bytes, bytes]:
    """A pack's MAC line, its index and its models (see `listing_cache.pack_bytes`)."""
    first_line, _, rest = content.partition(b"\n")
    length, _, rest = rest.partition(b"\n")
    return first_line, rest[: int(length)], rest[int(length) :]


def _flip_byte(content: bytes, at: int) -> bytes:
    return content[:at] + bytes([content[at] ^ 1]) + content[at + 1 :]


def _damage(pack: Path, how: str) -> None:
    content = pack.read_bytes()
    _, index, models = _pack_parts(content)
    if how == "truncated":
        pack.write_bytes(content[: len(content) // 2])
    elif how == "garbage":
        pack.write_bytes(os.urandom(len(content)))
    elif how == "tampered-index":  # one byte of the index changed, with the old signature
        pack.write_bytes(_flip_byte(content, len(content) - len(models) - len(index) // 2))
    elif how == "tampered-models":  # one byte of a model changed
        pack.write_bytes(_flip_byte(content, len(content) - len(models) // 2))
    elif how == "foreign-key":  # well-formed and signed, but not with this machine's key
        forged = hmac.new(b"k" * 32, index, hashlib.sha256).hexdigest().encode()
        pack.write_bytes(
            listing_cache._MAGIC + forged + b"\n" + b"%d\n" % len(index) + index + models
        )


@pytest.mark.parametrize("how", ["truncated", "garbage", "tampered-index", "foreign-key"])
def test_a_damaged_or_forged_pack_is_ignored_and_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str, fresh_checks: FreshChecks
) -> None:
    tree, cache_dir = hostile_tree(tmp_path), tmp_path / "cache"
    files = listing_files(tree)
    monkeypatch.setenv("HUBCTL_CACHE_DIR", str(cache_dir))
    cold, warm = cold_and_warm(tree)
    assert warm == cold and cold[0] == 1
    _damage(the_pack(cache_dir), how)
    assert pack_entries(cache_dir, tree) == 0  # the damaged pack is not used
    expected = state(tree, None)
    assert fresh_checks.state(tree, cache_dir) == (files, expected)  # all afresh
    assert pack_entries(cache_dir, tree) == files  # rebuilt
    assert fresh_checks.state(tree, cache_dir) == (0, expected)


def test_a_damaged_model_is_never_unpickled_and_the_pack_is_rebuilt(
    tmp_path: Path, fresh_checks: FreshChecks, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The index verifies, so validate (which needs no model) uses it; each model is
    # checked against its own SHA-256 in the index when first asked for.
    monkeypatch.setattr(listing_cache, "RACY_NANOSECONDS", -(10**18))  # status trusted at once
    tree, cache_dir = hostile_tree(tmp_path), tmp_path / "cache"
    files, expected = listing_files(tree), state(tree, None)
    state(tree, cache_dir)
    _, _, models_before = _pack_parts(the_pack(cache_dir).read_bytes())
    _damage(the_pack(cache_dir), "tampered-models")  # one byte of one model
    _, _, models_after = _pack_parts(the_pack(cache_dir).read_bytes())
    unpickled: list[bytes] = []
    real_load_model = listing_cache.load_model

    def counting_load_model(blob: bytes) -> Any:
        unpickled.append(blob)
        return real_load_model(blob)

    monkeypatch.setattr(listings_module, "load_model", counting_load_model)
    # The damaged model is read from its file again (counted as a check afresh); every
    # other model comes from the pack, and every one unpickled is as it was written.
    assert fresh_checks.state(tree, cache_dir) == (1, expected)
    assert len(unpickled) == files - 1
    assert all(blob in models_before for blob in unpickled)
    assert not any(blob not in models_after for blob in unpickled)
    assert not list(cache_dir.glob("*.pack"))  # removed, so that the next run rebuilds it
    assert fresh_checks.state(tree, cache_dir) == (files, expected)
    unpickled.clear()
    assert fresh_checks.state(tree, cache_dir) == (0, expected)
    assert len(unpickled) == files  # the rebuilt pack's models are used


def test_a_few_changed_files_are_checked_again_rather_than_the_pack_rewritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_checks: FreshChecks
) -> None:
    monkeypatch.setattr(listing_cache, "RACY_NANOSECONDS", -(10**18))  # status trusted at once
    tree, cache_dir = hostile_tree(tmp_path), tmp_path / "cache"
    state(tree, cache_dir)
    written = the_pack(cache_dir).read_bytes()
    # As a pack of 20,000 entries is, by one changed file in 26: it is not rewritten.
    monkeypatch.setattr(listing_cache, "REWRITE_EVERY", 1)
    records = validate(tree, today=TODAY).listings.activity_records
    edited = next(r.source.path for r in records if "\nname: " in r.source.path.read_text())
    edited.write_text(edited.read_text(encoding="utf-8").replace("name: ", "name: New ", 1))
    for _ in range(2):  # the changed file is checked again on each run, and is right
        assert fresh_checks.state(tree, cache_dir) == (1, state(tree, None))
        assert the_pack(cache_dir).read_bytes() == written
    edited.unlink()  # a file gone is one more difference
    assert fresh_checks.state(tree, cache_dir) == (0, state(tree, None))
    assert the_pack(cache_dir).read_bytes() == written
    monkeypatch.setattr(listing_cache, "REWRITE_EVERY", 200)  # one in 26 is over 1 in 200
    assert fresh_checks.state(tree, cache_dir) == (0, state(tree, None))
    assert the_pack(cache_dir).read_bytes() != written
    assert pack_entries(cache_dir, tree) == listing_files(tree)


def test_validate_reads_the_index_of_the_pack_and_not_its_models(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing_cache, "RACY_NANOSECONDS", -(10**18))  # status trusted at once
    tree, cache_dir = hostile_tree(tmp_path), tmp_path / "cache"
    state(tree, cache_dir)
    content = the_pack(cache_dir).read_bytes()
    _, index, models = _pack_parts(content)
    # The models replaced by zeros of the same length: a validate that needs none of
    # them gives what it gave, and leaves the pack as it was.
    damaged = content[: len(content) - len(models)] + bytes(len(models))
    the_pack(cache_dir).write_bytes(damaged)
    report = validate(tree, today=TODAY, reading=ReadOptions(jobs=1, cache_dir=cache_dir))
    assert [d.as_dict() for d in report.diagnostics] == state(tree, None)["diagnostics"]
    assert the_pack(cache_dir).read_bytes() == damaged
    assert models and index


def test_a_pack_of_another_version_or_folder_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_checks: FreshChecks
) -> None:
    tree, cache_dir = hostile_tree(tmp_path), tmp_path / "cache"
    files = listing_files(tree)
    other = Path(shutil.copytree(tree, tmp_path / "other"))
    state(other, cache_dir)
    # The other tree's pack, under the name of this tree's: its root does not match.
    the_pack(cache_dir).rename(cache_dir / listing_cache.ListingCache(cache_dir, tree, "")._name)
    assert fresh_checks.state(tree, cache_dir)[0] == files
    # Written by another hubctl (its code or libraries) or taxonomy: not used either.
    real_context = listing_cache.cache_context
    monkeypatch.setattr(listings_module, "cache_context", lambda taxonomy: "another hubctl")
    assert fresh_checks.state(tree, cache_dir)[0] == files
    monkeypatch.setattr(listings_module, "cache_context", real_context)
    assert fresh_checks.state(tree, cache_dir)[0] == files
    assert fresh_checks.state(tree, cache_dir)[0] == 0
    assert real_context("one taxonomy") != real_context("another taxonomy")


def _resign(cache_dir: Path, tree: Path, entries: list[Any]) -> None:
    """Write `entries` as the pack of `tree`, signed with this machine's own key."""
    key = (Path(os.environ["XDG_CACHE_HOME"]) / "hubctl" / "cache-key").read_bytes()
    root = tree.absolute().as_posix()
    the_pack(cache_dir).write_bytes(listing_cache.pack_bytes(key, _context(), root, entries))


def _entries(cache_dir: Path, tree: Path) -> list[Any]:
    return list(listing_cache.ListingCache(cache_dir, tree, _context())._entries.values())


def test_an_entry_moved_to_another_file_is_not_used(tmp_path: Path) -> None:
    tree, cache_dir = hostile_tree(tmp_path), tmp_path / "cache"
    state(tree, cache_dir)
    entries = _entries(cache_dir, tree)
    first = entries[0]
    other = next(e for e in entries[1:] if e[1] == first[1])
    # One file's entry, signed properly, now claims to be another file's.
    moved = (other[0], *first[1:])
    _resign(cache_dir, tree, [moved if e is other else e for e in entries])
    assert pack_entries(cache_dir, tree) == len(entries)  # it verifies: only the entry is wrong
    assert state(tree, cache_dir) == state(tree, None)


CALLS: list[str] = []


def _called_by_unpickling() -> str:
    CALLS.append("called")
    return "/"


class _Forbidden:
    """Unpickling this calls a function: a pickled model may name no such thing."""

    def __reduce__(self) -> tuple[Any, tuple[()]]:
        return (_called_by_unpickling, ())


def test_a_signed_pack_naming_any_class_but_the_models_is_not_unpickled(
    tmp_path: Path,
) -> None:
    tree, cache_dir = hostile_tree(tmp_path), tmp_path / "cache"
    cold = state(tree, None)
    state(tree, cache_dir)
    # Signed with this machine's key (as only a thief of the key could): the model of
    # every entry, and in a second pack the pack itself, name a function to call.
    forged = pickle.dumps(_Forbidden(), protocol=5)
    _resign(cache_dir, tree, [(*e[:8], forged, *e[9:]) for e in _entries(cache_dir, tree)])
    assert state(tree, cache_dir) == cold  # every model rebuilt from its file instead
    _resign(cache_dir, tree, [(*e[:10], _Forbidden()) for e in _entries(cache_dir, tree)])
    assert pack_entries(cache_dir, tree) == 0
    assert state(tree, cache_dir) == cold and CALLS == []


def test_a_model_holding_models_of_other_modules_is_unpickled_and_no_other_class() -> None:
    # An authority's own requirements are hubctl.profile_models', an activity's ages
    # hubctl.field_types': a pickled listing names them by their own modules.
    from hubctl.field_types import AgeRange
    from hubctl.models import Authority
    from hubctl.profile_models import ExpectationsRegister

    authority = Authority.model_validate(
        {
            "id": "testshire",
            "name": "Testshire County Council",
            "ons_code": "E10000099",
            "website": "https://testshire.example.org/family-hubs",
            "coverage": {
                "requirements": [
                    {
                        "area": "youth",
                        "level": "expected",
                        "ages": {"min": 11, "max": 19},
                        "source": {"title": "Plan", "url": "https://testshire.example.org/p"},
                    }
                ]
            },
        }
    )
    assert listing_cache.load_model(listing_cache.model_blob(authority)) == authority
    assert listing_cache.load_model(listing_cache.model_blob(AgeRange(min=0, max=5))) == (
        AgeRange(min=0, max=5)
    )
    # A model no listing holds is no listing's part.
    with pytest.raises(pickle.UnpicklingError, match="ExpectationsRegister may not be"):
        listing_cache.load_model(listing_cache.model_blob(ExpectationsRegister()))


def test_a_link_in_the_cache_folder_is_never_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree, cache_dir = hostile_tree(tmp_path), tmp_path / "cache"
    monkeypatch.setenv("HUBCTL_CACHE_DIR", str(cache_dir))
    cold_and_warm(tree)
    pack = the_pack(cache_dir)
    outside = tmp_path / "outside.txt"
    outside.write_bytes(pack.read_bytes())  # a valid pack, reached only through a link
    pack.unlink()
    pack.symlink_to(outside)
    cold, warm = cold_and_warm(tree)
    assert warm == cold
    assert not pack.is_symlink() and pack_entries(cache_dir, tree) > 0  # replaced, not followed
    assert outside.read_bytes() != b"" and outside.stat().st_nlink == 1


def test_no_cache_writes_nothing_and_an_unusable_folder_means_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = hostile_tree(tmp_path)
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("HUBCTL_CACHE_DIR", str(cache_dir))
    result = run_cli("--listings", tree, "validate", "--on", CLI_TODAY, "--no-cache")
    assert result.exit_code == 1 and not cache_dir.exists()
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder\n")
    monkeypatch.setenv("HUBCTL_CACHE_DIR", str(blocked))
    cold, warm = cold_and_warm(tree)
    assert warm == cold
    result = run_cli("--listings", tree, "validate", "--on", CLI_TODAY)
    assert result.stderr.splitlines()[-1].startswith("checked ")
    assert len(result.stderr.splitlines()) == 1 and blocked.read_text() == "not a folder\n"


def test_the_cache_lives_beside_the_listings_by_default(
    make_tree: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HUBCTL_CACHE_DIR")
    tree = make_tree()
    assert run_cli("--listings", tree, "validate", "--on", CLI_TODAY).exit_code == 0
    assert [p.suffix for p in (tree.parent / ".hubctl_cache").iterdir()] == [".pack"]


def test_two_concurrent_runs_sharing_a_cache_never_corrupt_it(tmp_path: Path) -> None:
    tree, cache_dir = hostile_tree(tmp_path), tmp_path / "cache"
    environment = {**os.environ, "HUBCTL_CACHE_DIR": str(cache_dir)}
    command = [sys.executable, "-m", "hubctl", "--listings", str(tree), "validate"]
    command += ["--on", CLI_TODAY, "--format", "json", "--jobs", "1"]
    expected = run_cli(*command[3:], "--no-cache").stdout.encode()
    for _ in range(3):
        runs = [
            subprocess.Popen(command, env=environment, stdout=subprocess.PIPE) for _ in range(3)
        ]
        outputs = [run.communicate()[0] for run in runs]
        assert outputs == [expected] * 3
        assert pack_entries(cache_dir, tree) == listing_files(tree)
        os.utime(next(tree.glob("*/activities/reading-duplicate-key.yaml")))  # hash it again


# --- the taxonomy's areas, recorded in the pack ----------------------------------------------

_POLICY_PROBLEMS = """\
coverage:
  extra_required: [healthy-growth, no-such-area]
  waived:
    - area: midwifery
      reason: Provided by the NHS trust at the city hospital
    - area: midwifery
      reason: Written twice
    - area: separated-parents
      reason: Not a required area, so this waiver is not needed
"""


def policy_tree(tmp_path: Path) -> Path:
    """The trap tree with a coverage policy that breaks each rule the taxonomy decides:
    an unknown area (HUB207), an area waived twice (HUB303), a waiver of an area that is
    not required (HUB302); and an activity naming an unknown area (HUB201)."""
    tree = Path(shutil.copytree(TRAPS, tmp_path / "listings"))
    authority = tree / "traptown" / "authority.yaml"
    text = authority.read_text(encoding="utf-8")
    authority.write_text(text[: text.index("coverage:")] + _POLICY_PROBLEMS, encoding="utf-8")
    activity = sorted((tree / "traptown" / "activities").glob("*.yaml"))[0]
    text = activity.read_text(encoding="utf-8")
    activity.write_text(text.replace("offer_areas: [", "offer_areas: [no-such-area, ", 1))
    return tree


class TaxonomyParses:
    """Counts the taxonomy files parsed (YAML, then the models) in this process."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import hubctl.taxonomy as taxonomy_module

        self.count = 0
        original = taxonomy_module.parse_taxonomy

        def counting(source: Any) -> Any:
            self.count += 1
            return original(source)

        monkeypatch.setattr(taxonomy_module, "parse_taxonomy", counting)

    def validate(self, tree: Path, cache_dir: Path, taxonomy: Path | None = None) -> Any:
        """(taxonomy files parsed, the diagnostics' dicts) of a validate from the bytes."""
        from hubctl.taxonomy_source import read_taxonomy_source

        before = self.count
        report = validate(
            tree,
            taxonomy=read_taxonomy_source(taxonomy),
            today=TODAY,
            reading=ReadOptions(cache_dir=cache_dir),
        )
        return self.count - before, [d.as_dict() for d in report.diagnostics]


def test_a_warm_run_takes_the_areas_from_the_pack_and_parses_no_taxonomy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing_cache, "RACY_NANOSECONDS", -(10**18))  # status trusted at once
    tree, cache_dir = policy_tree(tmp_path), tmp_path / "cache"
    parses = TaxonomyParses(monkeypatch)
    cold = [d.as_dict() for d in validate(tree, today=TODAY).diagnostics]
    assert {"HUB201", "HUB207", "HUB302", "HUB303"} <= {d["code"] for d in cold}
    assert parses.validate(tree, cache_dir) == (1, cold)  # no pack yet: parsed, then written
    assert parses.validate(tree, cache_dir) == (0, cold)  # the pack's areas, the same result
    # A pack that recorded no areas (or areas of the wrong shape) is still used for the
    # files, and the taxonomy is parsed.
    entries = _entries(cache_dir, tree)
    _resign(cache_dir, tree, entries)
    assert parses.validate(tree, cache_dir) == (1, cold)


def test_a_pack_recorded_under_another_taxonomy_gives_that_taxonomy_no_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hubctl.resources import shipped_taxonomy_path

    monkeypatch.setattr(listing_cache, "RACY_NANOSECONDS", -(10**18))
    tree, cache_dir = policy_tree(tmp_path), tmp_path / "cache"
    parses = TaxonomyParses(monkeypatch)
    parses.validate(tree, cache_dir)
    # The same areas, but separated-parents required: its waiver is no longer HUB302.
    text = shipped_taxonomy_path().read_text(encoding="utf-8")
    start = text.index("- id: separated-parents")
    end = text.index("required: false", start)
    edited = tmp_path / "offer-areas.yaml"
    edited.write_text(text[:end] + "required: true" + text[end + len("required: false") :])
    cold = [d.as_dict() for d in validate(tree, taxonomy=_parsed(edited), today=TODAY).diagnostics]
    parsed, warm = parses.validate(tree, cache_dir, taxonomy=edited)
    assert (parsed, warm) == (1, cold)
    assert not any(d["code"] == "HUB302" for d in warm)
    # And back: the pack now holds the edited taxonomy's areas, which are not the shipped's.
    parsed, shipped = parses.validate(tree, cache_dir)
    assert parsed == 1 and any(d["code"] == "HUB302" for d in shipped)


def _parsed(path: Path) -> Any:
    from hubctl.taxonomy import load_taxonomy

    return load_taxonomy(path)


@pytest.mark.parametrize(
    "recorded",
    [None, (), "areas", (("midwifery",),), ((1, True),), (("midwifery", "yes"),)],
    ids=["none", "empty", "text", "short-pair", "number-id", "text-flag"],
)
def test_recorded_areas_of_the_wrong_shape_are_not_taken(recorded: Any) -> None:
    assert listing_cache._known_areas(recorded) is None


def test_recorded_areas_are_taken_in_their_order() -> None:
    known = listing_cache._known_areas((("midwifery", True), ("healthy-growth", False)))
    assert known is not None
    assert list(known.required_by_id.items()) == [("midwifery", True), ("healthy-growth", False)]


@pytest.mark.parametrize("module, distribution", listing_cache._LIBRARIES)
def test_library_versions_are_read_as_importlib_metadata_reads_them(
    module: str, distribution: str
) -> None:
    from importlib import metadata

    expected = metadata.version(distribution)
    assert listing_cache._installed_version(module, distribution) == expected
    # A module that is not installed gives a fixed mark rather than an error.
    assert listing_cache._installed_version("no_such_module_here", "no-such-dist") == "?"


@pytest.mark.parametrize(
    "command",
    [["coverage"], ["publish", "--out", "DIST"], ["list", "activities"]],
    ids=["coverage", "publish", "list"],
)
def test_validate_and_the_other_commands_share_one_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    # One pack per listings folder: a command keying it differently from validate would
    # throw the other's away, and every run of a CI job's validate-then-publish be cold.
    monkeypatch.setattr(listing_cache, "RACY_NANOSECONDS", -(10**18))  # status trusted at once
    tree = Path(shutil.copytree(Path(__file__).parent.parent / "listings", tmp_path / "l"))
    monkeypatch.setenv("HUBCTL_CACHE_DIR", str(tmp_path / "cache"))
    other = [str(tmp_path / "dist") if part == "DIST" else part for part in command]
    checked = FreshChecks(monkeypatch)
    assert run_cli("--listings", tree, "validate", "--on", CLI_TODAY).exit_code == 0
    assert checked.count == listing_files(tree) > 0
    for arguments in (other, ["validate"], other):
        before = checked.count
        assert run_cli("--listings", tree, *arguments, "--on", CLI_TODAY).exit_code == 0
        assert checked.count == before, arguments  # every file from the pack


def test_a_dist_info_folder_of_another_distribution_is_not_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    (site / "tool").mkdir(parents=True)
    (site / "tool" / "__init__.py").write_text("")
    (site / "tool-extras-2.0.dist-info").mkdir()
    (site / "tool-1.3.dist-info").mkdir()
    monkeypatch.syspath_prepend(str(site))
    listing_cache._names_in.cache_clear()
    assert listing_cache._installed_version("tool", "tool") == "1.3"
