#!/usr/bin/env bash
# eth_chainId: prints the chain id (hex and decimal; 0x7a69 = 31337 by default).
source "$(dirname "$0")/lib.sh"

chain_id=$(rpc eth_chainId)
echo "chain id: $chain_id ($((chain_id)))"
