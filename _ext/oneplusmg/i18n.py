"""Translatable strings of the extension (message catalog ``oneplusmg``).

``_`` is for text that ends up in the built pages (table headers, labels), in the project's
``language``; ``__`` is for console messages, in the user's locale.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.locale import get_translation

MESSAGE_CATALOG = "oneplusmg"
LOCALE_DIR = Path(__file__).parent / "locales"

_ = get_translation(MESSAGE_CATALOG)
__ = get_translation(MESSAGE_CATALOG, "console")
