"""Browser-test support: serve the built site on 127.0.0.1 and drive Debian's Chromium.

Loaded as a pytest plugin by tests/conftest.py, so its fixtures (``base_url``, ``browser``,
``page``, ``traffic``) serve every tests/test_browser_*.py module; its helpers are imported.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 320, "height": 640}  # WCAG 1.4.10 reflow: 320 CSS pixels
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    # An experimental rule, so not in the tags: named by the issue (the theme's search button).
    "rules": {"label-content-name-mismatch": {"enabled": True}},
    "resultTypes": ["violations"],
}
# Pages also checked with axe in the phone layout (the header and the tables change there).
PHONE_AXE_PAGES = ("index.html", "catalogue.html", "foundations/legal-ethics-governance.html")


# -- Serving the site and driving the browser --------------------------------------------------------


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site; a missing page gets the site's 404 page, as the real host does."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the browser closing a connection early is not a failure of the site


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1, on a free port, from a thread; yields its address."""
    server = QuietServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(site_html: Path) -> Iterator[str]:
    with serve(site_html) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: install the Debian package chromium (scripts/system-deps.sh)")
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Traffic:
    """What the pages of one browser context asked for and complained about."""

    base_url: str
    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    page_name: str = ""

    def attach(self, context: Any) -> None:
        context.route(lambda url: not url.startswith(self.base_url), self.block)

    def block(self, route: Any) -> None:
        self.foreign.append(f"{self.page_name}: {route.request.url}")
        route.abort()

    def watch(self, page: Any) -> None:
        page.on(
            "console",
            lambda message: message.type == "error" and self.errors.append(f"{self.page_name}: {message.text}"),
        )
        page.on("pageerror", lambda error: self.errors.append(f"{self.page_name}: {error}"))


@pytest.fixture
def traffic(base_url: str) -> Traffic:
    return Traffic(base_url)


@pytest.fixture
def page(browser: Any, traffic: Traffic) -> Iterator[Any]:
    """A fresh desktop page, in light mode, that cannot reach any other host.

    After the test: no request was made to another host, and no console error was logged.
    """
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    traffic.attach(context)
    page = context.new_page()
    traffic.watch(page)
    yield page
    context.close()
    assert traffic.foreign == [] and traffic.errors == []


def all_pages(site: Path) -> list[str]:
    return sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*.html") if not p.relative_to(site).parts[0].startswith("_")
    )


def run_axe(page: Any) -> list[dict[str, Any]]:
    return page.evaluate("options => axe.run(document, options).then(r => r.violations)", AXE_OPTIONS)


def describe(violations: list[dict[str, Any]]) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']} {v['nodes'][0]['html'][:120]}" for v in violations]


def settle(page: Any) -> None:
    """Wait for the theme's colour transitions to end, so that axe sees the final colours."""
    page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished))")


def switch_colour_mode(page: Any, mode: str) -> None:
    page.emulate_media(color_scheme=mode)
    page.wait_for_function("mode => document.documentElement.dataset.theme === mode", arg=mode)
    settle(page)


SIDEWAYS = """() => {
    const width = document.scrollingElement.clientWidth;
    const found = [];
    const name = el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`;
    const scrolls = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
    // A box of its own: one that scrolls, inside the article (a wide table's container). The
    // theme's article container scrolls too, but that is the page scrolling sideways.
    const inOwnBox = el => {
        for (let box = el.parentElement; box && !box.matches('.bd-article, body'); box = box.parentElement) {
            if (scrolls(box)) return true;
        }
        return false;
    };
    for (const el of [document.scrollingElement, ...document.body.querySelectorAll('*')]) {
        if (el.closest('.bd-article') && el !== document.scrollingElement) {
            if (inOwnBox(el)) continue;
        } else if ((el === document.scrollingElement || scrolls(el)) && el.scrollWidth > el.clientWidth + 1) {
            found.push(`${name(el)} scrolls sideways (${el.scrollWidth}px in ${el.clientWidth}px)`);
            continue;
        }
        const box = el.getBoundingClientRect();
        if (!box.width || !box.height || (box.left >= -1 && box.right <= width + 1)) continue;
        if (getComputedStyle(el).visibility === 'hidden') continue;
        found.push(`${name(el)}: ${Math.round(box.left)} to ${Math.round(box.right)}px`);
    }
    return found.slice(0, 5);  // reading the layout lays the page out at the new size first
}"""


def too_wide(page: Any) -> list[str]:
    """What makes the page scroll sideways or sticks out of the screen (empty when nothing)."""
    return page.evaluate(SIDEWAYS)


# Everything the layout audit measures, in one call per page and width (one layout pass):
# what is cut by the viewport's edge (SIDEWAYS), texts of the header that overlap, components
# with less than 8 px of inner padding, timeline dots off their line, chart texts that overlap
# or leave their figure.
LAYOUT = (
    """() => {
    const cut = ("""
    + SIDEWAYS
    + """)();
    const found = [];
    const name = el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`;
    const visible = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const meet = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
    const px = (style, side) => parseFloat(style[`padding${side}`]);

    // The header: every line of text and every button or image, none overlapping another.
    const header = document.querySelector('.bd-header');
    const boxes = [];
    if (header) {
        const walker = document.createTreeWalker(header, NodeFilter.SHOW_TEXT);
        for (let text = walker.nextNode(); text; text = walker.nextNode()) {
            if (!text.data.trim() || !visible(text.parentElement)) continue;
            const range = document.createRange();
            range.selectNodeContents(text);
            for (const rect of range.getClientRects()) {
                if (rect.width > 2 && rect.height > 2) boxes.push({el: text.parentElement, rect, what: text.data.trim()});
            }
        }
        for (const el of header.querySelectorAll('button, img, .btn, i')) {
            const rect = el.getBoundingClientRect();
            if (visible(el) && rect.width > 2 && rect.height > 2) boxes.push({el, rect, what: name(el)});
        }
    }
    for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
            const [a, b] = [boxes[i], boxes[j]];
            if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
            if (meet(a.rect, b.rect)) found.push(`header: "${a.what}" overlaps "${b.what}"`);
        }
    }

    // Inner padding: cards and charts on every side, the timeline between its line and its text.
    const sides = {'.oneplusmg-card': ['Top', 'Right', 'Bottom', 'Left'], '.oneplusmg-chart': ['Top', 'Right', 'Bottom', 'Left'],
                   '.sd-card-body': ['Right', 'Left'], '.oneplusmg-timeline': ['Left']};
    for (const [selector, which] of Object.entries(sides)) {
        for (const el of document.querySelectorAll(selector)) {
            if (!visible(el)) continue;
            const style = getComputedStyle(el);
            const thin = which.filter(side => px(style, side) < 8);
            if (thin.length) found.push(`${name(el)}: ${thin.map(s => `${s} ${px(style, s)}px`).join(', ')} of padding`);
        }
    }

    // The timeline's dots: centred on its line, and whole on the screen.
    for (const timeline of document.querySelectorAll('.oneplusmg-timeline')) {
        const style = getComputedStyle(timeline);
        const line = timeline.getBoundingClientRect().left + parseFloat(style.borderLeftWidth) / 2;
        for (const phase of timeline.querySelectorAll('.oneplusmg-phase')) {
            const dot = getComputedStyle(phase, '::before');
            const left = phase.getBoundingClientRect().left + parseFloat(dot.left);
            const centre = left + parseFloat(dot.width) / 2;
            if (Math.abs(centre - line) > 1.5) found.push(`${name(phase)}: dot centred ${Math.round(centre - line)}px off the line`);
            if (left < 0) found.push(`${name(phase)}: dot cut by the screen's edge`);
        }
    }

    // The chart: its texts inside the figure, and no two of them on top of each other.
    for (const figure of document.querySelectorAll('.oneplusmg-chart')) {
        const frame = figure.getBoundingClientRect();
        const texts = [...figure.querySelectorAll('text')].filter(visible).map(t => ({t, rect: t.getBoundingClientRect()}));
        for (const {t, rect} of texts) {
            if (rect.left < frame.left || rect.right > frame.right) found.push(`chart: "${t.textContent}" leaves its figure`);
        }
        for (let i = 0; i < texts.length; i++) {
            for (let j = i + 1; j < texts.length; j++) {
                if (meet(texts[i].rect, texts[j].rect)) found.push(`chart: "${texts[i].t.textContent}" overlaps "${texts[j].t.textContent}"`);
            }
        }
    }
    return [...cut, ...found].slice(0, 10);
}"""
)


def layout_problems(page: Any) -> list[str]:
    """What is cut by the screen's edge, overlaps in the header or the chart, or lacks padding."""
    return page.evaluate(LAYOUT)


def tab_until(page: Any, condition: str, limit: int, what: str) -> None:
    """Press Tab until ``condition`` (JavaScript) holds; fail, naming ``what``, after ``limit`` presses."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(condition):
            return
    pytest.fail(f"{what} cannot be reached with the Tab key")
