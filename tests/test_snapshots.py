"""Doctree snapshots of every test root, as html, latex and text see them.

What our directives and roles produce is compared with the stored snapshots in
``tests/__snapshots__/``: a change of output fails here until it is reviewed and the snapshots
are written again with ``make test PYTEST_ARGS="tests/test_snapshots.py --snapshot-update"``
(the diff of the .ambr file is the review). Sphinx's own parts of the page are left out: the
snapshot is each document's doctree once our placeholders are resolved for that builder.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import ROOTS

# The bibliography root shows sphinxcontrib-bibtex's nodes, not ours (test_bibliography.py checks its
# pages); that extension fills its citation nodes in place, so a second resolution, this test's,
# would record each entry twice.
NOT_SNAPSHOTTED = {"bibliography"}
SNAPSHOT_ROOTS = sorted(
    name
    for path in ROOTS.glob("test-*")
    if path.is_dir() and (name := path.name.removeprefix("test-")) not in NOT_SNAPSHOTTED
)
BUILDERS = ("html", "latex", "text")


def resolved_doctrees(tmp_path: Path, root: str, builder: str) -> str:
    """Every document's resolved doctree, in docname order, with the paths of this run removed."""
    src = shutil.copytree(ROOTS / f"test-{root}", tmp_path / root)
    app = SphinxTestApp(
        builder, srcdir=src, builddir=tmp_path / "_build", confoverrides={"oneplusmg_today": "2026-11-25"}
    )
    try:
        app.build()
        parts = []
        for docname in sorted(app.env.found_docs):
            doctree = app.env.get_and_resolve_doctree(docname, app.builder, tags=app.tags)
            parts.append(f"== {docname}\n{doctree.pformat()}")
    finally:
        app.cleanup()
    text = "\n".join(parts)
    for path in (str(src), str(ROOTS)):
        text = text.replace(path, "<root>")
    return re.sub(r"(checksum|source)=\"[^\"]*\"", r'\1="..."', text)


@pytest.mark.parametrize("builder", BUILDERS)
@pytest.mark.parametrize("root", SNAPSHOT_ROOTS)
def test_doctree_matches_its_snapshot(tmp_path: Path, root: str, builder: str, snapshot) -> None:
    assert resolved_doctrees(tmp_path, root, builder) == snapshot
