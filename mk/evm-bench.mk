# EVM benchmark (included by the main Makefile).
#   make bench-evm   lanes-bench evm vs revm (pyrevm, pinned) on the same bytecode, pre-state and gas;
#                    checks gas used matches, prints Mgas/s per workload, the Lanes/revm ratio and the
#                    geometric mean (JSON on stdout, table on stderr). BENCH_EVM_SECONDS=1 per workload and EVM.
RELEASE_BIN ?= .build/release
BENCH_EVM_SECONDS ?= 1
BENCH_EVM_VENV := .venv-bench
PYREVM_VERSION := 0.3.7

.PHONY: bench-evm

$(BENCH_EVM_VENV)/.pyrevm-$(PYREVM_VERSION):
	@rm -rf $(BENCH_EVM_VENV)
	python3 -m venv $(BENCH_EVM_VENV)
	$(BENCH_EVM_VENV)/bin/pip install -q --disable-pip-version-check pyrevm==$(PYREVM_VERSION)
	@touch $@

bench-evm: $(BENCH_EVM_VENV)/.pyrevm-$(PYREVM_VERSION)
	@$(MAKE) --no-print-directory deps
	$(SWIFT) build -c release --product lanes-bench
	$(BENCH_EVM_VENV)/bin/python scripts/bench_evm.py --lanes-bench $(RELEASE_BIN)/lanes-bench --seconds $(BENCH_EVM_SECONDS)
