#!/usr/bin/env bash
# eth_getTransactionReceipt: prints the receipt of TXHASH (waiting until it is mined).
#   receipt.sh [TXHASH]     without TXHASH, sends 1 wei with eth_sendTransaction first
source "$(dirname "$0")/lib.sh"

if [ $# -ge 1 ]; then
  hash="$1"
else
  hash=$(rpc eth_sendTransaction "[{\"from\": \"$(first_account)\", \"to\": \"$(second_account)\", \"value\": \"0x1\"}]")
  echo "sent $hash"
fi
receipt=$(wait_receipt "$hash")
echo "receipt: $receipt"
status=$(printf '%s' "$receipt" | json_get .status)
echo "status: $status, gas used: $(printf '%s' "$receipt" | json_get .gasUsed), block: $(printf '%s' "$receipt" | json_get .blockNumber)"
[ "$status" = 0x1 ] || { echo "error: transaction failed" >&2; exit 1; }
