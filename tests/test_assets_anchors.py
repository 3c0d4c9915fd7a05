"""The extension's stylesheet and script carry the checksum of the file readers get, and no page
repeats an HTML id or a LaTeX label, however many directives it holds."""

from __future__ import annotations

import re
import shutil
import zlib
from collections import Counter
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

import oneplusmg
from conftest import ROOTS, build_project, small_project, soup


def checksum(path: Path) -> str:
    """Sphinx's ``?v=`` value: the CRC-32 of the file in the output, in hex."""
    return f"{zlib.crc32(path.read_bytes()):08x}"


def asset_versions(outdir: Path) -> dict[str, str]:
    page = soup(outdir / "index.html")
    links = [tag.get("href") for tag in page.find_all("link")] + [tag.get("src") for tag in page.find_all("script")]
    found = {}
    for link in filter(None, links):
        match = re.match(r"_static/(oneplusmg[\w.-]*\.(?:css|js))\?v=(\w+)$", link)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def test_assets_carry_the_checksum_of_the_published_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    static = shutil.copytree(oneplusmg.STATIC_DIR, tmp_path / "static")
    monkeypatch.setattr(oneplusmg, "STATIC_DIR", static)
    src = shutil.copytree(ROOTS / "test-all", tmp_path / "src")

    def build() -> dict[str, str]:
        app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "_build")
        try:
            app.build()
        finally:
            app.cleanup()
        return asset_versions(Path(app.outdir))

    first = build()
    out = tmp_path / "_build" / "html" / "_static"
    assert set(first) == {"oneplusmg.css", "oneplusmg-tables.js"}  # already on the first build
    assert first["oneplusmg.css"] == checksum(out / "oneplusmg.css")
    css = static / "oneplusmg.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.edited { color: red; }\n", encoding="utf-8")
    (src / "index.md").write_text((src / "index.md").read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    second = build()
    assert second["oneplusmg.css"] == checksum(out / "oneplusmg.css") != first["oneplusmg.css"]
    assert ".edited" in (out / "oneplusmg.css").read_text(encoding="utf-8")


TWICE = """\
# Twice

```{phase-timeline}
```

```{phase-timeline}
```

```{guideline-table}
:caption: Data standards
:level: required
```

```{guideline-table}
:caption: Data standards!
```

```{wg-cards}
```

```{wg-cards}
```

```{project-table}
```

```{project-table}
```

```{country-table}
```

```{country-table}
```
"""


def build_twice(tmp_path: Path, builder: str) -> Path:
    src = small_project(
        tmp_path / "src", TWICE, oneplusmg_data_dir=str(ROOTS / "_data-basic"), oneplusmg_today="2026-11-25"
    )
    out, warnings = build_project(builder, src, tmp_path / "_build")
    assert warnings == []
    return out


def test_two_directives_on_a_page_never_repeat_an_html_id(tmp_path: Path) -> None:
    page = soup(build_twice(tmp_path, "html") / "index.html")
    ids = Counter(tag["id"] for tag in page.find_all(id=True))
    assert [name for name, count in ids.items() if count > 1] == []
    assert ids["phase-operation"] == 1 and ids["wg-wg2"] == 1 and ids["project-b1mg"] == 1
    assert {"table-data-standards", "table-data-standards-2"} <= set(ids)


def test_two_directives_on_a_page_never_repeat_a_latex_label(tmp_path: Path) -> None:
    tex = next(build_twice(tmp_path, "latex").glob("*.tex")).read_text(encoding="utf-8")
    labels = Counter(re.findall(r"\\label\{\\detokenize\{([^}]*)\}\}", tex))
    assert [name for name, count in labels.items() if count > 1] == []
    assert labels["index:phase-operation"] == 1
