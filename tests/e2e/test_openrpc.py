"""Responses of the real binary validated against the result schemas of openrpc/openrpc.json.

Every call goes through `Client.call`, which posts a JSON-RPC request, fails on an error answer
and validates the result against the documented result schema of that method (the `$ref`s to
`#/components/schemas/…` resolve inside the document). `rpc.discover` must answer the committed
file itself."""
import json

import pytest
import requests
from jsonschema import Draft7Validator

from lanes_e2e import ROOT, token_artifacts

DOCUMENT = json.loads((ROOT / "openrpc" / "openrpc.json").read_text())
METHODS = {m["name"]: m for m in DOCUMENT["methods"]}


def result_validator(method):
    schema = dict(METHODS[method]["result"]["schema"])
    schema["components"] = DOCUMENT["components"]
    return Draft7Validator(schema)


def schema_validator(name):
    return Draft7Validator({"$ref": f"#/components/schemas/{name}", "components": DOCUMENT["components"]})


class Client:
    def __init__(self, url):
        self.url = url
        self.session = requests.Session()
        self.next_id = 1
        self.validated = set()

    def call(self, method, *params):
        assert method in METHODS, f"{method} is not documented"
        self.next_id += 1
        body = {"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": list(params)}
        answer = self.session.post(self.url, json=body, timeout=60).json()
        assert "error" not in answer, f"{method}{list(params)}: {answer['error']}"
        result = answer["result"]
        errors = sorted(result_validator(method).iter_errors(result), key=lambda e: list(e.absolute_path))
        assert not errors, f"{method} result does not match its schema: " + "; ".join(
            f"{list(e.absolute_path)}: {e.message[:300]}" for e in errors[:5])
        self.validated.add(method)
        return result


@pytest.fixture(scope="module")
def rpc(lanes):
    return Client(lanes.url)


@pytest.fixture(scope="module")
def token(rpc, w3, dev_accounts):
    """A deployed ERC-20 and one transfer of it (a block with a log), sent as raw 1559."""
    abi, bytecode = token_artifacts()
    owner = dev_accounts[0]
    factory = w3.eth.contract(abi=abi, bytecode=bytecode)
    deploy = factory.constructor(10**24).build_transaction({"from": owner.address, "gas": 3_000_000,
                                                             "nonce": int(rpc.call("eth_getTransactionCount", owner.address, "pending"), 16)})
    deploy_hash = rpc.call("eth_sendTransaction", {"from": owner.address, "data": deploy["data"], "gas": hex(3_000_000)})
    address = rpc.call("eth_getTransactionReceipt", deploy_hash)["contractAddress"]
    contract = w3.eth.contract(address=w3.to_checksum_address(address), abi=abi)
    data = contract.encode_abi("transfer", [dev_accounts[5].address, 1234])
    base = int(rpc.call("eth_getBlockByNumber", "latest", False)["baseFeePerGas"], 16)
    nonce = int(rpc.call("eth_getTransactionCount", owner.address, "pending"), 16)
    signed = owner.sign_transaction({"type": 2, "to": contract.address, "data": data, "gas": 100_000, "value": 0,
                                     "maxFeePerGas": 2 * base + 10**9, "maxPriorityFeePerGas": 10**9,
                                     "nonce": nonce, "chainId": 31337})
    transfer_hash = rpc.call("eth_sendRawTransaction", "0x" + signed.raw_transaction.hex().removeprefix("0x"))
    return {"address": address, "contract": contract, "deploy": deploy_hash, "transfer": transfer_hash, "owner": owner}


def test_rpc_discover_answers_the_committed_document(rpc):
    assert rpc.call("rpc.discover") == DOCUMENT


def test_schemas_are_not_vacuous():
    block = schema_validator("Block")
    assert not block.is_valid({"number": "0x1"})
    assert not schema_validator("uint").is_valid("0x01")
    assert schema_validator("uint").is_valid("0x0")
    assert not schema_validator("address").is_valid("0x1234")
    assert schema_validator("FilterChanges").is_valid([])


def test_chain_and_account_reads(rpc, dev_accounts):
    for method in ["web3_clientVersion", "net_version", "net_listening", "net_peerCount", "eth_chainId",
                   "eth_blockNumber", "eth_syncing", "eth_mining", "eth_hashrate", "eth_coinbase", "eth_accounts",
                   "eth_gasPrice", "eth_maxPriorityFeePerGas", "eth_baseFee", "eth_blobBaseFee"]:
        rpc.call(method)
    assert rpc.call("web3_clientVersion").startswith("lanes/v")
    assert rpc.call("eth_chainId") == "0x7a69"
    rpc.call("web3_sha3", "0x68656c6c6f")
    who = dev_accounts[0].address
    assert int(rpc.call("eth_getBalance", who), 16) > 0
    rpc.call("eth_getBalance", who, "latest")
    rpc.call("eth_getBalance", who, {"blockNumber": "0x0"})
    rpc.call("eth_getTransactionCount", who, "pending")
    rpc.call("eth_getCode", who, "latest")
    rpc.call("eth_getStorageAt", who, "0x0", "latest")


def test_blocks_transactions_and_receipts(rpc, token):
    receipt = rpc.call("eth_getTransactionReceipt", token["transfer"])
    assert receipt["status"] == "0x1" and len(receipt["logs"]) == 1
    number = receipt["blockNumber"]
    full = rpc.call("eth_getBlockByNumber", number, True)
    hashes = rpc.call("eth_getBlockByNumber", number, False)
    assert [t["hash"] for t in full["transactions"]] == hashes["transactions"]
    assert rpc.call("eth_getBlockByHash", full["hash"], True) == full
    rpc.call("eth_getBlockByNumber", "latest", True)
    rpc.call("eth_getBlockByNumber", "earliest", False)
    rpc.call("eth_getBlockByNumber", "pending", False)
    assert rpc.call("eth_getBlockByNumber", "0xffffff", False) is None
    tx = rpc.call("eth_getTransactionByHash", token["transfer"])
    assert tx["type"] == "0x2" and tx["blockNumber"] == number
    rpc.call("eth_getTransactionByHash", token["deploy"])
    rpc.call("eth_getTransactionByBlockNumberAndIndex", number, receipt["transactionIndex"])
    rpc.call("eth_getTransactionByBlockHashAndIndex", full["hash"], receipt["transactionIndex"])
    rpc.call("eth_getBlockTransactionCountByNumber", number)
    rpc.call("eth_getBlockTransactionCountByHash", full["hash"])
    rpc.call("eth_getUncleCountByBlockNumber", number)
    rpc.call("eth_getUncleCountByBlockHash", full["hash"])
    assert rpc.call("eth_getUncleByBlockNumberAndIndex", number, "0x0") is None
    assert rpc.call("eth_getUncleByBlockHashAndIndex", full["hash"], "0x0") is None
    receipts = rpc.call("eth_getBlockReceipts", number)
    assert receipt in receipts
    rpc.call("eth_getBlockReceipts", {"blockHash": full["hash"]})
    assert rpc.call("eth_getTransactionReceipt", "0x" + "00" * 32) is None
    assert rpc.call("eth_getTransactionByHash", "0x" + "00" * 32) is None


def test_legacy_and_2930_transactions(rpc, dev_accounts):
    sender = dev_accounts[6]
    base = int(rpc.call("eth_getBlockByNumber", "latest", False)["baseFeePerGas"], 16)
    nonce = int(rpc.call("eth_getTransactionCount", sender.address, "pending"), 16)
    for i, extra in enumerate([{}, {"type": 1, "accessList": [{"address": sender.address, "storageKeys": ["0x" + "00" * 32]}]}]):
        signed = sender.sign_transaction({"to": dev_accounts[7].address, "value": 1, "gas": 30_000,
                                          "gasPrice": 2 * base + 10**9, "nonce": nonce + i, "chainId": 31337, **extra})
        h = rpc.call("eth_sendRawTransaction", "0x" + signed.raw_transaction.hex().removeprefix("0x"))
        assert rpc.call("eth_getTransactionByHash", h)["type"] == hex(i)
        assert rpc.call("eth_getTransactionReceipt", h)["type"] == hex(i)


def test_logs_and_filters(rpc, token):
    logs = rpc.call("eth_getLogs", {"fromBlock": "0x0", "toBlock": "latest", "address": token["address"]})
    assert len(logs) >= 1 and logs[0]["transactionHash"] in (token["transfer"], token["deploy"])
    rpc.call("eth_getLogs", {"blockHash": rpc.call("eth_getTransactionReceipt", token["transfer"])["blockHash"]})
    rpc.call("eth_getLogs", {"fromBlock": "earliest", "topics": [None, None]})
    log_filter = rpc.call("eth_newFilter", {"fromBlock": "0x0", "address": [token["address"]]})
    block_filter = rpc.call("eth_newBlockFilter")
    pending_filter = rpc.call("eth_newPendingTransactionFilter")
    assert len(rpc.call("eth_getFilterLogs", log_filter)) >= 1
    rpc.call("eth_getFilterChanges", log_filter)
    rpc.call("evm_mine")
    assert len(rpc.call("eth_getFilterChanges", block_filter)) >= 1
    rpc.call("eth_getFilterChanges", pending_filter)
    for f in (log_filter, block_filter, pending_filter):
        assert rpc.call("eth_uninstallFilter", f) is True


def test_calls_estimates_and_fees(rpc, token, dev_accounts):
    contract, owner = token["contract"], token["owner"]
    balance_of = contract.encode_abi("balanceOf", [dev_accounts[5].address])
    out = rpc.call("eth_call", {"to": token["address"], "input": balance_of}, "latest")
    assert int(out, 16) >= 1234
    rpc.call("eth_call", {"to": token["address"], "data": balance_of})
    rpc.call("eth_call", {"from": owner.address, "to": token["address"], "data": balance_of}, "latest",
             {owner.address: {"balance": "0x1"}}, {"time": "0x7fffffff"})
    transfer = contract.encode_abi("transfer", [dev_accounts[5].address, 1])
    assert int(rpc.call("eth_estimateGas", {"from": owner.address, "to": token["address"], "data": transfer}), 16) > 21_000
    rpc.call("eth_estimateGas", {"from": owner.address, "to": dev_accounts[1].address, "value": "0x1"}, "latest")
    access = rpc.call("eth_createAccessList", {"from": owner.address, "to": token["address"], "data": transfer})
    assert access["accessList"]
    history = rpc.call("eth_feeHistory", "0x4", "latest", [25, 75])
    assert len(history["reward"]) == len(history["gasUsedRatio"])
    rpc.call("eth_feeHistory", 2, "pending")


def test_signing(rpc, dev_accounts):
    who = dev_accounts[0].address
    assert len(rpc.call("eth_sign", who, "0x68656c6c6f")) == 132
    assert len(rpc.call("personal_sign", "0x68656c6c6f", who)) == 132
    typed = {
        "types": {"EIP712Domain": [{"name": "name", "type": "string"}, {"name": "chainId", "type": "uint256"}],
                  "Mail": [{"name": "to", "type": "address"}, {"name": "contents", "type": "string"}]},
        "primaryType": "Mail",
        "domain": {"name": "Lanes", "chainId": 31337},
        "message": {"to": dev_accounts[1].address, "contents": "hi"},
    }
    assert len(rpc.call("eth_signTypedData_v4", who, typed)) == 132
    signed = rpc.call("eth_signTransaction", {"from": who, "to": dev_accounts[1].address, "value": "0x1",
                                              "gas": "0x5208", "maxFeePerGas": hex(10**11),
                                              "maxPriorityFeePerGas": hex(10**9), "nonce": "0x7fff"})
    assert signed["raw"].startswith("0x02")


def test_txpool_and_dev_controls(rpc, dev_accounts):
    sender = dev_accounts[8]
    assert rpc.call("anvil_getAutomine") is True
    assert rpc.call("evm_setAutomine", False) is True
    try:
        before = int(rpc.call("eth_blockNumber"), 16)
        h = rpc.call("eth_sendTransaction", {"from": sender.address, "to": dev_accounts[9].address, "value": "0x1"})
        pending = rpc.call("eth_getTransactionByHash", h)
        assert pending["blockHash"] is None and pending["blockNumber"] is None
        status = rpc.call("txpool_status")
        assert int(status["pending"], 16) >= 1
        content = rpc.call("txpool_content")
        assert any(h == tx["hash"] for by_nonce in content["pending"].values() for tx in by_nonce.values())
        rpc.call("txpool_contentFrom", sender.address)
        rpc.call("txpool_inspect")
        assert rpc.call("evm_mine") == "0x0"
        assert rpc.call("eth_getTransactionReceipt", h)["blockNumber"] == hex(before + 1)
        assert rpc.call("anvil_mine", "0x2") is None
        rpc.call("evm_mine", {"blocks": 2})
        assert int(rpc.call("eth_blockNumber"), 16) == before + 5
        assert rpc.call("anvil_setAutomine", False) is None
        assert rpc.call("evm_setIntervalMining", 0) is True
        assert rpc.call("anvil_setIntervalMining", 0) is None
    finally:
        assert rpc.call("evm_setAutomine", True) is True
    assert rpc.call("txpool_status") == {"pending": "0x0", "queued": "0x0"}


def test_proofs_raw_getters_config_and_testing(rpc, token):
    """The methods of scripts/openrpc_parts/proofs_raw_config.py (tests/e2e/test_proofs_raw_config.py
    checks their content)."""
    address = token["address"]
    receipt = rpc.call("eth_getTransactionReceipt", token["transfer"])
    number = receipt["blockNumber"]
    rpc.call("eth_getProof", address, ["0x0", "0x" + "00" * 31 + "01"], number)
    rpc.call("eth_getStorageValues", {address: ["0x" + "00" * 32]}, "latest")
    rpc.call("eth_config")
    rpc.call("eth_capabilities")
    rpc.call("debug_getRawHeader", number)
    rpc.call("debug_getRawBlock", {"blockNumber": number})
    rpc.call("debug_getRawReceipts", receipt["blockHash"])
    rpc.call("debug_getRawTransaction", token["transfer"])
    rpc.call("debug_getBadBlocks")
    head = rpc.call("eth_getBlockByNumber", "latest", False)
    attributes = {"timestamp": hex(int(head["timestamp"], 16) + 1), "prevRandao": "0x" + "00" * 32,
                  "suggestedFeeRecipient": "0x" + "00" * 20, "withdrawals": [], "parentBeaconBlockRoot": "0x" + "00" * 32}
    rpc.call("testing_buildBlockV1", head["hash"], attributes, [])
    rpc.call("eth_simulateV1", {"blockStateCalls": [
        {"stateOverrides": {"0x" + "c0" + "00" * 19: {"balance": "0x7d0"}},
         "calls": [{"from": "0x" + "c0" + "00" * 19, "to": address, "value": "0x1", "input": "0x"}]},
        {"calls": [{"from": "0x" + "c0" + "00" * 19, "to": "0x" + "c1" + "00" * 19, "value": "0x2"}]},
    ], "traceTransfers": True, "returnFullTransactions": True}, "latest")


def test_devchain_controls_match_schema(rpc, token, dev_accounts):
    """The methods of scripts/openrpc_parts/devchain.py (tests/e2e/test_devchain_controls.py checks
    what they do); everything happens inside a snapshot, and the chain is reset at the end."""
    a, b = "0x" + "a1" * 20, "0x" + "b2" * 20
    snapshot = rpc.call("evm_snapshot")
    inner = rpc.call("anvil_snapshot")
    rpc.call("anvil_setBalance", a, hex(10**18))
    rpc.call("hardhat_setBalance", b, "0x1")
    rpc.call("anvil_addBalance", a, 5)
    rpc.call("anvil_setNonce", a, "0x2")
    rpc.call("hardhat_setNonce", b, 3)
    rpc.call("anvil_setCode", b, "0x00")
    rpc.call("hardhat_setCode", b, "0x00")
    rpc.call("anvil_setStorageAt", b, "0x1", "0x01")
    rpc.call("hardhat_setStorageAt", b, "0x2", "0x" + "00" * 32)
    rpc.call("anvil_dealERC20", dev_accounts[3].address, token["address"], hex(99))
    rpc.call("anvil_setERC20Allowance", dev_accounts[3].address, dev_accounts[4].address, token["address"], hex(7))
    dump = rpc.call("anvil_dumpState")
    rpc.call("anvil_loadState", dump)
    rpc.call("anvil_impersonateAccount", a)
    rpc.call("eth_sendTransaction", {"from": a, "to": b, "value": "0x1"})
    rpc.call("anvil_stopImpersonatingAccount", a)
    rpc.call("hardhat_impersonateAccount", a)
    rpc.call("hardhat_stopImpersonatingAccount", a)
    rpc.call("anvil_autoImpersonateAccount", False)
    rpc.call("eth_sendUnsignedTransaction", {"from": a, "to": b, "value": "0x1"})
    rpc.call("hardhat_mine", "0x2", "0x1")
    rpc.call("hardhat_getAutomine")
    rpc.call("anvil_getIntervalMining")
    rpc.call("evm_setAutomine", False)
    try:
        h = rpc.call("eth_sendTransaction", {"from": dev_accounts[6].address, "to": b, "value": "0x1"})
        rpc.call("anvil_dropTransaction", h)
        rpc.call("hardhat_dropTransaction", h)
        rpc.call("eth_sendTransaction", {"from": dev_accounts[6].address, "to": b, "value": "0x1"})
        rpc.call("anvil_removePoolTransactions", dev_accounts[6].address)
        rpc.call("anvil_dropAllTransactions")
    finally:
        rpc.call("evm_setAutomine", True)
    rpc.call("evm_increaseTime", 10)
    rpc.call("anvil_increaseTime", "0xa")
    head = int(rpc.call("eth_getBlockByNumber", "latest", False)["timestamp"], 16)
    rpc.call("evm_setNextBlockTimestamp", head + 100)
    rpc.call("anvil_setNextBlockTimestamp", head + 200)
    rpc.call("evm_setTime", head + 300)
    rpc.call("anvil_setTime", head + 400)
    rpc.call("anvil_setBlockTimestampInterval", 5)
    rpc.call("anvil_removeBlockTimestampInterval")
    rpc.call("anvil_setCoinbase", a)
    rpc.call("hardhat_setCoinbase", "0x" + "00" * 20)
    rpc.call("evm_setBlockGasLimit", hex(30_000_000))
    rpc.call("anvil_setBlockGasLimit", 30_000_000)
    rpc.call("anvil_setChainId", 31337)
    rpc.call("anvil_setNextBlockBaseFeePerGas", hex(10**9))
    rpc.call("hardhat_setNextBlockBaseFeePerGas", hex(10**9))
    rpc.call("anvil_setNextBlockPrevRandao", "0x01")
    rpc.call("hardhat_setPrevRandao", "0x" + "02" * 32)
    rpc.call("anvil_setMinGasPrice", "0x0")
    rpc.call("hardhat_setMinGasPrice", "0")
    rpc.call("anvil_setLoggingEnabled", True)
    rpc.call("hardhat_setLoggingEnabled", True)
    rpc.call("anvil_nodeInfo")
    rpc.call("anvil_metadata")
    rpc.call("hardhat_metadata")
    assert rpc.call("anvil_revert", inner) is True
    assert rpc.call("evm_revert", snapshot) is True  # the earlier snapshot outlives the later one
    rpc.call("anvil_reset")
    rpc.call("hardhat_reset", {})


def test_websocket_subscriptions_match_schema(lanes):
    import asyncio
    import websockets

    async def run():
        async with websockets.connect(lanes.ws_url) as ws:
            await ws.send(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "eth_subscribe", "params": ["newHeads"]}))
            sub = json.loads(await ws.recv())["result"]
            assert result_validator("eth_subscribe").is_valid(sub)
            await ws.send(json.dumps({"jsonrpc": "2.0", "id": 2, "method": "eth_unsubscribe", "params": [sub]}))
            answer = json.loads(await ws.recv())
            assert answer["result"] is True and result_validator("eth_unsubscribe").is_valid(answer["result"])
    asyncio.run(run())


def test_tracing_methods(rpc, w3, dev_accounts):
    """debug_trace*, trace_* and ots_* on a fresh token and transfer (earlier tests may have reset the chain;
    tests/e2e/test_tracing.py checks the answers' content)."""
    abi, bytecode = token_artifacts()
    owner = dev_accounts[0].address
    contract = w3.eth.contract(abi=abi, bytecode=bytecode)
    deploy = rpc.call("eth_sendTransaction", {"from": owner, "gas": hex(3_000_000),
                                               "data": contract.constructor(10**24).build_transaction({"from": owner, "gas": 3_000_000})["data"]})
    address = rpc.call("eth_getTransactionReceipt", deploy)["contractAddress"]
    token = {"address": address}
    data = contract.encode_abi("transfer", [dev_accounts[5].address, 1234])
    transfer = rpc.call("eth_sendTransaction", {"from": owner, "to": address, "data": data, "gas": hex(100_000)})
    receipt = rpc.call("eth_getTransactionReceipt", transfer)
    number, block_hash = receipt["blockNumber"], receipt["blockHash"]
    call = {"from": owner, "to": token["address"], "data": "0x70a08231" + owner[2:].lower().rjust(64, "0")}
    rpc.call("debug_traceTransaction", transfer)
    rpc.call("debug_traceTransaction", transfer, {"tracer": "callTracer", "tracerConfig": {"withLog": True}})
    rpc.call("debug_traceBlockByNumber", number, {"tracer": "prestateTracer"})
    rpc.call("debug_traceBlockByHash", block_hash, {"tracer": "4byteTracer"})
    rpc.call("debug_traceCall", call, "latest", {"tracer": "flatCallTracer"})
    rpc.call("trace_transaction", transfer)
    rpc.call("trace_block", number)
    rpc.call("trace_filter", {"fromBlock": number, "toBlock": number})
    rpc.call("trace_replayTransaction", transfer, ["trace", "stateDiff"])
    rpc.call("trace_replayBlockTransactions", number, ["trace"])
    rpc.call("trace_call", call, ["trace"], "latest")
    signer = dev_accounts[1]
    raw_tx = signer.sign_transaction({"type": 2, "to": w3.to_checksum_address(token["address"]), "data": call["data"], "gas": 100_000, "value": 0,
                                      "maxFeePerGas": 10**11, "maxPriorityFeePerGas": 10**9, "chainId": 31337,
                                      "nonce": int(rpc.call("eth_getTransactionCount", signer.address, "pending"), 16)})
    rpc.call("trace_rawTransaction", "0x" + raw_tx.raw_transaction.hex().removeprefix("0x"), ["trace", "stateDiff"])
    assert rpc.call("ots_getApiLevel") == 8
    rpc.call("erigon_getHeaderByNumber", number)
    assert rpc.call("ots_hasCode", token["address"], "latest") is True
    rpc.call("ots_traceTransaction", transfer)
    rpc.call("ots_getInternalOperations", transfer)
    rpc.call("ots_getTransactionError", transfer)
    rpc.call("ots_getBlockDetails", int(number, 16))
    rpc.call("ots_getBlockDetailsByHash", block_hash)
    rpc.call("ots_getBlockTransactions", int(number, 16), 0, 10)
    rpc.call("ots_searchTransactionsBefore", owner, 0, 10)
    rpc.call("ots_searchTransactionsAfter", owner, 0, 10)
    assert rpc.call("ots_getTransactionBySenderAndNonce", owner, int(rpc.call("eth_getTransactionByHash", transfer)["nonce"], 16)) == transfer
    assert rpc.call("ots_getContractCreator", token["address"])["creator"] == owner.lower()


def test_every_documented_method_was_validated(rpc):
    """Runs last (pytest keeps file order): each documented method answered at least once above."""
    over_websocket = {"eth_subscribe", "eth_unsubscribe"}
    assert sorted(set(METHODS) - rpc.validated - over_websocket) == []
