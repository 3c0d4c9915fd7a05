#!/usr/bin/env bash
# Create (or refresh) the project's virtual environment from the pinned requirements.
#
# Called by the Makefile whenever .venv is missing or older than a requirements file, so that a
# fresh clone needs nothing but `make html`. The venv is rebuilt from scratch rather than upgraded
# in place: a pin that was removed must not linger.
set -euo pipefail

venv=${VENV:-.venv}
python=${PYTHON:-python3}

if ! command -v "$python" >/dev/null 2>&1; then
  echo "Python 3.11 or newer is needed ($python not found); install python3 and python3-venv." >&2
  exit 1
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "Python 3.11 or newer is needed; $python is $("$python" -V 2>&1). Set PYTHON=/path/to/python3.11." >&2
  exit 1
fi
if ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
  echo "Python's venv module is missing (Debian: sudo apt-get install python3-venv)." >&2
  exit 1
fi

rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  -r requirements.txt -r requirements-test.txt
# Make our extension importable as `oneplusmg` (python -m oneplusmg check docs/_data) from the venv.
site_packages=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
echo "$(pwd)/_ext" > "$site_packages/oneplusmg-dev.pth"
touch "$venv/.installed"
