"""Guidelines cited by id through sphinxcontrib-bibtex, their entries made from the registry; and
how each guideline is cited (author, publisher, BibTeX, RIS)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from pybtex.database import parse_string
from sphinx.testing.util import SphinxTestApp

from conftest import ROOTS, soup, warnings_of
from oneplusmg.bibliography import BIBTEX_FILE
from oneplusmg.citations import author, bibtex_entry, publisher, reference_text, ris_entry
from oneplusmg.incremental import INPUTS_CHANGED
from oneplusmg.registry import load_registry

BASIC = ROOTS / "_data-basic"


def entries(page: Path) -> dict[str, str]:
    """The bibliography of a page: each entry's text by its label."""
    found = {}
    for citation in soup(page).select(".citation"):
        label = citation.select_one(".label").get_text(strip=True).strip("[]")
        found[label] = " ".join(citation.get_text(" ").split())
    return found


def tooltip(page: Path) -> str:
    """The text a page's first citation shows on hover: its entry."""
    return soup(page).select_one("a.reference[title]")["title"]


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    """The bibliography root and a copy of the registry it may edit."""
    src = shutil.copytree(ROOTS / "test-bibliography", tmp_path / "src")
    data = shutil.copytree(BASIC, tmp_path / "data")
    return src, data


def make_app(src: Path, data: Path, **overrides: object) -> SphinxTestApp:
    return SphinxTestApp("html", srcdir=src, confoverrides={"oneplusmg_data_dir": str(data), **overrides})


def test_a_page_cites_a_guideline_by_id_and_the_bibliography_shows_its_record(project) -> None:
    src, data = project
    app = make_app(src, data)
    try:
        app.build()
        assert warnings_of(app) == []
        listed = entries(Path(app.outdir) / "index.html")
        assert len(listed) == 3  # the three cited, not every guideline of the registry
        text = " ".join(listed.values())
        assert "Beyond 1 Million Genomes (B1MG). Consent toolkit." in text
        # A standard another organisation publishes: its publisher, and no author.
        duo = next(entry for entry in listed.values() if "Data Use Ontology" in entry)
        assert "Global Alliance for Genomics and Health (GA4GH)" in duo and "initiative" not in duo
        # The file sphinxcontrib-bibtex reads is the build's own, handed to it beside its setting,
        # which stays as the project set it (a build folder there would change with each build's).
        written = Path(app.doctreedir) / BIBTEX_FILE
        assert app.config.bibtex_bibfiles == []
        assert written.resolve() in app.env.get_domain("cite").data["bibdata"].bibfiles
        assert set(parse_string(written.read_text(encoding="utf-8"), "bibtex").entries) == set(
            load_registry(data).guidelines
        )
    finally:
        app.cleanup()


def test_an_edited_record_rewrites_the_bibliography_and_the_pages_that_cite_it(project) -> None:
    src, data = project
    app = make_app(src, data)
    app.build()
    app.cleanup()
    written = Path(app.doctreedir) / BIBTEX_FILE
    out = Path(app.outdir)
    plain_written = (out / "plain.html").stat().st_mtime_ns
    registry = data / "guidelines.yaml"
    # A summary is not part of a citation: the file keeps its time stamp.
    stamp = written.stat().st_mtime_ns
    registry.write_text(registry.read_text(encoding="utf-8").replace("Tags each dataset", "Marks each dataset"))
    app = make_app(src, data)
    app.build()
    app.cleanup()
    assert written.stat().st_mtime_ns == stamp
    # A title is: the bibliography and the page citing the record show the new one.
    registry.write_text(registry.read_text(encoding="utf-8").replace("title: Data Use Ontology", "title: DUO"))
    app = make_app(src, data)
    app.build()
    try:
        assert warnings_of(app) == []
        listed = " ".join(entries(out / "index.html").values())
        assert "DUO. Global Alliance for Genomics and Health (GA4GH), 2020." in listed
        assert "Data Use Ontology" not in listed
        assert "DUO" in tooltip(out / "cites.html") and "Data Use Ontology" not in tooltip(out / "cites.html")
        assert (out / "plain.html").stat().st_mtime_ns == plain_written
    finally:
        app.cleanup()


def test_a_registry_saved_in_the_live_preview_is_read_again_by_sphinxcontrib_bibtex(project) -> None:
    """The live preview's warm application does not start its builder again for a saved registry:
    the extension writes the file and has sphinxcontrib-bibtex read it, as the builder's start would."""
    src, data = project
    app = make_app(src, data)
    try:
        app.build()
        registry = data / "guidelines.yaml"
        registry.write_text(
            registry.read_text(encoding="utf-8").replace("title: Consent toolkit", "title: Consent kit")
        )
        refreshed = [path for result in app.events.emit(INPUTS_CHANGED, [registry]) for path in result]
        assert refreshed == [registry]
        app.build()
        assert warnings_of(app) == []
        text = " ".join(entries(Path(app.outdir) / "index.html").values())
        assert "Consent kit." in text and "Consent toolkit" not in text
    finally:
        app.cleanup()


def test_a_project_keeps_its_own_bib_files_with_or_without_the_guidelines(project) -> None:
    src, data = project
    (src / "refs.bib").write_text("@misc{other, title = {Another source}, year = {2024}}\n", encoding="utf-8")
    for cite_guidelines in (False, True):  # the file of the first build would stay
        app = make_app(src, data, oneplusmg_cite_guidelines=cite_guidelines, bibtex_bibfiles=["refs.bib"])
        try:
            files = {path.name for path in app.env.get_domain("cite").data["bibdata"].bibfiles}
            assert files == ({"refs.bib", "guidelines.bib"} if cite_guidelines else {"refs.bib"})
            assert app.config.bibtex_bibfiles == ["refs.bib"]
            assert (Path(app.doctreedir) / BIBTEX_FILE).exists() == cite_guidelines
        finally:
            app.cleanup()


# -- How a guideline is cited ------------------------------------------------------------------------


def test_a_guideline_is_cited_with_its_project_or_its_publisher_never_a_wrong_author() -> None:
    registry = load_registry(BASIC)
    toolkit, duo, glossary = (registry.guidelines[i] for i in ("consent-toolkit", "duo", "glossary"))
    # The initiative's own documents: their project, else the initiative, as corporate author.
    assert author(toolkit, registry) == "Beyond 1 Million Genomes (B1MG)"
    assert author(glossary, registry) == "1+ Million Genomes initiative"
    assert reference_text(toolkit, registry).startswith("Beyond 1 Million Genomes (B1MG) (2022). Consent toolkit.")
    # A document another organisation publishes: by title and publisher, no author.
    assert author(duo, registry) is None
    assert publisher(duo, registry) == "Global Alliance for Genomics and Health (GA4GH)"
    assert reference_text(duo, registry) == (
        "Data Use Ontology (2020). Global Alliance for Genomics and Health (GA4GH). https://example.org/duo"
    )
    assert "AU  -" not in ris_entry(duo, registry) and "PB  - Global Alliance" in ris_entry(duo, registry)
    parsed = parse_string(bibtex_entry(duo, registry), "bibtex").entries["duo"]
    assert parsed.type == "misc" and "author" not in parsed.persons
    assert parsed.fields["howpublished"] == "Global Alliance for Genomics and Health (GA4GH)"
    # A deliverable of the initiative, with its author and year: a techreport, numbered.
    deliverable = replace(toolkit, kind="deliverable", deliverable="D2.1")
    report = parse_string(bibtex_entry(deliverable, registry), "bibtex").entries["consent-toolkit"]
    assert report.type == "techreport" and report.fields["institution"] == "Beyond 1 Million Genomes (B1MG)"
    assert (report.fields["type"], report.fields["number"]) == ("Deliverable", "D2.1")
    # Without a year BibTeX styles cannot print a techreport: the same document as misc.
    assert (
        parse_string(bibtex_entry(replace(deliverable, year=None), registry), "bibtex").entries["consent-toolkit"].type
        == "misc"
    )
    # The title in braces, so that a style keeps its capitals.
    assert parse_string(bibtex_entry(glossary, registry), "bibtex").entries["glossary"].fields["title"] == (
        "{Glossary of terms}"
    )
