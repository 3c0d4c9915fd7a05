"""Every builder: LaTeX source (and a compiled PDF), plain text, the basic theme, reStructuredText."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from docutils import nodes

from conftest import require_command, soup, warnings_of
from oneplusmg.builders import SHORT_TABLE_ROWS, build_table
from oneplusmg.registry import load_registry
from oneplusmg.timeline_chart import chart_node, tikz


@pytest.mark.sphinx("latex", testroot="all")
def test_latex_uses_longtables_badges_and_boxed_cards(app) -> None:
    app.build()
    assert warnings_of(app) == []
    tex = (Path(app.outdir) / "registrytest.tex").read_text(encoding="utf-8")
    assert r"\usepackage{oneplusmg}" in tex
    assert (Path(app.outdir) / "oneplusmg.sty").exists()
    # The root's tables are short (guidelines, projects, countries, 2 maturity tables): each
    # prints whole on one page; long ones are longtables (test_build_table_is_long_only_when_long).
    assert tex.count(r"\begin{tabular}") >= 5
    assert r"\begin{longtable}" not in tex
    assert r"\DUrole{oneplusmg-badge}{\DUrole{oneplusmg-badge-required}{Required}}" in tex
    assert r"\begin{sphinxuseclass}{oneplusmg-card}" in tex
    assert r"\begin{sphinxuseclass}{oneplusmg-phase}" in tex
    assert r"\label{\detokenize{index:guideline-duo}}" in tex
    assert r"\hyperref[\detokenize{index:guideline-duo}]" in tex  # the role links to the entry
    assert "Ελλάδα" in tex


@pytest.mark.sphinx(
    "latex",
    testroot="all",
    confoverrides={"oneplusmg_catalogue_pdf_url": "https://example.org/pdf/catalogue-print.pdf"},
)
def test_printed_catalogue_names_its_own_pdf_instead_of_the_table(app) -> None:
    app.build()
    assert warnings_of(app) == []
    tex = (Path(app.outdir) / "registrytest.tex").read_text(encoding="utf-8")
    note = tex[tex.index("is printed separately as") :][:400]
    assert "catalogue-print.pdf" in note
    assert r"\sphinxnolinkurl{https://example.org/pdf/catalogue-print.pdf}" in note or (
        "https://example.org/pdf/catalogue-print.pdf" in note
    )
    # The catalogue's rows are not printed; links to a guideline arrive at the note.
    assert "DCAT Application Profile" not in tex and "Consent toolkit" not in tex
    assert r"\label{\detokenize{index:guideline-duo}}" in tex and r"\hyperref[\detokenize{index:guideline-duo}]" in tex


def test_build_table_is_long_only_when_long() -> None:
    """A long table breaks between rows with its header repeated; a short one is kept whole."""
    cell = [[nodes.Text("x")]]
    short = build_table(["A"], [cell] * SHORT_TABLE_ROWS, widths=[1])
    long = build_table(["A"], [cell] * (SHORT_TABLE_ROWS + 1), widths=[1])
    assert "longtable" not in short["classes"]
    assert "longtable" in long["classes"]


def test_timeline_labels_are_drawn_over_todays_line() -> None:
    """Wherever today falls, its line passes behind the phase names and "ongoing", never through them."""
    registry = load_registry(Path(__file__).parent / "roots" / "_data-basic")
    for today in ("2019-06-01", "2023-03-01", "2026-11-25", "2029-01-01"):
        picture = tikz(chart_node(registry.phases_in_order(), today), str).splitlines()
        line = next(i for i, text in enumerate(picture) if "dashed" in text and "Today" in text)
        labels = [i for i, text in enumerate(picture) if text.startswith(r"\node")]
        assert labels and min(labels) > line
        assert all("fill=white" in picture[i] for i in labels)


@pytest.mark.pdf
@pytest.mark.sphinx("latex", testroot="all")
def test_latex_compiles_to_a_pdf_with_every_directive(app) -> None:
    latexmk = require_command("latexmk", "latexmk")
    pdftotext = require_command("pdftotext", "poppler-utils")
    app.build()
    result = subprocess.run(
        [latexmk, "-pdfxe", "-interaction=nonstopmode", "-halt-on-error", "registrytest.tex"],
        cwd=app.outdir,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    text = subprocess.run(
        [pdftotext, "-layout", str(Path(app.outdir) / "registrytest.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for expected in (
        "Data Use Ontology",
        "Required",
        "Scope, stakeholders, organisation and governance",
        "Today: 25 November 2026",
        "Ελλάδα",
        "България",
        "Česko",
        "Governance and strategy",
        "Recommended: following it is not required",
    ):
        assert expected in text, expected


@pytest.mark.sphinx("text", testroot="all")
def test_text_output_is_readable(app) -> None:
    app.build()
    assert warnings_of(app) == []
    text = (Path(app.outdir) / "index.txt").read_text(encoding="utf-8")
    # A level is bracketed: text has no box to set it apart from the words around it.
    assert re.search(r"\| Data Use Ontology +\| \[Required\] +\|", text), text
    assert "* **Required**: all or part of it must be followed to take part in the" in text
    assert "WG2: Ethical, Legal, and Social Issues (ELSI)" in text
    assert "Active · since 2018 · 2 guidelines" in text
    assert "Commitment (Declaration)" in text and "10 April 2018 – January 2020" in text
    assert "Ελλάδα" in text
    assert "<span" not in text and "<table" not in text  # no markup leaks into text


@pytest.mark.sphinx("html", testroot="all", confoverrides={"html_theme": "basic"})
def test_works_with_the_basic_theme(app) -> None:
    app.build()
    assert warnings_of(app) == []
    page = soup(Path(app.outdir) / "index.html")
    assert len(page.select("table.oneplusmg-catalogue tbody tr")) == 6
    assert len(page.select(".oneplusmg-wg-card")) == 3
    assert page.find("link", href=lambda h: h and h.startswith("_static/oneplusmg.css?v=")) is not None
    assert (Path(app.outdir) / "_static" / "oneplusmg.css").exists()


@pytest.mark.sphinx("html", testroot="all", confoverrides={"html_theme": "pydata_sphinx_theme"})
def test_works_with_pydata_sphinx_theme(app) -> None:
    app.build()
    assert warnings_of(app) == []
    page = soup(Path(app.outdir) / "index.html")
    assert len(page.select("table.oneplusmg-catalogue tbody tr")) == 6
    assert page.select_one(".oneplusmg-timeline .oneplusmg-phase-current") is not None


@pytest.mark.sphinx("html", testroot="rst")
def test_directives_and_roles_work_in_restructuredtext(app) -> None:
    app.build()
    assert warnings_of(app) == []
    page = soup(Path(app.outdir) / "index.html")
    assert len(page.select("table.oneplusmg-catalogue tbody tr")) == 3
    assert [c.get_text(strip=True)[:3] for c in page.select(".oneplusmg-card-title")] == ["WG2"]
    assert "#guideline-duo" in [a["href"] for a in page.find_all("a", string="Data Use Ontology")]
    assert page.find("a", string="Roadmap 2020-2022")["href"] == "#phase-roadmap-2020"
    assert page.find("a", string="Ethical, Legal, and Social Issues (ELSI)")["href"] == "#wg-wg2"
