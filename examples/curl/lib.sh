# Shared by the curl examples: `source "$(dirname "$0")/lib.sh"`.
# rpc METHOD PARAMS_JSON  -> prints the JSON `result` of the call; exits non-zero (with the
#                            response on stderr) on a transport error or a JSON-RPC error.
set -euo pipefail

LANES_URL="${LANES_URL:-http://127.0.0.1:8545}"

# json_get EXPR: read JSON on stdin, print the value at EXPR (jq syntax, e.g. `.result`,
# `.result.raw`; only dotted keys and [N] indexes are used here). Strings print unquoted,
# everything else as compact JSON; exits 1 if the key is missing or null.
json_get() {
  if command -v jq >/dev/null 2>&1; then
    jq -rc "$1 | if . == null then error(\"missing\") else . end"
  else
    python3 -c '
import json, re, sys
value = json.load(sys.stdin)
for key in re.findall(r"\.(\w+)|\[(\d+)\]", sys.argv[1]):
    value = value[key[0]] if key[0] else value[int(key[1])]
if value is None:
    sys.exit(1)
print(value if isinstance(value, str) else json.dumps(value, separators=(",", ":")))
' "$1"
  fi
}

rpc() {
  local method="$1" params="${2:-[]}" response
  response=$(curl -sS --fail-with-body -H 'Content-Type: application/json' \
    --data "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$method\",\"params\":$params}" \
    "$LANES_URL") || { echo "error: $method: request to $LANES_URL failed: $response" >&2; exit 1; }
  if ! printf '%s' "$response" | json_get .result 2>/dev/null; then
    # A `null` result (for example a receipt that is not there yet) is not an error.
    if printf '%s' "$response" | grep -q '"result":null'; then echo null; return 0; fi
    echo "error: $method: $response" >&2
    exit 1
  fi
}

# wait_receipt TXHASH: poll eth_getTransactionReceipt until the transaction is mined (30 s).
wait_receipt() {
  local receipt
  for _ in $(seq 1 300); do
    receipt=$(rpc eth_getTransactionReceipt "[\"$1\"]")
    if [ "$receipt" != null ]; then printf '%s\n' "$receipt"; return 0; fi
    sleep 0.1
  done
  echo "error: no receipt for $1" >&2
  exit 1
}

# first_account: the node's first dev account (eth_accounts[0]).
first_account() { rpc eth_accounts | json_get '.[0]'; }
second_account() { rpc eth_accounts | json_get '.[1]'; }
