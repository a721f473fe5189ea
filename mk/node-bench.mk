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
