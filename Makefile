# Lanes — the two set-up commands are `make run` and `make test` (see README.md).
# Both install missing Debian packages when run as root, then build in release mode.

SHELL := /bin/bash
SWIFT ?= swift
RELEASE_BIN := .build/release
ARGS ?=
VENV := .venv
PYTHON := $(VENV)/bin/python
DEBIAN_PACKAGES ?= libsecp256k1-dev libsqlite3-dev zlib1g-dev pkg-config

FIXTURES ?= $(if $(LANES_FIXTURES),$(LANES_FIXTURES),../shared/fixtures)
STATE_TEST_DIRS := $(FIXTURES)/GeneralStateTests $(FIXTURES)/GeneralStateTests-PragueOsaka

.PHONY: run test build deps venv swift-test python-test state-test-sample statetests block-tests bench clean

## deps: install the Debian packages the build links against (apt-get, as root, only if missing).
deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "==> installing missing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  else \
	    echo "error: missing Debian packages:$$missing — run 'sudo apt-get install$$missing' (or make as root)"; exit 1; \
	  fi; \
	fi

## build: release build of the node and the benchmark tool.
build: deps
	$(SWIFT) build -c release

## run: build and start the node in the foreground; pass flags with ARGS="…".
run: build
	$(RELEASE_BIN)/lanes $(ARGS)

## venv: Python packages for tests (pinned in requirements.txt) in a git-ignored venv.
## Without network access the Python tests are skipped, unless LANES_REQUIRE_PYTHON=1.
$(VENV)/.installed: requirements.txt
	@rm -rf $(VENV)
	@if python3 -m venv $(VENV) && $(VENV)/bin/pip install -q --disable-pip-version-check -r requirements.txt; then \
	  touch $@; \
	else \
	  rm -rf $(VENV); \
	  if [ "$$LANES_REQUIRE_PYTHON" = "1" ]; then echo "error: could not install requirements.txt"; exit 1; fi; \
	  echo "notice: Python test dependencies unavailable; Python tests will be skipped"; \
	fi

venv: $(VENV)/.installed

## test: one release build with tests, then the Swift suites and the Python suites.
test: deps
	@$(MAKE) --no-print-directory venv || [ "$$LANES_REQUIRE_PYTHON" != "1" ]
	$(SWIFT) build -c release --build-tests
	$(MAKE) --no-print-directory swift-test state-test-sample state-test-differential block-tests python-test

swift-test:
	$(SWIFT) test -c release --skip-build

python-test:
	@if [ -x $(PYTHON) ] && [ -f $(VENV)/.installed ]; then \
	  LANES_BIN=$(RELEASE_BIN)/lanes LANES_BENCH_BIN=$(RELEASE_BIN)/lanes-bench $(PYTHON) -m pytest -q tests; \
	elif [ "$$LANES_REQUIRE_PYTHON" = "1" ]; then \
	  echo "error: LANES_REQUIRE_PYTHON=1 but the Python venv is missing"; exit 1; \
	else \
	  echo "notice: skipping Python tests (no venv)"; \
	fi

## state-test-sample: one state-test file from every fixture folder (part of make test).
state-test-sample:
	@if [ -d "$(FIXTURES)/GeneralStateTests" ]; then \
	  $(RELEASE_BIN)/lanes statetest $$(python3 scripts/statetest_sample.py $(STATE_TEST_DIRS)) | grep -v '^PASS'; \
	  exit $${PIPESTATUS[0]}; \
	elif [ "$$LANES_REQUIRE_FIXTURES" = "1" ]; then echo "error: fixtures not found at $(FIXTURES)"; exit 1; \
	else echo "notice: skipping the state-test sample (no fixtures at $(FIXTURES))"; fi

## block-tests: every blockchain test in the fixtures, with the sequential executor and with
## Block-STM forced at 2 threads (part of make test).
block-tests:
	@if [ -d "$(FIXTURES)/BlockchainTests" ]; then \
	  for e in sequential parallel; do \
	    echo "==> lanes blocktest --executor $$e"; \
	    $(RELEASE_BIN)/lanes blocktest --executor $$e --threads 2 $(FIXTURES)/BlockchainTests | grep -v '^PASS'; \
	    [ $${PIPESTATUS[0]} = 0 ] || exit 1; \
	  done; \
	elif [ "$$LANES_REQUIRE_FIXTURES" = "1" ]; then echo "error: fixtures not found at $(FIXTURES)"; exit 1; \
	else echo "notice: skipping the blockchain tests (no fixtures at $(FIXTURES))"; fi

## statetests: every state test in the fixtures (release build), failures listed.
statetests: build
	@$(RELEASE_BIN)/lanes statetest $(STATE_TEST_DIRS) | grep -v '^PASS'; exit $${PIPESTATUS[0]}

## bench: micro-benchmarks of the foundation (JSON on stdout).
bench: build
	$(RELEASE_BIN)/lanes-bench primitives

clean:
	rm -rf .build $(VENV)

-include mk/*.mk
