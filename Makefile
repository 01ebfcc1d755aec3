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

# What newslint does, in one screen: findings in the full layout, a fix, the bundled fixtures.
demo: $(STAMP)
	@echo "== newslint check --select dates,captions.credit fixtures/articles/seed-article.txt"
	@echo "   (a wire photo caption against the house style: 3 of its 8 findings)"
	@$(BIN)/newslint check --output-format full --select dates,captions.credit \
		fixtures/articles/seed-article.txt || true
	@echo "== newslint fix seed-article.txt  (on a copy: the safe fixes; what is left needs an editor)"
	@copy=$$(mktemp -d) && cp fixtures/articles/seed-article.txt "$$copy" && cd "$$copy" && \
		$(abspath $(BIN))/newslint fix --output-format full seed-article.txt; rm -rf "$$copy"
	@echo "== newslint check fixtures  (all the bundled articles, in five formats: the last line)"
	@$(BIN)/newslint check --output-format concise fixtures | tail -n 1
	@echo "== newslint check --ruleset ap fixtures/wire/ap-wire-story.txt  (wire copy, wire rules)"
	@$(BIN)/newslint check --ruleset ap fixtures/wire/ap-wire-story.txt
	@echo "Next: 'newslint fix --interactive FILE' reviews each fix; 'newslint fix --diff FILE' previews them."

test: $(STAMP)
	$(BIN)/ruff check .
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
# Then `newslint lsp`: a change to its diagnostics, as a ratio to `newslint check` on the file.
bench: $(STAMP)
	$(BIN)/python -m bench.bench $(BENCH_ARGS)
	$(BIN)/python bench/read_speed.py
	$(BIN)/python bench/lsp_latency.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
