# Differential EVM testing against the reference implementation (included by the main Makefile).
#   make fuzz-evm   generate NEW random state tests with a random seed, compute their expected
#                   results with the reference (ethereum-execution 2.20.0, `ethereum-spec-evm t8n`,
#                   installed into the git-ignored .venv-spec), then run `lanes statetest` on them
#                   and list mismatches. FUZZ_EVM_CASES=16 cases, FUZZ_EVM_SEED=<random>,
#                   bounded by FUZZ_EVM_TIMEOUT=900 seconds. Cases are written to .build-fuzz-evm/.
#   make differential-cases  regenerate the committed Tests/Fixtures/differential (slow).
# `make test` runs only the committed cases (state-test-differential) and never the reference.
RELEASE_BIN ?= .build/release
SPEC_VENV ?= .venv-spec
SPEC_PACKAGE ?= ethereum-execution==2.20.0
FUZZ_EVM_CASES ?= 16
FUZZ_EVM_SEED ?=
FUZZ_EVM_TIMEOUT ?= 900
FUZZ_EVM_OUT ?= .build-fuzz-evm/cases
DIFFERENTIAL_DIR ?= Tests/Fixtures/differential
DIFFERENTIAL_SEED ?= 7
DIFFERENTIAL_CASES ?= 48

.PHONY: fuzz-evm differential-cases state-test-differential spec-venv

$(SPEC_VENV)/.installed:
	@rm -rf $(SPEC_VENV)
	python3 -m venv $(SPEC_VENV)
	$(SPEC_VENV)/bin/pip install -q --disable-pip-version-check "$(SPEC_PACKAGE)"
	@touch $@

spec-venv: $(SPEC_VENV)/.installed

fuzz-evm: $(SPEC_VENV)/.installed
	@test -x $(RELEASE_BIN)/lanes || $(SWIFT) build -c release --product lanes
	@rm -rf $(FUZZ_EVM_OUT)
	timeout $(FUZZ_EVM_TIMEOUT) $(SPEC_VENV)/bin/python scripts/evm_differential.py \
	  --cases $(FUZZ_EVM_CASES) --max-cases $(FUZZ_EVM_CASES) --no-coverage-fail --random-targets --large-initcode \
	  --out $(FUZZ_EVM_OUT) --check $(RELEASE_BIN)/lanes $(if $(FUZZ_EVM_SEED),--seed $(FUZZ_EVM_SEED))

differential-cases: $(SPEC_VENV)/.installed
	rm -f $(DIFFERENTIAL_DIR)/*.json $(DIFFERENTIAL_DIR)/COVERAGE.txt
	$(SPEC_VENV)/bin/python scripts/evm_differential.py --seed $(DIFFERENTIAL_SEED) \
	  --cases $(DIFFERENTIAL_CASES) --out $(DIFFERENTIAL_DIR)

## state-test-differential: the committed differential cases (part of make test).
state-test-differential:
	@$(RELEASE_BIN)/lanes statetest $(DIFFERENTIAL_DIR) | grep -v '^PASS'; exit $${PIPESTATUS[0]}
