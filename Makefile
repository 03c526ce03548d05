# Sammen: `make run` starts the portal with demo data, `make test` runs every check.
# Both install what is missing first and are safe to run again.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Development settings for the commands below (production sets its own environment).
DEV_ENV := DJANGO_DEBUG=1
# What `check --deploy` is run with: production settings, no debug, a real-looking secret.
DEPLOY_ENV := DJANGO_DEBUG=0 DJANGO_SECRET_KEY=deploy-check-$$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n') \
	DJANGO_ALLOWED_HOSTS=sammen.example.dk DATABASE_URL=sqlite:///$(CURDIR)/var/deploy-check.sqlite3

.PHONY: run test install check lint format messages migrate demo clean

run: install migrate demo
	@echo ""
	@echo "Sammen kører på http://$(HOST):$(PORT)/  (stop med Ctrl+C)"
	@echo "Demo-logins (adgangskode for alle: sammen-demo):"
	@$(DEV_ENV) $(PY) manage.py seed_demo --list-logins
	@echo "E-mails (fx bekræftelse af ny konto) skrives i denne terminal."
	@echo ""
	$(DEV_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

test: install check
	$(PY) -m pytest
	@if [ -n "$$SAMMEN_TEST_POSTGRES_URL" ]; then \
		echo "== The same suite on PostgreSQL =="; \
		DATABASE_URL="$$SAMMEN_TEST_POSTGRES_URL" $(PY) -m pytest; \
	else \
		echo "PostgreSQL run skipped: set SAMMEN_TEST_POSTGRES_URL (.ci/run starts a server and sets it)."; \
	fi

check: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING

install: $(VENV)/.installed node_modules/.installed messages

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	mkdir -p var
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

messages: $(VENV)/.installed
	$(DEV_ENV) $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules --verbosity 0

migrate: install
	$(DEV_ENV) $(PY) manage.py migrate --verbosity 0
	$(DEV_ENV) $(PY) manage.py createcachetable

demo: migrate
	$(DEV_ENV) $(PY) manage.py seed_demo

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) node_modules var/sammen.sqlite3* var/static
