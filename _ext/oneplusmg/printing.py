"""The printed handbook's structure: the site's navigation as chapters and sections.

The LaTeX builder makes one doctree of a printed document by putting each page of a toctree in
the place of the toctree (``sphinx.util.nodes.inline_all_toctrees``). A section's index page
holds its toctree at the end of its text, so under its last heading: the pages of the section
then print as subsections of that heading ("Documents that apply across the foundations" held
the four foundations as 1.5.1-1.5.4), the index page's own headings as the chapter's first
sections, and the running heads named the wrong section. On the web none of this shows: the
navigation lists pages only.

Two post-transforms, for the LaTeX builder only, give print the shape of the navigation:

- :class:`PrintedStructure` (before references are resolved) leaves out the pages the site
  keeps for the web (``oneplusmg_web_only``: the Contribute section, for instance), then makes
  the pages of each index page's toctree the sections of that page, after its own text. The
  index page's own headings become unnumbered headings of its introduction, outside the table
  of contents and the PDF outline, at the level they had. A sphinx-design grid of cards, which
  LaTeX would print as loose text with each card's link run into the next card, becomes a list.
- :class:`LinksToWebOnlyPages` (once references are resolved, before URLs are shown as
  footnotes) turns a link to a page the printed document does not hold into a link to that page
  on the published site (``html_baseurl``), or into its text when there is no published site.
"""

from __future__ import annotations

import fnmatch
import posixpath
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx


# The deepest level of an unnumbered heading that every document class has (\paragraph* in a
# manual, \subparagraph* in a howto).
MAX_HEADING_LEVEL = 5


def owning_page(node: nodes.Node) -> addnodes.start_of_file | None:
    """The inlined page a node belongs to (None for the printed document's start page)."""
    parent = node.parent
    while parent is not None and not isinstance(parent, addnodes.start_of_file):
        parent = parent.parent
    return parent


def section_depth(node: nodes.Node) -> int:
    """How many sections hold the node, itself included (the document's title section counts)."""
    depth = 0
    current: nodes.Node | None = node
    while current is not None:
        if isinstance(current, nodes.section):
            depth += 1
        current = current.parent
    return depth


def unnumbered_heading(section: nodes.section, level: int) -> list[nodes.Node]:
    """A section as its anchor, an unnumbered heading of the same level and its content.

    Its ids stay (as a target) so that links to the heading still arrive; its subsections are
    unnumbered headings one level down.
    """
    title = section[0] if section.children and isinstance(section[0], nodes.title) else None
    result: list[nodes.Node] = []
    if section["ids"]:
        result.append(nodes.target("", "", ids=list(section["ids"])))
    if title is not None:
        # A rubric with a heading level prints as \section*, \subsection*...: it keeps the
        # heading's size and its hold on the next paragraph, but no number, mark or bookmark.
        heading = nodes.rubric(title.rawsource, "", *title.children)
        heading["heading-level"] = min(level, MAX_HEADING_LEVEL)
        result.append(heading)
    for child in section.children[1 if title is not None else 0 :]:
        if isinstance(child, nodes.section):
            result.extend(unnumbered_heading(child, level + 1))
        else:
            result.append(child)
    return result


def has_class(node: nodes.Node, name: str) -> bool:
    """Whether a node is an element carrying the class ``name``."""
    return isinstance(node, nodes.Element) and name in node.get("classes", [])


def card_as_item(card: nodes.Element) -> nodes.list_item:
    """A sphinx-design card as a list item: its title in bold (the card's link), then its text."""
    title = next(card.findall(lambda n: has_class(n, "sd-card-title")), None)
    text = " ".join(title.astext().split()) if title is not None else ""
    link = next(card.findall(lambda n: has_class(n, "sd-stretched-link")), None)
    head: nodes.Node = nodes.Text(text)
    if link is not None and text:
        # The card's own link, under the card's title rather than its hidden link text.
        head = link.deepcopy()
        head.children = []
        head += nodes.inline(text, text)
        head["classes"] = []
        if isinstance(head, addnodes.pending_xref):
            head["refexplicit"] = True
    first = nodes.paragraph("", "", nodes.strong("", "", head))
    item = nodes.list_item("", first)
    in_title = set(title.findall(nodes.paragraph)) if title is not None else set()
    body = [paragraph for paragraph in card.findall(nodes.paragraph) if paragraph not in in_title]
    if body:
        first += nodes.Text(": ")
        first.extend(child.deepcopy() for child in body[0].children)
        item.extend(paragraph.deepcopy() for paragraph in body[1:])
    return item


class PrintedStructure(SphinxPostTransform):
    """Leave out web-only pages; make each index page's toctree pages its sections."""

    default_priority = 5  # on the assembled document, before references are resolved (10)
    builders = ("latex",)

    def run(self, **kwargs: Any) -> None:
        """Both steps, on a printed document made of pages (one with inlined toctrees)."""
        patterns = self.config.oneplusmg_web_only
        for page in self.document.findall(addnodes.start_of_file):
            # Sphinx hands a page's children to the start_of_file node without making it their
            # parent (they still name the page's own document): make it so, for the walks below.
            for child in page.children:
                child.parent = page
        for page in list(self.document.findall(addnodes.start_of_file)):
            if any(fnmatch.fnmatch(page["docname"], pattern) for pattern in patterns):
                page.parent.remove(page)
        # The start page too: printed whole (not toctree_only), its toctrees interleave alike.
        for page in [self.document, *self.document.findall(addnodes.start_of_file)]:
            self.pages_as_sections(page)
        # sphinx-design prints a grid of cards as its containers, in which each card's text
        # runs into the next card's link: in print, a grid is a list, one card an item.
        for row in list(self.document.findall(lambda n: has_class(n, "sd-row"))):
            items = [card_as_item(card) for card in row.findall(lambda n: has_class(n, "sd-card"))]
            if items:
                row.replace_self(nodes.bullet_list("", *items, bullet="-"))

    def pages_as_sections(self, page: nodes.Element) -> None:
        """Move the pages of this page's toctrees after its text, as sections of its title.

        ``page`` is an inlined page or the document (its start page). Pages are handled outside
        in, so a page's depth is final when its own headings are turned into unnumbered ones.
        """
        top = next((child for child in page.children if isinstance(child, nodes.section)), None)
        if top is None:
            return
        owner = page if isinstance(page, addnodes.start_of_file) else None
        subpages = [sub for sub in page.findall(addnodes.start_of_file) if owning_page(sub) is owner]
        if not subpages:
            return
        for sub in subpages:
            sub.parent.remove(sub)
        level = section_depth(top)  # the level of the page's own headings in the writer's terms
        for child in list(top.children):
            if isinstance(child, nodes.section):
                top.replace(child, unnumbered_heading(child, level))
        top.extend(subpages)


class LinksToWebOnlyPages(SphinxPostTransform):
    """Links to pages the printed document does not hold go to the published site."""

    default_priority = 300  # after references are resolved (10), before URLs become footnotes (400)
    builders = ("latex",)

    def run(self, **kwargs: Any) -> None:
        """Replace every ``%docname`` link whose page is not in this document."""
        held = {page["docname"] for page in self.document.findall(addnodes.start_of_file)}
        if not held:  # one page resolved on its own, not a printed document made of pages
            return
        held.add(self.document.get("docname", self.config.root_doc))
        held.update(self.config.latex_appendices)
        base = self.config.html_baseurl
        for reference in list(self.document.findall(nodes.reference)):
            uri = reference.get("refuri", "")
            if not uri.startswith("%"):
                continue
            docname, _, anchor = uri[1:].partition("#")
            if docname in held:
                continue
            if not base:
                reference.replace_self(reference.children)
                continue
            address = posixpath.join(base.rstrip("/") + "/", f"{docname}.html")
            reference["refuri"] = f"{address}#{anchor}" if anchor else address
            reference["internal"] = False


def setup_printing(app: Sphinx) -> None:
    """Register the setting and the two post-transforms of printed documents."""
    # Pages (docname patterns) that the website shows and the printed documents leave out.
    app.add_config_value("oneplusmg_web_only", [], "env", types=(list, tuple))
    app.add_post_transform(PrintedStructure)
    app.add_post_transform(LinksToWebOnlyPages)
