# Sottovoce: `make run` serves the portal, `make test` runs every check. `make help` lists all.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VECTORS ?= ../shared/spec/vectors
OUR_VECTORS := docs/protocol/vectors
PORT ?= 5000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.DEFAULT_GOAL := help

help: ## list the targets
	@grep -E '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json tools/build-vendor.mjs
	npm ci --no-audit --no-fund
	touch $@

setup: $(BIN)/.installed node_modules/.installed ## create .venv, install Python and npm packages, build static/vendor

chromium: ## install Debian's Chromium for the browser tests, if it is missing
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

run: setup ## serve the portal on SQLite (a demo office and an enrolment link on first run)
	$(BIN)/sottovoce run --port $(PORT)

lint: setup ## ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: setup ## mypy --strict
	$(BIN)/mypy

vectors: setup ## the shared test vectors and our own (docs/protocol/vectors), Python and JavaScript
	$(BIN)/python -m crypto check-vectors $(VECTORS)
	npm run --silent check-vectors -- $(VECTORS)
	$(BIN)/python -m crypto check-vectors $(OUR_VECTORS)
	npm run --silent check-vectors -- $(OUR_VECTORS)

test: setup chromium lint types vectors ## everything: lint, types, vectors, JS unit tests, pytest (API, browser)
	npm test --silent
	@# API, crypto, realtime and client tests on both cores; the browser tests one at a time (each
	@# drives two or three Chromium pages and a portal process already)
	$(BIN)/pytest -n 2 -m "not browser" --durations=10
	$(BIN)/pytest -m browser --durations=10

bench: setup ## benchmarks that print figures
	@for b in bench/[a-z]*.py; do echo "== $$b"; PYTHONPATH=. $(BIN)/python $$b || exit 1; done

clean: ## remove the environment, packages and build leftovers (keeps instance/)
	rm -rf $(VENV) node_modules static/vendor .mypy_cache .ruff_cache .pytest_cache *.egg-info

.PHONY: help setup chromium run lint types vectors test bench clean
