"""Every page of the built site in Chromium: axe-core (WCAG 2.1 A and AA, light and dark mode),
no request to another host, no console error, no sideways scrolling on a phone, nothing cut by
the screen's edge, no overlap in the header, components with room inside (1280 and 390 px);
navigation, search, the 404 page, printing, and screenshots saved in tests/artifacts/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from browser_support import (
    AXE,
    DESKTOP,
    PHONE,
    PHONE_AXE_PAGES,
    SMALL_PHONE,
    Traffic,
    all_pages,
    describe,
    layout_problems,
    run_axe,
    serve,
    switch_colour_mode,
    tab_until,
    too_wide,
)
from conftest import ARTIFACTS, REPO, sphinx_build

pytestmark = pytest.mark.browser


# -- Every page ----------------------------------------------------------------------------------


@dataclass
class Audit:
    pages: list[str]
    violations: dict[str, dict[str, list[str]]]
    themes: dict[str, set[str]]
    sideways: dict[str, list[str]]
    layout: dict[str, list[str]]
    traffic: Traffic
    cookies: list[Any]


@pytest.fixture(scope="module")
def audit(browser: Any, base_url: str, site_html: Path) -> Audit:
    """Visit every page once (one context): axe in light and in dark mode, the layout at 1280 px,
    then phones' widths (320 px: sideways scrolling; 390 px: the whole layout audit, which
    includes it). One evaluate call measures a page at a width: about 220 pages stay quick.
    """
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    context.add_init_script(path=str(AXE))
    traffic = Traffic(base_url)
    traffic.attach(context)
    page = context.new_page()
    traffic.watch(page)
    pages = all_pages(site_html)
    result = Audit(pages, {"light": {}, "dark": {}, "phone": {}}, {"light": set(), "dark": set()}, {}, {}, traffic, [])
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
        problems = layout_problems(page)
        if problems:
            result.layout[f"{name} at {DESKTOP['width']}px"] = problems
        page.set_viewport_size(SMALL_PHONE)
        wide = too_wide(page)
        if wide:
            result.sideways[f"{name} at {SMALL_PHONE['width']}px"] = wide
        page.set_viewport_size(PHONE)
        problems = layout_problems(page)
        if problems:
            result.layout[f"{name} at {PHONE['width']}px"] = problems
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


def test_nothing_is_cut_or_overlaps_and_components_keep_their_padding(audit: Audit) -> None:
    """At 1280 and 390 px: nothing cut by the screen's edge, the header's texts apart, cards,
    charts and the timeline with at least 8 px inside, the timeline's dots on its line."""
    assert audit.layout == {}


def test_the_layout_audit_catches_what_it_looks_for(page: Any, base_url: str) -> None:
    """The layout instrument on pages spoiled on purpose: each fault it looks for is reported."""
    page.set_viewport_size(PHONE)
    page.goto(base_url + "timeline.html")
    assert layout_problems(page) == []
    page.add_style_tag(
        content=".navbar-brand .logo__title { letter-spacing: 0.6em }"
        " .docutils.container.oneplusmg-timeline { padding-left: 0 }"
        " .oneplusmg-chart { padding: 2px }"
    )
    found = layout_problems(page)
    assert any(f.startswith('header: "1+MG Framework" overlaps "button.') for f in found), found
    assert "div.oneplusmg-timeline.docutils.container: Left 0px of padding" in found
    assert "figure.oneplusmg-chart: Top 2px, Right 2px, Bottom 2px, Left 2px of padding" in found
    assert any(f.endswith("px off the line") for f in found) and any(
        f.endswith("cut by the screen's edge") for f in found
    )
    page.set_viewport_size(DESKTOP)
    page.goto(base_url + "working-groups/index.html")
    page.add_style_tag(content=".docutils.container.oneplusmg-card { padding: 0 6px }")
    assert any(f.endswith(": Top 0px, Right 6px, Bottom 0px, Left 6px of padding") for f in layout_problems(page))
    page.goto(base_url + "index.html")
    page.add_style_tag(content=".oneplusmg-chart-today-label { transform: translate(-250px, 24px) }")
    found = layout_problems(page)
    assert any(f.startswith('chart: "') and '"Today' in f for f in found), found


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
    page.evaluate(
        "() => { document.querySelector('article div[style]').remove(); document.querySelector('article > img').remove(); }"
    )
    assert too_wide(page) == []


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
    hit = page.locator(f"#search-results a[href*='guidelines/{guideline.id}.html']").first
    hit.wait_for()
    assert hit.inner_text() == guideline.title
    hit.click()
    page.wait_for_url(re.compile(f"guidelines/{guideline.id}.html"))


def test_header_icons_are_drawn_from_the_site_s_icon_font(browser: Any, base_url: str) -> None:
    """Without the theme's Font Awesome script the stylesheet draws the icons: each one shows."""
    for viewport, selectors in (
        (DESKTOP, [".search-button__button i", ".theme-switch-button"]),
        (PHONE, [".primary-toggle .fa-solid", ".search-button__button i"]),
    ):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(base_url + "foundations/technical-infrastructure/index.html", wait_until="networkidle")
        for selector in selectors:
            icon = page.locator(f"{selector} >> visible=true").first
            assert icon.bounding_box()["width"] > 8, (viewport, selector)
        drawn = page.evaluate("""() => [...document.querySelectorAll(".fa-solid")]
            .filter(i => i.offsetParent !== null)
            .map(i => [i.className, getComputedStyle(i, '::before').content,
                       document.fonts.check('900 16px "Font Awesome 7 Free"',
                                            getComputedStyle(i, '::before').content.slice(1, 2))])""")
        assert drawn, viewport
        assert all(found for _name, _content, found in drawn), drawn
        assert "Font Awesome 7 Free" in page.evaluate(
            "() => [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family).join()"
        )
        context.close()


def test_the_phone_menu_opens_with_the_keyboard_and_lists_the_sections(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE, color_scheme="light")
    context.add_init_script(path=str(AXE))
    context.route(lambda url: not url.startswith(base_url), lambda route: route.abort())
    page = context.new_page()
    page.goto(base_url + "foundations/legal-ethics-governance.html")
    tab_until(page, "document.activeElement.classList.contains('primary-toggle')", 10, "the menu button")
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
    result = sphinx_build(
        "-q",
        "-j",
        "auto",
        "-b",
        "html",
        "-D",
        "html_theme_options.navbar_persistent=search-button-field",
        "docs",
        str(out),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    with serve(out) as url:
        context = browser.new_context(viewport=DESKTOP)
        context.route(lambda address: not address.startswith(url), lambda route: route.abort())
        page = context.new_page()
        page.goto(url + "index.html")
        page.add_script_tag(path=str(AXE))
        button = page.locator("button.search-button-field:visible")
        assert button.count() == 1
        assert re.fullmatch(
            r"Search\s*Ctrl\s*\+\s*K",
            page.evaluate("b => b.getAttribute('aria-label') || b.innerText", button.element_handle()),
        )
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

# name: (page, what to scroll to the top of the screen, or nothing)
SCREENSHOTS = {
    "home": ("index.html", None),
    "home-chart": ("index.html", ".oneplusmg-chart"),
    "foundation": ("foundations/legal-ethics-governance.html", None),
    "guideline": ("guidelines/beacon-network.html", None),
    "timeline": ("timeline.html", ".oneplusmg-chart"),
    "timeline-phases": ("timeline.html", ".oneplusmg-timeline"),
    "catalogue": ("catalogue.html", None),
}
SCROLL_TO = """selector => {
    const top = document.querySelector(selector).getBoundingClientRect().top;
    const header = document.querySelector('.bd-header').getBoundingClientRect().height;
    window.scrollBy(0, top - header - 16);
}"""


@pytest.mark.parametrize("size", ["desktop", "mobile"])
def test_screenshots_of_home_foundation_guideline_timeline_and_catalogue(
    browser: Any, base_url: str, size: str
) -> None:
    """Saved in tests/artifacts/ for people to look at (CI keeps them); the home page in dark mode too."""
    viewport = DESKTOP if size == "desktop" else PHONE
    context = browser.new_context(viewport=viewport, color_scheme="light", device_scale_factor=1)
    context.route(lambda url: not url.startswith(base_url), lambda route: route.abort())
    page = context.new_page()
    ARTIFACTS.mkdir(exist_ok=True)
    saved = []

    def shoot(name: str, path: str, scroll_to: str | None) -> None:
        page.goto(base_url + path)
        if scroll_to:
            page.evaluate(SCROLL_TO, scroll_to)
        target = ARTIFACTS / f"{name}-{size}.png"
        page.screenshot(path=str(target))
        saved.append(target)

    for name, (path, scroll_to) in SCREENSHOTS.items():
        shoot(name, path, scroll_to)
    switch_colour_mode(page, "dark")
    for name, scroll_to in (("home-dark", None), ("home-chart-dark", ".oneplusmg-chart")):
        shoot(name, "index.html", scroll_to)
    # The catalogue's table, filtered to required guidelines, as a reader sees it.
    switch_colour_mode(page, "light")
    shoot("catalogue-table", "catalogue.html?level=required", ".oneplusmg-filter")
    context.close()
    for target in saved:
        data = target.read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 10_000
        width = int.from_bytes(data[16:20], "big")
        assert width == viewport["width"]
