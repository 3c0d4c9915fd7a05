"""Parallel reads give the same site as serial ones; editing a registry re-reads only its users."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from conftest import ROOTS, warnings_of
from oneplusmg.registry import load_registry
from oneplusmg.selection import related_guidelines


def build_copy(tmp_path: Path, root: str, parallel: int, data: Path | None = None) -> SphinxTestApp:
    srcdir = tmp_path / f"{root}-j{parallel}"
    shutil.copytree(ROOTS / f"test-{root}", srcdir)
    overrides = {"oneplusmg_data_dir": str(data)} if data else {}
    app = SphinxTestApp("html", srcdir=srcdir, parallel=parallel, confoverrides=overrides)
    app.build()
    return app


def pages(outdir: Path) -> dict[str, str]:
    return {
        str(p.relative_to(outdir)): p.read_text(encoding="utf-8")
        for p in sorted(outdir.rglob("*.html"))
        if p.name not in ("search.html", "genindex.html")
    }


def referred(html: str) -> list[str]:
    """The pages a guideline's page lists as referring to it, by link target."""
    return [a["href"] for a in BeautifulSoup(html, "html.parser").select("ul.oneplusmg-referred a")]


def build_pages(tmp_path: Path, parallel: int) -> tuple[dict[str, str], list[str], bool]:
    app = build_copy(tmp_path, "parallel", parallel)
    try:
        return pages(Path(app.outdir)), warnings_of(app), app.is_parallel_allowed("read")
    finally:
        app.cleanup()


def test_parallel_build_equals_serial_build(tmp_path: Path) -> None:
    one, serial_warnings, _ = build_pages(tmp_path, 1)
    two, parallel_warnings, allowed = build_pages(tmp_path, 2)
    assert serial_warnings == [] and parallel_warnings == [] and allowed
    assert len(one) == 17 + 6 and one.keys() == two.keys()  # 16 pages, the index, 6 guideline pages
    for name in one:
        assert one[name] == two[name], name
    # The guideline pages gathered the mentions of all 16 pages, across the worker processes.
    assert referred(two["guidelines/consent-toolkit.html"]) == [f"../page-{i:02d}.html" for i in (3, 7, 11, 15)]
    assert len(referred(two["guidelines/duo.html"])) == 4


def reread_docs(app: SphinxTestApp) -> list[str]:
    docnames: list[str] = []
    app.connect("env-before-read-docs", lambda _app, _env, names: docnames.extend(names))
    app.build()
    return sorted(docnames)


def rebuild(srcdir: Path, data: Path) -> SphinxTestApp:
    return SphinxTestApp("html", srcdir=srcdir, confoverrides={"oneplusmg_data_dir": str(data)})


def touch(path: Path) -> None:
    """Mark a file as edited now, after the last build read its pages (never in the future)."""
    time.sleep(0.05)
    os.utime(path)


def test_editing_a_registry_rereads_only_the_pages_that_use_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOTS / "_data-basic", data)
    first = build_copy(tmp_path, "parallel", 1, data)
    srcdir = Path(first.srcdir)
    first.cleanup()

    app = rebuild(srcdir, data)
    assert reread_docs(app) == []  # nothing changed, nothing re-read
    app.cleanup()

    # A comment above the records moves every record's line and changes none of them.
    guidelines = data / "guidelines.yaml"
    guidelines.write_text("# Guidelines of the test registry.\n" + guidelines.read_text())
    touch(guidelines)
    app = rebuild(srcdir, data)
    assert reread_docs(app) == []
    app.cleanup()

    # One title in guidelines.yaml: the pages that show that guideline (the catalogue, the
    # tables of required guidelines and the duo roles, pages 4, 8, 12, 16), its own page and the
    # pages that list it among their related guidelines; not the cards (no count changed) nor
    # the pages that show other guidelines only.
    guidelines = data / "guidelines.yaml"
    guidelines.write_text(guidelines.read_text().replace("Data Use Ontology", "Data Use Ontology v2"))
    touch(guidelines)
    registry = load_registry(data)
    related = [
        f"guidelines/{g.id}"
        for g in registry.guidelines.values()
        if "duo" in [other.id for other in related_guidelines(registry, g)]
    ]
    app = rebuild(srcdir, data)
    expected = sorted(["index", "guidelines/duo", *related, *(f"page-{i:02d}" for i in (4, 8, 12, 16))])
    assert reread_docs(app) == expected
    assert "Data Use Ontology v2" in (Path(app.outdir) / "page-04.html").read_text(encoding="utf-8")
    app.cleanup()

    # phases.yaml: the timelines, the phase roles, the tables and the guideline pages (they show
    # phase names).
    touch(data / "phases.yaml")
    app = rebuild(srcdir, data)
    expected = sorted(
        [
            "index",
            *(f"guidelines/{g}" for g in registry.guidelines),
            *(f"page-{i:02d}" for i in range(1, 17) if i % 4 in (0, 2)),
        ]
    )
    assert reread_docs(app) == expected
    app.cleanup()


def test_editing_a_page_rereads_it_alone_and_rewrites_the_guideline_pages_it_changed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOTS / "_data-basic", data)
    first = build_copy(tmp_path, "parallel", 1, data)
    srcdir = Path(first.srcdir)
    first.cleanup()
    page = srcdir / "page-03.md"
    page.write_text(page.read_text().replace("{guideline}`consent-toolkit`", "{guideline}`glossary`"))
    touch(page)
    app = rebuild(srcdir, data)
    assert reread_docs(app) == ["page-03"]  # not the catalogue
    out = Path(app.outdir)
    assert "../page-03.html" in referred((out / "guidelines" / "glossary.html").read_text(encoding="utf-8"))
    assert "../page-03.html" not in referred((out / "guidelines" / "consent-toolkit.html").read_text(encoding="utf-8"))
    app.cleanup()


@pytest.mark.parametrize("kind", ["wg", "guideline"])
def test_removing_a_record_a_page_links_to_is_reported_at_the_page(tmp_path: Path, kind: str) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOTS / "_data-basic", data)
    first = build_copy(tmp_path, "parallel", 1, data)
    srcdir = Path(first.srcdir)
    first.cleanup()
    if kind == "wg":
        path, old, new = data / "working-groups.yaml", "- id: WG1\n", "- id: WG9\n"
        path.write_text(path.read_text().replace(old, new).replace("[WG1]", "[WG9]"))
        gl = data / "guidelines.yaml"
        gl.write_text(gl.read_text().replace("[WG1]", "[WG9]"))
    else:
        path = data / "guidelines.yaml"
        path.write_text(path.read_text().replace("id: consent-toolkit", "id: consent-kit"))
    touch(path)
    app = rebuild(srcdir, data)
    app.build()
    warnings = "\n".join(warnings_of(app))
    assert "page-03.md:3: WARNING: unknown" in warnings, warnings
    app.cleanup()


def test_an_unchanged_registry_is_not_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import oneplusmg.domain

    data = tmp_path / "data"
    shutil.copytree(ROOTS / "_data-basic", data)
    calls: list[str] = []
    real_load = oneplusmg.domain.load_registry
    monkeypatch.setattr(oneplusmg.domain, "load_registry", lambda path: calls.append(path) or real_load(path))
    first = build_copy(tmp_path, "parallel", 1, data)
    srcdir = Path(first.srcdir)
    first.cleanup()
    assert len(calls) == 1  # once for the whole build, not once per directive or page
    app = rebuild(srcdir, data)
    app.build()
    app.cleanup()
    assert len(calls) == 1  # the pickled registry is reused: same files, same mtimes
    touch(data / "countries.yaml")
    app = rebuild(srcdir, data)
    app.build()
    app.cleanup()
    assert len(calls) == 2


def test_exports_follow_the_registry(tmp_path: Path) -> None:
    """The JSON export round-trips to the registry, and follows an edit of it."""
    import json
    from dataclasses import asdict

    data = tmp_path / "data"
    shutil.copytree(ROOTS / "_data-basic", data)
    first = build_copy(tmp_path, "parallel", 1, data)
    srcdir, export = Path(first.srcdir), Path(first.outdir) / "_data" / "guidelines.json"
    first.cleanup()
    registry = load_registry(data)
    exported = json.loads(export.read_text(encoding="utf-8"))
    assert [g["id"] for g in exported] == list(registry.guidelines)
    # Every field of every record, as the registry holds it (the line number aside).
    assert exported == [{k: v for k, v in asdict(g).items() if k != "line"} for g in registry.guidelines.values()]
    text = (data / "guidelines.yaml").read_text(encoding="utf-8")
    (data / "guidelines.yaml").write_text(text.replace("id: duo", "id: duo-renamed", 1), encoding="utf-8")
    app = rebuild(srcdir, data)
    app.build()
    app.cleanup()
    assert '"id": "duo-renamed"' in export.read_text(encoding="utf-8")
