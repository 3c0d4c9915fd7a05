"""A project's grant agreement number, typed once in projects.yaml, quoted by pages ({grant}),
templates (the footer) and the printed documents' LaTeX."""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from conftest import ROOTS, soup, warnings_of


def build(src: Path, data: Path, builder: str = "html") -> SphinxTestApp:
    app = SphinxTestApp(builder, srcdir=src, confoverrides={"oneplusmg_data_dir": str(data)})
    app.build()
    app.cleanup()
    assert warnings_of(app) == []
    return app


def funding(page: Path) -> str:
    return soup(page).select_one("p.funding").get_text(strip=True)


def test_pages_and_templates_quote_the_grant_and_follow_its_record(tmp_path: Path) -> None:
    src = shutil.copytree(ROOTS / "test-funding", tmp_path / "src")
    data = shutil.copytree(ROOTS / "_data-basic", tmp_path / "data")
    out = Path(build(src, data).outdir)
    text = soup(out / "index.html").select_one("div.body").get_text(" ", strip=True)
    assert "grant agreement No 951724; GDI under 101081813." in text
    assert funding(out / "index.html") == funding(out / "plain.html") == "Funded under grant agreement No 951724."
    # A record that changes: the page that quotes it is read again, and every page's footer is
    # written again (Sphinx writes only what it read again, unless told).
    projects = data / "projects.yaml"
    projects.write_text(projects.read_text(encoding="utf-8").replace('"951724"', '"999999"'), encoding="utf-8")
    build(src, data)
    assert "grant agreement No 999999" in soup(out / "index.html").get_text(" ", strip=True)
    assert funding(out / "plain.html") == "Funded under grant agreement No 999999."
    # Another registry's change leaves the pages that do not show it alone.
    written = (out / "plain.html").stat().st_mtime_ns
    domains = data / "domains.yaml"
    domains.write_text(domains.read_text(encoding="utf-8").replace("name: ", "name: The ", 1), encoding="utf-8")
    build(src, data)
    assert (out / "plain.html").stat().st_mtime_ns == written


def test_latex_text_quotes_the_grant_with_a_macro(tmp_path: Path) -> None:
    src = shutil.copytree(ROOTS / "test-funding", tmp_path / "src")
    app = build(src, ROOTS / "_data-basic", "latex")
    facts = (Path(app.outdir) / "oneplusmgfacts.sty").read_text(encoding="utf-8")
    assert "\\csname oneplusmg@grant@B1MG\\endcsname{951724}" in facts
    (tex,) = Path(app.outdir).glob("*.tex")
    assert "\\usepackage{oneplusmgfacts}" in tex.read_text(encoding="utf-8")
