# signaalroute — two commands on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo test install install-test assets messages chromium gettext lint typecheck \
        openapi openapi-check migrations-check demo-code serve clean bench-stacking bench-stacking-db bench-monitoring \
        pg-client backup-roundtrip

$(VENV)/.installed-base: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed-base
	$(PIP) install --quiet -e '.[test,dev]'
	touch $@

install: $(VENV)/.installed-base
install-test: $(VENV)/.installed-test

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

assets: node_modules/.package-lock.json
	$(PYTHON) scripts/build_assets.py

gettext:
	@command -v msgfmt >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext; \
	  else echo "msgfmt (Debian package gettext) is missing; install it as root." >&2; exit 1; fi; }

messages: gettext install
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

chromium:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "Chromium ($(CHROMIUM)) is missing: apt-get install chromium as root." >&2; exit 1; fi; }

# pg_dump, pg_restore, createdb and dropdb for the PostgreSQL backups (docs/operations.md).
pg-client:
	@command -v pg_dump >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client; \
	  else echo "pg_dump (Debian package postgresql-client) is missing; install it as root." >&2; exit 1; fi; }

demo: install assets messages
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) seed_demo
	@echo "Serving on http://127.0.0.1:8000 — stop with Ctrl+C."
	$(MANAGE) runserver 127.0.0.1:8000 --insecure

demo-code:
	@$(MANAGE) demo_code $(PERSONA)

# Two pytest-xdist workers, each with its own test database, live server and Chromium;
# PYTEST_WORKERS=0 runs the suite in one process.
PYTEST_WORKERS ?= 2
test: install-test assets messages chromium
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Backup and restore round trip (docs/operations.md): migrate, load the demo, add an attachment,
# back up, restore into a second empty database and verify; on each engine of
# BACKUP_ROUNDTRIP_ENGINES. PostgreSQL: the server of BACKUP_ROUNDTRIP_POSTGRES.
BACKUP_ROUNDTRIP_ENGINES ?= sqlite postgresql
backup-roundtrip: install pg-client
	$(PY) scripts/backup_roundtrip.py $(BACKUP_ROUNDTRIP_ENGINES)

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

typecheck: install-test
	$(VENV)/bin/mypy

migrations-check: install
	$(MANAGE) makemigrations --check --dry-run

openapi: install
	DJANGO_SETTINGS_MODULE=signaalroute.conf.test $(MANAGE) spectacular --file docs/openapi.yaml --validate --fail-on-warn

openapi-check: install
	DJANGO_SETTINGS_MODULE=signaalroute.conf.test $(MANAGE) spectacular --file var/openapi.generated.yaml --validate --fail-on-warn
	diff -u docs/openapi.yaml var/openapi.generated.yaml

clean:
	rm -rf $(VENV) node_modules var src/signaalroute/static/vendor

# The stacking benchmark (not part of `make test`): FEBRL 1-4 and generated sets, ours against
# Splink. BENCH_SIZES=1000,10000 shortens it; see docs/benchmarks.md.
$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed-base
	$(PIP) install --quiet -e '.[bench]'
	touch $@

bench-stacking: $(VENV)/.installed-bench
	$(PY) -m bench.stacking.run

# The database stacking engine's per-insert latency (SQLite in a temp dir; PostgreSQL with
# BENCH_DATABASE_URL). No extra dependencies; see docs/benchmarks.md, "The database engine".
bench-stacking-db: $(VENV)/.installed-base
	$(PY) -m bench.stacking.engine_db

# The dashboard and yearly-report benchmark (not part of `make test`): 38 municipalities,
# 50,000 signals; SQLite, or PostgreSQL with BENCH_DATABASE_URL. See docs/benchmarks.md.
bench-monitoring: $(VENV)/.installed-base
	$(PY) -m bench.monitoring.run
