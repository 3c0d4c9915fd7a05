"""Page weight: the bytes a browser fetches on a first visit (empty cache) to a built page.

Counted from the built files, by reading the HTML as a browser would: stylesheets, scripts,
images, icons and preloads it names, the stylesheets those import, and the web fonts their
``@font-face`` rules name (the first source of each rule: the format a current browser picks).
Sizes are the files on disk (uncompressed) and their gzip size (level 6, what web servers use by
default). A browser loads a font only when the page uses it, so the font figure is an upper
bound; the Chromium cross-check in :func:`observed` counts what was actually requested.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from common import Row, human_bytes

KINDS = ("html", "css", "js", "fonts", "images")
FONT_SUFFIXES = (".woff2", ".woff", ".ttf", ".otf", ".eot")
IMPORT_RE = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)""")
FONT_FACE_RE = re.compile(r"@font-face\s*{([^}]*)}", re.S)
URL_RE = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")


class AssetParser(HTMLParser):
    """Collects (kind, url) for what an HTML page makes the browser fetch."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        rel = a.get("rel", "").lower().split()
        if tag == "link" and a.get("href"):
            if "stylesheet" in rel:
                self.found.append(("css", a["href"]))
            elif "preload" in rel or "modulepreload" in rel:
                kind = {"style": "css", "script": "js", "font": "fonts", "image": "images"}.get(a.get("as", ""), "js")
                self.found.append((kind, a["href"]))
            elif "icon" in rel:
                self.found.append(("images", a["href"]))
        elif tag == "script" and a.get("src"):
            self.found.append(("js", a["src"]))
        elif tag == "img" and a.get("src"):
            self.found.append(("images", a["src"]))


@dataclass
class Weight:
    page: str
    files: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # path -> (kind, size, gzip)
    missing: list[str] = field(default_factory=list)

    def total(self, kind: str | None = None, gz: bool = False) -> int:
        return sum(g if gz else s for k, s, g in self.files.values() if kind in (None, k))


def local_path(root: Path, page_url: str, ref: str) -> Path | None:
    """The file a relative URL points at in the built site; None for other hosts and data URLs."""
    url = urljoin(page_url, ref)
    parts = urlsplit(url)
    if parts.scheme != "file" or not url.startswith("file://"):
        return None
    return Path(unquote(parts.path))


def add_file(weight: Weight, kind: str, path: Path | None, ref: str) -> bool:
    if path is None:
        return False
    key = str(path)
    if key in weight.files:
        return False
    if not path.is_file():
        weight.missing.append(ref)
        return False
    data = path.read_bytes()
    weight.files[key] = (kind, len(data), len(gzip.compress(data, compresslevel=6)))
    return True


def add_css(weight: Weight, root: Path, path: Path | None, ref: str) -> None:
    """A stylesheet, the stylesheets it imports and the fonts it declares."""
    if not add_file(weight, "css", path, ref) or path is None:
        return
    text = path.read_text(encoding="utf-8", errors="replace")
    base = path.as_uri()
    for imported in IMPORT_RE.findall(text):
        add_css(weight, root, local_path(root, base, imported), imported)
    for rule in FONT_FACE_RE.findall(text):
        urls = [u for u in URL_RE.findall(rule) if u.split("?")[0].split("#")[0].lower().endswith(FONT_SUFFIXES)]
        if urls:
            add_file(weight, "fonts", local_path(root, base, urls[0].split("?")[0].split("#")[0]), urls[0])


def page_weight(root: Path, page: str) -> Weight:
    """Everything a first visit to ``page`` (relative to the site root) fetches, from the files."""
    html = root / page
    weight = Weight(page)
    add_file(weight, "html", html, page)
    parser = AssetParser()
    parser.feed(html.read_text(encoding="utf-8"))
    base = html.as_uri()
    for kind, ref in parser.found:
        path = local_path(root, base, ref.split("?")[0].split("#")[0])
        if kind == "css":
            add_css(weight, root, path, ref)
        else:
            add_file(weight, kind, path, ref)
    return weight


def observed(root: Path, pages: list[str]) -> dict[str, tuple[int, int] | str]:
    """Cross-check in Chromium: (requests, bytes on disk) a first visit fetched, per page."""
    from browser import chromium, serve

    result: dict[str, tuple[int, int] | str] = {}
    try:
        with serve(root) as base, chromium() as browser:
            for page in pages:
                context = browser.new_context()  # empty cache: a first visit
                tab = context.new_page()
                urls: list[str] = []
                tab.on("requestfinished", lambda request: urls.append(request.url))
                tab.goto(base + page, wait_until="networkidle")
                size = 0
                for url in set(urls):
                    if url.startswith(base):
                        file = root / unquote(urlsplit(url).path).lstrip("/")
                        size += file.stat().st_size if file.is_file() else 0
                result[page] = (len(set(urls)), size)
                context.close()
    except Exception as err:  # the static figures stand without the cross-check
        return {page: f"browser cross-check failed: {err.__class__.__name__}: {err}" for page in pages}
    return result


def weight_row(key: str, label: str, weight: Weight, seen: tuple[int, int] | str | None) -> Row:
    parts = ", ".join(f"{kind} {human_bytes(weight.total(kind))}" for kind in KINDS if weight.total(kind))
    notes = f"{len(weight.files)} files: {parts}; gzip {human_bytes(weight.total(gz=True))}"
    if isinstance(seen, tuple):
        notes += f"; Chromium first visit fetched {seen[0]} files, {human_bytes(seen[1])}"
    elif isinstance(seen, str):
        notes += f"; {seen}"
    if weight.missing:
        notes += f"; referenced but not built: {', '.join(weight.missing[:3])}"
    total = weight.total()
    return Row(key, "Page weight", f"{label} ({weight.page}), first visit", human_bytes(total), notes,
               total / 1024, "KB")


def measure(root: Path, pages: list[tuple[str, str, str]], cross_check: bool = True) -> tuple[list[Row], dict]:
    """One row per (key, label, page path relative to ``root``)."""
    weights = [(key, label, page_weight(root, page)) for key, label, page in pages]
    seen = observed(root, [page for _, _, page in pages]) if cross_check else {}
    rows = [weight_row(key, label, w, seen.get(w.page)) for key, label, w in weights]
    details = {label: sorted(((Path(p).relative_to(root).as_posix(), k, s, g) for p, (k, s, g) in w.files.items()),
                             key=lambda item: -item[2])
               for _, label, w in weights}
    return rows, details
