"""The registry: every record of every registry file, validated, by id, with the problems found.

Nothing here raises for bad content. A file is read and checked by :mod:`.yamlfile`, each record
by its schema (:mod:`.validation`), then ids must be unique (ignoring case, since HTML ids and
LaTeX labels would collide) and references must point at records that exist. A bad record is
left out, a bad reference dropped, and every problem is kept with its file and line, so that
Sphinx and the command-line checker report the same problems, worded the same way.

:data:`KINDS` is the one table of what exists: each registry file with its record class, the role
that links to its records and the ``guideline-table`` option that filters by it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from typing import Any

import yaml

from .records import (
    Country,
    Domain,
    GlossaryTerm,
    Guideline,
    MaturityDomain,
    MaturityLevel,
    Phase,
    Project,
    Record,
    Topic,
    WorkingGroup,
    date_sort_key,
)
from .validation import describe, record_errors
from .yamlfile import Problem, YamlFile, construct, line_of, read_yaml

__all__ = ["KINDS", "Kind", "Problem", "Registry", "load_registry", "registry_signature"]


@dataclass(frozen=True)
class Kind:
    """One registry file and everything keyed to it."""

    attr: str  # the attribute of Registry that holds its records
    filename: str
    record_type: type[Record]
    role: str | None = None  # the role that links to a record, {wg}`WG1`
    guideline_option: str | None = None  # the guideline-table option that filters by it
    guideline_field: str | None = None  # the Guideline field that holds its ids

    @property
    def stem(self) -> str:
        """The file's name without ``.yaml``: it names the file's schema, and its records in the checker's counts."""
        return self.filename.removesuffix(".yaml")


KINDS: tuple[Kind, ...] = (
    Kind("projects", "projects.yaml", Project, "project", "project", "project"),
    Kind("domains", "domains.yaml", Domain, None, "domain", "domain"),
    Kind("topics", "topics.yaml", Topic, None, "topic", "topics"),
    Kind("working_groups", "working-groups.yaml", WorkingGroup, "wg", "working-group", "working_groups"),
    Kind("phases", "phases.yaml", Phase, "phase", "phase", "phase"),
    Kind("countries", "countries.yaml", Country, "country", "country", "countries"),
    Kind("guidelines", "guidelines.yaml", Guideline, "guideline"),
    Kind("maturity_domains", "maturity-domains.yaml", MaturityDomain),
    Kind("maturity_levels", "maturity-levels.yaml", MaturityLevel),
    Kind("glossary", "glossary.yaml", GlossaryTerm),
)
KIND_OF_ATTR = {kind.attr: kind for kind in KINDS}
KIND_OF_ROLE = {kind.role: kind for kind in KINDS if kind.role}

# (registry, field, registry it points into) for every field that holds ids of other records.
REFERENCES: tuple[tuple[str, str, str], ...] = (
    *(("guidelines", kind.guideline_field, kind.attr) for kind in KINDS if kind.guideline_field),
    ("phases", "projects", "projects"),
    ("working_groups", "projects", "projects"),
    ("topics", "domain", "domains"),
    ("glossary", "see_also", "glossary"),
)
# Working groups and phases must always exist; the other targets only when their file does, so a
# small project can leave them out.
ALWAYS_CHECKED = frozenset({"working_groups", "phases"})


@dataclass
class Registry:
    """Every record of every registry file, by id, in file order, plus the problems found."""

    data_dir: str
    projects: dict[str, Project] = field(default_factory=dict)
    domains: dict[str, Domain] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    working_groups: dict[str, WorkingGroup] = field(default_factory=dict)
    phases: dict[str, Phase] = field(default_factory=dict)
    countries: dict[str, Country] = field(default_factory=dict)
    guidelines: dict[str, Guideline] = field(default_factory=dict)
    maturity_domains: dict[str, MaturityDomain] = field(default_factory=dict)
    maturity_levels: dict[str, MaturityLevel] = field(default_factory=dict)
    glossary: dict[str, GlossaryTerm] = field(default_factory=dict)
    present: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    signature: tuple[tuple[str, int, int], ...] = ()

    def path(self, attr: str) -> str:
        """Absolute path of the file behind a registry attribute (whether or not it exists)."""
        return os.path.join(self.data_dir, KIND_OF_ATTR[attr].filename)

    def records(self, attr: str) -> dict[str, Any]:
        """The records of one registry, by id."""
        return getattr(self, attr)

    def record_count(self) -> int:
        """How many records the registries hold in all."""
        return sum(len(self.records(kind.attr)) for kind in KINDS)

    def phases_in_order(self) -> list[Phase]:
        """The phases in the order they start, as the timeline shows them; ties by id."""
        return sorted(self.phases.values(), key=lambda p: (date_sort_key(p.start), p.id))

    def guidelines_for_group(self, wg_id: str) -> list[Guideline]:
        """The group's guidelines in file order (the editors' order)."""
        return [g for g in self.guidelines.values() if wg_id in g.working_groups]

    def guideline_ids_where(self, field_name: str, values: Iterable[str]) -> set[str]:
        """Ids of the guidelines whose ``field_name`` is (or, for a list, holds) any of ``values``."""
        wanted = set(values)
        found = set()
        for guideline in self.guidelines.values():
            value = getattr(guideline, field_name)
            if wanted.intersection(value if isinstance(value, list) else (value,)):
                found.add(guideline.id)
        return found


# -- Records from one file -------------------------------------------------------------------------


def _node_at(node: yaml.Node, path: list[Any]) -> yaml.Node:
    """The YAML node at a path of list indexes and mapping keys, or the deepest one found."""
    for step in path:
        if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        elif isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == step), None)
            if match is None:
                return node
            node = match
        else:
            return node
    return node


def _key_node(node: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        return next((k for k, _ in node.value if k.value == key), None)
    return None


def _label(node: yaml.Node, index: int) -> str:
    """``record 'WG5'`` when the record has a readable id, else ``record 3``."""
    id_node = _node_at(node, ["id"]) if isinstance(node, yaml.MappingNode) else None
    if isinstance(id_node, yaml.ScalarNode) and id_node is not node and 0 < len(id_node.value) <= 80:
        return f"record {id_node.value.strip()!r}"
    return f"record {index + 1}"


def _clean_text(value: Any) -> Any:
    """Whitespace collapsed in every text: a blank line inside a title breaks a LaTeX argument."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_clean_text(item) for item in value]
    if isinstance(value, dict):
        return {key: _clean_text(item) for key, item in value.items()}
    return value


def _build_record(kind: Kind, item: dict[str, Any], line: int) -> Record:
    """Make a typed record from a validated mapping; ids and dates become text."""
    known = {f.name for f in fields(kind.record_type)}
    values = {k: _clean_text(v) for k, v in item.items() if k in known}
    values["id"] = str(values["id"])
    if kind.record_type is not WorkingGroup:  # a working group's start and end are years
        for key in ("start", "end", "grant", "declaration_signed"):
            if values.get(key) is not None:
                values[key] = str(values[key])
    for milestone in values.get("milestones", []):
        milestone["date"] = str(milestone["date"])
    return kind.record_type(**values, line=line)


def _record_problems(kind: Kind, path: str, node: yaml.Node, index: int, found: YamlFile) -> tuple[Any, list[Problem]]:
    """(the record's value, or None, and the problems that leave it out)."""
    label = _label(node, index)
    problems = [
        Problem(p.path, p.line, p.subtype, f"{label}: {p.message}; record left out")
        for p in found.problems.get(index, [])
    ]
    if problems:
        return None, problems
    try:
        item = construct(node)
    except yaml.YAMLError as err:
        return None, [Problem(path, line_of(node), "yaml", f"{label}: {err}; record left out")]
    for error in record_errors(kind.stem, item):
        err_path, message, subtype = describe(error)
        target = _node_at(node, err_path)
        if error.validator == "additionalProperties":
            target = _key_node(_node_at(node, err_path[:-1]), err_path[-1]) or target
        problems.append(Problem(path, line_of(target), subtype, f"{label}: {message}; record left out"))
    return item, problems


def _load_file(kind: Kind, path: str, registry: Registry) -> None:
    """Read, check and add the records of one registry file."""
    found = read_yaml(path)
    if None in found.problems:
        registry.problems.extend(found.problems[None])
        return
    if not isinstance(found.root, yaml.SequenceNode):
        registry.problems.append(
            Problem(path, line_of(found.root), "schema", "a registry file must be a YAML list of mappings")
        )
        return
    records = registry.records(kind.attr)
    folded: dict[str, Record] = {}
    for index, node in enumerate(found.items()):
        item, problems = _record_problems(kind, path, node, index, found)
        registry.problems.extend(problems)
        if problems:
            continue
        record = _build_record(kind, item, line_of(node) or 0)
        first = folded.get(record.id.casefold())
        if first is not None:
            same = "" if first.id == record.id else f" ('{first.id}' differs only in case)"
            registry.problems.append(
                Problem(
                    path,
                    record.line,
                    "duplicate",
                    f"duplicate id '{record.id}'{same} (first defined on line {first.line}); record left out",
                )
            )
            continue
        folded[record.id.casefold()] = record
        records[record.id] = record


# -- Checks across records and files -------------------------------------------------------------


def _check_periods(registry: Registry) -> Iterator[Problem]:
    """No period ends before it starts."""
    for kind in KINDS:
        for record in registry.records(kind.attr).values():
            start, end = getattr(record, "start", None), getattr(record, "end", None)
            if start and end and date_sort_key(str(end), end=True) < date_sort_key(str(start)):
                yield Problem(
                    registry.path(kind.attr),
                    record.line,
                    "date",
                    f"'{record.id}': ends ({end}) before it starts ({start})",
                )


def _check_references(registry: Registry) -> Iterator[Problem]:
    """Dangling ids are reported and dropped; the record itself stays."""
    for source, key, target in REFERENCES:
        if target not in ALWAYS_CHECKED and target not in registry.present:
            continue
        known = registry.records(target)
        for record in registry.records(source).values():
            value = getattr(record, key)
            values = value if isinstance(value, list) else ([value] if value else [])
            missing = [v for v in values if v not in known]
            for v in missing:
                yield Problem(
                    registry.path(source),
                    record.line,
                    "reference",
                    f"'{record.id}': {key} refers to '{v}', which is not in {KIND_OF_ATTR[target].filename}",
                )
            if missing:
                kept = [v for v in values if v in known]
                setattr(record, key, kept if isinstance(value, list) else None)


# -- Entry points ----------------------------------------------------------------------------------


def registry_signature(data_dir: str) -> tuple[tuple[str, int, int], ...]:
    """What identifies the registry's current content: each file's name, mtime and size."""
    signature = []
    for kind in KINDS:
        try:
            stat = os.stat(os.path.join(data_dir, kind.filename))
        except OSError:
            continue
        signature.append((kind.filename, stat.st_mtime_ns, stat.st_size))
    return tuple(signature)


def load_registry(data_dir: str | os.PathLike[str]) -> Registry:
    """Read every registry file present in ``data_dir`` and validate the whole set."""
    data_dir = os.path.abspath(data_dir)
    registry = Registry(data_dir=data_dir, signature=registry_signature(data_dir))
    for kind in KINDS:
        path = registry.path(kind.attr)
        if os.path.lexists(path):
            registry.present.add(kind.attr)
            _load_file(kind, path, registry)
    registry.problems.extend(_check_periods(registry))
    registry.problems.extend(_check_references(registry))
    return registry
