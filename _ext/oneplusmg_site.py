"""oneplusmg_site: what the 1+MG Framework website adds to the theme and to Sphinx's HTML.

Site-level, HTML-only fixes and additions, kept out of the ``oneplusmg`` extension (which renders
the registries for every builder):

- the bibliography as valid ARIA (a list of list items, not deprecated ``doc-biblioentry``);
- an accessible name on every collapsible section of the sidebar navigation;
- "In this section" over a section page's list of its pages;
- lighter pages: no script or stylesheet a page does not use (see :func:`without_scripts`);
- a "last updated" date on every page, the build date where git has none;
- every page in sitemap.xml, after an incremental build too;
- no theme template in the output (the theme's static folder holds one that Sphinx copies);
- the links of the 404 page's own text starting from the site's root, as its other links do;
- the 404 page's own settings kept in a parallel build (see :func:`merge_only_read_metadata`);
- the theme's templates compiled once, not by every build;
- fewer passes of Python's garbage collector during a build.

The libraries do the rest: sphinxext-opengraph the sharing meta, sphinx-notfound-page the 404
page, sphinx-last-updated-by-git the dates, sphinx-sitemap the sitemap (settings in conf.py).
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import jinja2
from bs4 import BeautifulSoup
from docutils import nodes
from markupsafe import Markup
from sphinx import addnodes
from sphinx.environment.adapters.toctree import _get_toctree_ancestors
from sphinx.locale import _
from sphinx.util.i18n import format_date

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator

# -- Bibliography ----------------------------------------------------------------------------------
# docutils writes citations as <div role="list"> around <div role="doc-biblioentry">: the list has
# no list items (aria-required-children) and doc-biblioentry is deprecated (DPUB-ARIA 1.1).


def visit_citation(self: HTML5Translator, node: nodes.citation) -> None:
    """Open a citation as a list item, and the list around a run of citations."""
    if not isinstance(node.previous_sibling(), nodes.citation):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation(self: HTML5Translator, node: nodes.citation) -> None:
    """Close the citation's list item, and the list after the last citation of a run."""
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
    """The theme's ``generate_toctree_html``, its navigation's toggles named (see above)."""

    def generate_labelled(*args: Any, **kwargs: Any) -> Markup:
        return label_section_toggles(generate(*args, **kwargs))

    return generate_labelled


def drop_empty_section_navigation(app: Sphinx, pagename: str, context: dict[str, Any]) -> None:
    """No "Section Navigation" sidebar on a page whose section has no pages to list.

    The theme counts hidden toctrees as content (so the catalogue, a page without sub-pages,
    showed an empty sidebar); a page whose section lists nothing visible gets the full width.
    Read from the section page's table of contents, which holds its toctrees: asking the theme
    (``suppress_sidebar_toctree(includehidden=False)``) resolved the section's whole tree again
    for every page, a sixth of the build after a page edit.
    """
    if not context.get("sidebars"):
        return
    ancestors = list(_get_toctree_ancestors(app.env.toctree_includes, pagename))
    toc = app.env.tocs.get(ancestors[-1]) if ancestors else None
    if toc is None or not any(not t.get("hidden") and t["entries"] for t in toc.findall(addnodes.toctree)):
        context["sidebars"] = [
            name for name in context["sidebars"] if name not in ("sidebar-collapse.html", "sidebar-nav-bs.html")
        ]


def label_section_page_lists(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On the web, a section page's visible list of its pages opens with "In this section".

    Sphinx writes a toctree as a bare list where it stands: at the end of a section page, under
    its last heading, the list read as part of that section (the About pages seemed to be "the
    projects behind it"). The caption is set on the page being written only, so the navigation
    made from the same toctree keeps no caption; in print the pages follow as chapters.
    """
    if app.builder.format != "html":
        return
    for toctree in doctree.findall(addnodes.toctree):
        if not toctree.get("hidden") and toctree["entries"] and not toctree.get("caption"):
            toctree["caption"] = toctree["rawcaption"] = _("In this section")


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
SPHINX_DESIGN_CLASS = (" sd-", '"sd-')
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
            context[key] = [
                asset
                for asset in context[key]
                if os.path.basename(str(getattr(asset, "filename", asset))).split("?")[0] not in unused
            ]


def add_template_filters(app: Sphinx) -> None:
    """Make :func:`without_scripts` available to the templates (``_templates/layout.html``)."""
    templates = getattr(app.builder, "templates", None)
    if templates is not None and hasattr(templates, "environment"):
        templates.environment.filters["without_scripts"] = without_scripts


def keep_compiled_templates(app: Sphinx) -> None:
    """Compiled Jinja templates kept between builds, in the doctree folder.

    Every sphinx-build process compiled the theme's templates anew: about a sixth of a one-page
    rebuild, and of each rebuild of the live preview. Jinja checks each kept template against its
    source, so an edited template is compiled again; it writes each file atomically, so parallel
    writers do not clash.
    """
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if isinstance(environment, jinja2.Environment):
        folder = Path(app.doctreedir) / "jinja"
        folder.mkdir(parents=True, exist_ok=True)
        environment.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))


# -- Garbage collection ----------------------------------------------------------------------------

# Objects made between two collections of the youngest generation during a build (Python's default:
# 700); the setting ``oneplusmg_gc_threshold`` (0 keeps Python's).
BUILD_GC_THRESHOLD = 10_000


def collect_garbage_less_often(app: Sphinx) -> None:
    """Raise the collector's threshold while the application builds; restore it when it ends.

    A build makes millions of objects that live to its end (doctrees, the environment, the search
    index). With Python's default thresholds the collector walked the whole heap ten times in a
    clean build of this site, mostly to free the trees of pages already written, which fewer passes
    free as well. At this threshold it walks it twice, and a clean build takes 6 to 14 % less time
    (make bench); the price is memory, as garbage waits longer: a peak of about 135 MB instead of
    110 MB for this site, 1.45 GB instead of 1.0 GB for a catalogue of 10,000 guidelines (which
    gains no time). A trade, so a setting: ``oneplusmg_gc_threshold = 0`` keeps Python's own.
    Raised from the start of the build's reading (which every build goes through) to its end (which
    every build reports, failed or not), so an application made and never built leaves the process
    as it was; the workers of a parallel build inherit it.
    """
    app.add_config_value("oneplusmg_gc_threshold", BUILD_GC_THRESHOLD, "", types=(int,))
    default = gc.get_threshold()

    def raise_threshold(app: Sphinx, _env: BuildEnvironment, _docnames: list[str]) -> None:
        nonlocal default
        default = gc.get_threshold()
        if app.config.oneplusmg_gc_threshold > 0:
            gc.set_threshold(app.config.oneplusmg_gc_threshold, *default[1:])

    def restore_threshold(_app: Sphinx, _exception: Exception | None) -> None:
        gc.set_threshold(*default)

    app.connect("env-before-read-docs", raise_threshold)
    app.connect("build-finished", restore_threshold)


# -- Page context ----------------------------------------------------------------------------------


def update_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """The site's changes to every page's template context.

    Runs after the theme's and the other extensions' handlers (priority 600): named navigation
    toggles, no empty sidebar, no unused assets, a date on every page, the 404 page's settings.
    """
    if "generate_toctree_html" in context:
        context["generate_toctree_html"] = with_labelled_toggles(context["generate_toctree_html"])
    drop_empty_section_navigation(app, pagename, context)
    drop_unused_assets(context)
    if not context.get("last_updated") and app.config.html_last_updated_fmt is not None:
        # sphinx-last-updated-by-git leaves the date empty where git has none (outside a git
        # checkout, a page not committed yet, a page Sphinx generates): as of this build.
        context["last_updated"] = format_date(
            app.config.html_last_updated_fmt or "%b %d, %Y",
            language=app.config.language,
            local_time=not app.config.html_last_updated_use_utc,
        )
    if pagename == app.config.notfound_pagename:
        # Scripts find the site's root here; search engines should not list the page.
        context["content_root"] = app.config.notfound_urls_prefix or "/"
        context["metatags"] = context.get("metatags", "") + '\n<meta name="robots" content="noindex" />'


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
        links[link] = datetime.fromtimestamp(int(timestamp), UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if timestamp else None
    for item in sorted(links.items()):
        queue.put(item)


# -- Theme templates in the output ----------------------------------------------------------------
# Sphinx copies a theme's whole static folder into _static/ and renders only the files named
# *.jinja or *_t there. pydata-sphinx-theme keeps a Jinja macro file among its static files
# (its layout imports it as a template), so the output shipped it unrendered, Jinja code and
# all: not a page, invalid HTML, and nothing any page loads.
THEME_TEMPLATES = ("webpack-macros.html",)


def drop_theme_templates(app: Sphinx, exception: Exception | None) -> None:
    """Remove the theme's templates from the HTML output's _static/ once everything is copied."""
    if exception is not None or app.builder.format != "html":
        return
    static = app.builder.outdir / "_static"
    for name in THEME_TEMPLATES:
        (static / name).unlink(missing_ok=True)


# -- 404 page --------------------------------------------------------------------------------------


def not_found_links_from_root(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The links of the 404 page's text start from the site's root, so they work at any depth.

    The server answers every missing address with 404.html, so a relative link there would be
    read from the missing address. sphinx-notfound-page makes the theme's links (navigation,
    styles, scripts) start from ``notfound_urls_prefix`` but leaves those of the page's own text
    (the ``{doc}`` links of docs/404.md) relative.
    """
    builder = app.builder
    if (
        docname != app.config.notfound_pagename
        or builder.format != "html"
        or getattr(builder, "embedded", False)
        or builder.name == "singlehtml"
    ):
        return
    page = (app.config.notfound_urls_prefix or "/") + builder.get_target_uri(docname)
    for reference in doctree.findall(nodes.reference):
        uri = reference.get("refuri", "")
        if reference.get("internal") and uri and not uri.startswith(("#", "/")):
            reference["refuri"] = urljoin(page, uri)


def merge_only_read_metadata(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    """A parallel reader hands back the metadata of the documents it read, and of no other.

    sphinx-notfound-page's collector writes the 404 page's metadata in every process that reads a
    document (Sphinx's ``metadata`` is a defaultdict: a reader that never saw 404.md makes an entry
    with only the collector's two keys) and merges each reader's whole ``metadata`` back. The
    reader that finished last decided the 404 page's metadata, so a build with two readers or more
    at a time sometimes lost the page's front matter (the hidden "On this page" column came back).
    Runs before the collectors merge (priority 400): they then see only what the reader read.
    """
    for docname in other.metadata.keys() - docnames:
        del other.metadata[docname]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the site's additions; needs sphinx-notfound-page (its settings name the 404 page)."""
    app.setup_extension("notfound.extension")
    collect_garbage_less_often(app)
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
    app.connect("builder-inited", add_template_filters)
    app.connect("builder-inited", keep_compiled_templates)
    app.connect("html-page-context", update_page_context, priority=600)
    app.connect("doctree-resolved", not_found_links_from_root)
    app.connect("doctree-resolved", label_section_page_lists)
    app.connect("env-merge-info", merge_only_read_metadata, priority=400)
    app.connect("build-finished", complete_sitemap, priority=400)
    app.connect("build-finished", drop_theme_templates)
    return {"version": "1.0.0", "parallel_read_safe": True, "parallel_write_safe": True}
