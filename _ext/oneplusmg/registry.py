"""Load the YAML registries once, validate them, and locate every problem at its file and line.

Nothing here raises for bad content: malformed YAML, wrong types, unknown keys, duplicates and
dangling references all become :class:`Problem` entries, and the bad record (or the bad
reference) is left out so that everything else still renders. Sphinx and the command-line
checker report the same problems, worded the same way.
"""

from __future__ import annotations

import json
import os
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .compiled_schema import Check, UnsupportedSchema, compile_schema
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
    parse_date,
)

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

SCHEMA_DIR = Path(__file__).parent / "schemas"


@dataclass(frozen=True)
class RegistryFile:
    """One registry: its attribute on :class:`Registry`, its file name and its record type."""

    attr: str
    filename: str
    record_type: type[Record]

    @property
    def stem(self) -> str:
        return self.filename.removesuffix(".yaml")


REGISTRY_FILES: tuple[RegistryFile, ...] = (
    RegistryFile("projects", "projects.yaml", Project),
    RegistryFile("domains", "domains.yaml", Domain),
    RegistryFile("topics", "topics.yaml", Topic),
    RegistryFile("working_groups", "working-groups.yaml", WorkingGroup),
    RegistryFile("phases", "phases.yaml", Phase),
    RegistryFile("countries", "countries.yaml", Country),
    RegistryFile("guidelines", "guidelines.yaml", Guideline),
    RegistryFile("maturity_domains", "maturity-domains.yaml", MaturityDomain),
    RegistryFile("maturity_levels", "maturity-levels.yaml", MaturityLevel),
    RegistryFile("glossary", "glossary.yaml", GlossaryTerm),
)
FILE_OF_ATTR = {rf.attr: rf for rf in REGISTRY_FILES}


@dataclass(frozen=True)
class Problem:
    """A located problem in a registry, reported as a warning of type ``oneplusmg``."""

    path: str
    line: int | None
    subtype: str
    message: str

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        return f"{self.location}: {self.message} [oneplusmg.{self.subtype}]"


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
    _indexes: dict[str, dict[Any, tuple[str, ...]]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _pid: int = field(default_factory=os.getpid, init=False, repr=False, compare=False)

    def path(self, attr: str) -> str:
        """Absolute path of the file behind a registry attribute (whether or not it exists)."""
        return os.path.join(self.data_dir, FILE_OF_ATTR[attr].filename)

    def record_count(self) -> int:
        return sum(len(getattr(self, rf.attr)) for rf in REGISTRY_FILES)

    def phases_in_order(self) -> list[Phase]:
        return sorted(self.phases.values(), key=lambda p: (date_sort_key(p.start), p.id))

    def guidelines_for_group(self, wg_id: str) -> list[Guideline]:
        """The group's guidelines in file order (the editors' order)."""
        return [self.guidelines[i] for i in self._index("working_groups").get(wg_id, ())]

    def guideline_ids_where(self, field_name: str, values: Iterable[str]) -> set[str]:
        """Ids of the guidelines whose ``field_name`` is (or, for a list, holds) any of ``values``.

        Answered from an index built on first use, so that a page's table costs in proportion
        to the rows it shows: scanning every record for every table made a site of many pages
        and a large registry grow as pages x records.
        """
        index = self._index(field_name)
        found: set[str] = set()
        for value in values:
            found.update(index.get(value, ()))
        return found

    def _index(self, field_name: str) -> dict[Any, tuple[str, ...]]:
        """Field value -> ids of the guidelines that have it, each in file order."""
        index = self._indexes.get(field_name)
        if index is None:
            index = self._indexes[field_name] = _index_guidelines(self.guidelines.values(), field_name)
        return index

    # The indexes are derived data: rebuilt on demand, never pickled with the environment.
    def __getstate__(self) -> dict[str, Any]:
        return {key: value for key, value in self.__dict__.items() if key not in ("_indexes", "_pid")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._indexes = {}
        self._pid = os.getpid()

    def __reduce_ex__(self, protocol: Any) -> Any:
        """In a parallel reader (a fork of the main process), pickle a reference, not the records.

        Each reader sends its environment back to the main process, which already holds this
        registry (it was loaded before the fork) and merges only the per-page facts: sending
        the records back cost 18.5 MB per chunk of pages at 50,000 guidelines.
        """
        if self._pid != os.getpid() and _LOADED.get(self.data_dir) is self:
            return (_registry_of_main_process, (self.data_dir, self.signature))
        return super().__reduce_ex__(protocol)


# The registry each data folder last loaded in this process, for parallel readers' references.
_LOADED: weakref.WeakValueDictionary[str, Registry] = weakref.WeakValueDictionary()


def _registry_of_main_process(data_dir: str, signature: tuple[tuple[str, int, int], ...]) -> Registry | None:
    """The main process's registry behind a reader's reference (None if it no longer has it:
    the reader's copy of the registry is never used, only its per-page facts are merged)."""
    registry = _LOADED.get(data_dir)
    return registry if registry is not None and registry.signature == signature else None


def _index_guidelines(guidelines: Iterable[Guideline], field_name: str) -> dict[Any, tuple[str, ...]]:
    index: dict[Any, list[str]] = {}
    for guideline in guidelines:
        value = getattr(guideline, field_name)
        for item in value if isinstance(value, list) else (value,):
            index.setdefault(item, []).append(guideline.id)
    # Tuples of strings: the cyclic collector stops walking them (lists it walks every time).
    return {key: tuple(ids) for key, ids in index.items()}


# -- Reading YAML with line numbers ----------------------------------------------------------------


# libyaml's parser is ten times faster than the pure-Python one; both give nodes with lines.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):  # type: ignore[misc, valid-type]
    """A safe loader that keeps dates as text: ``2018-04-10`` must stay what the editor typed."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _compose(text: str) -> tuple[yaml.Node | None, Any]:
    """Parse YAML text into (node tree, Python data); the tree gives lines for error messages."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return node, data


def _node_at(node: yaml.Node | None, path: list[Any]) -> yaml.Node | None:
    """The YAML node at a JSON path (list indexes and mapping keys), or the deepest one found."""
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


def _key_node(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        return next((k for k, _ in node.value if k.value == key), None)
    return None


def _line(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


# -- Validation ------------------------------------------------------------------------------------


@cache
def schema_validator(stem: str) -> Draft202012Validator:
    """The JSON Schema validator of one registry (immutable, so safe to share between builds).

    jsonschema is imported here, not with the module: it is needed only when the compiled
    check (:func:`quick_check`) cannot vouch for the data, and not at all while the registries
    are unchanged.
    """
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_schema(stem))


@cache
def quick_check(stem: str) -> Check | None:
    """A compiled yes/no check of one registry's schema, or None if the schema is beyond it."""
    try:
        return compile_schema(_schema(stem))
    except UnsupportedSchema:
        return None


@cache
def _schema(stem: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{stem}.schema.json").read_text(encoding="utf-8"))


def schema_errors(stem: str, data: Any) -> list[ValidationError]:
    """Every schema error in one registry's data; jsonschema is consulted only when needed.

    The compiled check clears valid data without importing jsonschema; when it cannot vouch
    for the data, jsonschema decides and words the errors.
    """
    check = quick_check(stem)
    if check is not None and check(data):
        return []
    return list(schema_validator(stem).iter_errors(data))


def _describe(error: ValidationError) -> tuple[list[Any], str]:
    """A path to point at and a message an editor understands, for one schema error."""
    path = list(error.absolute_path)
    where = ""
    if len(path) >= 2:
        where = f"field '{'.'.join(str(p) for p in path[1:])}': "
    if error.validator == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - allowed)
        return path + extra[:1], (
            f"unknown field {', '.join(repr(e) for e in extra)} "
            f"(allowed: {', '.join(sorted(allowed))})"
        )
    if error.validator == "required":
        return path, f"{where}{error.message}"
    if error.validator == "pattern":
        hint = error.schema.get("description", f"the pattern {error.validator_value}")
        return path, f"{where}{error.instance!r} is not valid: expected {hint}"
    if error.validator == "type" and len(path) == 0:
        return path, "a registry file must be a YAML list of mappings"
    return path, f"{where}{error.message}"


def _record_label(item: Any, index: int) -> str:
    if isinstance(item, dict) and isinstance(item.get("id"), (str, int)):
        return f"record '{item['id']}'"
    return f"record {index + 1}"


def _build_record(rf: RegistryFile, item: dict[str, Any], line: int) -> Record:
    """Make a typed record from a validated mapping; ids, dates and grants become text."""
    known = {f.name for f in fields(rf.record_type)}
    values = {k: v for k, v in item.items() if k in known}
    values["id"] = str(values["id"])
    for key in ("start", "end", "grant", "declaration_signed"):
        if key in values and values[key] is not None and rf.record_type is not WorkingGroup:
            values[key] = str(values[key])
    for milestone in values.get("milestones", []):
        milestone["date"] = str(milestone["date"])
    return rf.record_type(**values, line=line)


def _load_file(rf: RegistryFile, path: str, registry: Registry) -> None:
    """Read, validate and add the records of one registry file."""
    def report(line: int | None, subtype: str, message: str) -> None:
        registry.problems.append(Problem(path, line, subtype, message))

    try:
        text = Path(path).read_text(encoding="utf-8")
        node, data = _compose(text)
    except UnicodeDecodeError as err:
        report(None, "yaml", f"not UTF-8 text ({err.reason})")
        return
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        report(mark.line + 1 if mark else None, "yaml", f"malformed YAML: {err.problem or err}")
        return
    except (OSError, yaml.YAMLError) as err:
        report(None, "yaml", f"cannot read registry: {err}")
        return
    if data is None:
        report(1, "yaml", "the file is empty; a registry is a YAML list of mappings ([] for none)")
        return
    errors_by_index: dict[int | None, list[ValidationError]] = {}
    for error in schema_errors(rf.stem, data):
        index = error.absolute_path[0] if error.absolute_path else None
        errors_by_index.setdefault(index, []).append(error)
    if None in errors_by_index:
        for error in errors_by_index[None]:
            _, message = _describe(error)
            report(_line(node), "schema", message)
        return
    records: dict[str, Record] = getattr(registry, rf.attr)
    for index, item in enumerate(data):
        item_node = _node_at(node, [index])
        if index in errors_by_index:
            for error in sorted(errors_by_index[index], key=lambda e: list(map(str, e.absolute_path))):
                err_path, message = _describe(error)
                target = _node_at(node, err_path)
                if error.validator == "additionalProperties":
                    target = _key_node(_node_at(node, err_path[:-1]), err_path[-1]) or target
                report(_line(target), "schema", f"{_record_label(item, index)}: {message}; record left out")
            continue
        record = _build_record(rf, item, _line(item_node) or 0)
        if record.id in records:
            first = records[record.id].line
            report(record.line, "duplicate", f"duplicate id '{record.id}' (first defined on line {first}); record left out")
            continue
        records[record.id] = record


# -- Cross-file checks -----------------------------------------------------------------------------


def _check_dates(registry: Registry) -> Iterator[Problem]:
    """Every date exists in the calendar, and no period ends before it starts."""
    for rf in REGISTRY_FILES:
        for record in getattr(registry, rf.attr).values():
            path = registry.path(rf.attr)
            values = [getattr(record, key, None) for key in ("start", "end", "declaration_signed")]
            values += [m.date for m in getattr(record, "milestones", [])]
            for value in values:
                if value is None or isinstance(value, int):
                    continue
                try:
                    parse_date(value)
                except ValueError:
                    yield Problem(path, record.line, "date", f"'{record.id}': {value!r} is not a real date")
            start, end = getattr(record, "start", None), getattr(record, "end", None)
            if start and end and date_sort_key(str(end), end=True) < date_sort_key(str(start)):
                yield Problem(path, record.line, "date", f"'{record.id}': ends ({end}) before it starts ({start})")


# (source registry, field, target registry, one id or a list) for every id that points elsewhere.
REFERENCES: tuple[tuple[str, str, str, str], ...] = (
    ("guidelines", "working_groups", "working_groups", "list"),
    ("guidelines", "phase", "phases", "one"),
    ("guidelines", "domain", "domains", "one"),
    ("guidelines", "topics", "topics", "list"),
    ("guidelines", "project", "projects", "one"),
    ("guidelines", "countries", "countries", "list"),
    ("phases", "projects", "projects", "list"),
    ("working_groups", "projects", "projects", "list"),
    ("topics", "domain", "domains", "one"),
    ("glossary", "see_also", "glossary", "list"),
)


def _check_references(registry: Registry) -> Iterator[Problem]:
    """Dangling ids are reported and dropped; the record itself stays.

    Working groups and phases must always exist. Projects, domains, topics and countries are
    checked only when their registry file is present, so a small project can leave them out.
    """
    always = {"working_groups", "phases"}
    for source, key, target, shape in REFERENCES:
        if target not in always and target not in registry.present:
            continue
        known = getattr(registry, target)
        target_file = FILE_OF_ATTR[target].filename
        for record in getattr(registry, source).values():
            value = getattr(record, key)
            values = value if shape == "list" else ([value] if value else [])
            missing = [v for v in values if v not in known]
            for v in missing:
                yield Problem(
                    registry.path(source), record.line, "reference",
                    f"'{record.id}': {key} refers to '{v}', which is not in {target_file}",
                )
            if missing:
                kept = [v for v in values if v in known]
                setattr(record, key, kept if shape == "list" else None)


# -- Entry points ----------------------------------------------------------------------------------


def registry_signature(data_dir: str) -> tuple[tuple[str, int, int], ...]:
    """What identifies the registry's current content: each file's name, mtime and size."""
    signature = []
    for rf in REGISTRY_FILES:
        try:
            stat = os.stat(os.path.join(data_dir, rf.filename))
        except OSError:
            continue
        signature.append((rf.filename, stat.st_mtime_ns, stat.st_size))
    return tuple(signature)


def load_registry(data_dir: str | os.PathLike[str]) -> Registry:
    """Read every registry file present in ``data_dir`` and validate the whole set."""
    data_dir = os.path.abspath(data_dir)
    registry = Registry(data_dir=data_dir, signature=registry_signature(data_dir))
    for rf in REGISTRY_FILES:
        path = registry.path(rf.attr)
        if os.path.exists(path):
            registry.present.add(rf.attr)
            _load_file(rf, path, registry)
    registry.problems.extend(_check_dates(registry))
    registry.problems.extend(_check_references(registry))
    remember(registry)
    return registry


def remember(registry: Registry) -> None:
    """Make ``registry`` the one parallel readers refer to for its data folder."""
    _LOADED[registry.data_dir] = registry
