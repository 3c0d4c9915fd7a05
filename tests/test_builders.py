"""Every builder: LaTeX source (and a compiled PDF), plain text, the basic theme, reStructuredText."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import require_command, soup, warnings_of


@pytest.mark.sphinx("latex", testroot="all")
def test_latex_uses_longtables_badges_and_boxed_cards(app) -> None:
    app.build()
    assert warnings_of(app) == []
    tex = (Path(app.outdir) / "registrytest.tex").read_text(encoding="utf-8")
    assert r"\usepackage{oneplusmg}" in tex
    assert (Path(app.outdir) / "oneplusmg.sty").exists()
    assert tex.count(r"\begin{longtable}") >= 5  # guidelines, projects, countries, 2 maturity tables
    assert r"\endfirsthead" in tex and r"\endhead" in tex  # the header repeats on every page
    assert r"\DUrole{oneplusmg-badge}{\DUrole{oneplusmg-badge-required}{Required}}" in tex
    assert r"\begin{sphinxuseclass}{oneplusmg-card}" in tex
    assert r"\begin{sphinxuseclass}{oneplusmg-phase}" in tex
    assert r"\label{\detokenize{index:guideline-duo}}" in tex
    assert r"\hyperref[\detokenize{index:guideline-duo}]" in tex  # the role links to the entry
    assert "Ελλάδα" in tex


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
    ):
        assert expected in text, expected


@pytest.mark.sphinx("text", testroot="all")
def test_text_output_is_readable(app) -> None:
    app.build()
    assert warnings_of(app) == []
    text = (Path(app.outdir) / "index.txt").read_text(encoding="utf-8")
    assert "| Data Use Ontology" in text and "Required" in text
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
