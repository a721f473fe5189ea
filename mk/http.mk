# HTTPServer targets (included by the main Makefile).
#   make fuzz-http   libFuzzer (+ASan) over the parser and state machines; HTTP_FUZZ_SECONDS=60
#   make bench-http  wrk at 1, 64, 1000 connections: lanes-bench http-serve vs nginx, and the node's
#                    eth_blockNumber / eth_getBalance / eth_call (a view of the EIP-2935 contract), JSON report
#                    (needs `swift build -c release`; BENCH_HTTP_SECONDS=10 per run)
RELEASE_BIN ?= .build/release
HTTP_FUZZ_SECONDS ?= 60
BENCH_HTTP_SECONDS ?= 10

.PHONY: fuzz-http bench-http

fuzz-http:
	HTTP_FUZZ_SECONDS=$(HTTP_FUZZ_SECONDS) bash Fuzz/HTTPFuzz/run.sh

bench-http:
	@$(MAKE) --no-print-directory deps DEBIAN_PACKAGES="wrk nginx-light"
	@test -x $(RELEASE_BIN)/lanes-bench -a -x $(RELEASE_BIN)/lanes || swift build -c release
	python3 tests/http/bench_http.py --bin $(RELEASE_BIN)/lanes-bench --node $(RELEASE_BIN)/lanes --seconds $(BENCH_HTTP_SECONDS)

## bench-tps: end-to-end tx/s (pre-signed ERC-20 transfers in batches over several connections,
## interval mining, until every receipt is indexed); BENCH_TPS_ARGS passes options through.
BENCH_TPS_ARGS ?=
.PHONY: bench-tps
bench-tps:
	@$(MAKE) --no-print-directory venv
	@test -x $(RELEASE_BIN)/lanes || swift build -c release --product lanes
	$(PYTHON) tests/http/bench_tps.py --lanes $(RELEASE_BIN)/lanes $(BENCH_TPS_ARGS)
