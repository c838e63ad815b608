"""`hubctl import oruk` through the CLI: the Open Referral UK profile's own examples (JSON and
CSV), a publish -> import -> publish round trip of the shipped listings, paged input, and the
rules for existing files, ids and untrusted input.

The examples (tests/fixtures/oruk-examples, see its SOURCE.md) were written by the Open
Referral project: a US-style address, a latitude of 100, http:// addresses and a taxonomy
term called "name". So they show what the import keeps, what it fills in for review and what
the report says it could not keep.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result
from conftest import CLI_TODAY, publish_cli, read_mirror_services, run_cli

from hubctl.oruk_import import source_files

EXAMPLES = Path(__file__).parent / "fixtures" / "oruk-examples"
SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"
LOCATION_ID = "3a19ff88-4620-4d17-9830-ac1d859eb5d5"


def import_cli(source: Path, out: Path, *options: str | Path) -> Result:
    """`hubctl import oruk SOURCE --out OUT --on CLI_TODAY OPTIONS...`."""
    return run_cli("import", "oruk", source, "--out", out, "--on", CLI_TODAY, *options)


def read_listing(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def validate_codes(listings: Path) -> list[str]:
    """The codes `hubctl validate --format json` reports, after checking it exits 0."""
    result = run_cli("--listings", listings, "validate", "--on", CLI_TODAY, "--format", "json")
    assert result.exit_code == 0, result.stdout
    return sorted(d["code"] for d in json.loads(result.stdout)["diagnostics"])


def report_lines(out: Path, authority: str) -> list[str]:
    return (out / authority / "import-report.md").read_text(encoding="utf-8").splitlines()


def section(lines: list[str], heading: str) -> list[str]:
    """The lines of the report section whose heading starts with `heading`."""
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), None)
    return lines[start:end]


# --- the profile's examples -------------------------------------------------------------------


def test_a_full_service_becomes_an_authority_a_hub_and_an_activity(tmp_path: Path) -> None:
    out = tmp_path / "listings"
    result = import_cli(EXAMPLES / "service_full.json", out, "--authority", "mycity")
    assert result.exit_code == 0, result.stderr
    base = out / "mycity"
    assert result.stdout.splitlines() == [
        (base / "authority.yaml").as_posix(),
        (base / "hubs" / "mycity-civic-center.yaml").as_posix(),
        (base / "activities" / "community-counselling.yaml").as_posix(),
    ]
    assert read_listing(base / "authority.yaml") == {
        "id": "mycity",
        "name": "Example Organization Inc.",
        "ons_code": "E00000000",  # no ONS identifier: the placeholder
        "website": "https://www.example.org/family-hubs",  # http://example.com is refused
        "contact": {"email": "email@example.com"},
    }
    assert read_listing(base / "hubs" / "mycity-civic-center.yaml") == {
        "id": "mycity-civic-center",
        "name": "MyCity Civic Center",
        "status": "open",
        "description": "MyCity Civic Center is located on Main Street and contains facilities "
        "for a number of civic and community services available.",
        "address": {"line1": "1-30 Main Street", "town": "MyCity", "postcode": "GIR 0AA"},
        "last_reviewed": CLI_TODAY,
    }
    activity = read_listing(base / "activities" / "community-counselling.yaml")
    assert activity == {
        "id": "community-counselling",
        "name": "Community Counselling",
        "description": "Counselling Services provided by trained professionals. Suitable for "
        "people with mental health conditions such as anxiety, depression, or eating disorders "
        "as well as people experiencing difficult life events and circumstances.",
        # No term maps to an offer area: the first area, and paused so it covers nothing.
        "status": "paused",
        "offer_areas": ["infant-feeding"],
        "venues": ["mycity-civic-center"],
        "audience": ["families"],
        "age_range": {"min": 12, "max": 25},
        "cost": {"amount": 35, "per": "session"},
        "booking": "drop-in",
        "schedule": "by-appointment",
        "contact": {"email": "email@example.com"},
        "last_reviewed": "2005-01-01",
    }
    assert result.stderr.splitlines() == [
        f"imported 1 authority, 1 hub, 0 branches and 1 activity into {base.as_posix()}",
        f"10 values to review, 30 not kept: see {(base / 'import-report.md').as_posix()}",
        f"hubctl validate {base.as_posix()}: 0 errors, 4 warnings",
    ]


def test_the_imported_example_validates_with_placeholder_and_freshness_warnings(
    tmp_path: Path,
) -> None:
    out = tmp_path / "listings"
    assert import_cli(EXAMPLES / "service_full.json", out, "--authority", "mycity").exit_code == 0
    # The placeholders written where the source lacks a value (ONS code, website, postcode)
    # are HUB405 at their lines; the service was last assured in 2005 (HUB401).
    assert validate_codes(out) == ["HUB401", "HUB405", "HUB405", "HUB405"]


def test_review_values_are_marked_in_the_file(tmp_path: Path) -> None:
    out = tmp_path / "listings"
    import_cli(EXAMPLES / "service_full.json", out, "--authority", "mycity")
    text = (out / "mycity" / "hubs" / "mycity-civic-center.yaml").read_text(encoding="utf-8")
    assert "  postcode: GIR 0AA  # review: see the import report\n" in text
    assert text.startswith(
        "# yaml-language-server: $schema=../../../schema/hub.schema.json\n"
        f"# Imported by `hubctl import oruk` from location {LOCATION_ID}; values marked "
        "'review' need checking.\n"
    )


def test_the_report_names_each_record_and_what_was_not_mapped(tmp_path: Path) -> None:
    out = tmp_path / "listings"
    import_cli(EXAMPLES / "service_full.json", out, "--authority", "mycity")
    lines = report_lines(out, "mycity")
    assert lines[:6] == [
        "# Import report: hubctl import oruk",
        "",
        f"- Source: {_md(EXAMPLES / 'service_full.json')} (Open Referral UK, JSON)",
        f"- Into: `{(out / 'mycity').as_posix()}`, authority `mycity`",
        "- Written: 1 authority, 1 hub, 0 branches, 1 activity",
        "- To review: 10; not kept: 30; records skipped: 0",
    ]
    location = section(lines, "## Location MyCity Civic Center")
    assert location[:3] == [
        f"## Location MyCity Civic Center ({LOCATION_ID})",
        f"From {_md(EXAMPLES / 'service_full.json')}: the service, "
        "service\\_at\\_locations\\[0\\].",
        "`mycity/hubs/mycity-civic-center.yaml`: written.",
    ]
    assert (
        "- **review** address.postcode: written as the placeholder 'GIR 0AA' to replace: "
        "'ABC 1234' is not a valid UK postcode; write it like \"DE1 2FS\"" in location
    )
    assert (
        "- **not kept** location: left out: location.lat is 100.0 but must be at most 60.9; "
        "correct the number" in location
    )
    service = section(lines, "## Service Community Counselling")
    assert service[0] == f"## Service Community Counselling ({SERVICE_ID})"
    for expected in (
        "- **review** offer\\_areas: written as \\[infant-feeding\\] and the status as paused: "
        "no taxonomy term maps to an offer area; set its areas, then make it running",
        "- **review** age\\_range.max: written as 25: maximum\\_age 100 is outside the 0 to 25 "
        "a listing takes",
        "- **not kept** attributes\\[0\\].taxonomy\\_term: the term 'name' of the vocabulary "
        "'taxonomy' matches no offer area of the taxonomy (by a DfE category slug, an id or a "
        "label)",
        "- **not kept** schedules\\[0\\]: not written as a schedule rule: it is limited to days "
        "of the month (bymonthday '2,3,4')",
        "- **not kept** fees: 'fees\\_description': a listing's cost is free or an amount per "
        "session, course or month",
        "- **not kept** contacts\\[0\\].name: 'Ann Persona': a listing does not record contact "
        "people, only ways to get in touch",
        "- **not kept** contact.website: left out: 'http://example.com/counselling' is not a web "
        "address: it must start with https:// and hold no spaces, quotes, \\< \\> or line "
        'breaks; write it like "https://www.example.org/"',
    ):
        assert expected in service
    # Review notes come before the values not kept, each group in the order met.
    kinds = [line.split("**")[1] for line in service if line.startswith("- **")]
    assert kinds == sorted(kinds, key=["review", "not kept", "skipped"].index)


def _md(path: Path) -> str:
    return path.as_posix().replace("_", "\\_")


def test_csv_tables_give_the_same_listings_with_what_only_the_tables_hold(tmp_path: Path) -> None:
    out = tmp_path / "listings"
    result = import_cli(EXAMPLES / "csv", out, "--authority", "mycity")
    assert result.exit_code == 0, result.stderr
    base = out / "mycity"
    hub = read_listing(base / "hubs" / "mycity-civic-center.yaml")
    assert hub["address"] == {  # addresses.csv has address_2, address.csv does not
        "line1": "1-30 Main Street",
        "line2": "MyVillage",
        "town": "MyCity",
        "postcode": "GIR 0AA",
    }
    activity = read_listing(base / "activities" / "community-counselling.yaml")
    # The phone of the contact (phones.csv, joined on contact_id; its quotes dropped).
    assert activity["contact"] == {"phone": "+44 1234 234567", "email": "email@example.com"}
    assert activity["venues"] == ["mycity-civic-center"]
    lines = report_lines(out, "mycity")
    assert section(lines, "## File (address.csv)")[:3] == [
        "## File (address.csv)",
        "",
        "- **not kept** the address table is read from addresses.csv; this file is not read",
    ]
    assert "- **not kept** describes the data set, not services: not read" in section(
        lines, "## File (meta\\_table\\_descriptions.csv)"
    )
    # Its link_id names no service: the row is reported, not dropped silently.
    assert section(lines, "## File (attribute.csv)")[2] == (
        "- **not kept** 1 row (line 3) belong to no service or location read (their ids name "
        "none), or repeat an id: not read"
    )
    service = section(lines, "## Service Community Counselling")
    assert service[1] == "From services.csv: line 3."
    assert (
        "- **not kept** service\\_at\\_locations\\[0\\].schedules\\[0\\]: not written as a "
        "schedule rule: it is limited to a number of times (count '3')" in service
    )
    assert (
        "- **not kept** required\\_documents: a list of 1: a listing has no field for "
        "documents to bring" in service
    )
    assert validate_codes(out) == ["HUB401", "HUB405", "HUB405", "HUB405"]


def test_a_datapackage_names_the_tables_and_a_path_out_of_the_folder_is_refused(
    tmp_path: Path,
) -> None:
    tables = Path(shutil.copytree(EXAMPLES / "csv", tmp_path / "tables"))
    (tmp_path / "secret.csv").write_text("id,name\n1,x\n", encoding="utf-8")
    resources = [
        {"name": name, "path": path}
        for name, path in (
            ("service", "services.csv"),
            ("organization", "organizations.csv"),
            ("location", "locations.csv"),
            ("service_at_location", "service_at_location.csv"),
            ("address", "address.csv"),  # the singular file this time
            ("program", "../secret.csv"),
        )
    ]
    (tables / "datapackage.json").write_text(json.dumps({"resources": resources}), "utf-8")
    out = tmp_path / "listings"
    result = import_cli(tables / "datapackage.json", out, "--authority", "mycity")
    assert result.exit_code == 0, result.stderr
    hub = read_listing(out / "mycity" / "hubs" / "mycity-civic-center.yaml")
    assert "line2" not in hub["address"]  # address.csv has no address_2
    lines = report_lines(out, "mycity")
    assert (
        '- **not kept** its path "../secret.csv" is not a file in the folder: not read'
        in section(lines, "## File (datapackage.json: resources\\[5\\])")
    )
    assert "- **not kept** no Open Referral table has this name: not read" in section(
        lines, "## File (schedules.csv)"
    )


def test_one_page_of_many_is_noted_and_a_list_item_is_reachable_online_to_fill_in(
    tmp_path: Path,
) -> None:
    out = tmp_path / "listings"
    result = import_cli(EXAMPLES / "service_list.json", out, "--authority", "mycity")
    assert result.exit_code == 0, result.stderr
    activity = read_listing(out / "mycity" / "activities" / "community-counselling.yaml")
    # The list shape has no locations: nowhere to attend but the online placeholder (HUB405).
    assert activity["venues"] == [] and activity["online"] == {
        "url": "https://www.example.org/join"
    }
    lines = report_lines(out, "mycity")
    assert section(lines, "## File (")[2] == (
        "- **not kept** page 1 of 10 pages: the other 9 are not in PATH; download every page "
        "and import the folder"
    )
    assert not list((out / "mycity").glob("hubs/*"))
    assert "HUB405" in validate_codes(out)


def test_a_folder_of_json_files_reads_each_service_once(tmp_path: Path) -> None:
    out = tmp_path / "listings"
    result = import_cli(EXAMPLES, out, "--authority", "mycity")
    assert result.exit_code == 0, result.stderr
    # organization_full, service_full and service_list hold the same service: one activity.
    assert [p.name for p in (out / "mycity" / "activities").iterdir()] == [
        "community-counselling.yaml"
    ]
    lines = report_lines(out, "mycity")
    # A page of taxonomy terms is read for the parents it gives the services' terms.
    assert section(lines, "## File (taxonomy\\_term\\_list.json)")[2] == (
        "- **not kept** 1 item is a taxonomy term, read only as the parents of services' terms"
    )
    # The list item's organization lacks the identifiers, as the list shape does: it
    # agrees on every key it has, so it is no differing copy.
    assert not [line for line in lines if "the same service as" in line]


def test_a_copy_differing_inside_its_organization_is_said(tmp_path: Path) -> None:
    full = json.loads((EXAMPLES / "service_full.json").read_text(encoding="utf-8"))
    listed = {key: value for key, value in full.items() if not isinstance(value, list)}
    listed["organization"] = {**full["organization"], "name": "Another name"}
    del listed["organization"]["organization_identifiers"]
    source = tmp_path / "source"
    source.mkdir()
    (source / "a-full.json").write_text(json.dumps(full), encoding="utf-8")
    (source / "b-list.json").write_text(json.dumps({"contents": [listed]}), encoding="utf-8")
    out = tmp_path / "listings"
    assert import_cli(source, out, "--authority", "mycity").exit_code == 0
    assert any(
        "the same service as a-full.json: the service, with other values (organization)" in line
        for line in report_lines(out, "mycity")
    )


# --- round trip -------------------------------------------------------------------------------

# What the round trip cannot keep, each with why; everything else of every service is equal.
# Ids derived from an activity's id (hubctl.feeds.oruk_terms.oruk_uuid("service", id), and
# those of its schedules, service area, links, languages, cost option, contacts, phones and
# attributes) differ: import makes an activity's id from the service's name (a UUID has no
# name in it), so `Register a Birth` comes back as register-a-birth, not
# becket-birth-registration. Sites keep their ids (the location's external_identifier), so
# locations and addresses keep theirs, and so do the organization (from --authority) and
# the taxonomy terms (from their vocabulary and code).
ACTIVITY_DERIVED_KEYS = ("id", "service_id", "link_id", "contact_id")
# A virtual location's id is derived from its activity's id too (the others are sites').
VIRTUAL_LOCATION_KEYS = ("location_id",)


def _without_activity_ids(value: Any, virtual: bool = False) -> Any:
    if isinstance(value, dict):
        virtual = virtual or value.get("location_type") == "virtual"
        is_virtual_link = isinstance(value.get("location"), dict) and (
            value["location"].get("location_type") == "virtual"
        )
        dropped = ACTIVITY_DERIVED_KEYS + (VIRTUAL_LOCATION_KEYS if is_virtual_link else ())
        keep_id = not virtual and value.get("location_type") == "physical"
        return {
            key: _without_activity_ids(item, virtual)
            for key, item in value.items()
            if key not in dropped
            or (key == "id" and (keep_id or "organization_identifiers" in value or "term" in value))
            or (key == "id" and "address_1" in value)
        }
    if isinstance(value, list):
        return [_without_activity_ids(item, virtual) for item in value]
    return value


def _services_by_name(dist: Path) -> dict[tuple[str, str], Any]:
    return {
        (service["organization"]["name"], service["name"]): _without_activity_ids(service)
        for service in read_mirror_services(dist)
    }


AUTHORITIES = (("derby", "Derby City Council"), ("leicester", "Leicester City Council"))


@pytest.fixture(scope="module")
def shipped_publish(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped listings published once for this module."""
    dist = tmp_path_factory.mktemp("shipped") / "dist"
    listings = Path(__file__).resolve().parents[1] / "listings"
    assert publish_cli(listings, dist).exit_code == 0
    return dist


def _import_both(source: Path, out: Path) -> list[Result]:
    return [
        import_cli(source, out, "--authority", authority, "--organization", organization)
        for authority, organization in AUTHORITIES
    ]


def test_publish_import_publish_gives_the_same_services(
    shipped_publish: Path, tmp_path: Path
) -> None:
    out = tmp_path / "listings"
    for result in _import_both(shipped_publish / "oruk", out):
        assert result.exit_code == 0, result.stderr
    assert validate_codes(out) == []  # not a warning: nothing was filled in
    republished = tmp_path / "dist"
    assert publish_cli(out, republished).exit_code == 0
    before, after = _services_by_name(shipped_publish), _services_by_name(republished)
    assert sorted(before) == sorted(after)
    for key in before:
        assert after[key] == before[key], key


def test_importing_our_own_feed_keeps_every_value(shipped_publish: Path, tmp_path: Path) -> None:
    out = tmp_path / "listings"
    _import_both(shipped_publish / "oruk", out)
    for authority, _ in AUTHORITIES:
        lines = report_lines(out, authority)
        not_kept = [line for line in lines if line.startswith("- **not kept**")]
        # Only the other authority's services, left out on purpose by --organization.
        assert len(not_kept) == 1 and "services of other organizations" in not_kept[0]
        reviews = [line for line in lines if line.startswith("- **review**")]
        # What Open Referral does not say: which hub a branch belongs to, a site type, and
        # the -2 of a name two authorities share.
        assert all(
            line.startswith(
                (
                    "- **review** hub: a branch of ",
                    "- **review** site\\_type: ",
                    "- **review** id: 'early-help-family-support-2'",
                )
            )
            for line in reviews
        ), reviews
    branch = read_listing(out / "derby" / "branches" / "darley-childrens-centre.yaml")
    assert branch["hub"] == "becket-family-hub" and branch["site_type"] == "childrens-centre"


def _pages(services: list[dict[str, Any]], size: int) -> list[dict[str, Any]]:
    """The services as `Page` documents of `size` items, in list shape (no nested lists)."""
    chunks = [services[i : i + size] for i in range(0, len(services), size)]
    return [
        {
            "total_items": len(services),
            "total_pages": len(chunks),
            "page_number": number,
            "size": len(chunk),
            "first_page": number == 1,
            "last_page": number == len(chunks),
            "empty": False,
            "contents": [
                {key: value for key, value in service.items() if not isinstance(value, list)}
                for service in chunk
            ],
        }
        for number, chunk in enumerate(chunks, start=1)
    ]


def _imports_alike(single_file: Path, other: Path, tmp_path: Path) -> Path:
    """Import both sources (each authority); assert the same files, byte for byte. The
    tree imported from `other`."""
    single, imported = tmp_path / "single", tmp_path / "other"
    for source, out in ((single_file, single), (other, imported)):
        for result in _import_both(source, out):
            assert result.exit_code == 0, result.stderr
    files = sorted(p.relative_to(single) for p in single.rglob("*.yaml"))
    assert files == sorted(p.relative_to(imported) for p in imported.rglob("*.yaml"))
    for relative in files:
        assert (imported / relative).read_bytes() == (single / relative).read_bytes(), relative
    return imported


def test_the_published_mirror_imports_as_one_file_of_its_services_does(
    shipped_publish: Path, tmp_path: Path
) -> None:
    services = tmp_path / "services.json"
    services.write_text(json.dumps(read_mirror_services(shipped_publish)), encoding="utf-8")
    mirror = _imports_alike(services, shipped_publish / "oruk", tmp_path)
    # The mirror's pages repeat its services in the list shape: read once, nothing noted.
    for authority, _ in AUTHORITIES:
        assert not [line for line in report_lines(mirror, authority) if "same service" in line]


def test_a_folder_of_list_pages_and_service_files_imports_as_the_single_file_does(
    shipped_publish: Path, tmp_path: Path
) -> None:
    contents = read_mirror_services(shipped_publish)
    services = tmp_path / "services.json"
    services.write_text(json.dumps(contents), encoding="utf-8")
    folder = tmp_path / "pages"
    (folder / "by-id").mkdir(parents=True)
    for number, document in enumerate(_pages(contents, 10), start=1):
        (folder / f"page-{number}.json").write_text(json.dumps(document), encoding="utf-8")
    for service in contents:
        (folder / "by-id" / f"{service['id']}.json").write_text(json.dumps(service), "utf-8")
    _imports_alike(services, folder, tmp_path)


def test_the_same_source_gives_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outputs = []
    for name in ("first", "second"):
        (tmp_path / name).mkdir()
        monkeypatch.chdir(tmp_path / name)
        assert import_cli(EXAMPLES / "csv", Path("listings"), "--authority", "m").exit_code == 0
        outputs.append({path: path.read_bytes() for path in Path().rglob("*") if path.is_file()})
    assert outputs[0] == outputs[1] and len(outputs[0]) == 4


# --- existing files, ids and options ----------------------------------------------------------


def test_an_existing_file_stops_the_import_before_anything_is_written(tmp_path: Path) -> None:
    out = tmp_path / "listings"
    import_cli(EXAMPLES / "service_full.json", out, "--authority", "mycity")
    hub = out / "mycity" / "hubs" / "mycity-civic-center.yaml"
    hub.write_text(hub.read_text(encoding="utf-8").replace("MyCity Civic", "Edited"), "utf-8")
    (out / "mycity" / "activities" / "community-counselling.yaml").unlink()
    result = import_cli(EXAMPLES / "service_full.json", out, "--authority", "mycity")
    assert result.exit_code == 1
    assert result.stderr == (
        f"hubctl: {hub.as_posix()} already exists; hubctl import oruk never overwrites a file: "
        "import into an empty --out, or pass --skip-existing to keep the files there and "
        "write the others; nothing was imported\n"
    )
    assert not (out / "mycity" / "activities" / "community-counselling.yaml").exists()
    assert "Edited" in hub.read_text(encoding="utf-8")


def test_skip_existing_keeps_the_files_there_and_writes_the_others(tmp_path: Path) -> None:
    out = tmp_path / "listings"
    import_cli(EXAMPLES / "service_full.json", out, "--authority", "mycity")
    hub = out / "mycity" / "hubs" / "mycity-civic-center.yaml"
    edited = hub.read_text(encoding="utf-8").replace("GIR 0AA", "DE1 2FS")
    hub.write_text(edited, encoding="utf-8")
    activity = out / "mycity" / "activities" / "community-counselling.yaml"
    activity.unlink()
    result = import_cli(
        EXAMPLES / "service_full.json", out, "--authority", "mycity", "--skip-existing"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == activity.as_posix() + "\n"
    assert hub.read_text(encoding="utf-8") == edited
    assert "; 1 file already there kept" in result.stderr.splitlines()[0]
    lines = report_lines(out, "mycity")
    assert "`mycity/hubs/mycity-civic-center.yaml`: kept as it was (already there)." in lines
    assert "`mycity/authority.yaml`: kept as it was (already there)." in lines


def _service(name: str, identifier: str, location: str = "Sinfin Family Hub") -> dict[str, Any]:
    return {
        "id": identifier,
        "name": name,
        "status": "active",
        "description": f"{name} for families.",
        "service_at_locations": [
            {
                "id": f"sal-{identifier}",
                "location": {
                    "id": f"loc-{location}",
                    "name": location,
                    "location_type": "physical",
                    "latitude": 52.89,
                    "longitude": -1.48,
                    "addresses": [
                        {"address_1": "1 High Street", "city": "Derby", "postal_code": "de1 2fs"}
                    ],
                },
            }
        ],
        "schedules": [{"freq": "WEEKLY", "byday": "TU", "opens_at": "10:00", "closes_at": "11:30"}],
    }


def test_ids_come_from_names_and_clashes_get_a_suffix_in_source_order(tmp_path: Path) -> None:
    source = tmp_path / "services.json"
    services = [
        _service("Stay & Play!", "a"),
        _service("Stay and Play", "b"),
        _service("Stay-and-Play", "c"),
        _service("Sinfin Family Hub", "d"),
    ]
    source.write_text(json.dumps(services), encoding="utf-8")
    out = tmp_path / "listings"
    # Another authority already has a listing with the id a name gives.
    other = out / "other" / "activities"
    other.mkdir(parents=True)
    (other / "stay-and-play.yaml").write_text("id: stay-and-play\n", encoding="utf-8")
    result = import_cli(source, out, "--authority", "derby")
    assert result.exit_code == 0, result.stderr
    activities = sorted(p.stem for p in (out / "derby" / "activities").iterdir())
    # "Stay & Play!" is stay-play; stay-and-play is the other authority's, so the next two
    # names that give it take -2 and -3 in source order; a hub took sinfin-family-hub first.
    assert activities == ["sinfin-family-hub-2", "stay-and-play-2", "stay-and-play-3", "stay-play"]
    assert read_listing(out / "derby" / "activities" / "stay-and-play-2.yaml")["name"] == (
        "Stay and Play"
    )
    assert read_listing(out / "derby" / "hubs" / "sinfin-family-hub.yaml")["address"] == {
        "line1": "1 High Street",
        "town": "Derby",
        "postcode": "DE1 2FS",
    }


def _library_and_centre_services(tmp_path: Path) -> Path:
    """services.json with two services, at a library and at a children's centre."""
    source = tmp_path / "services.json"
    services = [
        _service("Rhyme Time", "a", "Sinfin Library"),
        _service("Baby Cafe", "b", "Chaddesden Children's Centre"),
    ]
    source.write_text(json.dumps(services), encoding="utf-8")
    return source


def test_hubs_names_the_family_hubs_and_the_others_are_branches(tmp_path: Path) -> None:
    source = _library_and_centre_services(tmp_path)
    out = tmp_path / "listings"
    result = import_cli(source, out, "--authority", "derby", "--hubs", "loc-Sinfin Library")
    assert result.exit_code == 0, result.stderr
    assert [p.stem for p in (out / "derby" / "hubs").iterdir()] == ["sinfin-library"]
    branch = read_listing(out / "derby" / "branches" / "chaddesden-childrens-centre.yaml")
    assert branch["hub"] == "sinfin-library" and branch["site_type"] == "childrens-centre"
    unknown = import_cli(source, tmp_path / "other", "--authority", "derby", "--hubs", "Nowhere")
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith("hubctl: --hubs names 'Nowhere', which is no location of ")


def test_without_a_family_hub_by_name_the_first_location_is_the_hub(tmp_path: Path) -> None:
    source = _library_and_centre_services(tmp_path)
    out = tmp_path / "listings"
    assert import_cli(source, out, "--authority", "derby").exit_code == 0
    assert [p.stem for p in (out / "derby" / "hubs").iterdir()] == ["sinfin-library"]
    # No organization: the authority's ONS code and website are placeholders.
    assert validate_codes(out) == ["HUB405", "HUB405"]


def test_an_unknown_organization_or_authority_id_is_a_usage_error(tmp_path: Path) -> None:
    result = import_cli(
        EXAMPLES / "service_full.json",
        tmp_path / "l",
        "--authority",
        "m",
        "--organization",
        "Nobody",
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "hubctl: --organization 'nobody' provides no service in the source (its "
        "organizations: Example Organization Inc.)\n"
    )
    bad = import_cli(EXAMPLES / "service_full.json", tmp_path / "l", "--authority", "My City")
    assert bad.exit_code == 2 and "is not a valid id" in bad.stderr


def test_the_report_can_go_to_stdout_or_a_file_of_its_own(tmp_path: Path) -> None:
    result = import_cli(
        EXAMPLES / "service_full.json", tmp_path / "a", "--authority", "m", "--report", "-"
    )
    assert result.exit_code == 0
    assert result.stdout.startswith("# Import report: hubctl import oruk\n")
    assert not (tmp_path / "a" / "m" / "import-report.md").exists()
    report = tmp_path / "reports" / "mycity.md"
    report.parent.mkdir()
    result = import_cli(
        EXAMPLES / "service_full.json", tmp_path / "b", "--authority", "m", "--report", report
    )
    assert result.exit_code == 0
    assert report.read_text(encoding="utf-8").startswith("# Import report")


def test_source_text_cannot_become_markdown_in_the_report(tmp_path: Path) -> None:
    source = tmp_path / "services.json"
    hostile = _service("[click](https://evil.example) <img src=x> | # `x`", "<b>id</b>")
    hostile["alert"] = "line one\n## a forged heading\n| a | cell |"
    source.write_text(json.dumps([hostile]), encoding="utf-8")
    out = tmp_path / "listings"
    assert import_cli(source, out, "--authority", "derby").exit_code == 0
    lines = report_lines(out, "derby")
    assert (
        "## Service \\[click\\](https://evil.example) \\<img src=x\\> \\| \\# \\`x\\` "
        "(\\<b\\>id\\</b\\>)" in lines
    )
    assert not any(line.startswith("## a forged") or line.startswith("| a") for line in lines)
    assert (
        "- **not kept** alert: 'line one \\#\\# a forged heading \\| a \\| cell \\|': a listing "
        "has no field for a temporary alert; add it to the description" in lines
    )


# --- untrusted input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b'{"id": ', "not valid JSON at line 1, column 8 (Expecting value)"),
        (b"\xff\xfe[]", "byte 1 is not UTF-8; save the file as UTF-8"),
        (b"[NaN]", "NaN is not a number JSON allows"),
        (
            b'{"name": "a", "name": "b", "status": "active"}',
            'the key "name" appears twice in one object',
        ),
        (b"[" * 100_000, "nested too deeply to be Open Referral data"),
        (
            b"42",
            "holds a number, not Open Referral services (a service, a page of services or "
            "a list of them)",
        ),
        (b'{"contents": {}}', "its contents is not a list"),
        (b"[]", "holds no Open Referral services (no object with a name and a status)"),
    ],
)
def test_a_bad_file_is_one_line_and_exit_1(tmp_path: Path, content: bytes, problem: str) -> None:
    source = tmp_path / "bad.json"
    source.write_bytes(content)
    result = import_cli(source, tmp_path / "listings", "--authority", "derby")
    assert result.exit_code == 1
    assert result.stderr == f"hubctl: {source.as_posix()}: {problem}; nothing was imported\n"
    assert not (tmp_path / "listings").exists()


def test_a_file_over_the_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(source_files, "MAX_SOURCE_BYTES", 100)
    source = tmp_path / "services.json"
    source.write_text(json.dumps([_service("Big", "a")]), encoding="utf-8")
    result = import_cli(source, tmp_path / "listings", "--authority", "derby")
    assert result.exit_code == 1
    size = source.stat().st_size
    assert result.stderr == (
        f"hubctl: {source.as_posix()}: the file is {size:,} bytes, over the limit of 100 "
        "(0 MiB); import the directory's pages instead of one file holding all of it; "
        "nothing was imported\n"
    )


def test_a_folder_file_in_the_wrong_place_or_of_the_wrong_kind_is_one_line(
    tmp_path: Path,
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = import_cli(empty, tmp_path / "l", "--authority", "derby")
    assert result.exit_code == 1 and result.stderr == (
        f"hubctl: {empty.as_posix()}: holds no Open Referral services (no object with a name "
        "and a status); nothing was imported\n"
    )
    table = EXAMPLES / "csv" / "services.csv"
    result = import_cli(table, tmp_path / "l", "--authority", "derby")
    assert result.exit_code == 1 and "one CSV table is not enough" in result.stderr
    tables = Path(shutil.copytree(EXAMPLES / "csv", tmp_path / "tables"))
    (tables / "services.csv").write_bytes(b'id,name\n"a,b\n')
    result = import_cli(tables, tmp_path / "l", "--authority", "derby")
    assert result.exit_code == 1 and result.stderr.startswith(
        "hubctl: services.csv: not valid CSV at line 2 (unexpected end of data)"
    )


def test_links_in_the_source_folder_are_never_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.json").write_text(json.dumps([_service("Secret", "s")]), "utf-8")
    source = tmp_path / "source"
    source.mkdir()
    (source / "services.json").write_text(json.dumps([_service("Open", "o")]), "utf-8")
    os.symlink(outside / "secret.json", source / "linked.json")
    os.symlink(outside, source / "linked-folder")
    out = tmp_path / "listings"
    assert import_cli(source, out, "--authority", "derby").exit_code == 0
    assert [p.stem for p in (out / "derby" / "activities").iterdir()] == ["open"]
    lines = report_lines(out, "derby")
    for name in ("linked.json", "linked-folder"):
        assert section(lines, f"## File ({name})")[2] == (
            "- **not kept** a symbolic link: import never follows links"
        )


def test_a_link_in_the_output_folder_is_refused_and_nothing_is_left_written(
    tmp_path: Path,
) -> None:
    out = tmp_path / "listings"
    (out / "mycity").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, out / "mycity" / "hubs")
    result = import_cli(EXAMPLES / "service_full.json", out, "--authority", "mycity")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"hubctl: {(out / 'mycity' / 'hubs').as_posix()} is a symbolic link; hubctl import oruk "
        "never writes through a link"
    )
    assert list(elsewhere.iterdir()) == []
    assert not (out / "mycity" / "authority.yaml").exists()  # written, then removed


def test_a_linked_services_folder_is_no_mirror(shipped_publish: Path, tmp_path: Path) -> None:
    source = tmp_path / "oruk"
    source.mkdir()
    (source / "index.json").write_bytes((shipped_publish / "oruk" / "index.json").read_bytes())
    (source / "services").symlink_to(shipped_publish / "oruk" / "services")
    result = import_cli(source, tmp_path / "listings", "--authority", "derby")
    assert result.exit_code == 1
    assert "holds no Open Referral services" in result.stderr
