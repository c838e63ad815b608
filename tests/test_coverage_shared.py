"""compute_coverages judges each activity once for several groupings: each report is
exactly the one compute_coverage gives for its grouping alone."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from hubctl.coverage_periods import CoveragePeriod
from hubctl.listings import load_listings
from hubctl.offer_coverage import compute_coverage, compute_coverages
from hubctl.taxonomy import load_taxonomy

WEB_TREE = Path(__file__).parent / "fixtures" / "web"


@pytest.mark.parametrize("tree", ["shipped", "web"])
@pytest.mark.parametrize("over_a_period", [False, True])
def test_each_grouping_equals_its_own_run(
    tree: str, over_a_period: bool, shipped_listings: Path, fixed_today: datetime.date
) -> None:
    listings = load_listings(shipped_listings if tree == "shipped" else WEB_TREE)
    taxonomy = load_taxonomy()
    period = None
    if over_a_period:
        period = CoveragePeriod(fixed_today, fixed_today + datetime.timedelta(days=90), "90 days")
    both = compute_coverages(
        listings, taxonomy, fixed_today, ("authority", "hub"), period=period, exclude_stale=True
    )
    assert list(both) == ["authority", "hub"]
    for by, report in both.items():
        alone = compute_coverage(
            listings, taxonomy, fixed_today, by=by, period=period, exclude_stale=True
        )
        assert report == alone
        assert report.units  # each tree has authorities and open hubs to judge
