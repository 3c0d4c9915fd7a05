"""In Chromium: what a first visit to a page fetches, and how fast the catalogue's filter answers.

The built site is served from 127.0.0.1; the browser is Debian's /usr/bin/chromium driven by
Playwright (never Playwright's own download). Sizes are those of the files on disk, and the same
files gzipped (level 6, what a compressing server such as Read the Docs sends).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from statistics import median
from typing import Any
from urllib.parse import unquote, urlsplit

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# Armed before each change of the filter box: a capture listener on window runs before the
# page's own, so the clock starts at the input event and stops one frame after the live count
# changed (the filtering, then the style and layout of the rows the reader sees).
ARM = """(input) => {
  const count = input.closest('.oneplusmg-filter').querySelector('.oneplusmg-count');
  const before = count.textContent;
  const state = window.__bench = {done: false};
  window.addEventListener('input', function listen(event) {
    if (event.target !== input) return;
    window.removeEventListener('input', listen, true);
    const start = performance.now();
    const poll = () => {
      if (count.textContent === before && performance.now() - start < 5000) requestAnimationFrame(poll);
      else requestAnimationFrame(() => Object.assign(state, {
        ms: performance.now() - start, count: count.textContent, done: true}));
    };
    requestAnimationFrame(poll);
  }, true);
}"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def chromium(root: Path) -> Iterator[tuple[Any, str]]:
    """(browser, base URL): ``root`` served on a free port of 127.0.0.1, a headless Chromium."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:  # which closes the browser when the block ends
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            yield browser, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def first_visits(root: Path, pages: list[str]) -> dict[str, list[tuple[str, int, int]]]:
    """For each page, the site's files a first visit (empty cache) fetched: (suffix, size, gzipped size)."""
    found: dict[str, list[tuple[str, int, int]]] = {page: [] for page in pages}
    with chromium(root) as (browser, base):
        for page in pages:
            context = browser.new_context()
            tab = context.new_page()
            urls: set[str] = set()
            tab.on("requestfinished", lambda request, seen=urls: seen.add(request.url))
            tab.goto(base + page, wait_until="networkidle")
            context.close()
            for url in urls:
                path = root / unquote(urlsplit(url).path).lstrip("/")
                if url.startswith(base) and path.is_file():
                    data = path.read_bytes()
                    found[page].append((path.suffix[1:], len(data), len(gzip.compress(data, 6))))
    return found


def filter_times(root: Path, query: str, runs: int) -> dict[str, Any]:
    """Type ``query`` into the catalogue's filter box and clear it, ``runs`` times each (ms)."""
    with chromium(root) as (browser, base):
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        tab.goto(base + "catalogue.html", wait_until="load")
        box = tab.locator(".oneplusmg-filter input[type=search]").first
        narrow: list[float] = []
        clear: list[float] = []
        shown = ""
        for _ in range(runs):
            for text, samples in ((query, narrow), ("", clear)):
                box.evaluate(ARM)
                box.fill(text)
                tab.wait_for_function("window.__bench.done", timeout=60000)
                state = tab.evaluate("window.__bench")
                samples.append(state["ms"])
                shown = state["count"] if text else shown
    return {"narrow": median(narrow), "clear": median(clear), "slowest": max(narrow + clear), "count": shown}
