#!/usr/bin/env bash
# Deploys the example ERC-20 (../contracts/Token.bin, Vyper) with eth_sendTransaction from the
# first dev account, minting 1,000,000 tokens (18 decimals) to it; prints the contract address.
#   deploy_token.sh            (the address is also the last line of output: `token: 0x…`)
source "$(dirname "$0")/lib.sh"

bytecode=$(tr -d '\n' < "$(dirname "$0")/../contracts/Token.bin")
# Constructor argument: uint256 supply = 10^24 (1,000,000 × 10^18), ABI-encoded as 32 bytes.
supply=$(printf '%064x' 0)
supply="${supply:0:44}d3c21bcecceda1000000"
hash=$(rpc eth_sendTransaction "[{\"from\": \"$(first_account)\", \"data\": \"$bytecode$supply\"}]")
receipt=$(wait_receipt "$hash")
[ "$(printf '%s' "$receipt" | json_get .status)" = 0x1 ] || { echo "error: deployment failed: $receipt" >&2; exit 1; }
echo "deployment transaction: $hash"
echo "token: $(printf '%s' "$receipt" | json_get .contractAddress)"
