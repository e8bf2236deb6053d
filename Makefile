# The two commands a newcomer needs: `make run` and `make test`.
# Without DATABASE_URL / REDIS_URL both use the embedded default (SQLite + a filesystem broker).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha256sum | cut -c1-12)

.PHONY: run test install lint format migrate demo clean bench-reminders

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

test: install
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The reminder sweep against a naive per-row loop on 100,000 deadlines. PostgreSQL only, in a
# database of its own (created if missing, emptied): BENCH_DATABASE_URL, never DATABASE_URL.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/filings_bench
bench-reminders: install
	DEBUG=true DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench_reminders

clean:
	rm -rf var/ .pytest_cache .ruff_cache
