"""The shipped listings say what their sources say (README: About the shipped listings)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CLI_TODAY, run_cli

from hubctl import load_listings
from hubctl.listings import Listings

DCHS = "Derbyshire Community Health Services NHS Foundation Trust"
UHDB = "University Hospitals of Derby and Burton NHS Foundation Trust"
UHL = "University Hospitals of Leicester NHS Trust"
LPT = "Leicestershire Partnership NHS Trust"
# Each NHS clinic of the shipped listings, with the trust that runs it.
NHS_CLINICS = {
    "alvaston-stay-and-weigh": DCHS,
    "chaddesden-health-visitor-clinic": DCHS,
    "derwent-stay-and-weigh": DCHS,
    "mackworth-health-visitor-clinic": DCHS,
    "normanton-midwife-clinic": UHDB,
    "derby-smokefree-pregnancy-clinic": UHDB,
    "leicester-beaumont-leys-midwife-clinic": UHL,
    "leicester-highfields-health-visitor-clinic": LPT,
    "leicester-saffron-stay-and-weigh": LPT,
}


@pytest.fixture(scope="module")
def shipped() -> Listings:
    return load_listings(Path(__file__).resolve().parents[1] / "listings")


def test_every_nhs_clinic_names_its_trust_and_nothing_else_has_a_partner(
    shipped: Listings,
) -> None:
    partners = {
        activity.id: (activity.delivered_by.name, activity.delivered_by.type)
        for activity in shipped.activities
        if activity.delivered_by is not None
    }
    assert partners == {activity_id: (trust, "nhs") for activity_id, trust in NHS_CLINICS.items()}


def test_an_activity_about_midwives_or_health_visitors_at_a_clinic_is_the_nhs(
    shipped: Listings,
) -> None:
    # A clinic or weighing session is the NHS's own; groups run with NHS staff are not.
    for activity in shipped.activities:
        text = activity.name.lower()
        if any(word in text for word in ("midwife", "health visitor", "stay and weigh")):
            assert activity.id in NHS_CLINICS, activity.id


def test_derbys_solihull_course_is_self_paced_online(shipped: Listings) -> None:
    (course,) = [a for a in shipped.activities if a.id == "derby-solihull-approach-online"]
    assert (course.schedule, course.venues, course.status) == ("self-paced", [], "running")
    assert course.online is not None and "self-paced" in course.description


def test_the_shipped_childrens_centres_of_leicester_are_each_at_their_hub(
    shipped: Listings,
) -> None:
    # Only the three sourced here (README: About the shipped listings), each a branch of
    # the hub nearest to it.
    centres = {
        branch.id: branch.hub
        for branch in shipped.branches
        if branch.site_type == "childrens-centre" and branch.id.endswith("-family-centre")
    }
    assert centres == {
        "eyres-monsell-family-centre": "saffron-family-hub",
        "new-parks-family-centre": "braunstone-family-hub",
        "northfields-family-centre": "belgrave-family-hub",
    }


def test_the_shipped_listings_publish_and_verify(tmp_path: Path) -> None:
    listings = Path(__file__).resolve().parents[1] / "listings"
    out = tmp_path / "dist"
    published = run_cli("--listings", listings, "publish", "--out", out, "--on", CLI_TODAY)
    assert published.exit_code == 0, published.stderr
    verified = run_cli("verify", out)
    assert (verified.exit_code, verified.stdout) == (0, "")
