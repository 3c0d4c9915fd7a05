"""The compiled schema checks: never call invalid data valid, and spare jsonschema on valid data."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from conftest import REPO, ROOTS
from jsonschema import Draft202012Validator
from oneplusmg.compiled_schema import UnsupportedSchema, compile_schema
from oneplusmg.registry import REGISTRY_FILES, SCHEMA_DIR, _compose, quick_check

SITE_DATA = REPO / "docs" / "_data"
STEMS = [rf.stem for rf in REGISTRY_FILES]

# Values that break one constraint or another of most fields.
ODD_VALUES: list[Any] = [
    None, True, False, 0, 7, -1, 2.0, 2.5, "", " ", "Bad Id", "x", "WG99", "2024-13-01", "ftp://a.b",
    "https://example.org/x", [], ["a", "a"], ["WG1"], [1], {}, {"a": 1}, "required", 2030, 1800,
]


def registry_data(stem: str) -> list[dict[str, Any]]:
    return _compose((SITE_DATA / f"{stem}.yaml").read_text(encoding="utf-8"))[1]


def mutations(records: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """The data with one field of one record changed, dropped or added, for every field seen."""
    fields = sorted({key for record in records for key in record})
    for index in range(min(len(records), 3)):
        for key in fields + ["unknown_field"]:
            for value in ODD_VALUES:
                changed = copy.deepcopy(records)
                changed[index][key] = value
                yield changed
            if key in records[index]:
                changed = copy.deepcopy(records)
                del changed[index][key]
                yield changed
    yield records + [records[0]["id"]]  # a record that is not a mapping
    yield {"not": "a list"}  # type: ignore[misc]


@pytest.mark.parametrize("stem", STEMS)
def test_every_schema_compiles_and_passes_the_site_registries(stem: str) -> None:
    check = quick_check(stem)
    assert check is not None, f"{stem}: the schema uses a keyword the compiled checks do not know"
    assert check(registry_data(stem)), f"{stem}: valid site data must not need jsonschema"


@pytest.mark.parametrize("stem", STEMS)
def test_the_compiled_check_agrees_with_jsonschema(stem: str) -> None:
    """Sound: a True is always right. Useful: it catches every mutation jsonschema rejects."""
    schema = json.loads((SCHEMA_DIR / f"{stem}.schema.json").read_text(encoding="utf-8"))
    check = compile_schema(schema)
    validator = Draft202012Validator(schema)
    tried = rejected = 0
    for data in mutations(registry_data(stem)):
        tried += 1
        valid = validator.is_valid(data)
        if check(data):
            assert valid, f"{stem}: compiled check accepted data jsonschema rejects: {data!r:.300}"
        rejected += not valid
        # The only disagreements allowed are the cases deliberately left to jsonschema.
        if not check(data) and valid:
            assert _has_float_or_nonstring_list(data), f"{stem}: needless fallback for {data!r:.300}"
    assert tried > 100 and rejected > 50, (tried, rejected)


def _has_float_or_nonstring_list(data: Any) -> bool:
    if isinstance(data, float):
        return True
    if isinstance(data, list):
        return any(not isinstance(item, (str, dict)) for item in data) or any(map(_has_float_or_nonstring_list, data))
    if isinstance(data, dict):
        return any(map(_has_float_or_nonstring_list, data.values()))
    return False


def test_bad_schema_root_is_rejected_by_the_compiled_checks_too() -> None:
    data_dir = ROOTS / "test-bad-schema" / "_data"
    for stem in ("working-groups", "guidelines"):
        data = yaml.safe_load((data_dir / f"{stem}.yaml").read_text(encoding="utf-8"))
        assert quick_check(stem)(data) is False


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "format": "date"},
        {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        {"type": "object", "additionalProperties": {"type": "string"}},
        {"type": "array", "items": [{"type": "string"}]},
        {"enum": [1, 2]},
        {"type": "date"},
    ],
)
def test_a_schema_feature_it_does_not_know_is_refused_not_ignored(schema: dict[str, Any]) -> None:
    with pytest.raises(UnsupportedSchema):
        compile_schema(schema)


def test_loading_valid_registries_does_not_import_jsonschema() -> None:
    code = (
        "import sys; from oneplusmg.registry import load_registry; "
        f"r = load_registry({str(SITE_DATA)!r}); assert not r.problems, r.problems; "
        "print('jsonschema' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
