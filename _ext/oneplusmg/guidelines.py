"""``guideline-table`` and ``{guideline}``: the guidelines, filtered, sorted and linked.

The table that carries ``:catalogue:`` is the catalogue: it gives every guideline its stable
anchor ``guideline-<id>`` and lists the pages that mention it; every other table and every
``{guideline}`` role links there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from collections.abc import Callable

from docutils import nodes
from docutils.parsers.rst import directives

from .exports import export_links
from .i18n import _, __
from .records import LEVELS, Guideline
from .registry import KINDS
from .shared import (
    Placeholder,
    RegistryDirective,
    RenderContext,
    add_record_role,
    address_link,
    badge,
    build_table,
    external_link,
    join_nodes,
    para,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .registry import Registry

# column id -> (header, relative width in print)
COLUMNS: dict[str, tuple[str, int]] = {
    "id": (_("ID"), 14),
    "title": (_("Title"), 42),
    "level": (_("Level"), 17),
    "working-groups": (_("Working groups"), 14),
    "phase": (_("Phase"), 20),
    "domain": (_("Domain"), 16),
    "project": (_("Project"), 11),
    "year": (_("Year"), 8),
    "doi": (_("DOI"), 20),
    "link": (_("Link"), 24),
    "summary": (_("Summary"), 40),
    "topics": (_("Topics"), 18),
    "kind": (_("Type"), 11),
}
DEFAULT_COLUMNS = ("title", "level", "working-groups", "phase", "year")

# option -> (record field, registry holding the allowed ids, or None for levels)
FILTERS: dict[str, tuple[str, str | None]] = {"level": ("level", None)} | {
    kind.guideline_option: (kind.guideline_field, kind.attr)
    for kind in KINDS if kind.guideline_option and kind.guideline_field
}

LEVEL_ORDER = {level: index for index, level in enumerate(LEVELS)}
SORT_KEYS: dict[str, Callable[[Guideline], Any]] = {
    "title": lambda g: g.title.casefold(),
    "id": lambda g: g.id,
    "level": lambda g: LEVEL_ORDER.get(g.level or "", len(LEVELS)),
    "year": lambda g: g.year or 0,
    "phase": lambda g: g.phase or "~",
    "working-groups": lambda g: [int(w[2:]) for w in g.working_groups] or [999],
    "domain": lambda g: g.domain or "~",
    "project": lambda g: g.project or "~",
}
DEFAULT_SORT = ("level", "title")


class guideline_table_node(Placeholder):
    """A guideline table waiting for the catalogue and the pages to be known."""

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        guidelines = [ctx.registry.guidelines[i] for i in self["record_ids"] if i in ctx.registry.guidelines]
        if not guidelines:
            text = _("No guideline matches this selection (%s).") % describe_filters(self["filters"]) \
                if self["filters"] else _("The registry holds no guideline yet.")
            return [para(text, classes=["oneplusmg-empty"])]
        is_catalogue = bool(self["catalogue"]) and ctx.domain.catalogue == ctx.docname
        columns = self["columns"]
        title_cell = TitleCells(ctx, is_catalogue)
        rows = [[cell_for(column, g, ctx, title_cell) for column in columns] for g in guidelines]
        classes = ["oneplusmg-guidelines"] + (["oneplusmg-catalogue"] if is_catalogue else [])
        table = build_table(
            [COLUMNS[c][0] for c in columns], rows, widths=[COLUMNS[c][1] for c in columns],
            classes=classes, caption=self["caption"],
            caption_id=ctx.unique_id(nodes.make_id(f"table-{self['caption']}")) if self["caption"] else None,
            row_classes=[[f"oneplusmg-level-{g.level or 'none'}"] for g in guidelines],
            # The browser's filter and facets find their columns by these, whatever the header's
            # (translated) text.
            column_classes=[f"oneplusmg-col-{column}" for column in columns],
        )
        result: list[nodes.Node] = [table]
        if self.get("compact"):
            result = [nodes.container("", table, classes=["oneplusmg-compact"])]
        if is_catalogue and ctx.is_html:
            result.insert(0, export_links(ctx))
        return result


def select(registry: Registry, filters: dict[str, list[str]]) -> list[Guideline]:
    """The guidelines that match: any value within one option, all options together.

    Uses the registry's indexes, so the cost follows the number of matches, not of records.
    """
    if not filters:
        return list(registry.guidelines.values())
    selected: set[str] | None = None
    for option, wanted in filters.items():
        found = registry.guideline_ids_where(FILTERS[option][0], wanted)
        selected = found if selected is None else selected & found
    return [registry.guidelines[i] for i in selected or ()]


def sort_guidelines(guidelines: list[Guideline], keys: list[str]) -> list[Guideline]:
    """Sort by several keys; ``-year`` sorts that key in descending order."""
    ordered = sorted(guidelines, key=lambda g: g.id)
    for key in reversed(keys):
        ordered.sort(key=SORT_KEYS[key.lstrip("-")], reverse=key.startswith("-"))
    return ordered


class GuidelineTable(RegistryDirective):
    """``guideline-table``: the guidelines that match the options, as a table."""

    option_spec = {option: directives.unchanged for option in FILTERS} | {
        "columns": directives.unchanged,
        "sort": directives.unchanged,
        "caption": directives.unchanged,
        "catalogue": directives.flag,
    }
    uses = ("guidelines", "working_groups", "phases", "domains", "topics", "projects", "countries")
    needs = ("guidelines",)

    def run(self) -> list[nodes.Node]:
        if not self.note_registry_use():
            return []
        filters = self.parse_filters()
        columns = self.choice_list("columns", tuple(COLUMNS), DEFAULT_COLUMNS)
        sort = self.choice_list("sort", tuple(SORT_KEYS), DEFAULT_SORT, descending=True)
        selected = select(self.registry, filters)
        ids = [g.id for g in sort_guidelines(selected, sort)]
        catalogue = "catalogue" in self.options
        if catalogue:
            if self.env.docname in self.domain.data["catalogues"]:
                self.warn(__("guideline-table: a page holds one catalogue; this one is shown as an ordinary table"), "catalogue")
                catalogue = False
            else:
                self.domain.note("catalogues", self.env.docname, self.lineno)
        if not catalogue:
            self.domain.note_mentions(self.env.docname, ids)
        return [self.placeholder(
            guideline_table_node, record_ids=ids, columns=columns, catalogue=catalogue,
            filters=filters, caption=self.options.get("caption"),
        )]

    def parse_filters(self) -> dict[str, list[str]]:
        filters: dict[str, list[str]] = {}
        for option, (_field, registry_attr) in FILTERS.items():
            if option not in self.options:
                continue
            if registry_attr is None:
                values = self.choice_list(option, LEVELS, ())
            else:
                values = self.id_list(option, registry_attr) or []
            filters[option] = values
        return filters


# -- Rendering -------------------------------------------------------------------------------------


class TitleCells:
    """Builds the title cell of each row; what is the same for every row is worked out once.

    In the catalogue the cell carries the guideline's anchor and the pages that cite it;
    elsewhere the title links to the document and a short link leads to the catalogue entry.
    """

    def __init__(self, ctx: RenderContext, is_catalogue: bool) -> None:
        self.ctx = ctx
        self.is_catalogue = is_catalogue
        # In parentheses inside the link: one node less per row than a wrapper around it.
        self.entry_label = "(%s)" % _("catalogue entry")
        catalogue = ctx.domain.catalogue
        # A printed document that leaves the catalogue out gets no link to it.
        self.catalogue = catalogue if catalogue and (
            catalogue == ctx.docname or ctx.domain.page_uri(ctx.builder, ctx.docname, catalogue) is not None
        ) else None

    def __call__(self, guideline: Guideline) -> list[nodes.Node]:
        link = guideline.link
        title = external_link(link, guideline.title) if link else nodes.inline(guideline.title, guideline.title)
        first = para(title, classes=["oneplusmg-title"])
        if self.is_catalogue:
            first[0:0] = self.ctx.anchor(f"guideline-{guideline.id}")
            return [first, *self.cited_on(guideline.id)]
        if self.catalogue:
            ctx = self.ctx
            entry = ctx.domain.refnode(ctx.builder, ctx.docname, self.catalogue, f"guideline-{guideline.id}",
                                       nodes.Text(self.entry_label))
            if entry is not None:
                entry["classes"].append("oneplusmg-entry-link")
                first += [nodes.Text(" "), entry]
        return [first]

    def cited_on(self, guideline_id: str) -> list[nodes.Node]:
        ctx = self.ctx
        cited = ctx.domain.data["cited_by"].get(guideline_id, [])
        if not cited:
            return []
        titles = ctx.builder.env.titles
        pages = [ctx.domain.link_to_doc(ctx.builder, ctx.docname, d, titles[d].astext()) for d in cited]
        return [para(_("Referenced on: "), *join_nodes(pages), classes=["oneplusmg-cited-on"])]


def cell_for(column: str, g: Guideline, ctx: RenderContext, title_cell: TitleCells) -> list[nodes.Node]:
    registry = ctx.registry
    if column == "title":
        return title_cell(g)
    if column == "level":
        return badge(g.level)
    if column == "working-groups":
        return ctx.wg_links(g.working_groups)
    if column == "phase":
        return ctx.phase_link(g.phase)
    if column == "domain":
        name = registry.domains[g.domain].name if g.domain in registry.domains else (g.domain or "")
        return [nodes.Text(name)]
    if column == "project":
        return [ctx.link("project", g.project, nodes.inline(g.project, g.project))] if g.project else []
    if column == "doi":
        if not g.doi:
            return []
        return [address_link(ctx, f"https://doi.org/{g.doi}", g.doi)]
    if column == "link":
        return [external_link(g.url, g.url, classes=["oneplusmg-url"])] if g.url else []
    if column == "topics":
        return [nodes.Text(", ".join(registry.topics[t].name if t in registry.topics else t for t in g.topics))]
    value = getattr(g, column)
    return [nodes.Text(str(value))] if value not in (None, "") else []


def describe_filters(filters: dict[str, list[str]]) -> str:
    return "; ".join(f"{option.replace('-', ' ')}: {', '.join(values)}" for option, values in filters.items())


def setup_guidelines(app: Sphinx) -> None:
    app.add_node(guideline_table_node)
    app.add_directive("guideline-table", GuidelineTable)
    add_record_role(app, "guideline", "guidelines")
