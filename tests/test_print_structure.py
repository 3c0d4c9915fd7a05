"""The printed document's structure: the navigation's pages as its chapters and sections.

A small project whose index pages have their own headings and their toctree at the end, as the
site's have: built with the LaTeX builder (no TeX needed), its pages must be sections of their
index page, after its text, and the web-only pages left out of print.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import build_project, small_project

ROOT = """# Handbook

```{toctree}
:hidden:

part/index
web/index
```
"""
PART = """# Part

Introduction to the part.

## About the first page

Read {doc}`first`, and {doc}`the web page <../web/index>`.

## Documents across the part

The last heading of the index page, where its toctree sits.

```{toctree}
first
second
```
"""
FIRST = "# First page\n\n## Its own heading\n\nText.\n"
SECOND = "# Second page\n\nText.\n"
WEB = "# For the web\n\nOnly on the site.\n"


def build_print(tmp_path: Path, **settings: object) -> tuple[str, str, list[str]]:
    """The LaTeX of the small project (its .tex, its text and its warnings)."""
    src = small_project(
        tmp_path / "src",
        ROOT,
        latex_documents=[("index", "handbook.tex", "Handbook", "Us", "manual", True)],
        html_baseurl="https://example.org/site/",
        **settings,
    )
    for name, text in {"part/index": PART, "part/first": FIRST, "part/second": SECOND, "web/index": WEB}.items():
        (src / f"{name}.md").parent.mkdir(parents=True, exist_ok=True)
        (src / f"{name}.md").write_text(text, encoding="utf-8")
    out, warnings = build_project("latex", src, tmp_path / "_build")
    tex = (out / "handbook.tex").read_text(encoding="utf-8")
    return tex, tex[tex.index(r"\begin{document}") :], warnings


def headings(body: str) -> list[str]:
    return re.findall(r"\\(chapter\*?|section\*?|subsection\*?|subsubsection\*?)\{([^}]*)\}", body)


def test_toctree_pages_are_sections_of_their_index_page_after_its_text(tmp_path: Path) -> None:
    _tex, body, warnings = build_print(tmp_path, oneplusmg_web_only=["web/*"])
    assert warnings == []
    assert headings(body) == [
        ("chapter", "Part"),
        ("section*", "About the first page"),  # the index page's own headings: unnumbered
        ("section*", "Documents across the part"),
        ("section", "First page"),  # its pages: numbered sections, after its text
        ("subsection", "Its own heading"),
        ("section", "Second page"),
    ]
    assert body.index("where its toctree sits") < body.index(r"\section{First page}")
    # Links to the unnumbered headings still arrive.
    assert r"\label{\detokenize{part/index:about-the-first-page}}" in body


def test_web_only_pages_are_left_out_and_linked_on_the_site(tmp_path: Path) -> None:
    _tex, body, _warnings = build_print(tmp_path, oneplusmg_web_only=["web/*"])
    assert "For the web" not in body and "Only on the site" not in body
    assert r"\sphinxhref{https://example.org/site/web/index.html}{" in body
    assert r"\hyperref[\detokenize{web/index::doc}]" not in body


def test_without_web_only_pages_every_page_prints(tmp_path: Path) -> None:
    _tex, body, _warnings = build_print(tmp_path)
    assert ("chapter", "For the web") in headings(body)
    assert r"\hyperref[\detokenize{web/index::doc}]" in body


GRID = """# Part

`````{grid} 1 2 2 2

````{grid-item-card} The first card
:link: first
:link-type: doc

What the first page says.
````

````{grid-item-card} The second card
:link: second
:link-type: doc

What the second page says.
````
`````

```{toctree}
first
second
```
"""


def test_a_grid_of_cards_prints_as_a_list_of_linked_titles(tmp_path: Path) -> None:
    src = small_project(
        tmp_path / "src",
        "# Handbook\n\n```{toctree}\n:hidden:\n\npart/index\n```\n",
        extensions=["myst_parser", "sphinx_design", "oneplusmg"],
        latex_documents=[("index", "handbook.tex", "Handbook", "Us", "manual", True)],
    )
    for name, text in {"part/index": GRID, "part/first": FIRST, "part/second": SECOND}.items():
        (src / f"{name}.md").parent.mkdir(parents=True, exist_ok=True)
        (src / f"{name}.md").write_text(text, encoding="utf-8")
    out, warnings = build_project("latex", src, tmp_path / "_build")
    assert warnings == []
    body = (out / "handbook.tex").read_text(encoding="utf-8")
    assert "sd-card" not in body
    items = re.findall(r"\\item \{\} \s*\\sphinxAtStartPar\s*(.*)", body)
    assert items == [
        r"\sphinxstylestrong{{\hyperref[\detokenize{part/first::doc}]{\sphinxcrossref{\DUrole{doc}{The first card}}}}}: "
        "What the first page says.",
        r"\sphinxstylestrong{{\hyperref[\detokenize{part/second::doc}]{\sphinxcrossref{\DUrole{doc}{The second card}}}}}: "
        "What the second page says.",
    ]


def test_a_start_page_printed_whole_gets_its_pages_as_chapters_after_its_text(tmp_path: Path) -> None:
    src = small_project(
        tmp_path / "src",
        PART.replace("# Part", "# Handbook").replace("../web/index", "second"),
        latex_documents=[("index", "handbook.tex", "Handbook", "Us", "manual", False)],
    )
    for name, text in {"first": FIRST, "second": SECOND}.items():
        (src / f"{name}.md").write_text(text, encoding="utf-8")
    out, warnings = build_project("latex", src, tmp_path / "_build")
    assert warnings == []
    body = (out / "handbook.tex").read_text(encoding="utf-8")
    assert headings(body[body.index(r"\begin{document}") :]) == [
        ("chapter*", "About the first page"),
        ("chapter*", "Documents across the part"),
        ("chapter", "First page"),
        ("section", "Its own heading"),
        ("chapter", "Second page"),
    ]
