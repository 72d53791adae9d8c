# roomtui: two commands set everything up on a fresh machine.
#   make run   creates .venv, installs roomtui, opens the facilitator app
#   make test  the same environment plus test tools, ruff, mypy, then the whole suite (in parallel)
#   make lint  ruff on src and tests, mypy (strict) on the core
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test
LSTAMP := $(VENV)/.installed-lint
# Test workers: most of a test's time is waiting for a process or a screen, so more
# workers than cores pays. JOBS=0 runs in this one process (what --pdb wants).
JOBS   ?= 4
ifneq (,$(findstring snapshot-update,$(PYTEST_ARGS)))
JOBS   := 0# syrupy prunes snapshots no test of *this* process used: one process only
endif

.PHONY: run test lint bench screenshots clean venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@# an editable install leaves our modules uncompiled, and PYTHONDONTWRITEBYTECODE
	@# (set on some machines) stops Python caching them: compile once, as pip would
	$(BIN)/python -m compileall -q src
	touch $@

$(TSTAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

venv: $(STAMP)

run: $(STAMP)
	@$(BIN)/python -m compileall -q src
	$(BIN)/roomtui $(ARGS)

$(LSTAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[lint]'
	touch $@

test: $(TSTAMP)
	$(BIN)/python -m ruff check src tests
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest -n $(JOBS) --dist worksteal --durations=15 -m "not serial" $(PYTEST_ARGS)
	@# then the few tests that must not share the machine with other workers (exit 5:
	@# PYTEST_ARGS chose none of them)
	$(BIN)/python -m pytest -m serial $(PYTEST_ARGS) || [ $$? -eq 5 ]

lint: $(LSTAMP)
	$(BIN)/python -m mypy

bench: $(TSTAMP)
	$(BIN)/python -m compileall -q src
	$(BIN)/python -m tests.bench.run

screenshots: $(TSTAMP)
	$(BIN)/python -m tests.screenshots

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
