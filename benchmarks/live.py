"""Edit to reload: a save in the live preview until Chromium shows the new page.

Each preview runs as ``make livehtml`` runs it (this tree: ``python -m oneplusmg.live``; the
reference tree: its own sphinx-autobuild command) on a copy of the site, both at once, edited in
turn; a browser tab keeps the edited page open, as a writer does, and the clock runs from the
write of the file to the first moment the reloaded page's text holds the edit.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.request import urlopen

from browser import ARGS, CHROMIUM
from common import SPHINX_BUILD

WATCH = ["--watch", "_ext", "--watch", "_static", "--watch", "_templates", "--watch", "conf.py"]
# The Makefile's LIVE_IGNORE, for both trees: the reference's own pattern ignored every path with
# a hidden folder in it, and these copies sit in benchmarks/.work.
IGNORE = r"/\.[^/]*$|~$|/(__pycache__|_build)/|/docs/guidelines/"
SETTLE = 3.0  # seconds between saves: a writer reads the page before saving again


def command(warm: bool, port: int) -> list[str]:
    """The livehtml command of this tree (warm) or of the reference tree (sphinx-autobuild)."""
    bin_dir = Path(SPHINX_BUILD).parent
    head = [str(bin_dir / "python"), "-m", "oneplusmg.live"] if warm else [str(bin_dir / "sphinx-autobuild")]
    jobs = "1" if warm else "auto"  # each tree's Makefile: LIVE_JOBS, or the reference's JOBS
    return [*head, "-c", ".", "-n", "-j", jobs, "--port", str(port), *WATCH, "--re-ignore", IGNORE, "docs", "_build"]


@contextlib.contextmanager
def preview(site: Path, warm: bool, log: Path) -> Iterator[str]:
    """The base URL of a live preview of ``site``, once its first build is served."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "PYTHONDONTWRITEBYTECODE")}
    env.update(PYTHONPATH=str(site / "_ext"), NO_COLOR="1")
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w", encoding="utf-8") as out:
        server = subprocess.Popen(command(warm, port), cwd=site, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        wait_for(lambda: serving(port), 900, server)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=30)


def serving(port: int) -> bool:
    """Whether the preview answers: its first build is done and its server listens."""
    try:
        with urlopen(f"http://127.0.0.1:{port}/index.html", timeout=5):
            return True
    except OSError:
        return False


def wait_for(done: Callable[[], bool], timeout: float, server: subprocess.Popen[bytes] | None = None) -> None:
    end = time.perf_counter() + timeout
    while not done():
        if (server is not None and server.poll() is not None) or time.perf_counter() > end:
            raise RuntimeError("the live preview exited" if server and server.poll() is not None else "timed out")
        time.sleep(0.005)


def shows(tab: Any, text: str) -> bool:
    """Whether the page's text holds ``text`` now; False while it is being reloaded."""
    try:
        return bool(tab.evaluate("t => document.body.innerText.toLowerCase().includes(t)", text.lower()))
    except Exception:  # the page is navigating: its old document is gone
        return False


def edit_to_reload(
    sites: dict[str, tuple[Path, bool]], page: str, edit: Callable[[Path, int], None], runs: int, logs: Path
) -> dict[str, list[float]]:
    """For each named site (path, warm?): seconds from each of ``runs`` edits to the page showing it."""
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {name: [] for name in sites}
    with contextlib.ExitStack() as stack:
        bases = {name: stack.enter_context(preview(s, w, logs / f"live-{name}.log")) for name, (s, w) in sites.items()}
        browser = stack.enter_context(sync_playwright()).chromium.launch(executable_path=CHROMIUM, args=ARGS)
        tabs = {name: browser.new_page() for name in sites}
        for name, tab in tabs.items():
            tab.goto(bases[name] + page, wait_until="load")
        for i in range(100, 100 + runs):
            for name, (site, _) in sites.items():  # interleaved: A B A B ...
                time.sleep(SETTLE)
                start = time.perf_counter()
                edit(site, i)
                wait_for(lambda name=name, i=i: shows(tabs[name], f"benchmark edit {i}"), 120)
                times[name].append(time.perf_counter() - start)
        browser.close()
    return times
