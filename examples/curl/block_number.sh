#!/usr/bin/env bash
# eth_blockNumber: prints the number of the latest block.
source "$(dirname "$0")/lib.sh"

number=$(rpc eth_blockNumber)
echo "block number: $number ($((number)))"
