# Multi-fork chain fixture (included by the main Makefile).
#   make chain-fixture   regenerate Tests/Fixtures/chain (genesis.json, chain.rlp, expected.json)
#                        with the reference implementation (ethereum-execution 2.20.0 t8n/b11r in
#                        the git-ignored .venv-spec, set up by mk/evm-fuzz.mk). Seconds, deterministic.
#   make chain-import    import the committed chain with the release binary (part of make test
#                        through ChainImportTests and tests/python/test_chain_import.py as well).
# `make test` never runs the reference; it only reads the committed data.
RELEASE_BIN ?= .build/release
SPEC_VENV ?= .venv-spec
CHAIN_FIXTURE_DIR ?= Tests/Fixtures/chain

.PHONY: chain-fixture chain-import

chain-fixture: $(SPEC_VENV)/.installed
	$(SPEC_VENV)/bin/python scripts/gen_multifork_chain.py --out $(CHAIN_FIXTURE_DIR)

chain-import:
	$(RELEASE_BIN)/lanes --genesis $(CHAIN_FIXTURE_DIR)/genesis.json --import $(CHAIN_FIXTURE_DIR)/chain.rlp
