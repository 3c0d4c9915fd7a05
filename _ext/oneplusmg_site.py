"""oneplusmg_site: what the 1+MG Framework website adds to the theme and to Sphinx's HTML.

Site-level, HTML-only fixes and additions, kept out of the ``oneplusmg`` extension (which renders
the registries for every builder):

- the bibliography as valid ARIA (a list of list items, not deprecated ``doc-biblioentry``);
- an accessible name on every collapsible section of the sidebar navigation;
- a description of each page for search engines and link previews (OpenGraph, Twitter);
- a "last updated" date on every page, the build date where git has none;
- every page in sitemap.xml, after an incremental build too;
- a 404 page whose links work at any depth of the site;
- lighter pages: no script a page does not use (see :func:`without_scripts`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from docutils import nodes
from markupsafe import Markup
from sphinx.locale import _
from sphinx.util.i18n import format_date

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

DESCRIPTION_LENGTH = 200
NOT_FOUND_PAGE = "404"

# -- Bibliography ----------------------------------------------------------------------------------
# docutils writes citations as <div role="list"> around <div role="doc-biblioentry">: the list has
# no list items (aria-required-children) and doc-biblioentry is deprecated (DPUB-ARIA 1.1).


def visit_citation(self: HTML5Translator, node: nodes.citation) -> None:
    if not isinstance(node.previous_sibling(), nodes.citation):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation(self: HTML5Translator, node: nodes.citation) -> None:
    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), nodes.citation):
        self.body.append("</div>\n")


# -- Sidebar navigation ----------------------------------------------------------------------------


UNLABELLED_SUMMARY = "<summary>"


def label_section_toggles(html: BeautifulSoup | str) -> Markup:
    """Name each ``<summary>`` of the navigation after its section (WCAG 4.1.2, axe summary-name).

    The theme's toggles hold only a chevron icon, so a screen reader announced a nameless button.
    The theme hands back its parsed tree the first time and, for sibling pages, a string made
    from that same (cached) tree. Labelling the tree in place is safe, because a label depends
    only on its section's title, not on the page, and cheap: the strings made from the labelled
    tree afterwards need no parsing at all (parsing every page's navigation again cost about
    5 % of a build).
    """
    if isinstance(html, BeautifulSoup):
        soup = html
    elif UNLABELLED_SUMMARY not in html:
        return Markup(html)
    else:
        soup = BeautifulSoup(html, "html.parser")
    for summary in soup.find_all("summary"):
        if summary.get("aria-label") or summary.get_text(strip=True):
            continue
        item = summary.find_parent("li")
        link = item.find("a", recursive=False) if item else None
        title = link.get_text(" ", strip=True) if link else ""
        summary["aria-label"] = _("Pages in %s") % title if title else _("Pages in this section")
    return Markup(str(soup))


def with_labelled_toggles(generate: Callable[..., BeautifulSoup | str]) -> Callable[..., Markup]:
    def generate_labelled(*args: Any, **kwargs: Any) -> Markup:
        return label_section_toggles(generate(*args, **kwargs))
    return generate_labelled


def drop_empty_section_navigation(context: dict[str, Any]) -> None:
    """No "Section Navigation" sidebar on a page whose section has no pages to list.

    The theme counts hidden toctrees as content (so the catalogue, a page without sub-pages,
    showed an empty sidebar); a page whose section lists nothing visible gets the full width.
    """
    suppress = context.get("suppress_sidebar_toctree")
    if suppress is not None and context.get("sidebars") and suppress(includehidden=False):
        context["sidebars"] = [name for name in context["sidebars"]
                               if name not in ("sidebar-collapse.html", "sidebar-nav-bs.html")]


# -- Page weight -----------------------------------------------------------------------------------


def without_scripts(html: str, *names: str) -> Markup:
    """Jinja filter: the markup without the ``<script src=...>`` tags whose path ends in a name.

    The theme loads Sphinx's search tools and the full search index on every page, for a
    search-as-you-type box this site does not enable (the search page loads them itself), and
    Font Awesome's 89 KB script, which only turns icons the stylesheet already draws into SVG.
    Dropping them took about a fifth off every first visit (measured in benchmarks/).
    """
    def keep(match: re.Match[str]) -> str:
        src = match.group("src").split("?", 1)[0]
        return "" if any(src.endswith(name) for name in names) else match.group(0)

    return Markup(SCRIPT_TAG.sub(keep, str(html)))


SCRIPT_TAG = re.compile(r"""[ \t]*<script\b[^>]*\bsrc=["'](?P<src>[^"']+)["'][^>]*>\s*</script>[ \t]*\n?""")


# Assets a page needs only when its body holds what they style or drive: file name -> markers.
SPHINX_DESIGN_CLASS = (' sd-', '"sd-')
PAGE_SPECIFIC_ASSETS = {
    "sphinx-design.min.css": SPHINX_DESIGN_CLASS,
    "design-tabs.js": SPHINX_DESIGN_CLASS,
    "pygments.css": ('class="highlight',),
    "oneplusmg-tables.js": ("oneplusmg-guidelines",),
}


def drop_unused_assets(context: dict[str, Any]) -> None:
    """No sphinx-design stylesheet or script on a page without a design element, no code
    colours on a page without code, no table filter on a page without a guideline table: the
    extensions add them to every page, though one page of this site uses a card, two show code
    and about half show a guideline table (together up to 93 KB of a first visit).
    """
    body = context.get("body") or ""
    unused = {name for name, markers in PAGE_SPECIFIC_ASSETS.items() if not any(m in body for m in markers)}
    for key in ("css_files", "script_files"):
        if key in context:
            context[key] = [asset for asset in context[key]
                            if os.path.basename(str(getattr(asset, "filename", asset))).split("?")[0] not in unused]


# `.fa-bars,.fa-navicon{--fa:"\f0c9"}`: one rule per icon in the theme's stylesheet, about 2,000.
ICON_RULE = re.compile(r'(?P<selectors>(?:\.fa-[\w-]+,?)+)\{--fa:"\\(?P<code>[0-9a-f]+)"\}')
# `--pst-icon-info-circle:"<U+F05A>"`: the symbols the theme draws from its stylesheet
# (admonitions, arrows, external links), written as the characters themselves.
THEME_SYMBOL = re.compile(r'--pst-icon-[\w-]+:"([^"\\])"')
ICON_LIST = Path("vendor") / "fontawesome" / "icons.txt"
THEME_CSS = Path("styles") / "pydata-sphinx-theme.css"
# Bootstrap components the theme's stylesheet carries but no page, template or script of this
# site uses (tests/test_icons.py checks every built page and script for their classes): 33 KB.
UNUSED_COMPONENTS = ("accordion", "alert", "carousel", "offcanvas", "pagination", "popover", "spinner", "toast")
COMPONENT_SELECTOR = re.compile(r"\.(?:%s)(?:-[\w-]+)?(?![\w-])" % "|".join(UNUSED_COMPONENTS))
PLAIN_RULE = re.compile(r"(?<=[{}])([^{}@]+)\{[^{}]*\}")


def _without_unused_components(css: str) -> str:
    def rule(match: re.Match[str]) -> str:
        selectors = match.group(1).split(",")
        return "" if all(COMPONENT_SELECTOR.search(selector) for selector in selectors) else match.group(0)

    return PLAIN_RULE.sub(rule, css)


def _icon_names(match: re.Match[str]) -> list[str]:
    return [name.lstrip(".") for name in match.group("selectors").split(",")]


def icon_catalogue(css: str) -> dict[str, int]:
    """Icon name -> code point, for every icon rule of a Font Awesome stylesheet."""
    return {name: int(match.group("code"), 16) for match in ICON_RULE.finditer(css) for name in _icon_names(match)}


def _only_listed_icons(css: str, keep: set[str]) -> str:
    def rule(match: re.Match[str]) -> str:
        return match.group(0) if keep.intersection(_icon_names(match)) else ""

    return ICON_RULE.sub(rule, css)


def prune_theme_stylesheet(app: Sphinx, exception: Exception | None) -> None:
    """Take out of the theme's stylesheet what this site cannot show (105 KB of its 378 KB).

    - Icon rules: only those of ``_static/vendor/fontawesome/icons.txt``, the icons the cut-down
      font has (written with it by ``scripts/subset-icons.py``); the others (72 KB) name icons
      the font lacks.
    - Rules of Bootstrap components no page uses (:data:`UNUSED_COMPONENTS`).

    Sphinx copies the theme's stylesheet afresh at every build, so this runs at every build.
    """
    static = Path(app.outdir) / "_static"
    css_path = static / THEME_CSS
    if exception is not None or app.builder.format != "html" or not css_path.is_file():
        return
    css = original = css_path.read_text(encoding="utf-8")
    if (static / ICON_LIST).is_file():
        css = _only_listed_icons(css, set((static / ICON_LIST).read_text(encoding="utf-8").split()))
    css = _without_unused_components(css)
    if css != original:
        css_path.write_text(css, encoding="utf-8")


def add_template_filters(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    if templates is not None and hasattr(templates, "environment"):
        templates.environment.filters["without_scripts"] = without_scripts


# -- Page context ----------------------------------------------------------------------------------


def page_description(doctree: nodes.document | None, fallback: str) -> str:
    """The page's first paragraph of running text, shortened at a word: what a link preview shows."""
    if doctree is not None:
        for paragraph in doctree.findall(nodes.paragraph):
            if not isinstance(paragraph.parent, nodes.section):  # not in a table, card, note...
                continue
            text = " ".join(paragraph.astext().split())
            if len(text) >= 40:
                return shorten(text, DESCRIPTION_LENGTH)
    return fallback


def shorten(text: str, length: int) -> str:
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def update_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                        doctree: nodes.document | None) -> None:
    """Runs after the theme's and the other extensions' handlers (priority 600)."""
    if "generate_toctree_html" in context:
        context["generate_toctree_html"] = with_labelled_toggles(context["generate_toctree_html"])
    drop_empty_section_navigation(context)
    drop_unused_assets(context)
    context["oneplusmg_description"] = page_description(doctree, app.config.oneplusmg_site_description)
    context["oneplusmg_not_found"] = pagename == NOT_FOUND_PAGE
    if not context.get("last_updated") and app.config.html_last_updated_fmt is not None:
        # No date from git (a new page, a page generated by Sphinx): the page is as of this build.
        context["last_updated"] = format_date(
            app.config.html_last_updated_fmt or "%b %d, %Y", language=app.config.language,
            local_time=not app.config.html_last_updated_use_utc,
        )


# -- Sitemap -----------------------------------------------------------------------------------------


def complete_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """Every page in sitemap.xml, in a stable order, after an incremental build too.

    sphinx-sitemap lists the pages written by this build only: after a change to one page, the
    sitemap listed that page and the few pages that show it. Runs just before it (priority 400)
    and adds every other page, with its git date when there is one.
    """
    queue = getattr(app, "sitemap_links", None)
    if exception is not None or queue is None or app.builder.format != "html":
        return
    from sphinx_sitemap import is_excluded

    links: dict[str, str | None] = {}
    while not queue.empty():
        link, last_updated = queue.get_nowait()
        links[link] = last_updated
    dates = getattr(app.env, "git_last_updated", {})
    for docname in sorted(app.env.found_docs):
        link = app.builder.get_target_uri(docname)
        if link in links or is_excluded(link, app.config.sitemap_excludes):
            continue
        timestamp = (dates.get(docname) or (None,))[0]
        links[link] = (datetime.fromtimestamp(int(timestamp), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
                       if timestamp else None)
    for item in sorted(links.items()):
        queue.put(item)


# -- 404 page --------------------------------------------------------------------------------------

RELATIVE_URL = re.compile(r'\b(href|src|action)="(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^"]*)"')


def site_root(app: Sphinx) -> str:
    """The path of the site on its host, from ``html_baseurl`` ("/" when it is not set)."""
    path = urlsplit(app.config.html_baseurl or "").path or "/"
    return path if path.endswith("/") else path + "/"


def root_relative_links(html: str, root: str) -> str:
    html = RELATIVE_URL.sub(lambda m: f'{m.group(1)}="{root}{m.group(2)}"', html)
    return html.replace('data-content_root="./"', f'data-content_root="{root}"')


def fix_not_found_page(app: Sphinx, exception: Exception | None) -> None:
    """The server answers any missing address with 404.html: its links must not be relative.

    The page is written at the root of the site; its links are rewritten from the site's path
    (``html_baseurl``), so that styles, scripts and links work at any depth. Idempotent.
    """
    if exception is not None or app.builder.format != "html" or app.builder.name == "singlehtml":
        return
    page = Path(app.outdir) / f"{NOT_FOUND_PAGE}{app.builder.out_suffix}"
    if page.is_file():
        html = page.read_text(encoding="utf-8")
        fixed = root_relative_links(html, site_root(app))
        if fixed != html:
            page.write_text(fixed, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("oneplusmg_site_description", "", "html", types=(str,))
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
    app.connect("builder-inited", add_template_filters)
    app.connect("html-page-context", update_page_context, priority=600)
    app.connect("build-finished", fix_not_found_page)
    app.connect("build-finished", prune_theme_stylesheet)
    app.connect("build-finished", complete_sitemap, priority=400)
    return {"version": "1.0.0", "parallel_read_safe": True, "parallel_write_safe": True}
