#!/usr/bin/env bash
# eth_sendRawTransaction: sends a signed, RLP-encoded transaction.
#   send_raw_transaction.sh [RAW_TX_HEX]
# With RAW_TX_HEX (signed elsewhere, e.g. with `cast mktx` or eth-account), that is sent as is.
# Without it, the script gets one signed by the node first: eth_signTransaction with the first
# dev account (1 wei to the second one) returns {"raw": "0x02…", "tx": {…}}, and the raw bytes
# are sent like any pre-signed transaction.
source "$(dirname "$0")/lib.sh"

if [ $# -ge 1 ]; then
  raw="$1"
else
  from=$(first_account)
  to=$(second_account)
  signed=$(rpc eth_signTransaction "[{\"from\": \"$from\", \"to\": \"$to\", \"value\": \"0x1\"}]")
  raw=$(printf '%s' "$signed" | json_get .raw)
  echo "signed by the node: $raw"
fi
hash=$(rpc eth_sendRawTransaction "[\"$raw\"]")
echo "transaction hash: $hash"
receipt=$(wait_receipt "$hash")
echo "mined in block $(printf '%s' "$receipt" | json_get .blockNumber), status $(printf '%s' "$receipt" | json_get .status)"
