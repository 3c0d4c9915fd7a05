"""Benchmarks of the 1+MG Framework site: build times, our extension's share, scale, page weight.

    make bench                                   # everything; writes benchmarks/RESULTS.md
    .venv/bin/python benchmarks/run.py --quick   # a fast smoke run (written under benchmarks/.work/)
    .venv/bin/python benchmarks/run.py --sections full,share --runs 3

Prints one table and writes it, with the machine it ran on, to RESULTS.md. Every build works on a
copy of the sources in benchmarks/.work/ (git-ignored), never in docs/. A quick or partial run
writes its table under benchmarks/.work/ unless --output says otherwise, so a smoke run never
replaces the real figures.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any, Callable, TextIO

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH_DIR, DEFAULT_WORK, REPO, CpuSnapshot, Row, copy_site, fresh_dir  # noqa: E402

SECTIONS = ("full", "incremental", "share", "theme", "weight", "filter", "scale")
CONTENT_PAGE = "foundations/technical-infrastructure/index.html"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs per short measurement (median; default 5)")
    parser.add_argument("--long-runs", type=int, default=3,
                        help="runs per long measurement: PDFs, scale, sampling (default 3)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 1 run each, small scale grid, 2,000-guideline catalogue")
    parser.add_argument("--sections", default=",".join(SECTIONS),
                        help=f"comma-separated subset of: {', '.join(SECTIONS)}")
    parser.add_argument("--output", type=Path, help="where to write the results (default: benchmarks/RESULTS.md "
                        "for a full run, benchmarks/.work/RESULTS-partial.md otherwise)")
    parser.add_argument("--work-dir", type=Path, default=DEFAULT_WORK, help="scratch folder (default benchmarks/.work)")
    parser.add_argument("--scale-guidelines", default="1000,10000,50000", help="guideline counts of the scale grid")
    parser.add_argument("--scale-pages", default="100,500", help="page counts of the scale grid")
    parser.add_argument("--catalogue-size", type=int, default=10_000, help="guidelines in the filter benchmark")
    parser.add_argument("--long-build", type=float, default=120.0,
                        help="a scale build longer than this (s) is measured once (default 120)")
    parser.add_argument("--timeout", type=float, default=3600.0, help="give up on one build after this (s)")
    args = parser.parse_args(argv)
    args.sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    unknown = set(args.sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    if args.quick:
        args.runs, args.long_runs = 1, 1
        args.scale_guidelines, args.scale_pages, args.catalogue_size = "200,1000", "10,20", 2000
    args.scale_guidelines = tuple(int(n) for n in args.scale_guidelines.split(","))
    args.scale_pages = tuple(int(n) for n in args.scale_pages.split(","))
    complete = not args.quick and args.sections == list(SECTIONS)
    if args.output is None:
        args.output = BENCH_DIR / "RESULTS.md" if complete else args.work_dir / "RESULTS-partial.md"
    return args


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Run:
    """The state shared by the sections of one run: the copy of the site and earlier figures."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.work = fresh_dir(args.work_dir / "run")
        log(f"Copying the site into {self.work} ...")
        self.site = copy_site(REPO, self.work / "site")
        self.rows: list[Row] = []
        self.details: dict[str, Any] = {}
        self.full: Any = None
        self.big: tuple[Path, Path] | None = None
        self.errors: list[str] = []
        self.other_load: dict[str, float] = {}

    def section(self, name: str, action: Callable[[], list[Row]]) -> None:
        """Run one section; a failure becomes a row saying so, and the other sections still run."""
        log(f"== {name} ...")
        start = time.perf_counter()
        before = CpuSnapshot.take()
        try:
            self.rows += action()
        except Exception as err:
            traceback.print_exc()
            message = str(err).splitlines()[0] if str(err) else err.__class__.__name__
            self.rows.append(Row(f"error.{name}", name, f"section '{name}'", "failed", message[:300],
                                 target="error"))
            self.errors.append(name)
        self.other_load[name] = CpuSnapshot.take().others_since(before)
        log(f"   {name} took {time.perf_counter() - start:.0f} s (other processes: "
            f"{self.other_load[name]:.2f} cores on average)")

    # -- Sections ----------------------------------------------------------------------------------

    def full_builds(self) -> list[Row]:
        import full_builds

        self.full = full_builds.measure_html(self.site, self.work, self.args.runs)
        return [*self.full.rows, full_builds.measure_pdf(self.site, self.work, self.args.long_runs)]

    def incremental(self) -> list[Row]:
        import incremental

        full = self.full.jauto.median if self.full else float("nan")
        rows, self.details["incremental"] = incremental.measure(self.site, self.work, self.args.runs, full)
        return rows

    def share(self) -> list[Row]:
        import profile_share

        j1 = self.full.j1.median if self.full else float("nan")
        rows, self.details["share"] = profile_share.measure(self.site, self.work, j1, self.args.long_runs)
        return rows

    def theme(self) -> list[Row]:
        import full_builds

        return full_builds.measure_theme(self.site, self.work, self.args.runs)

    def weight(self) -> list[Row]:
        import full_builds
        import pageweight

        html = self.full.html_out if self.full else None
        if html is None or not (html / "index.html").exists():
            html = self.work / "html-weight"
            result = full_builds.html_build(self.site, html, "auto", self.work / "logs")
            if not result.ok:
                raise RuntimeError(f"HTML build for page weight failed, log {result.log_path}")
        pages = [("weight.home", "Home page", "index.html"),
                 ("weight.content", "Content page", CONTENT_PAGE),
                 ("weight.catalogue", "Catalogue", "catalogue.html")]
        rows, self.details["weight"] = pageweight.measure(html, pages)
        return rows

    def filter(self) -> list[Row]:
        import filtering
        import pageweight

        size = self.args.catalogue_size
        site, out, build_row = filtering.build_big_site(self.site, self.work, size)
        self.big = (site, out)
        rows, weight = pageweight.measure(out, [("big.weight", f"Catalogue with {size:,} guidelines",
                                                 "catalogue.html")])
        self.details.setdefault("weight", {}).update(weight)
        for row in rows:
            row.section = filtering.section_name(size)
        return [build_row, *rows, filtering.measure_filter(site, out, self.args.runs, size)]

    def scale(self) -> list[Row]:
        import scale

        a = self.args
        rows, self.details["scale"] = scale.measure(
            self.work, self.site / "docs" / "_data", self.site / "_ext", a.long_runs, a.scale_guidelines,
            a.scale_pages, a.long_build, a.timeout, parallel_check=not a.quick)
        return rows


def findings(rows: list[Row], details: dict[str, Any]) -> list[str]:
    """Evidence for every missed target, from this run's own figures (no judgement added)."""
    notes = []
    for row in rows:
        if row.target != "missed":
            continue
        if row.key.startswith("share.") and details.get("share"):
            top = details["share"]["sampled_entries"][:4]
            notes.append(f"- {row.measure}: {row.result}. Largest parts (sampled): "
                         + "; ".join(f"`{name}` {pct:.1f} %" for name, _n, pct in top))
        else:
            notes.append(f"- {row.measure}: {row.result}. {row.notes}")
    return notes


def take_lock(work_dir: Path) -> TextIO:
    """One run at a time per work folder: two runs would delete each other's files and share the CPU."""
    import fcntl

    work_dir.mkdir(parents=True, exist_ok=True)
    handle = open(work_dir / ".lock", "w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        sys.exit(f"another benchmark run is using {work_dir}; wait for it, or pass --work-dir")
    handle.write(str(os.getpid()))
    handle.flush()
    return handle  # the lock lasts as long as this handle stays open


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    lock = take_lock(args.work_dir)  # noqa: F841 (held until the process ends)
    from machine import machine_info, source_fingerprint
    from report import details_markdown, previous_data, table, write_results

    started = time.perf_counter()
    machine = machine_info()
    fingerprint = source_fingerprint()
    run = Run(args)
    actions = {"full": run.full_builds, "incremental": run.incremental, "share": run.share, "theme": run.theme,
               "weight": run.weight, "filter": run.filter, "scale": run.scale}
    for name in SECTIONS:
        if name in args.sections:
            run.section(name, actions[name])
    machine["other load"] = ", ".join(f"{name} {load:.2f}" for name, load in run.other_load.items())
    settings = {"runs": args.runs, "long_runs": args.long_runs, "quick": args.quick, "sections": args.sections,
                "scale_guidelines": list(args.scale_guidelines), "scale_pages": list(args.scale_pages),
                "catalogue_size": args.catalogue_size}
    details_md = details_markdown(run.details, findings(run.rows, run.details))
    previous = previous_data(args.output)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    write_results(args.output, run.rows, machine, settings, fingerprint, details_md, previous)
    print(f"\nMachine: {machine['cpu']}, {machine['cores']}, {machine['ram']} RAM; Python "
          f"{machine['python'].split()[0]}, Sphinx {machine['sphinx']}; {machine['date']}\n")
    print(table(run.rows))
    print(f"\nWritten to {args.output} ({(time.perf_counter() - started) / 60:.1f} min)")
    return 1 if run.errors else 0


if __name__ == "__main__":
    sys.exit(main())
