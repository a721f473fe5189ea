# Block-STM benchmark and fuzzing (included by the main Makefile).
#   make bench-parallel   lanes-bench executor --json: every workload (10,000 transactions each),
#                         sequential and Block-STM at 1, 2 and 4 threads in the same process
#                         (BENCH_PARALLEL_ARGS adds or overrides options, e.g. "--threads 2 --runs 9").
#   make fuzz-parallel    random blocks, sequential vs Block-STM forced at 1/2/4/8 threads, until
#                         stopped (FUZZ_PARALLEL_SECONDS to bound it); a disagreement is written to
#                         failing-blocks/failing-block-SEED.json, replayed by
#                         LANES_REPLAY_BLOCK=FILE swift test -c release --filter testReplayFailingBlock
#   make contracts        recompiles the workload contracts (vyper 0.4.3 from PyPI) into Swift.
RELEASE_BIN ?= .build/release
BENCH_PARALLEL_ARGS ?=
FUZZ_PARALLEL_SECONDS ?=

.PHONY: bench-parallel fuzz-parallel contracts

bench-parallel:
	@$(MAKE) --no-print-directory deps >&2
	@$(SWIFT) build -c release --product lanes-bench >&2
	@$(RELEASE_BIN)/lanes-bench executor --json $(BENCH_PARALLEL_ARGS)

fuzz-parallel:
	@$(MAKE) --no-print-directory deps
	@$(SWIFT) build -c release --product lanes-bench
	@mkdir -p failing-blocks
	@$(RELEASE_BIN)/lanes-bench fuzz-parallel --out failing-blocks $(if $(FUZZ_PARALLEL_SECONDS),--seconds $(FUZZ_PARALLEL_SECONDS))

.venv-vyper/.installed:
	@python3 -m venv .venv-vyper && .venv-vyper/bin/pip install -q --disable-pip-version-check vyper==0.4.3 && touch $@

contracts: .venv-vyper/.installed
	@scripts/compile_contracts.sh
