"""The results table and benchmarks/RESULTS.md, with what changed since the previous run.

RESULTS.md carries its own figures as JSON in an HTML comment at its end, so that the next run
compares against exactly what the reader saw, with no second file to keep in step.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from common import Row

DATA_MARK = "bench-data:"
DATA_RE = re.compile(r"<!--\s*bench-data:\s*(\{.*\})\s*-->", re.S)
SIGNIFICANT = 0.10  # changes smaller than this are run-to-run noise on a shared machine


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(rows: list[Row]) -> str:
    """The one table: every figure of the run, in section order."""
    lines = ["| Section | Measurement | Result | Target | Notes |", "| --- | --- | --- | --- | --- |"]
    for row in rows:
        lines.append(f"| {cell(row.section)} | {cell(row.measure)} | **{cell(row.result)}** | "
                     f"{cell(row.target)} | {cell(row.notes)} |")
    return "\n".join(lines)


def previous_data(path: Path) -> dict[str, Any] | None:
    """The figures embedded in an earlier RESULTS.md, or None on a first run."""
    if not path.exists():
        return None
    match = DATA_RE.search(path.read_text(encoding="utf-8"))
    if not match:
        return None
    try:
        return json.loads(match.group(1))
    except json.JSONDecodeError:
        return None


def changed_files(old: dict[str, str], new: dict[str, str]) -> list[str]:
    lines = []
    for label, names in (("changed", [p for p in new if p in old and old[p] != new[p]]),
                         ("added", [p for p in new if p not in old]),
                         ("removed", [p for p in old if p not in new])):
        if names:
            shown = ", ".join(f"`{n}`" for n in sorted(names)[:12])
            more = f" and {len(names) - 12} more" if len(names) > 12 else ""
            lines.append(f"- Files {label} ({len(names)}): {shown}{more}")
    return lines


def what_changed(previous: dict[str, Any] | None, rows: list[Row], machine: dict[str, str],
                 fingerprint: dict[str, str], settings: dict[str, Any]) -> str:
    """The "What changed between runs" section."""
    if previous is None:
        return ("This is the first run: there is no earlier RESULTS.md to compare with. The next run "
                "will list here the source files that changed and every figure that moved by more than "
                f"{SIGNIFICANT:.0%}.")
    lines = [f"Compared with the run of {previous.get('machine', {}).get('date', 'an unknown date')} "
             f"(commit {previous.get('machine', {}).get('commit', '?')}, now {machine.get('commit', '?')})."]
    old_machine = previous.get("machine", {})
    for key in ("cpu", "cores", "ram", "python", "sphinx"):
        if old_machine.get(key) and old_machine.get(key) != machine.get(key):
            lines.append(f"- {key} differs: {old_machine[key]} -> {machine[key]} (figures are not directly comparable)")
    if previous.get("settings") != settings:
        lines.append(f"- Settings differ: {previous.get('settings')} -> {settings}")
    files = changed_files(previous.get("fingerprint", {}), fingerprint)
    lines += files or ["- No source file of the site, the extension or the benchmark changed."]
    old_rows = {r["key"]: r for r in previous.get("rows", [])}
    moved, steady = [], 0
    for row in rows:
        old = old_rows.get(row.key)
        if not old:
            continue
        status = f" (target: {old.get('target')} -> {row.target})" if old.get("target") != row.target else ""
        if row.value is not None and old.get("value") not in (None, 0) and not math.isnan(row.value):
            change = row.value / old["value"] - 1
            if abs(change) >= SIGNIFICANT or status:
                moved.append(f"- {row.measure}: {old['result']} -> {row.result} ({change:+.0%}){status}")
            else:
                steady += 1
        elif old.get("result") != row.result or status:
            moved.append(f"- {row.measure}: {old['result']} -> {row.result}{status}")
        else:
            steady += 1
    lines += moved or [f"- No figure moved by {SIGNIFICANT:.0%} or more."]
    if moved and steady:
        lines.append(f"- {steady} other figures moved by less than {SIGNIFICANT:.0%} (noise).")
    new_keys = [r.measure for r in rows if r.key not in old_rows]
    if new_keys:
        lines.append(f"- New measurements: {', '.join(new_keys)}")
    return "\n".join(lines)


def machine_block(machine: dict[str, str], settings: dict[str, Any]) -> str:
    order = ("date", "cpu", "cores", "ram", "os", "python", "bytecode", "sphinx", "docutils", "myst-parser",
             "pydata-sphinx-theme", "playwright", "chromium", "xelatex", "commit")
    lines = [f"- **{key}**: {machine[key]}" for key in order if key in machine]
    if machine.get("other load"):
        lines.append(f"- **other processes during each section** (average cores used by work that "
                     f"was not this benchmark; above about 0.2 the timings of that section are "
                     f"inflated; in the weight and filter sections this includes the Chromium the "
                     f"benchmark drives, whose processes it does not reap itself): {machine['other load']}")
    lines.append(f"- **runs**: {settings['runs']} per short build, {settings['long_runs']} per long one"
                 + (" (quick smoke run)" if settings.get("quick") else ""))
    return "\n".join(lines)


def targets_block(rows: list[Row]) -> str:
    lines = []
    for label, mark in (("Missed", "missed"), ("Not measured", "n/a"), ("Error", "error"), ("Met", "met")):
        names = [f"{r.measure} ({r.result})" for r in rows if r.target == mark]
        if names:
            lines.append(f"- **{label}**: " + "; ".join(names))
    return "\n".join(lines) or "- No figure of this run has a target."


def write_results(path: Path, rows: list[Row], machine: dict[str, str], settings: dict[str, Any],
                  fingerprint: dict[str, str], details_md: str, previous: dict[str, Any] | None) -> None:
    data = {"machine": machine, "settings": settings, "fingerprint": fingerprint,
            "rows": [row.__dict__ for row in rows]}
    # "--" cannot appear inside an HTML comment; inside JSON strings it can be written \u002d-.
    embedded = json.dumps(data, default=str).replace("--", "\\u002d-")
    text = f"""# Benchmarks of the 1+MG Framework site

Written by `make bench` (`benchmarks/run.py`); run it again to refresh, rather than editing this file.
Times are wall-clock medians of several clean runs; ratios compare figures of this same run.

## Machine

{machine_block(machine, settings)}

## Results

{table(rows)}

## Targets

{targets_block(rows)}

## What changed between runs

{what_changed(previous, rows, machine, fingerprint, settings)}

{details_md}
<!-- {DATA_MARK} {embedded} -->
"""
    path.write_text(text, encoding="utf-8")


# -- Details ---------------------------------------------------------------------------------------


def share_details(d: dict[str, Any]) -> list[str]:
    lines = ["### Our share: where the time in _ext/oneplusmg goes", "",
             f"cProfile of one -j 1 build: {d['entry_s']:.2f} s of {d['total_s']:.2f} s profiled "
             f"({d['percent']:.1f} %; the profiled build took {d['profiled_wall_s']:.1f} s wall). "
             f"Stack sampling of {len(d['sampled_seconds'])} unprofiled builds "
             f"({', '.join(f'{s:.2f} s' for s in d['sampled_seconds'])}): {d['sampled_percent']:.1f} % of "
             f"{d['sampled_total']} samples.", "",
             "Entry points (calls into our code from Sphinx, docutils or MyST; cumulative time, cProfile):", "",
             "| Function | Calls | Time (s) |", "| --- | --- | --- |"]
    lines += [f"| `{name}` | {calls} | {entry:.3f} |" for name, calls, entry, _cum in d["entries"][:12]]
    lines += ["", "Outermost frame of ours in the samples (share of all samples, unprofiled):", "",
              "| Function | Samples | Share |", "| --- | --- | --- |"]
    lines += [f"| `{name}` | {n} | {pct:.1f} % |" for name, n, pct in d["sampled_entries"][:10]]
    lines += ["", "Our functions by self time (cProfile):", "",
              "| Function | Calls | Self (s) | Cumulative (s) |", "| --- | --- | --- | --- |"]
    lines += [f"| `{name}` | {calls} | {tt:.3f} | {ct:.3f} |" for name, calls, tt, ct in d["by_self"][:10]]
    return lines + [""]


def incremental_details(d: dict[str, Any]) -> list[str]:
    lines = ["### Incremental builds: who is re-read", "",
             f"- Pages re-read after the Markdown edit: {', '.join(d['page_reread'])}",
             f"- Pages re-read after the guidelines.yaml edit: {len(d['yaml_reread'])} of {d['total_docs']}",
             f"- Pages using guidelines.yaml by source search: {len(d['users_grep'])}; by Sphinx's "
             f"dependencies: {len(d['users_deps'])}"]
    if d["grep_only"]:
        lines.append(f"- Found by the search but without the dependency (examples in code blocks, or a "
                     f"missing note_dependency): {', '.join(d['grep_only'])}")
    if d["deps_only"]:
        lines.append(f"- With the dependency but not found by the search (other directives that read "
                     f"guidelines.yaml): {', '.join(d['deps_only'])}")
    if d["extra"]:
        lines.append(f"- Re-read without using guidelines.yaml: {', '.join(d['extra'])}")
    if d["stale"]:
        lines.append(f"- Using guidelines.yaml but NOT re-read (stale output): {', '.join(d['stale'])}")
    lines.append(f"- The edited title reached catalogue.html: {'yes' if d['title_shown'] else 'NO'}")
    return lines + [""]


def scale_details(d: dict[str, Any]) -> list[str]:
    lines = ["### Scale: every combination", "",
             f"Synthetic projects, theme `{d['theme']}`, clean builds; peak RSS is that of the largest process.", "",
             "| Guidelines | Pages | -j | Table rows | Runs (s) | Garbage collector (s) | Peak RSS (MB) | Note |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for c in d["combos"]:
        runs = ", ".join(f"{s:.1f}" for s in c["samples"]) or "-"
        gcs = ", ".join(f"{s:.1f}" for s in c.get("gc_s", [])) or "-"
        lines.append(f"| {c['guidelines']:,} | {c['pages']} | {c['jobs']} | {c['rows']:,} | {runs} | {gcs} | "
                     f"{c['maxrss_mb']:.0f} | {c['error']} |")
    return lines + [""]


def weight_details(d: dict[str, Any]) -> list[str]:
    lines = ["### Page weight: the largest files each page fetched in Chromium", ""]
    for label, files in d.items():
        shown = ", ".join(f"`{path}` {size / 1024:.0f} KB" for path, _kind, size, _gz in files[:6])
        lines.append(f"- {label}: {shown}")
    return lines + [""]


def details_markdown(details: dict[str, Any], notes: list[str]) -> str:
    lines = ["## Details", ""]
    builders = {"share": share_details, "incremental": incremental_details, "scale": scale_details,
                "weight": weight_details}
    for key, build in builders.items():
        if details.get(key):
            lines += build(details[key])
    if notes:
        lines += ["## Missed targets: the evidence", "",
                  "What this run measured where a target was missed (the causes and fixes are for a person "
                  "to work out from the profile and the tables above).", "", *notes, ""]
    lines += ["## Method", "",
              "- Every build runs in a fresh process on a copy of the sources in `benchmarks/.work/` "
              "(never in `docs/`); clean builds start from an empty output folder.",
              "- Peak memory is `ru_maxrss` of that process from `os.wait4` (the largest single "
              "process of the build, parallel workers included).",
              "- Compared variants are interleaved (A B A B ...), so drift affects both sides of a ratio.",
              "- Our share: cProfile of an in-process `build_main` (-j 1), counting only calls into "
              "`_ext/oneplusmg` from outside it (nested calls are inside their caller's time); "
              "cross-checked by sampling the stack of unprofiled builds every millisecond.",
              "- Page weight: the files Chromium fetched from the site on a first visit (empty cache), "
              "sizes on disk (the result) and gzip -6 (what a compressing server sends); also the files "
              "the built HTML and its CSS name (imports, first font of each @font-face), an upper bound.", ""]
    return "\n".join(lines)
