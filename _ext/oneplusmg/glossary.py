"""``glossary-terms``: the glossary registry as Sphinx's own glossary, so ``{term}`` works everywhere.

The terms are written once, in ``glossary.yaml``. The directive builds the same nodes as Sphinx's
``glossary`` directive (a definition list inside :class:`sphinx.addnodes.glossary`, each term
registered with the standard domain), so the standard ``{term}`` role links to a term from any
page, in every builder, and the PDF prints it as a definition list. Aliases (plurals,
abbreviations) are registered as further names of the same entry rather than shown as terms.

Unlike our other directives, this one builds its nodes while the page is read: the standard
domain must know every term before references are resolved, and nothing here depends on
another page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.domains.std import make_glossary_term

from .builders import join_nodes, para
from .i18n import _
from .records import GlossaryTerm
from .shared import RegistryDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def term_reference(term: GlossaryTerm, docname: str) -> addnodes.pending_xref:
    """A ``{term}`` reference to another entry, as the standard role would make it."""
    xref = addnodes.pending_xref(
        "", refdomain="std", reftype="term", reftarget=term.term, refexplicit=True, refdoc=docname, refwarn=True
    )
    xref += nodes.inline(term.term, term.term, classes=["xref", "std", "std-term"])
    return xref


def alias_spellings(term: GlossaryTerm) -> list[str]:
    """Each alias as written, in lower case and capitalised (a sentence may start with it).

    The standard domain matches a term's own name in any case, but other names of an entry only
    as registered, so the spellings a page can use are registered one by one.
    """
    spellings: dict[str, None] = {}
    for alias in term.aliases:
        for spelling in (alias, alias.lower(), alias[:1].upper() + alias[1:]):
            if spelling.casefold() != term.term.casefold():
                spellings.setdefault(spelling)
    return list(spellings)


class GlossaryTerms(RegistryDirective):
    """``glossary-terms``: every term of the registry, in alphabetical order."""

    uses = ("glossary",)
    needs = ("glossary",)

    def run(self) -> list[nodes.Node]:
        """The glossary itself, built now so the standard domain knows every term before resolving."""
        if not self.note_registry_use():
            return []
        terms = sorted(self.registry.glossary.values(), key=lambda t: t.term.casefold())
        if not terms:
            return [para(_("The glossary holds no term."), classes=["oneplusmg-empty"])]
        glossary = addnodes.glossary(sorted=True)
        items = nodes.definition_list(classes=["glossary", "oneplusmg-glossary"])
        glossary += items
        items.extend(self.entry(term) for term in terms)
        return [glossary]

    def entry(self, term: GlossaryTerm) -> nodes.definition_list_item:
        """One term with its definition and its related terms; its aliases link to it too."""
        path = self.registry.path("glossary")
        node_id = f"term-{term.id}"
        term_node = make_glossary_term(
            self.env, [nodes.Text(term.term)], None, path, term.line, node_id, self.state.document
        )
        standard = self.env.domains.standard_domain
        for name in alias_spellings(term):
            standard.note_object("term", name, node_id, location=(path, term.line))
        definition = nodes.definition("", para(term.definition))
        related = [self.registry.glossary[i] for i in term.see_also if i in self.registry.glossary]
        if related:
            links = [term_reference(other, self.env.docname) for other in related]
            definition += para(_("See also: "), *join_nodes(links), classes=["oneplusmg-see-also"])
        return nodes.definition_list_item("", term_node, definition)


def setup_glossary(app: Sphinx) -> None:
    """Register the glossary-terms directive."""
    app.add_directive("glossary-terms", GlossaryTerms)
