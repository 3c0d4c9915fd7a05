"""Check one registry record against its JSON Schema, and word each error for an editor.

The schemas (``schemas/*.schema.json``) are plain JSON Schema 2020-12, so editors can use them
too. Three rules are stricter here than JSON Schema's defaults, because the defaults let through
values that later break a page or the PDF:

- ``integer`` means a whole number as written: ``2018.0`` is a float, not a year;
- a ``pattern`` must match the whole text: ``$`` also matches before a final newline, which let
  ``"WG1\\n"`` pass ``^WG[0-9]+$``;
- ``"format": "partial-date"`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) must be a day, month or
  year that exists: ``2023-13`` and ``2023-02-30`` match the pattern but are not dates.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError

SCHEMA_DIR = Path(__file__).parent / "schemas"
PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
DATE_HINT = "YYYY, YYYY-MM or YYYY-MM-DD"

format_checker = FormatChecker()


@format_checker.checks("partial-date")
def is_partial_date(value: object) -> bool:
    """A year, a month of a year, or a day that exists in the calendar (text only)."""
    if not isinstance(value, str):
        return True
    match = PARTIAL_DATE.fullmatch(value)
    if match is None:
        return False
    year, month, day = (int(part) if part else None for part in match.groups())
    if month is not None and not 1 <= month <= 12:
        return False
    if day is not None and month is not None:
        return 1 <= day <= calendar.monthrange(year or 1, month)[1]
    return True


def whole_text_pattern(pattern: str) -> re.Pattern[str]:
    """The schema's pattern, with a final ``$`` that only matches at the very end."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    if isinstance(instance, str) and not whole_text_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _is_integer(checker: Any, instance: Any) -> bool:
    return isinstance(instance, int) and not isinstance(instance, bool)


RegistryValidator = validators.extend(
    Draft202012Validator,
    validators={"pattern": _pattern},
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer),
)


@cache
def schema(stem: str) -> dict[str, Any]:
    """The JSON Schema of one registry file (``guidelines`` -> guidelines.schema.json)."""
    return json.loads((SCHEMA_DIR / f"{stem}.schema.json").read_text(encoding="utf-8"))


@cache
def record_validator(stem: str) -> Any:
    """A validator of one record (the schema's ``items``); immutable, so shared across builds."""
    return RegistryValidator(schema(stem)["items"], format_checker=format_checker)


def record_errors(stem: str, record: Any) -> list[ValidationError]:
    """Every schema error of one record, in the order of their place in it."""
    errors = record_validator(stem).iter_errors(record)
    return sorted(errors, key=lambda e: [str(p) for p in e.absolute_path])


def describe(error: ValidationError) -> tuple[list[Any], str, str]:
    """(path inside the record to point at, message, warning subtype) for one schema error."""
    path = list(error.absolute_path)
    where = f"field '{'.'.join(str(p) for p in path)}': " if path else ""
    kind = error.validator
    if kind == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - allowed)
        return (
            path + extra[:1],
            (f"unknown field {', '.join(repr(e) for e in extra)} (allowed: {', '.join(sorted(allowed))})"),
            "schema",
        )
    if kind == "format":
        return path, f"{where}{error.instance!r} is not a real date ({DATE_HINT})", "date"
    if kind == "pattern":
        hint = error.schema.get("description", f"the pattern {error.validator_value}")
        return path, f"{where}{shorten(error.instance)} is not valid: expected {hint}", "schema"
    if kind in ("maxLength", "minLength"):
        limit = "at most" if kind == "maxLength" else "at least"
        return path, f"{where}{len(error.instance)} characters ({limit} {error.validator_value})", "schema"
    if kind in ("minimum", "maximum"):
        limit = "at least" if kind == "minimum" else "at most"
        return path, f"{where}{error.instance!r} is out of range ({limit} {error.validator_value})", "schema"
    if kind == "type":
        return path, f"{where}{shorten(error.instance)} is not of type {error.validator_value!r}", "schema"
    return path, f"{where}{error.message}", "schema"


def shorten(value: Any, length: int = 60) -> str:
    """``repr`` of a value, cut to a length a message can quote."""
    text = repr(value)
    return text if len(text) <= length else text[: length - 1] + "…"
