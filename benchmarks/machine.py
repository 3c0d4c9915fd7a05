"""The machine and software a run measured: timings mean nothing without them.

Also a fingerprint of the sources (a hash per file of ``conf.py``, ``docs/``, ``_ext/``...), so
that the next run can say which files changed between the two sets of figures.
"""

from __future__ import annotations

import hashlib
import os
import platform
import subprocess
import sys
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from common import REPO, SITE_PARTS


def cpu_model() -> str:
    """The CPU model name as /proc/cpuinfo gives it (platform.processor() is often empty)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def ram_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return float("nan")


def version_of(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def command_version(argv: list[str]) -> str:
    """The first line a tool prints for --version, or why it could not be asked."""
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError) as err:
        return f"unavailable ({err.__class__.__name__})"


def git_commit() -> str:
    """HEAD, read without any git command that could write (no ``git status``: it refreshes the index)."""
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                             text=True, timeout=10, check=False)
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def machine_info() -> dict[str, str]:
    cores = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu_model(),
        "cores": f"{cores} logical, {usable} usable",
        "ram": f"{ram_gb():.1f} GB",
        "os": platform.platform(),
        "python": f"{platform.python_version()} ({sys.executable})",
        "sphinx": version_of("sphinx"),
        "docutils": version_of("docutils"),
        "myst-parser": version_of("myst-parser"),
        "pydata-sphinx-theme": version_of("pydata-sphinx-theme"),
        "playwright": version_of("playwright"),
        "chromium": command_version(["/usr/bin/chromium", "--version"]),
        "xelatex": command_version(["xelatex", "--version"]),
        "commit": git_commit(),
        "bytecode": "builds write and reuse .pyc files, as Python does by default"
                    + (" (PYTHONDONTWRITEBYTECODE, set here, is cleared for them)"
                       if os.environ.get("PYTHONDONTWRITEBYTECODE") else ""),
    }


def source_fingerprint() -> dict[str, str]:
    """sha256 (12 hex digits) of every file a site build reads, by path relative to the repo."""
    digests: dict[str, str] = {}
    for part in (*SITE_PARTS, "benchmarks"):
        root = REPO / part
        paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in paths:
            if "__pycache__" in path.parts or ".work" in path.parts or path.suffix == ".pyc" \
                    or path.name == "RESULTS.md":
                continue
            digests[str(path.relative_to(REPO))] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return digests
