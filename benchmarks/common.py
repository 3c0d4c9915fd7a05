"""What every benchmark shares: paths, timed child processes, medians, copies of the site.

Every build runs in a child process (a fresh interpreter, as on a developer's machine or in CI)
and is timed from outside with a monotonic clock. Its peak memory comes from ``os.wait4`` on that
very child: ``resource.getrusage(RUSAGE_CHILDREN)`` would give the maximum over *all* children
run so far, which hides the smaller builds behind the biggest one.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

REPO = Path(__file__).resolve().parents[1]
BENCH_DIR = REPO / "benchmarks"
DEFAULT_WORK = BENCH_DIR / ".work"  # git-ignored
# Not resolved: the venv's python is a symlink, and its folder is where sphinx-build lives.
VENV_BIN = Path(sys.executable).parent
SPHINX_BUILD = str(VENV_BIN / "sphinx-build")
# The options every real HTML build uses (Makefile SPHINXOPTS).
STRICT = ("-W", "--keep-going", "-n")
# What a copy of the site needs; everything else in the repository is not read by a build.
SITE_PARTS = ("conf.py", "docs", "_ext", "_static", "_templates")

UPDATING_RE = re.compile(r"(\d+) added, (\d+) changed, (\d+) removed")


@dataclass
class Row:
    """One line of the results table.

    ``key`` is stable between runs so the next run can compare its ``value`` with this one's;
    ``target`` is "met", "missed" or "" (no target for this figure).
    """

    key: str
    section: str
    measure: str
    result: str
    notes: str = ""
    value: float | None = None
    unit: str = ""
    target: str = ""


@dataclass
class RunResult:
    """One child process: wall time, peak memory of its largest process, exit code, log."""

    seconds: float
    maxrss_mb: float
    returncode: int
    log_path: Path
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def tail(self, lines: int = 15) -> str:
        return "\n".join(self.log().splitlines()[-lines:])


class BuildFailed(RuntimeError):
    """A build the benchmark depends on failed: its figures would be meaningless."""

    def __init__(self, what: str, result: RunResult) -> None:
        reason = "timed out" if result.timed_out else f"exit code {result.returncode}"
        super().__init__(f"{what} failed ({reason}); log {result.log_path}:\n{result.tail()}")
        self.result = result


def run_timed(argv: Sequence[str], *, cwd: Path, log_path: Path, env: dict[str, str] | None = None,
              timeout: float | None = None) -> RunResult:
    """Run a command, timing it and reading its own rusage with ``os.wait4``.

    Output goes to a file rather than a pipe, so nothing has to drain the pipe while we wait
    (a full pipe would stall the child and count as build time). The child gets its own process
    group so that a timeout can stop it and everything it started (latexmk, xelatex), and nothing
    else.
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(list(argv), cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG if timeout else 0)
            if pid:
                break
            if timeout and time.perf_counter() - start > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                timed_out = True
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    # Linux reports ru_maxrss in KiB.
    return RunResult(seconds, usage.ru_maxrss / 1024, proc.returncode, log_path, timed_out)


def sphinx_build(args: Sequence[str], *, cwd: Path, log_path: Path, timeout: float | None = None,
                 env: dict[str, str] | None = None) -> RunResult:
    """``sphinx-build`` of the venv, as the Makefile runs it."""
    return run_timed([SPHINX_BUILD, *args], cwd=cwd, log_path=log_path, env=env, timeout=timeout)


def child_env(**extra: str) -> dict[str, str]:
    """The environment of the builds: ours, without colour codes (they break log parsing).

    Python writes and reuses bytecode for the extension, as it does by default on a user's
    machine: with PYTHONDONTWRITEBYTECODE set (as on some CI machines), every build compiled
    the extension's modules again (about 40 ms) and charged it to the extension's share.
    Installed packages (Sphinx, the theme) have their bytecode from pip either way.
    """
    env = dict(os.environ)
    env.update({"NO_COLOR": "1"}, **extra)
    env.pop("FORCE_COLOR", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


# -- Other load on the machine ---------------------------------------------------------------------


@dataclass
class CpuSnapshot:
    """CPU seconds used so far by the whole machine and by this process with its children."""

    wall: float
    machine_busy: float
    ours: float

    @classmethod
    def take(cls) -> CpuSnapshot:
        import resource

        busy = float("nan")
        try:
            fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
            # user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
            busy = (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            pass
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        ours = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
        return cls(time.perf_counter(), busy, ours)

    def others_since(self, earlier: CpuSnapshot) -> float:
        """Cores used on average by processes that are not this benchmark, between two snapshots.

        Timings taken while other work runs on a 2-core machine are slower than they should be;
        the report says so rather than letting a busy neighbour pass for a regression.
        """
        wall = self.wall - earlier.wall
        others = (self.machine_busy - earlier.machine_busy) - (self.ours - earlier.ours)
        return max(0.0, others / wall) if wall > 0 else float("nan")


# -- Statistics ------------------------------------------------------------------------------------


@dataclass
class Timing:
    """Several runs of one measurement; the median is what the report shows."""

    samples: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def spread(self) -> str:
        """``median of n (min-max)``: the range tells whether the median can be trusted."""
        if len(self.samples) == 1:
            return "1 run"
        return f"median of {len(self.samples)}, {min(self.samples):.2f}–{max(self.samples):.2f} s"


def repeat(n: int, action: Callable[[int], RunResult], what: str) -> tuple[Timing, list[RunResult]]:
    """Run a timed action n times; a failed run stops the measurement with its log."""
    timing, results = Timing(), []
    for index in range(n):
        result = action(index)
        if not result.ok:
            raise BuildFailed(what, result)
        timing.samples.append(result.seconds)
        results.append(result)
    return timing, results


def ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


# -- Files -----------------------------------------------------------------------------------------


def fresh_dir(path: Path) -> Path:
    """An empty folder (only ever inside the benchmark work folder)."""
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def copy_site(source: Path, dest: Path) -> Path:
    """Copy what a build of the site reads, so no benchmark ever writes into the repository.

    ``conf.py`` puts ``<its folder>/_ext`` on ``sys.path``, so a copy builds with the copy's
    extension: a snapshot taken when the run starts, even if someone edits ``_ext`` meanwhile.
    """
    fresh_dir(dest)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".DS_Store")
    for part in SITE_PARTS:
        src = source / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=ignore)
        elif src.exists():
            shutil.copy2(src, dest / part)
    return dest


def updating_counts(log: str) -> tuple[int, int, int] | None:
    """(added, changed, removed) from Sphinx's "updating environment" line, if present."""
    match = UPDATING_RE.search(log)
    return tuple(int(g) for g in match.groups()) if match else None  # type: ignore[return-value]


def warning_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if "WARNING" in line or "ERROR" in line]


def human_bytes(size: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


def seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"
