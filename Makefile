# 1+MG Framework: build, preview, print and test the site.
#
# Every target sets up what it needs: the virtualenv (.venv, from the pinned requirements, rebuilt
# when a requirements file is newer) and, for the PDF and the tests, the system packages
# (scripts/system-deps.sh installs them as root with apt-get, or names them and stops).

PYTHON      ?= python3
VENV        := .venv
BIN         := $(VENV)/bin
SOURCEDIR   := docs
BUILDDIR    := _build
JOBS        ?= auto
# Warnings are errors, nitpicky references, and keep going to report every problem at once.
SPHINXOPTS  ?= -W --keep-going -n
SPHINXBUILD := $(BIN)/sphinx-build -c . $(SPHINXOPTS)
STAMP       := $(VENV)/.installed
NODE_STAMP  := node_modules/.installed
HOST        ?= 127.0.0.1
PORT        ?= 8000
# What a save must not rebuild: hidden files (editors' swap files), backups, caches, the build, the
# generated guideline stubs. Matched against absolute paths: only the file name may start with a
# dot (the checkout itself may sit in a hidden folder).
# One process: a save rebuilds a page or a few, where Sphinx's parallel workers (started, then
# polled every 20 ms) cost more than they save (benchmarks/: edit to reload).
LIVE_JOBS   ?= 1
LIVE_IGNORE := /\.[^/]*$$|~$$|/(__pycache__|_build)/|/docs/guidelines/

.DEFAULT_GOAL := help
.PHONY: help html latexpdf livehtml linkcheck text test test-fast lint bench check-data clean venv

help: ## Show this help
	@echo "1+MG Framework: make <target>"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-11s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-test.txt scripts/bootstrap-venv.sh
	@echo "Setting up $(VENV) from the pinned requirements..."
	@VENV=$(VENV) PYTHON=$(PYTHON) scripts/bootstrap-venv.sh

venv: $(STAMP) ## Create or refresh the virtualenv

html: $(STAMP) ## Build the website into _build/html (warnings are errors)
	$(SPHINXBUILD) -j $(JOBS) -b html $(SOURCEDIR) $(BUILDDIR)/html
	@echo "Open $(BUILDDIR)/html/index.html"

text: $(STAMP) ## Build a plain-text version into _build/text
	$(SPHINXBUILD) -j $(JOBS) -b text $(SOURCEDIR) $(BUILDDIR)/text

latexpdf: $(STAMP) ## Build the PDF reports into _build/latex (needs TeX)
	@scripts/system-deps.sh latex
	$(BIN)/sphinx-build -M latexpdf $(SOURCEDIR) $(BUILDDIR) -c . -j $(JOBS) -q
	@ls -1 $(BUILDDIR)/latex/*.pdf

# sphinx-autobuild's options and reload; each save is built by a process that has Sphinx, the
# extensions and the environment loaded before it (python -m oneplusmg.live, _ext/oneplusmg/live.py).
livehtml: $(STAMP) ## Preview on http://127.0.0.1:8000, rebuilt in a warm process on every save
	PYTHONPATH=_ext $(BIN)/python -m oneplusmg.live -c . -n -j $(LIVE_JOBS) --host $(HOST) --port $(PORT) \
	  --watch _ext --watch _static --watch _templates --watch conf.py \
	  --re-ignore '$(LIVE_IGNORE)' \
	  $(SOURCEDIR) $(BUILDDIR)/livehtml

linkcheck: $(STAMP) ## Check every external link (needs the network)
	$(BIN)/sphinx-build -c . -b linkcheck $(SOURCEDIR) $(BUILDDIR)/linkcheck

check-data: $(STAMP) ## Validate the YAML registries in docs/_data
	PYTHONPATH=_ext $(BIN)/python -m oneplusmg check $(SOURCEDIR)/_data

# Node packages from package-lock.json: axe-core, pa11y (HTML_CodeSniffer) and vnu-jar (the Nu HTML
# Checker). Puppeteer (pa11y's) must not download a browser: the tests drive Debian's Chromium.
$(NODE_STAMP): package.json package-lock.json
	@scripts/system-deps.sh browser
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --silent
	@touch $(NODE_STAMP)

lint: $(STAMP) ## Lint, format check and type check (ruff, mypy; settings in pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: $(STAMP) $(NODE_STAMP) lint ## Run every test (lint, site, extension, PDF, browser)
	@scripts/system-deps.sh all
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: $(STAMP) ## Run the tests that need neither TeX nor a browser nor a clean clone
	$(BIN)/python -m pytest -m "not slow and not pdf and not browser" $(PYTEST_ARGS)

bench: $(STAMP) ## Measure builds (also against AGAINST, default 0a1105a), sizes, scale; writes benchmarks/RESULTS.md
	@scripts/system-deps.sh all
	$(BIN)/python benchmarks/run.py $(if $(AGAINST),--against $(AGAINST))

clean: ## Remove the build output (keeps .venv)
	rm -rf $(BUILDDIR)
