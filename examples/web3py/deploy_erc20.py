#!/usr/bin/env python3
"""Deploys the Vyper ERC-20 in ../contracts with web3.py, transfers tokens, prints balances and
the Transfer event.

    LANES_URL=http://127.0.0.1:8545 python examples/web3py/deploy_erc20.py

The node must be running (`make run`). Two ways of sending are shown:
- the deployment uses `eth_sendTransaction` from the node's first dev account (the node signs),
- the transfer is signed locally with eth-account (the dev mnemonic's second key) and sent with
  `eth_sendRawTransaction`, as a wallet would.
"""
import json
import os
import pathlib
import sys

from eth_account import Account
from web3 import Web3

URL = os.environ.get("LANES_URL", "http://127.0.0.1:8545")
CONTRACTS = pathlib.Path(__file__).resolve().parent.parent / "contracts"
MNEMONIC = "test test test test test test test test test test test junk"  # lanes' default dev mnemonic


def main():
    w3 = Web3(Web3.HTTPProvider(URL, request_kwargs={"timeout": 60}))
    if not w3.is_connected():
        sys.exit(f"error: no node at {URL}")
    print(f"connected to {w3.client_version} at {URL}, chain id {w3.eth.chain_id}")

    abi = json.loads((CONTRACTS / "Token.abi.json").read_text())
    bytecode = (CONTRACTS / "Token.bin").read_text().strip()
    deployer = w3.eth.accounts[0]

    # 1. Deploy: 1,000,000 tokens (18 decimals) minted to the deployer.
    supply = 1_000_000 * 10**18
    tx_hash = w3.eth.contract(abi=abi, bytecode=bytecode).constructor(supply).transact({"from": deployer})
    receipt = w3.eth.wait_for_transaction_receipt(tx_hash, timeout=30)
    if receipt.status != 1:
        sys.exit(f"error: deployment failed: {receipt}")
    token = w3.eth.contract(address=receipt.contractAddress, abi=abi)
    print(f"deployed {token.functions.name().call()} ({token.functions.symbol().call()}) "
          f"at {token.address} in block {receipt.blockNumber}, gas used {receipt.gasUsed}")

    # 2. Give a second account some tokens (the node signs for the deployer)...
    Account.enable_unaudited_hdwallet_features()
    alice = Account.from_mnemonic(MNEMONIC, account_path="m/44'/60'/0'/0/1")
    bob = w3.eth.accounts[2]
    tx_hash = token.functions.transfer(alice.address, 1_000 * 10**18).transact({"from": deployer})
    w3.eth.wait_for_transaction_receipt(tx_hash, timeout=30)

    # 3. ...who transfers 250 tokens to a third one with a locally signed EIP-1559 transaction.
    amount = 250 * 10**18
    tx = token.functions.transfer(bob, amount).build_transaction({
        "from": alice.address,
        "nonce": w3.eth.get_transaction_count(alice.address, "pending"),
        "chainId": w3.eth.chain_id,
    })  # web3.py fills gas (eth_estimateGas) and maxFeePerGas / maxPriorityFeePerGas
    signed = alice.sign_transaction(tx)
    tx_hash = w3.eth.send_raw_transaction(signed.raw_transaction)
    receipt = w3.eth.wait_for_transaction_receipt(tx_hash, timeout=30)
    if receipt.status != 1:
        sys.exit(f"error: transfer failed: {receipt}")
    print(f"transfer {tx_hash.to_0x_hex()} mined in block {receipt.blockNumber}, gas used {receipt.gasUsed}")

    # 4. The Transfer event, decoded from the receipt and found again with eth_getLogs.
    for event in token.events.Transfer().process_receipt(receipt):
        args = event.args
        print(f"Transfer event: from {args.sender} to {args.receiver} value {args.value}")
    logs = token.events.Transfer().get_logs(from_block=0, to_block="latest")
    print(f"eth_getLogs: {len(logs)} Transfer events of the token")

    # 5. Balances.
    for label, address in (("deployer", deployer), ("alice", alice.address), ("bob", bob)):
        balance = token.functions.balanceOf(address).call()
        print(f"balance {label} {address}: {Web3.from_wei(balance, 'ether')} LANE")
    assert token.functions.balanceOf(bob).call() >= amount


if __name__ == "__main__":
    main()
