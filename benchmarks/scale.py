"""Scale: build time and peak memory for growing registries and page counts.

Each combination is a synthetic project (see :mod:`synthetic`) built with ``-j 1`` and the basic
theme, so that the figures are about our extension and Sphinx, not about the theme (measured on
its own in the theme section) nor about how the parallel workers happen to be scheduled. One
parallel build of the largest registry shows what ``-j auto`` adds on top (each parallel reader
sends its whole environment, registry included, back to the main process).

Each build runs through :mod:`gcbuild` (``sphinx-build`` plus a clock on the garbage collector),
so the table can say how much of a superlinear growth the collector explains.

A combination whose first build takes longer than ``long_build`` seconds is measured once: its
figure is then one run, and the table says so.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from common import Row, Timing, child_env, fresh_dir, ratio, run_timed, seconds, warning_lines

GC_BUILD = str(Path(__file__).resolve().parent / "gcbuild.py")
from synthetic import Vocabulary, guideline_records, write_scale_project


@dataclass
class Combo:
    guidelines: int
    pages: int
    rows: int
    timing: Timing = field(default_factory=Timing)
    maxrss_mb: float = 0.0
    warnings: int = 0
    jobs: str = "1"
    error: str = ""
    gc_s: list[float] = field(default_factory=list)

    @property
    def gc_share(self) -> float:
        """Median share of the build spent in the garbage collector (main process)."""
        shares = sorted(g / t for g, t in zip(self.gc_s, self.timing.samples) if t)
        return shares[len(shares) // 2] if shares else float("nan")

    @property
    def label(self) -> str:
        return f"{self.guidelines:,} guidelines x {self.pages} pages"


def build_combo(project: Path, out: Path, logs: Path, combo: Combo, runs: int, long_build: float,
                timeout: float) -> Combo:
    """Clean builds of one project; stops after one run when that run was long."""
    for index in range(runs):
        fresh_dir(out)
        label = f"scale-{combo.guidelines}-{combo.pages}-j{combo.jobs}-{index}"
        gc_path = logs / f"{label}.gc.json"
        result = run_timed([sys.executable, GC_BUILD, str(gc_path), "--keep-going", "-n", "-j", combo.jobs,
                            "-b", "html", ".", str(out)], cwd=project, log_path=logs / f"{label}.log",
                           env=child_env(), timeout=timeout)
        if not result.ok:
            combo.error = (f"did not finish within {timeout:.0f} s" if result.timed_out
                           else f"failed (exit {result.returncode}), log {result.log_path}")
            return combo
        combo.timing.samples.append(result.seconds)
        combo.gc_s.append(json.loads(gc_path.read_text(encoding="utf-8"))["gc_s"])
        combo.maxrss_mb = max(combo.maxrss_mb, result.maxrss_mb)
        combo.warnings = len(warning_lines(result.log()))
        if result.seconds > long_build:
            break
    return combo


def combo_row(combo: Combo) -> Row:
    key = f"scale.{combo.guidelines}x{combo.pages}" + ("" if combo.jobs == "1" else f".j{combo.jobs}")
    measure = f"Scale: {combo.label}, -j {combo.jobs}"
    if combo.error:
        return Row(key, "Scale", measure, "n/a", combo.error)
    t = combo.timing.median
    per_row = 1e6 * t / combo.rows if combo.rows else float("nan")
    notes = (f"{combo.timing.spread()}; peak RSS {combo.maxrss_mb:.0f} MB; {combo.rows:,} table rows "
             f"rendered ({per_row:.0f} us per row, fixed costs included); garbage collector "
             f"{100 * combo.gc_share:.0f} % of the time")
    if combo.warnings:
        notes += f"; {combo.warnings} warnings"
    return Row(key, "Scale", measure, seconds(t), notes, t, "s")


def growth_rows(combos: dict[tuple[int, int], Combo], guideline_counts: tuple[int, ...],
                page_counts: tuple[int, ...]) -> list[Row]:
    """Time ratios when one dimension grows, the other fixed.

    "Superlinear" (target missed) means the time grows more than 15 % faster than the data did.
    """
    done = {k: c for k, c in combos.items() if not c.error and c.timing.samples}
    steps = [("g", small, big, [((small, p), (big, p), f"{p} pages") for p in page_counts])
             for small, big in zip(guideline_counts, guideline_counts[1:])]
    steps += [("p", small, big, [((g, small), (g, big), f"{g:,} guidelines") for g in guideline_counts])
              for small, big in zip(page_counts, page_counts[1:])]
    rows = []
    for dim, small, big, pairs in steps:
        short, long, missed = [], [], False
        for key_a, key_b, fixed in pairs:
            a, b = done.get(key_a), done.get(key_b)
            if not (a and b):
                continue
            r = ratio(b.timing.median, a.timing.median)
            # The same ratio without the garbage collector's time: what the code itself does.
            r_no_gc = ratio(b.timing.median * (1 - b.gc_share), a.timing.median * (1 - a.gc_share))
            missed |= r > 1.15 * big / small
            short.append(f"x{r:.2f} ({fixed})")
            long.append(f"{fixed}: time x{r:.2f} (x{r_no_gc:.2f} without garbage collection), peak memory "
                        f"x{ratio(b.maxrss_mb, a.maxrss_mb):.2f}, rows x{ratio(b.rows, a.rows):.1f}")
        if not short:
            continue
        what = "guidelines" if dim == "g" else "pages"
        rows.append(Row(f"scale.growth.{dim}{small}-{big}", "Scale",
                        f"Growth, {big / small:g}x {what} ({small:,} -> {big:,})", ", ".join(short),
                        "; ".join(long) + f"; linear would be x{big / small:g}",
                        target="missed" if missed else "met"))
    return rows


def measure(work: Path, real_data: Path, ext_dir: Path, runs: int, guideline_counts: tuple[int, ...],
            page_counts: tuple[int, ...], long_build: float, timeout: float,
            parallel_check: bool) -> tuple[list[Row], dict]:
    """Every combination of guideline and page counts, then the growth ratios."""
    vocab = Vocabulary.from_data(real_data)
    logs = work / "logs"
    combos: dict[tuple[int, int], Combo] = {}
    for count in guideline_counts:
        records = guideline_records(count, vocab)
        for pages in page_counts:
            project = work / f"scale-{count}-{pages}"
            rows = write_scale_project(project, records, pages, vocab, real_data, ext_dir)
            combo = Combo(count, pages, rows)
            print(f"  scale: {combo.label} ({rows:,} rows)...", flush=True)
            combos[(count, pages)] = build_combo(project, work / "scale-html", logs, combo, runs, long_build, timeout)
            if (count, pages) != (guideline_counts[-1], page_counts[0]):
                fresh_dir(project)  # the HTML of 50,000 x 500 is large; keep only what is reused
    result_rows = [combo_row(c) for c in combos.values()]
    parallel = None
    if parallel_check:
        count, pages = guideline_counts[-1], page_counts[0]
        project = work / f"scale-{count}-{pages}"
        base = combos[(count, pages)]
        parallel = build_combo(project, work / "scale-html", logs, Combo(count, pages, base.rows, jobs="auto"),
                               runs, long_build, timeout)
        row = combo_row(parallel)
        if not parallel.error and base.timing.samples:
            row.notes += (f"; -j auto / -j 1 = {ratio(parallel.timing.median, base.timing.median):.2f}, "
                          f"peak RSS -j auto / -j 1 = {ratio(parallel.maxrss_mb, base.maxrss_mb):.2f}")
        result_rows.append(row)
    fresh_dir(work / "scale-html")
    result_rows += growth_rows(combos, guideline_counts, page_counts)
    details = {
        "theme": "basic",
        "combos": [
            {"guidelines": c.guidelines, "pages": c.pages, "rows": c.rows, "samples": c.timing.samples,
             "maxrss_mb": c.maxrss_mb, "error": c.error, "jobs": c.jobs, "gc_s": c.gc_s}
            for c in [*combos.values(), *([parallel] if parallel else [])]
        ],
    }
    return result_rows, details
