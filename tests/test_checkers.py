"""Two checkers beside axe-core, over the whole built site: HTML_CodeSniffer and the Nu HTML Checker.

Each finds what the others miss: HTML_CodeSniffer (pa11y's htmlcs runner, WCAG2AA) a form with
no submit button or a button with no name; the Nu HTML Checker (vnu.jar) markup that is not HTML,
in every .html file of the output, whether a page or not. Both come from npm (package-lock.json,
installed by make test); they need Chromium and Java (scripts/system-deps.sh installs them).
Each is also run on a page made to fail, so that a checker which checks nothing cannot pass.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from browser_support import CHROMIUM, all_pages, serve
from conftest import REPO, require_command

pytestmark = pytest.mark.browser

NODE_MODULES = REPO / "node_modules"
PA11Y = NODE_MODULES / "pa11y" / "package.json"
PA11Y_SITE = REPO / "tests" / "pa11y-site.mjs"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

# A page with what each checker must find: a form only Enter submits and a button with no name
# (HTML_CodeSniffer), an unrendered Jinja template (the Nu HTML Checker).
BAD_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Made to fail</title></head>
<body><main><h1>Made to fail</h1>
<form action="search.html"><input type="search" name="q" aria-label="Search"></form>
<button type="button" hidden></button>
</main></body></html>
"""
TEMPLATE = """{% macro head_pre_assets() %}
  <link href="{{ pathto('_static/styles/theme.css', 1) }}" rel="stylesheet" />
{% endmacro %}
"""


def installed(path: Path) -> Path:
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `npm ci` (make test does)")
    return path


# -- HTML_CodeSniffer -------------------------------------------------------------------------------


def html_codesniffer(base_url: str, pages: list[str]) -> list[dict[str, str]]:
    """The errors HTML_CodeSniffer finds on the pages, each with its page, code, message, selector."""
    node = require_command("node", "nodejs")
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: install the Debian package chromium (scripts/system-deps.sh)")
    installed(PA11Y)
    result = subprocess.run(
        [node, str(PA11Y_SITE), base_url, *pages],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "CHROMIUM": str(CHROMIUM)},
    )
    if result.returncode != 0:
        pytest.fail(f"pa11y could not check the pages (exit {result.returncode}):\n{result.stderr[-4000:]}")
    report: dict[str, Any] = json.loads(result.stdout)
    assert report["checked"] == len(pages)
    return report["issues"]


def fail_listing(what: str, problems: list[str], counts: Counter[str]) -> None:
    """Fail with every problem on its own line (an assertion's diff would be cut short)."""
    if problems:
        by_code = ", ".join(f"{code}: {count}" for code, count in counts.most_common())
        pytest.fail(f"{what}: {len(problems)} errors ({by_code})\n" + "\n".join(problems), pytrace=False)


def test_html_codesniffer_finds_no_error_on_any_page(site_html: Path, base_url: str) -> None:
    pages = all_pages(site_html)
    assert len(pages) >= 200
    issues = html_codesniffer(base_url, pages)
    problems = [f"{issue['page']}: {issue['code']}: {issue['message']} ({issue['selector']})" for issue in issues]
    fail_listing("HTML_CodeSniffer", problems, Counter(issue["code"] for issue in issues))


def test_html_codesniffer_finds_a_form_without_submit_button_and_a_nameless_button(tmp_path: Path) -> None:
    (tmp_path / "bad.html").write_text(BAD_PAGE, encoding="utf-8")
    with serve(tmp_path) as url:
        issues = html_codesniffer(url, ["bad.html"])
    codes = {issue["code"] for issue in issues}
    assert "WCAG2AA.Principle3.Guideline3_2.3_2_2.H32.2" in codes
    assert "WCAG2AA.Principle4.Guideline4_1.4_1_2.H91.Button.Name" in codes
    assert {issue["page"] for issue in issues} == {"bad.html"}


# -- The Nu HTML Checker ----------------------------------------------------------------------------


def nu_html_checker(folder: Path) -> tuple[set[Path], list[str]]:
    """The .html files vnu.jar checked in ``folder`` (all of them, pages or not), and its errors."""
    java = require_command("java", "default-jre-headless")
    command = [java, "-jar", str(installed(VNU)), "--errors-only", "--format", "json", "--skip-non-html", "--verbose"]
    result = subprocess.run([*command, str(folder)], capture_output=True, text=True, check=False)
    # --verbose names each file checked on stdout; the report (JSON) is the last line on stderr.
    report_line = next((line for line in reversed(result.stderr.splitlines()) if line.startswith("{")), None)
    if result.returncode not in (0, 1) or report_line is None:
        pytest.fail(f"vnu.jar could not check {folder} (exit {result.returncode}):\n{result.stderr[-4000:]}")
    checked = {Path(line).resolve() for line in result.stdout.splitlines() if line.strip()}
    errors = [
        f"{message['url'].removeprefix('file:')}:{message.get('lastLine', '?')}: {message['message']}"
        for message in json.loads(report_line)["messages"]
    ]
    return checked, errors


def test_the_nu_html_checker_finds_no_error_in_the_output(site_html: Path) -> None:
    checked, errors = nu_html_checker(site_html)
    fail_listing("The Nu HTML Checker", errors, Counter(error.split(":", 1)[0] for error in errors))
    assert checked == {path.resolve() for path in site_html.rglob("*.html")}
    assert len(checked) >= 200


def test_the_nu_html_checker_finds_an_unrendered_template(tmp_path: Path) -> None:
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "macros.html").write_text(TEMPLATE, encoding="utf-8")
    (tmp_path / "index.html").write_text(BAD_PAGE, encoding="utf-8")
    checked, errors = nu_html_checker(tmp_path)
    assert checked == {(tmp_path / "index.html").resolve(), (tmp_path / "_static" / "macros.html").resolve()}
    assert [error for error in errors if "index.html" in error] == []
    assert any("macros.html" in error and "doctype" in error for error in errors)
