#!/usr/bin/env bash
# eth_getLogs: lists every ERC-20 Transfer event (topic0 = keccak256("Transfer(address,address,uint256)"))
# in blocks 0..latest, optionally only those of TOKEN_ADDRESS.
#   get_logs.sh [TOKEN_ADDRESS]    without an address, deploys the example token and makes a transfer first
source "$(dirname "$0")/lib.sh"

TRANSFER_TOPIC=0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef

if [ $# -ge 1 ]; then
  token="$1"
else
  token=$("$(dirname "$0")/deploy_token.sh" | sed -n 's/^token: //p')
  # transfer(second account, 5) — selector 0xa9059cbb.
  to=$(second_account)
  data="0xa9059cbb$(printf '%064s' "${to#0x}" | tr ' ' 0)$(printf '%064x' 5)"
  wait_receipt "$(rpc eth_sendTransaction "[{\"from\": \"$(first_account)\", \"to\": \"$token\", \"data\": \"$data\"}]")" >/dev/null
fi

logs=$(rpc eth_getLogs "[{\"fromBlock\": \"0x0\", \"toBlock\": \"latest\", \"address\": \"$token\", \"topics\": [\"$TRANSFER_TOPIC\"]}]")
count=$(printf '%s' "$logs" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
echo "$count Transfer log(s) of $token:"
printf '%s' "$logs" | python3 -c '
import json, sys
for log in json.load(sys.stdin):
    sender, receiver = ("0x" + t[-40:] for t in log["topics"][1:3])
    block, value = int(log["blockNumber"], 16), int(log["data"], 16)
    print(f"  block {block}: {sender} -> {receiver} value {value}")
'
[ "$count" -gt 0 ] || { echo "error: no Transfer logs" >&2; exit 1; }
