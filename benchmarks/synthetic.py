"""Synthetic but valid registries and projects, to see how builds grow with the data.

Records are built only from ids that exist in the real registries (working groups, phases,
domains, topics), so they pass the JSON Schemas and the cross-file checks exactly like real
ones: a benchmark of invalid data would time the error paths instead. A fixed seed makes every
run build the same data, so runs can be compared.
"""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

LEVELS = ("required", "recommended", "informational")
KINDS = ("guideline", "deliverable", "standard", "policy", "report", "tool", "training", "publication",
         "resource")
ADJECTIVES = ("Minimal", "Federated", "Common", "Secure", "National", "Harmonised", "Open", "Shared",
              "Interoperable", "Trusted", "Scalable", "Reference")
NOUNS = ("metadata model", "consent template", "access policy", "quality checklist", "data model",
         "pipeline specification", "governance charter", "training curriculum", "security baseline",
         "ontology mapping", "sequencing protocol", "evaluation framework", "implementation guide",
         "reporting template", "sharing agreement")
CONTEXTS = ("rare diseases", "cancer", "infectious diseases", "population genomics", "newborn screening",
            "pharmacogenomics", "cardiology", "neurology", "biobanks", "hospitals", "research",
            "national nodes", "data holders", "clinicians", "patients", "cohorts", "registries",
            "laboratories", "ethics committees", "public health")
# A word that appears in about one title in twenty: what the filter benchmark types.
FILTER_QUERY = "pharmacogenomics"
# The registries the synthetic guidelines point into, copied as they are.
REFERENCED = ("working-groups.yaml", "phases.yaml", "projects.yaml", "domains.yaml", "topics.yaml")


def registry_ids(path: Path) -> list[str]:
    """The ids of a real registry file, in file order."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return [str(item["id"]) for item in yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or []]


@dataclass
class Vocabulary:
    """The real ids a synthetic guideline may refer to."""

    working_groups: list[str]
    phases: list[str]
    domains: list[str]
    topics: list[str]

    @classmethod
    def from_data(cls, data_dir: Path) -> Vocabulary:
        return cls(*(registry_ids(data_dir / name) for name in
                     ("working-groups.yaml", "phases.yaml", "domains.yaml", "topics.yaml")))


def guideline_records(count: int, vocab: Vocabulary, *, start: int = 0, seed: int = 1) -> list[dict]:
    """``count`` valid guideline records; ids ``synthetic-NNNNNN`` from ``start``."""
    rng = random.Random(seed + start)
    records = []
    for number in range(start, start + count):
        title = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} for {rng.choice(CONTEXTS)} ({number})"
        record = {
            "id": f"synthetic-{number:06d}",
            "title": title,
            "level": rng.choice(LEVELS) if rng.random() > 0.1 else None,
            "working_groups": rng.sample(vocab.working_groups, rng.choice((1, 1, 2))),
            "phase": rng.choice(vocab.phases),
            "domain": rng.choice(vocab.domains),
            "topics": [rng.choice(vocab.topics)],
            "year": rng.randint(2018, 2025),
            "url": f"https://example.org/oneplusmg/synthetic/{number}",
            "kind": rng.choice(KINDS),
            "summary": f"A synthetic record used to measure how the site scales ({number}).",
        }
        records.append({k: v for k, v in record.items() if v is not None})
    return records


def to_yaml(records: list[dict]) -> str:
    """YAML text in the registry's own layout (a block list of mappings), written directly.

    Strings go through ``json.dumps``: a JSON string is a valid double-quoted YAML scalar.
    yaml.safe_dump would do, but is slow for 50,000 records and this output is simple.
    """
    out = []
    for record in records:
        first = True
        for key, value in record.items():
            prefix = "- " if first else "  "
            first = False
            if isinstance(value, list):
                out.append(f"{prefix}{key}:\n" + "".join(f"    - {json.dumps(v)}\n" for v in value))
            else:
                out.append(f"{prefix}{key}: {json.dumps(value, ensure_ascii=False)}\n")
    return "".join(out)


def matching(records: list[dict], wg: str, level: str) -> int:
    """How many records a table filtered by one working group and one level shows."""
    return sum(1 for r in records if wg in r["working_groups"] and r.get("level") == level)


def page_filters(index: int, vocab: Vocabulary) -> tuple[str, str]:
    """The (working group, level) of page ``index``: every combination in turn."""
    return vocab.working_groups[index % len(vocab.working_groups)], LEVELS[(index // len(vocab.working_groups)) % 3]


SCALE_CONF = '''"""A synthetic project for benchmarks/scale.py: our extension, MyST, theme {theme}."""
import sys

sys.path.insert(0, {ext_dir!r})
project = "oneplusmg scale benchmark"
extensions = ["myst_parser", "oneplusmg"]
source_suffix = {{".md": "markdown"}}
exclude_patterns = ["_data/**"]
oneplusmg_data_dir = "_data"
html_theme = {theme!r}
'''


def write_scale_project(dest: Path, records: list[dict], pages: int, vocab: Vocabulary, real_data: Path,
                        ext_dir: Path, theme: str = "basic") -> int:
    """A project of ``pages`` pages, each with one filtered guideline-table; returns the rows rendered."""
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "_data").mkdir(parents=True)
    (dest / "pages").mkdir()
    for name in REFERENCED:
        shutil.copy2(real_data / name, dest / "_data" / name)
    (dest / "_data" / "guidelines.yaml").write_text(to_yaml(records), encoding="utf-8")
    (dest / "conf.py").write_text(SCALE_CONF.format(theme=theme, ext_dir=str(ext_dir)), encoding="utf-8")
    (dest / "index.md").write_text("# Scale benchmark\n\n```{toctree}\n:glob:\n:maxdepth: 1\n\npages/*\n```\n",
                                   encoding="utf-8")
    counts: dict[tuple[str, str], int] = {}
    rows = 0
    for index in range(pages):
        wg, level = page_filters(index, vocab)
        if (wg, level) not in counts:
            counts[(wg, level)] = matching(records, wg, level)
        rows += counts[(wg, level)]
        (dest / "pages" / f"page-{index:04d}.md").write_text(
            f"# Page {index}: {wg}, {level}\n\nThe {level} guidelines of {wg}.\n\n"
            f"```{{guideline-table}}\n:working-group: {wg}\n:level: {level}\n```\n", encoding="utf-8")
    return rows


def grow_registry(registry: Path, total: int, vocab: Vocabulary) -> int:
    """Append synthetic records to a real guidelines.yaml until it holds ``total``; returns how many."""
    existing = len(registry_ids(registry))
    extra = max(0, total - existing)
    text = registry.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    registry.write_text(text + to_yaml(guideline_records(extra, vocab, start=existing)), encoding="utf-8")
    return extra
