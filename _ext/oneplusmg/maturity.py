"""``maturity-model``: the Maturity Level Model, its domains and its levels, as two tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from .builders import build_table, para
from .i18n import _
from .shared import Placeholder, RegistryDirective, RenderContext

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class maturity_model_node(Placeholder):
    """The domains x levels of the Maturity Level Model."""

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        """Two captioned tables: the levels, lowest first, then the domains with their scope and subdomains."""
        registry = ctx.registry
        levels = sorted(registry.maturity_levels.values(), key=lambda level: int(level.id))
        level_rows = [
            [[nodes.Text(level.id)], [nodes.strong(level.name, level.name)], [nodes.Text(level.summary)]]
            for level in levels
        ]
        domain_rows = []
        for domain in registry.maturity_domains.values():
            name = [para(nodes.strong(domain.name, domain.name))] + ([para(domain.summary)] if domain.summary else [])
            indicators = [nodes.Text(str(domain.indicators))] if domain.indicators else []
            domain_rows.append([[nodes.Text(domain.id)], name, [nodes.Text(", ".join(domain.subdomains))], indicators])
        return [
            build_table(
                [_("Level"), _("Name"), _("What it means")],
                level_rows,
                widths=[10, 25, 65],
                classes=["oneplusmg-maturity-levels"],
                caption=_("Maturity levels"),
            ),
            build_table(
                [_("Domain"), _("Name and scope"), _("Subdomains"), _("Indicators")],
                domain_rows,
                widths=[10, 45, 33, 12],
                classes=["oneplusmg-maturity-domains"],
                caption=_("Domains, each assessed on every level"),
            ),
        ]


class MaturityModel(RegistryDirective):
    """``maturity-model``: the levels (lowest first), then the domains with their subdomains."""

    uses = ("maturity_domains", "maturity_levels")
    needs = ("maturity_domains", "maturity_levels")

    def run(self) -> list[nodes.Node]:
        """Record where the model goes; it depends on nothing else the page holds."""
        if not self.note_registry_use():
            return []
        return [self.placeholder(maturity_model_node)]


def setup_maturity(app: Sphinx) -> None:
    """Register the maturity-model directive and its node."""
    app.add_node(maturity_model_node)
    app.add_directive("maturity-model", MaturityModel)
