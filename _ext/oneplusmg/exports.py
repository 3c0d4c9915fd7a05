"""Machine-readable exports of the validated registries, written next to the HTML site.

Researchers and national nodes reuse the catalogue in their own tools; they get exactly the
records the site shows (after validation), as JSON and as CSV, and every guideline as a BibTeX
entry for reference managers, under ``_data/`` in the output.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.osutil import relative_uri

from .builders import external_link, join_nodes, para
from .citations import bibtex_entry
from .domain import get_domain
from .i18n import _
from .shared import RenderContext, write_if_changed

if TYPE_CHECKING:
    from sphinx.application import Sphinx

EXPORT_DIR = "_data"
EXPORTS = ("guidelines.json", "guidelines.csv", "guidelines.bib", "working-groups.json", "phases.json")
CSV_FIELDS = (
    "id",
    "title",
    "level",
    "working_groups",
    "phase",
    "domain",
    "project",
    "publisher",
    "year",
    "url",
    "doi",
    "kind",
    "deliverable",
    "topics",
    "countries",
    "summary",
)


def _records(records: dict[str, Any]) -> list[dict[str, Any]]:
    return [{k: v for k, v in asdict(r).items() if k != "line"} for r in records.values()]


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """One cell: lists joined with '; ', and text that a spreadsheet would run made inert.

    OWASP's advice for CSV injection: a leading quote makes the cell plain text. The JSON
    export keeps every value as it is.
    """
    if isinstance(value, list):
        value = "; ".join(str(item) for item in value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def guidelines_csv(records: list[dict[str, Any]]) -> str:
    """One row per guideline; list fields joined with '; ' so spreadsheets keep one cell."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: csv_cell(v) for k, v in record.items()})
    return buffer.getvalue()


def write_exports(app: Sphinx, exception: Exception | None) -> None:
    """At the end of an HTML build, write the validated records into ``_data/``."""
    if exception is not None or app.builder.format != "html":
        return
    registry = get_domain(app.env).registry
    if not registry.present:
        return
    folder = Path(app.outdir) / EXPORT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    guidelines = _records(registry.guidelines)
    contents = {
        "guidelines.json": json.dumps(guidelines, ensure_ascii=False, indent=1),
        "guidelines.csv": guidelines_csv(guidelines),
        "guidelines.bib": "\n".join(bibtex_entry(g, registry) for g in registry.guidelines.values()),
        "working-groups.json": json.dumps(_records(registry.working_groups), ensure_ascii=False, indent=1),
        "phases.json": json.dumps(_records(registry.phases), ensure_ascii=False, indent=1),
    }
    for name, text in contents.items():
        write_if_changed(folder / name, text if text.endswith("\n") else text + "\n")


def export_links(ctx: RenderContext) -> nodes.paragraph:
    """'Download the data: guidelines.json, ...' with links relative to the current page."""
    page = ctx.builder.get_target_uri(ctx.docname)
    links = [
        external_link(relative_uri(page, f"{EXPORT_DIR}/{name}"), name, classes=["oneplusmg-export"])
        for name in EXPORTS
    ]
    paragraph = para(_("Download the validated data: "), *join_nodes(links), ".", classes=["oneplusmg-exports"])
    pdfs = ctx.builder.config.oneplusmg_pdf_downloads
    if pdfs:
        pdf_links = [
            external_link(relative_uri(page, path), label, classes=["oneplusmg-export"]) for label, path in pdfs
        ]
        paragraph += [nodes.Text(" "), nodes.Text(_("Printed versions: ")), *join_nodes(pdf_links), nodes.Text(".")]
    return paragraph


def setup_exports(app: Sphinx) -> None:
    """Register the ``oneplusmg_pdf_downloads`` setting and write the exports when the build finishes."""
    # (label, path relative to the HTML root) of PDFs published next to the site, if any.
    app.add_config_value("oneplusmg_pdf_downloads", [], "html", types=(list, tuple))
    app.connect("build-finished", write_exports)
