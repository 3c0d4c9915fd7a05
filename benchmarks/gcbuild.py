"""``sphinx-build``, plus a count of the time Python's garbage collector took (run as a child).

Used by the scale benchmark: when a build grows faster than its data, the cyclic collector is
the usual suspect (each full collection walks every live object, and big registries and big
pages keep many alive). Timing it from inside the build process says how much of the growth it
explains. The callbacks cost a few microseconds per collection; the build is otherwise the same
as ``sphinx-build`` (same entry point, same arguments).

    python gcbuild.py RESULT.json SPHINX-BUILD-ARGUMENTS...
"""

from __future__ import annotations

import gc
import json
import sys
import time


def main() -> int:
    result_path, args = sys.argv[1], sys.argv[2:]
    started = {"at": 0.0}
    totals = {"gc_s": 0.0, "full_s": 0.0, "collections": [0, 0, 0]}

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            started["at"] = time.perf_counter()
            return
        spent = time.perf_counter() - started["at"]
        totals["gc_s"] += spent
        totals["collections"][info["generation"]] += 1
        if info["generation"] == 2:
            totals["full_s"] += spent

    gc.callbacks.append(on_gc)
    from sphinx.cmd.build import main as sphinx_main

    code = sphinx_main(args)
    with open(result_path, "w", encoding="utf-8") as handle:
        json.dump(totals, handle)
    return code


if __name__ == "__main__":
    sys.exit(main())
