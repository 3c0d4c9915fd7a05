"""The machine a run measured, and benchmarks/RESULTS.md with what changed since the last run.

RESULTS.md carries its figures as JSON in an HTML comment at its end, so that the next run
compares with exactly what the reader saw.
"""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from common import REPO, SITE_PARTS, Row

DATA = re.compile(r"<!--\s*bench-data:\s*(\{.*\})\s*-->", re.S)
PACKAGES = ("sphinx", "docutils", "myst-parser", "pydata-sphinx-theme", "pyinstrument", "playwright")
METHOD = """\
- Every build runs in a fresh process on a copy of the sources in `benchmarks/.work/`, with the
  options of `make html` (`-W --keep-going -n`; the basic theme, the synthetic projects and the
  site with 10,000 guidelines without `-W`, the last without its 10,000 guideline pages, which
  would time the pages rather than the catalogue); a clean build starts from an empty folder.
- Peak RSS is `ru_maxrss` of the build process (`os.wait4`): the largest single process.
- Compared variants are interleaved (A B A B ...), so a slow patch of the machine affects both
  sides of a ratio. The reference commit is checked out with `git worktree` and copied beside the
  current tree's copy, so both build in the same conditions (git knows neither copy's files).
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
    lines = [
        f"- **{label}**: " + "; ".join(f"{r.measure} ({r.result})" for r in rows if r.target == mark)
        for label, mark in (("Missed", "missed"), ("Error", "error"), ("Met", "met"))
        if any(r.target == mark for r in rows)
    ]
    return "\n".join(lines) or "- No figure of this run has a target."


def previous(path: Path) -> dict[str, Any] | None:
    """The figures embedded in an earlier RESULTS.md."""
    match = DATA.search(path.read_text(encoding="utf-8")) if path.exists() else None
    return json.loads(match[1]) if match else None


def changes(before: dict[str, Any] | None, rows: list[Row], info: dict[str, str]) -> str:
    """Each figure the previous RESULTS.md has too, measured the same way (same wording), old -> new."""
    if not before:
        return "- No earlier RESULTS.md to compare with."
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


def write(path: Path, rows: list[Row], info: dict[str, str], before: dict[str, Any] | None) -> None:
    data = json.dumps({"machine": info, "rows": [r.__dict__ for r in rows]}).replace("--", "\\u002d-")
    text = f"""# Benchmarks of the 1+MG Framework site

Written by `make bench` (`benchmarks/run.py`); run it again to refresh, rather than editing this file.
Times are wall-clock medians of several clean runs; ratios compare figures of this same run.

## Machine

{chr(10).join(f"- **{key}**: {value}" for key, value in info.items())}

## Results

{table(rows)}

## Targets

{targets(rows)}

## Changes since the last run

{changes(before, rows, info)}

## Method

{METHOD}
<!-- bench-data: {data} -->
"""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
