# roomtui: two commands set everything up on a fresh machine.
#   make run   creates .venv, installs roomtui, opens the facilitator app
#   make test  the same environment plus test tools, then the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: run test bench screenshots clean venv

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

test: $(TSTAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(TSTAMP)
	$(BIN)/python -m compileall -q src
	$(BIN)/python -m tests.bench.run

screenshots: $(TSTAMP)
	$(BIN)/python -m tests.screenshots

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
