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
    used_ids = set(doctree.ids)
    for node in list(doctree.findall(Placeholder)):
        ctx = RenderContext(app.builder, node.get("docname", docname), domain, used_ids)
        node.replace_self(node.render(ctx))


def setup_transforms(app: Sphinx) -> None:
    """Render the placeholders on ``doctree-resolved``, once every document has been read."""
    app.connect("doctree-resolved", resolve_placeholders)
