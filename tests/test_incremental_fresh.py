"""An incremental build gives the same pages as a fresh one, after each of several edits.

Each step edits the sources or a registry, rebuilds incrementally in one output folder and builds
the same sources from scratch in another; every page must be the same in both. The edits are the
ones that went stale before: a registry a table only filters by, a page holding a link target
that goes away, a record's own page that appears, a title shown on other pages.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import ROOTS

PAGES = {
    "index.md": "# Home\n\n```{toctree}\ncatalogue\nprojects\ngreece\nroles\ncards\ntimeline\n```\n",
    "catalogue.md": "# Catalogue\n\n```{guideline-table}\n:catalogue:\n```\n",
    "projects.md": "# Projects\n\n```{project-table}\n```\n",
    "greece.md": "# Greece\n\n```{guideline-table}\n:country: GR\n:columns: title, year\n```\n",
    "roles.md": "# Roles\n\n{project}`B1MG`, {wg}`WG5`, {guideline}`duo`, {phase}`operation`, {country}`GR`.\n",
    "cards.md": "# Cards\n\n```{wg-cards}\n```\n",
    "timeline.md": "# Timeline\n\n```{phase-timeline}\n```\n\n```{country-table}\n```\n",
}
CONF = """\
import os, sys
sys.path.insert(0, os.environ["ONEPLUSMG_EXT_DIR"])
extensions = ["myst_parser", "oneplusmg"]
oneplusmg_today = "2026-11-25"
suppress_warnings = ["oneplusmg.reference", "toc.not_included"]
"""


def write_project(src: Path) -> None:
    src.mkdir(parents=True)
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    for name, text in PAGES.items():
        (src / name).write_text(text, encoding="utf-8")
    shutil.copytree(ROOTS / "_data-basic", src / "_data")
    guidelines = src / "_data" / "guidelines.yaml"
    guidelines.write_text(
        guidelines.read_text(encoding="utf-8").replace(
            "  url: https://example.org/duo\n", "  url: https://example.org/duo\n  countries: [GR]\n", 1
        ),
        encoding="utf-8",
    )


def build(src: Path, out: Path) -> dict[str, str]:
    app = SphinxTestApp("html", srcdir=src, builddir=out)
    try:
        app.build()
    finally:
        app.cleanup()
    return {
        path.name: path.read_text(encoding="utf-8")
        for path in sorted(Path(app.outdir).glob("*.html"))
        if path.name not in ("search.html", "genindex.html")
    }


def edit(path: Path, change: Callable[[str], str]) -> None:
    """Change a file and give it a modification time after the last build."""
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    time.sleep(0.02)
    os.utime(path)


def rename_greece(src: Path) -> None:
    edit(src / "_data" / "countries.yaml", lambda t: t.replace("- id: GR\n", "- id: GX\n"))


def drop_the_projects_page(src: Path) -> None:
    (src / "projects.md").unlink()
    edit(src / "index.md", lambda t: t.replace("projects\n", ""))


def give_wg5_a_page(src: Path) -> None:
    (src / "wg5.md").write_text("(wg-wg5)=\n# WG5\n\nIts own page.\n", encoding="utf-8")
    edit(src / "index.md", lambda t: t.replace("timeline\n", "timeline\nwg5\n"))


def retitle_a_guideline(src: Path) -> None:
    edit(src / "_data" / "guidelines.yaml", lambda t: t.replace("Data Use Ontology", "The Data Use Ontology"))


def move_the_timeline(src: Path) -> None:
    edit(src / "timeline.md", lambda t: t.replace("```{phase-timeline}\n```\n", ""))
    edit(src / "cards.md", lambda t: t + "\n```{phase-timeline}\n```\n")


STEPS = [rename_greece, drop_the_projects_page, give_wg5_a_page, retitle_a_guideline, move_the_timeline]


def test_incremental_builds_equal_fresh_builds_after_each_edit(tmp_path: Path) -> None:
    src = tmp_path / "src"
    write_project(src)
    incremental = tmp_path / "incremental"
    build(src, incremental)
    for number, step in enumerate(STEPS):
        step(src)
        again = build(src, incremental)
        fresh = build(src, tmp_path / f"fresh-{number}")
        # Sphinx leaves the page of a removed document in the output; every other page must match.
        assert fresh.keys() <= again.keys(), step.__name__
        for name in fresh:
            assert again[name] == fresh[name], f"after {step.__name__}: {name} differs from a fresh build"


@pytest.mark.parametrize("step", STEPS, ids=[step.__name__ for step in STEPS])
def test_each_edit_changes_what_it_should(tmp_path: Path, step: Callable[[Path], None]) -> None:
    """The steps above are real changes: each one alters at least one page."""
    src = tmp_path / "src"
    write_project(src)
    before = build(src, tmp_path / "before")
    step(src)
    after = build(src, tmp_path / "after")
    assert before != after


def test_generated_files_are_written_again_only_when_their_text_changes(tmp_path: Path) -> None:
    """Exports, citation files and page stubs keep their time stamps through a page edit; a
    retitled guideline rewrites the files that show its title, and only those."""
    src = tmp_path / "src"
    write_project(src)
    (src / "conf.py").write_text(CONF + 'oneplusmg_guideline_pages = "guidelines"\n', encoding="utf-8")
    out = tmp_path / "out"
    build(src, out)
    generated = [
        path
        for folder in (out / "html" / "_data", out / "html" / "_data" / "cite", src / "guidelines")
        for path in folder.iterdir()
        if path.is_file()
    ]
    assert {path.suffix for path in generated} >= {".json", ".csv", ".bib", ".ris", ".md"}
    stamps = {path: path.stat().st_mtime_ns for path in generated}
    edit(src / "roles.md", lambda text: text + "\nOne more sentence.\n")
    build(src, out)
    assert {path: path.stat().st_mtime_ns for path in generated} == stamps
    retitle_a_guideline(src)
    build(src, out)
    rewritten = {str(path.relative_to(tmp_path)) for path in generated if path.stat().st_mtime_ns != stamps[path]}
    assert rewritten == {
        "out/html/_data/guidelines.json",
        "out/html/_data/guidelines.csv",
        "out/html/_data/guidelines.bib",
        "out/html/_data/cite/duo.bib",
        "out/html/_data/cite/duo.ris",
    }
