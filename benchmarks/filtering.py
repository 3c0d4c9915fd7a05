"""The catalogue with 10,000 guidelines: build it, weigh it, and time its filter in Chromium.

The site is the real one (its pages, theme and conf.py) with synthetic guidelines appended to
guidelines.yaml up to 10,000 records, so the catalogue page is the real catalogue, with its real
stylesheet and scripts, just longer.

The filter is timed inside the page with ``performance.now()``: from the ``input`` event (a
listener on ``window`` in the capture phase runs before the page's own) until the table's live
count ("479 of 10,000 guidelines") has changed and one more animation frame has run, so the
time includes the filtering, the style and the layout of the rows the reader then sees. (The
table shows the first matching rows and offers the rest behind "Show more", so the number of
visible rows need not change when the count does.) Without a live count, the visible rows are
counted instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from common import Row, Timing, child_env, copy_site, fresh_dir, seconds, sphinx_build, warning_lines
from synthetic import FILTER_QUERY, Vocabulary, grow_registry

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

SCRIPT_NAME = "oneplusmg-tables.js"
TARGET_MS = 100.0

ARM_JS = """(input) => {
  const table = document.querySelector('table.oneplusmg-catalogue')
    || [...document.querySelectorAll('table')].sort((a, b) => b.rows.length - a.rows.length)[0];
  const status = document.querySelector('.oneplusmg-count');
  const visibleRows = () => table ? [...table.tBodies].reduce(
      (n, body) => n + [...body.rows].filter((row) => row.getClientRects().length > 0).length, 0) : 0;
  const answer = () => status ? status.textContent : String(visibleRows());
  const t0 = performance.now();
  const state = {before: visibleRows(), done: false};
  state.countMs = performance.now() - t0;  // what counting the rows costs (not in the timing)
  const shownBefore = answer();
  window.__benchFilter = state;
  const onInput = (event) => {
    if (event.target !== input) return;
    window.removeEventListener('input', onInput, true);
    const start = performance.now();
    const finish = () => {
      state.ms = performance.now() - start;
      state.after = visibleRows();
      state.matching = status ? status.textContent : '';
      state.done = true;
    };
    const poll = () => {
      if (answer() !== shownBefore) requestAnimationFrame(finish);  // one more frame: laid out
      else if (performance.now() - start > 5000) { state.timeout = true; state.done = true; }
      else requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  };
  window.addEventListener('input', onInput, true);
  return state.before;
}"""


@dataclass
class FilterTiming:
    narrow: Timing = field(default_factory=Timing)
    clear: Timing = field(default_factory=Timing)
    count_ms: list[float] = field(default_factory=list)
    rows_all: int = 0
    rows_matching: int = 0
    count_text: str = ""
    problem: str = ""


def section_name(total: int) -> str:
    return f"Catalogue at {total:,}"


def find_filter_input(page: Page) -> Locator | None:
    """The first <input> whose accessible name contains "Filter" (label, aria-label, placeholder)."""
    name = re.compile("filter", re.I)
    for locator in (page.get_by_label(name), page.get_by_role("searchbox", name=name),
                    page.get_by_role("textbox", name=name)):
        for index in range(locator.count()):
            candidate = locator.nth(index)
            if candidate.evaluate("(e) => e.tagName") == "INPUT" and candidate.is_visible():
                return candidate
    return None


def one_change(page: Page, field_input: Locator, text: str) -> dict:
    """Arm the in-page timer, put ``text`` in the field (one input event), wait for the rows."""
    before = field_input.evaluate(ARM_JS)
    field_input.fill(text)
    page.wait_for_function("window.__benchFilter && window.__benchFilter.done", timeout=60000)
    state = page.evaluate("window.__benchFilter")
    state["before"] = before
    return state


def time_filter(site_html: Path, runs: int) -> FilterTiming:
    """Type the query and clear it again, ``runs`` times each, in a fresh Chromium page."""
    from browser import chromium, serve

    timing = FilterTiming()
    with serve(site_html) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "catalogue.html", wait_until="load")
        field_input = find_filter_input(page)
        if field_input is None:
            timing.problem = "no <input> labelled 'Filter' on catalogue.html"
            return timing
        for _ in range(runs):
            for text, target in ((FILTER_QUERY, timing.narrow), ("", timing.clear)):
                state = one_change(page, field_input, text)
                if state.get("timeout"):
                    timing.problem = f"the visible rows did not change within 5 s after typing {text!r}"
                    return timing
                target.samples.append(state["ms"])
                timing.count_ms.append(state["countMs"])
                if text:
                    timing.rows_all, timing.rows_matching = state["before"], state["after"]
                    timing.count_text = state.get("matching", "")
    return timing


def script_status(site: Path, out: Path) -> str:
    """Empty when the filter script exists and the catalogue loads it; otherwise why not."""
    if not (site / "_ext" / "oneplusmg" / "static" / SCRIPT_NAME).exists():
        return "filter script not present"
    html = (out / "catalogue.html").read_text(encoding="utf-8")
    if SCRIPT_NAME not in html:
        return f"filter script present in _ext/oneplusmg/static but catalogue.html does not load {SCRIPT_NAME}"
    return ""


def build_big_site(repo: Path, work: Path, total: int) -> tuple[Path, Path, Row]:
    """The real site with ``total`` guidelines, built once (clean, -j auto)."""
    site = copy_site(repo, work / "site-big")
    vocab = Vocabulary.from_data(site / "docs" / "_data")
    added = grow_registry(site / "docs" / "_data" / "guidelines.yaml", total, vocab)
    out = fresh_dir(work / "html-big")
    result = sphinx_build(["--keep-going", "-n", "-c", ".", "-j", "auto", "-b", "html", "docs", str(out)],
                          cwd=site, log_path=work / "logs" / "site-big.log", env=child_env())
    if not result.ok:
        from common import BuildFailed
        raise BuildFailed(f"the site with {total:,} guidelines", result)
    warnings = warning_lines(result.log())
    row = Row("big.build", section_name(total), f"Real site with {total:,} guidelines, clean HTML -j auto",
              seconds(result.seconds),
              f"1 run; {added:,} synthetic guidelines appended to the real ones; peak RSS {result.maxrss_mb:.0f} MB"
              + (f"; {len(warnings)} warnings (first: {warnings[0][:120]})" if warnings else "; no warnings"),
              result.seconds, "s")
    return site, out, row


def measure_filter(site: Path, out: Path, runs: int, total: int) -> Row:
    key, measure = "big.filter", f"Filter the catalogue of {total:,} guidelines (Chromium)"
    status = script_status(site, out)
    if status:
        return Row(key, section_name(total), measure, status, f"target < {TARGET_MS:.0f} ms; not measured",
                   target="n/a")
    try:
        timing = time_filter(out, runs)
    except Exception as err:  # a browser that cannot start is a finding, not a crash of the run
        return Row(key, section_name(total), measure, "not measured",
                   f"browser error: {err.__class__.__name__}: {str(err)[:200]}", target="n/a")
    if timing.problem:
        return Row(key, section_name(total), measure, "no response", timing.problem, target="missed")
    worst = max(timing.narrow.median, timing.clear.median)
    notes = (f"target < {TARGET_MS:.0f} ms; typing {FILTER_QUERY!r} (count: {timing.count_text!r}; "
             f"{timing.rows_all:,} -> {timing.rows_matching:,} rows on screen): median "
             f"{timing.narrow.median:.0f} ms; clearing it: median {timing.clear.median:.0f} ms; slowest "
             f"single change {max(timing.narrow.samples + timing.clear.samples):.0f} ms; {runs} run(s) each; "
             f"timed from the input event to the frame after the live count changed")
    return Row(key, section_name(total), measure, f"{worst:.0f} ms", notes, worst, "ms",
               "met" if worst < TARGET_MS else "missed")
