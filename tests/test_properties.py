"""Generated hostile registries (Hypothesis): the loader never raises, and what it keeps is safe.

Good records of the test data are mutated (a field replaced by a random value of any YAML type,
a field removed, an unknown key added), written back as YAML and loaded. Whatever the input, the
loader answers with records and located problems, and every record it keeps is one that pages,
tables and the PDF can show: text on one line without control characters, dates that exist.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOTS
from oneplusmg.builders import format_date, format_period
from oneplusmg.records import Milestone, date_sort_key, parse_date
from oneplusmg.registry import KINDS, load_registry
from oneplusmg.yamlfile import CONTROL

BASIC = ROOTS / "_data-basic"
FILES = [kind.filename for kind in KINDS if (BASIC / kind.filename).exists()]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True),
    st.text(max_size=60),
    st.sampled_from(["2023-13", "2023-02-30", "0000", "2018.0", "WG1\n", "a\n\nb", "=cmd()", "\x07", "9" * 40]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)


def mutate(records: list[dict[str, Any]], data: st.DataObject) -> list[dict[str, Any]]:
    record = data.draw(st.sampled_from(records))
    action = data.draw(st.sampled_from(["replace", "remove", "add"]))
    key = data.draw(st.sampled_from(sorted(record))) if action != "add" else data.draw(st.text(min_size=1, max_size=10))
    if action == "remove":
        record.pop(key, None)
    else:
        record[key] = data.draw(values)
    return records


def assert_safe(record: Any) -> None:
    """What a page would read from a kept record cannot break a builder."""
    for item in fields(record):
        value = getattr(record, item.name)
        texts = value if isinstance(value, list) else [value]
        for text in texts:
            if isinstance(text, str):
                assert not CONTROL.search(text) and "\n" not in text, (item.name, text)
    for name in ("start", "end", "declaration_signed"):
        value = getattr(record, name, None)
        if isinstance(value, str):
            parse_date(value)
            format_date(value)
            date_sort_key(value, end=True)
    for milestone in getattr(record, "milestones", []):
        assert isinstance(milestone, Milestone)
        parse_date(milestone.date)
    if hasattr(record, "start") and hasattr(record, "end") and not isinstance(record.start, int):
        format_period(record.start, record.end)


@SETTINGS
@given(filename=st.sampled_from(FILES), data=st.data())
def test_mutated_registries_never_crash_the_loader(tmp_path_factory, filename: str, data: st.DataObject) -> None:
    folder = tmp_path_factory.mktemp("data")
    for name in FILES:
        (folder / name).write_bytes((BASIC / name).read_bytes())
    records = mutate(yaml.safe_load((BASIC / filename).read_text(encoding="utf-8")), data)
    (folder / filename).write_text(yaml.safe_dump(records, allow_unicode=True), encoding="utf-8")
    registry = load_registry(folder)
    for problem in registry.problems:
        assert Path(problem.path).parent == folder and problem.subtype
    for kind in KINDS:
        for record in registry.records(kind.attr).values():
            assert_safe(record)


@SETTINGS
@given(text=st.text(max_size=400))
def test_any_text_as_a_registry_file_never_crashes_the_loader(tmp_path_factory, text: str) -> None:
    folder = tmp_path_factory.mktemp("data")
    (folder / "guidelines.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    registry = load_registry(folder)
    for record in registry.guidelines.values():
        assert_safe(record)
