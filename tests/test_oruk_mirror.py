"""oruk/ (SPEC §6, issue 12): the static mirror of the Open Referral UK read API.

Published from the shipped listings, the trap tree and the publish edges, with several
page sizes. Every file is checked against the schema `hubctl verify` uses for it (the
shipped Open Referral UK schemas, formats on); the pages against the objects' own files;
and the folder is served on 127.0.0.1 with the README's rewrite rule and walked as an
Open Referral UK client walks an API.
"""

from __future__ import annotations

import http.server
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from conftest import TRAPS, publish_cli, read_mirror_pages, read_mirror_services

from hubctl.feed_verify.schema_table import rule_for
from hubctl.feed_verify.shipped_schemas import (
    OPENAPI_URL,
    full_service_at_location,
    schema_validator,
)
from hubctl.feeds.oruk import build_oruk_services
from hubctl.feeds.oruk_mirror import (
    API_DETAILS,
    COLLECTIONS,
    OrukMirror,
    is_object_file,
    mirror_candidates,
)
from hubctl.feeds.oruk_terms import VOCABULARIES
from hubctl.taxonomy import load_taxonomy
from hubctl.validation import validate

ON = "2026-11-23"
EDGES = Path(__file__).parent / "fixtures" / "publish-edges"
# The profile's own example, copied with its licence (see SOURCE.md there).
EXAMPLES = Path(__file__).parent / "standards" / "oruk"


def _publish(listings: Path, out: Path, *arguments: str) -> Path:
    result: Result = publish_cli(listings, out, *arguments)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def mirrors(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Published mirrors (the oruk/ folders) by name: tree and page size."""
    shipped = Path(__file__).resolve().parents[1] / "listings"
    root = tmp_path_factory.mktemp("mirrors")
    trees = {
        "shipped-100": (shipped, "100"),
        "shipped-7": (shipped, "7"),
        "traps-1": (TRAPS, "1"),
        "traps-100": (TRAPS, "100"),
        "edges-3": (EDGES, "3"),
    }
    return {
        name: _publish(tree, root / name, "--oruk-page-size", size) / "oruk"
        for name, (tree, size) in trees.items()
    }


def _json(path: Path) -> Any:
    return json.loads(path.read_bytes())


def _object_files(mirror: Path, collection: str) -> dict[str, Any]:
    """Each object file of one collection, by id."""
    return {
        path.stem: _json(path)
        for path in (mirror / collection).iterdir()
        if not path.name.startswith("page-")
    }


# --- every file against its schema ------------------------------------------------------------


@pytest.mark.parametrize("name", ["shipped-7", "traps-1", "edges-3"])
def test_every_file_validates_against_its_shipped_schema(
    name: str, mirrors: dict[str, Path]
) -> None:
    mirror = mirrors[name]
    checked = 0
    for path in sorted(mirror.rglob("*.json")):
        relative = path.relative_to(mirror.parent).as_posix()
        rule = rule_for(relative)
        assert rule is not None and rule.kind == "json" and rule.schema is not None, relative
        errors = [
            error.message for error in schema_validator(rule.schema()).iter_errors(_json(path))
        ]
        assert errors == [], relative
        checked += 1
    assert checked > 20


def test_the_profile_s_own_full_service_at_location_passes_that_schema() -> None:
    example = _json(EXAMPLES / "service_at_location_full.json")
    validator = schema_validator(full_service_at_location())
    assert [error.message for error in validator.iter_errors(example)] == []
    example["service"].pop("name")  # the service inside is a full service: name required
    assert [error.message for error in validator.iter_errors(example)] == [
        "'name' is a required property"
    ]


def test_the_root_document_names_the_profile_and_its_openapi(mirrors: dict[str, Path]) -> None:
    document = _json(mirrors["shipped-100"] / "index.json")
    assert document == API_DETAILS
    assert document["version"] == "HSDS-UK-3.0"
    assert document["openapi_url"] == OPENAPI_URL


# --- pages and objects agree -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["shipped-7", "traps-1", "traps-100", "edges-3"])
@pytest.mark.parametrize("collection", COLLECTIONS)
def test_pages_list_each_object_once_in_the_list_shape(
    name: str, collection: str, mirrors: dict[str, Path]
) -> None:
    mirror = mirrors[name]
    pages = read_mirror_pages(mirror.parent, collection)
    size = int(name.rsplit("-", 1)[1])
    objects = _object_files(mirror, collection)
    total = len(objects)
    assert [path.name for path in (mirror / collection).glob("page-*.json")] != []
    assert len(list((mirror / collection).glob("page-*.json"))) == len(pages)
    assert len(pages) == max(1, -(-total // size))
    for number, page in enumerate(pages, start=1):
        assert page["page_number"] == number
        assert page["total_items"] == total and page["total_pages"] == len(pages)
        assert page["size"] == len(page["contents"]) == min(size, total - (number - 1) * size)
        assert (page["first_page"], page["last_page"]) == (number == 1, number == len(pages))
        assert page["empty"] is (total == 0)
    items = [item for page in pages for item in page["contents"]]
    assert sorted(item["id"] for item in items) == sorted(objects)
    for item in items:
        # The list shape: what the full object says, without its lists.
        assert _listed_in(item, objects[item["id"]]), item["id"]


def _listed_in(item: dict[str, Any], whole: dict[str, Any]) -> bool:
    """Whether `item` is `whole` without its lists, objects inside likewise."""
    if [key for key, value in item.items() if isinstance(value, list)]:
        return False
    return all(
        _listed_in(value, whole[key]) if isinstance(value, dict) else whole.get(key) == value
        for key, value in item.items()
    )


def test_services_are_in_activity_order_and_as_the_library_builds_them(
    mirrors: dict[str, Path],
) -> None:
    listings = validate(TRAPS).listings
    page = build_oruk_services(listings, load_taxonomy())
    assert read_mirror_services(mirrors["traps-1"].parent) == page["contents"]


def test_a_service_at_location_holds_its_location_and_its_service_in_full(
    mirrors: dict[str, Path],
) -> None:
    mirror = mirrors["traps-100"]
    services = _object_files(mirror, "services")
    links = _object_files(mirror, "service_at_locations")
    held = {
        link["id"]: (service, link)
        for service in services.values()
        for link in service["service_at_locations"]
    }
    assert sorted(held) == sorted(links)
    for link_id, (service, link) in held.items():
        full = links[link_id]
        assert full["location"] == link["location"]
        assert full["service"] == {k: v for k, v in service.items() if k != "service_at_locations"}
        assert (full["service_id"], full["location_id"]) == (service["id"], link["location_id"])


def test_every_term_a_service_carries_has_its_file_and_its_taxonomy(
    mirrors: dict[str, Path],
) -> None:
    mirror = mirrors["shipped-100"]
    terms = _object_files(mirror, "taxonomy_terms")
    taxonomies = _object_files(mirror, "taxonomies")
    assert sorted(taxonomy["name"] for taxonomy in taxonomies.values()) == sorted(
        name for name, _ in VOCABULARIES.values()
    )
    for service in _object_files(mirror, "services").values():
        for attribute in service["attributes"]:
            assert terms[attribute["taxonomy_term_id"]] == attribute["taxonomy_term"]
    for term in terms.values():
        assert term in taxonomies[term["taxonomy_id"]]["taxonomy_terms"]
    assert sum(len(taxonomy["taxonomy_terms"]) for taxonomy in taxonomies.values()) == len(terms)


def test_no_activity_gives_one_empty_page_of_each_list(tmp_path: Path) -> None:
    listings = validate(tmp_path).listings
    files = {file.path: file for file in OrukMirror(listings, load_taxonomy()).files()}
    page = json.loads(files["oruk/services/page-1.json"].content)
    assert page["contents"] == [] and page["empty"] is True and page["total_pages"] == 1
    assert not [
        path for path in files if path.startswith("oruk/services/") and is_object_file(path)
    ]


@pytest.mark.parametrize("page_size", [1, 2, 100])
def test_the_planned_file_count_is_what_is_made(page_size: int) -> None:
    mirror = OrukMirror(validate(TRAPS).listings, load_taxonomy(), page_size)
    paths = [file.path for file in mirror.files()]
    assert len(paths) == len(set(paths)) == mirror.file_count


# --- the page size ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", ["0", "10001", "x"])
def test_a_page_size_out_of_range_is_a_usage_error(size: str, tmp_path: Path) -> None:
    result = publish_cli(TRAPS, tmp_path / "dist", "--oruk-page-size", size)
    assert result.exit_code == 2
    assert "--oruk-page-size" in result.stderr
    assert not (tmp_path / "dist").exists()


def test_the_library_refuses_a_page_size_out_of_range(tmp_path: Path) -> None:
    import hubctl

    with pytest.raises(ValueError, match="the page size must be from 1 to 10,000, not 0"):
        hubctl.publish(TRAPS, tmp_path / "dist", oruk_page_size=0)
    assert not (tmp_path / "dist").exists()


# --- the rewrite rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "page", "first"),
    [
        ("/", None, "page-1.json"),
        ("/services", None, "services/page-1.json"),
        ("/services", "2", "services/page-2.json"),
        ("/services", "002", "services/page-2.json"),
        ("/services", "0", "services/page-1.json"),
        ("/services", "-2", "services/page-1.json"),
        ("/services", "../../secret", "services/page-1.json"),
        ("/services/", "3", "services/page-3.json"),
        ("/taxonomy_terms/abc", "2", "taxonomy_terms/abc/page-2.json"),
    ],
)
def test_the_rule_names_the_page_file_first(path: str, page: str | None, first: str) -> None:
    assert mirror_candidates(path, page)[0] == first


def test_the_rule_then_tries_the_path_as_a_file_and_its_index() -> None:
    assert mirror_candidates("/services/x", None) == [
        "services/x/page-1.json",
        "services/x.json",
        "services/x/index.json",
    ]
    assert mirror_candidates("/", "5") == ["page-5.json", "index.json"]


@pytest.mark.parametrize("path", ["/../secret.json", "/services/../../x", "/./index", "/a\\..\\b"])
def test_the_rule_answers_no_path_that_climbs(path: str) -> None:
    assert mirror_candidates(path) == []


# --- served on 127.0.0.1 and walked as a client walks it ---------------------------------------


def _handler(mirror: Path) -> type[http.server.BaseHTTPRequestHandler]:
    root = mirror.resolve()

    class MirrorHandler(http.server.BaseHTTPRequestHandler):
        """The README's rule: the first existing candidate, as JSON with CORS; else 404."""

        def do_GET(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            page = urllib.parse.parse_qs(url.query).get("page", [None])[0]
            for candidate in mirror_candidates(urllib.parse.unquote(url.path), page):
                target = (root / candidate).resolve()
                if target.is_relative_to(root) and target.is_file():
                    self._send(200, target.read_bytes())
                    return
            self._send(404, b'{"error":"Not Found"}\n')

        def _send(self, status: int, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: Any) -> None:
            pass

    return MirrorHandler


@pytest.fixture
def served(mirrors: dict[str, Path]) -> Iterator[Callable[[str], Any]]:
    """The shipped mirror (pages of 7) served on 127.0.0.1; a GET of a path gives its JSON."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(mirrors["shipped-7"]))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"

    def get(path: str) -> Any:
        with urllib.request.urlopen(base + path, timeout=10) as response:
            assert response.headers["Content-Type"].startswith("application/json")
            return json.loads(response.read())

    try:
        yield get
    finally:
        server.shutdown()
        server.server_close()


def _walk_pages(get: Callable[[str], Any], collection: str) -> list[Any]:
    first = get(f"/{collection}")
    items = list(first["contents"])
    for number in range(2, first["total_pages"] + 1):
        page = get(f"/{collection}?page={number}&per_page=50")
        assert page["page_number"] == number
        items += page["contents"]
    assert len(items) == first["total_items"]
    return items


def test_a_client_walks_root_pages_services_and_their_terms(
    served: Callable[[str], Any], mirrors: dict[str, Path]
) -> None:
    assert served("/")["version"] == "HSDS-UK-3.0"
    listed = _walk_pages(served, "services")
    assert len(listed) == len(_object_files(mirrors["shipped-7"], "services")) > 7
    terms_seen = set()
    for item in listed:
        service = served(f"/services/{item['id']}")
        assert service["name"] == item["name"] and service["status"] == item["status"]
        for attribute in service["attributes"]:
            term_id = attribute["taxonomy_term_id"]
            if term_id not in terms_seen:
                terms_seen.add(term_id)
                assert served(f"/taxonomy_terms/{term_id}") == attribute["taxonomy_term"]
        for link in service["service_at_locations"]:
            assert served(f"/service_at_locations/{link['id']}")["location"] == link["location"]
    assert {term["id"] for term in _walk_pages(served, "taxonomy_terms")} >= terms_seen
    taxonomies = _walk_pages(served, "taxonomies")
    assert len(taxonomies) == len(VOCABULARIES)
    for taxonomy in taxonomies:
        assert served(f"/taxonomies/{taxonomy['id']}")["name"] == taxonomy["name"]
    links = _walk_pages(served, "service_at_locations")
    assert {link["service_id"] for link in links} <= {item["id"] for item in listed}


@pytest.mark.parametrize(
    "path", ["/services?page=999", "/services/not-an-id", "/nothing", "/../manifest.json"]
)
def test_what_the_mirror_does_not_hold_is_404(path: str, served: Callable[[str], Any]) -> None:
    with pytest.raises(urllib.error.HTTPError) as raised:
        served(path)
    assert raised.value.code == 404
    raised.value.close()
