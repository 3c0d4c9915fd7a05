"""``phase-timeline`` and ``{phase}``: the phases in date order, with projects and milestones.

"Today" is the build date, or ``SOURCE_DATE_EPOCH`` when set (reproducible builds), or the
``oneplusmg_today`` setting: phases under way and milestones still to come are marked against it.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging

from .builders import external_link, format_date, format_period, is_within, join_nodes, para
from .i18n import _, __
from .records import Phase, date_sort_key
from .shared import Placeholder, RegistryDirective, RenderContext, add_record_role
from .timeline_chart import setup_timeline_chart
from .timeline_svg import screen_chart_node, visit_chart_html
from .validation import is_partial_date

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


class phase_timeline_node(Placeholder):
    """The timeline of some or all phases."""

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        """A chart drawn to scale (SVG on screen, TikZ on paper), then the phases as a list marked
        against today. Compact: the chart alone, or in plain text the phases with their periods.
        """
        phases = [ctx.registry.phases[i] for i in self["record_ids"] if i in ctx.registry.phases]
        if not phases:
            return [para(_("No phase to show."), classes=["oneplusmg-empty"])]
        now_text = today(ctx.builder.config)
        now = date_sort_key(now_text)
        drawn = ctx.builder.format in ("html", "latex")
        chart = [screen_chart_node(phases, now_text)] if drawn else []
        marker = _("Today: %s") % format_date(now_text)
        if self.get("compact"):
            return chart or [para(marker, classes=["oneplusmg-today"]), compact_list(phases)]
        timeline = nodes.container(classes=["oneplusmg-timeline"])
        timeline += para(nodes.inline(marker, marker), classes=["oneplusmg-today"])
        timeline.extend(phase_item(phase, ctx, now) for phase in phases)
        return [*chart, timeline]


class PhaseTimeline(RegistryDirective):
    """``phase-timeline``: every phase, or those named in ``:phases:``, in date order.

    ``:compact:`` shows the chart alone (an overview, e.g. on the home page): the full timeline
    elsewhere stays the page that ``{phase}`` links point to.
    """

    option_spec = {"phases": directives.unchanged, "compact": directives.flag}
    uses = ("phases", "projects")
    needs = ("phases",)

    def run(self) -> list[nodes.Node]:
        """Record the phases this page shows, in date order, so that ``{phase}`` links can point here."""
        if not self.note_registry_use():
            return []
        chosen = self.id_list("phases", "phases")
        ids = [p.id for p in self.registry.phases_in_order() if chosen is None or p.id in chosen]
        compact = "compact" in self.options
        if not compact:  # a compact chart has no anchors for links to point to
            self.domain.note("timelines", self.env.docname, ids)
        return [self.placeholder(phase_timeline_node, record_ids=ids, compact=compact)]


def configured_today(config: Config) -> str | None:
    """``oneplusmg_today`` when it is a real ``YYYY-MM-DD`` date, else None."""
    value = config.oneplusmg_today
    if isinstance(value, str) and len(value) == 10 and is_partial_date(value):
        return value
    return None


def today(config: Config) -> str:
    """The date the timeline measures against, as ``YYYY-MM-DD``."""
    chosen = configured_today(config)
    if chosen:
        return chosen
    try:
        stamp = int(os.environ.get("SOURCE_DATE_EPOCH", "") or time.time())
    except ValueError:
        stamp = int(time.time())
    return time.strftime("%Y-%m-%d", time.gmtime(stamp))


def check_today(app: Sphinx) -> None:
    """Warn once per build about an ``oneplusmg_today`` that is not a date (the build date is used)."""
    value = app.config.oneplusmg_today
    if value is not None and configured_today(app.config) is None:
        logger.warning(
            __("oneplusmg_today = %r is not a date (YYYY-MM-DD); the build date is used"),
            value,
            type="oneplusmg",
            subtype="config",
        )


def compact_list(phases: list[Phase]) -> nodes.bullet_list:
    """The phases with their periods: the compact chart for builders that draw no picture."""
    items = nodes.bullet_list(classes=["oneplusmg-timeline-compact"])
    for phase in phases:
        period = format_period(phase.start, phase.end)
        items += nodes.list_item("", para(nodes.strong(phase.name, phase.name), nodes.Text(f": {period}")))
    return items


def milestone_list(phase: Phase, now: tuple[int, int, int]) -> nodes.bullet_list:
    """A phase's milestones with their dates; those still to come are marked as planned."""
    items = nodes.bullet_list(classes=["oneplusmg-milestones"])
    for milestone in phase.milestones:
        upcoming = date_sort_key(milestone.date) > now
        title: nodes.Node = (
            external_link(milestone.url, milestone.title)
            if milestone.url
            else nodes.inline(milestone.title, milestone.title)
        )
        date_text = format_date(milestone.date)
        line = para(nodes.strong(date_text, date_text), nodes.Text(" – "), title)
        if upcoming:
            line += [nodes.Text(" "), nodes.inline(_("(planned)"), _("(planned)"), classes=["oneplusmg-planned"])]
        items += nodes.list_item("", line, classes=["oneplusmg-milestone-upcoming"] if upcoming else [])
    return items


def phase_item(phase: Phase, ctx: RenderContext, now: tuple[int, int, int]) -> nodes.container:
    """One phase of the timeline: its anchor and name, its period, its projects, summary and milestones.

    Classes mark a phase as ongoing, current or future, for the stylesheets to show.
    """
    current = is_within(now, phase.start, phase.end)
    classes = ["oneplusmg-phase"]
    classes += ["oneplusmg-phase-ongoing"] if phase.ongoing else []
    classes += ["oneplusmg-phase-current"] if current else []
    classes += ["oneplusmg-phase-future"] if date_sort_key(phase.start) > now else []
    box = nodes.container(classes=classes)
    box += para(
        *ctx.anchor(f"phase-{phase.id.lower()}"),
        nodes.strong(phase.name, phase.name),
        classes=["oneplusmg-phase-title"],
    )
    period = para(
        nodes.inline("", format_period(phase.start, phase.end), classes=["oneplusmg-period"]),
        classes=["oneplusmg-phase-period"],
    )
    if current:
        label = _("under way")
        period += [nodes.Text(" "), nodes.inline(label, label, classes=["oneplusmg-current"])]
    box += period
    if phase.projects:
        links = [ctx.link("project", p, nodes.inline(p, p)) for p in phase.projects]
        box += para(_("Projects: "), *join_nodes(links), classes=["oneplusmg-phase-projects"])
    if phase.summary:
        box += para(phase.summary, classes=["oneplusmg-phase-summary"])
    if phase.milestones:
        box += milestone_list(phase, now)
    return box


def setup_timeline(app: Sphinx) -> None:
    """Register the ``oneplusmg_today`` setting, the phase-timeline directive, its nodes and the {phase} role."""
    app.add_config_value("oneplusmg_today", None, "env", types=(str, type(None)))
    app.connect("builder-inited", check_today)
    app.add_node(phase_timeline_node)
    setup_timeline_chart(app, html=(visit_chart_html, None))
    app.add_directive("phase-timeline", PhaseTimeline)
    add_record_role(app, "phase", "phases")
