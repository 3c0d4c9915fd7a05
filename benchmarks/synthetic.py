"""Synthetic but valid guidelines, to see how builds grow with the data.

Records point only at ids of the real registries, so they pass every schema and cross-file check
as real ones do (invalid data would time the error paths). A fixed seed gives every run the same
records, the same as the previous benchmarks made, so figures compare across runs.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

LEVELS = ("required", "recommended", "informational")
KINDS = ["guideline", "deliverable", "standard", "policy", "report", "tool", "training", "publication", "resource"]
ADJECTIVES = "Minimal Federated Common Secure National Harmonised Open Shared Interoperable Trusted Scalable Reference"
NOUNS = (
    "metadata model, consent template, access policy, quality checklist, data model, pipeline specification, "
    "governance charter, training curriculum, security baseline, ontology mapping, sequencing protocol, "
    "evaluation framework, implementation guide, reporting template, sharing agreement"
)
CONTEXTS = (
    "rare diseases, cancer, infectious diseases, population genomics, newborn screening, pharmacogenomics, "
    "cardiology, neurology, biobanks, hospitals, research, national nodes, data holders, clinicians, patients, "
    "cohorts, registries, laboratories, ethics committees, public health"
)
FILTER_QUERY = "pharmacogenomics"  # in about one title in twenty: what the filter benchmark types
REFERENCED = ("working-groups.yaml", "phases.yaml", "domains.yaml", "topics.yaml")
PROJECT_FILES = (*REFERENCED, "projects.yaml")  # what a synthetic project copies from the real data
CONF = """import sys
sys.path.insert(0, {ext!r})
project = "oneplusmg scale benchmark"
extensions = ["myst_parser", "oneplusmg"]
exclude_patterns = ["_data/**"]
oneplusmg_data_dir = "_data"
html_theme = "basic"
"""


def vocabulary(data: Path) -> dict[str, list[str]]:
    """The ids of the registries a guideline refers to, in file order."""
    load = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return {name: [str(r["id"]) for r in yaml.load((data / name).read_bytes(), Loader=load)] for name in REFERENCED}


def records(count: int, vocab: dict[str, list[str]], start: int = 0) -> list[dict[str, object]]:
    """``count`` valid guideline records, ids ``synthetic-NNNNNN`` from ``start``."""
    wgs, phases, domains, topics = (vocab[name] for name in REFERENCED)
    rng = random.Random(1 + start)
    adjectives, nouns, contexts = ADJECTIVES.split(), NOUNS.split(", "), CONTEXTS.split(", ")
    out: list[dict[str, object]] = []
    for n in range(start, start + count):
        record: dict[str, object] = {
            "id": f"synthetic-{n:06d}",
            "title": f"{rng.choice(adjectives)} {rng.choice(nouns)} for {rng.choice(contexts)} ({n})",
            "level": rng.choice(LEVELS) if rng.random() > 0.1 else None,
            "working_groups": rng.sample(wgs, rng.choice((1, 1, 2))),
            "phase": rng.choice(phases),
            "domain": rng.choice(domains),
            "topics": [rng.choice(topics)],
            "year": rng.randint(2018, 2025),
            "url": f"https://example.org/oneplusmg/synthetic/{n}",
            "kind": rng.choice(KINDS),
            "summary": f"A synthetic record used to measure how the site scales ({n}).",
        }
        out.append({k: v for k, v in record.items() if v is not None})
    return out


def to_yaml(items: list[dict[str, object]]) -> str:
    """The records as a registry file (libyaml's emitter: fast), one line a value."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return str(yaml.dump(items, Dumper=dumper, sort_keys=False, allow_unicode=True, width=1000))


def grow(registry: Path, total: int) -> int:
    """Append synthetic records to a real guidelines.yaml up to ``total``; returns how many."""
    text = registry.read_text(encoding="utf-8").rstrip("\n") + "\n"
    existing = sum(1 for line in text.splitlines() if line.startswith("- id:"))
    extra = max(0, total - existing)
    registry.write_text(text + to_yaml(records(extra, vocabulary(registry.parent), existing)), encoding="utf-8")
    return extra


def project(dest: Path, count: int, pages: int, site: Path) -> Path:
    """``pages`` pages, each a guideline-table of one working group and one level, in turn, over the
    registries of ``site`` and ``count`` synthetic guidelines; laid out as the site is (conf.py beside
    docs/), so it builds as the site does."""
    shutil.rmtree(dest, ignore_errors=True)
    data, docs = site / "docs" / "_data", dest / "docs"
    shutil.copytree(data, docs / "_data", ignore=lambda _, names: set(names) - set(PROJECT_FILES))
    (docs / "pages").mkdir()
    vocab = vocabulary(data)
    (docs / "_data" / "guidelines.yaml").write_text(to_yaml(records(count, vocab)), encoding="utf-8")
    (dest / "conf.py").write_text(CONF.format(ext=str(site / "_ext")), encoding="utf-8")
    toctree = "# Scale benchmark\n\n```{toctree}\n:glob:\n:maxdepth: 1\n\npages/*\n```\n"
    (docs / "index.md").write_text(toctree, encoding="utf-8")
    wgs = vocab["working-groups.yaml"]
    for i in range(pages):
        wg, level = wgs[i % len(wgs)], LEVELS[(i // len(wgs)) % 3]
        (docs / "pages" / f"page-{i:04d}.md").write_text(
            f"# Page {i}: {wg}, {level}\n\nThe {level} guidelines of {wg}.\n\n"
            f"```{{guideline-table}}\n:working-group: {wg}\n:level: {level}\n```\n",
            encoding="utf-8",
        )
    return dest
