# EVM benchmark (included by the main Makefile).
#   make bench-evm   lanes-bench evm vs revm (pyrevm, pinned) on the same bytecode, pre-state and gas;
#                    checks gas used matches, prints Mgas/s per workload, the Lanes/revm ratio and the
#                    geometric mean (JSON on stdout, table on stderr). BENCH_EVM_SECONDS=1 per workload and EVM.
RELEASE_BIN ?= .build/release
BENCH_EVM_SECONDS ?= 1
BENCH_EVM_VENV := .venv-bench
PYREVM_VERSION := 0.3.7

.PHONY: bench-evm

# Progress goes to stderr so that stdout is only the JSON report.
$(BENCH_EVM_VENV)/.pyrevm-$(PYREVM_VERSION):
	@rm -rf $(BENCH_EVM_VENV)
	@echo "==> pyrevm $(PYREVM_VERSION) into $(BENCH_EVM_VENV)" >&2
	@python3 -m venv $(BENCH_EVM_VENV) >&2
	@$(BENCH_EVM_VENV)/bin/pip install -q --disable-pip-version-check pyrevm==$(PYREVM_VERSION) >&2
	@touch $@

bench-evm: $(BENCH_EVM_VENV)/.pyrevm-$(PYREVM_VERSION)
	@$(MAKE) --no-print-directory deps >&2
	@$(SWIFT) build -c release --product lanes-bench >&2
	@$(BENCH_EVM_VENV)/bin/python scripts/bench_evm.py --lanes-bench $(RELEASE_BIN)/lanes-bench --seconds $(BENCH_EVM_SECONDS)
