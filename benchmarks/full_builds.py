"""Full (clean) builds of the real site: HTML serial and parallel, the PDFs, and the theme's cost.

Each run starts from an empty output folder, so nothing is cached between runs. Runs of the two
variants that are compared are interleaved (A B A B ...), so a slow patch of the machine affects
both sides of the ratio alike.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from common import (
    STRICT,
    BuildFailed,
    Row,
    RunResult,
    Timing,
    child_env,
    fresh_dir,
    ratio,
    seconds,
    sphinx_build,
    warning_lines,
)


@dataclass
class FullBuilds:
    """What the other sections reuse: the timings, and the output of the last parallel build."""

    j1: Timing
    jauto: Timing
    html_out: Path
    rows: list[Row]


def html_build(site: Path, out: Path, jobs: str, logs: Path, extra: tuple[str, ...] = (),
               strict: bool = True) -> RunResult:
    """One clean HTML build of a copy of the site, with the options of ``make html``."""
    fresh_dir(out)
    options = STRICT if strict else ("--keep-going", "-n")
    return sphinx_build([*options, "-c", ".", "-j", jobs, *extra, "-b", "html", "docs", str(out)],
                        cwd=site, log_path=logs / f"{out.name}.log", env=child_env())


def measure_html(site: Path, work: Path, runs: int) -> FullBuilds:
    """HTML with -j 1 and -j auto, interleaved; the -j auto output is kept for page weight."""
    j1, jauto = Timing(), Timing()
    logs = work / "logs"
    for index in range(runs):
        for jobs, timing in (("1", j1), ("auto", jauto)):
            out = work / f"html-j{jobs}"
            result = html_build(site, out, jobs, logs)
            if not result.ok:
                raise BuildFailed(f"HTML build -j {jobs} (run {index + 1})", result)
            timing.samples.append(result.seconds)
    pages = sum(1 for _ in (work / "html-jauto").rglob("*.html"))
    speedup = ratio(j1.median, jauto.median)
    rows = [
        Row("full.html_j1", "Full builds", "HTML, clean, -j 1", seconds(j1.median),
            f"{j1.spread()}; {pages} HTML files; -W --keep-going -n", j1.median, "s"),
        Row("full.html_jauto", "Full builds", "HTML, clean, -j auto", seconds(jauto.median),
            f"{jauto.spread()}; -j 1 / -j auto = {speedup:.2f}x on this machine", jauto.median, "s"),
    ]
    return FullBuilds(j1, jauto, work / "html-jauto", rows)


def latex_documents(site: Path) -> list[str]:
    """The PDFs ``latex_documents`` asks for, read from conf.py in a separate interpreter.

    conf.py changes ``sys.path``; executing it in this process would leak that into the run.
    """
    code = ("import runpy,json;c=runpy.run_path('conf.py');"
            "print(json.dumps([d[1].removesuffix('.tex')+'.pdf' for d in c.get('latex_documents',[])]))")
    out = subprocess.run([sys.executable, "-c", code], cwd=site, capture_output=True, text=True,
                         check=True, env=child_env())
    return json.loads(out.stdout)


def measure_pdf(site: Path, work: Path, runs: int) -> Row:
    """``sphinx-build -M latexpdf`` as ``make latexpdf`` runs it; counts the PDFs it made."""
    wanted = latex_documents(site)
    timing = Timing()
    made: list[str] = []
    for index in range(runs):
        out = fresh_dir(work / "pdf")
        result = sphinx_build(["-M", "latexpdf", "docs", str(out), "-c", ".", "-j", "auto", "-q"],
                              cwd=site, log_path=work / "logs" / f"pdf-{index}.log", env=child_env())
        if not result.ok:
            raise BuildFailed(f"PDF build (run {index + 1})", result)
        timing.samples.append(result.seconds)
        made = sorted(p.name for p in (out / "latex").glob("*.pdf"))
    missing = sorted(set(wanted) - set(made))
    notes = (f"{timing.spread()}; latex_documents lists {len(wanted)}: {', '.join(wanted)}; "
             f"made {len(made)}" + (f"; MISSING {', '.join(missing)}" if missing else ""))
    return Row("full.pdf", "Full builds", f"PDF, clean, -M latexpdf -j auto ({len(made)} PDF"
               f"{'s' if len(made) != 1 else ''})", seconds(timing.median), notes, timing.median, "s",
               "missed" if missing else "")


def measure_theme(site: Path, work: Path, runs: int) -> list[Row]:
    """The same sources with ``-D html_theme=basic`` against pydata-sphinx-theme, both -j 1.

    Neither side uses -W: with the basic theme, conf.py's pydata ``html_theme_options`` are
    reported as unsupported options, which is expected here and not a problem of the site.
    """
    pydata, basic = Timing(), Timing()
    logs = work / "logs"
    basic_warnings: list[str] = []
    for index in range(runs):
        for name, extra, timing in (("pydata", (), pydata), ("basic", ("-D", "html_theme=basic"), basic)):
            result = html_build(site, work / f"theme-{name}", "1", logs, extra, strict=False)
            if not result.ok:
                raise BuildFailed(f"HTML build with theme {name} (run {index + 1})", result)
            timing.samples.append(result.seconds)
            if name == "basic":
                basic_warnings = warning_lines(result.log())
    overhead = ratio(pydata.median, basic.median)
    return [
        Row("theme.basic", "Theme", "HTML, clean, -j 1, html_theme=basic", seconds(basic.median),
            f"{basic.spread()}; {len(basic_warnings)} warnings (pydata-only theme options)",
            basic.median, "s"),
        Row("theme.ratio", "Theme", "pydata-sphinx-theme / basic, build time", f"{overhead:.2f}x",
            f"pydata {seconds(pydata.median)} vs basic {seconds(basic.median)}, same run, -j 1; "
            f"the theme costs {pydata.median - basic.median:.2f} s "
            f"({100 * (1 - 1 / overhead):.0f} % of the pydata build)", overhead, "x"),
    ]
