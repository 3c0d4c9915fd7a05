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
        ("working-groups.yaml", 5): "schema: record 'G7': field 'id': 'G7' is not valid: expected WG followed by a number",
        ("working-groups.yaml", 12): "schema: record 'WG3': field 'status': 'dormant' is not one of",
        ("guidelines.yaml", 6): "schema: record 'unknown-field': unknown field 'titel'",
        ("guidelines.yaml", 8): "schema: record 'no-title': 'title' is a required property",
        ("guidelines.yaml", 12): "schema: record 'bad-year': field 'year': 'soon' is not of type 'integer'",
        ("guidelines.yaml", 15): "schema: record 'bad-url': field 'url': 'ftp://example.org/file' is not valid",
        ("guidelines.yaml", 18): "schema: record 'bad-level': field 'level': 'mandatory' is not one of",
        ("guidelines.yaml", 19): "duplicate: duplicate id 'ok' (first defined on line 1)",
        ("phases.yaml", 1): "date: 'roadmap': '2023-02-30' is not a real date",
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


@pytest.mark.parametrize(("content", "message"), [
    ("", "the file is empty"),
    ("id: WG1\nname: x\n", "a registry file must be a YAML list of mappings"),
    ("- just a string\n", "is not of type 'object'"),
    ("\xff\xfe", "not UTF-8 text"),
])
def test_broken_files_never_raise(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "working-groups.yaml").write_bytes(content.encode("latin-1"))
    registry = load_registry(tmp_path)
    assert registry.working_groups == {}
    assert any(message in p.message for p in registry.problems), registry.problems


def run_check(data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "oneplusmg", "check", str(data_dir)],
                          capture_output=True, text=True, cwd=REPO / "_ext", check=False)


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
