"""The extension's strings go through its message catalog, so a translation changes the pages."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
import sphinx.locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from sphinx.testing.util import SphinxTestApp

import oneplusmg
from conftest import REPO, ROOTS, soup


def test_the_committed_template_is_what_the_code_says() -> None:
    """Regenerated from the code, the message template equals the committed one."""
    spec = importlib.util.spec_from_file_location("update_messages", REPO / "scripts" / "update-messages.py")
    assert spec and spec.loader
    update_messages = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(update_messages)
    committed = (Path(oneplusmg.__file__).parent / "locales" / "oneplusmg.pot").read_text(encoding="utf-8")
    assert update_messages.template_text() == committed, "run scripts/update-messages.py and commit the template"
    assert 'msgid "Required"' in committed and 'msgid "Today: %s"' in committed


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
