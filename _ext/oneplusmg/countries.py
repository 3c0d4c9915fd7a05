"""Countries: ``country-table``, ``country-profile``, ``country-resources`` and ``{country}``.

A country's own page is found by its label (``(country-at)=``), like a working group's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import directives

from .i18n import _, __
from .records import Country, Resource
from .shared import (
    Placeholder,
    RegistryDirective,
    RenderContext,
    add_record_role,
    anchor,
    build_table,
    external_link,
    format_date,
    para,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CATEGORIES = {
    "training": _("Training materials"),
    "technical": _("Technical implementations"),
    "elsi": _("Ethical, legal and social documents"),
    "genomic-plan": _("National genomic plans"),
    "infrastructure": _("Infrastructure"),
    "video": _("Videos"),
    "other": _("Other resources"),
}


class country_table_node(Placeholder):
    """The index of all countries."""


class country_profile_node(Placeholder):
    """One country's facts and resources."""


class country_resources_node(Placeholder):
    """The resources of one category, across countries."""


class CountryTable(RegistryDirective):
    """``country-table``: every country, by English name."""

    uses = ("countries",)
    needs = ("countries",)

    def run(self) -> list[nodes.Node]:
        if not self.note_registry_use():
            return []
        ids = sorted(self.registry.countries, key=lambda c: self.registry.countries[c].name)
        self.domain.note("country_tables", self.env.docname, ids)
        return [self.placeholder(country_table_node, record_ids=ids)]


class CountryProfile(RegistryDirective):
    """``country-profile``: the facts and resources of the country named in ``:country:``."""

    option_spec = {"country": directives.unchanged_required}
    uses = ("countries",)
    needs = ("countries",)

    def run(self) -> list[nodes.Node]:
        if not self.note_registry_use():
            return []
        code = self.options.get("country", "").strip().upper()
        if code not in self.registry.countries:
            self.warn(__("country-profile: unknown country %r") % code)
            return []
        return [self.placeholder(country_profile_node, country=code)]


class CountryResources(RegistryDirective):
    """``country-resources``: resources of one ``:category:`` from every country."""

    option_spec = {"category": directives.unchanged}
    uses = ("countries",)
    needs = ("countries",)

    def run(self) -> list[nodes.Node]:
        if not self.note_registry_use():
            return []
        category = self.options.get("category")
        if category is not None and category not in CATEGORIES:
            self.warn(__("country-resources: unknown category %r (allowed: %s)") % (category, ", ".join(CATEGORIES)))
        return [self.placeholder(country_resources_node, category=category)]


def resource_item(resource: Resource, suffix: list[nodes.Node] | None = None) -> nodes.list_item:
    line = para(external_link(resource.url, resource.title))
    if resource.year:
        line += nodes.Text(f" ({resource.year})")
    line += suffix or []
    return nodes.list_item("", line)


def render_country_table(node: country_table_node, ctx: RenderContext) -> list[nodes.Node]:
    countries = [ctx.registry.countries[c] for c in node["record_ids"] if c in ctx.registry.countries]
    rows = []
    for country in countries:
        name = para(anchor(f"country-{country.id.lower()}"),
                    ctx.link("country", country.id, nodes.inline(country.name, country.name)))
        rows.append([[name], [nodes.Text(country.native_name)], [nodes.Text(country.id)],
                     [nodes.Text(format_date(country.declaration_signed) or _("not signed"))],
                     [nodes.Text(str(len(country.resources)))]])
    headers = [_("Country"), _("Native name"), _("Code"), _("Signed the Declaration"), _("Resources")]
    return [build_table(headers, rows, widths=[25, 25, 10, 25, 15], classes=["oneplusmg-countries"])]


def render_country_profile(node: country_profile_node, ctx: RenderContext) -> list[nodes.Node]:
    country: Country = ctx.registry.countries[node["country"]]
    facts = nodes.field_list(classes=["oneplusmg-country-facts"])
    for label, value in ((_("Native name"), country.native_name), (_("ISO code"), country.id),
                         (_("Signed the 1+MG Declaration"), format_date(country.declaration_signed) or _("not signed"))):
        facts += nodes.field("", nodes.field_name(label, label), nodes.field_body("", para(value)))
    result: list[nodes.Node] = [facts]
    if country.summary:
        result.append(para(country.summary))
    if not country.resources:
        result.append(para(_("No national resource is listed for %s yet; the Framework's guidelines apply as they are.")
                           % country.name, classes=["oneplusmg-empty"]))
    for category, title in CATEGORIES.items():
        resources = [r for r in country.resources if (r.category or "other") == category]
        if resources:
            result.append(nodes.rubric(title, title))
            result.append(nodes.bullet_list("", *(resource_item(r) for r in resources)))
    return [nodes.container("", *result, classes=["oneplusmg-country"])]


def render_country_resources(node: country_resources_node, ctx: RenderContext) -> list[nodes.Node]:
    items = nodes.bullet_list(classes=["oneplusmg-resources"])
    for country in sorted(ctx.registry.countries.values(), key=lambda c: c.name):
        for resource in country.resources:
            if node["category"] is None or (resource.category or "other") == node["category"]:
                suffix = [nodes.Text(" – "), ctx.link("country", country.id, nodes.inline(country.name, country.name))]
                items += resource_item(resource, suffix)
    if not len(items):
        return [para(_("No national resource of this kind is listed yet."), classes=["oneplusmg-empty"])]
    return [items]


country_table_node.render = render_country_table
country_profile_node.render = render_country_profile
country_resources_node.render = render_country_resources


def setup_countries(app: Sphinx) -> None:
    for node_class in (country_table_node, country_profile_node, country_resources_node):
        app.add_node(node_class)
    app.add_directive("country-table", CountryTable)
    app.add_directive("country-profile", CountryProfile)
    app.add_directive("country-resources", CountryResources)
    add_record_role(app, "country", "countries")
