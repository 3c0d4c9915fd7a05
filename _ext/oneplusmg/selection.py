"""Which guidelines a page shows, and what of the registry a page's output depends on.

Selecting and sorting are shared by the tables, the report and the guideline pages. A *view* is
the part of the registry one directive or role rendered, reduced to a digest: when
``guidelines.yaml`` changes, a page is read again only if one of its views gives another digest.
A title edit then re-reads the record's own page, the tables that show it and the catalogue, not
every page with a table (noting the whole file as a dependency re-read them all).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .records import LEVELS, Guideline
from .registry import KINDS

if TYPE_CHECKING:
    from .registry import Registry

# option -> (record field, registry holding the allowed ids, or None for levels)
FILTERS: dict[str, tuple[str, str | None]] = {"level": ("level", None)} | {
    kind.guideline_option: (kind.guideline_field, kind.attr)
    for kind in KINDS
    if kind.guideline_option and kind.guideline_field
}

LEVEL_ORDER = {level: index for index, level in enumerate(LEVELS)}
SORT_KEYS: dict[str, Callable[[Guideline], Any]] = {
    "title": lambda g: g.title.casefold(),
    "id": lambda g: g.id,
    "level": lambda g: LEVEL_ORDER.get(g.level or "", len(LEVELS)),
    "year": lambda g: g.year or 0,
    "phase": lambda g: g.phase or "~",
    "working-groups": lambda g: [int(w[2:]) for w in g.working_groups] or [999],
    "domain": lambda g: g.domain or "~",
    "project": lambda g: g.project or "~",
}
DEFAULT_SORT = ("level", "title")
RELATED_COUNT = 5


def select(registry: Registry, filters: dict[str, list[str]]) -> list[Guideline]:
    """The guidelines that match: any value within one option, all options together."""
    if not filters:
        return list(registry.guidelines.values())
    selected: set[str] | None = None
    for option, wanted in filters.items():
        found = registry.guideline_ids_where(FILTERS[option][0], wanted)
        selected = found if selected is None else selected & found
    return [g for g in registry.guidelines.values() if g.id in (selected or ())]


def sort_guidelines(guidelines: list[Guideline], keys: Sequence[str]) -> list[Guideline]:
    """Sort by several keys; ``-year`` sorts that key in descending order."""
    ordered = sorted(guidelines, key=lambda g: g.id)
    for key in reversed(keys):
        ordered.sort(key=SORT_KEYS[key.lstrip("-")], reverse=key.startswith("-"))
    return ordered


def related_guidelines(registry: Registry, guideline: Guideline) -> list[Guideline]:
    """Up to five other guidelines on the same topic, from the same working group or domain.

    A shared topic weighs most, then a shared working group, then the domain; among equals the
    newer document first, then by title.
    """
    topics, groups = set(guideline.topics), set(guideline.working_groups)
    scored = []
    for other in registry.guidelines.values():
        if other.id == guideline.id:
            continue
        score = (
            3 * len(topics.intersection(other.topics))
            + 2 * len(groups.intersection(other.working_groups))
            + (1 if other.domain and other.domain == guideline.domain else 0)
        )
        if score:
            scored.append((-score, -(other.year or 0), other.title.casefold(), other))
    return [entry[-1] for entry in sorted(scored, key=lambda e: e[:3])[:RELATED_COUNT]]


# -- Views -----------------------------------------------------------------------------------------


def _records_view(registry: Registry, ids: Sequence[str]) -> list[Any]:
    return [repr(registry.guidelines[i]) if i in registry.guidelines else None for i in ids]


def _selection_view(
    registry: Registry, filters: tuple[tuple[str, tuple[str, ...]], ...], sort: tuple[str, ...]
) -> list[Any]:
    chosen = sort_guidelines(select(registry, {option: list(values) for option, values in filters}), sort)
    return _records_view(registry, [g.id for g in chosen])


def _page_view(registry: Registry, guideline_id: str) -> list[Any]:
    guideline = registry.guidelines.get(guideline_id)
    if guideline is None:
        return []
    return _records_view(registry, [guideline_id, *(g.id for g in related_guidelines(registry, guideline))])


def _group_counts_view(registry: Registry, wg_ids: Sequence[str]) -> list[int]:
    return [len(registry.guidelines_for_group(wg_id)) for wg_id in wg_ids]


# name -> (what of the registry it reads); the arguments are hashable and picklable.
VIEWS: dict[str, Callable[..., Any]] = {
    "guidelines": _records_view,
    "selection": _selection_view,
    "page": _page_view,
    "group-counts": _group_counts_view,
}


def view_digest(registry: Registry, view: str, args: tuple[Any, ...]) -> str:
    """A short digest of what a view reads from the registry now."""
    return hashlib.sha1(repr(VIEWS[view](registry, *args)).encode("utf-8")).hexdigest()[:16]
