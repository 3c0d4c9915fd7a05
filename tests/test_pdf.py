"""The two printed documents: complete, with metadata, embedded fonts and a clean LaTeX log."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, require_command, sphinx_make_mode
from oneplusmg.registry import load_registry

pytestmark = pytest.mark.pdf
DOCUMENTS = ("oneplusmg-framework", "oneplusmg-guidelines")


@pytest.fixture(scope="module")
def latex_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both PDFs, built once, exactly as `make latexpdf` builds them."""
    for command, package in (("latexmk", "latexmk"), ("xelatex", "texlive-xetex"), ("pdftotext", "poppler-utils")):
        require_command(command, package)
    builddir = tmp_path_factory.mktemp("pdf")
    result = sphinx_make_mode("latexpdf", str(builddir))
    assert result.returncode == 0, (result.stdout[-3000:], result.stderr[-3000:])
    return builddir / "latex"


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def letters(text: str) -> str:
    """Letters and digits only: hyphenation and line breaks in the PDF do not matter."""
    return re.sub(r"[\W_]+", "", text).casefold()


def test_both_documents_are_built(latex_dir: Path) -> None:
    for name in DOCUMENTS:
        assert (latex_dir / f"{name}.pdf").stat().st_size > 50_000


def test_handbook_names_every_working_group_and_the_timeline_years(latex_dir: Path) -> None:
    registry = load_registry(REPO / "docs" / "_data")
    text = pdf_text(latex_dir / "oneplusmg-framework.pdf")
    flat = letters(text)
    for group in registry.working_groups.values():
        assert letters(group.name) in flat, group.name
    first = int(registry.phases_in_order()[0].start[:4])
    for year in range(first, 2032):
        assert str(year) in text, year
    assert "1+MG Framework" in text and "CC BY 4.0" in text and "951724" in text


def test_catalogue_report_lists_every_guideline_title(latex_dir: Path) -> None:
    registry = load_registry(REPO / "docs" / "_data")
    flat = letters(pdf_text(latex_dir / "oneplusmg-guidelines.pdf"))
    missing = [g.title for g in registry.guidelines.values() if letters(g.title) not in flat]
    assert missing == []
    for domain in registry.domains.values():
        assert letters(domain.name) in flat


def test_native_country_names_print_in_their_own_scripts(latex_dir: Path) -> None:
    text = pdf_text(latex_dir / "oneplusmg-framework.pdf")
    for name in ("Ελλάδα", "България", "Česko"):
        assert name in text, name


@pytest.mark.parametrize("name", DOCUMENTS)
def test_metadata_is_set(latex_dir: Path, name: str) -> None:
    info = subprocess.run(
        ["pdfinfo", str(latex_dir / f"{name}.pdf")], capture_output=True, text=True, check=True
    ).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Title"].strip().startswith("1+MG Framework")
    assert "Working Groups" in fields["Author"]
    assert fields["Subject"].strip() and "genomics" in fields["Keywords"]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_font_is_embedded(latex_dir: Path, name: str) -> None:
    output = subprocess.run(
        ["pdffonts", str(latex_dir / f"{name}.pdf")], capture_output=True, text=True, check=True
    ).stdout
    rows = output.splitlines()[2:]
    assert rows, "no font listed"
    not_embedded = [row for row in rows if row.split()[-5] != "yes"]
    assert not_embedded == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_latex_log_has_no_unresolved_reference_and_no_wide_overfull_box(latex_dir: Path, name: str) -> None:
    log = (latex_dir / f"{name}.log").read_text(encoding="utf-8", errors="replace")
    assert not re.search(r"Reference `[^']*' on page \d+ undefined", log)
    assert "There were undefined references" not in log
    wide = [float(x) for x in re.findall(r"Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\)", log) if float(x) > 10]
    assert wide == []
