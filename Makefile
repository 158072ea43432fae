# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PO := $(BIN)/projectoffice

.PHONY: install demo serve test lint typecheck check clean

$(BIN)/projectoffice: pyproject.toml requirements/constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements/constraints.txt -e '.[dev]'
	touch $(BIN)/projectoffice

install: $(BIN)/projectoffice

demo: install
	$(PO) migrate --noinput
	$(PO) demo --reset
	$(PO) runserver 127.0.0.1:8000

serve: install
	$(PO) runserver 127.0.0.1:8000

test: install
	$(BIN)/pytest -n 2 -q

lint: install
	$(BIN)/ruff check projectoffice bench $(wildcard tests) conftest.py
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy projectoffice

check: lint typecheck test

clean:
	rm -rf $(VENV) db.sqlite3 var/
