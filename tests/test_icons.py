"""Page weight without missing icons: the site's cut-down icon font covers every icon it shows."""

from __future__ import annotations

import re
from pathlib import Path

import pydata_sphinx_theme
from conftest import REPO, soup
from fontTools.ttLib import TTFont
from oneplusmg_site import THEME_SYMBOL, icon_catalogue

FONT = Path("_static/vendor/fontawesome/webfonts/fa-solid-900.woff2")
SOLID = {"fa-solid", "fas"}


def code_points(font_path: Path) -> set[int]:
    return set(TTFont(str(font_path)).getBestCmap())


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
    theme_static = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
    theme_font = theme_static / FONT.relative_to("_static")
    missing = (symbols & code_points(theme_font)) - code_points(site_html / FONT)
    assert missing == set(), [hex(m) for m in missing]


def test_pages_load_no_script_they_do_not_use(site_html: Path) -> None:
    """The search tools and index only on the search page; no Font Awesome script anywhere."""
    def scripts(page: str) -> list[str]:
        return [s["src"].split("?")[0] for s in soup(site_html / page).select("script[src]")]

    for page in ("index.html", "catalogue.html", "foundations/technical-infrastructure/index.html"):
        loaded = scripts(page)
        assert not any(src.endswith(("searchindex.js", "searchtools.js", "language_data.js", "fontawesome.js"))
                       for src in loaded), (page, loaded)
        assert any(src.endswith("pydata-sphinx-theme.js") for src in loaded)
    search = scripts("search.html")
    assert any(src.endswith("searchindex.js") for src in search)
    assert any(src.endswith("searchtools.js") for src in search)


def test_the_stylesheet_keeps_the_rule_of_every_icon_a_page_uses_and_drops_the_rest(site_html: Path) -> None:
    css = (site_html / "_static/styles/pydata-sphinx-theme.css").read_text(encoding="utf-8")
    kept = set(icon_catalogue(css))
    used = {name for page in site_html.rglob("*.html")
            for icon in soup(page).select("[class*='fa-']") for name in icon.get("class", []) if name.startswith("fa-")}
    sizing = {"fa-lg", "fa-solid", "fa-regular", "fa-brands", "fa-xs", "fa-sm", "fa-xl", "fa-2x", "fa-fw"}
    assert used - sizing, used
    assert (used - sizing) <= kept, sorted((used - sizing) - kept)
    assert len(kept) < 100  # the theme's stylesheet names about 2,000 icons
    theme_css = Path(pydata_sphinx_theme.__file__).parent / "theme/pydata_sphinx_theme/static/styles/pydata-sphinx-theme.css"
    assert theme_css.stat().st_size - len(css.encode()) > 50_000


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


def test_bootstrap_components_taken_out_of_the_stylesheet_are_used_nowhere(site_html: Path) -> None:
    """What the build prunes from the theme's stylesheet: no page, template or script uses it."""
    from oneplusmg_site import COMPONENT_SELECTOR, UNUSED_COMPONENTS

    css = (site_html / "_static/styles/pydata-sphinx-theme.css").read_text(encoding="utf-8")
    assert not COMPONENT_SELECTOR.search(css), COMPONENT_SELECTOR.search(css)
    class_token = re.compile(r"(?<![\w-])(?:%s)(?:-[\w-]+)?(?![\w-])" % "|".join(UNUSED_COMPONENTS))
    for page in site_html.rglob("*.html"):
        classes = {c for element in soup(page).select("[class]") for c in element["class"]}
        assert not {c for c in classes if class_token.fullmatch(c)}, page
    scripts = [site_html / "_static/scripts/pydata-sphinx-theme.js", *site_html.glob("_static/*.js")]
    for script in scripts:
        text = script.read_text(encoding="utf-8")
        used = {m.group(0) for m in re.finditer(r"[\"'.](%s)(?:-[\w-]+)?[\"' ]" % "|".join(UNUSED_COMPONENTS), text)}
        assert not used, (script.name, used)
