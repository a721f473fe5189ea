#!/usr/bin/env bash
# eth_getBalance: prints the balance of ADDRESS (default: the first dev account) in wei.
#   balance.sh [ADDRESS] [BLOCK]     BLOCK: a number in hex or latest/earliest/pending/safe/finalized
source "$(dirname "$0")/lib.sh"

address="${1:-$(first_account)}"
block="${2:-latest}"
balance=$(rpc eth_getBalance "[\"$address\", \"$block\"]")
# The balance may not fit shell arithmetic (10,000 ETH > 2^63 wei): print hex and let python convert.
echo "balance of $address at $block: $balance wei ($(python3 -c "print(int('$balance', 16) / 10**18)") ETH)"
