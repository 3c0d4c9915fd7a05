"""The website as published: found, shared, navigated, dated, and private (checked in the HTML).

What needs a browser (axe-core, the guideline filter, layout) is in test_browser.py.
"""

from __future__ import annotations

import re
import runpy
import shutil
import xml.etree.ElementTree as ElementTree
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace

import pytest
from sphinx.errors import ConfigError
from sphinx.util.tags import Tags

from conftest import REPO, STRICT_HTML, build_project, site_project, soup, sphinx_build

BASEURL = "https://framework.onemilliongenomes.eu/"
NOT_IN_SITEMAP = {"404.html", "search.html", "genindex.html"}
# Pages Sphinx makes without a source: no text to describe, so sphinxext-opengraph gives them no
# sharing meta (nor does the site list them in its sitemap).
GENERATED = {"search.html", "genindex.html"}


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if not p.relative_to(site).parts[0].startswith("_"))


def test_sitemap_lists_every_page_at_the_published_address(site_html: Path) -> None:
    tree = ElementTree.parse(site_html / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {loc.text for loc in tree.getroot().findall("s:url/s:loc", namespace)}
    expected = {
        BASEURL + p.relative_to(site_html).as_posix()
        for p in html_pages(site_html)
        if p.relative_to(site_html).as_posix() not in NOT_IN_SITEMAP
    }
    assert urls == expected
    assert len(urls) >= 90


def test_every_page_has_a_description_and_sharing_metadata(site_html: Path) -> None:
    """Search engines read the description, link previews OpenGraph (X reads og:title and
    og:description when there is no twitter:title or twitter:description)."""
    problems = []
    pages = [p for p in html_pages(site_html) if p.relative_to(site_html).as_posix() not in GENERATED]
    assert len(pages) >= 90
    for path in pages:
        page = soup(path)
        name = path.relative_to(site_html).as_posix()
        meta = {
            tag.get("property") or tag.get("name"): tag.get("content", "")
            for tag in page.select("meta[property], meta[name]")
        }
        for key in ("description", "og:title", "og:description", "og:type", "og:site_name", "og:image", "twitter:card"):
            if not meta.get(key, "").strip():
                problems.append(f"{name}: no {key}")
        canonical = page.select_one("link[rel=canonical]")
        if meta.get("og:url") != BASEURL + name or canonical is None or canonical["href"] != meta.get("og:url"):
            problems.append(f"{name}: og:url {meta.get('og:url')!r} is not the page's canonical address")
        image = meta.get("og:image", "")
        if not (image.startswith(BASEURL) and (site_html / image.removeprefix(BASEURL)).is_file()):
            problems.append(f"{name}: og:image {image!r} is not a file of the published site")
    assert problems == []
    home = soup(site_html / "index.html")
    assert home.select_one("meta[property='og:title']")["content"] == "1+MG Framework"
    assert home.select_one("meta[property='og:site_name']")["content"] == "1+MG Framework"
    description = home.select_one("meta[name=description]")["content"]
    assert description.startswith("The 1+ Million Genomes") and len(description) <= 200


def test_a_page_description_is_its_first_paragraph(site_html: Path) -> None:
    page = soup(site_html / "catalogue.html")
    first = page.select_one("article section > p").get_text(" ", strip=True)
    description = page.select_one("meta[property='og:description']")["content"].removesuffix("...")
    assert len(description) > 100 and first.startswith(description)


def test_every_page_shows_when_it_was_last_updated(site_html: Path) -> None:
    missing = [
        p.relative_to(site_html).as_posix()
        for p in html_pages(site_html)
        if not re.search(r"Last updated on \d{1,2} \w+ \d{4}", soup(p).select_one("footer.bd-footer").get_text(" "))
    ]
    assert missing == []


def test_pages_show_sections_breadcrumbs_contents_and_previous_next(site_html: Path) -> None:
    page = soup(site_html / "foundations" / "technical-infrastructure" / "access-management.html")
    sections = [a.get_text(strip=True) for a in page.select("header .bd-navbar-elements a.nav-link")]
    assert sections[:4] == ["Framework foundations", "Applying the Framework", "Let’s talk genomics", "Working groups"]
    crumbs = [li.get_text(" ", strip=True) for li in page.select("nav[aria-label=Breadcrumb] li")]
    assert crumbs[1:] == ["Framework foundations", "Technical infrastructure", "Access management"]
    assert page.select_one("a.left-prev[href]") and page.select_one("a.right-next[href]")
    edit = page.select_one(".editthispage a")["href"]
    assert edit.endswith("/edit/main/docs/foundations/technical-infrastructure/access-management.md")
    home = soup(site_html / "index.html")
    assert home.select("nav.page-toc a[href^='#']"), "no 'On this page' table of contents"


def test_section_navigation_is_named_and_not_shown_empty(site_html: Path) -> None:
    unnamed = []
    for path in html_pages(site_html):
        for summary in soup(path).select("nav.bd-docs-nav summary"):
            if not (summary.get("aria-label") or summary.get_text(strip=True)):
                unnamed.append(path.relative_to(site_html).as_posix())
    assert unnamed == []
    country = soup(site_html / "applying" / "national" / "countries" / "at.html")
    assert country.select_one("summary[aria-label='Pages in National implementation']")
    # The catalogue has no sub-pages: no empty "Section Navigation" beside it.
    assert soup(site_html / "catalogue.html").select_one("nav.bd-docs-nav") is None
    assert soup(site_html / "foundations" / "index.html").select_one("nav.bd-docs-nav a") is not None


# sphinx-notfound-page's 404 page calls global_toctree_for_doc without tags (its code, not ours).
@pytest.mark.filterwarnings("ignore:'tags' will become a required keyword argument")
def test_a_section_pages_list_of_its_pages_is_labelled_on_the_web_only(tmp_path: Path) -> None:
    """Under a page's last heading, a bare list of pages read as part of that section."""
    index = "# Home\n\n## Last section\n\nText.\n\n```{toctree}\na\n```\n\n```{toctree}\n:hidden:\nb\n```\n"
    src = site_project(
        tmp_path / "src",
        index,
        html_sidebars={"**": ["globaltoc.html"]},
        html_theme_options={"globaltoc_maxdepth": 2, "globaltoc_includehidden": True},
    )
    (src / "a.md").write_text("# Page A\n\n```{toctree}\n:caption: Its own caption\nc\n```\n")
    for name in "bc":
        (src / f"{name}.md").write_text(f"# Page {name.upper()}\n")
    html, warnings = build_project("html", src, tmp_path / "html")
    assert warnings == []
    home = soup(html / "index.html")
    labels = [p.get_text(strip=True) for p in home.select(".toctree-wrapper > p.caption")]
    assert labels == ["In this section"]  # the visible list only, not the hidden one
    assert home.select_one(".toctree-wrapper > p.caption").find_next("a").get_text() == "Page A"
    assert [p.get_text(strip=True) for p in soup(html / "a.html").select(".toctree-wrapper p.caption")] == [
        "Its own caption"
    ]
    # The navigation made from the same toctree has no label, on the page with the list or elsewhere.
    assert home.select_one(".sphinxsidebar a[href='a.html']") is not None
    assert home.get_text().count("In this section") == 1
    assert "In this section" not in soup(html / "b.html").get_text()
    text, _ = build_project("text", src, tmp_path / "text")
    assert "In this section" not in (text / "index.txt").read_text(encoding="utf-8")


def test_the_bibliography_is_a_list_of_list_items(site_html: Path) -> None:
    page = soup(site_html / "references.html")
    lists = page.select("[role=list].citation-list")
    assert lists, "no citation list"
    for citation_list in lists:
        roles = {child.get("role") for child in citation_list.find_all(recursive=False)}
        assert roles == {"listitem"}
    for path in html_pages(site_html):
        assert "doc-biblioentry" not in path.read_text(encoding="utf-8"), path


def test_guideline_tables_name_the_column_of_every_cell(site_html: Path) -> None:
    page = soup(site_html / "catalogue.html")
    table = page.select_one("table.oneplusmg-catalogue")
    headers = [th.get("class") for th in table.select("thead th")]
    assert [next(c for c in h if c.startswith("oneplusmg-col-")) for h in headers] == [
        "oneplusmg-col-title",
        "oneplusmg-col-level",
        "oneplusmg-col-working-groups",
        "oneplusmg-col-year",
    ]
    for row in table.select("tbody tr"):
        assert len([td for td in row.select("td") if any(c.startswith("oneplusmg-col-") for c in td["class"])]) == 4
    assert all(badge.get_text(strip=True) for badge in page.select(".oneplusmg-badge"))
    script = page.select_one("script[src*='oneplusmg-tables.js']")
    assert script is not None and script.has_attr("defer")
    assert (site_html / "_static" / "oneplusmg-tables.js").is_file()


def test_guidelines_are_in_the_search_index_under_their_titles(site_html: Path) -> None:
    index = (site_html / "searchindex.js").read_text(encoding="utf-8")
    assert '"guideline"' in index  # the object type the search page shows ("guideline, in ...")
    assert "Beacon Network" in index


def test_the_404_page_works_at_any_depth(site_html: Path) -> None:
    """The server answers any missing address with 404.html: every link, style and script of it
    starts from the site's root (and points at a file that exists), its text's links too."""
    text = (site_html / "404.html").read_text(encoding="utf-8")
    page = soup(site_html / "404.html")
    assert page.select_one("h1").get_text(strip=True).startswith("Page not found")
    assert "There is no page at this address" in page.select_one("article").get_text(" ")
    assert page.select_one("meta[name=robots]")["content"] == "noindex"
    # docs/404.md's front matter hides the "On this page" column (a parallel build kept it too).
    assert page.select_one("#pst-secondary-sidebar") is None
    relative = re.findall(r'\b(?:href|src|action)="(?![a-z][a-z0-9+.-]*:|/|#)[^"]*"', text)
    assert relative == []
    assert page.select_one("article a[href='/catalogue.html']") is not None
    assert page.select_one("link[rel=stylesheet][href^='/_static/styles/pydata-sphinx-theme.css']") is not None
    assert 'data-content_root="/"' in text
    rooted = {url.split("?")[0].split("#")[0] for url in re.findall(r'\b(?:href|src|action)="(/[^/"][^"]*)"', text)}
    assert len(rooted) >= 20
    assert [url for url in rooted if not (site_html / url.lstrip("/")).is_file()] == []


def test_a_parallel_reader_hands_back_only_the_metadata_of_what_it_read(tmp_path: Path) -> None:
    """sphinx-notfound-page's collector makes a 404 entry in every reader and merged a reader's
    whole metadata: a reader that never read 404.md, finishing last, replaced the page's front
    matter with that entry. Merged here as Sphinx merges a reader that read only the index."""
    from sphinx.testing.util import SphinxTestApp

    src = site_project(tmp_path / "src", "# Home\n\nText.\n")
    (src / "404.md").write_text("---\nhtml_theme.sidebar_secondary.remove: true\n---\n\n# Page not found\n")
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "build")
    try:
        app.build()
        env = app.env
        assert env.metadata["404"]["html_theme.sidebar_secondary.remove"]
        reader = SimpleNamespace(**vars(env))  # what a reader process hands back, its metadata as left by reading
        reader.metadata = defaultdict(dict, index=dict(env.metadata["index"]), **{"404": {"orphan": True}})
        env.merge_info_from(["index"], reader, app)
        assert env.metadata["404"]["html_theme.sidebar_secondary.remove"]
    finally:
        app.cleanup()


@pytest.mark.slow  # a second build of the whole site
def test_the_site_built_in_one_process_equals_the_parallel_build(site_html: Path, tmp_path: Path) -> None:
    """`make html` reads and writes in several processes (-j auto); one process gives the same files."""
    out = tmp_path / "html"
    result = sphinx_build(*("1" if option == "auto" else option for option in STRICT_HTML), "docs", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    files = output_files(out)
    assert len(files) > 300 and files == output_files(site_html)
    assert [str(f) for f in files if (out / f).read_bytes() != (site_html / f).read_bytes()] == []


def output_files(out: Path) -> list[Path]:
    """The files of a build's output, without Sphinx's pickled doctrees (which differ by process)."""
    return sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file() and ".doctrees" not in p.parts)


def test_every_search_form_has_a_submit_button(site_html: Path) -> None:
    """The search dialog on every page, and the search page's form: a form that only the Enter key
    submits fails WCAG 3.2.2 (HTML_CodeSniffer H32.2; tests/test_checkers.py runs it)."""
    problems = []
    for path in html_pages(site_html):
        forms = soup(path).select("form.bd-search")
        buttons = [form.select_one("button[type=submit]") for form in forms]
        if not forms or None in buttons or any(not button.get_text(strip=True) for button in buttons if button):
            problems.append(path.relative_to(site_html).as_posix())
    assert problems == []
    assert len(soup(site_html / "search.html").select("form.bd-search button[type=submit]")) == 2


def test_the_output_holds_no_unrendered_template(site_html: Path) -> None:
    """Sphinx copies the theme's static folder as it is: pydata-sphinx-theme's Jinja macros
    (_static/webpack-macros.html) were published as an HTML file full of template code."""
    jinja = re.compile(r"\{%-?\s|\{\{-?\s")
    templates = [
        path.relative_to(site_html).as_posix()
        for path in site_html.rglob("*.html")
        if jinja.search(path.read_text(encoding="utf-8"))
    ]
    assert templates == []
    assert not (site_html / "_static" / "webpack-macros.html").exists()
    assert (site_html / "_static" / "styles" / "pydata-sphinx-theme.css").is_file()


def test_no_analytics_and_no_cookies_by_default(site_html: Path) -> None:
    pattern = re.compile(r"plausible|googletagmanager|google-analytics|gtag\(|matomo|document\.cookie", re.I)
    offenders = [
        p.relative_to(site_html).as_posix()
        for p in html_pages(site_html)
        if pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    own_scripts = list((site_html / "_static").glob("oneplusmg*.js"))
    assert own_scripts and not any("cookie" in p.read_text(encoding="utf-8") for p in own_scripts)


def run_conf() -> tuple[dict[str, object], Tags]:
    """The site's conf.py as Sphinx runs it (with its tags), and the tags it leaves."""
    tags = Tags()
    return runpy.run_path(str(REPO / "conf.py"), init_globals={"tags": tags}), tags


def test_analytics_only_when_configured_only_cookie_less_and_from_the_site_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ONEPLUSMG_PLAUSIBLE_DOMAIN", raising=False)
    monkeypatch.delenv("ONEPLUSMG_PLAUSIBLE_URL", raising=False)
    namespace, tags = run_conf()
    assert "analytics" not in namespace["html_theme_options"] and not tags.has("analytics")  # type: ignore[operator]
    monkeypatch.setenv("ONEPLUSMG_PLAUSIBLE_DOMAIN", "framework.onemilliongenomes.eu")
    for script in ("/js/script.js", "https://framework.onemilliongenomes.eu/js/script.js"):
        monkeypatch.setenv("ONEPLUSMG_PLAUSIBLE_URL", script)
        namespace, tags = run_conf()
        assert namespace["html_theme_options"]["analytics"] == {  # type: ignore[index]
            "plausible_analytics_domain": "framework.onemilliongenomes.eu",
            "plausible_analytics_url": script,
        }
        assert tags.has("analytics")
    # A script from another host would tell that host of every visit: refused, with the reason.
    monkeypatch.setenv("ONEPLUSMG_PLAUSIBLE_URL", "https://stats.example.org/js/script.js")
    with pytest.raises(ConfigError, match=re.escape("stats.example.org: serve the script from the site's own host")):
        run_conf()


def test_the_privacy_page_says_whether_visits_are_counted(site_html: Path, tmp_path: Path) -> None:
    """The privacy statement follows the configuration: no statistics by default; with analytics
    (the tag conf.py sets), what Plausible counts and where its script comes from."""
    default = soup(site_html / "about" / "privacy.html").select_one("article").get_text(" ", strip=True)
    assert "No visitor statistics." in default and "Plausible" not in default
    result = sphinx_build("-q", "-j", "auto", "-t", "analytics", "-b", "text", "docs", str(tmp_path))
    assert result.returncode == 0, result.stderr[-3000:]
    counted = " ".join((tmp_path / "about" / "privacy.txt").read_text(encoding="utf-8").split())
    assert "Visitor statistics without cookies." in counted and "No visitor statistics" not in counted
    assert "script is served from this site" in counted


def source_archive(folder: Path) -> Path:
    """The site's sources without .git, as in a release archive."""
    ignore = shutil.ignore_patterns("__pycache__", "_build", ".git")
    for name in ("docs", "_ext", "_static", "_templates"):
        shutil.copytree(REPO / name, folder / name, ignore=ignore)
    shutil.copy2(REPO / "conf.py", folder / "conf.py")
    return folder


def build_html(tree: Path, out: Path) -> None:
    result = sphinx_build(*STRICT_HTML, "docs", str(out), cwd=tree)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "git" not in result.stderr.lower()


def test_committed_pages_are_dated_by_git(site_html: Path) -> None:
    """sphinx-last-updated-by-git dates the pages of a git checkout (the page and the sitemap)."""
    page = soup(site_html / "about" / "index.html")
    assert page.select_one("meta[property='article:modified_time']") is not None
    sitemap = (site_html / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<lastmod>") >= 80


@pytest.mark.slow  # a second build of the whole site, from a copy
def test_a_build_outside_git_has_no_warning_and_still_dates_its_pages(tmp_path: Path) -> None:
    """A source archive (no .git): no "last updated" warning, and every page shows the build date."""
    out = tmp_path / "html"
    build_html(source_archive(tmp_path / "archive"), out)
    page = soup(out / "about" / "index.html")
    footer = page.select_one("footer.bd-footer").get_text(" ")
    assert re.search(r"Last updated on \d{1,2} \w+ \d{4}", footer)
    assert page.select_one("meta[property='article:modified_time']") is None  # no date from git
    assert page.select_one(".editthispage a[href$='/docs/about/index.md']") is not None

    # An incremental build (one page changed) still lists every page in the sitemap.
    sitemap = (out / "sitemap.xml").read_bytes()
    assert sitemap.count(b"<url>") >= 90
    page = tmp_path / "archive" / "docs" / "about" / "contact.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    build_html(tmp_path / "archive", out)
    assert "One more sentence." in (out / "about" / "contact.html").read_text(encoding="utf-8")
    assert (out / "sitemap.xml").read_bytes() == sitemap
