# planatlas: `make site` builds the site from the shipped graph; `make test` runs every test.
# Both install what they need on a fresh Debian machine with python3, node/npm and apt.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site test test-fast setup deps-python deps-node deps-system bytecode validate serve bench clean

site: setup
	$(BIN)/planatlas build

# Tests run in parallel workers (pytest-xdist), one per core up to 4; a file's tests stay in one worker.
JOBS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); [ $$n -gt 4 ] && n=4; echo $$n)
PYTEST := $(BIN)/python -m pytest -n $(JOBS) --dist loadfile

test: setup deps-system
	$(PYTEST)

# Everything but browser, server, Virtuoso and data-completeness tests (times in the README).
test-fast: setup
	$(PYTEST) -q -m "not browser and not server and not virtuoso and not data"

setup: deps-python deps-node bytecode

# The package's bytecode, written once: where PYTHONDONTWRITEBYTECODE is set (containers, CI) every
# command compiled the package again (0.1 s of a 0.2 s warm `query`). Up-to-date files are skipped.
bytecode: deps-python
	$(BIN)/python -m compileall -q generator/planatlas
	$(BIN)/python -c "from planatlas.sitegen.pages import compile_templates; compile_templates()"

deps-python: $(VENV)/.installed
$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

deps-node: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Debian's Chromium for browser tests and Virtuoso for the SPARQL server test (no browser downloads).
deps-system:
	@command -v chromium >/dev/null && command -v virtuoso-t >/dev/null || { \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium virtuoso-opensource >/dev/null; }

validate: deps-python
	$(BIN)/planatlas validate

serve: setup
	$(BIN)/planatlas serve

bench: setup
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf docs site .pytest_cache test-artifacts
