# Every target builds .venv first, so each works on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install browser test lint validate coverage publish bench schema fuzz sarif-check clean

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

# Debian's Chromium for the web directory's browser test, where missing and apt-get can.
browser:
	sh .ci/install-chromium

test: lint browser
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

# The peers (check-jsonschema, yamale) go into .venv here only, not into `make test`'s set-up.
# BENCH_ARGS, e.g. "--preset national --write-results": see bench/README.md.
BENCH_ARGS ?=
bench: install
	$(BIN)/python -m pip install --quiet -r bench/requirements.txt
	$(BIN)/python bench/run.py $(BENCH_ARGS)
	$(BIN)/python bench/error_heavy.py --repeat 1

# Bounded fuzzing of the per-file checks (not part of `make test`; see fuzz/README.md).
FUZZ_SECONDS ?= 60
fuzz: install
	$(BIN)/python -m pip install --quiet 'atheris>=2.3'
	mkdir -p fuzz/crashes fuzz/corpus-new
	$(BIN)/python fuzz/fuzz_listing.py fuzz/corpus-new fuzz/corpus \
		-max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix=fuzz/crashes/

# GitHub's own SARIF rules (the SARIF Multitool's GH and SARIF rules, Linux x64) over a
# validate report with findings; not part of `make test`: the npm package is 100 MB.
MULTITOOL_DIR := $(VENV)/sarif-multitool
MULTITOOL := $(MULTITOOL_DIR)/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
sarif-check: install
	npm install --silent --no-audit --no-fund --prefix $(MULTITOOL_DIR) \
		@microsoft/sarif-multitool-linux@5.7.0
	chmod u+x $(MULTITOOL)
	$(BIN)/hubctl --listings $(CURDIR)/tests/fixtures/readme validate --on 2026-11-23 \
		--format sarif > $(MULTITOOL_DIR)/hubctl.sarif || test $$? -eq 1
	$(MULTITOOL) validate --rule-kind 'Sarif;Gh' $(MULTITOOL_DIR)/hubctl.sarif \
		-o $(MULTITOOL_DIR)/findings.sarif --log ForceOverwrite > $(MULTITOOL_DIR)/findings.txt
	! grep -E ': (error|warning) ' $(MULTITOOL_DIR)/findings.txt

clean:
	rm -rf $(VENV) dist build .pytest_cache .mypy_cache .ruff_cache fuzz/crashes fuzz/corpus-new
