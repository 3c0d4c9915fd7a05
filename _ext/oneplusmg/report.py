"""``guideline-report``: every guideline grouped by domain, then by level, as real sections.

The printed Guidelines catalogue is built from this directive: in a LaTeX document whose start
page holds it, each domain becomes a chapter and each level a section, so the PDF's table of
contents is the grouping. The sections are made when the page is read (the registry is known by
then), and each holds an ordinary guideline table, resolved like any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import directives

from .builders import para
from .guidelines import COLUMNS, GuidelineTable, guideline_table_node
from .i18n import _
from .levels import level_label
from .records import LEVELS, Guideline
from .selection import sort_guidelines
from .shared import RegistryDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx

REPORT_COLUMNS = ["title", "working-groups", "phase", "year", "doi", "link"]  # the level is the section
NO_DOMAIN = "other"


class GuidelineReport(RegistryDirective):
    """``guideline-report``: one section per domain, one subsection per level, one table each.

    The directive's content, if any, becomes a first section titled by ``:intro-title:``, so that
    in print the introduction is a chapter of its own rather than loose front matter.
    """

    option_spec = {"columns": directives.unchanged, "intro-title": directives.unchanged}
    has_content = True
    uses = GuidelineTable.uses
    needs = GuidelineTable.needs

    def run(self) -> list[nodes.Node]:
        """The sections themselves, made now so they enter the table of contents; their tables wait.

        Domains come in registry order, with guidelines of no known domain last.
        """
        if not self.note_registry_use():
            return []
        columns = self.choice_list("columns", tuple(COLUMNS), REPORT_COLUMNS)
        registry = self.registry
        self.domain.note_view(self.env.docname, "selection", ((), ("title",)))
        by_domain: dict[str, list[Guideline]] = {}
        for guideline in registry.guidelines.values():
            key = guideline.domain if guideline.domain in registry.domains else NO_DOMAIN
            by_domain.setdefault(key, []).append(guideline)
        order = [d for d in registry.domains if d in by_domain] + ([NO_DOMAIN] if NO_DOMAIN in by_domain else [])
        sections = []
        if self.content:
            intro = self.section("report-introduction", self.options.get("intro-title", _("About this list")))
            intro.extend(self.parse_content_to_nodes())
            sections.append(intro)
        for domain_id in order:
            domain = registry.domains.get(domain_id)
            title = domain.name if domain else _("Other guidelines")
            section = self.section(f"report-{domain_id}", title)
            if domain and domain.summary:
                section += para(domain.summary)
            section.extend(self.level_sections(domain_id, by_domain[domain_id], columns))
            sections.append(section)
        return sections

    def level_sections(self, domain_id: str, guidelines: list[Guideline], columns: list[str]) -> list[nodes.section]:
        """One section per level a domain has guidelines at (those without a level last), each with its table."""
        sections = []
        for level in (*LEVELS, None):
            chosen = sort_guidelines([g for g in guidelines if g.level == level], ["title"])
            if not chosen:
                continue
            title = level_label(level) if level else _("Without a level")
            section = self.section(f"report-{domain_id}-{level or 'none'}", title)
            section += self.placeholder(
                guideline_table_node,
                record_ids=[g.id for g in chosen],
                columns=columns,
                catalogue=False,
                filters={},
                caption=None,
                compact=True,
            )
            sections.append(section)
        return sections


def setup_report(app: Sphinx) -> None:
    """Register the guideline-report directive (its tables use the guideline-table node)."""
    app.add_directive("guideline-report", GuidelineReport)
