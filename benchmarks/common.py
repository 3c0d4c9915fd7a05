"""What every benchmark shares: timed child builds, copies of the site, and the results with the machine
they were measured on, written to benchmarks/RESULTS.md with what changed since the last run.

Every build runs in a fresh interpreter, timed from outside; its peak memory is measured by GNU time, whose
child it is: a child of this process would count this one's memory too (Linux records the peak of the
process it was forked from, and this one grows with Playwright and the results). RESULTS.md carries
its figures as JSON in an HTML comment at its end, so that the next run compares with what the reader saw.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Not resolved: the venv's python is a symlink, and its folder is where sphinx-build lives.
SPHINX_BUILD = str(Path(sys.executable).parent / "sphinx-build")
STRICT = ("-W", "--keep-going", "-n")  # the options of `make html`
SITE_PARTS = ("conf.py", "docs", "_ext", "_static", "_templates")  # all a build reads
DATA = re.compile(r"<!--\s*bench-data:\s*(\{.*\})\s*-->", re.S)
TARGETS = ("Missed", "Error", "Met")  # as the Targets section lists them
PACKAGES = ("sphinx", "docutils", "myst-parser", "pydata-sphinx-theme", "pyinstrument", "playwright")
HEADER = """# Benchmarks of the 1+MG Framework site

Written by `make bench` (`benchmarks/run.py`); run it again to refresh, rather than editing this file.
Times are wall-clock medians of several clean runs; ratios compare figures of this same run.
"""
METHOD = """\
- Every build runs in a fresh process on a copy of the sources in `benchmarks/.work/`, with the
  options of `make html` (`-W --keep-going -n`; the basic theme, the synthetic projects and the
  site with 10,000 guidelines without `-W`, the last without its 10,000 guideline pages, which
  would time the pages rather than the catalogue); a clean build starts from an empty folder.
- Peak RSS is GNU time's `%M` of the build process: the largest single process.
- Compared variants are interleaved (A B A B ...), so a slow patch of the machine affects both
  sides of a ratio. The reference commit is exported with `git archive` beside the current tree's
  copy, so both build in the same conditions (git knows neither copy's files).
- Our share: pyinstrument samples in-process -j 1 builds (every 1 ms); the share is the time with a
  frame of `_ext/oneplusmg` on the stack. The profiler slows the build down (its hook runs on every
  call), more so for call-heavy code; its notes give the profiled and unprofiled times.
- Page weight: the files Chromium fetched from 127.0.0.1 on a first visit (empty cache), their sizes
  on disk and gzipped (-6, what a compressing server sends).
- Edit to reload: both trees' live previews run at once, as their Makefiles start them, and are
  edited in turn (a few seconds apart); Chromium keeps the page open, and the time runs from the
  write of the file to the reloaded page's text holding the edit.
- Levers: the site built with every lever and, interleaved, without each one; "output" compares
  the HTML pages (whitespace collapsed) and the search index with those of the build with all.
"""


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
    target: str = ""  # "met", "missed", "error" or "" (no target)


@dataclass
class Result:
    """One child process: wall time, peak memory of its largest process, its output."""

    seconds: float
    rss_mb: float
    text: str

    def counts(self) -> tuple[int, int]:
        """(added, changed) docs from Sphinx's "updating environment" line: what was (re-)read."""
        match = re.search(r"(\d+) added, (\d+) changed, (\d+) removed", self.text)
        return (int(match[1]), int(match[2])) if match else (-1, -1)


def child_env(**extra: str) -> dict[str, str]:
    """This environment without colours, and with bytecode written and reused even if this process was
    told not to: else every build would compile the extension again, and charge it to our share."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "PYTHONDONTWRITEBYTECODE")}
    return {**env, "NO_COLOR": "1", **extra}


def run(argv: list[str], cwd: Path, log: Path, timeout: float = 1800) -> Result:
    """Run a command with its output in a file (a full pipe would stall it) and its peak memory; a
    failure raises, with the end of the log. The child leads its own process group, so a timeout
    stops it and what it started (latexmk)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    rss = log.with_suffix(".rss")
    with open(log, "wb") as out:
        start = time.perf_counter()
        argv = ["/usr/bin/time", "-f", "%M", "-o", str(rss), *argv]  # %M: peak RSS in KB
        child = subprocess.Popen(argv, cwd=cwd, env=child_env(), stdout=out, stderr=out, start_new_session=True)
        killer = threading.Timer(timeout, os.killpg, (child.pid, signal.SIGKILL))
        killer.start()
        code = child.wait()
        seconds = time.perf_counter() - start
    killer.cancel()
    text = log.read_text(encoding="utf-8", errors="replace")
    if code:
        raise RuntimeError(f"exit code {code}, log {log}: " + " ".join(text.splitlines()[-12:]))
    return Result(seconds, int(rss.read_text().split()[-1]) / 1024, text)


def fresh(path: Path) -> Path:
    """An empty folder (only ever under benchmarks/.work)."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def copy_site(source: Path, dest: Path) -> Path:
    """A copy of what a build reads, so that no benchmark writes into the tree, and edits made by others
    meanwhile do not reach a run under way (conf.py puts the copy's own _ext on sys.path). From a git
    tree, the files git lists (tracked or new, not ignored): as a fresh clone with the work in progress,
    without build output or generated stubs. From a copy, every file."""
    command = ["git", "--no-optional-locks", "ls-files", "-coz", "--exclude-standard", "--", *SITE_PARTS]
    names = subprocess.run(command, cwd=source, capture_output=True, text=True).stdout.split("\0")
    files = [source / name for name in names if name] or list(source.rglob("*"))
    fresh(dest)
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            (dest / path.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest / path.relative_to(source))
    return dest


def spread(samples: list[float]) -> str:
    return f"median of {len(samples)}, {min(samples):.2f}–{max(samples):.2f} s" if len(samples) > 1 else "1 run"


def secs(value: float) -> str:
    return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def size(n: float) -> str:
    return f"{n / 1024:.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def command(argv: list[str]) -> str:
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=30, cwd=REPO)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError) as err:
        return f"unavailable ({err.__class__.__name__})"


def machine(against: str) -> dict[str, str]:
    cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
    ram = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())
    # --no-optional-locks: never write the index of a tree that others are working in.
    status = ["git", "--no-optional-locks", "status", "--porcelain", "--", *SITE_PARTS]
    dirty = subprocess.run(status, cwd=REPO, capture_output=True, text=True).stdout.strip()
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu[1] if cpu else platform.processor(),
        "cores": f"{os.cpu_count()} logical, {len(os.sched_getaffinity(0))} usable",
        "ram": f"{int(ram[1]) / 1024**2:.1f} GB" if ram else "?",
        "os": platform.platform(),
        "python": f"{platform.python_version()} ({sys.executable})",
        **{name: metadata.version(name) for name in PACKAGES},
        "chromium": command(["/usr/bin/chromium", "--version"]),
        "xelatex": command(["xelatex", "--version"]),
        "commit": command(["git", "rev-parse", "--short", "HEAD"])
        + (" with uncommitted changes to the site" if dirty else ""),
        "reference (--against)": command(["git", "log", "-1", "--format=%h %s", against]),
    }


def table(rows: list[Row]) -> str:
    lines = ["| Section | Measurement | Result | Target | Notes |", "| --- | --- | --- | --- | --- |"]
    lines += [f"| {r.section} | {r.measure} | **{r.result}** | {r.target} | {r.notes} |" for r in rows]
    return "\n".join(lines)


def targets(rows: list[Row]) -> str:
    marks = {label: [f"{r.measure} ({r.result})" for r in rows if r.target == label.lower()] for label in TARGETS}
    lines = [f"- **{label}**: " + "; ".join(found) for label, found in marks.items() if found]
    return "\n".join(lines) or "- No figure of this run has a target."


def changes(rows: list[Row], info: dict[str, str]) -> str:
    """Each figure the previous RESULTS.md has too, measured the same way (same wording), old -> new."""
    path = REPO / "benchmarks" / "RESULTS.md"
    found = DATA.search(path.read_text(encoding="utf-8")) if path.exists() else None
    if not found:
        return "- No earlier RESULTS.md to compare with."
    before = json.loads(found[1])
    old_machine, old = before.get("machine", {}), {r["measure"]: r for r in before.get("rows", [])}
    lines = [
        f"Compared with the run of {old_machine.get('date', '?')} (commit {old_machine.get('commit', '?')}); "
        "on another day the machine itself may differ: the comparison with the reference commit, "
        "made in this run, is the one to trust."
    ]
    differ = "; ".join(f"{k} {old_machine.get(k)}" for k in ("cpu", "cores") if old_machine.get(k) != info.get(k))
    lines += [f"- Another machine then: {differ}."] if differ else []
    for row in rows:
        was = old.get(row.measure)
        if was and was.get("value") and row.value is not None:
            lines.append(f"- {row.measure}: {was['result']} -> {row.result} ({row.value / was['value'] - 1:+.0%})")
    gone = [measure for measure in old if measure not in {row.measure for row in rows}]
    if gone:
        lines.append(f"- No longer measured ({len(gone)}): " + "; ".join(gone))
    return "\n".join(lines)


def write(path: Path, rows: list[Row], info: dict[str, str]) -> None:
    sections = {
        "Machine": "\n".join(f"- **{key}**: {value}" for key, value in info.items()),
        "Results": table(rows),
        "Targets": targets(rows),
        "Changes since the last run": changes(rows, info),
        "Method": METHOD,
    }
    data = json.dumps({"machine": info, "rows": [r.__dict__ for r in rows]}).replace("--", "\\u002d-")
    text = "".join(f"\n## {title}\n\n{body}\n" for title, body in sections.items())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{HEADER}{text}<!-- bench-data: {data} -->\n", encoding="utf-8")
