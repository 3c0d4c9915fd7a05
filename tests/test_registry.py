"""The registry loader and the command-line checker, without Sphinx."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, ROOTS
from oneplusmg.registry import load_registry


def problems_by_line(data_dir: Path) -> dict[tuple[str, int | None], list[str]]:
    found: dict[tuple[str, int | None], list[str]] = {}
    for problem in load_registry(data_dir).problems:
        found.setdefault((Path(problem.path).name, problem.line), []).append(f"{problem.subtype}: {problem.message}")
    return found


def test_good_registry_loads_every_record_in_file_order() -> None:
    registry = load_registry(ROOTS / "_data-basic")
    assert registry.problems == []
    assert list(registry.working_groups) == ["WG1", "WG2", "WG5"]
    assert len(registry.guidelines) == 6
    assert registry.phases["declaration"].start == "2018-04-10"  # dates stay text
    assert registry.guidelines["duo"].line == 9
    assert [p.id for p in registry.phases_in_order()] == ["declaration", "roadmap-2020", "operation"]


def test_every_schema_problem_is_located_and_the_bad_record_left_out() -> None:
    found = problems_by_line(ROOTS / "test-bad-schema" / "_data")
    expected = {
        (
            "working-groups.yaml",
            5,
        ): "schema: record 'G7': field 'id': 'G7' is not valid: expected WG followed by a number",
        ("working-groups.yaml", 12): "schema: record 'WG3': field 'status': 'dormant' is not one of",
        ("guidelines.yaml", 6): "schema: record 'unknown-field': unknown field 'titel'",
        ("guidelines.yaml", 8): "schema: record 'no-title': 'title' is a required property",
        ("guidelines.yaml", 12): "schema: record 'bad-year': field 'year': 'soon' is not of type 'integer'",
        ("guidelines.yaml", 15): "schema: record 'bad-url': field 'url': 'ftp://example.org/file' is not valid",
        ("guidelines.yaml", 18): "schema: record 'bad-level': field 'level': 'mandatory' is not one of",
        ("guidelines.yaml", 19): "duplicate: duplicate id 'ok' (first defined on line 1)",
        ("phases.yaml", 3): "date: record 'roadmap': field 'start': '2023-02-30' is not a real date",
        ("phases.yaml", 4): "date: 'backwards': ends (2020) before it starts (2024)",
    }
    for (filename, line), start in expected.items():
        messages = found.get((filename, line), [])
        assert any(m.startswith(start) for m in messages), (filename, line, messages)
    registry = load_registry(ROOTS / "test-bad-schema" / "_data")
    assert set(registry.guidelines) == {"ok", "dangling"}
    assert registry.guidelines["ok"].title == "A good record"  # the duplicate did not replace it


def test_dangling_references_are_reported_and_dropped_but_the_record_kept() -> None:
    registry = load_registry(ROOTS / "test-bad-schema" / "_data")
    messages = [str(p) for p in registry.problems if p.subtype == "reference"]
    assert any("guidelines.yaml:21: 'dangling': working_groups refers to 'WG9'" in m for m in messages)
    assert any("'dangling': phase refers to 'no-such-phase', which is not in phases.yaml" in m for m in messages)
    assert registry.guidelines["dangling"].working_groups == ["WG1"]
    assert registry.guidelines["dangling"].phase is None


def test_malformed_yaml_is_a_located_problem_not_a_traceback() -> None:
    found = problems_by_line(ROOTS / "test-bad-yaml" / "_data")
    assert list(found) == [("guidelines.yaml", 5)]
    assert found[("guidelines.yaml", 5)][0].startswith("yaml: malformed YAML")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the file is empty"),
        ("id: WG1\nname: x\n", "a registry file must be a YAML list of mappings"),
        ("- just a string\n", "is not of type 'object'"),
        ("\xff\xfe", "not UTF-8 text"),
    ],
)
def test_broken_files_never_raise(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "working-groups.yaml").write_bytes(content.encode("latin-1"))
    registry = load_registry(tmp_path)
    assert registry.working_groups == {}
    assert any(message in p.message for p in registry.problems), registry.problems


def run_check(data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "oneplusmg", "check", str(data_dir)],
        capture_output=True,
        text=True,
        cwd=REPO / "_ext",
        check=False,
    )


def test_cli_passes_on_the_site_registries() -> None:
    result = run_check(REPO / "docs" / "_data")
    assert result.returncode == 0, result.stderr
    assert "All registries valid" in result.stdout


def test_cli_prints_located_problems_and_fails() -> None:
    result = run_check(ROOTS / "test-bad-schema" / "_data")
    assert result.returncode == 1
    assert "guidelines.yaml:6: WARNING: record 'unknown-field': unknown field 'titel'" in result.stderr
    assert "[oneplusmg.schema]" in result.stderr and "[oneplusmg.duplicate]" in result.stderr


def test_cli_fails_on_a_missing_folder(tmp_path: Path) -> None:
    assert run_check(tmp_path / "nowhere").returncode == 1


def test_table_selection_from_the_index_matches_a_scan_of_every_record() -> None:
    """Any value within one option, all options together; the same set a full scan finds."""
    import itertools

    from oneplusmg.guidelines import FILTERS, select

    registry = load_registry(REPO / "docs" / "_data")

    def scan(filters: dict[str, list[str]]) -> set[str]:
        def holds(guideline, option, wanted):
            value = getattr(guideline, FILTERS[option][0])
            return any(v in wanted for v in (value if isinstance(value, list) else [value]))

        return {
            g.id
            for g in registry.guidelines.values()
            if all(holds(g, option, wanted) for option, wanted in filters.items())
        }

    choices = {
        "level": [["required"], ["recommended", "informational"]],
        "working-group": [["WG1"], ["WG5", "WG8"], ["WG99"]],
        "phase": [[next(iter(registry.phases))]],
        "domain": [[next(iter(registry.domains))]],
    }
    tried = combined_hits = 0
    for size in (1, 2, 3):
        for options in itertools.combinations(choices, size):
            for values in itertools.product(*(choices[o] for o in options)):
                filters = dict(zip(options, values, strict=True))
                found = {g.id for g in select(registry, filters)}
                assert found == scan(filters), filters
                tried += 1
                combined_hits += bool(found) and size > 1
    assert tried > 20 and combined_hits > 3
    assert len(select(registry, {})) == len(registry.guidelines)
    wg_ids = [g.id for g in registry.guidelines_for_group("WG1")]
    assert wg_ids == [g.id for g in registry.guidelines.values() if "WG1" in g.working_groups]  # file order
