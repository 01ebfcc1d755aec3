# Quick start: `make demo` and `make test` on a fresh machine; both set up .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast bench lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	@echo "== newslint check fixtures/articles (house style) =="
	@$(BIN)/newslint check --fail-on error fixtures/articles/seed-article.txt fixtures/articles/clean || true
	@echo
	@echo "== the seed article under wire (AP) style =="
	@$(BIN)/newslint check --ruleset ap fixtures/articles/seed-article.txt || true
	@echo
	@echo "== the whole fixtures folder, one line per file =="
	@$(BIN)/newslint check fixtures/articles --format json | $(BIN)/python -c "import json,sys,collections; c=collections.Counter(f['path'] for f in json.load(sys.stdin)); [print(f'{n:3d} findings  {p}') for p,n in sorted(c.items())]"

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

bench: $(STAMP)
	$(BIN)/python bench/read_speed.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
