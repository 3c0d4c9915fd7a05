"""A guideline's level: its name, what it means, its badge, and the role and directive that quote them.

The three levels (Required, Recommended, Informational) are the Framework's own classification
of how binding a document is for those who take part in the infrastructure. Their names and
meanings are written once, here: guideline pages, tables, the printed report, the ``{level}``
role in sentences and the ``level-meanings`` list on the pages that explain them all show these
words, so a change of wording reaches every page at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective, SphinxRole

from .builders import para
from .domain import get_domain
from .i18n import _, __
from .records import LEVELS
from .shared import split_list, unknown_target

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# What each level means, completing "Required: ..." (a guideline's page starts it with a capital).
LEVEL_MEANINGS = {
    "required": _("all or part of it must be followed to take part in the 1+MG infrastructure."),
    "recommended": _("following it is not required, but it has been vetted and helps alignment across Europe."),
    "informational": _("it gives background and guidance; it is not a requirement."),
}
NO_LEVEL = _("It has no level: read it as background unless a page of the Framework says otherwise.")


def level_label(level: str) -> str:
    """The translated name of a guideline level (``required`` -> "Required")."""
    # One lookup in the message catalog per call: a table asks once per row.
    if level == "required":
        return _("Required")
    if level == "recommended":
        return _("Recommended")
    if level == "informational":
        return _("Informational")
    raise KeyError(level)


def level_meaning(level: str | None) -> str:
    """What a guideline's level means, as a sentence of its own (or that it has none)."""
    meaning = LEVEL_MEANINGS.get(level or "")
    return meaning[:1].upper() + meaning[1:] if meaning else NO_LEVEL


class level_badge(nodes.inline):
    """A level as a badge. HTML and LaTeX write it as any inline with classes (Sphinx's writers
    find ``visit_inline`` through the class's bases); plain text puts it in brackets, as text has
    no box to set it apart: "Required All or part of it..." read as one sentence."""


def visit_level_badge_text(self: Any, node: level_badge) -> None:
    """Open the bracket around a level in plain text."""
    self.add_text("[")


def depart_level_badge_text(self: Any, node: level_badge) -> None:
    """Close the bracket around a level in plain text."""
    self.add_text("]")


def badge(level: str | None) -> list[nodes.Node]:
    """The level as a labelled badge: the word carries the meaning, the colour only repeats it."""
    if level not in LEVELS:
        return []
    label = level_label(level)
    return [level_badge(label, label, classes=["oneplusmg-badge", f"oneplusmg-badge-{level}"])]


class LevelRole(SphinxRole):
    """``{level}`duo```: the level the Framework gives a guideline ("Required"), as text.

    A sentence about a document's status ("the Framework marks it as {level}`duo`") then follows
    the record: the page is read again when the record changes, as for ``{guideline}``. A sentence
    about several documents names them all (``{level}`policy-a, policy-b```): their common level,
    and a warning when they no longer share one, since the sentence would then be wrong.
    """

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """The level's name, or the ids marked unknown after a warning at the page and line."""
        domain = get_domain(self.env)
        ids = split_list(self.text) or []
        domain.note_view(self.env.docname, "guidelines", (tuple(ids),))
        records = [domain.registry.guidelines.get(guideline_id) for guideline_id in ids]
        missing = [i for i, record in zip(ids, records, strict=True) if record is None or record.level is None]
        if not ids or missing:
            message = __("no level for guideline id %r in {level} role (unknown guideline, or none in guidelines.yaml)")
            return unknown_target(self, self.text, message, ", ".join(missing) or self.text), []
        levels = {record.level for record in records if record is not None and record.level is not None}
        if len(levels) > 1:
            message = __("the guidelines %s in {level} role have different levels: the sentence needs rewording")
            return unknown_target(self, self.text, message, ", ".join(ids)), []
        (level,) = levels
        label = level_label(level)
        return [nodes.inline(label, label, classes=["oneplusmg-level", f"oneplusmg-level-{level}"])], []


class LevelMeanings(SphinxDirective):
    """``level-meanings``: the three levels, each with what it means, as a list (no options).

    The pages that explain the levels (the catalogue, how to use the Framework) show this list
    instead of typing the definitions again.
    """

    has_content = False

    def run(self) -> list[nodes.Node]:
        """A bullet list: "**Required**: all or part of it must be followed ...", one item a level."""
        items = nodes.bullet_list(classes=["oneplusmg-level-meanings"])
        for level in LEVELS:
            label = level_label(level)
            items += nodes.list_item("", para(nodes.strong(label, label), ": " + LEVEL_MEANINGS[level]))
        self.set_source_info(items)
        return [items]


def setup_levels(app: Sphinx) -> None:
    """Register the level badge's plain-text form, the {level} role and the level-meanings directive."""
    app.add_node(level_badge, text=(visit_level_badge_text, depart_level_badge_text))
    app.add_role("level", LevelRole())
    app.add_role_to_domain("oneplusmg", "level", LevelRole())
    app.add_directive("level-meanings", LevelMeanings)
