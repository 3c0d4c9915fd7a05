"""The printed timeline: phases drawn to scale with TikZ, milestones as dots, today as a line.

On paper a list of dates is hard to read, so the LaTeX builder gets this chart above the list
(HTML draws the same node as SVG: timeline_svg.py). The node carries plain data; only its LaTeX
visitor knows TikZ, and every text it prints goes through the writer's escaping.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from docutils import nodes

from .builders import SKIP, Visitor, visitors
from .i18n import _
from .records import Phase, date_sort_key

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.latex import LaTeXTranslator

ROW_HEIGHT_CM = 1.15
BAR_HEIGHT_CM = 0.42


class timeline_chart(nodes.General, nodes.Element):
    """Phases as (name, start, end, ongoing, milestone positions), years on a common axis."""


def year_position(text: str | None, *, end: bool = False) -> float:
    """A date as a fractional year: 2020-07 -> 2020.5 (the end of a partial date with end=True)."""
    year, month, day = date_sort_key(text, end=end)
    position = year + (month - 1) / 12 + (day - 1) / 365
    return position + (1 / 12 if end and text and len(str(text)) <= 7 else 0)


def chart_node(phases: list[Phase], today: str) -> timeline_chart:
    """The chart of the given phases, with an axis wide enough for every bar, milestone and today."""
    now = year_position(today)
    rows: list[dict[str, Any]] = []
    for phase in phases:
        start = year_position(phase.start)
        end = year_position(phase.end, end=True) if phase.end else now
        dots = [year_position(m.date) for m in phase.milestones]
        rows.append({"name": phase.name, "start": start, "end": end, "ongoing": phase.ongoing, "dots": dots})
    first = int(min(r["start"] for r in rows))
    last = int(max([now] + [r["end"] for r in rows] + [d for r in rows for d in r["dots"]])) + 1
    return timeline_chart(
        "", rows=rows, first=first, last=last, today=now, today_label=_("Today"), ongoing_label=_("ongoing")
    )


def tikz(node: timeline_chart, encode: Callable[[str], str]) -> str:
    """The TikZ picture: one labelled bar per phase, a year axis, and today's line."""
    first, last = node["first"], node["last"]
    span = last - first
    rows = node["rows"]
    height = len(rows) * ROW_HEIGHT_CM

    def x(year: float) -> str:
        return f"{year - first:.3f}"

    # Texts are drawn last, on a white ground: today's line passes behind a label, never
    # through it, wherever today falls.
    labels: list[str] = []
    lines = [
        r"\par\medskip\noindent",
        # The axis leaves 3em of the line for the year labels centred on its two ends.
        r"\begin{tikzpicture}[x={\dimexpr(\linewidth-3em)/" + str(span) + r"\relax}, y=1cm]",
    ]
    for index, row in enumerate(rows):
        top = -index * ROW_HEIGHT_CM
        bar = top - 0.55
        label_y = bar + BAR_HEIGHT_CM + 0.05
        labels.append(
            rf"\node[anchor=south west, inner sep=1pt, fill=white, font=\small\bfseries] at (0,{label_y:.2f})"
            rf" {{{encode(row['name'])}}};"
        )
        fill = "oneplusmgaccent!35" if row["ongoing"] else "oneplusmgaccent!80"
        lines.append(
            rf"\fill[{fill}] ({x(row['start'])},{bar:.2f}) rectangle ({x(row['end'])},{bar + BAR_HEIGHT_CM:.2f});"
        )
        if row["ongoing"]:
            middle = bar + BAR_HEIGHT_CM / 2
            lines.append(rf"\draw[->, thick, oneplusmgaccent] ({x(row['end'])},{middle:.2f}) -- ({span},{middle:.2f});")
            labels.append(
                rf"\node[above left, inner sep=1pt, fill=white, font=\scriptsize, text=oneplusmgaccent]"
                rf" at ({span},{middle + 0.05:.2f}) {{{encode(node['ongoing_label'])}}};"
            )
        for dot in row["dots"]:
            lines.append(
                rf"\fill[white, draw=oneplusmgaccent] ({x(dot)},{bar + BAR_HEIGHT_CM / 2:.2f}) circle (1.6pt);"
            )
    axis = -height - 0.1
    lines.append(rf"\draw[thick] (0,{axis:.2f}) -- ({span},{axis:.2f});")
    for year in range(first, last + 1):
        label = str(year) if (year - first) % (1 if span <= 16 else 2) == 0 else ""
        tick = year - first
        lines.append(
            rf"\draw ({tick},{axis:.2f}) -- ({tick},{axis - 0.12:.2f}) node[below, font=\scriptsize] {{{label}}};"
        )
    lines.append(
        rf"\draw[dashed, thick, oneplusmgrequired] ({x(node['today'])},{axis:.2f}) -- ({x(node['today'])},0.35)"
        rf" node[above, font=\scriptsize\bfseries, text=oneplusmgrequired] {{{encode(node['today_label'])}}};"
    )
    lines += [*labels, r"\end{tikzpicture}", r"\par\medskip", ""]
    return "\n".join(lines)


def visit_chart_latex(self: LaTeXTranslator, node: timeline_chart) -> None:
    """Write the chart as a TikZ picture, escaping its texts with the LaTeX writer's own encoding."""
    self.body.append(tikz(node, self.encode))
    raise nodes.SkipNode


def setup_timeline_chart(app: Sphinx, html: Visitor = SKIP) -> None:
    """Register the chart node: drawn by LaTeX and by ``html``, skipped by the builders of plain text."""
    # Text, man and Texinfo show the phase list alone.
    app.add_node(timeline_chart, **visitors(SKIP, latex=(visit_chart_latex, None), html=html))
