# Every target builds .venv first, so each works on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install test lint validate coverage publish bench schema fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

lint: install
	$(BIN)/ruff check hubctl tests bench fuzz
	$(BIN)/ruff format --check hubctl tests bench fuzz
	$(BIN)/mypy hubctl tests

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
	$(BIN)/python bench/error_heavy.py

# Bounded fuzzing of the per-file checks (not part of `make test`; see fuzz/README.md).
FUZZ_SECONDS ?= 60
fuzz: install
	$(BIN)/python -m pip install --quiet 'atheris>=2.3'
	mkdir -p fuzz/crashes fuzz/corpus-new
	$(BIN)/python fuzz/fuzz_listing.py fuzz/corpus-new fuzz/corpus \
		-max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix=fuzz/crashes/

clean:
	rm -rf $(VENV) dist build .pytest_cache .mypy_cache .ruff_cache fuzz/crashes fuzz/corpus-new
