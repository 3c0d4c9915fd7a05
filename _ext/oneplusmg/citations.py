"""How to cite a guideline: a formatted reference, BibTeX, RIS and schema.org JSON-LD, all made
from its registry record, so that the guideline's page, the exports and search engines agree.

The registry records no personal authors. A document of the initiative is cited with a corporate
author: the project that produced it, or the 1+MG initiative itself. A document another
organisation publishes (a standard, a journal article, a national plan) has a ``publisher`` in
the registry and is cited by its title and publisher, without an author: the initiative
recommends such documents, it did not write them.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .records import Guideline
    from .registry import Registry

INITIATIVE = "1+ Million Genomes initiative"
# BibTeX and RIS types by the registry's `kind`: documents of the initiative are reports (BibTeX's
# techreport, when it has the author and year BibTeX styles require), everything else misc.
REPORT_KINDS = {"deliverable": "Deliverable", "report": "Report", "policy": "Policy", "guideline": "Guideline"}
RIS_TYPES = {"deliverable": "RPRT", "report": "RPRT", "standard": "STAND", "resource": "ELEC"}


def author(guideline: Guideline, registry: Registry) -> str | None:
    """Who wrote the document, as a corporate author: its project, else the initiative, unless
    another organisation publishes it (its ``publisher``), whose authors the registry does not hold."""
    project = registry.projects.get(guideline.project or "")
    if project:
        return f"{project.name} ({project.id})"
    return None if guideline.publisher else INITIATIVE


def publisher(guideline: Guideline, registry: Registry) -> str:
    """Who published the document: its publisher, else its author."""
    return guideline.publisher or author(guideline, registry) or INITIATIVE


def doi_url(guideline: Guideline) -> str | None:
    """The DOI as a resolvable address."""
    return f"https://doi.org/{guideline.doi}" if guideline.doi else None


def reference_text(guideline: Guideline, registry: Registry) -> str:
    """A reference as a reader would write it in a bibliography (author and date first; a
    document without an author starts with its title)."""
    date = f"({guideline.year})" if guideline.year else "(n.d.)"
    title = guideline.title.rstrip(".")
    if guideline.deliverable:
        title += f", deliverable {guideline.deliverable}"
    written_by = author(guideline, registry)
    parts = [f"{written_by} {date}.", f"{title}."] if written_by else [f"{title} {date}."]
    if guideline.publisher:
        parts.append(f"{guideline.publisher.rstrip('.')}.")
    link = doi_url(guideline) or guideline.url
    if link:
        parts.append(link)
    return " ".join(parts)


def _bibtex_value(text: str) -> str:
    """Text inside a braced BibTeX value: braces and backslashes of the title kept literal."""
    return re.sub(r"([{}\\])", r"\\\1", text)


def bibtex_entry(guideline: Guideline, registry: Registry) -> str:
    """One BibTeX entry, keyed by the guideline's id, in plain Unicode (no LaTeX macros).

    The title and the corporate names are in double braces: BibTeX styles lower-case a title
    ("1+mg glossary") and split a name into given and family names unless it is protected.
    """
    written_by = author(guideline, registry)
    report = REPORT_KINDS.get(guideline.kind or "")
    kind = "techreport" if report and written_by and guideline.year else "misc"
    fields: list[tuple[str, str]] = []
    if written_by:
        fields.append(("author", f"{{{_bibtex_value(written_by)}}}"))
    fields.append(("title", f"{{{_bibtex_value(guideline.title)}}}"))
    if kind == "techreport":
        fields += [("type", report or ""), ("institution", _bibtex_value(publisher(guideline, registry)))]
        if guideline.deliverable:
            fields.append(("number", _bibtex_value(guideline.deliverable)))
    elif guideline.publisher:
        fields.append(("howpublished", _bibtex_value(guideline.publisher)))
    elif guideline.deliverable:
        fields.append(("note", _bibtex_value(f"Deliverable {guideline.deliverable}")))
    if guideline.year:
        fields.append(("year", str(guideline.year)))
    if guideline.doi:
        fields.append(("doi", _bibtex_value(guideline.doi)))
    if guideline.url or guideline.doi:
        fields.append(("url", _bibtex_value(guideline.url or doi_url(guideline) or "")))
    lines = [f"@{kind}{{{guideline.id},"] + [f"  {name} = {{{value}}}," for name, value in fields]
    return "\n".join([*lines, "}"]) + "\n"


def ris_entry(guideline: Guideline, registry: Registry) -> str:
    """One RIS record (the format reference managers import)."""
    lines = [
        f"TY  - {RIS_TYPES.get(guideline.kind or '', 'RPRT')}",
        f"TI  - {guideline.title}",
    ]
    written_by = author(guideline, registry)
    if written_by:
        lines.append(f"AU  - {written_by}")
    lines.append(f"PB  - {publisher(guideline, registry)}")
    if guideline.year:
        lines.append(f"PY  - {guideline.year}")
    if guideline.doi:
        lines.append(f"DO  - {guideline.doi}")
    if guideline.url or guideline.doi:
        lines.append(f"UR  - {guideline.url or doi_url(guideline)}")
    if guideline.summary:
        lines.append(f"AB  - {guideline.summary}")
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


def json_ld(guideline: Guideline, registry: Registry, page_url: str | None) -> dict[str, Any]:
    """schema.org metadata of the document, for search engines and data catalogues."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Report" if (guideline.kind or "deliverable") in ("deliverable", "report") else "CreativeWork",
        "name": guideline.title,
        "publisher": {"@type": "Organization", "name": publisher(guideline, registry)},
    }
    written_by = author(guideline, registry)
    if written_by:
        data["author"] = {"@type": "Organization", "name": written_by}
    if guideline.summary:
        data["description"] = guideline.summary
    if guideline.year:
        data["datePublished"] = str(guideline.year)
    if guideline.doi:
        data["identifier"] = {
            "@type": "PropertyValue",
            "propertyID": "DOI",
            "value": guideline.doi,
            "url": doi_url(guideline),
        }
    if guideline.url or guideline.doi:
        data["url"] = guideline.url or doi_url(guideline)
    if page_url:
        data["mainEntityOfPage"] = page_url
    if guideline.deliverable:
        data["reportNumber"] = guideline.deliverable
    return data


def json_ld_script(data: dict[str, Any]) -> str:
    """The JSON-LD as a ``<script>`` element for the page's head; ``</`` cannot end it early."""
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>'
