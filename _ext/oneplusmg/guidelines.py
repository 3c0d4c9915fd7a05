"""``guideline-table`` and ``{guideline}``: the guidelines, filtered, sorted and linked (levels: levels.py).

A table answers a reader's question: each row is a guideline's title (linking to its own page,
with our summary under it on screen), its level, its working groups and its year. A column that
holds the same value on every row says nothing and is left out. The table that carries
``:catalogue:`` is the catalogue: its rows keep the anchors ``guideline-<id>`` that older links
use, and on the web it lists the guideline pages in its toctree.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import directives

from .builders import PASS_THROUGH, SKIP, build_table, external_link, para, visitors
from .exports import export_links
from .i18n import _, __
from .levels import badge
from .records import LEVELS, Guideline
from .selection import DEFAULT_SORT, FILTERS, SORT_KEYS, select, sort_guidelines
from .shared import Placeholder, RegistryDirective, RenderContext, add_record_role

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator

# column id -> (header, relative width in print)
COLUMNS: dict[str, tuple[str, int]] = {
    "id": (_("ID"), 14),
    "title": (_("Title"), 42),
    "level": (_("Level"), 16),
    "working-groups": (_("Working groups"), 14),
    "phase": (_("Phase"), 22),
    "domain": (_("Domain"), 16),
    "project": (_("Project"), 11),
    "year": (_("Year"), 8),
    "doi": (_("DOI"), 20),
    "link": (_("Link"), 22),
    "summary": (_("Summary"), 40),
    "topics": (_("Topics"), 18),
    "kind": (_("Type"), 11),
}
DEFAULT_COLUMNS = ("title", "level", "working-groups", "year")
# Tables this small are read at a glance: no filter box or facets.
PLAIN_TABLE_ROWS = 10


class guideline_table_node(Placeholder):
    """A guideline table waiting for the guideline pages and the catalogue to be known."""

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        """The table of the selected guidelines, or a line saying none matches."""
        guidelines = [ctx.registry.guidelines[i] for i in self["record_ids"] if i in ctx.registry.guidelines]
        if not guidelines:
            text = (
                _("No guideline matches this selection (%s).") % describe_filters(self["filters"])
                if self["filters"]
                else _("The registry holds no guideline.")
            )
            return [para(text, classes=["oneplusmg-empty"])]
        is_catalogue = bool(self["catalogue"]) and ctx.domain.catalogue == ctx.docname
        if is_catalogue and ctx.builder.format == "latex" and ctx.builder.config.oneplusmg_catalogue_pdf_url:
            note = printed_catalogue_note(ctx, len(guidelines))
            # Links to the row of a guideline with no page of its own arrive at the note.
            note[0:0] = [
                target
                for g in guidelines
                if not ctx.domain.guideline_page(g.id)
                for target in ctx.anchor(f"guideline-{g.id}")
            ]
            return [note]
        columns = informative_columns(self["columns"], guidelines, ctx)
        rows = [[cell_for(column, g, ctx, is_catalogue, columns) for column in columns] for g in guidelines]
        classes = ["oneplusmg-guidelines"] + (["oneplusmg-catalogue"] if is_catalogue else [])
        classes += ["oneplusmg-plain"] if len(guidelines) <= PLAIN_TABLE_ROWS else []
        table = build_table(
            [COLUMNS[c][0] for c in columns],
            rows,
            widths=[COLUMNS[c][1] for c in columns],
            classes=classes,
            caption=self["caption"],
            caption_id=ctx.unique_id(nodes.make_id(f"table-{self['caption']}")) if self["caption"] else None,
            row_classes=[[f"oneplusmg-level-{g.level or 'none'}"] for g in guidelines],
            # The browser's filter and sorting find their columns by these, whatever the header's
            # (translated) text.
            column_classes=[f"oneplusmg-col-{column}" for column in columns],
        )
        result: list[nodes.Node] = [table]
        if self.get("compact"):
            result = [nodes.container("", table, classes=["oneplusmg-compact"])]
        if is_catalogue and ctx.is_html:
            result.insert(0, export_links(ctx))
        return result


def printed_catalogue_note(ctx: RenderContext, count: int) -> nodes.paragraph:
    """In print, the catalogue names the PDF that prints it in full, rather than repeating it.

    The printed Guidelines catalogue groups every guideline by foundation and level; the
    handbook, read by policy makers, points at it instead of spending fifteen pages on a table.
    """
    url = ctx.builder.config.oneplusmg_catalogue_pdf_url
    filename = url.rstrip("/").rsplit("/", 1)[-1]
    title = next(
        (
            entry[2]
            for entry in ctx.builder.config.latex_documents
            if entry[1].rsplit(".", 1)[0] == filename.rsplit(".", 1)[0]
        ),
        filename,
    )
    # One sentence for translators; its placeholders become the title, file name and link.
    sentence = _(
        "The full catalogue, all {count} guidelines grouped by foundation and then by level, "
        "is printed separately as {title} ({file}): {url}."
    )
    parts: dict[str, nodes.Node | str] = {
        "{count}": str(count),
        "{title}": nodes.emphasis(title, title),
        "{file}": filename,
        "{url}": external_link(url, url),
    }
    pieces = [parts.get(piece, piece) for piece in re.split(r"(\{\w+\})", sentence) if piece]
    return para(*pieces, classes=["oneplusmg-printed-catalogue"])


class filter_data(nodes.Inline, nodes.Element):
    """What the browser's filter knows of a row beyond its cells: words to match, facet values.

    HTML only, as data attributes of an empty hidden element: the words are not page text, so
    neither the search index nor a screen reader sees them twice.
    """


def visit_filter_data_html(self: HTML5Translator, node: filter_data) -> None:
    """Write the row's filter data as attributes of an empty, hidden ``span``."""
    attributes = {"data-search": node["search"], "data-facets": json.dumps(node["facets"], ensure_ascii=False)}
    self.body.append(self.starttag(node, "span", "", CLASS="oneplusmg-filter-data", hidden="hidden", **attributes))
    self.body.append("</span>")
    raise nodes.SkipNode


class path_text(nodes.Inline, nodes.TextElement):
    """A web address or DOI as link text that, on paper, breaks at its slashes, never mid-word."""


# A word (letters and digits) or one character between words (. - ? = & ...).
ADDRESS_TOKEN = re.compile(r"[^\W_]+|.", re.S)
# A part between slashes longer than this may also break after a dot or a hyphen: it could not
# fit a table column otherwise (a document id of forty characters).
LONG_PART = 24


def visit_path_text_latex(self: LaTeXTranslator, node: path_text) -> None:
    """Each part between slashes unbreakable (a very long one breaks after its separators)."""
    parts = []
    for part in node.astext().split("/"):
        if len(part) <= LONG_PART:
            parts.append(rf"\mbox{{{self.encode(part)}}}")
            continue
        tokens = ADDRESS_TOKEN.findall(part)
        parts.append(
            "".join(rf"\mbox{{{self.encode(t)}}}" if t.isalnum() else self.encode(t) + r"\allowbreak{}" for t in tokens)
        )
    self.body.append(r"/\allowbreak{}".join(parts))
    raise nodes.SkipNode


class GuidelineTable(RegistryDirective):
    """``guideline-table``: the guidelines that match the options, as a table."""

    option_spec = dict.fromkeys(FILTERS, directives.unchanged) | {
        "columns": directives.unchanged,
        "sort": directives.unchanged,
        "caption": directives.unchanged,
        "catalogue": directives.flag,
    }
    # guidelines.yaml is followed through the table's view (see selection.py), not as a file.
    uses = ("working_groups", "phases", "domains", "topics", "projects", "countries")
    needs = ("guidelines",)

    def run(self) -> list[nodes.Node]:
        """Record the selected guidelines in order, and whether this page holds the catalogue."""
        if not self.note_registry_use():
            return []
        filters = self.parse_filters()
        columns = self.choice_list("columns", tuple(COLUMNS), DEFAULT_COLUMNS)
        sort = self.choice_list("sort", tuple(SORT_KEYS), DEFAULT_SORT, descending=True)
        ids = [g.id for g in sort_guidelines(select(self.registry, filters), sort)]
        frozen_filters = tuple((option, tuple(values)) for option, values in filters.items())
        self.domain.note_view(self.env.docname, "selection", (frozen_filters, tuple(sort)))
        catalogue = "catalogue" in self.options
        result: list[nodes.Node] = []
        if catalogue:
            if self.env.docname in self.domain.data["catalogues"]:
                self.warn(
                    __("guideline-table: a page holds one catalogue; this one is shown as an ordinary table"),
                    "catalogue",
                )
                catalogue = False
            else:
                self.domain.note("catalogues", self.env.docname, self.lineno)
                result += self.guideline_pages_toctree(ids)
        result.insert(
            0,
            self.placeholder(
                guideline_table_node,
                record_ids=ids,
                columns=columns,
                catalogue=catalogue,
                filters=filters,
                caption=self.options.get("caption"),
            ),
        )
        return result

    def guideline_pages_toctree(self, ids: Sequence[str]) -> list[nodes.Node]:
        """On the web, the catalogue lists every guideline page in its (hidden) toctree."""
        from .guidelinepages import guideline_pages_toctree

        if not self.config.oneplusmg_guideline_pages:
            return []
        # Doctrees may be shared between builders (sphinx-build -M): remember which kind this is.
        self.domain.note("page_toctrees", self.env.docname, self.domain.html_output)
        if not self.domain.html_output:
            return []
        ordered = sorted(ids, key=lambda i: self.registry.guidelines[i].title.casefold())
        return [guideline_pages_toctree(self.env.docname, self.config, ordered)]

    def parse_filters(self) -> dict[str, list[str]]:
        """The filter options given (level, working groups, phase...), each checked against its vocabulary."""
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


# -- Cells -----------------------------------------------------------------------------------------


def column_value(column: str, g: Guideline) -> Any:
    """What a column shows of a guideline, to compare rows."""
    if column == "working-groups":
        return tuple(g.working_groups)
    if column == "topics":
        return tuple(g.topics)
    if column == "link":
        return g.url
    return getattr(g, column.replace("-", "_"), None)


def informative_columns(columns: Sequence[str], guidelines: Sequence[Guideline], ctx: RenderContext) -> list[str]:
    """The columns minus those that hold the same value on every row (the title always stays)."""
    if len(guidelines) < 2:
        return list(columns)
    return [c for c in columns if c == "title" or len({column_value(c, g) for g in guidelines}) > 1]


def title_link(g: Guideline, ctx: RenderContext) -> nodes.Node:
    """The title, linking to the guideline's page; without pages, to the document itself."""
    page = ctx.domain.guideline_page(g.id)
    reference = ctx.domain.refnode(ctx.builder, ctx.docname, page, "", nodes.Text(g.title)) if page else None
    if reference is None and g.link:
        reference = external_link(g.link, g.title)
    return reference or nodes.Text(g.title)


def title_cell(g: Guideline, ctx: RenderContext, is_catalogue: bool) -> list[nodes.Node]:
    """The title, linking to the guideline's page; on screen our summary under it."""
    title = para(title_link(g, ctx), classes=["oneplusmg-title"])
    if is_catalogue:
        title[0:0] = ctx.anchor(f"guideline-{g.id}")  # the old catalogue.html#guideline-<id> links
    cell: list[nodes.Node] = [title]
    if ctx.is_html:
        if g.summary:
            cell.append(para(g.summary, classes=["oneplusmg-row-summary"]))
        cell[0] += filter_data("", search=search_words(g, ctx), facets=facets(g, ctx))
    return cell


def search_words(g: Guideline, ctx: RenderContext) -> str:
    """What the filter box matches beyond the cells: working groups' names, domain, DOI, id."""
    registry = ctx.registry
    words = [registry.working_groups[w].name for w in g.working_groups if w in registry.working_groups]
    if g.domain in registry.domains:
        words.append(registry.domains[g.domain].name)
    words += [g.doi or "", g.id]  # the summary is in the cell already
    return " ".join(word for word in words if word)


def facets(g: Guideline, ctx: RenderContext) -> dict[str, list[list[str]]]:
    """The row's values for each facet, as [value, label] pairs (labels as the page names them)."""
    registry = ctx.registry
    phase = registry.phases.get(g.phase or "")
    domain = registry.domains.get(g.domain or "")
    return {
        "wg": [[w, registry.working_groups[w].label if w in registry.working_groups else w] for w in g.working_groups],
        "phase": [[phase.id, phase.short_name or phase.name]] if phase else [],
        "domain": [[domain.id, domain.name]] if domain else [],
    }


def short_address(url: str) -> str:
    """A web address as short link text: ``zenodo.org/records/123``, or ``host/…/last`` when long.

    The link itself keeps the full address; the text only has to say where it leads.
    """
    rest = url.split("://", 1)[-1].split("#", 1)[0].split("?", 1)[0].rstrip("/")
    host, _, path = rest.partition("/")
    host = host.removeprefix("www.")
    if not path or len(host) + len(path) <= 40:
        return f"{host}/{path}" if path else host
    last = path.rsplit("/", 1)[-1]
    return f"{host}/…/{last}" if len(last) <= 20 else f"{host}/…"


def address(ctx: RenderContext, url: str, text: str, classes: Sequence[str] = ()) -> nodes.reference:
    """A link whose text is an address; on paper it breaks only at slashes."""
    reference = nodes.reference("", "", refuri=url, internal=False, classes=list(classes))
    reference += path_text(text, text) if ctx.builder.format == "latex" else nodes.Text(text)
    return reference


def cell_for(
    column: str, g: Guideline, ctx: RenderContext, is_catalogue: bool, columns: Sequence[str]
) -> list[nodes.Node]:
    """The content of one cell: a guideline's value for a column, with records shown by name and linked."""
    registry = ctx.registry
    if column == "title":
        return title_cell(g, ctx, is_catalogue)
    if column == "level":
        return badge(g.level)
    if column == "working-groups":
        return ctx.wg_links(g.working_groups)
    if column == "phase":
        phase = registry.phases.get(g.phase or "")
        return [ctx.link("phase", phase.id, nodes.Text(phase.short_name or phase.name))] if phase else []
    if column == "domain":
        name = registry.domains[g.domain].name if g.domain in registry.domains else (g.domain or "")
        return [nodes.Text(name)]
    if column == "project":
        return [ctx.link("project", g.project, nodes.inline(g.project, g.project))] if g.project else []
    if column == "doi":
        return [address(ctx, f"https://doi.org/{g.doi}", g.doi, ["oneplusmg-doi"])] if g.doi else []
    if column == "link":
        if not g.url or ("doi" in columns and g.doi and g.url == f"https://doi.org/{g.doi}"):
            return []  # never the same link in two columns
        return [address(ctx, g.url, short_address(g.url), ["oneplusmg-url"])]
    if column == "topics":
        return [nodes.Text(", ".join(registry.topics[t].name if t in registry.topics else t for t in g.topics))]
    value = getattr(g, column)
    return [nodes.Text(str(value))] if value not in (None, "") else []


def describe_filters(filters: dict[str, list[str]]) -> str:
    """The filters in words ("level: required; phase: p1"), to say what an empty table selected."""
    return "; ".join(f"{option.replace('-', ' ')}: {', '.join(values)}" for option, values in filters.items())


def setup_guidelines(app: Sphinx) -> None:
    """Register the guideline-table directive, its nodes and the {guideline} role."""
    # The address of the printed Guidelines catalogue: printed documents name it in the
    # catalogue's place. Empty: they print the catalogue's table.
    app.add_config_value("oneplusmg_catalogue_pdf_url", "", "env", types=(str,))
    app.add_node(guideline_table_node)
    app.add_node(filter_data, **visitors(SKIP, html=(visit_filter_data_html, None)))
    app.add_node(path_text, **visitors(PASS_THROUGH, latex=(visit_path_text_latex, None)))
    app.add_directive("guideline-table", GuidelineTable)
    add_record_role(app, "guideline", "guidelines")
