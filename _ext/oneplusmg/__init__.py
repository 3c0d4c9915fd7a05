"""oneplusmg: the 1+MG Framework's facts in YAML registries, rendered by Sphinx directives.

registry (load + validate) -> directives (placeholders, per component) -> transforms (docutils
nodes, once every page is read) -> builders (HTML CSS, LaTeX style, text as it is).

Settings (``conf.py``):

- ``oneplusmg_data_dir`` (``"_data"``): the registries' folder, relative to the source folder.
- ``oneplusmg_today`` (None: the build date, or ``SOURCE_DATE_EPOCH``): the date phases and
  milestones are marked against, ``YYYY-MM-DD``.
- ``oneplusmg_pdf_downloads`` (``[]``): (label, path) of PDFs published beside the HTML, linked
  from the catalogue.
- ``oneplusmg_web_only`` (``[]``): docname patterns of pages the website shows and the printed
  documents leave out (and link to on the site instead).
- ``oneplusmg_cite_guidelines`` (``True``): with sphinxcontrib-bibtex, every guideline can be
  cited by its id (``{cite:p}`duo```), its entry made from the registry.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util.fileutil import copy_asset, copy_asset_file

from .bibliography import setup_bibliography
from .countries import setup_countries
from .domain import setup_domain
from .exports import setup_exports
from .glossary import setup_glossary
from .guidelinepages import setup_guideline_pages
from .guidelines import setup_guidelines
from .i18n import LOCALE_DIR, MESSAGE_CATALOG
from .incremental import setup_incremental
from .levels import setup_levels
from .maturity import setup_maturity
from .printing import setup_printing
from .projects import setup_projects
from .report import setup_report
from .timeline import setup_timeline
from .transforms import setup_transforms
from .workinggroups import setup_workinggroups

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "1.0.0"
PACKAGE_DIR = Path(__file__).parent
STATIC_DIR = PACKAGE_DIR / "static"
LATEX_STYLE = PACKAGE_DIR / "latex" / "oneplusmg.sty"


def add_builder_assets(app: Sphinx) -> None:
    """CSS and JS for HTML builders only; the LaTeX style for the LaTeX builder only.

    The files are copied into the output now, before any page is written, because each page
    links them with a checksum of the copy in the output (``?v=...``): copied at the end of the
    build, the first build had none and every later one the checksum of the previous version,
    so readers kept a stale stylesheet. They are not added to ``html_static_path``: changing the
    configuration during a build would make the next build start from scratch.
    """
    if app.builder.format == "html":
        copy_asset(STATIC_DIR, Path(app.outdir) / "_static", force=True)
        forget_asset_checksums()
        app.add_css_file("oneplusmg.css")
        # Filter, facets, sorting and count for guideline tables; the tables work without it.
        app.add_js_file("oneplusmg-tables.js", loading_method="defer")
    elif app.builder.name == "latex":
        copy_asset_file(LATEX_STYLE, app.outdir, force=True)
        app.add_latex_package("oneplusmg")


def forget_asset_checksums() -> None:
    """Sphinx remembers each asset's checksum for the life of the process (``functools.cache``
    on the file's path): a second build in the same process (a test, a live preview that keeps
    its interpreter) would link an edited stylesheet with the old checksum."""
    try:
        from sphinx.builders.html._assets import _file_checksum_inner
    except ImportError:  # another Sphinx version: nothing cached there, or cached elsewhere
        return
    _file_checksum_inner.cache_clear()


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension: its settings, messages, domain and every component, in order.

    Each component registers its own directives, roles and nodes (``setup_x(app)``); the
    transforms and exports come last because they work on what the components collected.
    """
    app.add_config_value("oneplusmg_data_dir", "_data", "env", types=(str,))
    app.add_message_catalog(MESSAGE_CATALOG, str(LOCALE_DIR))
    setup_domain(app)
    setup_incremental(app)
    setup_workinggroups(app)
    setup_timeline(app)
    setup_guidelines(app)
    setup_levels(app)
    setup_guideline_pages(app)
    setup_report(app)
    setup_projects(app)
    setup_countries(app)
    setup_maturity(app)
    setup_glossary(app)
    setup_transforms(app)
    setup_printing(app)
    setup_exports(app)
    setup_bibliography(app)
    app.connect("builder-inited", add_builder_assets)
    return {
        "version": __version__,
        "env_version": 8,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
