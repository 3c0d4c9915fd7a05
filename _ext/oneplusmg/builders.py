"""Docutils nodes every component builds: paragraphs, links, status badges, tables, dates.

Everything here is a standard docutils node (paragraph, reference, inline with classes, table),
so every builder renders it and every string from a registry is escaped by the writer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from docutils import nodes

from .i18n import _
from .records import date_sort_key

if TYPE_CHECKING:
    from .shared import RenderContext

# Tables of at most this many rows print on one page (see build_table).
SHORT_TABLE_ROWS = 8

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def para(*children: nodes.Node | str, classes: Iterable[str] = ()) -> nodes.paragraph:
    """A paragraph of nodes and plain strings, the strings kept as text (never parsed as markup)."""
    paragraph = nodes.paragraph(classes=list(classes))
    for child in children:
        paragraph += nodes.Text(child) if isinstance(child, str) else child
    return paragraph


def join_nodes(items: Sequence[nodes.Node], separator: str = ", ") -> list[nodes.Node]:
    """The items with a separator between them, for inline lists of links."""
    joined: list[nodes.Node] = []
    for index, item in enumerate(items):
        if index:
            joined.append(nodes.Text(separator))
        joined.append(item)
    return joined


def external_link(url: str, text: str, classes: Iterable[str] = ()) -> nodes.reference:
    """A link to an address outside the documentation."""
    return nodes.reference(text, text, refuri=url, internal=False, classes=list(classes))


def address_link(ctx: RenderContext, url: str, short_text: str) -> nodes.reference:
    """A link whose text is a web address: short on screen, the full URL on paper.

    Printed, the full URL is what a reader can type, and LaTeX can break it across lines.
    """
    return external_link(url, short_text if ctx.is_html else url)


def status_badge(status: str) -> nodes.inline:
    """A working group's status as a labelled badge: "Active", or "Closed" for any other status."""
    label = _("Active") if status == "active" else _("Closed")
    return nodes.inline(label, label, classes=["oneplusmg-status", f"oneplusmg-status-{status}"])


def build_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Sequence[nodes.Node]]],
    *,
    widths: Sequence[int],
    classes: Iterable[str] = (),
    caption: str | None = None,
    row_classes: Sequence[Sequence[str]] | None = None,
    column_classes: Sequence[str] | None = None,
    caption_id: str | None = None,
) -> nodes.table:
    """A real docutils table: in LaTeX a ``longtable`` with a repeated header when it is long,
    a table kept on one page when it is short; a table in HTML.

    ``rows`` holds, for each row, one list of inline nodes per column; ``column_classes`` one
    class per column, given to every cell of it (header included).
    """
    # A short table (the five maturity levels) split over two pages is hard to read: printed
    # whole, it moves to the next page instead. A long one breaks between rows.
    long = ["longtable"] if len(rows) > SHORT_TABLE_ROWS else []
    table = nodes.table(classes=["oneplusmg-table", *long, "colwidths-given", *classes])
    if caption:
        # A captioned table is numbered by the writers, which need an id to number it by.
        table["ids"].append(caption_id or nodes.make_id(f"table-{caption}"))
        table += nodes.title(caption, caption)
    tgroup = nodes.tgroup(cols=len(headers))
    table += tgroup
    for width in widths:
        tgroup += nodes.colspec(colwidth=width)
    thead = nodes.thead()
    tgroup += thead
    thead += _row([[nodes.Text(h)] for h in headers], (), column_classes)
    tbody = nodes.tbody()
    tgroup += tbody
    for index, cells in enumerate(rows):
        tbody += _row(cells, row_classes[index] if row_classes else (), column_classes)
    return table


def is_block(node: nodes.Node) -> bool:
    """A paragraph, list, container...: something that may stand alone in a table cell."""
    return isinstance(node, nodes.Body) and not isinstance(node, nodes.Inline)


def _row(
    cells: Sequence[Sequence[nodes.Node]], classes: Iterable[str] = (), column_classes: Sequence[str] | None = None
) -> nodes.row:
    row = nodes.row(classes=list(classes))
    for index, cell in enumerate(cells):
        entry = nodes.entry(classes=[column_classes[index]] if column_classes else [])
        if cell and all(map(is_block, cell)):
            entry.extend(cell)
        else:
            entry += nodes.paragraph("", "", *cell)
        row += entry
    return row


def format_date(text: str | None) -> str:
    """``2018-04-10`` -> ``10 April 2018``; ``2020-02`` -> ``February 2020``; ``2023`` stays."""
    if not text:
        return ""
    parts = str(text).split("-")
    if len(parts) == 1:
        return parts[0]
    month = _(MONTHS[int(parts[1]) - 1])
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"


def format_period(start: str | None, end: str | None) -> str:
    """A period for readers: "10 April 2018 – 2023", "since 2020 (ongoing)", "until 2022" or nothing."""
    if start and end:
        return f"{format_date(start)} – {format_date(end)}"
    if start:
        return _("since %s (ongoing)") % format_date(start)
    if end:
        return _("until %s") % format_date(end)
    return ""


def is_within(today: tuple[int, int, int], start: str | None, end: str | None) -> bool:
    """Whether the day falls in the period: one with no end is still running, one with no start is never current."""
    return date_sort_key(start) <= today <= date_sort_key(end, end=True) if start else False


# -- Visitors of our own nodes ---------------------------------------------------------------------

Visitor = tuple[Callable[[Any, Any], None], Callable[[Any, Any], None] | None]
BUILDER_FORMATS = ("html", "latex", "text", "man", "texinfo")


def skip_node(self: Any, node: nodes.Node) -> None:
    """Leave a node out of a builder that has no use for it."""
    raise nodes.SkipNode


def pass_through(self: Any, node: nodes.Node) -> None:
    """Nothing of its own: the builder writes the node's children as they are."""


SKIP: Visitor = (skip_node, None)
PASS_THROUGH: Visitor = (pass_through, pass_through)


def visitors(default: Visitor, **given: Visitor) -> dict[str, Any]:
    """Visitor pairs for every builder: those given, and ``default`` for the others."""
    return {name: given.get(name, default) for name in BUILDER_FORMATS}
