"""The guidelines as a bibliography for sphinxcontrib-bibtex: a page cites a guideline by its id.

``{cite:p}`gdi-data-management-policy``` puts the guideline in the site's bibliography with the
title, year, DOI and publisher of its registry record: the same reference as on its own page and
in the exports. A hand-kept ``.bib`` file repeated those facts and drifted from them (other
author names, titles the bibliography style lower-cased).

The file is made by the build, like the doctrees, in the doctree folder, and handed to
sphinxcontrib-bibtex beside the files of ``bibtex_bibfiles``, which stays as the project set it:
a path to the build folder there would make the configuration, and so the output's
``.buildinfo``, depend on where the site is built. It is written only when its text changes, so
that an unchanged registry leaves the pages that show the bibliography alone; when an entry
changes, the pages that cite it are written again, since their citations carry the entry's text.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .citations import bibtex_entry
from .domain import get_domain
from .shared import write_if_changed

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from .registry import Registry

BIBTEX_EXTENSION = "sphinxcontrib.bibtex"
BIBTEX_FILE = Path("oneplusmg") / "guidelines.bib"  # in the doctree folder
HEADER = "% The guidelines of the registry, written by the oneplusmg extension at each build.\n\n"


def cites_guidelines(app: Sphinx) -> bool:
    """Whether this build hands the guidelines to sphinxcontrib-bibtex."""
    return bool(app.config.oneplusmg_cite_guidelines) and BIBTEX_EXTENSION in app.extensions


def bibtex_path(app: Sphinx) -> Path:
    """Where the guidelines' BibTeX is written for sphinxcontrib-bibtex."""
    return Path(app.doctreedir) / BIBTEX_FILE


def bibtex_entries(registry: Registry) -> dict[str, str]:
    """Every guideline's BibTeX entry, by id."""
    return {guideline.id: bibtex_entry(guideline, registry) for guideline in registry.guidelines.values()}


def require_bibliography_setting(app: Sphinx, config: Config) -> None:
    """sphinxcontrib-bibtex stops without ``bibtex_bibfiles``: a project that cites only
    guidelines needs no .bib file, so an unset setting becomes an empty list."""
    if cites_guidelines(app) and config.bibtex_bibfiles is None:
        config.bibtex_bibfiles = []


def write_bibliography(app: Sphinx) -> bool:
    """Write the guidelines' BibTeX from the registry; True when its text changed."""
    if not cites_guidelines(app):
        return False
    path = bibtex_path(app)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = HEADER + "\n".join(bibtex_entries(get_domain(app.env).refresh_registry()).values())
    return write_if_changed(path, text)


def hand_to_bibtex(app: Sphinx) -> None:
    """Have sphinxcontrib-bibtex read the guidelines' file with its own files (as it reads them
    when the builder starts: again only if one of them changed)."""
    from sphinxcontrib.bibtex.bibfile import process_bibdata

    domain = app.env.get_domain("cite")
    files = [(Path(app.confdir) / name).resolve() for name in app.config.bibtex_bibfiles]
    files.append(bibtex_path(app).resolve())
    domain.data["bibdata"] = process_bibdata(domain.data["bibdata"], files, app.config.bibtex_encoding)


def write_bibliography_at_start(app: Sphinx) -> None:
    """When the builder starts, after sphinxcontrib-bibtex has read its own files (priority 600)."""
    if cites_guidelines(app):
        write_bibliography(app)
        hand_to_bibtex(app)


def refresh_bibliography(app: Sphinx) -> None:
    """A saved registry in the live preview: the file written again and, if it changed, read
    again by sphinxcontrib-bibtex, as when the builder starts."""
    if write_bibliography(app):
        hand_to_bibtex(app)


def pages_citing_changed_entries(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After reading: the pages whose citations show an entry that changed since the last build."""
    if not cites_guidelines(app):
        return []
    domain = get_domain(env)
    entries = bibtex_entries(domain.registry)
    previous: dict[str, str] | None = domain.data.get("bibtex_entries")
    domain.data["bibtex_entries"] = entries
    if previous is None:  # a first build writes every page
        return []
    changed = {key for key in entries.keys() | previous.keys() if entries.get(key) != previous.get(key)}
    if not changed:
        return []
    citation_refs: list[Any] = env.get_domain("cite").data.get("citation_refs", [])
    citing = {ref.docname for ref in citation_refs if changed.intersection(target.key for target in ref.targets)}
    return sorted(citing & env.found_docs)


def setup_bibliography(app: Sphinx) -> None:
    """Register the setting and the handlers that hand the guidelines to sphinxcontrib-bibtex."""
    # False: the project keeps its own .bib files and this extension leaves bibtex_bibfiles alone.
    app.add_config_value("oneplusmg_cite_guidelines", True, "env", types=(bool,))
    app.connect("config-inited", require_bibliography_setting)
    app.connect("builder-inited", write_bibliography_at_start, priority=600)
    app.connect("env-updated", pages_citing_changed_entries)
