"""Page weight: the bytes a browser fetches on a first visit (empty cache) to a built page.

The headline is what Chromium actually fetched from the site on a first visit (:func:`observed`),
uncompressed, the stricter figure; the same files gzipped (level 6, what web servers use by
default) are what a compressing server sends. Counted from the built files as well, by reading
the HTML as a browser would (stylesheets, scripts, images, icons and preloads it names, the
stylesheets those import, the web fonts their ``@font-face`` rules name): an upper bound, as a
browser loads a font only when the page uses it.
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


@dataclass
class Fetched:
    """What Chromium fetched on a first visit: files of the site, sizes on disk and gzipped."""

    requests: int
    files: dict[str, tuple[str, int, int]]  # path -> (kind, size, gzip)

    def total(self, gz: bool = False) -> int:
        return sum(g if gz else s for _k, s, g in self.files.values())

    def by_kind(self) -> str:
        totals: dict[str, int] = {}
        for kind, size, _gz in self.files.values():
            totals[kind] = totals.get(kind, 0) + size
        return ", ".join(f"{kind} {human_bytes(totals[kind])}" for kind in (*KINDS, "other") if kind in totals)


def kind_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        return "html"
    if suffix == ".css":
        return "css"
    if suffix in (".js", ".mjs"):
        return "js"
    if suffix in FONT_SUFFIXES:
        return "fonts"
    if suffix in (".png", ".svg", ".jpg", ".jpeg", ".gif", ".webp", ".ico"):
        return "images"
    return "other"


def observed(root: Path, pages: list[str]) -> dict[str, Fetched | str]:
    """In Chromium: the files a first visit (empty cache) to each page fetched from the site."""
    from browser import chromium, serve

    result: dict[str, Fetched | str] = {}
    try:
        with serve(root) as base, chromium() as browser:
            for page in pages:
                context = browser.new_context()  # empty cache: a first visit
                tab = context.new_page()
                urls: list[str] = []
                tab.on("requestfinished", lambda request: urls.append(request.url))
                tab.goto(base + page, wait_until="networkidle")
                files: dict[str, tuple[str, int, int]] = {}
                for url in set(urls):
                    if not url.startswith(base):
                        continue
                    file = root / unquote(urlsplit(url).path).lstrip("/")
                    if file.is_file() and str(file) not in files:
                        data = file.read_bytes()
                        files[str(file)] = (kind_of(file), len(data), len(gzip.compress(data, compresslevel=6)))
                result[page] = Fetched(len(set(urls)), files)
                context.close()
    except Exception as err:  # the static figures stand without the cross-check
        return {page: f"browser check failed: {err.__class__.__name__}: {err}" for page in pages}
    return result


# A content page must weigh less than this on a first visit (issue: "under 500 KB").
CONTENT_PAGE_LIMIT_KB = 500


def weight_row(key: str, label: str, weight: Weight, seen: Fetched | str | None) -> Row:
    """The headline is what Chromium fetched (uncompressed); the static count is an upper bound."""
    parts = ", ".join(f"{kind} {human_bytes(weight.total(kind))}" for kind in KINDS if weight.total(kind))
    static = (f"named by the page and its CSS (upper bound: a browser fetches a font only when a page uses "
              f"it): {len(weight.files)} files, {human_bytes(weight.total())} ({parts}), gzip "
              f"{human_bytes(weight.total(gz=True))}")
    target = ""
    if isinstance(seen, Fetched):
        total = seen.total()
        notes = (f"Chromium fetched {len(seen.files)} files ({seen.by_kind()}); the same files gzipped, as a "
                 f"compressing server such as Read the Docs sends them: {human_bytes(seen.total(gz=True))}; {static}")
        if key == "weight.content":
            target = "met" if total / 1024 < CONTENT_PAGE_LIMIT_KB else "missed"
            notes = f"target < {CONTENT_PAGE_LIMIT_KB} KB uncompressed; " + notes
    else:
        total = weight.total()
        notes = static + (f"; {seen}" if isinstance(seen, str) else "")
    if weight.missing:
        notes += f"; referenced but not built: {', '.join(weight.missing[:3])}"
    return Row(key, "Page weight", f"{label} ({weight.page}), first visit", human_bytes(total), notes,
               total / 1024, "KB", target)


def measure(root: Path, pages: list[tuple[str, str, str]], cross_check: bool = True) -> tuple[list[Row], dict]:
    """One row per (key, label, page path relative to ``root``)."""
    weights = [(key, label, page_weight(root, page)) for key, label, page in pages]
    seen = observed(root, [page for _, _, page in pages]) if cross_check else {}
    rows = [weight_row(key, label, w, seen.get(w.page)) for key, label, w in weights]

    def largest(files: dict[str, tuple[str, int, int]]) -> list[tuple[str, str, int, int]]:
        return sorted(((Path(p).relative_to(root).as_posix(), k, s, g) for p, (k, s, g) in files.items()),
                      key=lambda item: -item[2])

    details = {label: largest(seen[w.page].files if isinstance(seen.get(w.page), Fetched) else w.files)
               for _, label, w in weights}
    return rows, details
