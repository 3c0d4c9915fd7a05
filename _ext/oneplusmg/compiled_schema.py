"""Compile the registries' JSON Schemas into plain Python checks that answer "valid or not".

Why: importing jsonschema and walking every record through its generic machinery was the
largest single cost of a clean build that we own (about two points of a 5 % budget). Nearly
every build reads registries that are valid, and for those a yes/no answer is all we need.

The checks are conservative: they answer ``True`` only when the instance is certainly valid
under JSON Schema 2020-12. Anything unusual (a float where an integer is expected, a keyword
this module does not know) answers ``False``, and the caller then asks jsonschema itself, which
stays the single authority on what is wrong and how to word it. A schema that uses a keyword
not listed here cannot be compiled at all (:class:`UnsupportedSchema`), so a new schema feature
silently falls back to jsonschema rather than being ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

# Keywords that only describe; they never change whether an instance is valid.
ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "default", "examples"})

TYPE_TESTS: dict[str, Check] = {
    "string": lambda v: isinstance(v, str),
    # bool is a subclass of int in Python but not an integer in JSON Schema; 2.0 is an integer
    # there but rare enough in YAML registries to leave to jsonschema.
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


class UnsupportedSchema(ValueError):
    """The schema uses a keyword (or a form of one) that :func:`compile_schema` does not know."""


def compile_schema(schema: dict[str, Any]) -> Check:
    """A function that returns True only for instances that certainly satisfy ``schema``."""
    unknown = set(schema) - ANNOTATIONS - set(KEYWORDS)
    if unknown:
        raise UnsupportedSchema(f"keywords not supported: {', '.join(sorted(unknown))}")
    checks = [KEYWORDS[key](schema[key], schema) for key in KEYWORDS if key in schema]
    checks = [check for check in checks if check is not None]
    if not checks:
        return lambda value: True
    if len(checks) == 1:
        return checks[0]
    return lambda value: all(check(value) for check in checks)


def _type(value: Any, schema: dict[str, Any]) -> Check:
    names = [value] if isinstance(value, str) else list(value)
    if not all(name in TYPE_TESTS for name in names):
        raise UnsupportedSchema(f"unknown type in {value!r}")
    tests = [TYPE_TESTS[name] for name in names]
    return lambda v: any(test(v) for test in tests)


def _properties(value: dict[str, Any], schema: dict[str, Any]) -> Check:
    compiled = {name: compile_schema(sub) for name, sub in value.items()}
    closed = schema.get("additionalProperties") is False
    allowed = frozenset(compiled)

    def check(v: Any) -> bool:
        if not isinstance(v, dict):
            return True  # properties only constrain objects; "type" says whether one is needed
        if closed and not allowed.issuperset(v):
            return False
        return all(compiled[k](item) for k, item in v.items() if k in compiled)

    return check


def _additional_properties(value: Any, schema: dict[str, Any]) -> Check | None:
    if value is False and "properties" in schema:
        return None  # enforced by _properties, which knows the allowed names
    if value is True:
        return None
    raise UnsupportedSchema("additionalProperties other than false (with properties) or true")


def _required(value: list[str], schema: dict[str, Any]) -> Check:
    names = tuple(value)
    return lambda v: not isinstance(v, dict) or all(name in v for name in names)


def _items(value: dict[str, Any], schema: dict[str, Any]) -> Check:
    if not isinstance(value, dict):
        raise UnsupportedSchema("items must be a single schema")
    item_check = compile_schema(value)
    return lambda v: not isinstance(v, list) or all(item_check(item) for item in v)


def _unique_items(value: bool, schema: dict[str, Any]) -> Check | None:
    if not value:
        return None

    def check(v: Any) -> bool:
        if not isinstance(v, list):
            return True
        # Only lists of text are decided here; JSON equality of other values (1 vs True vs 1.0)
        # is subtle enough to leave to jsonschema.
        if not all(isinstance(item, str) for item in v):
            return False
        return len(set(v)) == len(v)

    return check


def _pattern(value: str, schema: dict[str, Any]) -> Check:
    search = re.compile(value).search
    return lambda v: not isinstance(v, str) or search(v) is not None


def _min_length(value: int, schema: dict[str, Any]) -> Check:
    return lambda v: not isinstance(v, str) or len(v) >= value


def _max_length(value: int, schema: dict[str, Any]) -> Check:
    return lambda v: not isinstance(v, str) or len(v) <= value


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _minimum(value: float, schema: dict[str, Any]) -> Check:
    return lambda v: not _is_number(v) or v >= value


def _maximum(value: float, schema: dict[str, Any]) -> Check:
    return lambda v: not _is_number(v) or v <= value


def _enum(value: list[Any], schema: dict[str, Any]) -> Check:
    if not all(isinstance(option, str) for option in value):
        raise UnsupportedSchema("enum with values other than text")
    options = frozenset(value)
    return lambda v: isinstance(v, str) and v in options


# Each keyword's compiler receives its value and the whole (sub)schema it sits in.
KEYWORDS: dict[str, Callable[[Any, dict[str, Any]], Check | None]] = {
    "type": _type,
    "properties": _properties,
    "additionalProperties": _additional_properties,
    "required": _required,
    "items": _items,
    "uniqueItems": _unique_items,
    "pattern": _pattern,
    "minLength": _min_length,
    "maxLength": _max_length,
    "minimum": _minimum,
    "maximum": _maximum,
    "enum": _enum,
}
