#!/usr/bin/env python3
"""Write the extension's message catalog template from its code: _ext/oneplusmg/locales/oneplusmg.pot.

Every string the extension passes to ``_`` (page text) or ``__`` (console messages) is a message
to translate. Run this after changing one (``.venv/bin/python scripts/update-messages.py``);
``make test`` fails while the committed template differs from what the code says.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

PACKAGE = Path(__file__).resolve().parents[1] / "_ext" / "oneplusmg"
TEMPLATE = PACKAGE / "locales" / "oneplusmg.pot"


def template_text() -> str:
    """The template as the code defines it: messages in the order they first appear, by file."""
    catalog = Catalog(domain="oneplusmg", project="oneplusmg")
    for filename, _lineno, message, comments, _context in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords={"_": None, "__": None}
    ):
        catalog.add(message, locations=[(filename, None)], auto_comments=comments)
    buffer = io.BytesIO()
    write_po(buffer, catalog, omit_header=True, no_location=True, width=100)
    return buffer.getvalue().decode("utf-8")


def main() -> int:
    TEMPLATE.write_text(template_text(), encoding="utf-8")
    print(f"wrote {TEMPLATE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
