"""Running activities at closed sites: a warning, left out of coverage with the reason,
and not advertised there by any feed (networks.open_venues is the one rule)."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import frictionless
import jsonschema
import pytest
from conftest import (
    CLI_TODAY,
    TREE_AUTHORITY,
    TREE_BRANCH,
    TREE_HUB,
    TREE_REQUIRED_AREAS,
    activity_yaml,
    publish_cli,
    read_mirror_services,
    run_cli,
    run_coverage,
    tree_activity_id,
)
from icalendar import Calendar

from hubctl.coverage_reports.data import JSON_KEYS
from hubctl.feeds.feed_json import Feed

# The tree's infant-feeding activity is held at the hub and at the branch.
BOTH = tree_activity_id("infant-feeding")
# Added here: held at the branch only.
BRANCH_ONLY = "library-rhymes"
# Added to the published tree: held at the branch only, and also by telephone.
PHONE_IN = "library-phone-in"


def tree_with_branch(make_tree: Callable[..., Path], status: str) -> Path:
    """The small tree with its branch set to `status` and one activity held only there."""
    tree = make_tree()
    branch = tree / TREE_AUTHORITY / "branches" / f"{TREE_BRANCH}.yaml"
    text = branch.read_text().replace("status: open", f"status: {status}")
    branch.write_text(text + "location: {lat: 52.91, lon: -1.47}\n")
    (tree / TREE_AUTHORITY / "activities" / f"{BRANCH_ONLY}.yaml").write_text(
        activity_yaml(BRANCH_ONLY, "play-and-groups", venues=TREE_BRANCH)
    )
    return tree


def validate_json(tree: Path, *options: str) -> tuple[int, list[dict[str, object]]]:
    """Exit code and diagnostics of `hubctl validate --format json`."""
    result = run_cli(
        "--listings", tree, "validate", "--format", "json", "--on", CLI_TODAY, *options
    )
    return result.exit_code, json.loads(result.stdout)["diagnostics"]


def test_running_activity_at_a_temporarily_closed_branch_is_a_warning_at_its_venue(
    make_tree: Callable[..., Path],
) -> None:
    tree = tree_with_branch(make_tree, "temporarily-closed")
    exit_code, diagnostics = validate_json(tree)
    assert exit_code == 0
    both_file = tree / TREE_AUTHORITY / "activities" / f"{BOTH}.yaml"
    venues_line = both_file.read_text().splitlines()[5]
    assert [
        (Path(str(d["path"])).stem, d["line"], d["column"], d["code"]) for d in diagnostics
    ] == [
        (BRANCH_ONLY, 6, 10, "HUB404"),
        (BOTH, 6, venues_line.index(TREE_BRANCH) + 1, "HUB404"),
    ]
    assert [d["message"] for d in diagnostics] == [
        f"'{TREE_BRANCH}' is temporarily closed (status: temporarily-closed), so this running "
        "activity is not counted or published there; name an open site in venues instead, or "
        "set status: paused until it reopens",
        f"'{TREE_BRANCH}' is temporarily closed (status: temporarily-closed), so this running "
        "activity is not counted or published there; remove it from venues while it is closed",
    ]
    assert all(d["severity"] == "warning" for d in diagnostics)


def test_closed_site_warning_fails_under_strict(make_tree: Callable[..., Path]) -> None:
    exit_code, diagnostics = validate_json(tree_with_branch(make_tree, "closed"), "--strict")
    assert exit_code == 1
    assert str(diagnostics[0]["message"]).endswith(
        "name an open site in venues instead, or set status: ended if the activity stopped"
    )


def test_paused_activity_at_a_closed_site_is_not_warned_about(
    make_tree: Callable[..., Path],
) -> None:
    tree = tree_with_branch(make_tree, "closed")
    paused = activity_yaml(BRANCH_ONLY, "play-and-groups", venues=TREE_BRANCH, status="paused")
    (tree / TREE_AUTHORITY / "activities" / f"{BRANCH_ONLY}.yaml").write_text(paused)
    _, diagnostics = validate_json(tree)
    assert [Path(str(d["path"])).stem for d in diagnostics] == [BOTH]


@pytest.mark.parametrize("by", ["authority", "hub"])
def test_coverage_leaves_out_closed_venues_and_says_why(
    make_tree: Callable[..., Path], by: str
) -> None:
    tree = tree_with_branch(make_tree, "temporarily-closed")
    document = json.loads(run_coverage(tree, "--by", by, "--format", "json").stdout)
    (unit,) = document["units"]
    assert unit["closed_venues"] == [
        {"activity": BRANCH_ONLY, "site": TREE_BRANCH, "status": "temporarily-closed"},
        {"activity": BOTH, "site": TREE_BRANCH, "status": "temporarily-closed"},
    ]
    documented = {p for p, _ in JSON_KEYS if p.startswith("units[].closed_venues[].")}
    assert {f"units[].closed_venues[].{key}" for key in unit["closed_venues"][0]} == documented
    play = next(area for area in unit["areas"] if area["id"] == "play-and-groups")
    assert play["activity_ids"] == []  # only held at the closed branch
    feeding = next(area for area in unit["areas"] if area["id"] == "infant-feeding")
    assert feeding["activity_ids"] == [BOTH]  # still held at the open hub
    table = run_coverage(tree, "--by", by).stdout
    assert (
        f"Not counted: {BRANCH_ONLY} is not counted at {TREE_BRANCH}: the site is "
        "temporarily-closed\n" in table
    )
    markdown = run_coverage(tree, "--by", by, "--format", "markdown").stdout
    assert "**Not counted at closed sites:**\n\n" in markdown
    assert f"- {BOTH} is not counted at {TREE_BRANCH}: the site is temporarily-closed\n" in markdown


@pytest.fixture
def published(make_tree: Callable[..., Path], tmp_path: Path) -> Path:
    """The feeds of the tree whose branch is temporarily closed."""
    tree = tree_with_branch(make_tree, "temporarily-closed")
    (tree / TREE_AUTHORITY / "activities" / f"{PHONE_IN}.yaml").write_text(
        activity_yaml(
            PHONE_IN, "family-support", venues=TREE_BRANCH, extra='telephone: "01632 960123"\n'
        )
    )
    out = tmp_path / "dist"
    result = publish_cli(tree, out)
    assert result.exit_code == 0, result.output
    return out


def read_csv(published: Path, name: str) -> list[dict[str, str]]:
    """The rows of csv/<name>.csv."""
    with open(published / "csv" / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_feed_json_moves_the_closed_branch_to_closed_venues(published: Path) -> None:
    feed = json.loads((published / "feed.json").read_text(encoding="utf-8"))
    assert feed["schema_version"] == "1.3.0"
    split = {a["id"]: (a["venues"], a["closed_venues"]) for a in feed["activities"]}
    assert split[BOTH] == ([TREE_HUB], [TREE_BRANCH])
    assert split[BRANCH_ONLY] == ([], [TREE_BRANCH])
    assert split[PHONE_IN] == ([], [TREE_BRANCH])
    others = [value for key, value in split.items() if key not in (BOTH, BRANCH_ONLY, PHONE_IN)]
    assert others == [([TREE_HUB], [])] * (len(TREE_REQUIRED_AREAS) - 1)
    both = next(a for a in feed["activities"] if a["id"] == BOTH)
    assert list(both)[list(both).index("venues") + 1] == "closed_venues"
    schema = json.loads((published / "feed.schema.json").read_text(encoding="utf-8"))
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    validator = jsonschema.Draft202012Validator(schema, format_checker=checker)
    assert list(validator.iter_errors(feed)) == []
    # The feed model accepts an activity whose every venue is closed (the listing named one).
    Feed.model_validate(feed, strict=False)
    del both["closed_venues"]
    assert [e.message for e in validator.iter_errors(feed)] == [
        "'closed_venues' is a required property"
    ]


def test_activities_csv_lists_only_open_venues_and_the_closed_ones_apart(
    published: Path,
) -> None:
    rows = {row["id"]: row for row in read_csv(published, "activities")}
    assert (rows[BOTH]["venues"], rows[BOTH]["closed_venues"]) == (TREE_HUB, TREE_BRANCH)
    assert (rows[BRANCH_ONLY]["venues"], rows[BRANCH_ONLY]["closed_venues"]) == ("", TREE_BRANCH)
    assert (rows[PHONE_IN]["venues"], rows[PHONE_IN]["telephone"]) == ("", "01632 960123")
    report = frictionless.validate(str(published / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_sessions_csv_has_no_session_of_an_activity_held_only_at_the_closed_branch(
    published: Path,
) -> None:
    session_ids = [row["session_id"] for row in read_csv(published, "sessions")]
    assert f"{BRANCH_ONLY}-1" not in session_ids  # nowhere to attend it now
    assert f"{PHONE_IN}-1" in session_ids  # still held by telephone
    assert f"{BOTH}-1" in session_ids  # still held at the open hub
    activities = {row["id"] for row in read_csv(published, "activities")}
    assert len(session_ids) == len(activities) - 1


def test_every_feed_agrees_where_each_activity_is_held(published: Path) -> None:
    """(activity, site) pairs each feed places an activity at: all equal, none at the branch."""
    feed = json.loads((published / "feed.json").read_text(encoding="utf-8"))
    site_by_name = {site["name"]: site["id"] for site in [*feed["hubs"], *feed["branches"]]}
    activity_by_name = {activity["name"]: activity["id"] for activity in feed["activities"]}
    in_feed = {(a["id"], venue) for a in feed["activities"] for venue in a["venues"]}
    in_csv = {
        (row["id"], venue)
        for row in read_csv(published, "activities")
        for venue in row["venues"].split(";")
        if venue
    }
    services = read_mirror_services(published)
    in_oruk = {
        (activity_by_name[service["name"]], link["location"]["external_identifier"])
        for service in services
        for link in service["service_at_locations"]
        if link["location"]["location_type"] == "physical"
    }
    calendar = Calendar.from_ical((published / "calendar" / f"{TREE_HUB}.ics").read_bytes())
    in_calendar = {
        (str(event["uid"]).split("@")[0].rsplit("-", 1)[0], site_id)
        for event in calendar.walk("VEVENT")
        for name, site_id in site_by_name.items()
        if f"{name}, " in str(event["location"])
    }
    assert in_feed == in_csv == in_oruk == in_calendar
    assert (BOTH, TREE_HUB) in in_feed
    assert {site for _, site in in_feed} == {TREE_HUB}


def test_calendar_has_no_event_at_the_closed_branch(published: Path) -> None:
    calendar = Calendar.from_ical((published / "calendar" / f"{TREE_HUB}.ics").read_bytes())
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    assert not [uid for uid in events if uid.startswith(f"{BRANCH_ONLY}-")]
    both = events[f"{BOTH}-1@{TREE_HUB}.hubctl"]
    assert str(both["location"]).startswith("Testshire Central Family Hub")
    assert "Testbury Library" not in str(both["location"])


def test_open_referral_lists_no_location_at_the_closed_branch(published: Path) -> None:
    services = read_mirror_services(published)
    by_name = {service["name"]: service for service in services}
    branch_only = by_name[f"Activity {BRANCH_ONLY}"]
    assert branch_only["status"] == "temporarily closed"
    assert branch_only["service_at_locations"] == []
    both = by_name[f"Testshire {'infant-feeding'}"]
    assert both["status"] == "active"
    assert [link["location"]["name"] for link in both["service_at_locations"]] == [
        "Testshire Central Family Hub"
    ]


def test_the_closed_branch_is_still_listed_with_its_status(published: Path) -> None:
    features = json.loads((published / "sites.geojson").read_text())["features"]
    statuses = {feature["id"]: feature["properties"]["status"] for feature in features}
    assert statuses == {TREE_HUB: "open", TREE_BRANCH: "temporarily-closed"}
    csv_rows = (published / "csv" / "branches.csv").read_text().splitlines()
    assert csv_rows[1].startswith(f"{TREE_BRANCH},") and ",temporarily-closed," in csv_rows[1]


def test_coverage_by_hub_with_every_hub_closed_says_there_is_no_open_hub(
    make_tree: Callable[..., Path],
) -> None:
    listings = make_tree()
    hub_file = listings / TREE_AUTHORITY / "hubs" / f"{TREE_HUB}.yaml"
    hub_file.write_text(hub_file.read_text().replace("status: open", "status: closed"))
    result = run_coverage(listings, "--by", "hub")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.endswith(
        f"hubctl: no open hub in {listings.as_posix()} (closed hubs are left out of coverage "
        "--by hub); use --by authority\n"
    )
