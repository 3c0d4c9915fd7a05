"""Sphinx configuration of the 1+MG Framework site.

This file sits at the repository root (the confdir); the sources are in ``docs/``. Every build
passes ``-c .``: ``sphinx-build -c . docs _build/html``.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "_ext"))

# -- Project ---------------------------------------------------------------------------------------

project = "1+MG Framework"
author = "1+MG Working Groups and the B1MG, GDI, Genome of Europe and B1MGplus projects"
copyright = "1+MG Framework contributors, CC BY 4.0"

# The edition printed on the cover and shown in the footer: a date, from SOURCE_DATE_EPOCH when
# the build must be reproducible (Read the Docs and CI set it), otherwise today.
_build_time = time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH", time.time())))
version = time.strftime("%Y.%m", _build_time)
release = os.environ.get("ONEPLUSMG_EDITION", time.strftime("%Y.%m.%d", _build_time))
today = time.strftime("%d %B %Y", _build_time).lstrip("0")

# Where the sources are published, for the "edit this page" links. Override per fork or host.
repository_url = os.environ.get(
    "ONEPLUSMG_REPOSITORY_URL", "https://github.com/GenomicDataInfrastructure/oneplusmg-framework"
).rstrip("/")
repository_branch = os.environ.get("ONEPLUSMG_REPOSITORY_BRANCH", "main")

# -- General ---------------------------------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "oneplusmg",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_data/**", "**/README.md", ".DS_Store"]
templates_path = ["_templates"]
language = "en"

# -- MyST ------------------------------------------------------------------------------------------

myst_enable_extensions = [
    "attrs_block",  # {#id .class} on blocks
    "attrs_inline",  # {.class} on inline text
    "colon_fence",  # ::: fences, so directives nest readably
    "deflist",  # definition lists (glossaries)
    "fieldlist",
    "smartquotes",
    "substitution",  # {{ edition }} and friends, defined below
    "tasklist",
]
myst_heading_anchors = 3
myst_substitutions = {"edition": release}

# -- Our extension ---------------------------------------------------------------------------------

oneplusmg_data_dir = "_data"

# -- Bibliography ----------------------------------------------------------------------------------

# Resolved relative to this file's folder (the confdir), not to docs/.
bibtex_bibfiles = ["docs/references.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "label"

# -- HTML ------------------------------------------------------------------------------------------

html_theme = "pydata_sphinx_theme"
html_title = "1+MG Framework"
html_static_path = ["_static"]
html_css_files = ["css/site.css"]
html_favicon = "_static/favicon.svg"
html_last_updated_fmt = "%d %B %Y"
html_copy_source = False
html_show_sourcelink = False

html_theme_options = {
    "logo": {
        "image_light": "_static/logo-light.svg",
        "image_dark": "_static/logo-dark.svg",
        "alt_text": "1+MG Framework - home",
    },
    "navbar_start": ["navbar-logo"],
    "navbar_center": ["navbar-nav"],
    "navbar_end": ["theme-switcher"],
    "navbar_persistent": ["search-button"],
    "header_links_before_dropdown": 6,
    # Keep the navigation small: the theme renders the whole tree on every page otherwise.
    "navigation_depth": 3,
    "collapse_navigation": True,
    "show_nav_level": 1,
    "show_toc_level": 2,
    "use_edit_page_button": True,
    "footer_start": ["footer-licence"],
    "footer_center": ["footer-funding"],
    "footer_end": ["last-updated"],
    "secondary_sidebar_items": ["page-toc", "edit-this-page"],
    "pygments_light_style": "default",
    "pygments_dark_style": "github-dark",
}

_owner_repo = repository_url.split("github.com/")[-1].split("/")
html_context = {
    "github_user": _owner_repo[0],
    "github_repo": _owner_repo[1] if len(_owner_repo) > 1 else "",
    "github_version": repository_branch,
    "doc_path": "docs",
    "default_mode": "auto",
}

# -- LaTeX / PDF -----------------------------------------------------------------------------------

latex_engine = "xelatex"
latex_use_xindy = False
latex_documents = [
    (root_doc, "oneplusmg-framework.tex", "1+MG Framework", author, "manual", False),
]
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "10pt",
    "fontpkg": r"""
% FreeSerif/FreeSans cover Latin, Greek and Cyrillic: every native country name prints.
\setmainfont{FreeSerif}
\setsansfont{FreeSans}
\setmonofont{FreeMono}
""",
    "preamble": r"\definecolor{oneplusmgblue}{HTML}{004494}",
    "sphinxsetup": "TitleColor={HTML}{004494}, InnerLinkColor={HTML}{004494}, OuterLinkColor={HTML}{004494}",
}
