# heatportal: `make run` serves the portal with demo data, `make test` runs every check.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
DEV_ENV := DEBUG=true
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint bench setup deps css messages services clean

$(VENV)/.installed: pyproject.toml
	@python=$$(scripts/find-python.sh) || exit 1; \
	  [ -x $(PY) ] || $$python -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q ".[dev]"
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The one stylesheet the pages link: the Utrecht CSS the templates use, then static/css/portal.css.
# Built on every make (about a second; it rewrites the file only when it changed), so a new
# template class or a portal.css edit is never served stale.
css: node_modules/.installed
	@node scripts/build-css.mjs

deps: $(VENV)/.installed node_modules/.installed css

messages: deps
	@$(DEV_ENV) $(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

setup: deps messages

# Links in the demo's mails point at the server `make run` starts, whatever its host and port.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: setup
	$(DEV_ENV) $(MANAGE) migrate --no-input -v 0
	$(DEV_ENV) $(MANAGE) load_reference_data
	$(DEV_ENV) $(MANAGE) seed_demo
	$(DEV_ENV) $(MANAGE) runserver $(HOST):$(PORT)

services:
	@scripts/ensure-services.sh

lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo

test: setup services lint
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Issue 10's benchmark on the national scale data over HTTP (scripts/bench/config.py lists the
# BENCH_* settings, e.g. BENCH_SCALES="0.1 1.0"); writes bench/results.json and the README table.
bench: setup services
	$(PY) -m scripts.bench

clean:
	rm -rf $(VENV) node_modules var staticfiles static/vendor
