"""What every benchmark shares: timed child builds, copies of the site, rows of the results table.

Every build runs in a fresh interpreter, timed from outside; its peak memory is ``ru_maxrss`` of
that very child, read with ``os.wait4`` (``RUSAGE_CHILDREN`` would be the largest child so far).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Not resolved: the venv's python is a symlink, and its folder is where sphinx-build lives.
SPHINX_BUILD = str(Path(sys.executable).parent / "sphinx-build")
STRICT = ("-W", "--keep-going", "-n")  # the options of `make html`
SITE_PARTS = ("conf.py", "docs", "_ext", "_static", "_templates")  # all a build reads
UPDATING = re.compile(r"(\d+) added, (\d+) changed, (\d+) removed")


@dataclass
class Row:
    """One line of the results table; ``key`` stays the same between runs, for comparisons."""

    key: str
    section: str
    measure: str
    result: str
    notes: str = ""
    value: float | None = None
    unit: str = ""
    target: str = ""  # "met", "missed" or "" (no target)


@dataclass
class Result:
    """One child process: wall time, peak memory of its largest process, exit code, log file."""

    seconds: float
    rss_mb: float
    code: int
    log: Path

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def counts(self) -> tuple[int, int]:
        """(added, changed) docs from Sphinx's "updating environment" line: what was (re-)read."""
        match = UPDATING.search(self.text())
        return (int(match[1]), int(match[2])) if match else (-1, -1)


def run(argv: list[str], cwd: Path, log: Path, timeout: float = 1800) -> Result:
    """Run a command with its output in a file (a full pipe would stall it) and its own rusage;
    a failure raises, with the end of the log.

    The child leads its own process group, so a timeout stops it and what it started (latexmk).
    Bytecode is written and reused, as Python does by default, even if this process was told not
    to: otherwise every build would compile the extension again and charge it to our share.
    """
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "PYTHONDONTWRITEBYTECODE")}
    env["NO_COLOR"] = "1"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    result = Result(seconds, usage.ru_maxrss / 1024, proc.returncode, log)
    if result.code:
        raise RuntimeError(f"exit code {result.code}, log {log}: " + " ".join(result.text().splitlines()[-12:]))
    return result


def fresh(path: Path) -> Path:
    """An empty folder (only ever under benchmarks/.work)."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def copy_site(source: Path, dest: Path) -> Path:
    """A copy of what a build reads, so that no benchmark writes into the tree, and edits made by
    others meanwhile do not reach a run under way (conf.py puts the copy's own _ext on sys.path).

    From a git tree, the files git lists (tracked or new, not ignored): as a fresh clone with the
    work in progress, without build output or generated stubs. From a copy, every file.
    """
    command = ["git", "--no-optional-locks", "ls-files", "-coz", "--exclude-standard", "--", *SITE_PARTS]
    names = subprocess.run(command, cwd=source, capture_output=True, text=True).stdout.split("\0")
    files = [source / name for name in names if name] or [
        p for part in SITE_PARTS for p in (source / part, *(source / part).rglob("*"))
    ]
    fresh(dest)
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            (dest / path.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest / path.relative_to(source))
    return dest


def html_tree(root: Path) -> dict[str, str]:
    """Every page of an HTML output, whitespace between and inside tags collapsed: what a reader gets."""
    return {
        str(page.relative_to(root)): re.sub(r">\s+<", "><", re.sub(r"\s+", " ", page.read_text(encoding="utf-8")))
        for page in sorted(root.rglob("*.html"))
    }


def tree_difference(a: Path, b: Path) -> str:
    """ "same pages" or which pages differ between two HTML outputs (the search index too)."""
    pages, other = html_tree(a), html_tree(b)
    differ = sorted(name for name in pages.keys() | other.keys() if pages.get(name) != other.get(name))
    if (a / "searchindex.js").read_bytes() != (b / "searchindex.js").read_bytes():
        differ.append("searchindex.js")
    return f"{len(differ)} files differ (first: {differ[0]})" if differ else f"same {len(pages)} pages and search index"


def spread(samples: list[float]) -> str:
    return f"median of {len(samples)}, {min(samples):.2f}–{max(samples):.2f} s" if len(samples) > 1 else "1 run"


def secs(value: float) -> str:
    return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def size(n: float) -> str:
    return f"{n / 1024:.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")
