"""Read a registry file into a YAML node tree with line numbers, refusing what YAML allows but a
registry must not hold.

PyYAML happily accepts things that break a registry later, far from their cause: duplicate keys
(the last one silently wins), keys that are not text (``1:``, ``~:``), aliases that expand a few
hundred bytes into millions of nodes, nesting deep enough to overflow the stack of whatever walks
it next, control characters that LaTeX cannot typeset. Each is found here, while the tree is
walked once without recursion and before any Python object is built, and reported as a
:class:`Problem` at its file and line. A problem inside a record leaves that record out; a
problem outside every record leaves the whole file out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

# A registry is a list of mappings whose fields hold text, numbers or short lists of either:
# four or five levels deep. Anything far beyond that is a mistake or an attack.
MAX_DEPTH = 16
# Nodes in one file, aliases counted: about 300 times the 2,000 guidelines the registries are
# planned for, and still walked in a fraction of a second.
MAX_NODES = 2_000_000
MAX_BYTES = 50_000_000
# No field is longer than a few thousand characters; a longer text would only slow down every
# message that quotes it.
MAX_TEXT = 5_000
# A run of non-space characters longer than this cannot be broken into lines: thousands of
# them make xelatex stall or crash. The longest web address in the registries has 259.
MAX_WORD = 500
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
LONG_WORD = re.compile(rf"\S{{{MAX_WORD + 1},}}")
STRING_TAG = "tag:yaml.org,2002:str"


@dataclass(frozen=True)
class Problem:
    """A located problem in a registry, reported as a warning ``oneplusmg.<subtype>``."""

    path: str
    line: int | None
    subtype: str
    message: str

    @property
    def location(self) -> str:
        """``path:line``, or ``path:`` without a line: Sphinx prints a location with a colon
        as it is, and would take a bare path for a document name (``file.yaml.rst``)."""
        return f"{self.path}:{self.line}" if self.line else f"{self.path}:"

    def __str__(self) -> str:
        return f"{self.location}: {self.message} [oneplusmg.{self.subtype}]"


# libyaml's parser is ten times faster than the pure-Python one; both give nodes with lines.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):  # type: ignore[misc, valid-type]
    """A safe loader that keeps dates as text: ``2018-04-10`` must stay what the editor typed."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def line_of(node: yaml.Node | None) -> int | None:
    """The 1-based line a node starts on."""
    return node.start_mark.line + 1 if node is not None else None


@dataclass
class YamlFile:
    """A registry file read into nodes: the top node, and problems by top-level item index.

    ``problems[None]`` holds what concerns the file as a whole (it is then left out).
    """

    path: str
    root: yaml.Node | None
    problems: dict[int | None, list[Problem]]

    def items(self) -> list[yaml.Node]:
        """The top-level items, when the file is a list."""
        return list(self.root.value) if isinstance(self.root, yaml.SequenceNode) else []

    def all_problems(self) -> Iterator[Problem]:
        """Every problem found in the file, whether it concerns the whole file or one item."""
        for problems in self.problems.values():
            yield from problems


def read_yaml(path: str) -> YamlFile:
    """Read and check one registry file; never raises for bad content."""
    result = YamlFile(path, None, {})

    def fail(line: int | None, message: str, subtype: str = "yaml") -> YamlFile:
        result.problems.setdefault(None, []).append(Problem(path, line, subtype, message))
        return result

    file = Path(path)
    if file.is_dir():
        return fail(None, "a folder, not a registry file", "file")
    try:
        raw = file.read_bytes()
    except OSError as err:
        return fail(None, f"cannot read registry: {err.strerror or err}", "file")
    if len(raw) > MAX_BYTES:
        return fail(None, f"{len(raw):,} bytes: larger than any registry should be ({MAX_BYTES:,})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return fail(raw[: err.start].count(b"\n") + 1, f"not UTF-8 text ({err.reason})")
    try:
        result.root = _compose(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        return fail(mark.line + 1 if mark else None, f"malformed YAML: {err.problem or err}")
    except (yaml.YAMLError, RecursionError, MemoryError) as err:
        return fail(None, f"malformed YAML: {type(err).__name__}")
    if result.root is None:
        return fail(1, "the file is empty; a registry is a YAML list of mappings ([] for none)")
    for index, problem in _walk(path, result.root):
        result.problems.setdefault(index, []).append(problem)
    return result


def _compose(text: str) -> yaml.Node | None:
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _walk(path: str, root: yaml.Node) -> Iterator[tuple[int | None, Problem]]:
    """Every node once, depth first, without recursion: (top-level index, problem) pairs.

    A node reached twice is an alias: registries have no use for them, and refusing them is
    what keeps an alias bomb from expanding anywhere later.
    """
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int, int | None]] = [(root, 0, None)]
    count = 0
    while stack:
        node, depth, index = stack.pop()
        count += 1
        if count > MAX_NODES:
            yield None, Problem(path, line_of(node), "yaml", f"more than {MAX_NODES:,} values: file left out")
            return
        if id(node) in seen:
            yield (
                index,
                Problem(path, line_of(node), "yaml", "an alias (*name): registries do not use anchors and aliases"),
            )
            continue
        seen.add(id(node))
        if depth > MAX_DEPTH:
            yield index, Problem(path, line_of(node), "yaml", f"nested deeper than {MAX_DEPTH} levels")
            continue
        if isinstance(node, yaml.ScalarNode):
            problem = _text_problem(node)
            if problem:
                yield index, Problem(path, line_of(node), "yaml", problem)
        elif isinstance(node, yaml.SequenceNode):
            for position, child in enumerate(node.value):
                stack.append((child, depth + 1, position if node is root else index))
        elif isinstance(node, yaml.MappingNode):
            yield from ((index, p) for p in _key_problems(path, node))
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    seen.add(id(key))
                stack.append((value, depth + 1, index))


def _key_problems(path: str, node: yaml.MappingNode) -> Iterator[Problem]:
    """Keys must be plain text, each once per mapping (PyYAML would keep the last silently)."""
    first_line: dict[str, int | None] = {}
    for key, _value in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag != STRING_TAG:
            shown = key.value if isinstance(key, yaml.ScalarNode) else type(key).__name__
            yield Problem(path, line_of(key), "yaml", f"a key must be text, not {shown!r}"[:200])
        elif key.value in first_line:
            yield Problem(
                path,
                line_of(key),
                "duplicate",
                f"duplicate key '{key.value[:80]}' (first on line {first_line[key.value]})",
            )
        else:
            first_line[key.value] = line_of(key)


def _text_problem(node: yaml.ScalarNode) -> str | None:
    """Text that no page, table or PDF could show: too long, unbreakable, or with control codes."""
    value = node.value
    if len(value) > MAX_TEXT:
        return f"a text of {len(value):,} characters (at most {MAX_TEXT:,})"
    if CONTROL.search(value):
        return f"control character {CONTROL.search(value).group()!r} in {value[:40]!r}"  # type: ignore[union-attr]
    if LONG_WORD.search(value):
        return f"an unbroken run of more than {MAX_WORD} characters, which cannot be set in lines"
    return None


def construct(node: yaml.Node) -> Any:
    """The Python value of a checked node (text, numbers, lists and mappings).

    Safe after :func:`read_yaml` passed the node: its depth is bounded and it has no alias.
    """
    return SafeConstructor().construct_object(node, deep=True)
