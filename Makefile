# Two commands for a newcomer: `make run` and `make test`. Both install what they need and are
# quick the second time (stamps record what is installed).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 3000
BUN := .tools/node_modules/.bin/bun
DEPS_STAMP := $(VENV)/.deps-$(shell cat pyproject.toml | sha256sum | cut -c1-12)
TEST_STAMP := $(VENV)/.test-deps-$(shell cat pyproject.toml | sha256sum | cut -c1-12)

export PATH := $(CURDIR)/.tools/node_modules/.bin:$(CURDIR)/$(VENV)/bin:$(PATH)
export REFLEX_USE_SYSTEM_BUN := 1
export NPM_CONFIG_REGISTRY ?= https://registry.npmjs.org/
export REFLEX_TELEMETRY_ENABLED := false
export REFLEX_CHECK_LATEST_VERSION := false
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test install test-deps lint screenshots bench clean

run: install
	$(VENV)/bin/cc-admin migrate
	$(VENV)/bin/cc-admin bootstrap
	$(VENV)/bin/cc-admin serve --port $(PORT)

install: $(DEPS_STAMP) $(BUN)

$(PY):
	$(PYTHON) -m venv $(VENV)

$(DEPS_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	rm -f $(VENV)/.deps-*
	touch $@

$(BUN):
	npm install --silent --no-audit --no-fund --prefix .tools bun@1

test-deps: install $(TEST_STAMP)
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@test -x /usr/sbin/nginx || { \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null 2>&1 || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; }; }
	@fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || { \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1 || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; }; }

$(TEST_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[test]"
	rm -f $(VENV)/.test-deps-*
	touch $@

test: test-deps
	$(VENV)/bin/ruff check convenience_center tests benchmarks scripts
	$(VENV)/bin/lint-imports
	$(VENV)/bin/pyright
	$(PY) -m pytest $(PYTEST_ARGS)
	$(PY) -m benchmarks suite --quick

lint: test-deps
	$(VENV)/bin/ruff check convenience_center tests benchmarks scripts
	$(VENV)/bin/lint-imports
	$(VENV)/bin/pyright

screenshots: test-deps
	$(PY) scripts/screenshots.py $(SCREENSHOT_ARGS)

# The speed and capacity suite beside a bare Reflex app (writes docs/benchmarks.md); other
# benchmarks, e.g. the staff dashboard on generated data:
#   make bench BENCH_ARGS="dashboard --cases 1000000 --backend postgresql"
BENCH_ARGS ?= suite
bench: test-deps
	$(PY) -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf .web .states __pycache__
