"""``python -m oneplusmg check docs/_data``: the registry checks, for editors, without Sphinx."""

from __future__ import annotations

import argparse
import os
import sys

from .registry import KINDS, load_registry


def check(data_dir: str) -> int:
    """Print every problem as the Sphinx build would; 1 if there is any, 0 otherwise."""
    if not os.path.isdir(data_dir):
        print(f"{data_dir}: no such folder [oneplusmg.file]", file=sys.stderr)
        return 1
    registry = load_registry(data_dir)
    if not registry.present:
        names = ", ".join(kind.filename for kind in KINDS)
        print(f"{data_dir}: no registry file here (expected one of: {names}) [oneplusmg.file]", file=sys.stderr)
        return 1
    for problem in registry.problems:
        print(f"{problem.location}: WARNING: {problem.message} [oneplusmg.{problem.subtype}]", file=sys.stderr)
    counts = ", ".join(
        f"{len(registry.records(kind.attr))} {kind.stem}" for kind in KINDS if kind.attr in registry.present
    )
    if registry.problems:
        print(f"{len(registry.problems)} problem(s) found ({counts}).", file=sys.stderr)
        return 1
    print(f"All registries valid: {counts}.")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; the exit status is the command's (1 if any registry has a problem)."""
    parser = argparse.ArgumentParser(prog="python -m oneplusmg", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate the YAML registries in a folder")
    check_parser.add_argument("data_dir", help="the registry folder, e.g. docs/_data")
    args = parser.parse_args(argv)
    return check(args.data_dir)


if __name__ == "__main__":
    sys.exit(main())
