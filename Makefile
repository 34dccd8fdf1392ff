# oral-archive: `make run` serves a sample archive, `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SAMPLE := oral-archive-data/sample
PORT   ?= 5000
SIZE   ?= 1000000
ENGINE ?=

.PHONY: install run test lint fuzz eval bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/oral-archive --archive $(SAMPLE) ingest examples
	$(BIN)/oral-archive --archive $(SAMPLE) serve --host 127.0.0.1 --port $(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .

fuzz: install
	ORAL_ARCHIVE_FUZZ_EXAMPLES=5000 $(BIN)/python -m pytest tests -k fuzz

eval: install
	$(BIN)/python -m tools.evaluate

bench: install
	$(BIN)/python -m bench --size $(SIZE) $(if $(ENGINE),--engine $(ENGINE))

clean:
	rm -rf $(VENV) oral-archive-data .pytest_cache build
