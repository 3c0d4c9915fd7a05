"""Hostile registries and options: a located, typed warning and the bad record left out; never a
traceback, a hang or a PDF that does not compile.

Each class of bad input has its own case. The loader cases check the problem's type, file, line
and that the record is gone; :func:`test_every_hostile_record_at_once_in_every_builder` puts them
all into one project and builds it in html, latex and text, so that the rest still renders.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import REPO, ROOTS, build_project, require_command, small_project, soup, warnings_of
from oneplusmg.registry import load_registry

BASIC = ROOTS / "_data-basic"

# (case id, registry file, YAML appended to the good data, subtype, line offset of the problem
#  from the first appended line, text the message contains, id of the record left out)
CASES = [
    (
        "month-13",
        "phases.yaml",
        "- id: bad-month\n  name: X\n  start: '2023-13'\n",
        "date",
        2,
        "'2023-13' is not a real date",
        "bad-month",
    ),
    (
        "day-45-milestone",
        "phases.yaml",
        "- id: bad-milestone\n  name: X\n  start: '2020'\n  milestones:\n    - date: '2020-02-45'\n      title: T\n",
        "date",
        4,
        "'2020-02-45' is not a real date",
        "bad-milestone",
    ),
    (
        "month-00-project",
        "projects.yaml",
        "- id: BAD\n  name: X\n  start: '2021-00'\n",
        "date",
        2,
        "'2021-00' is not a real date",
        "BAD",
    ),
    (
        "country-signing-date",
        "countries.yaml",
        "- id: XX\n  name: X\n  native_name: X\n  declaration_signed: '2019-02-29'\n",
        "date",
        3,
        "'2019-02-29' is not a real date",
        "XX",
    ),
    (
        "huge-year",
        "phases.yaml",
        "- id: far\n  name: X\n  start: 2020\n  end: 99999\n",
        "schema",
        3,
        "99999 is out of range",
        "far",
    ),
    (
        "negative-year",
        "working-groups.yaml",
        "- id: WG9\n  name: X\n  scope: X\n  start: -5\n",
        "schema",
        3,
        "-5 is out of range",
        "WG9",
    ),
    (
        "float-year",
        "guidelines.yaml",
        "- id: floaty\n  title: X\n  year: 2018.0\n",
        "schema",
        2,
        "2018.0 is not of type 'integer'",
        "floaty",
    ),
    (
        "float-date",
        "phases.yaml",
        "- id: float-start\n  name: X\n  start: 2018.0\n",
        "schema",
        2,
        "is not of type",
        "float-start",
    ),
    (
        "integer-key",
        "guidelines.yaml",
        "- id: int-key\n  title: X\n  1: one\n",
        "yaml",
        2,
        "a key must be text, not '1'",
        "int-key",
    ),
    (
        "null-key",
        "guidelines.yaml",
        "- id: null-key\n  title: X\n  ~: nothing\n",
        "yaml",
        2,
        "a key must be text, not '~'",
        "null-key",
    ),
    (
        "duplicate-key",
        "guidelines.yaml",
        "- id: twice\n  title: First\n  year: 2020\n  title: Second\n",
        "duplicate",
        3,
        "duplicate key 'title' (first on line",
        "twice",
    ),
    (
        "trailing-newline-id",
        "working-groups.yaml",
        '- id: "WG7\\n"\n  name: X\n  scope: X\n',
        "schema",
        0,
        "is not valid: expected WG followed by a number",
        "WG7\n",
    ),
    (
        "control-character",
        "guidelines.yaml",
        '- id: bell\n  title: "Ring \\a the bell"\n',
        "yaml",
        1,
        "control character",
        "bell",
    ),
    (
        "blank-line-in-title",
        "guidelines.yaml",
        "- id: two-paragraphs\n  title: |-\n    First\n\n    Second\n",
        "schema",
        1,
        "expected one line of text",
        "two-paragraphs",
    ),
    (
        "unbroken-text",
        "guidelines.yaml",
        f"- id: long-word\n  title: X\n  summary: {'x' * 3000}\n",
        "yaml",
        2,
        "an unbroken run of more than",
        "long-word",
    ),
    (
        "unsafe-file-name",
        "guidelines.yaml",
        "- id: ../../etc/passwd\n  title: X\n",
        "schema",
        0,
        "is not valid: expected lower-case words joined by hyphens",
        "../../etc/passwd",
    ),
    (
        "deep-nesting",
        "guidelines.yaml",
        f"- id: deep\n  title: X\n  topics: {'[' * 900}{']' * 900}\n",
        "yaml",
        2,
        "nested deeper than",
        "deep",
    ),
]


def data_with(tmp_path: Path, filename: str, extra: str) -> tuple[Path, int]:
    """The good test data with ``extra`` appended to one file; the first appended line."""
    data = tmp_path / "_data"
    shutil.copytree(BASIC, data)
    path = data / filename
    text = path.read_text(encoding="utf-8")
    path.write_text(text + extra, encoding="utf-8")
    return data, text.count("\n") + 1


@pytest.mark.parametrize(
    ("filename", "extra", "subtype", "offset", "message", "left_out"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_bad_record_is_located_and_left_out(
    tmp_path: Path, filename: str, extra: str, subtype: str, offset: int, message: str, left_out: str
) -> None:
    data, first_line = data_with(tmp_path, filename, extra)
    registry = load_registry(data)
    problems = [p for p in registry.problems if message in p.message]
    assert problems, registry.problems
    assert problems[0].subtype == subtype
    assert Path(problems[0].path).name == filename
    assert problems[0].line == first_line + offset
    attr = filename.removesuffix(".yaml").replace("-", "_")
    assert left_out not in registry.records(attr)
    # The good records of the same file are all still there.
    assert len(registry.records(attr)) == len(load_registry(BASIC).records(attr))


def test_ids_that_differ_only_in_case_are_duplicates(tmp_path: Path) -> None:
    # Project acronyms may be written in either case, so both pass the schema.
    data, first_line = data_with(tmp_path, "projects.yaml", "- id: b1mg\n  name: Lower case\n")
    registry = load_registry(data)
    (problem,) = [p for p in registry.problems if p.subtype == "duplicate"]
    assert problem.line == first_line
    assert "'B1MG' differs only in case" in problem.message
    assert registry.projects["B1MG"].name == "Beyond 1 Million Genomes"
    assert "b1mg" not in registry.projects


BOMB_SCRIPT = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (600 * 1024 * 1024, 600 * 1024 * 1024))
sys.path.insert(0, sys.argv[2])
from oneplusmg.registry import load_registry
registry = load_registry(sys.argv[1])
print(len(registry.guidelines), [p.subtype + ': ' + p.message for p in registry.problems])
"""


def test_an_alias_bomb_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    # The anchors live in a record of their own (itself refused), the bomb in the next one.
    anchors = "- id: anchors\n  title: X\n  " + "\n  ".join(levels) + "\n"
    data, _ = data_with(tmp_path, "guidelines.yaml", anchors + "- id: bomb\n  title: X\n  topics: *a9\n")
    # Memory is capped at 600 MB (an expanded bomb needs gigabytes); the timeout only guards
    # against a hang, it is no measure of speed.
    result = subprocess.run(
        [sys.executable, "-c", BOMB_SCRIPT, str(data), str(REPO / "_ext")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("6 ")  # the good records
    assert "an alias (*name)" in result.stdout


def test_deep_nesting_is_refused_without_recursion_errors(tmp_path: Path) -> None:
    depth = 5000
    data, _ = data_with(tmp_path, "guidelines.yaml", f"- id: deep\n  title: X\n  topics: {'[' * depth}{']' * depth}\n")
    registry = load_registry(data)
    assert "deep" not in registry.guidelines
    assert any(p.subtype == "yaml" for p in registry.problems)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: (d / "guidelines.yaml").write_bytes(b"- id: x\n  title: caf\xe9\n"), "not UTF-8 text"),
        (lambda d: (d / "guidelines.yaml").mkdir(), "a folder, not a registry file"),
    ],
)
def test_a_warning_without_a_line_still_names_the_file(tmp_path: Path, make, message: str) -> None:
    data = tmp_path / "_data"
    data.mkdir()
    make(data)
    (problem,) = load_registry(data).problems
    assert message in problem.message
    assert problem.location.startswith(str(data / "guidelines.yaml") + ":")
    assert ".rst" not in str(problem)


def test_check_on_a_folder_without_registries_fails(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "oneplusmg", "check", str(tmp_path)],
        cwd=REPO / "_ext",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "no registry file here" in result.stderr


# -- One project with every hostile record, in every builder ---------------------------------------

INDEX = """\
# Hostile

{wg}`WG2`, {phase}`operation`, {guideline}`duo`.

```{guideline-table}
:catalogue:
:columns: -title, level, year
```

```{wg-cards}
```

```{phase-timeline}
```

```{project-table}
```

```{country-table}
```

```{guideline-table}
:caption: Every guideline, with the default columns
```
"""


def hostile_project(tmp_path: Path) -> tuple[Path, list[tuple[str, int, str]]]:
    """A project whose registries hold every case above at once; the expected (file, line, text)."""
    src = tmp_path / "src"
    data = src / "_data"
    shutil.copytree(BASIC, data)
    expected = []
    for _case, filename, extra, _subtype, offset, message, _left_out in CASES:
        path = data / filename
        text = path.read_text(encoding="utf-8")
        path.write_text(text + extra, encoding="utf-8")
        expected.append((filename, text.count("\n") + 1 + offset, message))
    small_project(
        src,
        INDEX,
        oneplusmg_today="next week",
        latex_engine="xelatex",
        latex_elements={"fontpkg": r"\setmainfont{FreeSerif}\setsansfont{FreeSans}\setmonofont{FreeMono}"},
    )
    return src, expected


@pytest.mark.parametrize("builder", ["html", "latex", "text"])
def test_every_hostile_record_at_once_in_every_builder(tmp_path: Path, builder: str) -> None:
    src, expected = hostile_project(tmp_path)
    app = SphinxTestApp(builder, srcdir=src, builddir=tmp_path / "_build")
    try:
        app.build()
        warnings = "\n".join(warnings_of(app))
    finally:
        app.cleanup()
    for filename, line, message in expected:
        assert f"{src / '_data' / filename}:{line}: WARNING: " in warnings and message in warnings, (
            filename,
            line,
            message,
        )
    assert "index.md:5: WARNING: guideline-table: unknown value '-title' for :columns:" in warnings
    assert "oneplusmg_today = 'next week' is not a date" in warnings
    assert "Traceback" not in warnings
    out = Path(app.outdir)
    if builder == "html":
        page = soup(out / "index.html")
        assert len(page.select("table.oneplusmg-catalogue tbody tr")) == 6
        assert len(page.select("div.oneplusmg-phase")) == 3
    elif builder == "text":
        text = (out / "index.txt").read_text(encoding="utf-8")
        assert "Data Use Ontology" in text and "Commitment (Declaration)" in text
    else:
        tex = next(out.glob("*.tex")).read_text(encoding="utf-8")
        assert "Data Use Ontology" in tex and "99999" not in tex


LATEX_SPECIALS = r"""- id: specials
  title: 'Braces {} \ back $ dollar & amp # hash ^ caret _ under ~ tilde % per cent'
  summary: "Über Ελλάδα – “quotes” … and a long address https://example.org/a/very/long/path/that/goes/on/and/on/to/test/line/breaking/in/tables"
  url: "https://example.org/{odd}%20path#frag?x=1&y=2"
  year: 2024
"""


@pytest.mark.pdf
def test_the_pdf_of_the_hostile_project_compiles(tmp_path: Path) -> None:
    latexmk = require_command("latexmk", "latexmk")
    src, _expected = hostile_project(tmp_path)
    path = src / "_data" / "guidelines.yaml"
    path.write_text(path.read_text(encoding="utf-8") + LATEX_SPECIALS, encoding="utf-8")
    app = SphinxTestApp("latex", srcdir=src, builddir=tmp_path / "_build")
    try:
        app.build()
    finally:
        app.cleanup()
    tex = next(Path(app.outdir).glob("*.tex"))
    result = subprocess.run(
        [latexmk, "-pdfxe", "-interaction=nonstopmode", "-halt-on-error", tex.name],
        cwd=app.outdir,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    text = subprocess.run(
        ["pdftotext", str(tex.with_suffix(".pdf")), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Braces {} \\ back $ dollar & amp # hash ^ caret _ under ~ tilde % per cent" in " ".join(text.split())


def test_csv_cells_that_a_spreadsheet_would_run_are_made_inert(tmp_path: Path) -> None:
    """OWASP's advice for CSV injection: a leading quote; the JSON export keeps the value as it is."""
    import csv
    import io
    import json

    from oneplusmg.exports import csv_cell

    data, _ = data_with(
        tmp_path, "guidelines.yaml", "- id: formula\n  title: '=HYPERLINK(\"x\")'\n  summary: '@SUM(A1)'\n"
    )
    src = small_project(
        tmp_path / "src", "# Index\n\n```{guideline-table}\n:catalogue:\n```\n", oneplusmg_data_dir=str(data)
    )
    out, _warnings = build_project("html", src, tmp_path / "_build")
    out = out / "_data"
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO((out / "guidelines.csv").read_text(encoding="utf-8")))}
    assert rows["formula"]["title"] == '\'=HYPERLINK("x")' and rows["formula"]["summary"] == "'@SUM(A1)"
    assert rows["duo"]["title"] == "Data Use Ontology"
    record = next(r for r in json.loads((out / "guidelines.json").read_text(encoding="utf-8")) if r["id"] == "formula")
    assert record["title"] == '=HYPERLINK("x")'
    assert [csv_cell(v) for v in ("-1", "+1", "\tx", "plain", None, ["a", "b"])] == [
        "'-1",
        "'+1",
        "'\tx",
        "plain",
        "",
        "a; b",
    ]
