"""The ``oneplusmg`` domain: the registry of this build and what each document showed of it.

Per-document state (which page is the catalogue, which guidelines a page mentions, where the
timeline and the tables are) is kept by docname, so ``clear_doc`` and ``merge_domaindata`` make
parallel and incremental reads give the same result as a full serial one. Where a role or a table
links to is decided only after every document has been read (:meth:`resolve_targets`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.errors import NoUri
from sphinx.util import logging

from .i18n import _, __
from .registry import KIND_OF_ROLE, Registry, load_registry, registry_signature
from .selection import view_digest

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

# Per-document collections: name -> {docname: value}. Each is cleared and merged the same way.
PER_DOC_KEYS = (
    "catalogues",
    "page_toctrees",
    "mentions",
    "views",
    "timelines",
    "wg_cards",
    "project_tables",
    "country_tables",
)


class OnePlusMGDomain(Domain):
    """Holds the registry for the build and the per-document facts our directives collected."""

    name = "oneplusmg"
    label = "1+MG Framework"
    initial_data: ClassVar[dict[str, Any]] = {key: {} for key in PER_DOC_KEYS} | {
        "registry": None,
        "targets": {},
        "cited_by": {},
        "catalogue": None,
    }
    data_version = 4
    object_types = {"guideline": ObjType(_("guideline"), "guideline")}

    #: Whether this build writes HTML; set when the builder starts (see incremental.py).
    html_output = False

    # -- The registry ----------------------------------------------------------------------------

    @property
    def registry(self) -> Registry:
        """The registry of this build, loaded on first use if no read phase loaded it."""
        registry = self.data["registry"]
        if registry is None:  # a doctree resolved without a read phase (e.g. in a test)
            registry = self.refresh_registry()
        return registry

    def data_dir(self) -> str:
        """The registries' folder, as set by ``oneplusmg_data_dir`` (relative to the sources)."""
        return os.path.join(self.env.srcdir, self.env.config.oneplusmg_data_dir)

    def refresh_registry(self) -> Registry:
        """Parse the registry files again only if one of them changed since the last build."""
        data_dir = self.data_dir()
        cached: Registry | None = self.data["registry"]
        if (
            cached is None
            or cached.data_dir != os.path.abspath(data_dir)
            or (cached.signature != registry_signature(data_dir))
        ):
            cached = load_registry(data_dir)
            self.data["registry"] = cached
        return cached

    def report_problems(self) -> None:
        """Log every registry problem, at every build: a cached registry must not hide them."""
        for problem in self.registry.problems:
            logger.warning(
                problem.message,
                type="oneplusmg",
                subtype=problem.subtype,
                location=problem.location,
            )

    # -- Per-document state ----------------------------------------------------------------------

    def note(self, key: str, docname: str, value: Any) -> None:
        """Record what a page showed under one of the per-document keys, replacing any earlier value."""
        self.data[key][docname] = value

    def note_view(self, docname: str, view: str, args: tuple[Any, ...]) -> None:
        """Record that a page shows a view of the guidelines (:mod:`.selection`), with its digest.

        The page is read again when the digest changes, and only then: this replaces a dependency
        on the whole of ``guidelines.yaml``.
        """
        digest = view_digest(self.registry, view, args)
        self.data["views"].setdefault(docname, []).append((view, args, digest))

    def changed_views(self, docnames: Iterable[str]) -> list[str]:
        """The documents among ``docnames`` whose views of the guidelines give another digest now."""
        views = self.data["views"]
        return [
            docname
            for docname in docnames
            if any(view_digest(self.registry, view, args) != digest for view, args, digest in views[docname])
        ]

    def clear_doc(self, docname: str) -> None:
        """Forget what a page showed, before it is read again or after it is removed.

        Without this an incremental build would keep targets on pages that no longer show them.
        """
        for key in PER_DOC_KEYS:
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        """Take over what a parallel reader collected for its documents.

        Only the per-document keys are merged: the targets are decided afterwards, from the merged
        data, so a parallel build links exactly as a serial one.
        """
        for key in PER_DOC_KEYS:
            for docname in docnames:
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]

    # -- Targets, decided once all documents are read -------------------------------------------

    def resolve_targets(self) -> set[tuple[str, str]]:
        """Choose the catalogue and where each record is shown; return the targets that moved.

        Ties are broken by docname, so the choice never depends on the order documents were read.
        """
        previous = dict(self.data["targets"])
        catalogues = sorted(self.data["catalogues"].items())
        self.data["catalogue"] = catalogues[0][0] if catalogues else None
        for docname, line in catalogues[1:]:
            logger.warning(
                __("a second guideline catalogue; the catalogue is %s, this table is shown as an ordinary one"),
                self.env.doc2path(catalogues[0][0]),
                type="oneplusmg",
                subtype="catalogue",
                location=(docname, line),
            )
        targets: dict[tuple[str, str], tuple[str, str]] = {}
        for key, kind in (
            ("timelines", "phase"),
            ("wg_cards", "wg"),
            ("project_tables", "project"),
            ("country_tables", "country"),
        ):
            # The page showing the most records wins (the full timeline over a partial one); on a
            # tie, a dedicated page over the home page, which printed handbooks leave out.
            root = self.env.config.root_doc
            ranked = sorted(self.data[key].items(), key=lambda item: (-len(item[1]), item[0] == root, item[0]))
            for docname, ids in ranked:
                for record_id in ids:
                    targets.setdefault((kind, record_id), (docname, f"{kind}-{record_id.lower()}"))
        for kind in ("wg", "country"):  # a page of the record's own wins over a card or a row
            for record_id in self.records_of(kind):
                page = self.page_label(kind, record_id)
                if page:
                    targets[(kind, record_id)] = page
        if self.data["catalogue"]:
            targets[("catalogue", "")] = (self.data["catalogue"], "")
        self.data["targets"] = targets
        cited_by: dict[str, list[tuple[str, str, str]]] = {}
        for docname, places in sorted(self.data["mentions"].items()):
            for guideline_id, section_id, section_title in places:
                place = (docname, section_id, section_title)
                if place not in cited_by.setdefault(guideline_id, []):
                    cited_by[guideline_id].append(place)
        self.data["cited_by"] = cited_by
        return {key for key in previous.keys() | targets.keys() if previous.get(key) != targets.get(key)}

    @property
    def catalogue(self) -> str | None:
        """The docname of the guideline catalogue, or None if no page has one."""
        return self.data["catalogue"]

    def page_label(self, kind: str, record_id: str) -> tuple[str, str] | None:
        """A page the authors made for a record, marked with the label ``<kind>-<id>``."""
        found = self.labelled_section(kind, record_id)
        return (found[0], found[1]) if found else None

    def labelled_section(self, kind: str, record_id: str) -> tuple[str, str, str] | None:
        """(docname, section id, title) of the section labelled ``<kind>-<id>``, if a page has one."""
        return self.env.domains.standard_domain.labels.get(f"{kind}-{record_id.lower()}")

    def check_page_titles(self) -> None:
        """Warn where a record's own page is titled otherwise than its record names it.

        A page's title is typed in its Markdown, so it cannot come from the registry; without this
        check, renaming a working group or a country in its registry would leave its page under
        the old name while every card, table and link shows the new one.
        """
        for kind, what in (("wg", __("working group")), ("country", __("country"))):
            for record_id, record in self.records_of(kind).items():
                found = self.labelled_section(kind, record_id)
                expected = record.label if kind == "wg" else record.name
                if found is None or found[2] == expected:
                    continue
                docname, label_id, title = found
                logger.warning(
                    __("the page of the %s %r is titled %r, but its registry names it %r"),
                    what,
                    record_id,
                    title,
                    expected,
                    type="oneplusmg",
                    subtype="title",
                    location=(docname, self.title_line(docname, label_id)),
                )

    def title_line(self, docname: str, section_id: str) -> int | None:
        """The line of a section's title, for a warning: read from the page's doctree."""
        section = self.env.get_doctree(docname).ids.get(section_id)
        title = next(iter(section.findall(nodes.title)), None) if section is not None else None
        return title.line if title is not None else None

    def guideline_page(self, guideline_id: str) -> str | None:
        """The docname of a guideline's own page, when the site has one."""
        folder = self.env.config.oneplusmg_guideline_pages
        docname = f"{folder.strip('/')}/{guideline_id}" if folder else None
        return docname if docname in self.env.found_docs else None

    def target(self, kind: str, record_id: str) -> tuple[str, str] | None:
        """(docname, anchor) where a record is best read, or None when no page shows it."""
        if kind == "guideline":
            page = self.guideline_page(record_id)
            if page:
                return (page, "")
            return (self.catalogue, f"guideline-{record_id}") if self.catalogue else None
        return self.data["targets"].get((kind, record_id))

    def page_uri(self, builder: Builder, fromdocname: str, docname: str) -> str | None:
        """The URI of a page as seen from another, or None when the output does not hold it."""
        try:
            return builder.get_relative_uri(fromdocname, docname)
        except NoUri:  # a printed document that does not include the target page
            return None

    def refnode(
        self, builder: Builder, fromdocname: str, docname: str, anchor: str, child: nodes.Node
    ) -> nodes.reference | None:
        """What ``make_refnode`` makes; None if the page is not in the output."""
        if docname == fromdocname and anchor:
            return nodes.reference("", "", child, internal=True, refid=anchor)
        uri = self.page_uri(builder, fromdocname, docname)
        if uri is None:
            return None
        return nodes.reference("", "", child, internal=True, refuri=f"{uri}#{anchor}" if anchor else uri)

    def link(self, builder: Builder, fromdocname: str, kind: str, record_id: str, child: nodes.Node) -> nodes.Node:
        """A reference to where a record is shown, or to its URL, or the child alone."""
        target = self.target(kind, record_id)
        if target:
            reference = self.refnode(builder, fromdocname, target[0], target[1], child)
            if reference is not None:
                return reference
        url = self.external_url(kind, record_id)
        if url:
            return nodes.reference("", "", child, internal=False, refuri=url)
        return child

    def link_to_doc(self, builder: Builder, fromdocname: str, docname: str, text: str) -> nodes.Node:
        """A link to a whole page under the given text, or the text alone if the output lacks the page."""
        child = nodes.inline(text, text)
        return self.refnode(builder, fromdocname, docname, "", child) or child

    def external_url(self, kind: str, record_id: str) -> str | None:
        """A record's own web address (a guideline's document, a project's website), if it has one.

        It is the fallback link for a record that no page of the output shows.
        """
        registry = self.registry
        if kind == "guideline" and record_id in registry.guidelines:
            return registry.guidelines[record_id].link
        if kind == "project" and record_id in registry.projects:
            return registry.projects[record_id].website
        return None

    # -- Cross-references from our roles ---------------------------------------------------------

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.Node | None:
        """Resolve one of our roles (``{wg}``, ``{phase}``...) to where its record is shown."""
        # The role checked the id when the page was read; an id that has since left the registry
        # is reported here, at the page and line of the role.
        if target not in self.records_of(typ):
            logger.warning(__("unknown %s id %r"), typ, target, type="oneplusmg", subtype="reference", location=node)
            return contnode
        return self.link(builder, fromdocname, typ, target, contnode)

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        """Every guideline under its title, at its catalogue entry: what Sphinx's search finds.

        The title is both name and display name: the search page rebuilds anchors from the
        display name, so the two must agree.
        """
        for guideline in self.registry.guidelines.values():
            target = self.target("guideline", guideline.id)
            if target:
                yield (guideline.title, guideline.title, "guideline", target[0], target[1], 1)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list:
        """Nothing: the ``any`` role does not find our records; only our own roles link to them."""
        return []

    def records_of(self, kind: str) -> dict[str, Any]:
        """The records a role kind (``wg``, ``phase``...) links to."""
        return self.registry.records(KIND_OF_ROLE[kind].attr)


def get_domain(env: BuildEnvironment) -> OnePlusMGDomain:
    """The build's ``oneplusmg`` domain, typed."""
    return cast(OnePlusMGDomain, env.domains["oneplusmg"])


def setup_domain(app: Sphinx) -> None:
    """Register the domain, and check the titles of records' own pages once every page is read."""
    app.add_domain(OnePlusMGDomain)
    app.connect("env-check-consistency", lambda app, env: get_domain(env).check_page_titles())
