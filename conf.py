"""Sphinx configuration of the 1+MG Framework site.

This file sits at the repository root (the confdir); the sources are in ``docs/``. Every build
passes ``-c .``: ``sphinx-build -c . docs _build/html``.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from sphinx.errors import ConfigError

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
    "sphinx_sitemap",
    "sphinx_last_updated_by_git",  # "last updated" dates (see Dates below)
    "sphinxext.opengraph",  # sharing meta: description, OpenGraph, Twitter card
    "notfound.extension",  # 404.html, from docs/404.md, with links that work at any depth
    "oneplusmg",
    "oneplusmg_site",  # the website's own additions (_ext/oneplusmg_site.py)
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_data/**", "**/README.md", ".DS_Store"]
# _templates/components overrides the theme's components/ (as the theme adds its own to this list):
# the theme includes its search field as "../components/search-field.html", a name that only a
# template folder beside a "components" folder resolves.
templates_path = ["_templates", "_templates/components"]
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
# A page per guideline, docs/guidelines/<id>.md, generated from the registry at each build (the
# folder ignores itself in git); the authoring guide's examples are not places that cite them.
oneplusmg_guideline_pages = "guidelines"
oneplusmg_citations_exclude = ["contribute/*"]
# The handbook is for policy readers: the Contribute section (authoring, git, style) is on the
# web only; links to it from printed pages go to the site.
oneplusmg_web_only = ["contribute/*"]
# Read the Docs publishes both PDFs inside the HTML output (.readthedocs.yaml); link them there.
oneplusmg_pdf_downloads = (
    [("Handbook (PDF)", "pdf/oneplusmg-framework.pdf"), ("Guidelines catalogue (PDF)", "pdf/oneplusmg-guidelines.pdf")]
    if os.environ.get("READTHEDOCS")
    else []
)

# The handbook names the printed catalogue (published beside the site, .readthedocs.yaml) in
# place of the catalogue's table, which fills its own PDF.
oneplusmg_catalogue_pdf_url = "https://framework.onemilliongenomes.eu/pdf/oneplusmg-guidelines.pdf"

# -- Bibliography ----------------------------------------------------------------------------------

# Pages cite guidelines by id ({cite:p}`duo`); the oneplusmg extension writes their entries from
# guidelines.yaml at each build and hands them to sphinxcontrib-bibtex (oneplusmg_cite_guidelines),
# so a title, year or DOI is typed once, in the registry. A .bib file of other references would be
# listed here, relative to this file's folder.
bibtex_bibfiles: list[str] = []
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
    # The mark as an image, the name as text beside it: a name drawn as SVG text ran its two
    # words together wherever the font it named was missing. The image is decorative (empty
    # alternative): the link is named by the text.
    "logo": {
        "image_light": "_static/logo-mark-light.svg",
        "image_dark": "_static/logo-mark-dark.svg",
        "text": "1+MG Framework",
        "alt_text": "",
    },
    "navbar_start": ["navbar-logo"],
    "navbar_center": ["navbar-nav"],
    "navbar_end": ["theme-switcher"],
    "navbar_persistent": ["search-button"],
    "header_links_before_dropdown": 5,
    "navbar_align": "left",
    # Keep the navigation small: the theme renders the whole tree on every page otherwise.
    "navigation_depth": 3,
    "collapse_navigation": True,
    "show_nav_level": 1,
    "show_toc_level": 2,
    "use_edit_page_button": True,
    "footer_start": ["footer-licence"],
    "footer_center": ["footer-funding"],
    "footer_end": ["last-updated"],
    # Rendered even when empty at first: the date is filled in late for pages git has no date for.
    # (Skipping the emptiness check of the header's and footer's other templates saved 1 % of a
    # clean build in make bench: not kept.)
    "templates_skip_empty_check": ["sidebar-nav-bs.html", "navbar-nav.html", "last-updated.html"],
    # The catalogue gets the full width for its table; its page contents are one heading.
    "secondary_sidebar_items": {"**": ["page-toc", "edit-this-page"], "catalogue": []},
    # Code colours that pass WCAG AA contrast on the theme's code background, light and dark.
    "pygments_light_style": "a11y-high-contrast-light",
    "pygments_dark_style": "a11y-high-contrast-dark",
}

_owner_repo = repository_url.split("github.com/")[-1].split("/")
html_context = {
    "github_user": _owner_repo[0],
    "github_repo": _owner_repo[1] if len(_owner_repo) > 1 else "",
    "github_version": repository_branch,
    "doc_path": "docs",
    "default_mode": "auto",
}

# The published address: canonical links, og:url, sitemap.xml, and the links of the 404 page.
html_baseurl = "https://framework.onemilliongenomes.eu/"
sitemap_url_scheme = "{link}"
sitemap_excludes = ["404.html", "search.html", "genindex.html"]
sitemap_show_lastmod = True

# Sharing (sphinxext-opengraph): each page's description is its first text, up to 200 characters.
ogp_site_url = html_baseurl
ogp_site_name = project
ogp_image = "_static/logo-mark-light.svg"
ogp_social_cards = {"enable": False}  # no generated cards (they would need matplotlib)
ogp_custom_meta_tags = ['<meta name="twitter:card" content="summary" />']

# The 404 page (sphinx-notfound-page): docs/404.md, its links starting from the site's path.
notfound_urls_prefix = urlsplit(html_baseurl).path or "/"

# Dates (sphinx-last-updated-by-git): each page's "last updated" date is the last commit of its
# source or of a registry it shows, in UTC. A page git has no date for (outside a git checkout,
# a page not committed yet, a clone too shallow: Read the Docs fetches 50 commits) shows the build
# date (oneplusmg_site); the extension's warnings about it are expected there, so they are off.
html_last_updated_use_utc = True
git_last_updated_timezone = "UTC"
git_untracked_check_dependencies = False  # a page not yet committed is as of this build
git_untracked_show_sourcelink = True  # keeps its "edit this page" link
suppress_warnings = ["git.too_shallow", "git.subprocess_error", "git.command_not_found"]

# No analytics unless the hosting environment configures one, and then only Plausible, which sets
# no cookie: ONEPLUSMG_PLAUSIBLE_DOMAIN (the site's domain) and ONEPLUSMG_PLAUSIBLE_URL (its script),
# served by the site's own host (a path, or an address on html_baseurl's host: Plausible can be
# proxied there), as every other file is. The tag "analytics" makes the privacy page say so.
if os.environ.get("ONEPLUSMG_PLAUSIBLE_DOMAIN") and os.environ.get("ONEPLUSMG_PLAUSIBLE_URL"):
    _analytics_host = urlsplit(os.environ["ONEPLUSMG_PLAUSIBLE_URL"]).netloc
    if _analytics_host not in ("", urlsplit(html_baseurl).netloc):
        raise ConfigError(
            f"ONEPLUSMG_PLAUSIBLE_URL is on {_analytics_host}: serve the script from the site's own host "
            f"({urlsplit(html_baseurl).netloc}, or a path such as /js/script.js), which loads nothing from others"
        )
    html_theme_options["analytics"] = {
        "plausible_analytics_domain": os.environ["ONEPLUSMG_PLAUSIBLE_DOMAIN"],
        "plausible_analytics_url": os.environ["ONEPLUSMG_PLAUSIBLE_URL"],
    }
    tags.add("analytics")  # noqa: F821 (Sphinx gives conf.py its tags)

# -- LaTeX / PDF -----------------------------------------------------------------------------------

# Two printed documents from the one source tree. The handbook follows the site's sections (the
# home page's toctree, one chapter each; toctree_only leaves out the web-only home page); the
# Guidelines catalogue report groups every guideline by domain and level.
latex_engine = "xelatex"
latex_use_xindy = False
latex_documents = [
    (root_doc, "oneplusmg-framework.tex", "1+MG Framework", author, "manual", True),
    ("guidelines-report", "oneplusmg-guidelines.tex", "1+MG Framework: Guidelines catalogue", author, "manual", False),
]
latex_show_urls = "footnote"
latex_show_pagerefs = False
latex_domain_indices = False
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "10pt",
    "releasename": "Edition",
    # Read on screen as often as on paper: no blank pages to start chapters on the right.
    "extraclassoptions": "openany,oneside",
    "fontpkg": r"""
% FreeSerif/FreeSans cover Latin, Greek and Cyrillic: every native country name prints.
\setmainfont{FreeSerif}
\setsansfont{FreeSans}
\setmonofont{FreeMono}
""",
    "sphinxsetup": (
        "TitleColor={HTML}{004494}, InnerLinkColor={HTML}{004494}, OuterLinkColor={HTML}{004494}, "
        "hmargin={2cm,2cm}, vmargin={2.2cm,2.5cm}"
    ),
    "preamble": r"""
\makeatletter
\RequirePackage{pdftexcmds}
\definecolor{oneplusmgblue}{HTML}{004494}
\definecolor{oneplusmgyellow}{HTML}{FFD617}
% One preamble, two documents: the subtitle and the PDF subject follow the file being made.
\ifnum\pdf@strcmp{\jobname}{oneplusmg-guidelines}=0
  \def\oneplusmgsubtitle{Every guideline, standard and deliverable, by domain and level}
\else
  \def\oneplusmgsubtitle{Guidelines for secure cross-border access to genomic and clinical data}
\fi
\AtBeginDocument{\hypersetup{
  pdftitle={\@title}, pdfauthor={\@author}, pdfsubject={\oneplusmgsubtitle},
  pdfkeywords={1+MG, 1+ Million Genomes, genomics, European Health Data Space, GDI, B1MG, guidelines},
  pdfcreator={Sphinx and the oneplusmg extension}}}
\newcommand{\oneplusmgcover}{%
  \begin{titlepage}
    % The band is drawn from inside the title's paragraph: a picture of its own would start a
    % paragraph that the title joins, with the space below it between the title's two lines.
    \vspace*{1.2cm}
    {\raggedright\noindent\color{white}\sffamily\fontsize{30}{36}\selectfont\bfseries
     \begin{tikzpicture}[remember picture, overlay]
       \fill[oneplusmgblue] (current page.north west) rectangle ([yshift=-9cm]current page.north east);
       \fill[oneplusmgyellow] ([yshift=-9cm]current page.north west) rectangle ([yshift=-9.3cm]current page.north east);
     \end{tikzpicture}%
     \@title\par}
    \vspace{0.8cm}
    {\raggedright\color{white}\sffamily\Large \oneplusmgsubtitle\par}
    \vspace{4.5cm}
    {\sffamily\Large \py@release\par}
    \vspace{0.2cm}
    {\sffamily\large \@date\par}
    \vspace{1.2cm}
    {\sffamily\large \@author\par}
    \vfill
    {\small\sffamily
      This work is licensed under the Creative Commons Attribution 4.0 International licence
      (CC BY 4.0):\\ \url{https://creativecommons.org/licenses/by/4.0/}\par
      \medskip
      The B1MG project received funding from the European Union's Horizon 2020 research and
      innovation programme under grant agreement No \oneplusmggrant{B1MG}. The GDI and Genome of Europe
      projects are funded by the European Union's Digital Europe Programme.\par}
  \end{titlepage}%
  \setcounter{page}{1}}
\makeatother
""",
    "maketitle": r"\oneplusmgcover",
}
