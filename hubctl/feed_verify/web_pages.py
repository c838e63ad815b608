"""The web directory's pages and assets: they parse, and load nothing from elsewhere.

A page may link anywhere (a booking site, a council's page) but must not make the
browser fetch from another host: every `src`, every `<link href>` (a stylesheet, an
icon), `<object data>`, `<form action>` and every CSS `url()` or `@import` is a
relative address inside the folder. Each page declares its language and UTF-8.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from hubctl.diagnostics import Diagnostic
from hubctl.feed_verify.codes import verify_diagnostic

# (tag, attribute) pairs whose address the browser fetches as it shows the page.
_FETCHED = {
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("embed", "src"),
    ("audio", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("track", "src"),
    ("input", "src"),
    ("object", "data"),
    ("form", "action"),
    ("link", "href"),
    ("image", "href"),
    ("use", "href"),
}
_CSS_ADDRESS = re.compile(r"""url\(\s*['"]?([^'")\s]*)|@import\s+['"]([^'"]*)""", re.IGNORECASE)


def is_elsewhere(address: str) -> bool:
    """True when `address` leads off the folder: a scheme (https:, data:, javascript:)
    or a host (`//host/`), or a path from the host's root."""
    address = address.strip()
    parts = urlsplit(address)
    return bool(parts.scheme or parts.netloc or address.startswith(("/", "\\")))


class _PageReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[tuple[int, int, str]] = []
        self.language: str | None = None
        self.charset = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, column = self.getpos()
        values = dict(attrs)
        if tag == "html":
            self.language = values.get("lang") or None
        if tag == "meta" and (values.get("charset") or "").lower() == "utf-8":
            self.charset = True
        for name, value in attrs:
            if (tag, name) in _FETCHED and value and is_elsewhere(value):
                self.problems.append(
                    (line, column + 1, f"<{tag} {name}> loads {value!r} from outside the folder")
                )
        if "style" in values and _css_elsewhere(values["style"] or ""):
            self.problems.append((line, column + 1, f"<{tag} style> loads from outside"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def _css_elsewhere(css: str) -> list[str]:
    found = [url or imported for url, imported in _CSS_ADDRESS.findall(css)]
    return [address for address in found if is_elsewhere(address)]


def check_web_page(display: str, raw: bytes) -> list[Diagnostic]:
    """VER303 for a page that is not UTF-8 HTML declaring its language and charset, or
    that loads anything from outside the folder."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return [verify_diagnostic(display, 1, 1, "VER303", "the page is not UTF-8")]
    reader = _PageReader()
    reader.feed(text)
    reader.close()
    problems = list(reader.problems)
    if reader.language is None:
        problems.append((1, 1, "<html> has no lang attribute"))
    if not reader.charset:
        problems.append((1, 1, 'the page does not declare <meta charset="utf-8">'))
    if not text.lstrip().lower().startswith("<!doctype html>"):
        problems.append((1, 1, "the page does not start with <!DOCTYPE html>"))
    return [verify_diagnostic(display, line, col, "VER303", msg) for line, col, msg in problems]


def check_site_asset(display: str, path: str, raw: bytes) -> list[Diagnostic]:
    """VER303 for an asset that is not UTF-8 text, or a stylesheet loading from outside
    the folder."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return [verify_diagnostic(display, 1, 1, "VER303", "the file is not UTF-8 text")]
    if not path.endswith((".css", ".svg")):
        return []
    diagnostics = []
    for number, line in enumerate(text.splitlines(), 1):
        for address in _css_elsewhere(line):
            diagnostics.append(
                verify_diagnostic(
                    display, number, 1, "VER303", f"loads {address!r} from outside the folder"
                )
            )
    return diagnostics
