"""How much of a full HTML build is spent in our extension (target: 5 % or less).

A child interpreter builds the site in-process (``sphinx.cmd.build.build_main``, -j 1, so every
call is in one profile) under cProfile. Our share is then the time spent in calls *into* our code
from outside it: for every function defined under ``_ext/oneplusmg``, the cumulative time of the
calls that came from a caller that is not ours. Calls from our code to our code are inside those
already, so nothing is counted twice.

Helpers that only our code calls (the ``__init__`` a dataclass generates, the YAML parser while
we load a registry...) count as "inside our code": an edge from them into our code (a dataclass
``__init__`` calling our ``__post_init__``) is nested, not a new entry.
"""

from __future__ import annotations

import json
import os
import pstats
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from common import RunResult

Func = tuple[str, int, str]
OUR_PACKAGE = "/_ext/oneplusmg/"
# The site's own HTML additions live beside the package; not part of the target, but reported,
# so that cost moved out of the package cannot hide there.
SITE_EXTENSION = "/_ext/oneplusmg_site.py"


def is_ours(func: Func) -> bool:
    return OUR_PACKAGE in func[0].replace(os.sep, "/")


def inside_closure(stats: dict) -> set[Func]:
    """Our functions, plus those whose every caller is already inside (fixpoint)."""
    inside = {func for func in stats if is_ours(func)}
    changed = True
    while changed:
        changed = False
        for func, (_cc, _nc, _tt, _ct, callers) in stats.items():
            if func in inside or not callers:
                continue
            if all(caller in inside or caller == func for caller in callers):
                inside.add(func)
                changed = True
    return inside


@dataclass
class FunctionCost:
    func: Func
    calls: int
    self_s: float
    cum_s: float
    entry_s: float  # cumulative time of the calls from outside our code

    def label(self) -> str:
        path = self.func[0].replace(os.sep, "/")
        path = path.split(OUR_PACKAGE, 1)[1] if OUR_PACKAGE in path else path
        return f"{path}:{self.func[1]} {self.func[2]}"


@dataclass
class Share:
    total_s: float
    entry_s: float
    self_s: float
    functions: list[FunctionCost]

    @property
    def percent(self) -> float:
        return 100 * self.entry_s / self.total_s if self.total_s else float("nan")

    @property
    def self_percent(self) -> float:
        return 100 * self.self_s / self.total_s if self.total_s else float("nan")


def nested_edge(caller: Func, callee: Func, raw: dict, inside: set[Func], package_imported: bool) -> bool:
    """Whether a call into our code from ``caller`` happens inside a call of ours already.

    Outside callers that pass our own calls on would count them twice:
    - the import machinery: the package's ``__init__`` imports every submodule, so a submodule's
      ``<module>`` is nested in the package's;
    - anything that iterates a generator or comprehension of ours (``all(<genexpr>)``,
      docutils' ``extend(<genexpr>)``): only our code creates those, and consumes them at once;
    - built-ins (file ``~``) that call back what they were given (``sorted(key=<lambda>)``):
      nested when our code calls that built-in.
    """
    if caller in inside:
        return True
    if callee[2] in ("<genexpr>", "<listcomp>", "<dictcomp>", "<setcomp>"):
        return True
    if callee[2] == "<module>" and not callee[0].endswith("__init__.py") and package_imported:
        return True
    if caller[0] == "~":
        return any(c in inside for c in raw.get(caller, (0, 0, 0, 0, {}))[4])
    return False


def analyse(profile_path: Path) -> Share:
    """Our share of a profile, and the cost of each of our functions."""
    stats = pstats.Stats(str(profile_path))
    raw: dict = stats.stats  # type: ignore[attr-defined]
    inside = inside_closure(raw)
    package_imported = any(is_ours(f) and f[2] == "<module>" and f[0].endswith("__init__.py") for f in raw)
    functions: list[FunctionCost] = []
    for func, (_cc, nc, tt, ct, callers) in raw.items():
        if not is_ours(func):
            continue
        entry = sum(edge[3] for caller, edge in callers.items()
                    if not nested_edge(caller, func, raw, inside, package_imported))
        functions.append(FunctionCost(func, nc, tt, ct, entry))
    total = stats.total_tt  # type: ignore[attr-defined]
    return Share(total, sum(f.entry_s for f in functions), sum(f.self_s for f in functions), functions)


@dataclass
class Sampled:
    seconds: list[float]
    total: int
    ours: int
    site: int
    either: int
    entries: list[tuple[str, int]]

    @property
    def percent(self) -> float:
        return 100 * self.ours / self.total if self.total else float("nan")


def run_child(mode: str, site: Path, out: Path, result: Path, log: Path) -> "RunResult":
    """One in-process build (``mode``: --cprofile or --sample) in a fresh interpreter."""
    from common import BuildFailed, child_env, fresh_dir, run_timed

    fresh_dir(out)
    run = run_timed([sys.executable, __file__, mode, str(site), str(out), str(result)],
                    cwd=site, log_path=log, env=child_env())
    if not run.ok:
        raise BuildFailed(f"in-process HTML build ({mode})", run)
    return run


def sample_runs(site: Path, work: Path, runs: int) -> Sampled:
    """Several sampled builds, their samples pooled (more samples, a tighter share)."""
    from collections import Counter

    seconds, total, ours, in_site, either, entries = [], 0, 0, 0, 0, Counter()
    for index in range(runs):
        result = work / f"sample-{index}.json"
        run_child("--sample", site, work / "sample-html", result, work / "logs" / f"sample-{index}.log")
        data = json.loads(result.read_text(encoding="utf-8"))
        if data["returncode"] != 0:
            raise RuntimeError(f"sampled build returned {data['returncode']}; see {work / 'logs'}")
        seconds.append(data["seconds"])
        total, ours = total + data["total"], ours + data["ours"]
        in_site, either = in_site + data["site"], either + data["either"]
        entries.update(dict(data["entries"]))
    return Sampled(seconds, total, ours, in_site, either, entries.most_common(12))


def measure(site: Path, work: Path, unprofiled_j1: float, runs: int) -> tuple[list, dict]:
    """Profile one full build, sample ``runs`` more, and report our share (target <= 5 %)."""
    from common import Row

    profile_path = work / "profile.prof"
    log = work / "logs" / "profile.log"
    run = run_child("--cprofile", site, work / "profile-html", profile_path, log)
    summary = json.loads(run.log().strip().splitlines()[-1])
    if summary.get("returncode") != 0:
        raise RuntimeError(f"profiled build returned {summary.get('returncode')}; see {log}")
    share = analyse(profile_path)
    sampled = sample_runs(site, work, runs)
    entries = sorted((f for f in share.functions if f.entry_s > 0), key=lambda f: -f.entry_s)
    by_self = sorted(share.functions, key=lambda f: -f.self_s)
    top = ", ".join(f"{f.func[2]} {f.entry_s:.2f} s" for f in entries[:3])
    unprofiled = "not measured in this run" if unprofiled_j1 != unprofiled_j1 else f"{unprofiled_j1:.2f} s"
    rows = [
        Row("share.ours", "Our share", "oneplusmg share of a full HTML build (cProfile, -j 1)",
            f"{share.percent:.1f} %",
            f"target <= 5 %; {share.entry_s:.2f} s in calls into _ext/oneplusmg of {share.total_s:.2f} s "
            f"profiled (same build unprofiled: {unprofiled}); self time of our own functions "
            f"{share.self_percent:.1f} %; biggest entries: {top}",
            share.percent, "%", "met" if share.percent <= 5 else "missed"),
        Row("share.sampled", "Our share", "oneplusmg share, stack sampling (no per-call overhead)",
            f"{sampled.percent:.1f} %",
            f"target <= 5 %; {sampled.ours} of {sampled.total} samples (1 ms) over {runs} builds had a "
            f"frame of _ext/oneplusmg on the stack; biggest: "
            + ", ".join(f"{name.split(' ')[-1]} {100 * n / sampled.total:.1f} %" for name, n in sampled.entries[:3])
            + f"; not counted: the site's HTML additions (_ext/oneplusmg_site.py, mostly theme code it "
            f"calls) {100 * sampled.site / sampled.total:.1f} %, both together "
            f"{100 * sampled.either / sampled.total:.1f} %",
            sampled.percent, "%", "met" if sampled.percent <= 5 else "missed"),
    ]
    details = {
        "total_s": share.total_s,
        "entry_s": share.entry_s,
        "percent": share.percent,
        "self_percent": share.self_percent,
        "profiled_wall_s": summary.get("seconds"),
        "entries": [(f.label(), f.calls, f.entry_s, f.cum_s) for f in entries[:15]],
        "by_self": [(f.label(), f.calls, f.self_s, f.cum_s) for f in by_self[:15]],
        "sampled_percent": sampled.percent,
        "sampled_total": sampled.total,
        "sampled_entries": [(name, n, 100 * n / sampled.total) for name, n in sampled.entries],
        "sampled_seconds": sampled.seconds,
        "profile": str(profile_path),
    }
    return rows, details


BUILD_ARGS = ("-W", "--keep-going", "-n", "-c", ".", "-j", "1", "-b", "html", "docs")


def child_cprofile(site: str, out: str, profile_path: str) -> None:
    """Build the site in this process under cProfile (run as a separate interpreter)."""
    import cProfile
    import time

    os.chdir(site)
    from sphinx.cmd.build import build_main

    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    code = build_main([*BUILD_ARGS, out])
    profiler.disable()
    elapsed = time.perf_counter() - start
    profiler.dump_stats(profile_path)
    print(json.dumps({"returncode": code, "seconds": elapsed}))


def child_sample(site: str, out: str, result_path: str) -> None:
    """Build the site while a thread samples the main thread's stack every millisecond.

    cProfile adds a fixed cost to every Python call, so call-heavy pure-Python code (the YAML
    parser, docutils node constructors) looks slower under it than it is. A sample only asks
    "is any frame of the stack ours?", which costs the same whatever runs, and it cannot count
    anything twice: a sample is ours or it is not. The outermost frame of ours names the entry.
    """
    import threading
    import time
    from collections import Counter

    os.chdir(site)
    from sphinx.cmd.build import build_main

    main_id = threading.get_ident()
    stop = threading.Event()
    counts = {"total": 0, "ours": 0, "site": 0, "either": 0}
    entries: Counter[str] = Counter()

    def sample() -> None:
        while not stop.is_set():
            time.sleep(0.001)
            frame = sys._current_frames().get(main_id)
            outermost = None
            in_site = False
            try:
                while frame is not None:
                    filename = frame.f_code.co_filename.replace(os.sep, "/")
                    if OUR_PACKAGE in filename:
                        outermost = frame
                    elif filename.endswith(SITE_EXTENSION):
                        in_site = True
                    frame = frame.f_back
            except AttributeError:  # the stack changed under us (rare): skip this sample
                continue
            counts["total"] += 1
            counts["site"] += in_site
            counts["either"] += in_site or outermost is not None
            if outermost is not None:
                counts["ours"] += 1
                code = outermost.f_code
                name = code.co_filename.replace(os.sep, "/").split(OUR_PACKAGE, 1)[1]
                entries[f"{name}:{code.co_firstlineno} {code.co_name}"] += 1

    sys.setswitchinterval(0.001)  # let the sampler in about every millisecond
    thread = threading.Thread(target=sample, daemon=True)
    start = time.perf_counter()
    thread.start()
    code = build_main([*BUILD_ARGS, out])
    stop.set()
    thread.join()
    elapsed = time.perf_counter() - start
    with open(result_path, "w", encoding="utf-8") as handle:
        json.dump({"returncode": code, "seconds": elapsed, **counts,
                   "entries": entries.most_common(20)}, handle)


if __name__ == "__main__":
    modes = {"--cprofile": child_cprofile, "--sample": child_sample}
    if len(sys.argv) == 5 and sys.argv[1] in modes:
        modes[sys.argv[1]](*sys.argv[2:])
    else:
        sys.exit("usage: profile_share.py --cprofile|--sample SITE OUT RESULT (run by benchmarks/run.py)")
