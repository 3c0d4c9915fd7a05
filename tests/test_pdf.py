"""The two printed documents: complete, with metadata, embedded fonts and a clean LaTeX log."""

from __future__ import annotations

import fnmatch
import pickle
import re
import subprocess
from pathlib import Path

import pypdf
import pytest
from docutils import nodes
from sphinx.environment import BuildEnvironment

from conftest import REPO, require_command, sphinx_make_mode
from oneplusmg.registry import load_registry

pytestmark = pytest.mark.pdf
DOCUMENTS = ("oneplusmg-framework", "oneplusmg-guidelines")


@pytest.fixture(scope="module")
def latex_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both PDFs, built once, exactly as `make latexpdf` builds them."""
    for command, package in (("latexmk", "latexmk"), ("xelatex", "texlive-xetex"), ("pdftotext", "poppler-utils")):
        require_command(command, package)
    builddir = tmp_path_factory.mktemp("pdf")
    result = sphinx_make_mode("latexpdf", str(builddir))
    assert result.returncode == 0, (result.stdout[-3000:], result.stderr[-3000:])
    return builddir / "latex"


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def letters(text: str) -> str:
    """Letters and digits only: hyphenation and line breaks in the PDF do not matter."""
    return re.sub(r"[\W_]+", "", text).casefold()


def test_both_documents_are_built(latex_dir: Path) -> None:
    for name in DOCUMENTS:
        assert (latex_dir / f"{name}.pdf").stat().st_size > 50_000


def test_handbook_names_every_working_group_and_the_timeline_years(latex_dir: Path) -> None:
    registry = load_registry(REPO / "docs" / "_data")
    text = pdf_text(latex_dir / "oneplusmg-framework.pdf")
    flat = letters(text)
    for group in registry.working_groups.values():
        assert letters(group.name) in flat, group.name
    first = int(registry.phases_in_order()[0].start[:4])
    for year in range(first, 2032):
        assert str(year) in text, year
    assert "1+MG Framework" in text and "CC BY 4.0" in text and "951724" in text


def test_catalogue_report_lists_every_guideline_title(latex_dir: Path) -> None:
    registry = load_registry(REPO / "docs" / "_data")
    flat = letters(pdf_text(latex_dir / "oneplusmg-guidelines.pdf"))
    missing = [g.title for g in registry.guidelines.values() if letters(g.title) not in flat]
    assert missing == []
    for domain in registry.domains.values():
        assert letters(domain.name) in flat


def test_native_country_names_print_in_their_own_scripts(latex_dir: Path) -> None:
    text = pdf_text(latex_dir / "oneplusmg-framework.pdf")
    for name in ("Ελλάδα", "България", "Česko"):
        assert name in text, name


@pytest.mark.parametrize("name", DOCUMENTS)
def test_metadata_is_set(latex_dir: Path, name: str) -> None:
    info = subprocess.run(
        ["pdfinfo", str(latex_dir / f"{name}.pdf")], capture_output=True, text=True, check=True
    ).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Title"].strip().startswith("1+MG Framework")
    assert "Working Groups" in fields["Author"]
    assert fields["Subject"].strip() and "genomics" in fields["Keywords"]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_font_is_embedded(latex_dir: Path, name: str) -> None:
    output = subprocess.run(
        ["pdffonts", str(latex_dir / f"{name}.pdf")], capture_output=True, text=True, check=True
    ).stdout
    rows = output.splitlines()[2:]
    assert rows, "no font listed"
    not_embedded = [row for row in rows if row.split()[-5] != "yes"]
    assert not_embedded == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_latex_log_has_no_unresolved_reference_and_no_wide_overfull_box(latex_dir: Path, name: str) -> None:
    log = (latex_dir / f"{name}.log").read_text(encoding="utf-8", errors="replace")
    assert not re.search(r"Reference `[^']*' on page \d+ undefined", log)
    assert "There were undefined references" not in log
    wide = [float(x) for x in re.findall(r"Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\)", log) if float(x) > 10]
    assert wide == []


# -- The handbook's structure and typesetting (issue 13) ----------------------------------------

BACK_MATTER = ("Bibliography", "Index")  # LaTeX's own chapters after the last page
Entry = tuple[str, int, list]  # title, page index, children


def handbook_outline(latex_dir: Path) -> list[Entry]:
    """The handbook's PDF outline (bookmarks) as a tree of (title, page index, children)."""
    reader = pypdf.PdfReader(latex_dir / "oneplusmg-framework.pdf")

    def tree(items: list) -> list[Entry]:
        entries: list[Entry] = []
        for item in items:
            if isinstance(item, list):
                entries[-1][2].extend(tree(item))
            else:
                entries.append((" ".join(item.title.split()), reader.get_destination_page_number(item), []))
        return entries

    return tree(reader.outline)


def build_environment(latex_dir: Path) -> BuildEnvironment:
    """The Sphinx environment of the PDF build: the site's toctree and each page's sections."""
    with (latex_dir.parent / "doctrees" / "environment.pickle").open("rb") as file:
        return pickle.load(file)


def is_web_only(env: BuildEnvironment, docname: str) -> bool:
    return any(fnmatch.fnmatch(docname, pattern) for pattern in env.config.oneplusmg_web_only)


def navigation(env: BuildEnvironment, docname: str) -> list[tuple[str, list]]:
    """What the handbook must print under a page: the pages of its toctrees, else its own sections."""
    children = [d for d in env.toctree_includes.get(docname, []) if not is_web_only(env, d)]
    if children:
        return [(" ".join(env.titles[d].astext().split()), navigation(env, d)) for d in children]

    def sections(bullets: nodes.Node) -> list[tuple[str, list]]:
        result = []
        for item in bullets.children:
            nested = [child for child in item.children if isinstance(child, nodes.bullet_list)]
            result.append((" ".join(item[0].astext().split()), sections(nested[0]) if nested else []))
        return result

    top = env.tocs[docname][0]  # the page's own title: its sections are under it
    nested = [child for child in top.children if isinstance(child, nodes.bullet_list)]
    return sections(nested[0]) if nested else []


def titles_to_depth(tree: list, depth: int) -> list:
    """(title, children) to the given depth, the page numbers left out."""
    if depth == 0:
        return []
    return [(entry[0], titles_to_depth(entry[-1], depth - 1)) for entry in tree]


def flatten(tree: list[Entry]) -> list[Entry]:
    return [node for entry in tree for node in (entry, *flatten(entry[2]))]


def test_handbook_outline_follows_the_site_navigation_to_depth_three(latex_dir: Path) -> None:
    env = build_environment(latex_dir)
    outline = handbook_outline(latex_dir)
    chapters = [entry for entry in outline if entry[0] not in BACK_MATTER]
    assert [entry[0] for entry in outline[len(chapters) :]] == list(BACK_MATTER)
    expected = titles_to_depth(navigation(env, env.config.root_doc), 3)
    assert titles_to_depth(chapters, 3) == expected
    # The foundations are the first chapter's sections, not subsections of its last heading.
    assert [title for title, _children in expected[0][1]][:2] == [
        "Legal, ethics and governance",
        "Technical infrastructure",
    ]


def test_handbook_page_numbers_never_decrease(latex_dir: Path) -> None:
    pages = [entry[1] for entry in flatten(handbook_outline(latex_dir))]
    assert pages == sorted(pages)
    assert len(set(pages)) > 50  # sections start on many pages, not all on the first


def test_handbook_leaves_out_contribute_and_names_the_catalogue_pdf(latex_dir: Path) -> None:
    env = build_environment(latex_dir)
    outline = handbook_outline(latex_dir)
    titles = {entry[0] for entry in flatten(outline)}
    web_only = [env.titles[d].astext() for d in env.found_docs if d.startswith("contribute/")]
    assert "Authoring guide" in web_only and "Working with Git" in web_only
    assert titles.isdisjoint(web_only)
    text = pdf_text(latex_dir / "oneplusmg-framework.pdf")
    assert "oneplusmg-guidelines.pdf" in text
    assert "https://framework.onemilliongenomes.eu/pdf/oneplusmg-guidelines.pdf" in text
    # The catalogue chapter is its introduction and that note, not a table of every guideline.
    starts = [entry[1] for entry in outline]
    catalogue = next(index for index, entry in enumerate(outline) if entry[0] == "Guidelines catalogue")
    assert starts[catalogue + 1] - starts[catalogue] <= 1
    registry = load_registry(REPO / "docs" / "_data")
    pages = text.split("\f")
    chapter = letters("".join(pages[starts[catalogue] : starts[catalogue + 1] + 1]))
    assert sum(letters(g.title) in chapter for g in registry.guidelines.values()) < 5
    # Links to the left-out pages go to the site.
    assert "https://framework.onemilliongenomes.eu/contribute/how-to-contribute.html" in text


def test_long_tables_repeat_their_header_on_every_page(latex_dir: Path) -> None:
    tex = (latex_dir / "oneplusmg-framework.tex").read_text(encoding="utf-8")
    assert r"\begin{longtable}" in tex and r"\endfirsthead" in tex and r"\endhead" in tex


def test_short_tables_print_on_one_page(latex_dir: Path) -> None:
    pages = pdf_text(latex_dir / "oneplusmg-framework.pdf").split("\f")
    registry = load_registry(REPO / "docs" / "_data")
    names = [letters(level.name) for level in registry.maturity_levels.values()]
    # The five maturity levels: every name on one page (split, no page would hold them all).
    assert any(all(name in letters(page) for name in names) for page in pages)


def heading_runs(page: pypdf.PageObject) -> tuple[list[float], list[float]]:
    """The baselines of a page's headings (bold sans, 10 pt or more) and of all its body text."""
    headings: list[float] = []
    body: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: dict | None, size: float) -> None:
        y = cm[5] + tm[5] * cm[3]
        if not text.strip() or not 60 < y < 795:  # the running head and foot are not the page's text
            return
        body.append(round(y))
        name = str((font or {}).get("/BaseFont", ""))
        if "FreeSansBold" in name and size * tm[3] * cm[3] >= 9.9:
            headings.append(y)

    page.extract_text(visitor_text=visit)
    return headings, body


def test_no_heading_is_stranded_at_the_foot_of_a_page(latex_dir: Path) -> None:
    reader = pypdf.PdfReader(latex_dir / "oneplusmg-framework.pdf")
    runs = [heading_runs(page) for page in reader.pages]
    stranded = []
    for number, (headings, body) in enumerate(runs, 1):
        if not headings:
            continue
        last = min(headings)
        lines_below = {y for y in body if y < last - 3}
        # The next page opens with a heading: the section ended on this page, however short.
        following = runs[number] if number < len(runs) else ([], [])
        ended = bool(following[0]) and max(following[0]) >= max(following[1]) - 1
        # In the lower third of the page with less than two lines under it (a heading near the
        # top above one line is a short chapter, not a stranded heading).
        if last < 300 and len(lines_below) < 2 and not ended:
            stranded.append(number)
    assert stranded == []


def test_catalogue_cover_title_fits_on_two_lines_with_normal_leading(latex_dir: Path) -> None:
    layout = subprocess.run(
        ["pdftotext", "-bbox-layout", "-f", "1", "-l", "1", str(latex_dir / "oneplusmg-guidelines.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    boxes = [
        tuple(map(float, m))
        for m in re.findall(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', layout)
    ]
    title = [(x, top, bottom) for x, top, bottom in boxes if bottom - top > 20]  # the 30 pt title
    assert 1 <= len(title) <= 2
    height = title[0][2] - title[0][1]
    if len(title) == 2:
        assert title[1][1] - title[0][1] <= 1.3 * height  # baselines 1.2 em apart, nothing between
    assert len({round(x) for x, _top, _bottom in title}) == 1  # both lines start at the margin


def running_foot(page: pypdf.PageObject) -> str:
    """The text under the page's body: the section's running head and the page number."""
    runs: list[str] = []

    def visit(text: str, cm: list[float], tm: list[float], font: dict | None, size: float) -> None:
        if text.strip() and cm[5] + tm[5] * cm[3] < 60:
            runs.append(text)

    page.extract_text(visitor_text=visit)
    return " ".join(" ".join(runs).split())


def test_running_heads_name_the_section_the_reader_is_in(latex_dir: Path) -> None:
    """Each page names the first section that starts on it, else the section it continues."""
    outline = [entry for entry in handbook_outline(latex_dir) if entry[0] not in BACK_MATTER]
    reader = pypdf.PdfReader(latex_dir / "oneplusmg-framework.pdf")
    chapter_pages = {chapter[1] for chapter in outline}
    wrong = []
    for index, page in enumerate(reader.pages):
        chapters = [chapter for chapter in outline if chapter[1] <= index]
        if not chapters or index in chapter_pages:  # a chapter's first page has no running head
            continue
        sections = chapters[-1][2]
        starting = [section for section in sections if section[1] == index]
        before = [section for section in sections if section[1] < index]
        expected = (starting or before[-1:] or [None])[0]
        foot = running_foot(page)
        named = [section[0] for chapter in outline for section in chapter[2] if section[0] in foot]
        if (expected is None and named) or (expected is not None and expected[0] not in foot):
            wrong.append((index + 1, expected and expected[0], foot))
    assert wrong == []


def test_no_card_breaks_across_pages(latex_dir: Path) -> None:
    """Each working group's card (name, scope, guideline count) prints whole on one page."""
    registry = load_registry(REPO / "docs" / "_data")
    outline = handbook_outline(latex_dir)
    chapter = next(entry for entry in outline if entry[0] == "Working groups")
    pages = [letters(page) for page in pdf_text(latex_dir / "oneplusmg-framework.pdf").split("\f")]
    card_pages = pages[chapter[1] : chapter[2][0][1] + 1]  # the cards come before the first group's section
    for group in registry.working_groups.values():
        name, scope = letters(f"{group.id}: {group.name}"), letters(group.scope)
        assert any(name in page and scope in page for page in card_pages), group.id
