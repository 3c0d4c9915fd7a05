"""Countries: ``country-table``, ``country-profile``, ``country-resources`` and ``{country}``.

A country's own page is found by its label (``(country-at)=``), like a working group's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import directives

from .builders import build_table, external_link, format_date, para
from .i18n import _, __
from .records import Country, Resource
from .shared import Placeholder, RegistryDirective, RenderContext, add_record_role

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

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        """The table of countries: name, native name, code, the Declaration, GDI, resources."""
        countries = [ctx.registry.countries[c] for c in self["record_ids"] if c in ctx.registry.countries]
        rows = []
        for country in countries:
            label: nodes.Node = nodes.inline(country.name, country.name)
            if ctx.domain.page_label("country", country.id):  # no page, no link (Poland, Slovakia)
                label = ctx.link("country", country.id, label)
            name = para(*ctx.anchor(f"country-{country.id.lower()}"), label)
            rows.append(
                [
                    [name],
                    [nodes.Text(country.native_name)],
                    [nodes.Text(country.id)],
                    [nodes.Text(signed_cell(country))],
                    [nodes.Text(str(len(country.resources)))],
                ]
            )
        headers = [_("Country"), _("Native name"), _("Code"), _("Signed the Declaration"), _("Resources")]
        return [build_table(headers, rows, widths=[25, 25, 10, 25, 15], classes=["oneplusmg-countries"])]


class country_profile_node(Placeholder):
    """One country's facts and resources."""

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        """The country's facts as a field list, and its resources by category."""
        country: Country = ctx.registry.countries[self["country"]]
        facts = nodes.field_list(classes=["oneplusmg-country-facts"])
        for label, value in profile_facts(country):
            facts += nodes.field("", nodes.field_name(label, label), nodes.field_body("", para(value)))
        result: list[nodes.Node] = [facts]
        if country.summary:
            result.append(para(country.summary))
        for category, title in CATEGORIES.items():
            resources = [r for r in country.resources if (r.category or "other") == category]
            if resources:
                result.append(nodes.rubric(title, title))
                result.append(nodes.bullet_list("", *(resource_item(r) for r in resources)))
        return [nodes.container("", *result, classes=["oneplusmg-country"])]


class country_resources_node(Placeholder):
    """The resources of one category, across countries."""

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        """The resources of one category, country by country."""
        items = nodes.bullet_list(classes=["oneplusmg-resources"])
        for country in sorted(ctx.registry.countries.values(), key=lambda c: c.name):
            for resource in country.resources:
                if self["category"] is None or (resource.category or "other") == self["category"]:
                    suffix = [
                        nodes.Text(" – "),
                        ctx.link("country", country.id, nodes.inline(country.name, country.name)),
                    ]
                    items += resource_item(resource, suffix)
        if not len(items):
            return [para(_("The registry lists no national resource of this kind."), classes=["oneplusmg-empty"])]
        return [items]


class CountryTable(RegistryDirective):
    """``country-table``: every country, by English name."""

    uses = ("countries",)
    needs = ("countries",)

    def run(self) -> list[nodes.Node]:
        """Record the countries the table shows, so that {country} roles can link to its rows."""
        if not self.note_registry_use():
            return []
        ids = sorted(self.registry.countries, key=lambda c: self.registry.countries[c].name)
        for code in ids:
            check_declaration(self, self.registry.countries[code])
        self.domain.note("country_tables", self.env.docname, ids)
        return [self.placeholder(country_table_node, record_ids=ids)]


class CountryProfile(RegistryDirective):
    """``country-profile``: the facts and resources of the country named in ``:country:``."""

    option_spec = {"country": directives.unchanged_required}
    uses = ("countries",)
    needs = ("countries",)

    def run(self) -> list[nodes.Node]:
        """Check the country id and record it; the profile is filled when the page is written."""
        if not self.note_registry_use():
            return []
        code = self.options.get("country", "").strip().upper()
        if code not in self.registry.countries:
            self.warn(__("country-profile: unknown country %r") % code)
            return []
        check_declaration(self, self.registry.countries[code])
        return [self.placeholder(country_profile_node, country=code)]


class CountryResources(RegistryDirective):
    """``country-resources``: resources of one ``:category:`` from every country."""

    option_spec = {"category": directives.unchanged}
    uses = ("countries",)
    needs = ("countries",)

    def run(self) -> list[nodes.Node]:
        """Check the category and record it; the list is filled when the page is written."""
        if not self.note_registry_use():
            return []
        category = self.options.get("category")
        if category is not None and category not in CATEGORIES:
            self.warn(__("country-resources: unknown category %r (allowed: %s)") % (category, ", ".join(CATEGORIES)))
        return [self.placeholder(country_resources_node, category=category)]


def check_declaration(directive: RegistryDirective, country: Country) -> None:
    """A signing date for a country the registry marks as not signed is a contradiction."""
    if country.declaration == "not-signed" and country.declaration_signed:
        directive.warn(
            __("country %s: declaration is not-signed, but declaration_signed gives %s")
            % (country.id, country.declaration_signed),
            "registry",
        )


def signed_cell(country: Country) -> str:
    """The index's "Signed the Declaration" cell: the date, or what the registry says instead.

    Only a registry that says ``declaration: not-signed`` makes a country read "not signed": a
    missing date means that the date is not known, not that the country has not signed.
    """
    if country.signed is False:
        return _("not signed")
    if country.declaration_signed:
        return format_date(country.declaration_signed)
    return _("yes, date not confirmed") if country.signed else _("not recorded")


def declaration_fact(country: Country) -> str:
    """The profile's declaration fact: "signed on 10 April 2018", "signed in 2018", ..."""
    if country.signed is False:
        return _("not signed")
    if country.declaration_signed:
        day_known = len(str(country.declaration_signed).split("-")) == 3
        return (_("signed on %s") if day_known else _("signed in %s")) % format_date(country.declaration_signed)
    return _("signed; the date is not confirmed") if country.signed else _("not recorded")


def profile_facts(country: Country) -> list[tuple[str, nodes.Node | str]]:
    """The rows of a country's facts table; a fact the registry does not give has no row."""
    rows: list[tuple[str, nodes.Node | str]] = [
        (_("Native name"), country.native_name),
        (_("ISO code"), country.id),
        (_("1+MG Declaration"), declaration_fact(country)),
    ]
    if country.gdi:
        rows.append((_("GDI project"), country.gdi))
    if country.genome_of_europe:
        rows.append((_("Genome of Europe"), country.genome_of_europe))
    if country.national_initiative:
        initiative = country.national_initiative
        rows.append(
            (
                _("National initiative"),
                external_link(country.national_initiative_url, initiative)
                if country.national_initiative_url
                else initiative,
            )
        )
    count = len(country.resources)
    rows.append(
        (
            _("National resources"),
            _("none listed") if not count else _("1, listed below") if count == 1 else _("%d, listed below") % count,
        )
    )
    return rows


def resource_item(resource: Resource, suffix: list[nodes.Node] | None = None) -> nodes.list_item:
    """One resource as a list item: its title linked to it, its year, and what follows."""
    line = para(external_link(resource.url, resource.title))
    if resource.year:
        line += nodes.Text(f" ({resource.year})")
    line += suffix or []
    return nodes.list_item("", line)


def setup_countries(app: Sphinx) -> None:
    """Register the country directives, their nodes and the {country} role."""
    for node_class in (country_table_node, country_profile_node, country_resources_node):
        app.add_node(node_class)
    app.add_directive("country-table", CountryTable)
    app.add_directive("country-profile", CountryProfile)
    app.add_directive("country-resources", CountryResources)
    add_record_role(app, "country", "countries")
