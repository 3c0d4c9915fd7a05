"""Benchmarks of the 1+MG Framework site: builds, levers, live preview, our share, page weight, scale.

    make bench                                   # everything; writes benchmarks/RESULTS.md
    .venv/bin/python benchmarks/run.py --quick   # a smoke run, written to benchmarks/.work/
    .venv/bin/python benchmarks/run.py --only full,incremental --against 4b8d445

Every build works on a copy of the sources in benchmarks/.work/ (git-ignored), taken when the run
starts. The reference commit (--against) is exported there with `git archive`, built with the
same .venv, and timed in turn with the current tree, so that its ratios are of one sitting.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
import traceback
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from statistics import median
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import browser
import common
import synthetic
from common import REPO, SPHINX_BUILD, STRICT, Result, Row, copy_site, fresh, run, secs, size, spread

BENCH = REPO / "benchmarks"
WORK = BENCH / ".work"
SECTIONS = ("full", "levers", "incremental", "live", "share", "weight", "filter", "scale")
EDITED = "foundations/technical-infrastructure/data-discovery"
CONTENT = "foundations/technical-infrastructure/index.html"
PAGES = {"home": "index.html", "content": CONTENT, "catalogue": "catalogue.html"}
# A content page: issue 7 asked < 500 KB; issue 11 let the theme's stylesheet go whole if < 150 KB gzipped.
CONTENT_GZIP_KB, FILTER_MS, SHARE_PCT, GROWTH_MARGIN = 150, 100, 5.0, 1.15
# Issue 15's targets against the reference: per page of a clean build, and edit to reload.
PER_PAGE_MAX, LIVE_MAX = 0.5, {"page": 0.45, "yaml": 0.6}
LEVER_PCT = 5.0  # issue 11: an optimisation stays only if it saves at least this share of a build
J1, JAUTO = (*STRICT, "-j", "1", "-b", "html"), (*STRICT, "-j", "auto", "-b", "html")
LOOSE = ("--keep-going", "-n", "-b", "html")  # no -W: the basic theme, synthetic data
# The catalogue of 10,000 without a page per guideline: 10,000 pages would time the pages, not it.
BIG = ("-D", "oneplusmg_guideline_pages=", "-j", "auto", *LOOSE)
# What each row measures: (section, measure, unit). Runs compare figures whose wording is the same.
MEASURES = {
    "full.html_j1": ("Full builds", "HTML, clean, -j 1", "s"),
    "full.html_jauto": ("Full builds", "HTML, clean, -j auto", "s"),
    "full.pdf": ("Full builds", "PDF, clean, -M latexpdf -j auto ({} PDFs)", "s"),
    "theme.basic": ("Theme", "HTML, clean, -j 1, html_theme=basic", "s"),
    "theme.ratio": ("Theme", "pydata-sphinx-theme / basic, build time", "x"),
    "incr.page": ("Incremental", f"Edit one Markdown page ({EDITED}.md), -j auto", "s"),
    "incr.yaml": ("Incremental", "Edit guidelines.yaml (one title), -j auto", "s"),
    "against.clean": ("Against {}", "Clean HTML build, -j 1: new / {}", "x"),
    "against.page": ("Against {}", "Page edit rebuild, -j auto: new / {}", "x"),
    "against.yaml": ("Against {}", "Registry edit rebuild, -j auto: new / {}", "x"),
    "against.per_page": ("Against {0}", "Clean HTML build per page written, -j {1}: new / {0}", "x"),
    "lever": ("Levers", "Clean build time saved by {}, -j 1", "%"),
    "live.page": ("Live preview", f"Edit to reload, one Markdown page ({EDITED}.md), in Chromium", "s"),
    "live.yaml": ("Live preview", "Edit to reload, guidelines.yaml (one title; catalogue.html open), in Chromium", "s"),
    "against.live_page": ("Against {}", "Edit to reload, page: new live preview / {}'s", "x"),
    "against.live_yaml": ("Against {}", "Edit to reload, registry: new live preview / {}'s", "x"),
    "share.sampled": ("Our share", "oneplusmg share of a full HTML build (pyinstrument, -j 1)", "%"),
    "weight.home": ("Page weight", f"Home page ({PAGES['home']}), first visit", "KB"),
    "weight.content": ("Page weight", f"Content page ({PAGES['content']}), first visit", "KB"),
    "weight.catalogue": ("Page weight", f"Catalogue ({PAGES['catalogue']}), first visit", "KB"),
    "big.build": ("Catalogue at {:,}", "Real site with {:,} guidelines (no guideline pages), clean HTML -j auto", "s"),
    "big.filter": ("Catalogue at {:,}", "Filter the catalogue of {:,} guidelines (Chromium)", "ms"),
    "scale": ("Scale", "Scale: {:,} guidelines x 100 pages, -j 1", "s"),
    "scale.growth": ("Scale", "Growth, {:g}x guidelines ({:,} -> {:,})", "x"),
}
THEME_DEFAULT_NAVIGATION = "html_theme_options.update(navigation_depth=4, collapse_navigation=False)"
# Issue 15's levers on the clean build: each variant is the site without one of them, made by a
# line added to one of its files or (None) by removing the file.
LEVERS = {
    "PyStemmer, the C stemmer of the search index": ("conf.py", "sys.modules['Stemmer'] = None"),
    "the edit link put together in _templates/edit-this-page.html": ("_templates/edit-this-page.html", None),
    "the collector's threshold raised in a build": ("conf.py", "oneplusmg_gc_threshold = 0"),
    # The site's navigation design (since 0a1105a), measured as issue 15 asks; the output differs.
    "navigation depth 3, collapsed (theme default: 4, open)": ("conf.py", THEME_DEFAULT_NAVIGATION),
}
PACKAGE, SITE_MODULE = "/_ext/oneplusmg/", "/_ext/oneplusmg_site.py"  # what our share counts
RESULT = {"s": secs, "x": "{:.2f}x".format, "%": "{:.1f} %".format, "KB": lambda v: size(v * 1024)}


def row(key: str, value: float | list[float], notes: str, *fill: object, met: bool | None = None) -> Row:
    """A row of MEASURES[key]; of samples, the median (the notes say their spread); ``met``: None if no target."""
    section, measure, unit = (text.format(*fill) for text in MEASURES[key])
    if isinstance(value, list):
        value, notes = median(value), "; ".join(filter(None, (spread(value), notes)))
    result = RESULT.get(unit, lambda v: f"{v:.0f} {unit}")(value)
    target = "" if met is None else "met" if met else "missed"
    return Row(".".join((key, *map(str, fill[-1:]))), section, measure, result, notes, value, unit, target)


def cpu() -> tuple[float, float]:
    """(wall, CPU seconds used so far by processes other than this run): a busy machine shows."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split()[1:9]]  # the line of all CPUs
    busy = (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")  # all but idle, iowait
    return time.perf_counter(), busy - sum(os.times()[:4])  # ours: this process and its children


def edit_page(site: Path, index: int) -> None:
    with open(site / "docs" / f"{EDITED}.md", "a", encoding="utf-8") as page:
        page.write(f"\n\nBenchmark edit {index}: a sentence added to time an incremental build.\n")


def edit_registry(site: Path, index: int) -> None:
    """A real edit, not a touch: the first plain title of guidelines.yaml gets a suffix."""
    path = site / "docs" / "_data" / "guidelines.yaml"
    title = re.compile(r"^(  title: [^'\"\n]+?)( \(benchmark edit \d+\))?$", re.M)
    text, n = title.subn(rf"\1 (benchmark edit {index})", path.read_text(encoding="utf-8"), count=1)
    if not n:
        raise RuntimeError(f"no plain title to edit in {path}")
    path.write_text(text, encoding="utf-8")


def tree_difference(a: Path, b: Path) -> str:
    """ "same pages" or which pages and search index differ between two outputs, whitespace collapsed."""
    names = sorted({str(p.relative_to(root)) for root in (a, b) for p in root.rglob("*.html")})
    differ = [name for name in [*names, "searchindex.js"] if collapsed(a / name) != collapsed(b / name)]
    return f"{len(differ)} files differ (first: {differ[0]})" if differ else f"same {len(names)} pages and search index"


def collapsed(path: Path) -> str | None:
    """A file's text with runs of whitespace collapsed, and none between tags; None if it is missing."""
    text = path.read_text(encoding="utf-8") if path.exists() else None
    return text and re.sub(r">\s+<", "><", re.sub(r"\s+", " ", text))


def shares(profiles: list[Path]) -> tuple[Counter[str], Counter[str]]:
    """Seconds of pyinstrument profiles, pooled: in all, with a frame of ours, of the site module, of either
    on the stack; and ours by entry point. A sample is ours or not, so nothing is counted twice."""
    from pyinstrument.session import Session

    totals: Counter[str] = Counter()
    entries: Counter[str] = Counter()
    for profile in profiles:
        for stack, seconds in Session.load(profile).frame_records:  # a sample: its stack (outermost first)
            # The outermost frame of ours is the entry point: "function file line", not the line it ran.
            ours = next((frame.split("\x01")[0].replace("\x00", " ") for frame in stack if PACKAGE in frame), None)
            site = any(SITE_MODULE in frame for frame in stack)
            hits = {"total": True, "ours": bool(ours), "site": site, "either": bool(ours) or site}
            totals.update({key: seconds for key, hit in hits.items() if hit})
            if ours:
                entries[ours] += seconds
    return totals, entries


class Bench:
    """One run: the copy of the site, the reference tree, the rows so far."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.rows: list[Row] = []
        self.load: dict[str, float] = {}  # cores used by other processes during each section
        self.runs, self.long = (range(1), range(1)) if args.quick else (range(5), range(3))
        self.catalogue, self.counts = (2_000, (100, 400, 2_000)) if args.quick else (10_000, (100, 2_000, 10_000))
        self.work = fresh(WORK / "run")
        self.source = copy_site(REPO, self.work / "source")  # never built in: no generated files
        self.site = copy_site(self.source, self.work / "site")
        # The reference commit's files, exported beside them: git knows neither copy's files.
        git = ["git", "-C", str(REPO)]
        short = subprocess.run([*git, "rev-parse", "--short", args.against], capture_output=True, text=True, check=True)
        self.ref, self.old = short.stdout.strip(), fresh(self.work / "old")
        files = subprocess.run([*git, "archive", self.ref], capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(self.old)], input=files, check=True)
        self.trees = (("new", self.source), ("old", self.old))

    def build(self, site: Path, out: str, log: str, *options: str, clean: bool = True, make: str = "") -> Result:
        """``sphinx-build -c . OPTIONS docs OUT`` (or ``-M MAKE docs OUT -c . OPTIONS``) in a copy of the site."""
        where = ["docs", str(fresh(self.work / out) if clean else self.work / out)]
        head, tail = (["-M", make, *where], []) if make else ([], where)
        return run([SPHINX_BUILD, *head, "-c", ".", *options, *tail], site, self.work / "logs" / f"{log}.log")

    def interleaved(self, variants: dict[Any, tuple[Path, tuple[str, ...]]], runs: range) -> tuple[dict, dict]:
        """Clean builds of each (site, options) in turn, A B A B ...: a slow patch of the machine affects all alike."""
        t: dict[Any, list[float]] = {name: [] for name in variants}
        rss = dict.fromkeys(variants, 0.0)
        for i in runs:
            for name, (site, options) in variants.items():
                result = self.build(site, f"html-{name}", f"{name}-{i}", *options)
                t[name].append(result.seconds)
                rss[name] = max(rss[name], result.rss_mb)
        return t, rss

    def section(self, name: str) -> None:
        """Run one section; a failure becomes a row saying so, and the other sections still run."""
        print(f"== {name} ...", file=sys.stderr, flush=True)
        start = cpu()
        try:
            self.rows += getattr(self, name)()
        except Exception as err:
            traceback.print_exc()
            why = " ".join(str(err).split())[:300].replace("|", "/")  # one line of the table
            self.rows.append(Row(f"error.{name}", name, f"section {name}", "failed", why, target="error"))
        end = cpu()
        self.load[name] = max(0.0, (end[1] - start[1]) / (end[0] - start[0]))
        print(f"   {end[0] - start[0]:.0f} s; other processes used {self.load[name]:.2f} cores", file=sys.stderr)

    def against(self, key: str, new: list[float], old: list[float], most: float | None = None) -> Row:
        """New / old, from runs interleaved in this sitting; ``most``: the target, if any."""
        value = median(new) / median(old)
        notes = f"new {secs(median(new))} ({spread(new)}), {self.ref} {secs(median(old))} ({spread(old)}); interleaved"
        notes += "" if most is None else f"; target <= {most}x"
        return row(f"against.{key}", value, notes, self.ref, self.ref, met=None if most is None else value <= most)

    def full(self) -> list[Row]:
        """Clean HTML builds (-j 1, -j auto, the basic theme, the reference tree's), then the PDFs."""
        old, basic = self.old, ("-D", "html_theme=basic", "-j", "1", *LOOSE)
        variants = {"old": (old, J1), "j1": (self.site, J1), "old-auto": (old, JAUTO), "auto": (self.site, JAUTO)}
        t, _ = self.interleaved({**variants, "basic": (self.site, basic)}, self.runs)
        pdf = [self.build(self.site, "pdf", f"pdf-{i}", "-j", "auto", "-q", make="latexpdf").seconds for i in self.long]
        made = sorted(p.name for p in (self.work / "pdf" / "latex").glob("*.pdf"))
        j1, auto, basic_s = median(t["j1"]), median(t["auto"]), median(t["basic"])
        pages = {tree: len(list((self.work / f"html-{tree}").rglob("*.html"))) for tree in ("auto", "old")}
        theme = f"pydata {secs(j1)} vs basic {secs(basic_s)}, interleaved, -j 1; the theme costs {j1 - basic_s:.2f} s"
        rows = [
            row("full.html_j1", t["j1"], f"{pages['auto']} HTML files; -W --keep-going -n"),
            row("full.html_jauto", t["auto"], f"-j 1 / -j auto = {j1 / auto:.2f}x on this machine"),
            row("full.pdf", pdf, ", ".join(made), len(made)),
            row("theme.basic", t["basic"], ""),
            row("theme.ratio", j1 / basic_s, theme),
            self.against("clean", t["j1"], t["old"]),
        ]
        for jobs, new, ref in (("1", "j1", "old"), ("auto", "auto", "old-auto")):
            new_ms, old_ms = 1000 * median(t[new]) / pages["auto"], 1000 * median(t[ref]) / pages["old"]
            bare = f"; basic theme {1000 * basic_s / pages['auto'] / old_ms:.2f}x" if jobs == "1" else ""  # a bound
            notes = (
                f"new {new_ms:.1f} ms a page ({pages['auto']} pages), {self.ref} {old_ms:.1f} ms a page "
                f"({pages['old']} pages); target <= {PER_PAGE_MAX}x{bare}"
            )
            met = new_ms / old_ms <= PER_PAGE_MAX
            rows.append(row("against.per_page", new_ms / old_ms, notes, self.ref, jobs, met=met))
        return rows

    def live(self) -> list[Row]:
        """Edit to reload in the live preview, this tree's and the reference tree's, both served at once."""
        rows = []
        for kind, edit, page in (("page", edit_page, f"{EDITED}.html"), ("yaml", edit_registry, "catalogue.html")):
            sites = {name: copy_site(site, self.work / f"live-{name}") for name, site in self.trees}
            t = browser.edit_to_reload(sites, page, edit, len(self.runs), self.work / "logs" / kind)
            rows.append(row(f"live.{kind}", t["new"], "first build served, then a save every few seconds"))
            rows.append(self.against(f"live_{kind}", t["new"], t["old"], LIVE_MAX[kind]))
        return rows

    def levers(self) -> list[Row]:
        """Each lever's gain on a clean -j 1 build (the site without it, interleaved), and its effect on the output."""
        variants = {"lever-all": (self.site, J1)}
        for i, (file, line) in enumerate(LEVERS.values()):
            site = copy_site(self.source, self.work / f"lever-{i}")
            if line:
                (site / file).write_text((site / file).read_text() + f"\n{line}\n")
            else:
                (site / file).unlink()
            variants[f"lever-{i}"] = (site, J1)
        t, _ = self.interleaved(variants, self.long)
        rows, kept = [], median(t["lever-all"])
        for i, name in enumerate(LEVERS):
            times = t[f"lever-{i}"]
            without = median(times)
            same = tree_difference(self.work / "html-lever-all", self.work / f"html-lever-{i}")
            saved = 100 * (without - kept) / without
            pays = f"pays (>= {LEVER_PCT:g} %)" if saved >= LEVER_PCT else f"does not pay (< {LEVER_PCT:g} %)"
            notes = f"{pays}; without it {secs(without)} ({spread(times)}), with all {secs(kept)}; output: {same}"
            rows.append(row("lever", saved, notes, name))
        return rows

    def incremental(self) -> list[Row]:
        """An edited page, then an edited registry, rebuilt (-j auto) in turn in both trees."""
        trees = {name: copy_site(site, self.work / f"incr-{name}") for name, site in self.trees}
        docs = {name: self.build(site, f"incr-{name}/_build", f"incr-{name}", *JAUTO) for name, site in trees.items()}
        rows = []
        for kind, edit in (("page", edit_page), ("yaml", edit_registry)):
            t: dict[str, list[float]] = {name: [] for name in trees}
            reread: dict[str, int] = {}
            for i in self.runs:
                for name, site in trees.items():
                    edit(site, i)
                    result = self.build(site, f"incr-{name}/_build", f"incr-{kind}-{name}-{i}", *JAUTO, clean=False)
                    t[name].append(result.seconds)
                    reread[name] = result.counts()[1]
            new, old = (f"{reread[name]} of {docs[name].counts()[0]}" for name in ("new", "old"))
            rows.append(row(f"incr.{kind}", t["new"], f"re-read {new} docs ({self.ref}: {old})"))
            rows.append(self.against(kind, t["new"], t["old"]))
        return sorted(rows, key=lambda r: r.section != "Incremental")  # both kinds' rows, then both ratios

    def share(self) -> list[Row]:
        """pyinstrument profiles (every 1 ms) of -j 1 builds, pooled: in one process, every call is on one stack."""
        walls, profiles = [], []
        for i in self.long:
            out, data = fresh(self.work / "share-html"), self.work / f"share-{i}.pyisession"
            profile = [sys.executable, "-m", "pyinstrument", "-i", "0.001", "-r", "pyisession", "-o", str(data)]
            command = [*profile, "-m", "sphinx", "-c", ".", *J1, "docs", str(out)]
            walls.append(run(command, self.site, self.work / "logs" / f"share-{i}.log").seconds)
            profiles.append(data)
        # Read in a child: loaded profiles take ~100 MB, which each later build would inherit into its peak RSS.
        with ProcessPoolExecutor(1) as pool:
            totals, entries = pool.submit(shares, profiles).result()
        pct = {k: 100 * totals[k] / totals["total"] for k in ("ours", "site", "either")}
        top = ", ".join(f"{name.split()[0]} {100 * s / totals['total']:.1f} %" for name, s in entries.most_common(3))
        unprofiled = next((r.result for r in self.rows if r.key == "full.html_j1"), "not measured")
        notes = (
            f"target <= {SHARE_PCT:g} %; {totals['ours']:.2f} s of {totals['total']:.2f} s sampled over {len(walls)} "
            f"build(s) had a frame of _ext/oneplusmg on the stack; biggest: {top}; the site's additions "
            f"(_ext/oneplusmg_site.py) {pct['site']:.1f} %, both {pct['either']:.1f} %; a profiled build took "
            f"{secs(median(walls))} (unprofiled: {unprofiled})"
        )
        return [row("share.sampled", pct["ours"], notes, met=pct["ours"] <= SHARE_PCT)]

    def weight(self) -> list[Row]:
        """A first visit to the home page, a content page and the catalogue, in Chromium."""
        if not (self.work / "html-auto" / "index.html").exists():
            self.build(self.site, "html-auto", "weight", *JAUTO)
        found = browser.first_visits(self.work / "html-auto", list(PAGES.values()))
        rows = []
        for name, page in PAGES.items():
            files, kinds = found[page], Counter[str]()
            for kind, n, _ in files:
                kinds[kind] += n
            total, content = sum(kinds.values()) / 1024, name == "content"
            by_kind = ", ".join(f"{kind} {size(n)}" for kind, n in kinds.most_common())
            gzipped = sum(f[2] for f in files)
            notes = f"Chromium fetched {len(files)} files ({by_kind}); gzipped, as a compressing server sends them: "
            notes = (f"target < {CONTENT_GZIP_KB} KB gzipped; " if content else "") + notes + size(gzipped)
            rows.append(row(f"weight.{name}", total, notes, met=gzipped < CONTENT_GZIP_KB * 1024 if content else None))
        return rows

    def filter(self) -> list[Row]:
        """The real site with synthetic guidelines up to N, built once; its catalogue filtered."""
        n, site = self.catalogue, copy_site(self.source, self.work / "big")
        added = synthetic.grow(site / "docs" / "_data" / "guidelines.yaml", n)
        build = self.build(site, "html-big", "big", *BIG)
        narrow, clear, count = browser.filter_times(self.work / "html-big", synthetic.FILTER_QUERY, len(self.runs))
        worst = max(median(narrow), median(clear))
        built = f"1 run; {added:,} synthetic guidelines added to the real ones; peak RSS {build.rss_mb:.0f} MB"
        filtered = (
            f"target < {FILTER_MS} ms; typing {synthetic.FILTER_QUERY!r} (count: {count!r}): median "
            f"{median(narrow):.0f} ms; clearing it: median {median(clear):.0f} ms; slowest {max(narrow + clear):.0f} "
            f"ms; {len(self.runs)} run(s) each; from the input event to the frame after the live count changed"
        )
        return [
            row("big.build", build.seconds, f"{built}; {build.text.count('WARNING')} warnings", n, n),
            row("big.filter", worst, filtered, n, n, met=worst < FILTER_MS),
        ]

    def scale(self) -> list[Row]:
        """Synthetic projects of N guidelines x 100 pages, theme basic, -j 1, interleaved."""
        projects = {n: synthetic.project(self.work / f"scale-{n}", n, 100, self.site) for n in self.counts}
        t, rss = self.interleaved({n: (project, ("-j", "1", *LOOSE)) for n, project in projects.items()}, self.long)
        rows = [row("scale", t[n], f"peak RSS {rss[n]:.0f} MB", n) for n in self.counts]
        a, b = self.counts[-2:]
        growth, linear = median(t[b]) / median(t[a]), b / a
        notes = (
            f"time x{growth:.2f}, peak RSS x{rss[b] / rss[a]:.2f}; linear would be x{linear:g} "
            f"(target: not above it, with {GROWTH_MARGIN - 1:.0%} for noise)"
        )
        return [*rows, row("scale.growth", growth, notes, linear, a, b, met=growth <= GROWTH_MARGIN * linear)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smoke run: one run each, smaller data")
    parser.add_argument("--against", default="0a1105a", help="the reference commit (default 0a1105a)")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"some of: {','.join(SECTIONS)}")
    args = parser.parse_args(argv)
    only = [s for s in args.only.split(",") if s]
    if set(only) - set(SECTIONS):
        parser.error(f"unknown sections: {set(only) - set(SECTIONS)}")
    started, bench = time.perf_counter(), Bench(args)
    for name in only:
        bench.section(name)
    info = common.machine(args.against)
    info["other processes"] = (
        "average cores used by other work during each section (above about 0.2 its timings are inflated; "
        "weight and filter count the Chromium they drive): " + ", ".join(f"{k} {v:.2f}" for k, v in bench.load.items())
    )
    info["runs"] = f"{len(bench.runs)} per short build, {len(bench.long)} per long one" + " (--quick)" * args.quick
    output = BENCH / "RESULTS.md" if not args.quick and only == list(SECTIONS) else WORK / "RESULTS-quick.md"
    common.write(output, bench.rows, info)
    print("\n" + common.table(bench.rows))
    print(f"\nWritten to {output} ({(time.perf_counter() - started) / 60:.1f} min)")
    return 1 if any(r.target == "error" for r in bench.rows) else 0


if __name__ == "__main__":
    sys.exit(main())
