"""The published web directory: static HTML pages beside the feeds (README: The web directory).

`site_files` gives index.html, a page per authority, coverage.html and the site's
stylesheet and script as FeedFiles, like every other feed; `downloads_file` gives
downloads.html, made once the feeds' manifest entries are known. Pages are rendered
by Jinja2 templates with autoescaping on, so listing text is always text; nothing on a
page loads from another host (a Content-Security-Policy says so to the browser).
"""

from __future__ import annotations

from hubctl.web_site.site_rendering import downloads_file, site_files

__all__ = ["downloads_file", "site_files"]
