"""What an incremental build reads and writes again, so that it gives the pages a fresh build gives.

- The registry is loaded (if its files changed) when the builder starts, before Sphinx decides
  what is outdated, and its problems are reported at every build.
- A page whose views of the guidelines changed is read again (:meth:`.OnePlusMGDomain.changed_views`);
  a page that uses another registry notes that file as a dependency, as Sphinx expects.
- Which guidelines a page refers to, and in which section, is collected when the page is read;
  a guideline's page lists those places, so it is written again when its list changes.
- A page is written again when a record it links to is now shown elsewhere (its table or page
  was removed, or another took over).
- The live preview (:mod:`oneplusmg.live`) makes each application before the save it builds; when
  a registry is saved, :data:`INPUTS_CHANGED` lets this extension load it again (and write the
  guideline pages' stubs) in that application, instead of the preview making a new one.
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

from .bibliography import refresh_bibliography
from .domain import get_domain
from .guidelinepages import write_stubs
from .registry import KIND_OF_ROLE
from .shared import Placeholder

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


# Emitted by the live preview with the saved files that are not documents; each handler returns
# those it brought up to date in the application (the others make the preview start it anew).
INPUTS_CHANGED = "oneplusmg-inputs-changed"


def load_registry(app: Sphinx) -> None:
    """When the builder starts: load the registry if one of its files changed."""
    domain = get_domain(app.env)
    domain.refresh_registry()
    # Read by directives whose output differs on the web (the catalogue's toctree of pages).
    domain.html_output = app.builder.format == "html"


def report_problems(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Before reading: report every registry problem, also when the registry was cached."""
    get_domain(env).report_problems()


def outdated_views(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """The pages to read again because what they show of the guidelines changed, or their kind of output."""
    domain = get_domain(env)
    # The catalogue lists the guideline pages in its toctree for the web only: read it again
    # when the doctrees were made by a builder of the other kind.
    stale = [docname for docname, html in domain.data["page_toctrees"].items() if html != domain.html_output]
    if domain.data.get("views_signature") == domain.registry.signature:
        return stale
    candidates = [docname for docname in domain.data["views"] if docname not in changed | removed]
    return stale + domain.changed_views(candidates)


def _section_of(node: nodes.Node) -> tuple[str, str]:
    """(id, title) of the innermost section around a node, or ("", "") at the top of the page."""
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    if parent is None or not parent["ids"]:
        return "", ""
    title = next(iter(parent.findall(nodes.title)), None)
    # The page's own title section is the page itself: no section to name.
    if isinstance(parent.parent, nodes.document):
        return "", ""
    return parent["ids"][0], title.astext() if title is not None else ""


def collect_mentions(app: Sphinx, doctree: nodes.document) -> None:
    """Which guidelines the page refers to (roles and tables, not the catalogue), and where."""
    env = app.env
    docname = env.docname
    domain = get_domain(env)
    excluded = app.config.oneplusmg_citations_exclude
    if domain.guideline_page(docname.rsplit("/", 1)[-1]) == docname or any(
        fnmatch.fnmatch(docname, pattern) for pattern in excluded
    ):
        return
    places: list[tuple[str, str, str]] = []
    for node in doctree.findall(addnodes.pending_xref):
        if node.get("refdomain") == "oneplusmg" and node.get("reftype") == "guideline":
            places.append((node["reftarget"], *_section_of(node)))
    for node in doctree.findall(Placeholder):
        # Not the catalogue nor the report's tables: they list every guideline, they cite none.
        if node.tagname == "guideline_table_node" and not node.get("catalogue") and not node.get("compact"):
            section = _section_of(node)
            places += [(guideline_id, *section) for guideline_id in node["record_ids"]]
    if places:
        domain.data["mentions"][docname] = list(dict.fromkeys(places))


def pages_to_write_again(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After reading: decide the targets, and name the pages whose links or lists went stale."""
    domain = get_domain(env)
    previous_cited: dict[str, Any] = dict(domain.data["cited_by"])
    moved = domain.resolve_targets()
    domain.data["views_signature"] = domain.registry.signature
    stale: set[str] = set()
    if moved:
        registry = domain.registry
        linked = {os.path.normpath(registry.path(kind.attr)) for kind in KIND_OF_ROLE.values()}
        stale.update(
            docname
            for docname, deps in env.dependencies.items()
            if linked.intersection(os.path.normpath(str(dep)) for dep in deps)
        )
        stale.update(docname for docname, views in domain.data["views"].items() if views)
    cited = domain.data["cited_by"]
    for guideline_id in previous_cited.keys() | cited.keys():
        if previous_cited.get(guideline_id) != cited.get(guideline_id):
            page = domain.guideline_page(guideline_id)
            if page:
                stale.add(page)
    return sorted(stale & env.found_docs)


def refresh_registry_files(app: Sphinx, paths: list[Path]) -> list[Path]:
    """Saved registries: loaded again, the guideline pages' stubs and the bibliography written, as
    when the builder starts."""
    data_dir = Path(get_domain(app.env).data_dir()).resolve()
    registries = [path for path in paths if path.resolve().is_relative_to(data_dir)]
    if registries:
        load_registry(app)
        write_stubs(app)
        refresh_bibliography(app)
    return registries


def setup_incremental(app: Sphinx) -> None:
    """Connect the handlers that keep incremental builds equal to fresh ones."""
    app.add_config_value("oneplusmg_citations_exclude", [], "env", types=(list, tuple))
    app.connect("builder-inited", load_registry, priority=400)
    app.connect("env-get-outdated", outdated_views)
    app.connect("env-before-read-docs", report_problems)
    app.connect("doctree-read", collect_mentions)
    app.connect("env-updated", pages_to_write_again)
    app.add_event(INPUTS_CHANGED)
    app.connect(INPUTS_CHANGED, refresh_registry_files)
