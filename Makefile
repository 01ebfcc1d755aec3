# Quick start: `make demo` and `make test` on a fresh machine; both set up .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast fuzz bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	@echo "== newslint check fixtures  (default house style; exit code 1 means findings) =="
	@$(BIN)/newslint check fixtures || true
	@echo
	@echo "== newslint check --ruleset ap fixtures/articles/seed-article.txt  (wire style) =="
	@$(BIN)/newslint check --ruleset ap fixtures/articles/seed-article.txt || true
	@echo
	@echo "== newslint fix --diff fixtures/articles/seed-article.txt  (what fix would change) =="
	@$(BIN)/newslint fix --diff fixtures/articles/seed-article.txt || true

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

# The fuzzing targets (readers, check + fix) with many more examples than `make test` gives them.
fuzz: $(STAMP)
	NEWSLINT_FUZZ=long $(BIN)/python -m pytest -q tests/test_fix_property.py \
		$(wildcard tests/test_fuzz_*.py)

# Timings for people to read (never asserted by tests): newslint against textlint-prh, proselint
# and the floors on the BBC News corpus. Corpus and peers are fetched into .cache/bench on first use.
# `make bench BENCH_ARGS=--quick` for a one-run smoke test; `--runs N`, `--only newslint,floors`.
bench: $(STAMP)
	$(BIN)/python -m bench.bench $(BENCH_ARGS)
	$(BIN)/python bench/read_speed.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
