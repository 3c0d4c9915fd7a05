r"""``project-table``, ``{project}`` and ``{grant}``: the projects that support the initiative.

A project's grant agreement number is quoted wherever its funding is acknowledged: in pages
(``{grant}`B1MG```), in a template (``oneplusmg_projects``, e.g. the site's footer) and in the
printed documents' LaTeX (``\oneplusmggrant{B1MG}``). It is typed once, in projects.yaml.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.docutils import SphinxRole
from sphinx.util.texescape import escape

from .builders import address_link, build_table, format_period, para
from .domain import get_domain
from .i18n import _, __
from .records import Project
from .shared import Placeholder, RegistryDirective, RenderContext, add_record_role, unknown_target, write_if_changed

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

LATEX_FACTS = "oneplusmgfacts"  # the LaTeX package of registry facts, written into the output


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


class GrantRole(SphinxRole):
    """``{grant}`B1MG```: the project's grant agreement number, as text."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """The number, or the id marked unknown after a warning at the page and line."""
        registry = get_domain(self.env).registry
        self.env.note_dependency(registry.path("projects"))
        project = registry.projects.get(self.text.strip())
        if project is None or not project.grant:
            message = __("no grant for project id %r in {grant} role (unknown project, or none in projects.yaml)")
            return unknown_target(self, self.text.strip(), message, self.text.strip()), []
        return [nodes.Text(project.grant)], []


def add_projects_to_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Templates may quote the projects' facts: ``{{ oneplusmg_projects.B1MG.grant }}``."""
    context["oneplusmg_projects"] = get_domain(app.env).registry.projects


def pages_to_write_for_projects(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Every page, when a project's record changed: any page's template may quote one (this
    site's footer quotes a grant), and Sphinx writes again only the pages it read again."""
    domain = get_domain(env)
    digest = repr(list(domain.registry.projects.values()))  # a record's repr leaves out its line
    previous = domain.data.get("projects_digest")
    domain.data["projects_digest"] = digest
    return sorted(env.found_docs) if previous is not None and previous != digest else []


def write_latex_facts(app: Sphinx) -> None:
    r"""For the LaTeX builder, ``\oneplusmggrant{id}``: a project's grant in conf.py's LaTeX text
    (the cover's funding statement), from the registry rather than typed there again."""
    if app.builder.name != "latex":
        return
    lines = [
        "% Facts of the registries for LaTeX text, written by the oneplusmg extension at each build.",
        f"\\ProvidesPackage{{{LATEX_FACTS}}}",
        "\\newcommand{\\oneplusmggrant}[1]{\\csname oneplusmg@grant@#1\\endcsname}",
    ]
    for project in get_domain(app.env).registry.projects.values():
        if project.grant:
            lines.append(
                f"\\expandafter\\def\\csname oneplusmg@grant@{project.id}\\endcsname{{{escape(project.grant)}}}"
            )
    write_if_changed(Path(app.outdir) / f"{LATEX_FACTS}.sty", "\n".join(lines) + "\n")
    app.add_latex_package(LATEX_FACTS)


def setup_projects(app: Sphinx) -> None:
    """Register the project-table directive, its node, the {project} and {grant} roles, and the
    projects' facts for templates and LaTeX."""
    app.add_node(project_table_node)
    app.add_directive("project-table", ProjectTable)
    add_record_role(app, "project", "projects")
    app.add_role("grant", GrantRole())
    app.add_role_to_domain("oneplusmg", "grant", GrantRole())
    app.connect("html-page-context", add_projects_to_context)
    app.connect("env-updated", pages_to_write_for_projects)
    app.connect("builder-inited", write_latex_facts)  # after the registry is loaded (priority 400)
