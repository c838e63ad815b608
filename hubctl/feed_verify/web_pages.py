"""The web directory's pages and assets: they parse, and load nothing from elsewhere.

A page may link anywhere (a booking site, a council's page) but must not make the
browser fetch from another host: every address the browser loads as it shows the page
(`src`, `srcset`, `<link href>`, `<object data>`, `<form action>`, `formaction`, `ping`,
SVG `href` and `xlink:href`, a refresh, CSS `url()` and `@import`, inline or in a
stylesheet) is a relative address inside the folder, and there is no `<base>` to move
them. Each page declares its language and UTF-8, has no inline script, and carries a
Content-Security-Policy whose default is `'none'`, as publish writes it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from hubctl.diagnostics import Diagnostic
from hubctl.feed_verify.codes import verify_diagnostic

# (tag, attribute) pairs whose address the browser fetches as it shows the page;
# a tag of None: that attribute on any element.
_FETCHED = {
    ("script", "src"),
    ("img", "src"),
    ("source", "src"),
    ("iframe", "src"),
    ("frame", "src"),
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
    ("feimage", "href"),
    (None, "xlink:href"),
    (None, "formaction"),
    (None, "ping"),
    (None, "background"),
}
# Attributes holding a list of candidates, `a.png 1x, b.png 2x`.
_CANDIDATE_LISTS = {"srcset", "imagesrcset"}
_CSS_ADDRESS = re.compile(
    r"""url\(\s*['"]?([^'")\s]*)|@import\s+(?:url\(\s*)?['"]?([^'")\s;]*)""", re.IGNORECASE
)
# A refresh's target: what follows the delay's ";", with or without "url=".
_REFRESH_URL = re.compile(r";\s*(?:url\s*=\s*)?['\"]?([^'\"]*)", re.IGNORECASE)
# The policy's directives that say where a page may fetch from: each must allow only the
# folder ('self') or nothing ('none'), as the policy publish writes does.
_FETCH_DIRECTIVES = (
    "default-src",
    "script-src",
    "style-src",
    "img-src",
    "connect-src",
    "font-src",
    "media-src",
    "object-src",
    "frame-src",
    "child-src",
    "worker-src",
    "manifest-src",
    "prefetch-src",
    "script-src-elem",
    "script-src-attr",
    "style-src-elem",
    "style-src-attr",
)
_ASSET_KINDS = (".css", ".js", ".svg")


def is_elsewhere(address: str) -> bool:
    """True when `address` leads off the folder: a scheme (https:, data:, javascript:),
    a host (`//host/`), a path from the host's root, or no valid address at all."""
    address = address.strip()
    try:
        parts = urlsplit(address)
    except ValueError:  # "//[x": not an address a browser would load from the folder
        return True
    return bool(parts.scheme or parts.netloc or address.startswith(("/", "\\")))


def _css_elsewhere(css: str) -> list[tuple[int, str]]:
    """(offset, address) of each CSS `url()` or `@import` leading off the folder."""
    found = []
    for match in _CSS_ADDRESS.finditer(css):
        address = match.group(1) if match.group(1) is not None else match.group(2)
        if address and is_elsewhere(address):
            found.append((match.start(), address))
    return found


class _PageReader(HTMLParser):
    """Notes each problem as (line, column, message) while it reads the markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[tuple[int, int, str]] = []
        self.language: str | None = None
        self.charset = False
        self.policy: str | None = None
        self.before_policy = False  # a script or stylesheet came before the policy
        self._inline: str | None = None  # "script" or "style" while inside one

    def _add(self, message: str) -> None:
        line, column = self.getpos()
        self.problems.append((line, column + 1, message))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.language = values.get("lang") or None
        if tag == "meta":
            self._meta(values)
        if tag == "base":
            self._add("<base> moves every relative address of the page; publish writes none")
        for name, value in values.items():
            if name in _CANDIDATE_LISTS:
                addresses = [c.strip().split(" ")[0] for c in value.split(",") if c.strip()]
            elif (tag, name) in _FETCHED or (None, name) in _FETCHED:
                addresses = value.split() if name == "ping" else [value]
            else:
                continue
            for address in addresses:
                if address and is_elsewhere(address):
                    self._add(f"<{tag} {name}> loads {address!r} from outside the folder")
        if _css_elsewhere(values.get("style", "")):
            self._add(f"<{tag} style> loads from outside the folder")
        if "srcdoc" in values:
            self._add(f"<{tag} srcdoc> holds a page of its own; publish writes none")
        if tag in ("script", "link") and self.policy is None:
            self.before_policy = True
        if tag in ("script", "style"):
            self._inline = tag if tag == "style" or "src" not in values else None

    def _meta(self, values: dict[str, str]) -> None:
        if values.get("charset", "").lower() == "utf-8":
            self.charset = True
        equiv = values.get("http-equiv", "").lower()
        if equiv == "content-security-policy":
            self.policy = values.get("content", "")
        if equiv == "refresh":
            target = _REFRESH_URL.search(values.get("content", ""))
            if target and is_elsewhere(target.group(1)):
                self._add(f"<meta refresh> goes to {target.group(1)!r}, outside the folder")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._inline = None

    def handle_endtag(self, tag: str) -> None:
        self._inline = None

    def handle_data(self, data: str) -> None:
        if self._inline == "script" and data.strip():
            self._add("an inline <script>: the page's scripts are files of the folder")
        if self._inline == "style" and _css_elsewhere(data):
            self._add("an inline <style> loads from outside the folder")


def _read_markup(text: str) -> _PageReader:
    reader = _PageReader()
    reader.feed(text)
    reader.close()
    return reader


def check_web_page(display: str, raw: bytes) -> list[Diagnostic]:
    """VER303 for a page that is not UTF-8 HTML declaring its language and charset,
    lacks the policy publish writes, has an inline script, or loads anything from
    outside the folder."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return [verify_diagnostic(display, 1, 1, "VER303", "the page is not UTF-8")]
    reader = _read_markup(text)
    problems = list(reader.problems)
    if reader.language is None:
        problems.append((1, 1, "<html> has no lang attribute"))
    if not reader.charset:
        problems.append((1, 1, 'the page does not declare <meta charset="utf-8">'))
    if not text.lstrip().lower().startswith("<!doctype html>"):
        problems.append((1, 1, "the page does not start with <!DOCTYPE html>"))
    policy_problem = _policy_problem(reader.policy)
    if policy_problem is None and reader.before_policy:
        policy_problem = "a script or stylesheet comes before the Content-Security-Policy"
    if policy_problem is not None:
        problems.append((1, 1, policy_problem))
    return [verify_diagnostic(display, line, col, "VER303", msg) for line, col, msg in problems]


def _policy_problem(policy: str | None) -> str | None:
    """Why `policy` (a page's Content-Security-Policy) lets the page fetch from
    elsewhere, or None."""
    if policy is None:
        return "the page has no Content-Security-Policy with default-src 'none'"
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives.setdefault(words[0].lower(), words[1:])
    if directives.get("default-src") != ["'none'"]:
        return "the page has no Content-Security-Policy with default-src 'none'"
    for name in _FETCH_DIRECTIVES:
        sources = directives.get(name, [])
        if any(source not in ("'self'", "'none'") for source in sources):
            return f"its Content-Security-Policy lets {name} fetch from {' '.join(sources)}"
    return None


def check_site_asset(display: str, path: str, raw: bytes) -> list[Diagnostic]:
    """VER303 for an asset that is not a stylesheet, script or SVG in UTF-8, or a
    stylesheet or SVG loading from outside the folder. (A script's requests cannot be
    told by reading it; the pages' policy lets scripts connect nowhere.)"""
    if not path.endswith(_ASSET_KINDS):
        message = "the web directory's assets are .css, .js and .svg files only"
        return [verify_diagnostic(display, 1, 1, "VER303", message)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return [verify_diagnostic(display, 1, 1, "VER303", "the file is not UTF-8 text")]
    if path.endswith(".js"):
        return []
    if path.endswith(".svg"):  # its styles and addresses are read as markup
        problems = _read_markup(text).problems
        return [verify_diagnostic(display, ln, col, "VER303", msg) for ln, col, msg in problems]
    problems = []
    for offset, address in _css_elsewhere(text):
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        problems.append((line, column, f"loads {address!r} from outside the folder"))
    return [verify_diagnostic(display, line, col, "VER303", msg) for line, col, msg in problems]
