"""In Chromium (Debian's, driven by Playwright; never Playwright's own download): what a first visit
to a page fetches, how fast the catalogue's filter answers, how long a save in the live preview
takes to show. Sizes are those of the files on disk, and gzipped (level 6, what a compressing
server such as Read the Docs sends). Each live preview runs as ``make livehtml`` runs it, on a
copy of the site, both trees at once, edited in turn; a tab keeps the edited page open, as a
writer does, and the clock runs from the write of the file to the reloaded page's text holding it.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import urlopen

from common import SPHINX_BUILD, child_env

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# Armed before each change of the filter box (the only input event then): a capture listener on
# window runs before the page's own, so the clock starts at the input event and stops one frame
# after the live count changed (the filtering, then the style and layout of the rows the reader sees).
ARM = """(input) => {
  const count = input.closest('.oneplusmg-filter').querySelector('.oneplusmg-count');
  const before = count.textContent, state = window.__bench = {done: false};
  window.addEventListener('input', () => {
    const start = performance.now();
    const poll = () => {
      if (count.textContent === before && performance.now() - start < 5000) requestAnimationFrame(poll);
      else requestAnimationFrame(() => Object.assign(state, {
        ms: performance.now() - start, count: count.textContent, done: true}));
    };
    requestAnimationFrame(poll);
  }, {capture: true, once: true});
}"""
SHOWS = "t => document.body.innerText.toLowerCase().includes(t)"
WATCH = ["--watch", "_ext", "--watch", "_static", "--watch", "_templates", "--watch", "conf.py"]
# The Makefile's LIVE_IGNORE, for both trees: the reference's own pattern ignored every path with
# a hidden folder in it, and these copies sit in benchmarks/.work.
IGNORE = r"/\.[^/]*$|~$|/(__pycache__|_build)/|/docs/guidelines/"
SETTLE = 3.0  # seconds between saves: a writer reads the page before saving again


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def served(root: Path) -> Iterator[str]:
    """The base URL of ``root`` served on a free port of 127.0.0.1."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:  # which closes the browser when the block ends
        yield playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)


def first_visits(root: Path, pages: list[str]) -> dict[str, list[tuple[str, int, int]]]:
    """For each page, the site's files a first visit (empty cache) fetched: (suffix, size, gzipped size)."""
    found: dict[str, list[tuple[str, int, int]]] = {page: [] for page in pages}
    with served(root) as base, chromium() as browser:
        for page in pages:
            tab = browser.new_page()  # in a context of its own: an empty cache
            urls: set[str] = set()
            tab.on("requestfinished", lambda request, seen=urls: seen.add(request.url))
            tab.goto(base + page, wait_until="networkidle")
            tab.close()
            for url in urls:
                path = root / unquote(urlsplit(url).path).lstrip("/")
                if url.startswith(base) and path.is_file():
                    data = path.read_bytes()
                    found[page].append((path.suffix[1:], len(data), len(gzip.compress(data, 6))))
    return found


def filter_times(root: Path, query: str, runs: int) -> tuple[list[float], list[float], str]:
    """Type ``query`` into the catalogue's filter box and clear it, ``runs`` times each: the times of
    each (ms), and the count shown for the query."""
    with served(root) as base, chromium() as browser:
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        tab.goto(base + "catalogue.html", wait_until="load")
        box = tab.locator(".oneplusmg-filter input[type=search]").first
        times: dict[str, list[float]] = {query: [], "": []}
        for _ in range(runs):
            for text, samples in times.items():
                box.evaluate(ARM)
                box.fill(text)
                tab.wait_for_function("window.__bench.done", timeout=60000)
                samples.append(tab.evaluate("window.__bench.ms"))
                if text:
                    shown = tab.evaluate("window.__bench.count")
    return times[query], times[""], shown


@contextlib.contextmanager
def preview(site: Path, warm: bool, log: Path) -> Iterator[str]:
    """The base URL of a live preview of ``site``, once its first build is served, as its Makefile
    starts it: this tree's (warm) or the reference tree's (sphinx-autobuild)."""
    with socket.create_server(("127.0.0.1", 0)) as free:
        port = free.getsockname()[1]
    bin_dir = Path(SPHINX_BUILD).parent
    head = [str(bin_dir / "python"), "-m", "oneplusmg.live"] if warm else [str(bin_dir / "sphinx-autobuild")]
    jobs = "1" if warm else "auto"  # each tree's Makefile: LIVE_JOBS, or the reference's JOBS
    argv = [*head, "-c", ".", "-n", "-j", jobs, "--port", str(port), *WATCH, "--re-ignore", IGNORE, "docs", "_build"]
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w", encoding="utf-8") as out:
        env = child_env(PYTHONPATH=str(site / "_ext"))
        server = subprocess.Popen(argv, cwd=site, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        wait_for(lambda: urlopen(f"http://127.0.0.1:{port}/index.html", timeout=5).status == 200, 900, server)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_for(done: Callable[[], object], timeout: float, server: subprocess.Popen[bytes] | None = None) -> None:
    """Poll until ``done()`` is true; an error counts as not yet (a server starting, a page reloading)."""
    end = time.perf_counter() + timeout
    while True:
        with contextlib.suppress(Exception):
            if done():
                return
        if (server is not None and server.poll() is not None) or time.perf_counter() > end:
            raise RuntimeError("the live preview exited" if server and server.poll() is not None else "timed out")
        time.sleep(0.005)


def edit_to_reload(
    sites: dict[str, Path], page: str, edit: Callable[[Path, int], None], runs: int, logs: Path
) -> dict[str, list[float]]:
    """For this tree ("new") and the reference ("old"): seconds from each of ``runs`` edits to the page showing it."""
    times: dict[str, list[float]] = {name: [] for name in sites}
    with contextlib.ExitStack() as stack:
        bases = {
            name: stack.enter_context(preview(s, name == "new", logs / f"{name}.log")) for name, s in sites.items()
        }
        browser = stack.enter_context(chromium())
        tabs = {name: browser.new_page() for name in sites}
        for name, tab in tabs.items():
            tab.goto(bases[name] + page, wait_until="load")
        for i in range(100, 100 + runs):
            for name, site in sites.items():  # interleaved: A B A B ...
                time.sleep(SETTLE)
                start = time.perf_counter()
                edit(site, i)
                wait_for(lambda name=name, i=i: tabs[name].evaluate(SHOWS, f"benchmark edit {i}"), 120)
                times[name].append(time.perf_counter() - start)
    return times
