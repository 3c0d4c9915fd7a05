"""``project-table`` and ``{project}``: the projects that support the initiative."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from .builders import address_link, build_table, format_period, para
from .i18n import _
from .records import Project
from .shared import Placeholder, RegistryDirective, RenderContext, add_record_role

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class project_table_node(Placeholder):
    """The table of supporting projects."""

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        """A table of the projects with their funding, period and website, or a line saying there is none."""
        projects = [ctx.registry.projects[i] for i in self["record_ids"] if i in ctx.registry.projects]
        if not projects:
            return [para(_("No project to show."), classes=["oneplusmg-empty"])]
        headers = [_("Project"), _("Funding"), _("Period"), _("Website")]
        return [
            build_table(
                headers,
                [project_row(p, ctx) for p in projects],
                widths=[45, 22, 18, 15],
                classes=["oneplusmg-projects"],
            )
        ]


class ProjectTable(RegistryDirective):
    """``project-table``: every project, in the order of its start."""

    uses = ("projects",)
    needs = ("projects",)

    def run(self) -> list[nodes.Node]:
        """Record the projects this page shows, so that ``{project}`` links can point here."""
        if not self.note_registry_use():
            return []
        ids = list(self.registry.projects)
        self.domain.note("project_tables", self.env.docname, ids)
        return [self.placeholder(project_table_node, record_ids=ids)]


def project_row(project: Project, ctx: RenderContext) -> list[list[nodes.Node]]:
    """One project's row; its first cell carries the anchor that ``{project}`` links point to."""
    name = para(
        *ctx.anchor(f"project-{project.id.lower()}"),
        nodes.strong(project.id, project.id),
        nodes.Text(f" – {project.name}"),
    )
    funding = ", ".join(x for x in (project.programme, _("grant %s") % project.grant if project.grant else "") if x)
    website = (
        [address_link(ctx, project.website, project.website.split("//")[-1].rstrip("/"))] if project.website else []
    )
    summary = [para(project.summary)] if project.summary else []
    return [[name, *summary], [nodes.Text(funding)], [nodes.Text(format_period(project.start, project.end))], website]


def setup_projects(app: Sphinx) -> None:
    """Register the project-table directive, its node and the {project} role."""
    app.add_node(project_table_node)
    app.add_directive("project-table", ProjectTable)
    add_record_role(app, "project", "projects")
