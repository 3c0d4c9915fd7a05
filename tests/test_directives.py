"""What the directives and roles put in the HTML: rows, badges, links, anchors, escaping."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import ROOTS, soup, warnings_of


def build(app) -> str:
    app.build()
    return "\n".join(warnings_of(app))


def rows(table) -> list[list[str]]:
    return [[cell.get_text(" ", strip=True) for cell in tr.find_all("td")] for tr in table.tbody.find_all("tr")]


@pytest.mark.sphinx("html", testroot="guidelines")
def test_catalogue_lists_every_guideline_with_anchor_badge_and_link(app) -> None:
    assert build(app) == ""
    page = soup(Path(app.outdir) / "catalogue.html")
    table = page.select_one("table.oneplusmg-catalogue")
    headers = [th.get_text(strip=True) for th in table.thead.find_all("th")]
    assert headers == [
        "ID",
        "Title",
        "Level",
        "Working groups",
        "Phase",
        "Domain",
        "Project",
        "Year",
        "DOI",
        "Summary",
        "Topics",
    ]
    body = rows(table)
    assert [r[0] for r in body] == [
        "duo",
        "dcat-ap",
        "consent-toolkit",
        "glossary",
        "script-title",
        "unlabelled-report",
    ]  # level, then title
    for guideline_id in ("dcat-ap", "duo", "consent-toolkit", "glossary", "unlabelled-report"):
        assert page.find(id=f"guideline-{guideline_id}") is not None
    duo = table.find(id="guideline-duo").find_parent("tr")
    assert duo.find("a", class_="external")["href"] == "https://example.org/duo"
    badge = duo.select_one(".oneplusmg-badge")
    assert badge.get_text() == "Required" and "oneplusmg-badge-required" in badge["class"]
    assert "oneplusmg-level-required" in duo["class"]
    # Working groups and phase link to where they are shown; the DOI to doi.org.
    consent = table.find(id="guideline-consent-toolkit").find_parent("tr")
    assert consent.find("a", string="10.5281/zenodo.1234567")["href"] == "https://doi.org/10.5281/zenodo.1234567"
    assert consent.find("a", string="Consent toolkit")["href"] == "https://doi.org/10.5281/zenodo.1234567"
    # A guideline without a level has no badge, and says nothing false.
    unlabelled = table.find(id="guideline-unlabelled-report").find_parent("tr")
    assert unlabelled.select(".oneplusmg-badge") == []


@pytest.mark.sphinx("html", testroot="guidelines")
def test_tables_hold_no_referenced_on_lists_and_no_entry_links(app) -> None:
    build(app)
    for name in ("catalogue.html", "filtered.html"):
        page = soup(Path(app.outdir) / name)
        assert page.select(".oneplusmg-cited-on, .oneplusmg-entry-link") == []
        assert "Referenced on" not in page.get_text() and "catalogue entry" not in page.get_text()


@pytest.mark.sphinx("html", testroot="guidelines")
def test_a_column_with_one_value_on_every_row_is_left_out(app) -> None:
    build(app)
    required = soup(Path(app.outdir) / "filtered.html").select("table.oneplusmg-guidelines")[0]
    headers = [th.get_text(strip=True) for th in required.thead.find_all("th")]
    assert "Level" not in headers  # every row is required
    assert "Title" in headers and "Working groups" in headers


@pytest.mark.sphinx("html", testroot="guidelines")
def test_filters_columns_sort_and_no_match(app) -> None:
    build(app)
    page = soup(Path(app.outdir) / "filtered.html")
    tables = page.select("table.oneplusmg-guidelines")
    assert len(tables) == 3
    by_year = rows(tables[2])
    titles = [[p.get_text(strip=True) for p in t.select(".oneplusmg-title")] for t in tables]
    assert titles[0] == ["Data Use Ontology", "DCAT Application Profile"]
    # any value within an option (WG2 or WG1), all options together (and the legal domain)
    assert titles[1] == ["Consent toolkit"]
    assert [r[1] for r in by_year] == ["2025", "2023", "2022", "2021", "2020", ""]
    assert [th.get_text() for th in tables[2].thead.find_all("th")] == ["Title", "Year"]
    empty = page.select_one("p.oneplusmg-empty").get_text()
    assert empty == "No guideline matches this selection (level: required; project: GDI)."
    # Without guideline pages, a title links to the document itself.
    first = tables[0].tbody.tr
    assert first.find("a", class_="external")["href"] == "https://example.org/duo"


@pytest.mark.sphinx("html", testroot="guidelines")
def test_roles_link_with_the_record_name(app) -> None:
    build(app)
    page = soup(Path(app.outdir) / "roles.html")
    links = {a.get_text(): a["href"] for a in page.select("main a, div.body a") if a.get("href")}
    assert links["Data Use Ontology"] == "catalogue.html#guideline-duo"
    assert links["the ontology"] == "catalogue.html#guideline-duo"
    assert links["Beyond 1 Million Genomes"] == "https://b1mg-project.eu/"
    assert "Its level: Required." in page.get_text(" ", strip=True).replace(" .", ".")
    # No page shows WG5, the phase or Greece in this project: their names stand as plain text.
    text = page.get_text(" ", strip=True)
    for name in (
        "Federated, secure, interoperable and privacy-respecting framework and access governance",
        "Roadmap 2020-2022",
        "Greece",
    ):
        assert name in text and name not in links


@pytest.mark.sphinx("html", testroot="guidelines")
def test_registry_text_is_escaped(app) -> None:
    build(app)
    html = (Path(app.outdir) / "catalogue.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert (
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; ampersand" in html
        or "&lt;script&gt;alert('x')&lt;/script&gt; &amp; ampersand" in html
    )


@pytest.mark.sphinx("html", testroot="guidelines")
def test_exports_hold_the_validated_records_and_are_linked(app) -> None:
    build(app)
    out = Path(app.outdir)
    records = json.loads((out / "_data" / "guidelines.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in records][:2] == ["dcat-ap", "duo"]
    assert "line" not in records[0]
    csv_lines = (out / "_data" / "guidelines.csv").read_text(encoding="utf-8").splitlines()
    assert csv_lines[0].startswith("id,title,level,working_groups")
    assert "duo,Data Use Ontology,required,WG2; WG5" in csv_lines[2]
    for name in ("working-groups.json", "phases.json"):
        assert json.loads((out / "_data" / name).read_text(encoding="utf-8"))
    links = [a["href"] for a in soup(out / "catalogue.html").select("a.oneplusmg-export")]
    assert links == [
        "_data/guidelines.json",
        "_data/guidelines.csv",
        "_data/guidelines.bib",
        "_data/working-groups.json",
        "_data/phases.json",
    ]


@pytest.mark.sphinx("html", testroot="no-catalogue")
def test_without_catalogue_roles_link_to_the_document_itself(app) -> None:
    assert build(app) == ""
    page = soup(Path(app.outdir) / "index.html")
    assert page.find("a", string="Data Use Ontology")["href"] == "https://example.org/duo"
    # No URL and no catalogue: plain text, no warning, no link.
    assert page.find("a", string="A report without a level") is None
    assert "A report without a level" in page.get_text()


@pytest.mark.sphinx("html", testroot="two-catalogues")
def test_a_second_catalogue_is_a_located_warning(app) -> None:
    warnings = build(app)
    assert "second.md:3: WARNING: a second guideline catalogue" in warnings
    assert "[oneplusmg.catalogue]" in warnings
    assert soup(Path(app.outdir) / "index.html").find(id="guideline-duo") is not None
    assert soup(Path(app.outdir) / "second.html").find(id="guideline-duo") is None


@pytest.mark.sphinx("html", testroot="wgcards")
def test_wg_cards_show_every_fact_and_link_to_group_pages(app) -> None:
    assert build(app) == ""
    page = soup(Path(app.outdir) / "index.html")
    grids = page.select(".oneplusmg-wg-cards")
    assert len(grids) == 2
    cards = grids[0].select(".oneplusmg-wg-card")
    assert [c.select_one(".oneplusmg-card-title").get_text(strip=True).split(":")[0] for c in cards] == [
        "WG1",
        "WG2",
        "WG5",
    ]
    wg2 = cards[1]
    assert wg2.select_one(".oneplusmg-card-title a")["href"] == "wg2.html#wg-wg2"
    assert "Consent, data protection" in wg2.get_text()
    facts = wg2.select_one(".oneplusmg-card-facts").get_text(" ", strip=True)
    assert facts == "Active · since 2018 · 2 guidelines"
    wg5 = cards[2].select_one(".oneplusmg-card-facts").get_text(" ", strip=True)
    assert wg5 == "Closed · 2018–2023 · 2 guidelines"
    # No page for WG1: the card is its own anchor.
    assert cards[0].find(id="wg-wg1") is not None and cards[0].select_one(".oneplusmg-card-title a") is None
    chosen = [
        c.select_one(".oneplusmg-card-title").get_text(strip=True)[:3] for c in grids[1].select(".oneplusmg-wg-card")
    ]
    assert chosen == ["WG5", "WG1"]


@pytest.mark.sphinx("html", testroot="timeline")
def test_timeline_orders_phases_and_marks_today_and_ongoing(app) -> None:
    assert build(app) == ""
    page = soup(Path(app.outdir) / "index.html")
    phases = page.select(".oneplusmg-timeline .oneplusmg-phase")
    assert [p.select_one(".oneplusmg-phase-title").get_text(strip=True) for p in phases] == [
        "Commitment (Declaration)",
        "Roadmap 2020-2022",
        "Operation and EHDS alignment",
    ]
    assert page.select_one(".oneplusmg-today").get_text(strip=True) == "Today: 25 November 2026"
    operation = phases[2]
    assert {"oneplusmg-phase-ongoing", "oneplusmg-phase-current"} <= set(operation["class"])
    assert operation.select_one(".oneplusmg-phase-period").get_text(" ", strip=True) == "since 2025 (ongoing) under way"
    assert "oneplusmg-phase-current" not in phases[0]["class"]
    assert phases[0].select_one(".oneplusmg-phase-period").get_text(" ", strip=True) == "10 April 2018 – January 2020"
    milestone = operation.select_one(".oneplusmg-milestone-upcoming").get_text(" ", strip=True)
    assert milestone == "26 March 2031 – EHDS rules for genomic data apply (planned)"
    b1mg = phases[1].select_one("li a")
    assert b1mg["href"] == "https://b1mg-project.eu/" and b1mg.get_text() == "B1MG starts"
    # The phase role on another page links to the full timeline, not the partial one.
    partial = soup(Path(app.outdir) / "partial.html")
    assert partial.find("a", string="Commitment (Declaration)")["href"] == "index.html#phase-declaration"


@pytest.mark.sphinx("html", testroot="timeline", confoverrides={"oneplusmg_today": None})
def test_today_follows_source_date_epoch(app, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 14 November 2023
    build(app)
    page = soup(Path(app.outdir) / "index.html")
    assert page.select_one(".oneplusmg-today").get_text(strip=True) == "Today: 14 November 2023"
    assert "oneplusmg-phase-future" in page.select(".oneplusmg-phase")[2]["class"]


@pytest.mark.sphinx("html", testroot="countries")
def test_country_table_profile_and_resources(app) -> None:
    assert build(app) == ""
    page = soup(Path(app.outdir) / "index.html")
    body = rows(page.select_one("table.oneplusmg-countries"))
    assert body[0] == ["Bulgaria", "България", "BG", "2018", "1"]
    assert body[1] == ["Czechia", "Česko", "CZ", "not signed", "0"]
    assert page.find("a", string="Greece")["href"].startswith("gr.html")
    training = page.select_one("ul.oneplusmg-resources").get_text(" ", strip=True)
    assert training == "Training course – Bulgaria"
    greece = soup(Path(app.outdir) / "gr.html")
    assert "Ελλάδα" in greece.select_one(".oneplusmg-country-facts").get_text()
    assert greece.find("a", string="National genomic plan")["href"] == "https://example.org/gr-plan"


@pytest.mark.sphinx(
    "html", testroot="guidelines", confoverrides={"oneplusmg_pdf_downloads": [["Handbook (PDF)", "pdf/handbook.pdf"]]}
)
def test_catalogue_links_published_pdfs_when_configured(app) -> None:
    build(app)
    links = {a.get_text(): a["href"] for a in soup(Path(app.outdir) / "catalogue.html").select("a.oneplusmg-export")}
    assert links["Handbook (PDF)"] == "pdf/handbook.pdf"


@pytest.mark.sphinx("html", testroot="guidelines")
def test_placeholders_leave_no_stray_ids_on_tables(app) -> None:
    build(app)
    for table in soup(Path(app.outdir) / "filtered.html").select("table.oneplusmg-guidelines"):
        assert table.get("id") is None


def test_the_level_role_follows_its_record(tmp_path: Path) -> None:
    """``{level}`duo``` is read from the record: a page that shows nothing else of it is read
    again, and shows the new level, when the record changes. A sentence about several documents
    gets their common level, and a warning once they no longer share one."""
    src = shutil.copytree(ROOTS / "test-guidelines", tmp_path / "src")
    page = "---\norphan: true\n---\n\n# Level\n\nThe ontology is {level}`duo`. Both are {level}`duo, dcat-ap`.\n"
    (src / "level.md").write_text(page)
    data = shutil.copytree(ROOTS / "_data-basic", tmp_path / "data")
    registry = data / "guidelines.yaml"
    original = registry.read_text(encoding="utf-8")
    for level in ("required", "informational"):
        registry.write_text(
            original.replace(
                "  level: required\n  working_groups: [WG2, WG5]", f"  level: {level}\n  working_groups: [WG2, WG5]"
            ),
            encoding="utf-8",
        )
        app = SphinxTestApp("html", srcdir=src, confoverrides={"oneplusmg_data_dir": str(data)})
        app.build()
        app.cleanup()
        shown = soup(Path(app.outdir) / "level.html").get_text(" ", strip=True).replace(" .", ".")
        assert f"The ontology is {level.title()}." in shown
        if level == "required":
            assert warnings_of(app) == [] and "Both are Required." in shown
        else:  # dcat-ap is still required: the sentence about both is wrong now, and said so
            (warning,) = warnings_of(app)
            assert "level.md:7: WARNING: the guidelines duo, dcat-ap in {level} role have different levels" in warning
            assert warning.endswith("[oneplusmg.reference]")
