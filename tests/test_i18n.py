"""The extension's strings go through its message catalog, so a translation changes the pages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sphinx.locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from sphinx.testing.util import SphinxTestApp

import oneplusmg
from conftest import ROOTS, soup


def test_template_lists_every_translatable_string() -> None:
    template = (Path(oneplusmg.__file__).parent / "locales" / "oneplusmg.pot").read_text(encoding="utf-8")
    for message in ("Required", "Working groups", "Today: %s", "No guideline matches this selection (%s)."):
        assert f'msgid "{message}"' in template


def test_a_catalog_translates_badges_and_headers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = Catalog(locale="de", domain="oneplusmg")
    catalog.add("Required", "Erforderlich")
    catalog.add("Working groups", "Arbeitsgruppen")
    mo_dir = tmp_path / "locales" / "de" / "LC_MESSAGES"
    mo_dir.mkdir(parents=True)
    with open(mo_dir / "oneplusmg.mo", "wb") as handle:
        write_mo(handle, catalog)
    monkeypatch.setattr(oneplusmg, "LOCALE_DIR", tmp_path / "locales")
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-all", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, confoverrides={"language": "de"})
    try:
        app.build()
        page = soup(Path(app.outdir) / "index.html")
        assert page.select_one(".oneplusmg-badge-required").get_text() == "Erforderlich"
        assert "Arbeitsgruppen" in [th.get_text() for th in page.select("table.oneplusmg-catalogue th")]
    finally:
        app.cleanup()
        for namespace in ("general", "console"):
            sphinx.locale.translators.pop((namespace, "oneplusmg"), None)
