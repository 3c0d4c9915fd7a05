"""The timeline on screen: the printed chart's data (timeline_chart.chart_node) drawn as inline SVG.

The same node the LaTeX builder draws with TikZ gets an HTML visitor here, so both charts come
from one scale computation. Horizontal positions are percentages of the chart's width and the
texts keep their size in pixels: the chart fills any width from a phone to a desktop and its
words stay readable, instead of an image scaled down to a blur. Colours come from the
stylesheet (classes, CSS variables), so dark mode needs nothing here. Every text is escaped.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes

from .builders import format_date, format_period
from .i18n import _
from .records import Phase, date_sort_key
from .timeline_chart import chart_node, timeline_chart

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator

# Vertical layout in pixels: a band for "Today", one row per phase (label over bar), the axis.
TOP = 26
ROW = 48
LABEL_BASELINE = 16
BAR_TOP = 23
BAR_HEIGHT = 14
AXIS_BAND = 34
# Horizontal margin, in percent of the width, that keeps a dot at an edge whole.
MARGIN = 1.5
DOT_RADIUS = 4.5


def screen_chart_node(phases: list[Phase], today: str) -> timeline_chart:
    """The printed chart's node, with what the screen adds: short names, periods and milestones.

    The milestones' dates and titles become tooltips; the periods and today's date make the
    chart's description, which screen readers read instead of the drawing.
    """
    node = chart_node(phases, today)
    for row, phase in zip(node["rows"], phases, strict=True):
        row["short"] = phase.short_name or phase.name
        row["years"] = year_span(phase)
        row["period"] = format_period(phase.start, phase.end)
        row["milestones"] = [
            (format_date(m.date), m.title, date_sort_key(m.date) > date_sort_key(today)) for m in phase.milestones
        ]
    node["today_text"] = format_date(today)
    node["title"] = _("Timeline of the phases, %(first)d to %(last)d") % {
        "first": node["first"],
        "last": node["last"] - 1,
    }
    return node


def year_span(phase: Phase) -> str:
    """A phase's period in years, short enough for a phone: "2018–2020", "since 2025"."""
    start = str(phase.start or "")[:4]
    end = str(phase.end or "")[:4]
    if start and end:
        return start if start == end else f"{start}–{end}"
    return _("since %s") % start if start else ""


def description(node: timeline_chart) -> str:
    """What the chart shows, in words: every phase with its period, and where today falls."""
    parts = []
    for row in node["rows"]:
        count = len(row["milestones"])
        milestones = _("1 milestone") if count == 1 else _("%d milestones") % count
        parts.append(f"{row['name']}: {row['period']} ({milestones}).")
    parts.append(_("Today: %s.") % node["today_text"])
    return " ".join(parts)


def percent(node: timeline_chart, year: float) -> float:
    """A fractional year as a percentage of the chart's width, inside its margins."""
    share = (year - node["first"]) / (node["last"] - node["first"])
    return MARGIN + min(max(share, 0.0), 1.0) * (100 - 2 * MARGIN)


def x(node: timeline_chart, year: float) -> str:
    """A fractional year as an SVG coordinate (a percentage)."""
    return f"{percent(node, year):.2f}%"


def anchor_at(share: float) -> str:
    """Where a text hangs from its point: near an edge it grows inwards, so it is never cut."""
    return "start" if share < 0.12 else "end" if share > 0.88 else "middle"


def svg(node: timeline_chart) -> str:
    """The chart as an ``<svg>`` element in a figure that pads it and scrolls if ever too narrow."""
    rows = node["rows"]
    axis = TOP + len(rows) * ROW + 2
    height = axis + AXIS_BAND
    title = escape(node["title"])
    parts = [
        '<figure class="oneplusmg-chart">',
        f'<svg class="oneplusmg-chart-svg" xmlns="http://www.w3.org/2000/svg" width="100%" height="{height}"'
        f' role="img" aria-label="{title}">',
        f"<title>{title}</title>",
        f"<desc>{escape(description(node))}</desc>",
    ]
    parts += year_axis(node, axis)
    for index, row in enumerate(rows):
        parts += phase_bar(node, row, TOP + index * ROW)
    # The line over the bars, under the labels: each label's halo keeps its words clear of it.
    parts.append(today_line(node, axis))
    for index, row in enumerate(rows):
        parts += phase_labels(row, TOP + index * ROW)
    parts.append(today_label(node))
    parts += ["</svg>", "</figure>"]
    return "\n".join(parts)


def year_axis(node: timeline_chart, axis: int) -> list[str]:
    """The axis with a tick per year; every other label is minor (hidden when the chart is narrow).

    Labels are centred on their ticks: the edge ones reach into the figure's padding, never out
    of it, and two neighbours stay apart at a phone's width.
    """
    first, last = node["first"], node["last"]
    lines = [f'<line class="oneplusmg-chart-axis" x1="{x(node, first)}" x2="{x(node, last)}" y1="{axis}" y2="{axis}"/>']
    for year in range(first, last + 1):
        at = x(node, year)
        minor = " oneplusmg-chart-minor" if (year - first) % 2 else ""
        lines.append(f'<line class="oneplusmg-chart-tick" x1="{at}" x2="{at}" y1="{axis}" y2="{axis + 5}"/>')
        lines.append(
            f'<text class="oneplusmg-chart-year{minor}" x="{at}" y="{axis + 20}" text-anchor="middle">{year}</text>'
        )
    return lines


def phase_labels(row: dict[str, Any], top: int) -> list[str]:
    """A phase's name and years over its bar: the long name where there is room, else the short one."""
    years = f'<tspan class="oneplusmg-chart-years" dx="8">{escape(row["years"])}</tspan>'
    return [
        f'<text class="oneplusmg-chart-label oneplusmg-chart-{kind}" x="{MARGIN}%" y="{top + LABEL_BASELINE}">'
        f"{escape(name)}{years}</text>"
        for kind, name in (("long", row["name"]), ("short", row["short"]))
    ]


def phase_bar(node: timeline_chart, row: dict[str, Any], top: int) -> list[str]:
    """A phase's bar from start to end (to today, then a dashed line, while ongoing); milestones as dots."""
    bar_top = top + BAR_TOP
    middle = bar_top + BAR_HEIGHT / 2
    width = max(percent(node, row["end"]) - percent(node, row["start"]), 0.5)
    state = " oneplusmg-chart-ongoing" if row["ongoing"] else ""
    lines = [
        f'<g class="oneplusmg-chart-phase{state}">',
        f'<rect class="oneplusmg-chart-bar" x="{x(node, row["start"])}" y="{bar_top}" width="{width:.2f}%"'
        f' height="{BAR_HEIGHT}" rx="3"/>',
    ]
    if row["ongoing"]:
        lines.append(
            f'<line class="oneplusmg-chart-onward" x1="{x(node, row["end"])}" x2="{x(node, node["last"])}"'
            f' y1="{middle}" y2="{middle}"/>'
        )
    for position, (date, title, planned) in zip(row["dots"], row["milestones"], strict=True):
        kind = " oneplusmg-chart-planned" if planned else ""
        lines.append(
            f'<circle class="oneplusmg-chart-dot{kind}" cx="{x(node, position)}" cy="{middle}" r="{DOT_RADIUS}">'
            f"<title>{escape(date)} – {escape(title)}</title></circle>"
        )
    lines.append("</g>")
    return lines


def today_line(node: timeline_chart, axis: int) -> str:
    """Today as a dashed line from the top band down to the axis."""
    at = x(node, node["today"])
    return f'<line class="oneplusmg-chart-today" x1="{at}" x2="{at}" y1="{TOP - 6}" y2="{axis}"/>'


def today_label(node: timeline_chart) -> str:
    """ "Today" in the top band, above every phase label, so the two never meet."""
    share = (node["today"] - node["first"]) / (node["last"] - node["first"])
    return (
        f'<text class="oneplusmg-chart-today-label" x="{x(node, node["today"])}" y="{TOP - 10}"'
        f' text-anchor="{anchor_at(share)}">{escape(node["today_label"])}'
        f"<title>{escape(node['today_text'])}</title></text>"
    )


def visit_chart_html(self: HTML5Translator, node: timeline_chart) -> None:
    """Write the chart as inline SVG (styled by oneplusmg.css); its texts are escaped above."""
    self.body.append(svg(node))
    raise nodes.SkipNode
