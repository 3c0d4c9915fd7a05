"""``guideline-table`` and ``{guideline}``: the guidelines, filtered, sorted and linked.

The table that carries ``:catalogue:`` is the catalogue: it gives every guideline its stable
anchor ``guideline-<id>`` and lists the pages that mention it; every other table and every
``{guideline}`` role links there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from collections.abc import Callable

from docutils import nodes
from docutils.parsers.rst import directives

from .exports import export_links
from .i18n import _, __
from .records import LEVELS, Guideline
from .shared import (
    Placeholder,
    RegistryDirective,
    RenderContext,
    add_record_role,
    address_link,
    anchor,
    badge,
    build_table,
    external_link,
    join_nodes,
    para,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx

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
FILTERS: dict[str, tuple[str, str | None]] = {
    "level": ("level", None),
    "working-group": ("working_groups", "working_groups"),
    "phase": ("phase", "phases"),
    "domain": ("domain", "domains"),
    "project": ("project", "projects"),
    "topic": ("topics", "topics"),
    "country": ("countries", "countries"),
}

LEVEL_ORDER = {level: index for index, level in enumerate(LEVELS)}
SORT_KEYS: dict[str, Callable[[Guideline], object]] = {
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


def matches(guideline: Guideline, filters: dict[str, list[str]]) -> bool:
    """Any value within one option, all options together."""
    for option, wanted in filters.items():
        value = getattr(guideline, FILTERS[option][0])
        values = value if isinstance(value, list) else [value]
        if not any(v in wanted for v in values):
            return False
    return True


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
    uses = ("guidelines", "working_groups", "phases", "domains", "topics", "projects")
    needs = ("guidelines",)

    def run(self) -> list[nodes.Node]:
        if not self.note_registry_use():
            return []
        filters = self.parse_filters()
        columns = self.choice_list("columns", tuple(COLUMNS), DEFAULT_COLUMNS)
        sort = self.choice_list("sort", tuple(SORT_KEYS), DEFAULT_SORT)
        selected = [g for g in self.registry.guidelines.values() if matches(g, filters)]
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


def title_cell(guideline: Guideline, ctx: RenderContext, is_catalogue: bool) -> list[nodes.Node]:
    """The title linked to the document; in the catalogue, its anchor and where it is cited."""
    link = guideline.link
    title = external_link(link, guideline.title) if link else nodes.inline(guideline.title, guideline.title)
    first = para(title, classes=["oneplusmg-title"])
    if not is_catalogue:
        entry = ctx.link("guideline", guideline.id, nodes.inline(_("catalogue entry"), _("catalogue entry")))
        if ctx.domain.catalogue and isinstance(entry, nodes.reference) and entry.get("internal"):
            first += [nodes.Text(" "), nodes.inline("", "", nodes.Text("("), entry, nodes.Text(")"),
                                                    classes=["oneplusmg-entry-link"])]
        return [first]
    first.insert(0, anchor(f"guideline-{guideline.id}"))
    cell: list[nodes.Node] = [first]
    cited = ctx.domain.data["cited_by"].get(guideline.id, [])
    if cited:
        env = ctx.builder.env
        pages = [ctx.domain.link_to_doc(ctx.builder, ctx.docname, d, env.titles[d].astext()) for d in cited]
        cell.append(para(_("Referenced on: "), *join_nodes(pages), classes=["oneplusmg-cited-on"]))
    return cell


def cell_for(column: str, g: Guideline, ctx: RenderContext, is_catalogue: bool) -> list[nodes.Node]:
    registry = ctx.registry
    if column == "title":
        return title_cell(g, ctx, is_catalogue)
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


def mark_columns(table: nodes.table, columns: list[str]) -> None:
    """Name each cell's column (``oneplusmg-col-<id>``): the browser's filter and facets find
    their columns by it, whatever the header's (translated) text."""
    for row in table.findall(nodes.row):
        for entry, column in zip(row.children, columns):
            entry["classes"].append(f"oneplusmg-col-{column}")


def render_guideline_table(node: guideline_table_node, ctx: RenderContext) -> list[nodes.Node]:
    guidelines = [ctx.registry.guidelines[i] for i in node["record_ids"] if i in ctx.registry.guidelines]
    if not guidelines:
        text = _("No guideline matches this selection (%s).") % describe_filters(node["filters"]) \
            if node["filters"] else _("The registry holds no guideline yet.")
        return [para(text, classes=["oneplusmg-empty"])]
    is_catalogue = bool(node["catalogue"]) and ctx.domain.catalogue == ctx.docname
    columns = node["columns"]
    rows = [[cell_for(column, g, ctx, is_catalogue) for column in columns] for g in guidelines]
    classes = ["oneplusmg-guidelines"] + (["oneplusmg-catalogue"] if is_catalogue else [])
    table = build_table(
        [COLUMNS[c][0] for c in columns], rows, widths=[COLUMNS[c][1] for c in columns],
        classes=classes, caption=node["caption"],
        row_classes=[[f"oneplusmg-level-{g.level or 'none'}"] for g in guidelines],
    )
    mark_columns(table, columns)
    result: list[nodes.Node] = [table]
    if node.get("compact"):
        result = [nodes.container("", table, classes=["oneplusmg-compact"])]
    if is_catalogue and ctx.is_html:
        result.insert(0, export_links(ctx))
    return result


guideline_table_node.render = render_guideline_table


def setup_guidelines(app: Sphinx) -> None:
    app.add_node(guideline_table_node)
    app.add_directive("guideline-table", GuidelineTable)
    add_record_role(app, "guideline", "guidelines")
