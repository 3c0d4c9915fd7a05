"""The citizen hub, "Let's talk genomics": plain language, and the links of the former hub kept.

Readability is Flesch reading ease (textstat) of each built page's article text: 60 and above
is plain English, 50 is the floor every page must clear. The report is printed and written to
tests/artifacts/readability.txt.

Link coverage compares the external links of the built hub with the links the former hub had,
as recorded in tests/data/current-site-links.yaml (entries of the lets-talk-genomics group, or
listed on a pages/citizen-hub/ page).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import textstat
import yaml

from conftest import ARTIFACTS, fresh_soup

MIN_READING_EASE = 50
MIN_LINK_COVERAGE = 0.90
CURRENT_SITE_LINKS = Path(__file__).parent / "data" / "current-site-links.yaml"


def citizen_pages(site: Path) -> list[Path]:
    pages = sorted((site / "citizen").rglob("*.html"))
    assert len(pages) >= 19, f"expected the hub's 19 pages, found {len(pages)}"
    return pages


def article(path: Path):
    body = fresh_soup(path).select_one("article.bd-article")
    assert body is not None, f"{path}: no article.bd-article"
    for anchor in body.select("a.headerlink"):  # the "#" beside each heading is not prose
        anchor.decompose()
    return body


def normalise(url: str) -> str:
    """A URL without fragment, tracking parameters or trailing slash, host in lower case."""
    parts = urlsplit(url.strip())
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.lower().startswith("utm_")]
    )
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"), query, ""))


def test_every_citizen_page_is_plain_language(site_html: Path) -> None:
    scores = {}
    for path in citizen_pages(site_html):
        text = article(path).get_text(" ", strip=True)
        scores[path.relative_to(site_html).as_posix()] = (
            textstat.flesch_reading_ease(text),
            textstat.lexicon_count(text),
        )
    lines = [f"{score:6.1f}  {words:5d} words  {name}" for name, (score, words) in scores.items()]
    report = "Flesch reading ease of the citizen hub (50 is the floor, 60+ is plain English)\n"
    report += "\n".join(lines) + f"\n{sum(w for _, w in scores.values())} words in {len(scores)} pages\n"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "readability.txt").write_text(report, encoding="utf-8")
    print("\n" + report)
    hard = {name: score for name, (score, _) in scores.items() if score < MIN_READING_EASE}
    assert hard == {}, f"pages below a reading ease of {MIN_READING_EASE}: {hard}"


def test_citizen_pages_keep_the_former_hubs_links(site_html: Path) -> None:
    entries = yaml.safe_load(CURRENT_SITE_LINKS.read_text(encoding="utf-8"))["entries"]
    expected = {
        normalise(e["url"]): e["title"]
        for e in entries
        if e.get("url")
        and (
            "lets-talk-genomics" in (e.get("groups") or [])
            or any(a["page"].startswith("pages/citizen-hub/") for a in e.get("appears_on") or [])
        )
    }
    found = {}
    for path in citizen_pages(site_html):
        for link in article(path).select("a.reference.external[href]"):
            found.setdefault(normalise(link["href"]), []).append((path.name, link.get_text(" ", strip=True)))
    missing = sorted(set(expected) - set(found))
    coverage = 1 - len(missing) / len(expected)
    print(f"\ncitizen-hub link coverage: {len(expected) - len(missing)}/{len(expected)} = {coverage:.0%}")
    assert len(expected) >= 50
    assert coverage >= MIN_LINK_COVERAGE, f"{coverage:.0%} of the hub's links; missing: {missing}"
    bare = [
        (page, text)
        for url, uses in found.items()
        for page, text in uses
        if text.startswith(("http://", "https://", "www."))
    ]
    assert bare == [], f"links shown as bare URLs instead of a title: {bare}"


def test_citizen_pages_embed_no_media(site_html: Path) -> None:
    for path in citizen_pages(site_html):
        body = article(path)
        assert body.select("iframe, video, audio, object, embed, script") == [], path
