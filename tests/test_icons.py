"""Page weight without missing icons: the site's cut-down icon font covers every icon it shows.

Without it a first visit to a content page transfers about 230 KB with compression (the theme's
font is 112 KB of it), with it about 120 KB: the limit is 150 KB.
"""

from __future__ import annotations

import runpy
from pathlib import Path

import pydata_sphinx_theme
from fontTools.ttLib import TTFont

from conftest import REPO, soup

FONT = Path("_static/vendor/fontawesome/webfonts/fa-solid-900.woff2")
SOLID = {"fa-solid", "fas"}
THEME_STATIC = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
# The script that cuts the font down holds the one reading of the theme's icon rules.
SUBSET_ICONS = runpy.run_path(str(REPO / "scripts" / "subset-icons.py"))
icon_catalogue = SUBSET_ICONS["icon_catalogue"]
THEME_SYMBOL = SUBSET_ICONS["THEME_SYMBOL"]


def code_points(font_path: Path) -> set[int]:
    return set(TTFont(str(font_path)).getBestCmap())


def font_awesome_version(font_path: Path) -> str:
    """The version string of a Font Awesome font ("... (Font Awesome version: 7.2.0)")."""
    return TTFont(str(font_path))["name"].getDebugName(5)


def test_the_font_is_cut_from_the_font_awesome_of_the_pinned_theme() -> None:
    """Upgrading the theme may bring another Font Awesome: then cut the font again."""
    pins = (REPO / "requirements.txt").read_text(encoding="utf-8")
    assert f"pydata-sphinx-theme=={pydata_sphinx_theme.__version__}\n" in pins
    theme_font = THEME_STATIC / FONT.relative_to("_static")
    assert font_awesome_version(REPO / FONT) == font_awesome_version(theme_font), (
        "the theme ships another Font Awesome: run scripts/subset-icons.py"
    )


def test_the_site_serves_the_cut_down_font_not_the_theme_s(site_html: Path) -> None:
    served = site_html / FONT
    assert served.read_bytes() == (REPO / FONT).read_bytes()
    assert served.stat().st_size < 10_000  # the theme's has about 2,000 icons in 115 KB


def test_every_solid_icon_on_every_page_is_in_the_font(site_html: Path) -> None:
    css = (site_html / "_static/styles/pydata-sphinx-theme.css").read_text(encoding="utf-8")
    catalogue = icon_catalogue(css)
    available = code_points(site_html / FONT)
    used: dict[str, str] = {}
    for page in site_html.rglob("*.html"):
        for icon in soup(page).select("i[class*='fa-'], span[class*='fa-']"):
            classes = set(icon.get("class", []))
            if classes & SOLID:
                for name in classes:
                    if name in catalogue:
                        used.setdefault(name, page.relative_to(site_html).as_posix())
    assert {"fa-bars", "fa-magnifying-glass", "fa-sun", "fa-moon", "fa-house"} <= set(used)
    missing = {name: page for name, page in used.items() if catalogue[name] not in available}
    assert missing == {}, f"icons missing from {FONT}: run scripts/subset-icons.py ({missing})"


def test_the_theme_s_own_symbols_are_in_the_font(site_html: Path) -> None:
    """Admonitions, external links and arrows draw these from the stylesheet, not from markup."""
    css = (site_html / "_static/styles/pydata-sphinx-theme.css").read_text(encoding="utf-8")
    symbols = {ord(s) for s in THEME_SYMBOL.findall(css)}
    assert len(symbols) >= 10
    theme_font = THEME_STATIC / FONT.relative_to("_static")
    missing = (symbols & code_points(theme_font)) - code_points(site_html / FONT)
    assert missing == set(), [hex(m) for m in missing]


def test_pages_load_no_script_they_do_not_use(site_html: Path) -> None:
    """The search tools and index only on the search page; no Font Awesome script anywhere."""

    def scripts(page: str) -> list[str]:
        return [s["src"].split("?")[0] for s in soup(site_html / page).select("script[src]")]

    for page in ("index.html", "catalogue.html", "foundations/technical-infrastructure/index.html"):
        loaded = scripts(page)
        assert not any(
            src.endswith(("searchindex.js", "searchtools.js", "language_data.js", "fontawesome.js")) for src in loaded
        ), (page, loaded)
        assert any(src.endswith("pydata-sphinx-theme.js") for src in loaded)
    search = scripts("search.html")
    assert any(src.endswith("searchindex.js") for src in search)
    assert any(src.endswith("searchtools.js") for src in search)


def test_each_page_loads_the_design_and_code_styles_only_when_it_shows_them(site_html: Path) -> None:
    for page in site_html.rglob("*.html"):
        html = soup(page)
        links = " ".join(link.get("href", "") for link in html.select("link[rel=stylesheet]"))
        has_design = bool(html.select("[class*='sd-']"))
        has_code = bool(html.select("div.highlight"))
        scripts = " ".join(script.get("src", "") for script in html.select("script[src]"))
        has_guideline_table = bool(html.select("table.oneplusmg-guidelines"))
        assert ("sphinx-design.min.css" in links) is has_design, page
        assert ("pygments.css" in links) is has_code, page
        assert ("oneplusmg-tables.js" in scripts) is has_guideline_table, page
    home_links = [link["href"] for link in soup(site_html / "index.html").select("link[rel=stylesheet]")]
    assert any("sphinx-design.min.css" in href for href in home_links)
