"""The guideline tables' filter in Chromium: typing, facets, sorting, the URL, the keyboard alone,
several tables on one page, and the whole table without JavaScript.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from browser_support import (
    DESKTOP,
    PHONE,
    settle,
    tab_until,
    too_wide,
)
from conftest import REPO

pytestmark = pytest.mark.browser


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
        "oneplusmg-level-required"
    }
    assert count_text(page) == f"{required} of {total} guidelines"

    groups = page.get_by_label("Working group", exact=True)
    options = groups.locator("option").all_inner_texts()
    assert options[0] == "All" and any(o.startswith("WG5: ") for o in options)
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
    tab_until(
        page,
        "document.activeElement.type === 'search' && !!document.activeElement.closest('.oneplusmg-filter')",
        80,
        "the filter box",
    )
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
    tab_until(page, "document.activeElement.classList.contains('oneplusmg-sort')", 10, "the sort buttons")
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


@pytest.mark.parametrize("path", ["foundations/technical-infrastructure/index.html", "catalogue.html"])
def test_every_cell_holds_its_content_at_desktop_width(browser: Any, base_url: str, path: str) -> None:
    """No level badge spills into the next column and the table fits its box: the print
    widths of the columns are not used on screen."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(base_url + path, wait_until="networkidle")
    report = page.evaluate("""() => {
        const table = document.querySelector('table.oneplusmg-guidelines');
        const box = table.closest('.pst-scrollable-table-container') || table.parentElement;
        const spills = [...table.querySelectorAll('tbody tr:not([hidden]) .oneplusmg-badge')]
            .filter(badge => badge.getBoundingClientRect().right > badge.closest('td').getBoundingClientRect().right + 0.5)
            .map(badge => badge.textContent);
        const headers = [...table.querySelectorAll('thead th')]
            .filter(th => th.scrollWidth > th.clientWidth + 1).map(th => th.textContent.trim());
        return {spills, headers, tableWidth: table.scrollWidth, boxWidth: box.clientWidth,
                badges: table.querySelectorAll('tbody tr:not([hidden]) .oneplusmg-badge').length};
    }""")
    context.close()
    assert report["badges"] > 5, report
    assert report["spills"] == [], report
    assert report["headers"] == [], report
    assert report["tableWidth"] <= report["boxWidth"], report


def test_the_filter_finds_a_guideline_by_a_word_of_its_summary(page: Any, base_url: str) -> None:
    """A word that is in a summary, not in the title, finds the guideline (and the summary is shown)."""
    from oneplusmg.registry import load_registry

    guidelines = list(load_registry(REPO / "docs" / "_data").guidelines.values())
    titles = " ".join(g.title.lower() for g in guidelines)
    target, word = next(
        (g, w) for g in guidelines if g.summary for w in re.findall(r"[a-z]{9,}", g.summary.lower()) if w not in titles
    )
    page.goto(base_url + "catalogue.html")
    page.get_by_label("Filter guidelines").fill(word)
    titles_shown = visible_rows(page.locator("table.oneplusmg-catalogue")).locator(".oneplusmg-title").all_inner_texts()
    assert target.title in titles_shown, (word, titles_shown)
    # A working group's name and a DOI are matched too.
    page.get_by_label("Filter guidelines").fill("minimal dataset for clinical")
    assert visible_rows(page.locator("table.oneplusmg-catalogue")).count() > 0
    doi = next(g for g in guidelines if g.doi)
    page.get_by_label("Filter guidelines").fill(doi.doi)
    assert visible_rows(page.locator("table.oneplusmg-catalogue")).locator(".oneplusmg-title").all_inner_texts() == [
        doi.title
    ]


def test_each_facet_option_counts_the_rows_it_shows(page: Any, base_url: str) -> None:
    page.goto(base_url + "catalogue.html")
    table = page.locator("table.oneplusmg-catalogue")
    page.get_by_label("Level", exact=True).select_option("required")
    for label in ("Working group", "Phase", "Domain"):
        select = page.get_by_label(label, exact=True)
        options = select.locator("option")
        for index in range(1, options.count()):
            option = options.nth(index)
            match = re.search(r"\((\d+)\)$", option.inner_text())
            assert match, option.inner_text()
            select.select_option(option.get_attribute("value"))
            shown = int(count_text(page).split(" of ")[0])
            assert shown == int(match.group(1)), (label, option.inner_text(), shown)
            assert visible_rows(table).count() == min(shown, ROWS_AT_ONCE)
            select.select_option("")


def test_the_catalogue_is_at_most_forty_per_cent_of_its_former_height(page: Any, base_url: str) -> None:
    """22,348 px at 1280 px wide for 107 guidelines before the tables were redesigned."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base_url + "catalogue.html")
    page.locator("table.oneplusmg-enhanced").wait_for()
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"catalogue height at 1280 px: {height} px (before: 22348 px)")
    assert height <= 0.4 * 22348


def test_a_table_of_ten_rows_or_fewer_gets_no_filter_controls(page: Any, base_url: str) -> None:
    page.goto(base_url + "applying/use-cases/rare-diseases.html")
    table = page.locator("table.oneplusmg-guidelines").first
    assert table.locator("tbody tr").count() <= 10
    assert page.locator(".oneplusmg-filter").count() == 0
    assert table.locator("button.oneplusmg-sort").count() == 0
    # The cells still name their columns for the phone layout.
    assert table.locator("td[data-label]").count() > 0
