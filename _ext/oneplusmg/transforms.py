"""Turn every placeholder into standard docutils nodes, once every document has been read.

This runs on ``doctree-resolved``, for each document as it is written, so links can point at any
page, and for every builder (HTML, LaTeX, text...). The event hands us the application, and with
it the builder, through public API (a post-transform only reaches it through private attributes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from .domain import get_domain
from .shared import Placeholder, RenderContext

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def resolve_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Render each placeholder with its component's renderer, as seen from its own page.

    A LaTeX document is one doctree made of many pages; links are decided per page of origin.
    """
    domain = get_domain(app.env)
    # Ids are unique per page: LaTeX prefixes every label with the page it comes from, so the
    # ids of the other pages merged into the same doctree do not count.
    used_ids: dict[str, set[str]] = {}
    for node in list(doctree.findall(Placeholder)):
        origin = node.get("docname", docname)
        if origin not in used_ids:
            page = doctree if origin == docname else app.env.get_doctree(origin)
            used_ids[origin] = set(page.ids)
        ctx = RenderContext(app.builder, origin, domain, used_ids[origin])
        node.replace_self(node.render(ctx))


def setup_transforms(app: Sphinx) -> None:
    """Render the placeholders on ``doctree-resolved``, once every document has been read."""
    app.connect("doctree-resolved", resolve_placeholders)
