#!/usr/bin/env bash
# eth_sendTransaction: the node signs with a dev account's key (eth_accounts) and sends.
#   send_transaction.sh [TO] [VALUE_WEI_HEX]   defaults: the second dev account, 0xde0b6b3a7640000 (1 ETH)
# Prints the transaction hash, then the receipt's block and status once it is mined.
source "$(dirname "$0")/lib.sh"

from=$(first_account)
to="${1:-$(second_account)}"
value="${2:-0xde0b6b3a7640000}"
hash=$(rpc eth_sendTransaction "[{\"from\": \"$from\", \"to\": \"$to\", \"value\": \"$value\"}]")
echo "transaction hash: $hash"
receipt=$(wait_receipt "$hash")
echo "mined in block $(printf '%s' "$receipt" | json_get .blockNumber), status $(printf '%s' "$receipt" | json_get .status)"
