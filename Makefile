# Two commands for a newcomer: `make run` and `make test`. Only Python 3.11+ and make needed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000

.PHONY: run test lint format messages bench bench-outbox bench-deadline worker beat relay clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# Links in the demo emails and the printed logins point at the port actually served.
# The demo's emails go to files under var/mail/ only, so the console ends with the logins,
# which serve_demo prints once the server listens.
DEMO_MAIL := EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: $(VENV)/.runtime
	mkdir -p var/mail
	$(BIN)/python manage.py migrate --noinput
	$(DEMO_MAIL) LOG_LEVEL=WARNING $(BIN)/python manage.py seed_demo --no-banner
	$(DEMO_MAIL) $(BIN)/python manage.py serve_demo 127.0.0.1:$(PORT)

test: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/mypy
	CONN_MAX_AGE=0 $(BIN)/python -m pytest $(PYTEST_ARGS)

# mypy checks the modules listed under [tool.mypy] files in pyproject.toml.
lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(VENV)/.dev
	$(BIN)/python manage.py makemessages -l fr --no-obsolete --ignore=.venv --ignore=var --ignore=tests --ignore=test-artifacts --ignore=bench
	$(BIN)/python manage.py compilemessages -l fr --ignore=.venv

bench: $(VENV)/.dev
	$(BIN)/python -m bench

# Needs DATABASE_URL (PostgreSQL) and redis-server; starts its own Redis, worker and relay.
bench-outbox: $(VENV)/.dev
	$(BIN)/python -m bench.outbox

# Needs DATABASE_URL (PostgreSQL) and redis-server; minutes of load (bench/deadline.py --help).
bench-deadline: $(VENV)/.dev
	$(BIN)/python -m bench.deadline $(BENCH_ARGS)

worker: $(VENV)/.runtime
	$(BIN)/celery -A config worker --loglevel=INFO

beat: $(VENV)/.runtime
	$(BIN)/celery -A config beat --loglevel=INFO

# Hands outbox emails to the broker (REDIS_URL); without REDIS_URL they go out in process.
relay: $(VENV)/.runtime
	$(BIN)/python manage.py outbox_relay

clean:
	rm -rf $(VENV) var
