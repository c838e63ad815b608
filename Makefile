# Every target builds .venv first, so each works on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install test lint validate coverage publish bench schema clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

lint: install
	$(BIN)/ruff check hubctl tests bench
	$(BIN)/ruff format --check hubctl tests bench
	$(BIN)/mypy hubctl

test: lint
	$(BIN)/hubctl schema --check
	$(BIN)/pytest -q

validate: install
	$(BIN)/hubctl validate

coverage: install
	$(BIN)/hubctl coverage

publish: install
	$(BIN)/hubctl publish --out dist

schema: install
	$(BIN)/hubctl schema

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) dist build .pytest_cache .mypy_cache .ruff_cache
