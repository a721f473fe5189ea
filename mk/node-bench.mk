# Storage benchmark (included by the main Makefile).
#   make bench-node   lanes-bench node: commits 10,000 blocks of 100 transactions with one log each
#                     (1,000,000 logs) and reports eth_getLogs latency (one address + one topic, full
#                     range and 1,000 blocks; median of runs) and the commit cost per 1,000 transactions
#                     as one JSON object on stdout. BENCH_NODE_ARGS="--path /tmp/x.sqlite" measures the
#                     durable on-disk mode instead of the ephemeral one.
BENCH_NODE_ARGS ?=

.PHONY: bench-node

bench-node:
	@$(MAKE) --no-print-directory deps >&2
	@$(SWIFT) build -c release --product lanes-bench >&2
	@$(RELEASE_BIN)/lanes-bench node $(BENCH_NODE_ARGS)

# make bench-devchain  lanes-bench node --devchain: evm_snapshot + evm_revert on a state with 100,000
#                      accounts (median and worst of 20 runs, each with 10 transfers mined between) and
#                      anvil_mine of 1,000,000 empty blocks (time, and block 500,000's consistency).
#                      BENCH_DEVCHAIN_ARGS="--mine-blocks 100000" for a shorter run.
BENCH_DEVCHAIN_ARGS ?=

.PHONY: bench-devchain

bench-devchain:
	@$(MAKE) --no-print-directory deps >&2
	@$(SWIFT) build -c release --product lanes-bench >&2
	@$(RELEASE_BIN)/lanes-bench node --devchain $(BENCH_DEVCHAIN_ARGS)
