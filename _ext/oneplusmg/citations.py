"""How to cite a guideline: a formatted reference, BibTeX, RIS and schema.org JSON-LD, all made
from its registry record, so that the guideline's page, the exports and search engines agree.

The registry records no authors: the publisher (the project that produced the document, or the
1+MG initiative) stands in as the corporate author, which is how these documents are cited.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .records import Guideline
    from .registry import Registry

INITIATIVE = "1+ Million Genomes initiative"
# BibTeX and RIS types by the registry's `kind` (a report unless it says otherwise).
BIBTEX_TYPES = {"deliverable": "techreport", "report": "techreport", "standard": "misc", "resource": "misc"}
RIS_TYPES = {"deliverable": "RPRT", "report": "RPRT", "standard": "STAND", "resource": "ELEC"}


def publisher(guideline: Guideline, registry: Registry) -> str:
    """Who published the document: its project's name, or the initiative itself."""
    project = registry.projects.get(guideline.project or "")
    return f"{project.name} ({project.id})" if project else INITIATIVE


def doi_url(guideline: Guideline) -> str | None:
    """The DOI as a resolvable address."""
    return f"https://doi.org/{guideline.doi}" if guideline.doi else None


def reference_text(guideline: Guideline, registry: Registry) -> str:
    """A reference as a reader would write it in a bibliography."""
    parts = [publisher(guideline, registry)]
    parts.append(f"({guideline.year})." if guideline.year else "(n.d.).")
    title = guideline.title.rstrip(".")
    if guideline.deliverable:
        title += f", deliverable {guideline.deliverable}"
    parts.append(f"{title}.")
    link = doi_url(guideline) or guideline.url
    if link:
        parts.append(link)
    return " ".join(parts)


def _bibtex_value(text: str) -> str:
    """Text inside a braced BibTeX value: braces and backslashes of the title kept literal."""
    return re.sub(r"([{}\\])", r"\\\1", text)


def bibtex_entry(guideline: Guideline, registry: Registry) -> str:
    """One BibTeX entry, keyed by the guideline's id, in plain Unicode (no LaTeX macros)."""
    kind = BIBTEX_TYPES.get(guideline.kind or "", "techreport")
    fields: list[tuple[str, str]] = [("title", guideline.title)]
    # Double braces: a corporate author, not a person's family and given names.
    author = publisher(guideline, registry)
    fields.append(("institution" if kind == "techreport" else "publisher", author))
    if guideline.year:
        fields.append(("year", str(guideline.year)))
    if guideline.deliverable:
        fields.append(("number", guideline.deliverable))
    if guideline.doi:
        fields.append(("doi", guideline.doi))
    if guideline.url or guideline.doi:
        fields.append(("url", guideline.url or doi_url(guideline) or ""))
    lines = [f"@{kind}{{{guideline.id},", f"  author = {{{{{_bibtex_value(author)}}}}},"]
    lines += [f"  {name} = {{{_bibtex_value(value)}}}," for name, value in fields]
    lines.append("}")
    return "\n".join(lines) + "\n"


def ris_entry(guideline: Guideline, registry: Registry) -> str:
    """One RIS record (the format reference managers import)."""
    lines = [
        f"TY  - {RIS_TYPES.get(guideline.kind or '', 'RPRT')}",
        f"TI  - {guideline.title}",
        f"AU  - {publisher(guideline, registry)}",
        f"PB  - {publisher(guideline, registry)}",
    ]
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
