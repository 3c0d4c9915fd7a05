"""``wg-cards`` and ``{wg}``: the working groups as a grid of cards, and links to them.

A working group's own page is found by its label: a page that starts with ``(wg-wg5)=`` is
WG5's page, and cards and roles link there; without one they link to the card.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import directives

from .builders import join_nodes, para, status_badge
from .i18n import _
from .records import WorkingGroup
from .shared import Placeholder, RegistryDirective, RenderContext, add_record_role

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class wg_cards_node(Placeholder):
    """A grid of working-group cards."""

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        """The cards in a grid, or a line saying no group is shown."""
        groups = [ctx.registry.working_groups[i] for i in self["record_ids"] if i in ctx.registry.working_groups]
        if not groups:
            return [para(_("No working group to show."), classes=["oneplusmg-empty"])]
        grid = nodes.container(classes=["oneplusmg-cards", "oneplusmg-wg-cards"])
        grid.extend(card(group, ctx) for group in groups)
        return [grid]


class WorkingGroupCards(RegistryDirective):
    """``wg-cards``: all working groups, or those named in ``:groups:``, in the order given."""

    option_spec = {"groups": directives.unchanged}
    uses = ("working_groups",)  # and, through a view, the number of guidelines of each group
    needs = ("working_groups",)

    def run(self) -> list[nodes.Node]:
        """Record the groups shown (in number order, or as listed), and the view of their counts."""
        if not self.note_registry_use():
            return []
        chosen = self.id_list("groups", "working_groups")
        known = self.registry.working_groups
        ids = sorted(known, key=lambda wg: int(wg[2:])) if chosen is None else [wg for wg in chosen if wg in known]
        self.domain.note("wg_cards", self.env.docname, ids)
        self.domain.note_view(self.env.docname, "group-counts", (tuple(ids),))
        return [self.placeholder(wg_cards_node, record_ids=ids)]


def card(group: WorkingGroup, ctx: RenderContext) -> nodes.container:
    """One card: id and name (linked to the group's page), scope, status, period, guidelines."""
    has_page = ctx.domain.page_label("wg", group.id) is not None
    heading_text = group.label
    heading: nodes.Node = nodes.inline(heading_text, heading_text)
    if has_page:
        heading = ctx.link("wg", group.id, heading)
    status_class = [f"oneplusmg-status-{group.status}"] if group.status else []
    box = nodes.container(classes=["oneplusmg-card", "oneplusmg-wg-card", *status_class])
    title = para(nodes.strong("", "", heading), classes=["oneplusmg-card-title"])
    if not has_page:
        title[0:0] = ctx.anchor(f"wg-{group.id.lower()}")
    box += title
    box += para(group.scope, classes=["oneplusmg-card-body"])
    count = len(ctx.registry.guidelines_for_group(group.id))
    # A status the sources do not give is not shown: no badge rather than a guessed "Active".
    facts: list[nodes.Node] = [status_badge(group.status)] if group.status else []
    if group.period:
        facts.append(nodes.inline(group.period, group.period, classes=["oneplusmg-period"]))
    facts += guideline_count(group, count)
    if facts:
        box += para(*join_nodes(facts, " · "), classes=["oneplusmg-card-facts"])
    return box


def guideline_count(group: WorkingGroup, count: int) -> list[nodes.Node]:
    """How many guidelines are the group's; for a group with none, what it works on instead.

    "0 guidelines" reads as a group that did nothing, when a use-case group brings requirements
    to the others rather than writing guidelines of its own.
    """
    if count == 0:
        if not group.focus:
            return []
        text = _("Works on: %s") % group.focus
        return [nodes.inline(text, text, classes=["oneplusmg-focus"])]
    text = _("%d guidelines") % count if count != 1 else _("1 guideline")
    return [nodes.inline(text, text, classes=["oneplusmg-count"])]


def setup_workinggroups(app: Sphinx) -> None:
    """Register the wg-cards directive, its node and the {wg} role."""
    app.add_node(wg_cards_node)
    app.add_directive("wg-cards", WorkingGroupCards)
    add_record_role(app, "wg", "working_groups")
