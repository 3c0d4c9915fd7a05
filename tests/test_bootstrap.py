"""From a clean clone, `make html` alone sets up the virtualenv and builds the site."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, require_command


@pytest.mark.slow
def test_make_html_from_a_clean_clone(tmp_path: Path) -> None:
    git = require_command("git", "git")
    clone = tmp_path / "clone"
    subprocess.run([git, "clone", "--quiet", str(REPO), str(clone)], check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if ".venv" not in p)
    result = subprocess.run(["make", "html"], cwd=clone, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, (result.stdout[-3000:], result.stderr[-3000:])
    assert (clone / ".venv" / ".installed").exists()
    assert (clone / "_build" / "html" / "index.html").exists()
    # A second run finds the venv up to date and does not set it up again.
    again = subprocess.run(["make", "-n", "html"], cwd=clone, env=env, capture_output=True, text=True, check=True)
    assert "bootstrap-venv" not in again.stdout
