"""Our extension's share of a full HTML build, from a pyinstrument profile of one build.

Run as a child by run.py: ``python share.py SITE OUT RESULT.json`` builds the site in this
process (``build_main``, -j 1, so every call is on one stack) under pyinstrument, a sampling
profiler (1 ms), and writes what share of the samples had a frame of ``_ext/oneplusmg`` on the
stack. A sample is ours or not, so nothing is counted twice; the outermost frame of ours names
the entry point. The site's own additions (``_ext/oneplusmg_site.py``) are counted apart.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from typing import Any

PACKAGE = "/_ext/oneplusmg/"
SITE_MODULE = "/_ext/oneplusmg_site.py"


def shares(root: Any) -> dict[str, Any]:
    """Seconds with a frame of ours, of the site module, of either, on the stack; by entry point."""
    ours = site = either = 0.0
    entries: Counter[str] = Counter()
    stack = [(root, False, False)]
    while stack:  # no recursion: a Sphinx stack is deeper than Python's recursion limit allows
        frame, in_ours, in_site = stack.pop()
        path = (frame.file_path or "").replace(os.sep, "/")
        now_ours, now_site = in_ours or PACKAGE in path, in_site or path.endswith(SITE_MODULE)
        if now_ours and not in_ours:
            ours += frame.time
            entries[f"{path.split(PACKAGE, 1)[1]}:{frame.line_no} {frame.function}"] += frame.time
        if now_site and not in_site:
            site += frame.time
        if (now_ours or now_site) and not (in_ours or in_site):
            either += frame.time
        stack += [(child, now_ours, now_site) for child in frame.children]
    return {"total": root.time, "ours": ours, "site": site, "either": either, "entries": entries.most_common(5)}


def main(site: str, out: str, result: str) -> int:
    from pyinstrument import Profiler
    from sphinx.cmd.build import build_main

    os.chdir(site)
    profiler = Profiler(interval=0.001)
    profiler.start()
    code = build_main(["-W", "--keep-going", "-n", "-c", ".", "-j", "1", "-b", "html", "docs", out])
    session = profiler.stop()
    root = session.root_frame()
    if code == 0 and root is not None:
        with open(result, "w", encoding="utf-8") as handle:
            json.dump(shares(root), handle)
    return code


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
