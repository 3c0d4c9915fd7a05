#!/usr/bin/env python3
"""Write the site's copy of Font Awesome's solid icon font, cut down to the icons it can show.

The theme ships the whole font (115 KB, about 2,000 icons) and a browser fetches it on every
first visit, for a dozen icons: the header's search, menu and theme buttons, the breadcrumbs'
house, the admonitions' symbols. The cut-down font (a few KB) goes to
``_static/vendor/fontawesome/webfonts/``, where Sphinx copies it over the theme's own file.

Kept: every icon the theme can draw from its stylesheet (its ``--pst-icon-*`` symbols), every
icon named in the theme's templates and script, in ``_templates/``, in ``conf.py``, and in the
built pages given with ``--html`` (default ``_build/html`` when it exists).
``tests/test_icons.py`` fails when a built page uses an icon the font lacks, or when the theme
ships another Font Awesome: run this again after upgrading the theme or adding an icon, then
commit the font.

Needs fontTools and brotli (both in requirements-test.txt):

    .venv/bin/python scripts/subset-icons.py [--html _build/html]

The font is Font Awesome Free's, under the SIL Open Font License 1.1, which allows subsetting
and redistribution; the licence travels with the theme's copy and is named in the README.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

OUTPUT = REPO / "_static" / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.woff2"
ICON_NAME = re.compile(r"\bfa-[a-z0-9]+(?:-[a-z0-9]+)*\b")
# `.fa-bars,.fa-navicon{--fa:"\f0c9"}`: one rule per icon in the theme's stylesheet, about 2,000.
ICON_RULE = re.compile(r'(?P<selectors>(?:\.fa-[\w-]+,?)+)\{--fa:"\\(?P<code>[0-9a-f]+)"\}')
# `--pst-icon-info-circle:"<U+F05A>"`: the symbols the theme draws from its stylesheet
# (admonitions, arrows, external links), written as the characters themselves.
THEME_SYMBOL = re.compile(r'--pst-icon-[\w-]+:"([^"\\])"')


def icon_catalogue(css: str) -> dict[str, int]:
    """Icon name -> code point, for every icon rule of a Font Awesome stylesheet."""
    return {
        name.lstrip("."): int(match.group("code"), 16)
        for match in ICON_RULE.finditer(css)
        for name in match.group("selectors").split(",")
    }


def theme_dir() -> Path:
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"


def names_in(paths: list[Path]) -> set[str]:
    found: set[str] = set()
    for path in paths:
        found.update(ICON_NAME.findall(path.read_text(encoding="utf-8", errors="replace")))
    return found


def wanted_icons(html_dir: Path | None) -> tuple[set[str], set[int]]:
    """The icon names the site can show, and the code points the font needs for them."""
    theme = theme_dir()
    css = (theme / "static" / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    catalogue = icon_catalogue(css)
    sources = [
        *theme.rglob("*.html"),
        theme / "static" / "scripts" / "pydata-sphinx-theme.js",
        *(REPO / "_templates").rglob("*.html"),
        REPO / "conf.py",
    ]
    if html_dir is not None:
        sources += list(html_dir.rglob("*.html"))
    names = {name for name in names_in(sources) if name in catalogue}
    points = {catalogue[name] for name in names} | {ord(symbol) for symbol in THEME_SYMBOL.findall(css)}
    return names, points


def subset(points: set[int], output: Path) -> tuple[int, int, int]:
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    source = theme_dir() / "static" / "vendor" / "fontawesome" / "webfonts" / output.name
    font = TTFont(str(source))
    available = set(font.getBestCmap())
    options = ft_subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]  # keep the copyright and licence strings
    options.notdef_outline = True
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(points & available))
    subsetter.subset(font)
    output.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff2"
    font.save(str(output))
    return len(points & available), source.stat().st_size, output.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--html",
        type=Path,
        default=REPO / "_build" / "html",
        help="built site whose pages are scanned for icons (default _build/html)",
    )
    args = parser.parse_args()
    html_dir = args.html if args.html.is_dir() else None
    names, points = wanted_icons(html_dir)
    kept, before, after = subset(points, OUTPUT)
    print(
        f"{OUTPUT.relative_to(REPO)}: {kept} icons ({', '.join(sorted(names))} and the theme's symbols), "
        f"{before:,} -> {after:,} bytes" + ("" if html_dir else " (no built pages scanned)")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
