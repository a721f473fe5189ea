#!/usr/bin/env bash
# eth_call: reads the token's symbol() and balanceOf(first dev account) without a transaction.
#   call.sh [TOKEN_ADDRESS]     without an address, deploys the example token first
source "$(dirname "$0")/lib.sh"

token="${1:-$("$(dirname "$0")/deploy_token.sh" | sed -n 's/^token: //p')}"
owner=$(first_account)

# Selectors are the first 4 bytes of keccak256 of the signature (web3_sha3 computes it).
selector() { rpc web3_sha3 "[\"0x$(printf '%s' "$1" | od -An -tx1 | tr -d ' \n')\"]" | cut -c1-10; }

symbol_data=$(rpc eth_call "[{\"to\": \"$token\", \"data\": \"$(selector 'symbol()')\"}, \"latest\"]")
# An ABI-encoded string: offset, length, bytes. Decode the bytes (word 3) up to the length (word 2).
length=$((16#${symbol_data:66:64}))
symbol=$(printf '%s' "${symbol_data:130:$((length * 2))}" | sed 's/../\\x&/g')
echo "symbol(): $(printf "$symbol")"

address_word=$(printf '%064s' "${owner#0x}" | tr ' ' 0)
balance=$(rpc eth_call "[{\"to\": \"$token\", \"data\": \"$(selector 'balanceOf(address)')$address_word\"}, \"latest\"]")
echo "balanceOf($owner): $balance ($(python3 -c "print(int('$balance', 16))"))"
