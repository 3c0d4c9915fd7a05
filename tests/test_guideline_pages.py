"""A page per guideline: generated from the registry, linked from roles and tables, citable,
described for search engines, and re-read only when its record or what it lists changes."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from pybtex.database import parse_string
from sphinx.testing.util import SphinxTestApp

from conftest import ROOTS, soup, warnings_of
from oneplusmg.registry import load_registry

BASIC = ROOTS / "_data-basic"


def build(app) -> Path:
    app.build()
    assert warnings_of(app) == []
    return Path(app.outdir)


@pytest.mark.sphinx("html", testroot="guideline-pages")
def test_every_guideline_has_its_page_with_level_summary_and_citation(app) -> None:
    out = build(app)
    registry = load_registry(BASIC)
    for guideline in registry.guidelines.values():
        page = soup(out / "guidelines" / f"{guideline.id}.html")
        heading = page.find("h1").get_text(strip=True).rstrip("#¶")
        assert heading.replace("‘", "'").replace("’", "'") == guideline.title  # typographic quotes
        assert page.select_one(".oneplusmg-level-meaning") is not None
        assert page.select_one(".oneplusmg-reference") is not None
        assert "@" in page.select_one(".oneplusmg-citation").get_text()
    duo = soup(out / "guidelines" / "duo.html")
    assert duo.select_one(".oneplusmg-level-meaning .oneplusmg-badge-required").get_text() == "Required"
    assert "must be followed" in duo.select_one(".oneplusmg-level-meaning").get_text()
    assert duo.select_one(".oneplusmg-summary").get_text().startswith("Tags each dataset")
    facts = duo.select_one("dl.oneplusmg-guideline-facts").get_text(" ", strip=True)
    assert "WG2: Ethical, Legal, and Social Issues (ELSI)" in facts and "2020" in facts
    unlabelled = soup(out / "guidelines" / "unlabelled-report.html")
    assert "has no level" in unlabelled.select_one(".oneplusmg-level-meaning").get_text()
    assert "No web address or DOI is recorded" in unlabelled.get_text()


@pytest.mark.sphinx("html", testroot="guideline-pages")
def test_roles_and_table_titles_link_to_the_page_and_old_anchors_remain(app) -> None:
    out = build(app)
    roles = soup(out / "roles.html")
    assert roles.find("a", string="Consent toolkit")["href"] == "guidelines/consent-toolkit.html"
    table = soup(out / "standards.html").select_one("table.oneplusmg-guidelines")
    assert table.find("a", string="Data Use Ontology")["href"] == "guidelines/duo.html"
    catalogue = soup(out / "catalogue.html")
    assert catalogue.find(id="guideline-duo") is not None  # catalogue.html#guideline-duo still lands
    assert catalogue.find("a", string="Data Use Ontology")["href"] == "guidelines/duo.html"


@pytest.mark.sphinx("html", testroot="guideline-pages")
def test_a_page_lists_where_the_framework_refers_to_it_and_related_guidelines(app) -> None:
    out = build(app)
    consent = soup(out / "guidelines" / "consent-toolkit.html")
    referred = {a.get_text(): a["href"] for a in consent.select("ul.oneplusmg-referred a")}
    assert referred == {"Roles: Consent": "../roles.html#consent"}
    duo = soup(out / "guidelines" / "duo.html")
    assert "Standards: Data access" in [a.get_text() for a in duo.select("ul.oneplusmg-referred a")]
    related = [a.get_text() for a in duo.select("ul.oneplusmg-related a")]
    assert related and len(related) <= 5 and "Data Use Ontology" not in related
    assert "DCAT Application Profile" in related  # the same working group and domain


@pytest.mark.sphinx("html", testroot="guideline-pages")
def test_json_ld_describes_the_document_with_its_doi(app) -> None:
    out = build(app)
    script = soup(out / "guidelines" / "consent-toolkit.html").find("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["@context"] == "https://schema.org" and data["name"] == "Consent toolkit"
    assert data["identifier"]["value"] == "10.5281/zenodo.1234567"
    assert data["url"] == "https://doi.org/10.5281/zenodo.1234567"
    assert data["mainEntityOfPage"] == "https://example.org/framework/guidelines/consent-toolkit.html"
    assert data["publisher"]["name"]


@pytest.mark.sphinx("html", testroot="guideline-pages")
def test_bibtex_export_parses_with_one_entry_per_guideline_and_is_linked(app) -> None:
    out = build(app)
    database = parse_string((out / "_data" / "guidelines.bib").read_text(encoding="utf-8"), "bibtex")
    assert set(database.entries) == set(load_registry(BASIC).guidelines)
    assert database.entries["consent-toolkit"].fields["doi"] == "10.5281/zenodo.1234567"
    links = [a["href"] for a in soup(out / "catalogue.html").select("a.oneplusmg-export")]
    assert "_data/guidelines.bib" in links
    # Each page's own files, for its download links.
    single = parse_string((out / "_data" / "cite" / "duo.bib").read_text(encoding="utf-8"), "bibtex")
    assert list(single.entries) == ["duo"]
    assert "TI  - Data Use Ontology" in (out / "_data" / "cite" / "duo.ris").read_text(encoding="utf-8")
    assert soup(out / "guidelines" / "duo.html").find("a", href="../_data/cite/duo.bib") is not None


@pytest.mark.sphinx("html", testroot="guideline-pages")
def test_pages_are_in_the_search_index_and_the_catalogue_toctree(app) -> None:
    out = build(app)
    index = (out / "searchindex.js").read_text(encoding="utf-8")
    assert '"guidelines/duo"' in index
    assert "guidelines/duo" in app.env.toctree_includes["catalogue"]
    # The generated sources ignore themselves in git.
    assert (Path(app.srcdir) / "guidelines" / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")


@pytest.mark.sphinx("latex", testroot="guideline-pages")
def test_printed_documents_leave_the_pages_out(app) -> None:
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert "Cite this" not in tex and "Where the Framework refers to it" not in tex
    assert "Data Use Ontology" in tex  # the catalogue itself is printed


# -- What an edit re-reads -------------------------------------------------------------------------


def reread(src: Path, data: Path) -> list[str]:
    app = SphinxTestApp("html", srcdir=src, confoverrides={"oneplusmg_data_dir": str(data)})
    names: list[str] = []
    app.connect("env-before-read-docs", lambda _app, _env, docnames: names.extend(docnames))
    try:
        app.build()
    finally:
        app.cleanup()
    return sorted(names)


def test_editing_one_title_rereads_its_page_the_tables_showing_it_and_the_catalogue(tmp_path: Path) -> None:
    data = shutil.copytree(BASIC, tmp_path / "data")
    src = shutil.copytree(ROOTS / "test-guideline-pages", tmp_path / "src")
    first = reread(src, data)
    assert "guidelines/duo" in first and "catalogue" in first
    assert reread(src, data) == []
    path = data / "guidelines.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: Data Use Ontology", "title: Data Use Ontology v2"),
        encoding="utf-8",
    )
    time.sleep(0.02)
    os.utime(path)
    # duo is shown by the catalogue and the WG5 table, and listed among the related guidelines of
    # the pages of WG2's, WG5's and its domain's other guidelines; roles.md does not show it.
    expected = {"catalogue", "standards", "guidelines/duo"}
    related = {"guidelines/dcat-ap", "guidelines/consent-toolkit"}
    found = set(reread(src, data))
    assert expected <= found and found <= expected | related | {"guidelines/glossary", "guidelines/script-title"}
    assert "roles" not in found and "index" not in found
