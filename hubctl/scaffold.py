"""`hubctl new`: write a commented starter listing that passes `validate` as written.

Where it goes and what it links to come from the tree as discovery finds it (files, not
their contents), so a tree with mistakes elsewhere, or an empty folder, still takes a
new file. The rules (README: hubctl new):
- hub, branch and activity need an authority: `--authority`, else the authority of
  `--hub`, else the tree's only authority;
- a branch's hub is `--hub`, else the authority's only hub;
- an activity's venue is `--hub` (a hub or a branch), else the authority's only hub, else
  none: an authority with no hub yet gets an online-only activity;
- the id follows the id rule and is not used by any other file of the tree;
- an existing file is never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import TypeAdapter, ValidationError

from hubctl.diagnostics import did_you_mean
from hubctl.discovery import SourceFile, discover
from hubctl.errors import UsageError
from hubctl.layout import FOLDER_BY_KIND
from hubctl.models import MODEL_BY_KIND
from hubctl.safe_files import (
    LinkRefusedError,
    ListingExistsError,
    exists_error,
    link_refused,
    write_new_file,
)
from hubctl.starter_templates import placeholder_name, render_starter
from hubctl.starter_values import StarterContext
from hubctl.taxonomy import Taxonomy, load_taxonomy

NewKind = Literal["authority", "hub", "branch", "activity"]
NEW_KINDS: tuple[NewKind, ...] = ("authority", "hub", "branch", "activity")
_ID_FIELD = MODEL_BY_KIND["hub"].model_fields["id"]
_ANNOTATED: Any = Annotated  # subscripted with a tuple built at run time
# The id rule exactly as the models check it (pattern and length).
_ID_ANNOTATION: tuple[Any, ...] = (_ID_FIELD.annotation, *_ID_FIELD.metadata)
_ID_RULE: TypeAdapter[str] = TypeAdapter(_ANNOTATED[_ID_ANNOTATION])


@dataclass(frozen=True)
class NewListing:
    """A starter file written by `new_listing`, and what to do next."""

    path: Path
    kind: NewKind
    next_step: str
    schema_path: Path  # where the file's $schema line points
    schema_found: bool


def new_listing(
    root: Path | str,
    kind: NewKind,
    listing_id: str,
    *,
    authority: str | None = None,
    hub: str | None = None,
    today: date | None = None,
    taxonomy: Taxonomy | None = None,
) -> NewListing:
    """Write the starter file of a new `kind` listing with id `listing_id` under `root`.

    `root` may be missing or empty for a new authority. `today` (default: the system
    date) becomes last_reviewed. Raises UsageError (exit 2) for a bad id or an
    authority or hub that cannot be found or chosen, and ListingExistsError (exit 1)
    when the file exists or the id is used by another file.
    """
    root = Path(root)
    check_id(listing_id)
    tree = _Tree(root)
    if kind in ("authority", "hub") and hub is not None:
        raise UsageError(f"--hub is for a new branch or activity, not a new {kind}")
    if kind == "authority":
        if authority is not None:
            raise UsageError("--authority is for a new hub, branch or activity; leave it out")
        path = root / listing_id / "authority.yaml"
        owner = listing_id
    else:
        if authority is not None and (root / authority).is_symlink():
            raise _link_refused(root / authority)  # discovery skips it: say why here
        owner = tree.choose_authority(authority, hub)
        path = root / owner / FOLDER_BY_KIND[kind] / f"{listing_id}.yaml"
    site = tree.choose_hub(kind, owner, hub) if kind in ("branch", "activity") else ""
    if path.is_symlink():
        raise _link_refused(path)
    if path.exists():
        raise _exists(path)
    tree.check_unused(listing_id)
    context = StarterContext(
        listing_id,
        placeholder_name(listing_id),
        today or date.today(),
        taxonomy or load_taxonomy(),
        hub=site,
        venue=site,
    )
    depth = "../.." if kind == "authority" else "../../.."
    schema_line = f"# yaml-language-server: $schema={depth}/schema/{kind}.schema.json\n"
    _write_new(root, path, schema_line + render_starter(kind, context))
    schema_path = root.parent / "schema" / f"{kind}.schema.json"
    next_step = _next_step(kind, listing_id, online_only=kind == "activity" and not site)
    return NewListing(path, kind, next_step, schema_path, schema_path.is_file())


def check_id(listing_id: str) -> None:
    """Raise UsageError unless `listing_id` follows the id rule of the models."""
    try:
        _ID_RULE.validate_python(listing_id)
    except ValidationError as error:
        problem = error.errors()[0]
        if problem["type"] == "too_long":
            limit = problem["ctx"]["max_length"]
            raise UsageError(
                f"the id is {len(listing_id)} characters long; use at most {limit}"
            ) from None
        raise UsageError(problem["msg"]) from None


class _Tree:
    """The listing files of a tree (possibly none), by authority and id."""

    def __init__(self, root: Path) -> None:
        self.root = root
        sources: list[SourceFile] = discover(root)[0] if root.is_dir() else []
        self.authorities = sorted({s.authority_folder for s in sources if s.kind == "authority"})
        self.hubs: dict[str, list[str]] = {}
        self.branches: dict[str, list[str]] = {}
        # Who holds each id: an authority's is its folder's name, others their file's stem.
        self.id_holders: dict[str, str] = {}
        for source in sources:
            listing_id = source.stem if source.kind != "authority" else source.authority_folder
            self.id_holders.setdefault(listing_id, source.display_path)
            if source.kind == "hub":
                self.hubs.setdefault(source.authority_folder, []).append(listing_id)
            elif source.kind == "branch":
                self.branches.setdefault(source.authority_folder, []).append(listing_id)

    def sites(self, authority: str) -> list[str]:
        """The ids of an authority's hubs and branches, sorted."""
        return sorted([*self.hubs.get(authority, ()), *self.branches.get(authority, ())])

    def choose_authority(self, authority: str | None, hub: str | None) -> str:
        """The authority a new hub, branch or activity belongs to (see the module's rules)."""
        where = self.root.as_posix()
        if authority is not None:
            if authority not in self.authorities:
                raise UsageError(
                    f"there is no authority '{authority}' in {where}"
                    f"{did_you_mean(authority, self.authorities)}; create it first with "
                    f"'hubctl new authority {authority}'"
                )
            return authority
        if hub is not None:
            owners = [a for a in self.authorities if hub in self.sites(a)]
            if len(owners) == 1:
                return owners[0]
            if not owners:  # the real cause, not "say which authority"
                every_site = [site for a in self.authorities for site in self.sites(a)]
                raise UsageError(
                    f"there is no hub or branch '{hub}' in {where}"
                    f"{did_you_mean(hub, every_site)}; pass the id of a hub (or, for an "
                    "activity, a branch) to --hub"
                )
        if len(self.authorities) == 1:
            return self.authorities[0]
        if not self.authorities:
            raise UsageError(
                f"there is no authority in {where} yet; create one first with "
                "'hubctl new authority ID'"
            )
        raise UsageError(
            f"{where} holds {len(self.authorities)} authorities; say which with --authority "
            f"(one of: {', '.join(self.authorities)})"
        )

    def choose_hub(self, kind: NewKind, authority: str, hub: str | None) -> str:
        """The hub of a new branch, or the venue of a new activity (see the module's rules).

        An activity's venue may be a branch too; an activity with no hub to go to is
        written online-only (no venue: "" here).
        """
        hubs = sorted(self.hubs.get(authority, ()))
        branches = self.branches.get(authority, ())
        if hub is not None:
            if kind == "activity" and hub in branches:
                return hub
            if hub in branches:
                raise UsageError(
                    f"'{hub}' is a branch, not a hub; a branch belongs to a main hub: pass "
                    f"one of {', '.join(hubs)} to --hub"
                )
            if hub not in hubs:
                sites = hubs if kind == "branch" else self.sites(authority)
                raise UsageError(
                    f"there is no hub or branch '{hub}' in {authority}"
                    f"{did_you_mean(hub, sites)}; pass the id of one of its hubs to --hub, or "
                    f"create it first with 'hubctl new hub {hub} --authority {authority}'"
                )
            return hub
        if len(hubs) == 1:
            return hubs[0]
        if not hubs and kind == "activity":
            return ""
        if not hubs:
            raise UsageError(
                f"{authority} has no hub yet; create one first with "
                f"'hubctl new hub ID --authority {authority}'"
            )
        raise UsageError(
            f"{authority} has {len(hubs)} hubs; say which with --hub (one of: {', '.join(hubs)})"
        )

    def check_unused(self, listing_id: str) -> None:
        """Raise ListingExistsError when another file of the tree already has this id."""
        holder = self.id_holders.get(listing_id)
        if holder is not None:
            raise ListingExistsError(
                f"the id '{listing_id}' is already used by {holder}; ids are unique across "
                "all listings, so choose another"
            )


_WRITER = "hubctl new"


def _exists(path: Path) -> ListingExistsError:
    return exists_error(path, _WRITER, "edit it, or choose another id")


def _write_new(root: Path, path: Path, text: str) -> None:
    """Create `path` (under `root`) with `text`: whole, never replacing a file, never
    through a link (`hubctl.safe_files`); `root` itself may be a link: the user named it."""
    write_new_file(
        root,
        path,
        text,
        writer=_WRITER,
        exists_fix="edit it, or choose another id",
        folder_option="--listings",
    )


def _link_refused(path: Path) -> LinkRefusedError:
    return link_refused(path, _WRITER)


def _next_step(kind: NewKind, listing_id: str, *, online_only: bool = False) -> str:
    if online_only:
        return (
            "next: it has no venue, as its authority has no hub yet: set its online url (or "
            "name a hub or branch in venues once there is one), fill in its values, set "
            "status: running, then run 'hubctl validate'"
        )
    then = {
        "authority": f"add its first hub with 'hubctl new hub ID --authority {listing_id}'",
        "hub": f"add what happens there with 'hubctl new activity ID --hub {listing_id}'",
        "branch": "name it in the venues of the activities held there",
        "activity": "set status: running when it is filled in",
    }[kind]
    return f"next: fill in its values, {then}, then run 'hubctl validate'"
