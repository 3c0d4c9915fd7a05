"""Incremental builds: what one edit costs, and whether only the right pages are read again.

A tiny extension (the "probe") is added to the *copy's* conf.py only. It records the docnames
Sphinx hands to ``env-before-read-docs`` (the final list, after ``env-get-outdated`` handlers
such as ours added the catalogue) and, after the build, which registry files each page depends
on according to Sphinx itself (``env.dependencies``). The count on Sphinx's "updating
environment: N added, M changed, K removed" line is parsed as well, as a cross-check.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from common import (
    STRICT,
    BuildFailed,
    Row,
    RunResult,
    Timing,
    child_env,
    copy_site,
    ratio,
    seconds,
    sphinx_build,
    updating_counts,
)

PROBE = '''"""Benchmark probe (only in the benchmark's copy of the site): what a build re-read."""
import json
import os

_READ = []


def _before_read(app, env, docnames):
    _READ[:] = sorted(docnames)


def _finished(app, exception):
    path = os.environ.get("BENCH_PROBE_OUT")
    if not path or exception is not None:
        return
    deps = {doc: sorted(str(p) for p in app.env.dependencies.get(doc, ())) for doc in app.env.found_docs}
    try:
        catalogue = app.env.domains["oneplusmg"].data.get("catalogue")
    except Exception:  # the probe must never break a build
        catalogue = None
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"reread": _READ, "dependencies": deps, "catalogue": catalogue}, handle)


def setup(app):
    app.connect("env-before-read-docs", _before_read, priority=900)  # after every other handler
    app.connect("build-finished", _finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
'''

EDITED_PAGE = "foundations/technical-infrastructure/data-discovery"
REGISTRY = "_data/guidelines.yaml"
# What makes a page a user of guidelines.yaml, as the issue defines it (a text search).
USES_GUIDELINES = re.compile(r"guideline-table|wg-cards|\{guideline\}`")


@dataclass
class Rebuild:
    result: RunResult
    reread: list[str]
    counts: tuple[int, int, int] | None
    dependencies: dict[str, list[str]]
    catalogue: str | None


def install_probe(site: Path) -> None:
    (site / "_ext" / "_bench_probe.py").write_text(PROBE, encoding="utf-8")
    with open(site / "conf.py", "a", encoding="utf-8") as conf:
        conf.write('\n# Added by benchmarks/incremental.py in this copy only.\nextensions.append("_bench_probe")\n')


def build(site: Path, out: Path, logs: Path, label: str) -> Rebuild:
    """One build into the same output folder (so it is incremental after the first)."""
    probe_out = logs / f"{label}.probe.json"
    result = sphinx_build([*STRICT, "-c", ".", "-j", "auto", "-b", "html", "docs", str(out)], cwd=site,
                          log_path=logs / f"{label}.log", env=child_env(BENCH_PROBE_OUT=str(probe_out)))
    if not result.ok:
        raise BuildFailed(f"incremental build {label}", result)
    probe = json.loads(probe_out.read_text(encoding="utf-8"))
    return Rebuild(result, probe["reread"], updating_counts(result.log()), probe["dependencies"],
                   probe.get("catalogue"))


def edit_page(site: Path, index: int) -> None:
    with open(site / "docs" / f"{EDITED_PAGE}.md", "a", encoding="utf-8") as page:
        page.write(f"\n\nBenchmark edit {index}: a sentence added to time an incremental build.\n")


def edit_registry(site: Path, index: int) -> str:
    """Change the title of the first guideline with a plain (unquoted) title; return the new title.

    A real edit rather than a touch: the output must change, so the check that the new title
    reached the catalogue proves the rebuild did its job, not just that it was fast.
    """
    path = site / "docs" / REGISTRY
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for number, line in enumerate(lines):
        match = re.match(r"^(\s+title: )([^'\"\n].*?)( \(benchmark edit \d+\))?\n$", line)
        if match:
            title = f"{match.group(2)} (benchmark edit {index})"
            lines[number] = f"{match.group(1)}{title}\n"
            path.write_text("".join(lines), encoding="utf-8")
            return title
    raise RuntimeError(f"no unquoted title in {path}")


def grep_users(site: Path) -> list[str]:
    """Pages whose source mentions guideline-table, wg-cards or the {guideline} role."""
    docs = site / "docs"
    return sorted(str(p.relative_to(docs).with_suffix("")) for p in docs.rglob("*.md")
                  if "_data" not in p.parts and USES_GUIDELINES.search(p.read_text(encoding="utf-8")))


def dependency_users(dependencies: dict[str, list[str]]) -> list[str]:
    """Pages that Sphinx will re-read when guidelines.yaml changes (env.dependencies)."""
    return sorted(doc for doc, deps in dependencies.items() if any(d.endswith(REGISTRY) for d in deps))


def describe_counts(counts: tuple[int, int, int] | None) -> str:
    return f"{counts[0]} added, {counts[1]} changed, {counts[2]} removed" if counts else "no 'updating environment' line"


def short_list(names: list[str], limit: int = 4) -> str:
    return ", ".join(names[:limit]) + (f" and {len(names) - limit} more" if len(names) > limit else "")


def versus_full(value: float, full_jauto: float) -> str:
    """"; 0.33x a clean -j auto build", when the full builds were measured in this run."""
    return "" if math.isnan(full_jauto) else f"; {ratio(value, full_jauto):.2f}x a clean -j auto build"


def measure(repo: Path, work: Path, runs: int, full_jauto: float) -> tuple[list[Row], dict]:
    """Build once, then edit a page ``runs`` times, then the registry ``runs`` times."""
    site = copy_site(repo, work / "incr-site")
    install_probe(site)
    out, logs = work / "incr-html", work / "logs"
    first = build(site, out, logs, "incr-initial")
    users_deps = dependency_users(first.dependencies)
    users_grep = grep_users(site)
    catalogue = [first.catalogue] if first.catalogue else []

    idle_timing, idle_reread = Timing(), []
    for index in range(runs):
        rebuild = build(site, out, logs, f"incr-idle-{index}")
        idle_timing.samples.append(rebuild.result.seconds)
        idle_reread = rebuild.reread

    page_timing, page_builds = Timing(), []
    for index in range(runs):
        edit_page(site, index)
        rebuild = build(site, out, logs, f"incr-page-{index}")
        page_timing.samples.append(rebuild.result.seconds)
        page_builds.append(rebuild)

    yaml_timing, yaml_builds = Timing(), []
    title = ""
    for index in range(runs):
        title = edit_registry(site, index)
        rebuild = build(site, out, logs, f"incr-yaml-{index}")
        yaml_timing.samples.append(rebuild.result.seconds)
        yaml_builds.append(rebuild)
    # Where the edited title must show (the catalogue; escaped like any HTML text).
    title_shown = title.replace("&", "&amp;") in (out / "catalogue.html").read_text(encoding="utf-8")

    page_reread = page_builds[-1].reread
    expected_page = sorted({EDITED_PAGE, *catalogue})
    yaml_reread = yaml_builds[-1].reread
    expected_yaml = sorted(set(users_deps) | set(catalogue))
    extra = sorted(set(yaml_reread) - set(expected_yaml))
    stale = sorted(set(expected_yaml) - set(yaml_reread))
    total_docs = len(first.dependencies)
    yaml_ok = not extra and not stale and title_shown
    page_ok = sorted(page_reread) == expected_page
    grep_only = sorted(set(users_grep) - set(users_deps))
    deps_only = sorted(set(users_deps) - set(users_grep))

    rows = [
        Row("incr.idle", "Incremental", "Rebuild with nothing changed, -j auto", seconds(idle_timing.median),
            f"{idle_timing.spread()}; re-read {len(idle_reread)} docs; the floor of every incremental "
            f"build (start-up, registry check, exports, copying static files)",
            idle_timing.median, "s", "met" if not idle_reread else "missed"),
        Row("incr.page", "Incremental", f"Edit one Markdown page ({EDITED_PAGE}.md), -j auto",
            seconds(page_timing.median),
            f"{page_timing.spread()}; re-read {len(page_reread)} of {total_docs} docs "
            f"({', '.join(page_reread)}; log: {describe_counts(page_builds[-1].counts)})"
            + versus_full(page_timing.median, full_jauto),
            page_timing.median, "s", "met" if page_ok else "missed"),
        Row("incr.yaml", "Incremental", "Edit guidelines.yaml (one title), -j auto",
            seconds(yaml_timing.median),
            f"{yaml_timing.spread()}; re-read {len(yaml_reread)} of {total_docs} docs "
            f"(log: {describe_counts(yaml_builds[-1].counts)}); pages using guidelines.yaml: "
            f"{len(users_grep)} by source search (guideline-table, wg-cards, {{guideline}}), "
            f"{len(users_deps)} by Sphinx's recorded dependencies; "
            + ("re-read = exactly those pages" if not extra and not stale else
               f"re-read but not users: {short_list(extra)}; users NOT re-read: {short_list(stale)}")
            + ("" if title_shown else "; the edited title did NOT reach catalogue.html")
            + versus_full(yaml_timing.median, full_jauto),
            yaml_timing.median, "s", "met" if yaml_ok else "missed"),
    ]
    details = {
        "initial_build_s": first.result.seconds,
        "page_reread": page_reread,
        "yaml_reread": yaml_reread,
        "users_grep": users_grep,
        "users_deps": users_deps,
        "grep_only": grep_only,
        "deps_only": deps_only,
        "extra": extra,
        "stale": stale,
        "title_shown": title_shown,
        "total_docs": total_docs,
    }
    return rows, details
