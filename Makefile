# Newsroom: `make run` to try it, `make test` before every push.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run install demo-data test lint format migrations-check bench ci clean

run: install demo-data
	@echo "Newsroom on http://$(HOST):$(PORT)/ (the desk at /admin/)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# Reinstalls only when pyproject.toml changes.
install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

# Everything `make run` does to the database; safe to repeat (imports update, never duplicate).
demo-data:
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_article seeds/ --publish
	$(PY) manage.py create_demo_editor
	$(PY) manage.py create_demo_editor --role reporter

test: install lint migrations-check
	$(PY) -m pytest

lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

migrations-check:
	$(PY) manage.py makemigrations --check --dry-run

# Serving (gunicorn + wrk, ratios to a plain-Django floor), growth 1,000 -> 100,000 articles on PostgreSQL,
# import rate; see bench/__main__.py. BENCH_ARGS=--quick for a smoke run, --postgres to serve from PostgreSQL.
bench: install
	$(PY) -m bench $(BENCH_ARGS)

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
