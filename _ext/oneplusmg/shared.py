"""What every component shares: the directive base, placeholder nodes, and node builders.

Directives only record *what* to show (ids, options) in a placeholder node; the post-transform
in :mod:`oneplusmg.transforms` turns the placeholder into standard docutils nodes once every
document has been read, so that links can point at pages read after this one. Everything built
here is a plain docutils node (table, container, list, paragraph, reference, inline with classes),
so every builder renders it and every string from a registry is escaped by the writer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx.util.nodes import split_explicit_title

from .builders import join_nodes
from .i18n import __

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from .domain import OnePlusMGDomain
    from .registry import Registry

logger = logging.getLogger(__name__)


# -- Placeholders ----------------------------------------------------------------------------------


class Placeholder(nodes.General, nodes.Element):
    """Marks where a directive's output goes; replaced by :meth:`render` after all reads."""

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        """The docutils nodes that take the placeholder's place, as seen from ``ctx.docname``."""
        raise NotImplementedError


@dataclass
class RenderContext:
    """What a renderer needs to build nodes for one document.

    ``used_ids`` holds the ids already taken in the doctree being written (shared by every
    placeholder of it), so that two tables or timelines on one page never repeat an HTML id or
    a LaTeX label.
    """

    builder: Builder
    docname: str
    domain: OnePlusMGDomain
    used_ids: set[str] = field(default_factory=set)

    def anchor(self, target_id: str) -> list[nodes.target]:
        """An anchor for a record, the first time it is shown on the page; nothing after that."""
        if target_id in self.used_ids:
            return []
        self.used_ids.add(target_id)
        return [nodes.target("", "", ids=[target_id])]

    def unique_id(self, base: str) -> str:
        """``base``, or ``base-2``, ``base-3``... if the page already uses it."""
        candidate, number = base, 1
        while candidate in self.used_ids:
            number += 1
            candidate = f"{base}-{number}"
        self.used_ids.add(candidate)
        return candidate

    @property
    def registry(self) -> Registry:
        """The registry of this build."""
        return self.domain.registry

    @property
    def is_html(self) -> bool:
        """Whether the output is HTML, where screen-only parts (filters, exports, short links) belong."""
        return self.builder.format == "html"

    def link(self, kind: str, record_id: str, child: nodes.Node) -> nodes.Node:
        """A link from this document to where a record is shown (see :meth:`OnePlusMGDomain.link`)."""
        return self.domain.link(self.builder, self.docname, kind, record_id, child)

    def wg_links(self, wg_ids: Sequence[str], *, names: bool = False) -> list[nodes.Node]:
        """Links to working groups, by id (compact) or by id and name."""
        items = []
        for wg_id in wg_ids:
            group = self.registry.working_groups.get(wg_id)
            label = group.label if names and group else wg_id
            items.append(self.link("wg", wg_id, nodes.Text(label)))
        return join_nodes(items)

    def link_label(self, kind: str, record_id: str, text: str) -> nodes.Node:
        """A link to the page the authors labelled ``<kind>-<id>`` (a domain's or a topic's), else the text."""
        child = nodes.Text(text)
        page = self.domain.page_label(kind, record_id)
        if page is None:
            return child
        return self.domain.refnode(self.builder, self.docname, page[0], page[1], child) or child

    def phase_link(self, phase_id: str | None) -> list[nodes.Node]:
        """A link to a phase under its name; nothing for no phase or an unknown one."""
        phase = self.registry.phases.get(phase_id or "")
        if not phase:
            return []
        return [self.link("phase", phase.id, nodes.Text(phase.name))]


# -- Directive and role bases ----------------------------------------------------------------------


class RegistryDirective(SphinxDirective):
    """A directive that reads registries: notes them as dependencies and checks its options.

    ``uses`` names the registries the output depends on (so the page is re-read when one of them
    changes, and only then); ``needs`` those without which the directive has nothing to show.
    """

    uses: ClassVar[tuple[str, ...]] = ()
    needs: ClassVar[tuple[str, ...]] = ()
    has_content = False

    @property
    def domain(self) -> OnePlusMGDomain:
        """The ``oneplusmg`` domain, where the directive records what its page shows."""
        return self.env.domains["oneplusmg"]  # type: ignore[return-value]

    @property
    def registry(self) -> Registry:
        """The registry of this build."""
        return self.domain.registry

    def warn(self, message: str, subtype: str = "option") -> None:
        """Report a problem in the directive's use at its page and line, as a typed warning users can suppress."""
        logger.warning(message, type="oneplusmg", subtype=subtype, location=self.get_location())

    def note_registry_use(self) -> bool:
        """Note dependencies; False (after a warning) when a needed registry file is missing."""
        for attr in self.uses:
            self.env.note_dependency(self.registry.path(attr))
        missing = [attr for attr in self.needs if attr not in self.registry.present]
        for attr in missing:
            self.warn(__("%s: the registry %s does not exist") % (self.name, self.registry.path(attr)), "file")
        return not missing

    def id_list(self, option: str, attr: str) -> list[str] | None:
        """A comma-separated option of registry ids; unknown ids are reported and kept.

        Keeping an unknown id means a typo in a filter shows no rows rather than all of them.
        """
        values = split_list(self.options.get(option))
        if values is None:
            return None
        known = getattr(self.registry, attr)
        for value in values:
            if value not in known:
                self.warn(
                    __("%s: unknown value %r for :%s: (known: %s)")
                    % (self.name, value, option, ", ".join(sorted(known)[:20]) or "none")
                )
        return values

    def choice_list(
        self, option: str, allowed: Sequence[str], default: Sequence[str], *, descending: bool = False
    ) -> list[str]:
        """A comma-separated option from a fixed vocabulary; bad values are reported and dropped.

        With ``descending``, a value may start with ``-`` (``:sort: -year``).
        """
        values = split_list(self.options.get(option))
        if values is None:
            return list(default)
        good = []
        for value in values:
            if (value[1:] if descending and value.startswith("-") else value) in allowed:
                good.append(value)
            else:
                self.warn(
                    __("%s: unknown value %r for :%s: (allowed: %s)") % (self.name, value, option, ", ".join(allowed))
                )
        return good or list(default)

    def section(self, section_id: str, title: str, *, name: str | None = None) -> nodes.section:
        """A titled section made while the page is read, so that its contents list it.

        Its id is stable (``section_id``); ``name`` (the id unless given) is what a reference by
        name finds.
        """
        section = nodes.section(ids=[nodes.make_id(section_id)], names=[nodes.fully_normalize_name(name or section_id)])
        section += nodes.title(title, title)
        self.set_source_info(section)
        self.state.document.note_implicit_target(section, section)
        return section

    def placeholder(self, node_class: type[Placeholder], **attributes: Any) -> Placeholder:
        """A placeholder holding what to show, located at the directive, to be rendered after all reads."""
        # The page it was written on: a LaTeX document merges many pages into one doctree.
        node = node_class("", docname=self.env.docname, **attributes)
        self.set_source_info(node)
        return node


def write_if_changed(path: Path, text: str) -> bool:
    """Write a generated file only when its text differs from what is there; True if written.

    The extension writes files at every build (guideline stubs, exports, citation files) from
    registries that seldom change: a file left as it is keeps its time stamp, so neither Sphinx
    nor a deployment sees a change that is not one, and reading is cheaper than writing.
    """
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (FileNotFoundError, UnicodeDecodeError):
        pass
    path.write_text(text, encoding="utf-8")
    return True


def split_list(value: str | None) -> list[str] | None:
    """``"WG1, WG5"`` -> ``["WG1", "WG5"]``; None when the option was not given."""
    if value is None:
        return None
    return [item.strip() for item in value.replace("\n", ",").split(",") if item.strip()]


def unknown_target(role: SphinxRole, target: str, message: str, *args: Any) -> list[nodes.Node]:
    """Warn at the role's page and line (``oneplusmg.reference``, so it can be suppressed) and
    show the target marked unknown, for any role that quotes or links a record."""
    logger.warning(message, *args, type="oneplusmg", subtype="reference", location=role.get_location())
    return [nodes.inline(role.rawtext, target, classes=["oneplusmg-unknown"])]


class RecordRole(SphinxRole):
    """``{wg}`WG2```, ``{phase}`id```...: a link to a record, with the record's name as text.

    The id is checked when the page is read, so a typo is reported at the page and line; the
    link itself is resolved by the domain once every page is known.
    """

    kind: ClassVar[str]
    registry_attr: ClassVar[str]

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """A pending reference for the domain to resolve, or the id marked unknown after a warning.

        It also notes the registry as a dependency of the page, and a guideline as mentioned by it.
        """
        domain: OnePlusMGDomain = self.env.domains["oneplusmg"]  # type: ignore[assignment]
        registry = domain.registry
        has_title, title, record_id = split_explicit_title(self.text)
        record_id = record_id.strip()
        if self.kind == "guideline":  # followed through a view: only this record's changes count
            domain.note_view(self.env.docname, "guidelines", ((record_id,),))
        else:
            self.env.note_dependency(registry.path(self.registry_attr))
        record = getattr(registry, self.registry_attr).get(record_id)
        if record is None:
            message = __("unknown %s id %r in {%s} role")
            return unknown_target(self, record_id, message, self.kind, record_id, self.kind), []
        text = title if has_title else self.record_text(record)
        xref = addnodes.pending_xref(
            self.rawtext,
            refdomain="oneplusmg",
            reftype=self.kind,
            reftarget=record_id,
            refexplicit=has_title,
            refdoc=self.env.docname,
        )
        xref += nodes.inline(text, text, classes=["xref", f"oneplusmg-{self.kind}"])
        self.set_source_info(xref)
        return [xref], []

    def record_text(self, record: Any) -> str:
        """The text a role shows when none is given: the record's name, else its title, else its id."""
        return getattr(record, "name", None) or getattr(record, "title", record.id)


def add_record_role(app: Sphinx, kind: str, registry_attr: str) -> None:
    """Register ``{kind}`` (and ``{oneplusmg:kind}``) as a role linking to a record."""
    role_class = type(f"{kind.title()}Role", (RecordRole,), {"kind": kind, "registry_attr": registry_attr})
    app.add_role(kind, role_class())
    app.add_role_to_domain("oneplusmg", kind, role_class())
