# Vox: `make run` serves the demo community at http://127.0.0.1:8000, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENDOR := portal/static/vendor
STAMP := $(VENV)/.installed

.PHONY: run check test test-sqlite test-postgres test-browser install assets bench messages clean

run: install
	$(BIN)/portal run

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Exact versions from requirements.lock; the project itself goes in editable, without resolving again.
$(STAMP): $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP) assets

# Front-end assets come from npm (package-lock.json) and are copied, never committed.
assets: $(VENDOR)/.stamp

$(VENDOR)/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js
	cp node_modules/htmx-ext-sse/dist/sse.min.js $(VENDOR)/sse.min.js
	cp node_modules/@picocss/pico/css/pico.min.css $(VENDOR)/pico.min.css
	cp node_modules/axe-core/axe.min.js $(VENDOR)/axe.min.js
	touch $@

# The architecture contracts (import-linter, [tool.importlinter] in pyproject.toml) and the type
# checker ([tool.mypy]); both keep a cache (.import_linter_cache, .mypy_cache), so a rerun is quick.
check: install
	$(BIN)/lint-imports
	$(BIN)/mypy

# The checks first; the whole suite on SQLite; again on PostgreSQL when TEST_DATABASE_URL is set;
# then the browser journeys (their own pytest run: sync Playwright and pytest-asyncio do not share
# a process well).
test: install check
	$(BIN)/python -m pytest tests --ignore=tests/browser
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== the same suite on PostgreSQL ($$TEST_DATABASE_URL)"; \
		VOX_TEST_DB=postgres $(BIN)/python -m pytest tests --ignore=tests/browser; \
	else echo "== PostgreSQL leg skipped: TEST_DATABASE_URL is not set"; fi
	$(BIN)/python -m pytest tests/browser

# The load tool is Debian's wrk (installed here when missing).
bench: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/run.py --db postgres

# Refresh the German catalogue after changing UI strings.
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k NP_:1,2 -k _ -o portal/locale/messages.pot .
	$(BIN)/pybabel update -i portal/locale/messages.pot -d portal/locale -l de --no-fuzzy-matching

clean:
	rm -rf $(VENV) node_modules $(VENDOR) test-artifacts .mypy_cache .import_linter_cache
