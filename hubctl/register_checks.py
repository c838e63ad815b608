"""`validate`'s checks of the requirement profiles the policies name and of the
expectations registers, remembered between runs.

A profile must parse and name known areas (so that whatever `validate` accepts,
`coverage` and `publish` can use), and the areas it requires judge its authorities'
waivers (HUB302, in `policy_checks`); a register is checked against its authority's
profile. Both need the YAML reader, the models and the profile parsed (once a run, however
many authorities and registers name it): a quarter of a second a pre-commit hook would
pay on every commit. So each result (what does not depend on the date, each record's
review date, a profile's required areas) is kept in the cache folder under the SHA-256 of
everything it depends on (the listing cache's context: hubctl's modules, the libraries'
and Python's versions, the taxonomy; then the profile's and the register's bytes),
signed with the cache's key like the listing cache's pack; anything unsigned, foreign or
malformed is ignored and checked afresh. The date checks run every time.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from hubctl.checks import REVIEW_AGE_LIMIT
from hubctl.diagnostics import Diagnostic, diagnostic
from hubctl.discovery import display_path
from hubctl.file_reading import UnreadableFile, read_file_bytes
from hubctl.layout import has_register, register_path
from hubctl.listings import Listings
from hubctl.resources import TAXONOMY_PROFILE_ID, requirement_profile_path

if TYPE_CHECKING:
    from hubctl.requirement_profiles import ProfileError, RequirementProfile
    from hubctl.taxonomy import Taxonomy
    from hubctl.taxonomy_source import TaxonomySource

MEMO_NAME = "registers.json"
# 2: a profile's result holds the areas it requires.
_MEMO_FORMAT = "hubctl-registers 2"


class RegisterChecks(NamedTuple):
    """What `check_registers` found: the profiles' and registers' diagnostics, how many
    registers it read, and the areas each named profile that parses requires, by id."""

    diagnostics: list[Diagnostic]
    registers: int
    profile_areas: Mapping[str, frozenset[str]]


def check_registers(
    root: Path,
    listings: Listings,
    taxonomy: Taxonomy | TaxonomySource,
    today: date,
    requirements_dir: Path | None,
    known_profiles: Sequence[str],
    cache_dir: Path | None,
) -> RegisterChecks:
    """Every profile a policy names and every authority's register checked (README: The
    expectations register). `cache_dir` None checks each afresh and remembers nothing;
    the result is the same either way."""
    from hubctl.listing_cache import (
        cache_context,
        cache_key,
        read_cache_file,
        write_cache_file,
    )

    key = cache_key() if cache_dir is not None else None
    memo = _read_memo(read_cache_file(cache_dir, MEMO_NAME), key) if cache_dir and key else {}
    kept: dict[str, Any] = {}
    problems: list[Diagnostic] = []
    context = cache_context(taxonomy.identity)
    profiles_read: dict[str, bytes] = {}
    parsed = _ParsedProfiles(taxonomy, requirements_dir)
    profile_areas: dict[str, frozenset[str]] = {}
    named = {record.facts.profile or TAXONOMY_PROFILE_ID for record in listings.authority_records}
    for profile_id in sorted(p for p in named if p in known_profiles and p != TAXONOMY_PROFILE_ID):
        fingerprint = "profile:" + _fingerprint(
            b"", "", profile_id, True, context, requirements_dir, profiles_read
        )
        result = memo.get(fingerprint) or _check_profile(parsed.load(profile_id))
        kept[fingerprint] = result
        problems += _from_memo(result)[0]
        areas = _areas_from_memo(result)
        if areas is not None:
            profile_areas[profile_id] = areas
    count = 0
    for record in listings.authority_records:
        if not has_register(root, record.authority_id):
            continue
        count += 1
        path = register_path(root, record.authority_id)
        display = display_path(path.as_posix())
        try:
            raw = read_file_bytes(path)
        except UnreadableFile as problem:
            problems.append(diagnostic(display, 1, 1, problem.code, problem.message))
            continue
        profile_id = record.facts.profile or TAXONOMY_PROFILE_ID
        known = profile_id in known_profiles
        fingerprint = _fingerprint(
            raw, display, profile_id, known, context, requirements_dir, profiles_read
        )
        result = memo.get(fingerprint)
        if result is None:
            result = _check_afresh(raw, display, parsed.load(profile_id) if known else None)
        kept[fingerprint] = result
        static, dated = _from_memo(result)
        problems += static + dated_diagnostics(display, dated, today)
    if cache_dir is not None and key is not None and kept != memo:
        # A cache that cannot be written is a slower next run, not a failure.
        with contextlib.suppress(OSError):
            write_cache_file(cache_dir, MEMO_NAME, _memo_bytes(kept, key))
    return RegisterChecks(problems, count, profile_areas)


# A record's review date and where it is written: (id, reviewed, line, column). The
# date checks are made from these, so a remembered result still judges them on the day.
DatedRecord = tuple[str, date, int, int]


def dated_diagnostics(display: str, dated: Sequence[DatedRecord], today: date) -> list[Diagnostic]:
    """HUB407 for a record reviewed over 12 months before `today`, HUB403 for one in the
    future."""
    problems = []
    for entry_id, reviewed, line, column in dated:
        if today - reviewed > REVIEW_AGE_LIMIT:
            problems.append(
                diagnostic(
                    display,
                    line,
                    column,
                    "HUB407",
                    f"'{entry_id}' was last reviewed on {reviewed}, over 12 months ago; "
                    f"check its status and evidence, then set reviewed: {today}",
                )
            )
        elif reviewed > today:
            problems.append(
                diagnostic(
                    display,
                    line,
                    column,
                    "HUB403",
                    f"reviewed {reviewed} is in the future; use the date of the review",
                )
            )
    return problems


def _profile_bytes(profile_id: str, requirements_dir: Path | None) -> bytes:
    try:
        return read_file_bytes(
            requirement_profile_path(profile_id, requirements_dir), follow_links=True
        )
    except UnreadableFile:
        return b"unreadable"


def _fingerprint(
    raw: bytes,
    display: str,
    profile_id: str,
    known: bool,
    context: str,
    requirements_dir: Path | None,
    profiles_read: dict[str, bytes],
) -> str:
    """What a result depends on, hashed. `profiles_read` keeps each profile's bytes for
    the run, so a profile many authorities name is read once."""
    profile_bytes = b""
    if known and profile_id != TAXONOMY_PROFILE_ID:
        if profile_id not in profiles_read:
            profiles_read[profile_id] = _profile_bytes(profile_id, requirements_dir)
        profile_bytes = profiles_read[profile_id]
    digest = hashlib.sha256()
    for part in (
        context.encode(),
        display.encode("utf-8", "surrogateescape"),
        profile_id.encode(),
        b"known" if known else b"unknown",
        hashlib.sha256(profile_bytes).digest(),
        hashlib.sha256(raw).digest(),
    ):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


class _ParsedProfiles:
    """The profiles of one run, each parsed (or found broken) at most once, and only
    when something is not remembered."""

    def __init__(self, taxonomy: Taxonomy | TaxonomySource, requirements_dir: Path | None) -> None:
        self._taxonomy = taxonomy
        self._requirements_dir = requirements_dir
        self._parsed: dict[str, RequirementProfile | ProfileError] = {}

    def load(self, profile_id: str) -> RequirementProfile | ProfileError:
        """The profile, or the ProfileError that says why it cannot be used."""
        if profile_id not in self._parsed:
            # The YAML reader, the models and the profile: only when nothing is remembered.
            from hubctl.requirement_profiles import ProfileError, load_profile
            from hubctl.taxonomy import as_taxonomy

            try:
                self._parsed[profile_id] = load_profile(
                    profile_id, as_taxonomy(self._taxonomy), self._requirements_dir
                )
            except ProfileError as error:
                self._parsed[profile_id] = error
        return self._parsed[profile_id]


def _check_profile(profile: RequirementProfile | ProfileError) -> dict[str, Any]:
    from hubctl.requirement_profiles import ProfileError

    if isinstance(profile, ProfileError):
        return {
            "static": [[d.path, d.line, d.column, d.code, d.message] for d in profile.diagnostics],
            "dated": [],
        }
    areas = sorted({requirement.area for requirement in profile.requirements})
    return {"static": [], "dated": [], "areas": areas}


def _check_afresh(
    raw: bytes, display: str, profile: RequirementProfile | ProfileError | None
) -> dict[str, Any]:
    from hubctl.expectations import check_register, read_register_bytes
    from hubctl.requirement_profiles import ProfileError

    found = read_register_bytes(raw, display)
    if isinstance(profile, ProfileError):
        profile = None  # a broken profile is reported by its own check
    static, dated = check_register(found, profile)
    return {
        "static": [[d.path, d.line, d.column, d.code, d.message] for d in static],
        "dated": [[i, reviewed.isoformat(), line, column] for i, reviewed, line, column in dated],
    }


def _areas_from_memo(result: dict[str, Any]) -> frozenset[str] | None:
    """The areas a profile's result says it requires; None for a broken profile's."""
    areas = result.get("areas")
    if areas is None:
        return None
    if not isinstance(areas, list) or not all(isinstance(area, str) for area in areas):
        raise TypeError("a profile's areas are a list of ids")
    return frozenset(areas)


def _from_memo(result: dict[str, Any]) -> tuple[list[Diagnostic], list[DatedRecord]]:
    static = [
        diagnostic(path, line, column, code, message)
        for path, line, column, code, message in result["static"]
    ]
    dated = [(i, date.fromisoformat(day), line, column) for i, day, line, column in result["dated"]]
    return static, dated


def _memo_bytes(memo: dict[str, Any], key: bytes) -> bytes:
    body = json.dumps(memo, sort_keys=True, separators=(",", ":")).encode()
    mac = hmac.new(key, body, hashlib.sha256).hexdigest()
    return f"{_MEMO_FORMAT} {mac}\n".encode() + body


def _read_memo(content: bytes | None, key: bytes | None) -> dict[str, Any]:
    """The remembered results, or nothing when the file is absent, unsigned by this
    machine's key, or not of the expected shape."""
    if content is None or key is None:
        return {}
    first, _, body = content.partition(b"\n")
    prefix = f"{_MEMO_FORMAT} ".encode()
    if not first.startswith(prefix):
        return {}
    expected = hmac.new(key, body, hashlib.sha256).hexdigest().encode()
    if not hmac.compare_digest(first[len(prefix) :], expected):
        return {}
    try:
        memo = json.loads(body)
        for result in memo.values():
            _from_memo(result)  # every entry of the right shape, or none is used
            _areas_from_memo(result)
    except (ValueError, TypeError, KeyError, AttributeError):
        return {}
    return memo if isinstance(memo, dict) else {}
