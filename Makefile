# Two commands: `make run` serves the app with demo data, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install messages lint bench bench-live bench-pdf bench-load clean policy-doc

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The who-may-what page is generated from the policy (a test checks they agree).
policy-doc: install
	$(PY) manage.py policy_doc > docs/who-may-what.md

# Rebuild the Danish translation catalogue after changing texts (needs GNU gettext).
messages: install
	$(PY) manage.py makemessages --locale da --ignore '.venv/*' --ignore 'node_modules/*'
	$(PY) manage.py compilemessages --locale da --ignore '.venv/*' --ignore 'node_modules/*'

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

bench: install
	$(PY) bench/run.py

# Live scoring: send-to-arrival at 5, 15, 30 participants through daphne (needs Redis).
bench-live: install
	$(PY) bench/live_scoring.py

# The recommendation PDF against WeasyPrint's plain page of the same length.
bench-pdf: install
	$(PY) bench/pdf.py

# Pages under 20 concurrent logged-in clients through daphne, on the PostgreSQL database in
# DATABASE_URL (e.g. BENCH_ARGS="--workers 2 --json var/load.json"); see bench/README.md.
bench-load: install
	$(PY) bench/load.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles
