"""Shared fixtures: Sphinx's own test fixtures, our test roots, and the built real site."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytest_plugins = ("sphinx.testing.fixtures", "browser_support")

REPO = Path(__file__).resolve().parents[1]
ROOTS = Path(__file__).resolve().parent / "roots"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
IN_CI = os.environ.get("CI", "").lower() == "true"

# The test roots' conf.py files find the extension and the shared data set through these.
os.environ["ONEPLUSMG_EXT_DIR"] = str(REPO / "_ext")
os.environ["ONEPLUSMG_TEST_DATA"] = str(ROOTS / "_data-basic")
sys.path.insert(0, str(REPO / "_ext"))
# One date for every build of the session (the edition, "today" on the timeline, the date of a page
# git has not dated): several tests compare two builds made minutes apart, which would differ on
# every page if the session ran past midnight UTC between them.
os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(time.time())))


def pytest_configure(config: pytest.Config) -> None:
    for marker in (
        "slow: builds from a clean clone, or the whole site a second time",
        "pdf: needs TeX",
        "browser: needs Chromium",
    ):
        config.addinivalue_line("markers", marker)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def require_command(command: str, package: str) -> str:
    """A system command the test needs; its absence fails the test (never a silent skip)."""
    path = shutil.which(command)
    if path is None:
        pytest.fail(f"{command} is missing: install the Debian package {package} (scripts/system-deps.sh)")
    return path


def warnings_of(app) -> list[str]:
    """The warning lines a test app logged, without colour codes."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return [line for line in text.splitlines() if "WARNING" in line]


def small_project(src: Path, index: str, **settings: object) -> Path:
    """A one-page Sphinx project using our extension: conf.py from ``settings``, index.md as given."""
    src.mkdir(parents=True, exist_ok=True)
    lines = ["import sys", f"sys.path.insert(0, {str(REPO / '_ext')!r})", "extensions = ['myst_parser', 'oneplusmg']"]
    lines += [f"{name} = {value!r}" for name, value in settings.items()]
    (src / "conf.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (src / "index.md").write_text(index, encoding="utf-8")
    return src


def site_project(src: Path, index: str, conf: str = "", **settings: object) -> Path:
    """A one-page project with the site's additions (oneplusmg_site) and ``conf`` appended."""
    small_project(src, index, html_theme="basic", **settings)
    text = (src / "conf.py").read_text(encoding="utf-8").replace("'oneplusmg']", "'oneplusmg', 'oneplusmg_site']")
    (src / "conf.py").write_text(text + conf, encoding="utf-8")
    return src


def build_project(builder: str, src: Path, builddir: Path) -> tuple[Path, list[str]]:
    """Build a project with Sphinx's test application: (output folder, warning lines)."""
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp(builder, srcdir=src, builddir=builddir)
    try:
        app.build()
        return Path(app.outdir), warnings_of(app)
    finally:
        app.cleanup()


def fresh_soup(path: Path) -> BeautifulSoup:
    """A page parsed anew: for a test that changes the tree it reads."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# Parsed pages by (path, modification time, size): a dozen tests read every page of the built
# site, and parsing its 200-odd pages again for each cost most of `make test-fast`. Read-only:
# a test that changes a tree uses fresh_soup.
_PARSED: dict[tuple[str, int, int], BeautifulSoup] = {}


def soup(path: Path) -> BeautifulSoup:
    """A page parsed once per state of the file; do not change the tree (see fresh_soup)."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _PARSED:
        _PARSED[key] = fresh_soup(path)
    return _PARSED[key]


# sphinx-build with the venv's Python; the real site's configuration is at the repository's root.
SPHINX = (sys.executable, "-m", "sphinx")
# `make html`'s options.
STRICT_HTML = ("-W", "--keep-going", "-n", "-j", "auto", "-b", "html")


def sphinx_build(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Run sphinx-build of the real site, capturing its output."""
    return subprocess.run(
        [*SPHINX, "-c", ".", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def sphinx_make_mode(target: str, builddir: str) -> subprocess.CompletedProcess[str]:
    """``sphinx-build -M target`` of the real site (``-M`` must come first)."""
    return subprocess.run(
        [*SPHINX, "-M", target, "docs", builddir, "-c", ".", "-j", "auto", "-q"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )


class SiteBuild:
    """The real site's build, `make html`'s command, run in the background from the moment the
    tests that read it are known; their fixture waits for it."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="oneplusmg-site-"))
        self.out, self.log = self.folder / "html", self.folder / "build.log"
        with open(self.log, "wb") as log:
            argv = [*SPHINX, "-c", ".", *STRICT_HTML, "docs", str(self.out)]
            self.process = subprocess.Popen(argv, cwd=REPO, stdout=log, stderr=log)

    def result(self) -> Path:
        """The output folder once the build has passed (a failed build fails each test that reads it)."""
        code = self.process.wait()
        assert code == 0, self.log.read_text(encoding="utf-8", errors="replace")[-5000:]
        return self.out

    def remove(self) -> None:
        """Stop the build if it still runs, and remove its folder."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


SITE_BUILD = pytest.StashKey[SiteBuild]()


@pytest.hookimpl(trylast=True)  # after -m and -k have deselected what does not run
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Start the real site's build as soon as the tests are known, and run the tests that read it
    last: the build (a sixth of `make test-fast`) then runs beside the other tests instead of
    before the first one that needs it."""
    reads = {item.nodeid: "site_html" in getattr(item, "fixturenames", ()) for item in items}
    if any(reads.values()):
        items.sort(key=lambda item: reads[item.nodeid])  # stable: each group keeps its order
        config.stash[SITE_BUILD] = SiteBuild()


def pytest_sessionfinish(session: pytest.Session) -> None:
    build = session.config.stash.get(SITE_BUILD, None)
    if build is not None:
        build.remove()


@pytest.fixture(scope="session")
def site_html(request: pytest.FixtureRequest) -> Path:
    """The real site, built once per session exactly as `make html` builds it."""
    build = request.config.stash.get(SITE_BUILD, None)
    if build is None:  # not started at collection (a test the hook above did not see)
        build = request.config.stash[SITE_BUILD] = SiteBuild()
    return build.result()
