"""The built site in a real browser: Debian's Chromium, driven by Playwright, on 127.0.0.1 only.

Every HTML page is checked with axe-core (WCAG 2.1 A and AA, light and dark mode), for requests
to other hosts, console errors and sideways scrolling on a phone; the guideline tables' filter is
used with the mouse and with the keyboard alone; screenshots are saved in tests/artifacts/.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import ARTIFACTS, REPO, sphinx_build

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
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
        page.on("console", lambda message: message.type == "error"
                and self.errors.append(f"{self.page_name}: {message.text}"))
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
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if not p.relative_to(site).parts[0].startswith("_"))


def run_axe(page: Any) -> list[dict[str, Any]]:
    return page.evaluate("options => axe.run(document, options).then(r => r.violations)", AXE_OPTIONS)


def describe(violations: list[dict[str, Any]]) -> list[str]:
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']} {v['nodes'][0]['html'][:120]}"
            for v in violations]


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


# -- Every page ----------------------------------------------------------------------------------


@dataclass
class Audit:
    pages: list[str]
    violations: dict[str, dict[str, list[str]]]
    themes: dict[str, set[str]]
    sideways: dict[str, list[str]]
    traffic: Traffic
    cookies: list[Any]


@pytest.fixture(scope="module")
def audit(browser: Any, base_url: str, site_html: Path) -> Audit:
    """Visit every page once (one context): axe in light and in dark mode, then phones' widths."""
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    context.add_init_script(path=str(AXE))
    traffic = Traffic(base_url)
    traffic.attach(context)
    page = context.new_page()
    traffic.watch(page)
    pages = all_pages(site_html)
    result = Audit(pages, {"light": {}, "dark": {}, "phone": {}}, {"light": set(), "dark": set()}, {}, traffic, [])
    for name in pages:
        traffic.page_name = name
        page.set_viewport_size(DESKTOP)
        page.emulate_media(color_scheme="light")
        page.goto(base_url + name)
        for mode in ("light", "dark"):
            if mode == "dark":
                switch_colour_mode(page, "dark")
            result.themes[mode].add(page.evaluate("document.documentElement.dataset.theme"))
            found = run_axe(page)
            if found:
                result.violations[mode][name] = describe(found)
        for viewport in (SMALL_PHONE, PHONE):
            page.set_viewport_size(viewport)
            wide = too_wide(page)
            if wide:
                result.sideways[f"{name} at {viewport['width']}px"] = wide
        if name in PHONE_AXE_PAGES:
            switch_colour_mode(page, "light")
            found = run_axe(page)
            if found:
                result.violations["phone"][name] = describe(found)
    result.cookies = context.cookies()
    context.close()
    return result


def test_axe_finds_no_violation_on_any_page_in_light_and_dark_mode(audit: Audit) -> None:
    assert len(audit.pages) >= 90 and "catalogue.html" in audit.pages and "404.html" in audit.pages
    assert audit.themes == {"light": {"light"}, "dark": {"dark"}}
    assert audit.violations == {"light": {}, "dark": {}, "phone": {}}


def test_no_page_requests_anything_from_another_host_or_sets_a_cookie(audit: Audit) -> None:
    assert audit.traffic.foreign == []
    assert audit.cookies == []


def test_no_page_logs_a_console_error(audit: Audit) -> None:
    assert audit.traffic.errors == []


def test_no_page_scrolls_sideways_on_a_phone(audit: Audit) -> None:
    assert audit.sideways == {}


def test_the_checks_catch_what_they_look_for(page: Any, base_url: str) -> None:
    """The audit's own instruments, shown to work on a page spoiled on purpose."""
    page.goto(base_url + "index.html")
    page.add_script_tag(path=str(AXE))
    page.evaluate("""() => {
        const img = document.createElement('img');
        img.src = '_static/favicon.svg';
        document.querySelector('article').append(img);
        const wide = document.createElement('div');
        wide.style.width = '2000px';
        wide.textContent = 'x';
        document.querySelector('article').append(wide);
    }""")
    assert "image-alt" in [v["id"] for v in run_axe(page)]
    page.set_viewport_size(PHONE)
    found = too_wide(page)
    assert any(f.startswith("div.bd-article-container scrolls sideways") for f in found)
    assert any(f.startswith("div.: ") and f.endswith(" to 2016px") for f in found)
    page.evaluate("() => { document.querySelector('article div[style]').remove(); document.querySelector('article > img').remove(); }")
    assert too_wide(page) == []


# -- The guideline filter ------------------------------------------------------------------------


# Rows a guideline table shows at once (PAGE in oneplusmg-tables.js); the rest wait behind "Show more".
ROWS_AT_ONCE = 100


def visible_rows(table: Any) -> Any:
    """The rows on screen: the script keeps the others out of the document."""
    return table.locator("tbody tr")


def guideline_count() -> int:
    from oneplusmg.registry import load_registry

    return len(load_registry(REPO / "docs" / "_data").guidelines)


def count_text(page: Any, index: int = 0) -> str:
    return page.locator(".oneplusmg-count").nth(index).inner_text()


def state(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_typing_narrows_the_rows_updates_the_count_and_the_url(page: Any, base_url: str) -> None:
    page.goto(base_url + "catalogue.html")
    table = page.locator("table.oneplusmg-catalogue")
    total = guideline_count()
    assert total > ROWS_AT_ONCE and visible_rows(table).count() == ROWS_AT_ONCE
    assert count_text(page) == f"{total} of {total} guidelines"
    more = page.locator("button.oneplusmg-more")
    assert more.inner_text() == f"Show {total - ROWS_AT_ONCE} more ({total - ROWS_AT_ONCE} not shown)"
    more.click()
    assert visible_rows(table).count() == total and more.is_hidden()
    box = page.get_by_label(re.compile("Filter"))
    box.fill("beacon")
    rows = visible_rows(table)
    shown = rows.count()
    assert 0 < shown < total
    assert all("beacon" in text.lower() for text in rows.locator("td.oneplusmg-col-title").all_inner_texts())
    assert count_text(page) == f"{shown} of {total} guidelines"
    assert page.locator(".oneplusmg-count").get_attribute("role") == "status"
    assert state(page) == {"filter": ["beacon"]}
    box.fill("beacon zzzz-nothing")
    assert visible_rows(table).count() == 0 and count_text(page).startswith(f"0 of {total} guidelines")

    # The URL is the state: a shared link opens the same view.
    page.goto(base_url + "catalogue.html?filter=beacon")
    assert page.get_by_label(re.compile("Filter")).input_value() == "beacon"
    assert visible_rows(page.locator("table.oneplusmg-catalogue")).count() == shown


def test_a_facet_and_a_sort_work_and_are_kept_in_the_url(page: Any, base_url: str) -> None:
    page.goto(base_url + "catalogue.html")
    table = page.locator("table.oneplusmg-catalogue")
    total = guideline_count()
    page.get_by_label("Level", exact=True).select_option("required")
    rows = visible_rows(table)
    from oneplusmg.registry import load_registry

    required = sum(g.level == "required" for g in load_registry(REPO / "docs" / "_data").guidelines.values())
    assert 0 < rows.count() == required < total
    assert set(rows.evaluate_all("rows => rows.map(r => r.className.match(/oneplusmg-level-\\w+/)[0])")) == {
        "oneplusmg-level-required"}
    assert count_text(page) == f"{required} of {total} guidelines"

    groups = page.get_by_label("Working groups", exact=True)
    options = groups.locator("option").all_inner_texts()
    assert options[0] == "All" and "WG5" in options
    groups.select_option("WG5")
    with_wg5 = visible_rows(table).locator("td.oneplusmg-col-working-groups").all_inner_texts()
    assert with_wg5 and all("WG5" in text for text in with_wg5)
    assert state(page) == {"level": ["required"], "wg": ["WG5"]}
    groups.select_option("")
    assert visible_rows(table).count() == required
    assert page.get_by_label("Phase", exact=True).locator("option").count() > 2

    year = table.get_by_role("button", name=re.compile("^Year"))
    year.click()
    header = table.locator("th.oneplusmg-col-year")
    assert header.get_attribute("aria-sort") == "ascending"
    years = [int(y) for y in visible_rows(table).locator("td.oneplusmg-col-year").all_inner_texts() if y.strip()]
    assert years == sorted(years) and len(years) > 1
    year.click()
    assert header.get_attribute("aria-sort") == "descending"
    years = [int(y) for y in visible_rows(table).locator("td.oneplusmg-col-year").all_inner_texts() if y.strip()]
    assert years == sorted(years, reverse=True)
    assert state(page) == {"level": ["required"], "sort": ["-year"]}

    page.reload()
    assert page.get_by_label("Level", exact=True).input_value() == "required"
    assert page.locator("table.oneplusmg-catalogue th.oneplusmg-col-year").get_attribute("aria-sort") == "descending"
    page.get_by_role("button", name=re.compile("Reset")).click()
    assert visible_rows(page.locator("table.oneplusmg-catalogue")).count() == min(total, ROWS_AT_ONCE)
    assert count_text(page) == f"{total} of {total} guidelines"
    assert state(page) == {}


def test_the_filter_works_with_the_keyboard_alone_and_shows_where_the_focus_is(page: Any, base_url: str) -> None:
    page.goto(base_url + "catalogue.html")
    table = page.locator("table.oneplusmg-catalogue")
    total = guideline_count()
    page.keyboard.press("Tab")  # first stop: the skip link, shown when it has the focus
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    settle(page)
    assert page.evaluate("document.activeElement.getBoundingClientRect().top") >= 0
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type === 'search' && !!document.activeElement.closest('.oneplusmg-filter')"):
            break
    else:
        pytest.fail("the filter box cannot be reached with the Tab key")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), "no visible focus on the filter box"
    page.keyboard.type("data")
    shown = visible_rows(table).count()
    assert 0 < shown < total

    page.keyboard.press("Tab")  # the level facet
    assert page.evaluate("document.activeElement.tagName") == "SELECT"
    page.keyboard.press("ArrowDown")  # the first level after "All"
    assert page.evaluate("document.activeElement.value") == "required"
    assert 0 < visible_rows(table).count() <= shown

    # On to the first sort button in the table's header, and sort by title with Enter.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('oneplusmg-sort')"):
            break
    else:
        pytest.fail("the sort buttons cannot be reached with the Tab key")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") not in ("none", "")
    page.keyboard.press("Enter")
    assert table.locator("th.oneplusmg-col-title").get_attribute("aria-sort") == "ascending"
    titles = visible_rows(table).locator("td.oneplusmg-col-title .oneplusmg-title").all_inner_texts()
    assert titles == sorted(titles, key=str.casefold)
    assert state(page)["sort"] == ["title"] and state(page)["level"] == ["required"]


def test_several_tables_on_a_page_keep_their_own_state(page: Any, base_url: str) -> None:
    page.goto(base_url + "applying/roles/data-access-committee.html")
    tables = page.locator("table.oneplusmg-guidelines")
    assert tables.count() == 2
    first_total = tables.nth(0).locator("tbody tr").count()
    second_total = tables.nth(1).locator("tbody tr").count()
    page.get_by_label(re.compile("Filter")).nth(1).fill("policy")
    assert visible_rows(tables.nth(0)).count() == first_total
    assert visible_rows(tables.nth(1)).count() < second_total
    keys = list(state(page))
    assert len(keys) == 1 and keys[0].endswith(".filter") and state(page)[keys[0]] == ["policy"]
    page.reload()
    assert page.get_by_label(re.compile("Filter")).nth(0).input_value() == ""
    assert page.get_by_label(re.compile("Filter")).nth(1).input_value() == "policy"


def test_without_javascript_the_whole_table_is_there(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    context.route(lambda url: not url.startswith(base_url), lambda route: route.abort())
    page = context.new_page()
    page.goto(base_url + "catalogue.html?filter=beacon")
    table = page.locator("table.oneplusmg-catalogue")
    assert page.locator(".oneplusmg-filter").count() == 0
    assert table.locator("tbody tr").count() >= 100
    assert table.locator("tbody tr:visible").count() == table.locator("tbody tr").count()
    assert table.locator("thead th").first.inner_text().strip() == "Title"
    # Readable on a phone: the table scrolls in its own box, the page does not.
    assert too_wide(page) == []
    context.close()


# -- Navigation, search, 404, print --------------------------------------------------------------


def test_the_search_finds_a_guideline_by_its_title(page: Any, base_url: str) -> None:
    """From any page, with the keyboard: Ctrl+K, the title, Enter; the guideline is a result."""
    from oneplusmg.registry import load_registry

    guideline = load_registry(REPO / "docs" / "_data").guidelines["beacon-network"]
    page.goto(base_url + "working-groups/wg1.html")
    page.keyboard.press("Control+k")
    assert page.evaluate("document.activeElement.name") == "q"
    page.keyboard.type(guideline.title)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q="))
    hit = page.locator(f"#search-results a[href*='catalogue.html#guideline-{guideline.id}']").first
    hit.wait_for()
    assert hit.inner_text() == guideline.title
    hit.click()
    page.wait_for_url(re.compile(f"catalogue.html.*#guideline-{guideline.id}$"))


def test_the_phone_menu_opens_with_the_keyboard_and_lists_the_sections(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE, color_scheme="light")
    context.add_init_script(path=str(AXE))
    context.route(lambda url: not url.startswith(base_url), lambda route: route.abort())
    page = context.new_page()
    page.goto(base_url + "foundations/legal-ethics-governance.html")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('primary-toggle')"):
            break
    else:
        pytest.fail("the menu button cannot be reached with the Tab key")
    page.keyboard.press("Enter")
    menu = page.locator("#pst-primary-sidebar-modal")
    menu.wait_for(state="visible")
    sections = menu.locator(".bd-navbar-elements a.nav-link").all_inner_texts()
    assert [s.strip() for s in sections][:2] == ["Framework foundations", "Applying the Framework"]
    assert describe(run_axe(page)) == []
    page.keyboard.press("Escape")
    menu.wait_for(state="hidden")
    context.close()


def test_the_search_field_button_is_named_by_what_it_shows(browser: Any, tmp_path: Path) -> None:
    """The theme's other search button ("Search Ctrl+K"), which the site may switch to.

    The theme names it "Search" only, which does not contain its visible text (axe
    label-content-name-mismatch, WCAG 2.5.3); the site's template names it by its content.
    """
    out = tmp_path / "html"
    result = sphinx_build("-q", "-j", "auto", "-b", "html", "-D",
                          "html_theme_options.navbar_persistent=search-button-field", "docs", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    with serve(out) as url:
        context = browser.new_context(viewport=DESKTOP)
        context.route(lambda address: not address.startswith(url), lambda route: route.abort())
        page = context.new_page()
        page.goto(url + "index.html")
        page.add_script_tag(path=str(AXE))
        button = page.locator("button.search-button-field:visible")
        assert button.count() == 1
        assert re.fullmatch(r"Search\s*Ctrl\s*\+\s*K", page.evaluate(
            "b => b.getAttribute('aria-label') || b.innerText", button.element_handle()))
        assert describe(run_axe(page)) == []
        button.click()
        assert page.evaluate("document.activeElement.name") == "q"
        context.close()


def test_a_missing_page_shows_the_404_page_with_working_links(page: Any, base_url: str, traffic: Traffic) -> None:
    response = page.goto(base_url + "foundations/no/such/page.html")
    assert response.status == 404
    # The browser reports the missing page itself, and nothing else.
    assert [e for e in traffic.errors if "404 (Not Found)" not in e] == [] and len(traffic.errors) == 1
    traffic.errors.clear()
    assert page.locator("h1").inner_text().startswith("Page not found")
    assert page.evaluate("getComputedStyle(document.querySelector('.bd-header')).display") != "none"
    assert page.locator("img.logo__image").first.evaluate("img => img.naturalWidth") > 0
    page.get_by_role("link", name="guidelines catalogue", exact=True).click()
    page.wait_for_url(base_url + "catalogue.html")
    assert page.locator("table.oneplusmg-catalogue").count() == 1


def test_printing_gives_the_content_without_navigation(page: Any, base_url: str) -> None:
    page.goto(base_url + "catalogue.html")
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => [
        '.bd-header', '.bd-sidebar-primary', '.bd-sidebar-secondary', '.prev-next-footer',
        'nav[aria-label=Breadcrumb]', '.oneplusmg-filter-fields', '#pst-back-to-top', '.skip-link',
    ].filter(s => document.querySelector(s) && getComputedStyle(document.querySelector(s)).display !== 'none')""")
    assert hidden == []
    assert page.locator("article h1").is_visible()
    assert page.locator("table.oneplusmg-catalogue tbody tr").first.is_visible()
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")


# -- Screenshots ---------------------------------------------------------------------------------

SCREENSHOTS = {
    "home": "index.html",
    "foundation": "foundations/legal-ethics-governance.html",
    "catalogue": "catalogue.html",
}


@pytest.mark.parametrize("size", ["desktop", "mobile"])
def test_screenshots_of_home_foundation_and_catalogue(browser: Any, base_url: str, size: str) -> None:
    """Saved in tests/artifacts/ for people to look at (CI keeps them)."""
    viewport = DESKTOP if size == "desktop" else PHONE
    context = browser.new_context(viewport=viewport, color_scheme="light", device_scale_factor=1)
    context.route(lambda url: not url.startswith(base_url), lambda route: route.abort())
    page = context.new_page()
    ARTIFACTS.mkdir(exist_ok=True)
    saved = []
    for name, path in SCREENSHOTS.items():
        page.goto(base_url + path)
        target = ARTIFACTS / f"{name}-{size}.png"
        page.screenshot(path=str(target))
        saved.append(target)
    # The catalogue's table, filtered to required guidelines, as a reader sees it.
    page.goto(base_url + "catalogue.html?level=required")
    page.evaluate("""() => {
        const top = document.querySelector('.oneplusmg-filter').getBoundingClientRect().top;
        const header = document.querySelector('.bd-header').getBoundingClientRect().height;
        window.scrollBy(0, top - header - 16);
    }""")
    target = ARTIFACTS / f"catalogue-table-{size}.png"
    page.screenshot(path=str(target))
    saved.append(target)
    context.close()
    for target in saved:
        data = target.read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 10_000
        width = int.from_bytes(data[16:20], "big")
        assert width == viewport["width"]
