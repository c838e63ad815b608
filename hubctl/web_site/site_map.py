"""A simple SVG map of an authority's sites: no tiles, no script, nothing fetched.

Points are placed by latitude and longitude (longitude scaled by the cosine of the
mean latitude, so distances look right at England's latitudes). Hubs are filled
circles, branches smaller circles, and a site that is not open a hollow square: the
shape says it as well as the colour, and the page's list of sites says it in words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from hubctl.web_site.directory_pages import SiteView

_WIDTH = 480
_HEIGHT = 360
_MARGIN = 24


def sites_svg(sites: Sequence[SiteView]) -> str:
    """An inline <svg> of the sites that have a location, or "" when none has one."""
    placed = [site for site in sites if site.location is not None]
    if not placed:
        return ""
    lats = [site.location[0] for site in placed if site.location]
    lons = [site.location[1] for site in placed if site.location]
    scale_x = math.cos(math.radians(sum(lats) / len(lats)))
    span_x = max((max(lons) - min(lons)) * scale_x, 1e-3)
    span_y = max(max(lats) - min(lats), 1e-3)
    # One scale for both axes, so the map is not stretched.
    scale = min((_WIDTH - 2 * _MARGIN) / span_x, (_HEIGHT - 2 * _MARGIN) / span_y)
    left = (_WIDTH - span_x * scale) / 2
    top = (_HEIGHT - span_y * scale) / 2
    shapes = []
    for site in placed:
        assert site.location is not None
        lat, lon = site.location
        x = left + (lon - min(lons)) * scale_x * scale
        y = top + (max(lats) - lat) * scale
        label = f"{site.name} ({site.kind}, {site.status.lower()})"
        title = f"<title>{escape(label)}</title>"
        if not site.is_open:
            shapes.append(
                f'<rect class="map-closed" x="{x - 6:.1f}" y="{y - 6:.1f}" width="12" '
                f'height="12">{title}</rect>'
            )
        else:
            kind = "map-hub" if site.calendar is not None else "map-branch"
            radius = 8 if site.calendar is not None else 5
            shapes.append(
                f'<circle class="{kind}" cx="{x:.1f}" cy="{y:.1f}" r="{radius}">{title}</circle>'
            )
    return (
        f'<svg class="site-map" viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" '
        f'aria-labelledby="map-title" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="map-title">Map of {len(placed)} sites: large circles are family hubs, '
        "small circles branch sites, hollow squares sites that are not open</title>"
        f'<rect class="map-ground" x="0" y="0" width="{_WIDTH}" height="{_HEIGHT}"/>'
        + "".join(shapes)
        + "</svg>"
    )
