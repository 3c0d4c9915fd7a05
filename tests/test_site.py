"""The real site: builds with warnings as errors, branded, private, with the registries in it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from conftest import REPO, soup


def test_home_page_is_built_with_title_footer_and_edit_link(site_html: Path) -> None:
    page = soup(site_html / "index.html")
    assert "1+MG Framework" in page.title.get_text()
    footer = page.select_one("footer.bd-footer").get_text(" ", strip=True)
    assert "CC BY 4.0" in footer and "951724" in footer
    # The mark is an image, the name is text: the link is named by the text, the image is decorative.
    brand = page.select_one("a.navbar-brand")
    logo = brand.select_one("img")
    assert logo["src"].endswith("logo-mark-light.svg") and logo["alt"] == ""
    assert brand.select_one(".logo__title").get_text(strip=True) == "1+MG Framework"


def test_every_content_page_has_an_edit_link(site_html: Path) -> None:
    page = soup(site_html / "about" / "index.html")
    edit = page.select_one("a[href*='/edit/']")
    assert edit is not None and edit["href"].endswith("docs/about/index.md")


def test_no_page_loads_anything_from_another_host(site_html: Path) -> None:
    pattern = re.compile(r"""<(script|link|img|iframe|source|video|audio)\b[^>]*\b(src|href)=["'](https?:)?//""", re.I)
    offenders = []
    for path in site_html.rglob("*.html"):
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            tag = match.group(0)
            if match.group(1).lower() == "link" and re.search(r"rel=[\"'](canonical|license)", tag):
                continue
            offenders.append(f"{path.relative_to(site_html)}: {tag}")
    for path in site_html.rglob("*.css"):
        for url in re.findall(r"url\((['\"]?)(https?:)?//", path.read_text(encoding="utf-8", errors="replace")):
            offenders.append(f"{path.relative_to(site_html)}: url({url})")
    assert offenders == []


def test_the_catalogue_shows_every_registry_guideline(site_html: Path) -> None:
    from oneplusmg.registry import load_registry

    registry = load_registry(REPO / "docs" / "_data")
    page = soup(site_html / "catalogue.html")
    anchors = {tag["id"] for tag in page.select("table.oneplusmg-catalogue [id^=guideline-]")}
    assert anchors == {f"guideline-{g}" for g in registry.guidelines}
    assert len(registry.guidelines) >= 100


def test_pages_left_out_of_print_stay_on_the_web(site_html: Path) -> None:
    """The Contribute section is web-only in print (oneplusmg_web_only): the site keeps it whole."""
    for name in ("index", "authoring", "working-with-git", "style-guide"):
        assert (site_html / "contribute" / f"{name}.html").exists(), name
    navigation = soup(site_html / "index.html").select_one(".bd-header").get_text(" ", strip=True)
    assert "Contribute" in navigation
    catalogue = soup(site_html / "catalogue.html")
    assert "oneplusmg-guidelines.pdf" not in catalogue.get_text()  # the print note is print only
    assert catalogue.find("a", href="guidelines-report.html") is not None


def test_registry_exports_are_published(site_html: Path) -> None:
    for name in ("guidelines.json", "guidelines.csv", "working-groups.json", "phases.json"):
        assert (site_html / "_data" / name).stat().st_size > 100


def test_every_cited_guideline_is_listed_with_its_registry_title(site_html: Path) -> None:
    """Pages cite guidelines by id; the bibliography, made from the registry, lists each cited one
    once, with the title of its record in the record's own capitals (BibTeX styles lower-case a
    title that is not protected: the hand-kept .bib file showed "1+mg glossary")."""
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "docs").rglob("*.md"))
    cited = {key.strip() for keys in re.findall(r"\{cite:\w+\}`([^`]+)`", sources) for key in keys.split(",")}
    registry = yaml.safe_load((REPO / "docs" / "_data" / "guidelines.yaml").read_text(encoding="utf-8"))
    titles = {record["id"]: record["title"] for record in registry}
    assert len(cited) >= 40 and cited <= titles.keys()
    entries = [" ".join(e.get_text(" ").split()) for e in soup(site_html / "references.html").select(".citation")]
    assert len(entries) == len(cited)
    listed = " ".join(entries)
    assert [key for key in sorted(cited) if titles[key] not in listed] == []
    assert "1+MG Glossary" in listed and "World Wide Web Consortium" not in listed  # cited only


def test_no_page_says_it_is_unfinished(site_html: Path) -> None:
    phrases = re.compile(r"coming soon|under construction|still working on|work in progress|to be completed", re.I)
    for path in site_html.rglob("*.html"):
        text = soup(path).select_one("main, article, div.body")
        assert text is None or not phrases.search(text.get_text(" ")), path


def test_working_groups_are_listed_once_and_a_group_without_guidelines_says_what_it_works_on(
    site_html: Path,
) -> None:
    page = soup(site_html / "working-groups" / "index.html")
    article = page.select_one("article")
    cards = article.select(".oneplusmg-wg-card")
    assert len(cards) == 11
    # The cards link to the groups' pages; no list of the same pages follows them.
    assert article.select(".toctree-wrapper a") == []
    linked = [c.select_one(".oneplusmg-card-title a")["href"].split("#")[0] for c in cards]
    assert linked == [f"wg{n}.html" for n in range(1, 12)]
    facts = {c.select_one(".oneplusmg-card-title").get_text(strip=True)[:4]: c.get_text(" ", strip=True) for c in cards}
    assert all("0 guidelines" not in text for text in facts.values())
    assert "Works on: the part industry can take in the infrastructure" in facts["WG7:"]


def test_the_home_page_leads_to_where_to_start_before_the_compact_timeline(site_html: Path) -> None:
    page = soup(site_html / "index.html")
    headings = [h.get_text(strip=True).rstrip("#") for h in page.select("article h2")]
    assert headings.index("Where to start") < headings.index("How the initiative has developed")
    section = page.select_one("section#how-the-initiative-has-developed")
    assert section.select("figure.oneplusmg-chart svg[role=img]") != []
    assert section.select(".oneplusmg-timeline, .oneplusmg-milestones") == []
    assert section.select("a[href='timeline.html']") != []
    # The full timeline page has the chart and, after it, every phase with its milestones.
    timeline = soup(site_html / "timeline.html")
    chart = timeline.select_one("figure.oneplusmg-chart")
    assert chart is not None and chart.find_next(class_="oneplusmg-timeline") is not None


def test_the_authoring_guide_names_every_registry_field_table_column_and_download() -> None:
    """Editors learn the registries from the authoring guide: every field a schema accepts, every
    column of `guideline-table` with its default, and every export must be named there (the guide
    had fallen behind the code: a required field that was optional, missing fields and columns)."""
    from oneplusmg.exports import EXPORTS
    from oneplusmg.guidelines import COLUMNS, DEFAULT_COLUMNS

    guide = (REPO / "docs" / "contribute" / "authoring.md").read_text(encoding="utf-8")
    registries = guide.split("\n## Registries\n", 1)[1].split("\n## ", 1)[0]
    blocks = registries.split("\n\n")
    missing = []
    for schema_file in sorted((REPO / "_ext" / "oneplusmg" / "schemas").glob("*.schema.json")):
        registry = schema_file.name.replace(".schema.json", ".yaml")
        block = next((b for b in blocks if f"`{registry}`" in b.splitlines()[0]), "")
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        fields = schema.get("items", schema)["properties"]
        missing += [f"{registry}: {field}" for field in fields if f"`{field}`" not in block]
    assert missing == []
    columns_row = guide.split("* - `:columns:`", 1)[1].split("\n* - ", 1)[0]
    assert [c for c in COLUMNS if f"`{c}`" not in columns_row] == []
    assert f"default `{', '.join(DEFAULT_COLUMNS)}`" in columns_row
    downloads = guide.split("\n## Downloads\n", 1)[1]
    assert [name for name in EXPORTS if f"`_data/{name}`" not in downloads] == []
