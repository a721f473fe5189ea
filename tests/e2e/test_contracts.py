"""Deploy the Vyper ERC-20, call it, read its events, filters and revert reasons."""
import pytest
from web3.exceptions import ContractLogicError

from lanes_e2e import token_artifacts


@pytest.fixture(scope="module")
def token(w3, dev_accounts):
    abi, bytecode = token_artifacts()
    owner = dev_accounts[0].address
    factory = w3.eth.contract(abi=abi, bytecode=bytecode)
    h = factory.constructor(10**24).transact({"from": owner})
    receipt = w3.eth.get_transaction_receipt(h)
    assert receipt["status"] == 1 and receipt["contractAddress"]
    return w3.eth.contract(address=receipt["contractAddress"], abi=abi)


def test_deploy_and_read(w3, token, dev_accounts):
    assert token.functions.name().call() == "Lanes Token"
    assert token.functions.symbol().call() == "LANE"
    assert token.functions.totalSupply().call() == 10**24
    assert token.functions.balanceOf(dev_accounts[0].address).call() == 10**24
    assert len(w3.eth.get_code(token.address)) > 0


def test_transfer_logs_and_get_logs(w3, token, dev_accounts):
    owner, receiver = dev_accounts[0].address, dev_accounts[1].address
    h = token.functions.transfer(receiver, 500).transact({"from": owner})
    receipt = w3.eth.get_transaction_receipt(h)
    events = token.events.Transfer().process_receipt(receipt)
    assert len(events) == 1 and events[0]["args"]["value"] == 500
    assert token.functions.balanceOf(receiver).call() == 500
    logs = w3.eth.get_logs({"fromBlock": 0, "toBlock": "latest", "address": token.address,
                            "topics": [events[0]["topics"][0] if "topics" in events[0] else receipt["logs"][0]["topics"][0]]})
    assert len(logs) >= 2  # the mint at deployment and this transfer
    assert logs[-1]["transactionHash"] == h
    block_receipts = w3.eth.get_block_receipts(receipt["blockNumber"])
    assert block_receipts[0]["transactionHash"] == h


def test_revert_reason_on_call_and_estimate(w3, token, dev_accounts):
    poor = dev_accounts[8].address
    with pytest.raises(ContractLogicError, match="insufficient balance"):
        token.functions.transfer(dev_accounts[0].address, 1).call({"from": poor})
    with pytest.raises(ContractLogicError, match="insufficient balance"):
        token.functions.transfer(dev_accounts[0].address, 1).estimate_gas({"from": poor})
    raw = w3.provider.make_request("eth_call", [{"from": poor, "to": token.address,
                                                 "data": token.encode_abi("transfer", [dev_accounts[0].address, 1])}, "latest"])
    assert raw["error"]["code"] == 3 and raw["error"]["data"].startswith("0x08c379a0")


def test_estimate_gas_is_enough(w3, token, dev_accounts):
    owner = dev_accounts[0].address
    estimate = token.functions.transfer(dev_accounts[2].address, 7).estimate_gas({"from": owner})
    h = token.functions.transfer(dev_accounts[2].address, 7).transact({"from": owner, "gas": estimate})
    receipt = w3.eth.get_transaction_receipt(h)
    assert receipt["status"] == 1 and receipt["gasUsed"] <= estimate


def test_filters(w3, token, dev_accounts):
    log_filter = w3.eth.filter({"address": token.address})
    block_filter = w3.eth.filter("latest")
    token.functions.transfer(dev_accounts[3].address, 1).transact({"from": dev_accounts[0].address})
    changes = log_filter.get_new_entries()
    assert len(changes) == 1 and changes[0]["address"] == token.address
    assert len(block_filter.get_new_entries()) == 1
    assert log_filter.get_new_entries() == []
    assert len(log_filter.get_all_entries()) >= 1
    assert w3.eth.uninstall_filter(log_filter.filter_id)


def test_state_and_block_overrides(w3):
    someone = "0x00000000000000000000000000000000000000aa"
    # SELFBALANCE; MSTORE at 0; RETURN 32 bytes — and NUMBER likewise.
    selfbalance = "0x4760005260206000f3"
    raw = w3.provider.make_request("eth_call", [{"to": someone}, "latest", {someone: {"balance": "0x5", "code": selfbalance}}])
    assert int(raw["result"], 16) == 5
    raw = w3.provider.make_request("eth_getBalance", [someone, "latest"])
    assert raw["result"] == "0x0"
    number = "0x4360005260206000f3"
    raw = w3.provider.make_request("eth_call", [{"to": someone}, "latest", {someone: {"code": number}}, {"number": "0x1234"}])
    assert int(raw["result"], 16) == 0x1234


def test_create_access_list(w3, token, dev_accounts):
    owner = dev_accounts[0].address
    data = token.encode_abi("transfer", [dev_accounts[4].address, 3])
    raw = w3.provider.make_request("eth_createAccessList", [{"from": owner, "to": token.address, "data": data}, "latest"])
    result = raw["result"]
    entries = {e["address"].lower(): e["storageKeys"] for e in result["accessList"]}
    assert token.address.lower() in entries and len(entries[token.address.lower()]) == 2  # both balances
    assert int(result["gasUsed"], 16) > 21000 and "error" not in result
    # Sending with the list works and costs what it said.
    h = w3.eth.send_transaction({"from": owner, "to": token.address, "data": data, "accessList": result["accessList"],
                                 "gas": int(result["gasUsed"], 16)})
    receipt = w3.eth.get_transaction_receipt(h)
    assert receipt["status"] == 1 and receipt["gasUsed"] == int(result["gasUsed"], 16)


def test_call_from_a_contract_address(w3, token, dev_accounts):
    # geth lets eth_call and eth_estimateGas use an account with code as `from` (no EIP-3607
    # check for simulations): here the token contract reads its own balance of itself.
    data = token.encode_abi("balanceOf", [token.address])
    raw = w3.provider.make_request("eth_call", [{"from": token.address, "to": token.address, "data": data}, "latest"])
    assert "error" not in raw, raw
    assert int(raw["result"], 16) == 0
    raw = w3.provider.make_request("eth_estimateGas", [{"from": token.address, "to": dev_accounts[1].address}, "latest"])
    assert raw.get("result") == "0x5208", raw
