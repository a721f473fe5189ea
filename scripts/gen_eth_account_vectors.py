#!/usr/bin/env python3
"""Signs a fixed set of transactions of every type with eth-account and writes
Tests/EthereumTests/Vectors/eth_account_transactions.json: raw bytes, hash, sender, and the
fields. Signing is deterministic (RFC 6979), so re-running reproduces the file byte for byte;
tests/python/test_eth_account_vectors.py checks exactly that."""
import json
import os
import sys

import rlp
from eth_account import Account
from eth_utils import keccak

KEYS = [
    "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
]
TO = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"


def transactions():
    yield "legacy-eip155", {"nonce": 0, "gasPrice": 1_000_000_000, "gas": 21000, "to": TO, "value": 10**18, "data": b"", "chainId": 31337}
    yield "legacy-eip155-mainnet-create", {"nonce": 7, "gasPrice": 20 * 10**9, "gas": 100000, "to": b"", "value": 0, "data": bytes.fromhex("6080604052348015600f57600080fd5b50"), "chainId": 1}
    yield "legacy-no-chainid", {"nonce": 1, "gasPrice": 10**9, "gas": 50000, "to": TO, "value": 5, "data": b"\x00\x01\x02"}
    yield "eip2930", {"type": 1, "nonce": 2, "gasPrice": 3 * 10**9, "gas": 60000, "to": TO, "value": 0, "data": b"\xde\xad\xbe\xef", "chainId": 31337,
                      "accessList": [{"address": TO, "storageKeys": ["0x" + "00" * 31 + "01", "0x" + "ab" * 32]}]}
    yield "eip1559", {"type": 2, "nonce": 3, "maxFeePerGas": 2 * 10**9, "maxPriorityFeePerGas": 10**9, "gas": 21000, "to": TO, "value": 12345, "data": b"", "chainId": 31337}
    yield "eip1559-create-big-data", {"type": 2, "nonce": 4, "maxFeePerGas": 5 * 10**10, "maxPriorityFeePerGas": 0, "gas": 3_000_000, "to": b"", "value": 0,
                                      "data": bytes(range(256)) * 4, "chainId": 1, "accessList": []}
    yield "eip1559-huge-values", {"type": 2, "nonce": 2**63, "maxFeePerGas": 2**200, "maxPriorityFeePerGas": 2**100, "gas": 2**40, "to": TO, "value": 2**255 + 1, "data": b"\xff" * 70, "chainId": 2**40}


def authorizations():
    # EIP-7702 set-code transactions with signed authorizations.
    return [
        {"chainId": 31337, "address": "0x5FbDB2315678afecb367f032d93F642f64180aa3", "nonce": 0},
        {"chainId": 0, "address": "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", "nonce": 5},
    ]


def main():
    out = []
    for i, (name, tx) in enumerate(transactions()):
        key = KEYS[i % 2]
        signed = Account.sign_transaction(tx, key)
        out.append({"name": name, "raw": "0x" + bytes(signed.raw_transaction).hex(), "hash": "0x" + bytes(signed.hash).hex(),
                    "sender": Account.from_key(key).address})
    # Type 4: authorizations signed by key 1, transaction sent by key 0.
    auths = [Account.sign_authorization(a, KEYS[1]) for a in authorizations()]
    tx = {"type": 4, "nonce": 9, "maxFeePerGas": 3 * 10**9, "maxPriorityFeePerGas": 10**9, "gas": 100000, "to": TO, "value": 0, "data": b"\x12\x34",
          "chainId": 31337, "accessList": [], "authorizationList": auths}
    signed = Account.sign_transaction(tx, KEYS[0])
    out.append({"name": "eip7702", "raw": "0x" + bytes(signed.raw_transaction).hex(), "hash": "0x" + bytes(signed.hash).hex(),
                "sender": Account.from_key(KEYS[0]).address, "authorities": [Account.from_key(KEYS[1]).address] * len(auths)})
    # Type 3 in its network form, one blob whose field elements are small canonical values.
    # eth-account 0.14 emits the Osaka wrapper (version 1: 128 cell proofs per blob, EIP-7594), and
    # its `signed.hash` is keccak of the whole wrapper; the transaction hash is keccak(0x03 ‖ rlp(payload)).
    blob = b"".join(i.to_bytes(32, "big") for i in range(4096))
    tx = {"type": 3, "nonce": 10, "maxFeePerGas": 3 * 10**9, "maxPriorityFeePerGas": 10**9, "maxFeePerBlobGas": 7, "gas": 50000, "to": TO,
          "value": 1, "data": b"", "chainId": 31337, "accessList": []}
    signed = Account.sign_transaction(tx, KEYS[1], blobs=[blob])
    raw = bytes(signed.raw_transaction)
    payload = rlp.decode(raw[1:])[0]
    out.append({"name": "eip4844-network", "raw": "0x" + raw.hex(), "hash": "0x" + keccak(b"\x03" + rlp.encode(payload)).hex(),
                "sender": Account.from_key(KEYS[1]).address, "network": True, "wrapperVersion": 1 if isinstance(rlp.decode(raw[1:])[1], bytes) else 0})
    text = json.dumps(out, indent=1) + "\n"
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "Tests", "EthereumTests", "Vectors", "eth_account_transactions.json")
    with open(path, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
