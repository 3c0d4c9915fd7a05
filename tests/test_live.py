"""The live preview's warm builds (python -m oneplusmg.live): the same output as sphinx-build, reloads.

A worker prepares each Sphinx application before the save it will build; these tests check that
what it builds after a page edit, a registry edit and a configuration edit equals a fresh
sphinx-build of the same sources, and that the server tells the browser to reload.
"""

from __future__ import annotations

import ast
import gc
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

import pytest

from conftest import REPO, ROOTS, fresh_soup, site_project, small_project
from oneplusmg.live import Worker, prepare

PAGE = """# Live preview

The {guideline}`duo` is required.

```{guideline-table}
:working-group: WG5
```
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A one-page project with its own copy of the registries, to be edited."""
    data = tmp_path / "data"
    shutil.copytree(ROOTS / "_data-basic", data)
    return small_project(tmp_path / "src", PAGE, oneplusmg_data_dir=str(data), oneplusmg_today="2026-11-25")


def retitle(project: Path, old: str, new: str) -> Path:
    path = project.parent / "data" / "guidelines.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(f"title: {old}\n", f"title: {new}\n"), encoding="utf-8")
    return path


def page_text(out: Path) -> str:
    """The page's main text, which a fresh build must match."""
    article = fresh_soup(out / "index.html").select_one("[role=main]") or fresh_soup(out / "index.html").body
    return " ".join(article.get_text(" ").split())


def touched(path: Path, text: str) -> Path:
    """Write ``text`` into ``path``, as an editor saves it."""
    path.write_text(text, encoding="utf-8")
    return path


def test_the_warm_worker_builds_what_sphinx_build_builds(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "live"
    worker = Worker(["-b", "html", "-q", str(project), str(out)])
    try:
        assert worker.build([]) == 0
        assert "Data Use Ontology" in page_text(out)
        index = touched(project / "index.md", PAGE + "\nA sentence added in the editor.\n")
        assert worker.build([index]) == 0
        assert "A sentence added in the editor." in page_text(out)
        registry = retitle(project, "Data Use Ontology", "Data Use Ontology, second edition")
        assert worker.build([registry]) == 0  # the registry is read when the application is made
        assert "Data Use Ontology, second edition" in page_text(out)
        conf = project / "conf.py"
        conf = touched(conf, conf.read_text(encoding="utf-8") + "project = 'Renamed in conf.py'\n")
        assert worker.build([conf]) == 0
        assert "Renamed in conf.py" in fresh_soup(out / "index.html").title.get_text()
    finally:
        worker.stop()
    fresh = tmp_path / "fresh"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(project), str(fresh)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert page_text(out) == page_text(fresh)
    assert fresh_soup(out / "index.html").title == fresh_soup(fresh / "index.html").title


def test_a_broken_save_is_reported_and_the_next_good_one_builds(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "live"
    worker = Worker(["-b", "html", "-q", "-W", str(project), str(out)])
    try:
        assert worker.build([]) == 0
        index = touched(project / "index.md", PAGE + "\n```{guideline-table}\n:columns: title, nonsense\n```\n")
        assert worker.build([index]) != 0
        touched(project / "index.md", PAGE + "\nMended.\n")
        assert worker.build([index]) == 0
        assert "Mended." in page_text(out)
    finally:
        worker.stop()


def test_the_live_server_reloads_the_browser_after_a_save(project: Path, tmp_path: Path) -> None:
    from websockets.sync.client import connect

    port = _free_port()
    log = tmp_path / "live.log"
    command = [sys.executable, "-m", "oneplusmg.live", "-q", "--port", str(port), str(project), str(tmp_path / "out")]
    env = {**os.environ, "PYTHONPATH": str(REPO / "_ext"), "NO_COLOR": "1"}
    with open(log, "w", encoding="utf-8") as output:
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env)
    try:
        _wait(lambda: _serving(port), server, log)
        page = urlopen(f"http://127.0.0.1:{port}/index.html").read().decode()
        assert "websocket-reload" in page  # sphinx-autobuild's reload script is served with the page
        with connect(f"ws://127.0.0.1:{port}/websocket-reload", open_timeout=10) as socket:
            touched(project / "index.md", PAGE + "\nSaved while the browser watched.\n")
            assert socket.recv(timeout=120) == "refresh"
        page = urlopen(f"http://127.0.0.1:{port}/index.html").read().decode()
        assert "Saved while the browser watched." in page
        assert re.search(r"Detected changes \(.*index\.md\)", log.read_text())
    finally:
        server.terminate()
        server.wait(timeout=30)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serving(port: int) -> bool:
    try:
        with urlopen(f"http://127.0.0.1:{port}/index.html", timeout=5):
            return True
    except OSError:
        return False


def _wait(done, server: subprocess.Popen[bytes], log: Path, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while not done():
        assert server.poll() is None, log.read_text()[-3000:]
        assert time.monotonic() < end, log.read_text()[-3000:]
        time.sleep(0.1)


def test_the_live_preview_ignores_what_a_save_must_not_rebuild() -> None:
    """The Makefile's LIVE_IGNORE, read as sphinx-autobuild reads it, on absolute paths."""
    from sphinx_autobuild.filter import IgnoreFilter

    line = re.search(r"^LIVE_IGNORE := (.*)$", (REPO / "Makefile").read_text(encoding="utf-8"), re.M)
    assert line is not None
    ignored = IgnoreFilter([], [line[1].replace("$$", "$")])
    checkout = "/home/writer/.local/src/framework"  # a checkout inside a hidden folder
    for path in ("docs/.index.md.swp", "docs/index.md~", "_ext/oneplusmg/__pycache__/x.pyc", "_build/html/x.html"):
        assert ignored(f"{checkout}/{path}"), path
    assert ignored(f"{checkout}/docs/guidelines/duo.md")  # generated at each build
    for path in ("docs/index.md", "docs/_data/guidelines.yaml", "_ext/oneplusmg/live.py", "conf.py"):
        assert not ignored(f"{checkout}/{path}"), path


def test_compiled_templates_are_kept_between_builds_and_follow_an_edit(tmp_path: Path) -> None:
    """oneplusmg_site keeps Jinja's compiled templates in the doctree folder; an edited template
    is compiled again (Jinja compares each kept template with its source)."""
    from conftest import build_project

    src = site_project(tmp_path / "src", "# Page\n\nText.\n", templates_path=["_templates"])
    layout = src / "_templates" / "layout.html"
    layout.parent.mkdir()
    layout.write_text('{% extends "!layout.html" %}{% block footer %}<p>Footer one</p>{% endblock %}\n')
    out, warnings = build_project("html", src, tmp_path / "build")
    assert "Footer one" in (out / "index.html").read_text(encoding="utf-8"), warnings
    kept = list((tmp_path / "build" / "doctrees" / "jinja").glob("*.cache"))
    assert kept, "no compiled template was kept"
    layout.write_text('{% extends "!layout.html" %}{% block footer %}<p>Footer two</p>{% endblock %}\n')
    out, warnings = build_project("html", src, tmp_path / "build")
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Footer two" in page and "Footer one" not in page, warnings


@pytest.mark.parametrize("setting", [None, 2_500, 0])
def test_the_collector_runs_less_often_while_a_build_runs_and_as_before_after_it(
    tmp_path: Path, setting: int | None
) -> None:
    """oneplusmg_site raises the collector's threshold from the build's reading to its end (by
    default or as set; 0 keeps Python's); an application that is made and never built (as the live
    preview may) changes nothing."""
    from sphinx.testing.util import SphinxTestApp

    from conftest import build_project
    from oneplusmg_site import BUILD_GC_THRESHOLD

    seen = tmp_path / "threshold.txt"
    record = f"""
import gc
def setup(app):
    app.connect("doctree-read", lambda app, doctree: open({str(seen)!r}, "w").write(repr(gc.get_threshold())))
"""
    settings = {} if setting is None else {"oneplusmg_gc_threshold": setting}
    src = site_project(tmp_path / "src", "# Page\n\nText.\n", record, **settings)
    before = gc.get_threshold()
    assert before[0] not in (BUILD_GC_THRESHOLD, 2_500)
    SphinxTestApp("html", srcdir=src, builddir=tmp_path / "unbuilt").cleanup()
    assert gc.get_threshold() == before
    build_project("html", src, tmp_path / "build")
    during = {None: BUILD_GC_THRESHOLD, 2_500: 2_500, 0: before[0]}[setting]
    assert ast.literal_eval(seen.read_text()) == (during, *before[1:])
    assert gc.get_threshold() == before


def test_the_worker_collects_the_garbage_before_the_save_not_in_the_build(project: Path, tmp_path: Path) -> None:
    """Making the next application leaves garbage; the worker's full collection comes right after,
    so that none is due in the middle of the next build."""
    gc.collect()
    junk = [[i] for i in range(50_000)]  # survivors enough to make the older generations' counts grow
    del junk
    prepared = prepare(["-q", "-b", "html", str(project), str(tmp_path / "out")])
    assert prepared is not None
    try:
        assert gc.get_count()[1:] == (0, 0)
    finally:
        prepared.close()
