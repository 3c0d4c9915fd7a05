"""The ``oneplusmg`` domain: the registry of this build and what each document showed of it.

Per-document state (which page is the catalogue, which guidelines a page mentions, where the
timeline and the tables are) is kept by docname, so ``clear_doc`` and ``merge_domaindata`` make
parallel and incremental reads give the same result as a full serial one. Where a role or a table
links to is decided only after every document has been read (:meth:`resolve_targets`).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, ClassVar, cast
from collections.abc import Iterable

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.errors import NoUri
from sphinx.util import logging

from .i18n import _, __
from .registry import KIND_OF_ROLE, Registry, load_registry, registry_signature

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

# Per-document collections: name -> {docname: value}. Each is cleared and merged the same way.
PER_DOC_KEYS = ("catalogues", "mentions", "timelines", "wg_cards", "project_tables", "country_tables")


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
    data_version = 2
    object_types = {"guideline": ObjType(_("guideline"), "guideline")}

    # -- The registry ----------------------------------------------------------------------------

    @property
    def registry(self) -> Registry:
        registry = self.data["registry"]
        if registry is None:  # a doctree resolved without a read phase (e.g. in a test)
            registry = self.refresh_registry()
        return registry

    def data_dir(self) -> str:
        return os.path.join(self.env.srcdir, self.env.config.oneplusmg_data_dir)

    def refresh_registry(self) -> Registry:
        """Parse the registry files again only if one of them changed since the last build."""
        data_dir = self.data_dir()
        cached: Registry | None = self.data["registry"]
        if cached is None or cached.data_dir != os.path.abspath(data_dir) or (
            cached.signature != registry_signature(data_dir)
        ):
            cached = load_registry(data_dir)
            self.data["registry"] = cached
        return cached

    def report_problems(self) -> None:
        """Log every registry problem, at every build: a cached registry must not hide them."""
        for problem in self.registry.problems:
            logger.warning(
                problem.message, type="oneplusmg", subtype=problem.subtype,
                location=problem.location,
            )

    # -- Per-document state ----------------------------------------------------------------------

    def note(self, key: str, docname: str, value: Any) -> None:
        self.data[key][docname] = value

    def note_mentions(self, docname: str, guideline_ids: Iterable[str]) -> None:
        """Record the guidelines a page shows, in order of first appearance."""
        mentions = self.data["mentions"]
        mentions[docname] = list(dict.fromkeys((*mentions.get(docname, ()), *guideline_ids)))

    def clear_doc(self, docname: str) -> None:
        for key in PER_DOC_KEYS:
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
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
                self.env.doc2path(catalogues[0][0]), type="oneplusmg", subtype="catalogue",
                location=(docname, line),
            )
        targets: dict[tuple[str, str], tuple[str, str]] = {}
        for key, kind in (("timelines", "phase"), ("wg_cards", "wg"),
                          ("project_tables", "project"), ("country_tables", "country")):
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
        cited_by: dict[str, list[str]] = {}
        for docname, ids in sorted(self.data["mentions"].items()):
            if docname == self.data["catalogue"]:
                continue
            for guideline_id in ids:
                cited_by.setdefault(guideline_id, []).append(docname)
        self.data["cited_by"] = cited_by
        return {key for key in previous.keys() | targets.keys() if previous.get(key) != targets.get(key)}

    @property
    def catalogue(self) -> str | None:
        return self.data["catalogue"]

    def page_label(self, kind: str, record_id: str) -> tuple[str, str] | None:
        """A page the authors made for a record, marked with the label ``<kind>-<id>``."""
        labels = self.env.domains.standard_domain.labels
        found = labels.get(f"{kind}-{record_id.lower()}")
        return (found[0], found[1]) if found else None

    def target(self, kind: str, record_id: str) -> tuple[str, str] | None:
        """(docname, anchor) where a record is best read, or None when no page shows it."""
        if kind == "guideline":
            return (self.catalogue, f"guideline-{record_id}") if self.catalogue else None
        return self.data["targets"].get((kind, record_id))

    def page_uri(self, builder: Builder, fromdocname: str, docname: str) -> str | None:
        """The URI of a page as seen from another, or None when the output does not hold it."""
        try:
            return builder.get_relative_uri(fromdocname, docname)
        except NoUri:  # a printed document that does not include the target page
            return None

    def refnode(self, builder: Builder, fromdocname: str, docname: str, anchor: str,
                child: nodes.Node) -> nodes.reference | None:
        """What ``make_refnode`` makes; None if the page is not in the output."""
        if docname == fromdocname and anchor:
            return nodes.reference("", "", child, internal=True, refid=anchor)
        uri = self.page_uri(builder, fromdocname, docname)
        if uri is None:
            return None
        return nodes.reference("", "", child, internal=True, refuri=f"{uri}#{anchor}" if anchor else uri)

    def link(self, builder: Builder, fromdocname: str, kind: str, record_id: str,
             child: nodes.Node) -> nodes.Node:
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
        child = nodes.inline(text, text)
        return self.refnode(builder, fromdocname, docname, "", child) or child

    def external_url(self, kind: str, record_id: str) -> str | None:
        registry = self.registry
        if kind == "guideline" and record_id in registry.guidelines:
            return registry.guidelines[record_id].link
        if kind == "project" and record_id in registry.projects:
            return registry.projects[record_id].website
        return None

    # -- Cross-references from our roles ---------------------------------------------------------

    def resolve_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder, typ: str,
                     target: str, node: pending_xref, contnode: nodes.Element) -> nodes.Node | None:
        # The role checked the id when the page was read; an id that has since left the registry
        # is reported here, at the page and line of the role.
        if target not in self.records_of(typ):
            logger.warning(__("unknown %s id %r"), typ, target, type="oneplusmg",
                           subtype="reference", location=node)
            return contnode
        return self.link(builder, fromdocname, typ, target, contnode)

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        """Every guideline under its title, at its catalogue entry: what Sphinx's search finds.

        The title is both name and display name: the search page rebuilds anchors from the
        display name, so the two must agree.
        """
        if not self.catalogue:
            return
        for guideline in self.registry.guidelines.values():
            yield (guideline.title, guideline.title, "guideline", self.catalogue,
                   f"guideline-{guideline.id}", 1)

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                         target: str, node: pending_xref, contnode: nodes.Element) -> list:
        return []

    def records_of(self, kind: str) -> dict[str, Any]:
        """The records a role kind (``wg``, ``phase``...) links to."""
        return self.registry.records(KIND_OF_ROLE[kind].attr)


def get_domain(env: BuildEnvironment) -> OnePlusMGDomain:
    """The build's ``oneplusmg`` domain, typed."""
    return cast(OnePlusMGDomain, env.domains["oneplusmg"])


def refresh_registry(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Before reading: load the registry if it changed, and report its problems."""
    domain = get_domain(env)
    domain.refresh_registry()
    domain.report_problems()


def resolve_targets(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After reading (and merging parallel reads): decide where every link points.

    When a target moved (its page or table was removed, or a new one took over), the pages that
    were not re-read still hold links to the old place: they are written again, so that an
    incremental build gives the same pages as a fresh one.
    """
    moved = get_domain(env).resolve_targets()
    if not moved:
        return []
    registry = get_domain(env).registry
    linked_files = {os.path.normpath(registry.path(kind.attr)) for kind in KIND_OF_ROLE.values()}
    return sorted(docname for docname, deps in env.dependencies.items()
                  if docname in env.found_docs and linked_files.intersection(os.path.normpath(d) for d in deps))


def outdated_aggregates(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                        removed: set[str]) -> list[str]:
    """The catalogue lists the pages that cite each guideline: re-read it when any page changes."""
    domain = get_domain(env)
    if not (added or changed or removed):
        return []
    return [docname for docname in domain.data["catalogues"] if docname not in changed]


def setup_domain(app: Sphinx) -> None:
    app.add_domain(OnePlusMGDomain)
    app.connect("env-before-read-docs", refresh_registry)
    app.connect("env-updated", resolve_targets)
    app.connect("env-get-outdated", outdated_aggregates)
