"""Bad input in a real build: located, typed warnings; the rest still renders; no traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import soup, warnings_of


def build(app) -> list[str]:
    app.build()
    return warnings_of(app)


@pytest.mark.sphinx("html", testroot="bad-schema")
def test_registry_problems_are_warnings_at_the_yaml_file_and_line(app) -> None:
    warnings = build(app)
    srcdir = str(app.srcdir)
    assert f"{srcdir}/_data/guidelines.yaml:6: WARNING: record 'unknown-field': unknown field 'titel'" in "\n".join(
        warnings
    )
    assert all(
        re.search(r"\.yaml:\d+: WARNING: .* \[oneplusmg\.(schema|duplicate|reference|date)\]$", w) for w in warnings
    ), warnings
    assert len(warnings) == 12
    # The good records render; the bad ones are left out.
    table = soup(Path(app.outdir) / "index.html").select_one("table.oneplusmg-guidelines")
    ids = [tr.td.get_text(strip=True) for tr in table.tbody.find_all("tr")]
    assert ids == ["ok", "dangling"]


@pytest.mark.sphinx("html", testroot="bad-yaml")
def test_malformed_yaml_is_reported_and_other_registries_still_render(app) -> None:
    warnings = build(app)
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{app.srcdir}/_data/guidelines.yaml:5: WARNING: malformed YAML")
    assert warnings[0].endswith("[oneplusmg.yaml]")
    page = soup(Path(app.outdir) / "index.html")
    assert page.select_one(".oneplusmg-wg-card") is not None
    assert page.select_one("p.oneplusmg-empty").get_text() == "The registry holds no guideline."


@pytest.mark.sphinx("html", testroot="empty")
def test_empty_and_missing_registry_files(app) -> None:
    warnings = build(app)
    text = "\n".join(warnings)
    assert f"{app.srcdir}/_data/working-groups.yaml:1: WARNING: the file is empty" in text
    assert (
        f"{app.srcdir}/index.md:6: WARNING: guideline-table: the registry {app.srcdir}/_data/guidelines.yaml does not exist [oneplusmg.file]"
        in text
    )
    assert (
        soup(Path(app.outdir) / "index.html").select_one("p.oneplusmg-empty").get_text() == "No working group to show."
    )


@pytest.mark.sphinx("html", testroot="bad-options")
def test_bad_directive_options_and_role_ids_are_located_in_the_page(app) -> None:
    warnings = build(app)
    index = f"{app.srcdir}/index.md"
    expected = [
        f"{index}:3: WARNING: guideline-table: unknown value 'mandatory' for :level:",
        f"{index}:3: WARNING: guideline-table: unknown value 'WG9' for :working-group:",
        f"{index}:3: WARNING: guideline-table: unknown value 'colour' for :columns:",
        f"{index}:3: WARNING: guideline-table: unknown value 'size' for :sort:",
        f"{index}:10: WARNING: unknown wg id 'WG42' in {{wg}} role",
        f"{index}:12: WARNING: wg-cards: unknown value 'WG77' for :groups:",
        f"{index}:16: WARNING: phase-timeline: unknown value 'nothing' for :phases:",
        f"{index}:20: WARNING: no grant for project id 'XYZ' in {{grant}} role",
        f"{index}:22: WARNING: no level for guideline id 'no-such-guideline' in {{level}} role",
        # A record's own page titled otherwise than its record: at the line of the title.
        f"{app.srcdir}/wg1.md:6: WARNING: the page of the working group 'WG1' is titled 'The first group', but "
        "its registry names it 'WG1: Scope, stakeholders, organisation and governance' [oneplusmg.title]",
        f"{app.srcdir}/gr.md:6: WARNING: the page of the country 'GR' is titled 'Hellas', but its registry names "
        "it 'Greece' [oneplusmg.title]",
    ]
    for start in expected:
        assert any(w.startswith(start) for w in warnings), (start, warnings)
    assert all(w.endswith(("[oneplusmg.option]", "[oneplusmg.reference]", "[oneplusmg.title]")) for w in warnings)
    assert len(warnings) == len(expected)
    page = soup(Path(app.outdir) / "index.html")
    # An unknown filter value matches nothing rather than everything.
    assert page.select_one("p.oneplusmg-empty").get_text().startswith("No guideline matches")
    assert [c.get_text(strip=True)[:3] for c in page.select(".oneplusmg-card-title")] == ["WG1"]


@pytest.mark.sphinx("html", testroot="bad-options", confoverrides={"suppress_warnings": ["oneplusmg.option"]})
def test_our_warnings_can_be_suppressed_by_type_and_subtype(app) -> None:
    warnings = build(app)
    assert len(warnings) == 5 and all("[oneplusmg.reference]" in w or "[oneplusmg.title]" in w for w in warnings)
