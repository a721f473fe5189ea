"""web3.py and eth-account against a live node: every transaction type, receipts, balances."""
from eth_account import Account


def test_chain_basics(w3, dev_accounts):
    assert w3.eth.chain_id == 31337
    assert w3.net.version == "31337"
    assert w3.eth.accounts[0] == dev_accounts[0].address
    assert w3.eth.get_balance(dev_accounts[9].address) >= 10_000 * 10**18 - 10**18
    latest = w3.eth.get_block("latest")
    assert latest["baseFeePerGas"] > 0
    assert w3.eth.gas_price > 0
    assert w3.eth.max_priority_fee > 0
    history = w3.eth.fee_history(1, "latest", [25, 75])
    assert len(history["baseFeePerGas"]) == 2 and len(history["reward"]) == 1


def _send(w3, signed):
    h = w3.eth.send_raw_transaction(signed.raw_transaction)
    receipt = w3.eth.get_transaction_receipt(h)  # automine: there before the send returned
    assert receipt["status"] == 1
    return receipt


def test_legacy_2930_1559_transfers(w3, dev_accounts):
    sender, receiver = dev_accounts[1], dev_accounts[2]
    before = w3.eth.get_balance(receiver.address)
    nonce = w3.eth.get_transaction_count(sender.address, "pending")
    base = w3.eth.get_block("latest")["baseFeePerGas"]
    txs = [
        {"to": receiver.address, "value": 1, "gas": 21000, "gasPrice": 2 * base + 10**9, "nonce": nonce, "chainId": 31337},
        {"type": 1, "to": receiver.address, "value": 2, "gas": 30000, "gasPrice": 2 * base + 10**9, "nonce": nonce + 1,
         "chainId": 31337, "accessList": [{"address": receiver.address, "storageKeys": ["0x" + "00" * 32]}]},
        {"type": 2, "to": receiver.address, "value": 3, "gas": 21000, "maxFeePerGas": 2 * base + 10**9,
         "maxPriorityFeePerGas": 10**9, "nonce": nonce + 2, "chainId": 31337},
    ]
    for i, tx in enumerate(txs):
        receipt = _send(w3, sender.sign_transaction(tx))
        assert receipt["type"] == i
        fetched = w3.eth.get_transaction(receipt["transactionHash"])
        assert fetched["from"] == sender.address and fetched["blockNumber"] == receipt["blockNumber"]
    assert w3.eth.get_balance(receiver.address) == before + 6
    assert w3.eth.get_transaction_count(sender.address) == nonce + 3


def test_7702_set_code(w3, dev_accounts):
    sender, authority = dev_accounts[3], dev_accounts[4]
    target = "0x000000000000000000000000000000000000bEEF"
    auth_nonce = w3.eth.get_transaction_count(authority.address)
    auth = authority.sign_authorization({"chainId": 31337, "address": target, "nonce": auth_nonce})
    base = w3.eth.get_block("latest")["baseFeePerGas"]
    tx = {"type": 4, "to": authority.address, "value": 0, "gas": 100000, "maxFeePerGas": 2 * base + 10**9,
          "maxPriorityFeePerGas": 10**9, "nonce": w3.eth.get_transaction_count(sender.address), "chainId": 31337,
          "authorizationList": [auth], "data": b""}
    receipt = _send(w3, sender.sign_transaction(tx))
    assert receipt["type"] == 4
    assert w3.eth.get_code(authority.address) == bytes.fromhex("ef0100") + bytes.fromhex(target[2:].lower())


def test_send_transaction_by_dev_account(w3, dev_accounts):
    h = w3.eth.send_transaction({"from": dev_accounts[5].address, "to": dev_accounts[6].address, "value": 12345})
    receipt = w3.eth.get_transaction_receipt(h)
    assert receipt["status"] == 1 and receipt["gasUsed"] == 21000
    block = w3.eth.get_block(receipt["blockNumber"], full_transactions=True)
    assert block["transactions"][0]["hash"] == h


def test_rejections_carry_geth_messages(w3, dev_accounts):
    import pytest
    from web3.exceptions import Web3RPCError
    sender = dev_accounts[7]
    nonce = w3.eth.get_transaction_count(sender.address)
    base = w3.eth.get_block("latest")["baseFeePerGas"]
    tx = {"to": sender.address, "value": 0, "gas": 21000, "gasPrice": 2 * base, "nonce": nonce, "chainId": 31337}
    _send(w3, sender.sign_transaction(tx))
    with pytest.raises(Web3RPCError, match="nonce too low"):
        w3.eth.send_raw_transaction(sender.sign_transaction(tx).raw_transaction)
    low_gas = dict(tx, nonce=nonce + 1, gas=20000)
    with pytest.raises(Web3RPCError, match="intrinsic gas too low"):
        w3.eth.send_raw_transaction(sender.sign_transaction(low_gas).raw_transaction)
    poor = Account.create()
    with pytest.raises(Web3RPCError, match="insufficient funds"):
        w3.eth.send_raw_transaction(poor.sign_transaction(dict(tx, nonce=0)).raw_transaction)
    assert w3.eth.get_transaction_receipt  # the node keeps serving
    assert w3.eth.block_number > 0
