"""The timeline on screen: an SVG chart drawn to scale, its compact form, and its plain-text stand-in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import soup, warnings_of
from oneplusmg.records import Phase
from oneplusmg.timeline_svg import screen_chart_node, svg


def percent(attribute: str) -> float:
    assert attribute.endswith("%"), attribute
    return float(attribute[:-1])


@pytest.mark.sphinx("html", testroot="timeline")
def test_the_chart_is_drawn_to_scale_with_today_and_a_text_alternative(app) -> None:
    app.build()
    assert warnings_of(app) == []
    page = soup(Path(app.outdir) / "index.html")
    chart = page.select_one("figure.oneplusmg-chart svg")
    # The chart comes before the list of phases, and says in words what it draws.
    assert chart.find_next("div", class_="oneplusmg-timeline") is not None
    assert chart["role"] == "img" and chart["aria-label"] == chart.title.get_text()
    assert chart.title.get_text() == "Timeline of the phases, 2018 to 2031"
    description = chart.desc.get_text()
    assert "Commitment (Declaration): 10 April 2018 – January 2020 (1 milestone)." in description
    assert "Operation and EHDS alignment: since 2025 (ongoing) (1 milestone)." in description
    assert description.endswith("Today: 25 November 2026.")
    # One bar per phase, in date order, placed to scale on the axis 2018-2032.
    bars = chart.select("rect.oneplusmg-chart-bar")
    starts = [percent(b["x"]) for b in bars]
    assert len(bars) == 3 and starts == sorted(starts)
    axis = chart.select("text.oneplusmg-chart-year")
    assert [t.get_text() for t in axis] == [str(y) for y in range(2018, 2033)]
    year = {t.get_text(): percent(t["x"]) for t in axis}
    assert year["2018"] < starts[0] < year["2019"]  # 10 April 2018
    assert starts[2] == pytest.approx(year["2025"], abs=0.01)  # "2025": its start
    # The ongoing phase runs to today, then a dashed line goes on; today's line is where it falls.
    today = percent(chart.select_one("line.oneplusmg-chart-today")["x1"])
    assert year["2026"] < today < year["2027"]
    ongoing = chart.select_one(".oneplusmg-chart-ongoing")
    bar = ongoing.select_one("rect")
    assert percent(bar["x"]) + percent(bar["width"]) == pytest.approx(today, abs=0.02)
    assert ongoing.select_one("line.oneplusmg-chart-onward") is not None
    # Milestones are dots with their date and title; the one still to come is marked planned.
    dots = chart.select("circle.oneplusmg-chart-dot")
    assert [d.title.get_text() for d in dots][-1] == "26 March 2031 – EHDS rules for genomic data apply"
    assert [d for d in dots if "oneplusmg-chart-planned" in d["class"]] == dots[-1:]
    # Long names where there is room, short ones (or the name again) on a phone, with the years.
    labels = [t.get_text("|") for t in chart.select("text.oneplusmg-chart-long")]
    assert labels == [
        "Commitment (Declaration)|2018–2020",
        "Roadmap 2020-2022|2020–2022",
        "Operation and EHDS alignment|since 2025",
    ]
    assert chart.select_one("text.oneplusmg-chart-today-label").get_text("|") == "Today|25 November 2026"


@pytest.mark.sphinx("html", testroot="timeline")
def test_a_compact_timeline_is_the_chart_alone_and_phase_links_keep_the_full_one(app) -> None:
    app.build()
    assert warnings_of(app) == []
    page = soup(Path(app.outdir) / "compact.html")
    assert page.select("figure.oneplusmg-chart svg") != []
    assert page.select(".oneplusmg-timeline, .oneplusmg-phase, [id^=phase-]") == []
    # The compact chart is not where {phase} links go: the full timeline is.
    partial = soup(Path(app.outdir) / "partial.html")
    assert partial.find("a", string="Commitment (Declaration)")["href"] == "index.html#phase-declaration"


@pytest.mark.sphinx("text", testroot="timeline")
def test_in_plain_text_the_compact_timeline_lists_the_phases_with_their_periods(app) -> None:
    app.build()
    assert warnings_of(app) == []
    text = (Path(app.outdir) / "compact.txt").read_text(encoding="utf-8")
    assert "Today: 25 November 2026" in text
    assert re.search(r"\* \*\*Commitment \(Declaration\)\*\*: 10 April 2018 – January 2020", text)
    assert "Operation and EHDS alignment**: since 2025 (ongoing)" in text
    full = (Path(app.outdir) / "index.txt").read_text(encoding="utf-8")
    assert "Declaration signed" in full and "<svg" not in full and "<svg" not in text


def test_every_text_of_the_chart_is_escaped() -> None:
    hostile = Phase(
        id="x",
        name="<script>alert(1)</script> & co",
        short_name='"quoted" <b>',
        start="2020",
        end="2021",
        milestones=[{"date": "2020-05", "title": "</title><script>x</script>"}],
    )
    markup = svg(screen_chart_node([hostile], "2020-06-01"))
    assert "<script>" not in markup and "<b>" not in markup and "</title><script>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in markup
    assert "&quot;quoted&quot; &lt;b&gt;" in markup
