# The two commands a newcomer needs: `make run` and `make test`.
# Without DATABASE_URL / REDIS_URL both use the embedded default (SQLite + a filesystem broker).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha256sum | cut -c1-12)

.PHONY: run test install lint format migrate demo clean bench-reminders bench screenshots

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

# Serves http://127.0.0.1:8000 with a Celery worker and a single beat; Ctrl-C stops all three.
run: export DEBUG ?= true
run: export DEMO_MODE ?= true
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(VENV)/bin/honcho start -f Procfile.dev

migrate: install
	DEBUG=true $(PY) manage.py migrate --noinput

demo: export DEBUG ?= true
demo: export DEMO_MODE ?= true
demo: migrate
	$(PY) manage.py seed_demo

# On every core (pytest-xdist: one test database per worker); TEST_WORKERS=0 runs in one
# process. `--dist loadgroup` keeps the tests that share one Redis in one worker.
TEST_WORKERS ?= auto
test: install
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadgroup

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DEBUG=true $(VENV)/bin/mypy
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The guides' screenshots (docs/images/*.png, 1280x800): a browser test walks the officer's,
# the regulator's and the admin's main pages on built data. Needs Debian's chromium.
screenshots: install
	DOCS_SCREENSHOTS=docs/images $(VENV)/bin/pytest tests/e2e/test_guide_screenshots.py -q

# The reminder sweep against a naive per-row loop on 100,000 deadlines. PostgreSQL only, in a
# database of its own (created if missing, emptied), never DATABASE_URL, and not the page
# benchmark's either: emptying that one would cost its 300,000 filings a reseed.
BENCH_REMINDERS_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/reminders_bench
# Both benchmarks run with config.settings_bench: production's settings plus the benchmarks app
# (production does not install it); the processes `bench` starts get the same module.
bench-reminders: export DJANGO_SETTINGS_MODULE = config.settings_bench
bench-reminders: install
	DEBUG=true DATABASE_URL=$(BENCH_REMINDERS_DATABASE_URL) $(PY) manage.py bench_reminders

# The page benchmark (issue #7): gunicorn with production settings under wrk, on 300,000
# seeded filings, with the demo data's query counts alongside; then the realistic mix (120
# logged-in people on their own pages, a writer at 2 writes/s, a Celery worker and beat).
# Prints both tables and writes var/bench/last.json. Both databases are created if missing.
# BENCH_RESEED=0 keeps a database that is already seeded; BENCH_ARGS passes options to
# bench_run (e.g. --duration 5 --mix-duration 30 --writes-per-second 4 --users 150).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/filings_bench
BENCH_DEMO_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/filings_bench_demo
BENCH_RESEED ?= 1
# The workers' shared cache (emptied at each run); BENCH_CACHE_URL= for a per-process cache.
export BENCH_CACHE_URL ?= redis://127.0.0.1:6379/3
# The Celery broker of the mix's worker, beat and writer (emptied at each run).
export BENCH_BROKER_URL ?= redis://127.0.0.1:6379/9
BENCH_ARGS ?=
bench: export DJANGO_SETTINGS_MODULE = config.settings_bench
bench: install
	DATABASE_URL=$(BENCH_DEMO_DATABASE_URL) $(PY) manage.py bench_run --create-database
	DEBUG=true DATABASE_URL=$(BENCH_DEMO_DATABASE_URL) $(PY) manage.py migrate --noinput
	DEBUG=true DATABASE_URL=$(BENCH_DEMO_DATABASE_URL) $(PY) manage.py seed_demo --force
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench_run --create-database
	DEBUG=true DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput
	@if [ "$(BENCH_RESEED)" = 0 ] && \
		DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench_run --check-seeded; then \
		echo "BENCH_RESEED=0: keeping the seeded data."; \
	else \
		echo "DEBUG=true DATABASE_URL=... manage.py bench_seed --yes"; \
		DEBUG=true DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench_seed --yes; \
	fi
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench_run \
		--demo-database $(BENCH_DEMO_DATABASE_URL) $(BENCH_ARGS)

clean:
	rm -rf var/ .pytest_cache .ruff_cache
