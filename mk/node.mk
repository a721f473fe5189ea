## soak: the kill -9 restart test with many rounds (LANES_CRASH_ROUNDS, default 20).
.PHONY: soak e2e
SOAK_ROUNDS ?= 20
soak: build
	@$(MAKE) --no-print-directory venv
	LANES_BIN=$(RELEASE_BIN)/lanes LANES_CRASH_ROUNDS=$(SOAK_ROUNDS) $(PYTHON) -m pytest -q tests/e2e/test_crash_restart.py

## e2e: only the end-to-end tests against a live node (release build).
e2e:
	LANES_BIN=$(RELEASE_BIN)/lanes $(PYTHON) -m pytest -q tests/e2e
