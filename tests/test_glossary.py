"""The glossary: every term of glossary.yaml on the glossary page, and linked from the pages."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import REPO, fresh_soup, soup

DOCS = REPO / "docs"
TERMS = yaml.safe_load((DOCS / "_data" / "glossary.yaml").read_text(encoding="utf-8"))
FOUNDATION_PAGES = sorted(p.relative_to(DOCS).with_suffix("") for p in (DOCS / "foundations").rglob("*.md"))


def html_of(site_html: Path, page: Path) -> Path:
    return site_html / page.with_suffix(".html")


def content_pages(site_html: Path) -> list[Path]:
    """The HTML pages written from a source page: not the indexes Sphinx generates (genindex
    links every term through the glossary's index entries) and not the glossary itself."""
    pages = [html_of(site_html, p.relative_to(DOCS)) for p in DOCS.rglob("*.md") if "_data" not in p.parts]
    return [p for p in pages if p.exists() and p != site_html / "glossary.html"]


def glossary_entries(site_html: Path) -> dict[str, str]:
    """The glossary page's terms, as shown, mapped to the id of their ``dt``."""
    page = fresh_soup(site_html / "glossary.html")
    entries = {}
    for dt in page.select("dl.glossary dt"):
        for link in dt.select("a.headerlink"):
            link.extract()
        entries[dt.get_text(" ", strip=True)] = dt.get("id", "")
    return entries


def term_links(site_html: Path, page: Path) -> set[str]:
    """The glossary anchors that one page links to."""
    glossary = (site_html / "glossary.html").resolve()
    anchors = set()
    for a in soup(page).select("a[href]"):
        url = urlsplit(a["href"])
        if url.scheme or url.netloc or not url.path or not url.fragment:
            continue
        if (page.parent / url.path).resolve() == glossary:
            anchors.add(url.fragment)
    return anchors


def test_the_registry_has_at_least_seventy_unique_terms() -> None:
    ids = [t["id"] for t in TERMS]
    assert len(ids) >= 70
    assert len(set(ids)) == len(ids)
    names = [name.casefold() for t in TERMS for name in [t["term"], *t.get("aliases", [])]]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []


def test_every_term_is_a_dt_with_an_id_on_the_glossary_page(site_html: Path) -> None:
    entries = glossary_entries(site_html)
    missing = [t["term"] for t in TERMS if not entries.get(t["term"])]
    assert missing == [], f"terms without an anchored dt on glossary.html: {missing}"
    assert len(set(entries.values())) == len(entries), "two glossary entries share an id"


def test_the_glossary_is_in_alphabetical_order(site_html: Path) -> None:
    shown = list(glossary_entries(site_html))
    assert shown == sorted(shown, key=str.casefold)


def test_every_term_is_linked_from_a_page_other_than_the_glossary(site_html: Path) -> None:
    entries = glossary_entries(site_html)
    linked: set[str] = set()
    for page in content_pages(site_html):
        linked |= term_links(site_html, page)
    unlinked = sorted(t["term"] for t in TERMS if entries.get(t["term"]) not in linked)
    assert unlinked == [], f"{len(unlinked)} terms no page links to: {unlinked}"


def test_every_term_link_points_at_a_glossary_entry(site_html: Path) -> None:
    anchors = set(glossary_entries(site_html).values())
    dangling = sorted(
        f"{page.relative_to(site_html)}#{anchor}"
        for page in content_pages(site_html)
        for anchor in term_links(site_html, page) - anchors
    )
    assert dangling == []


@pytest.mark.parametrize("page", FOUNDATION_PAGES, ids=str)
def test_each_foundation_page_links_at_least_one_term(site_html: Path, page: Path) -> None:
    assert term_links(site_html, html_of(site_html, page)), f"{page} links no glossary term"
