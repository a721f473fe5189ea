"""Mining modes: manual + evm_mine / anvil_mine, interval, batch automine, run-time switching."""
import json
import time
import urllib.request

from lanes_e2e import LanesProcess


def rpc(url, payload):
    req = urllib.request.Request(url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


def call(url, method, *params):
    out = rpc(url, {"jsonrpc": "2.0", "id": 1, "method": method, "params": list(params)})
    assert "error" not in out, out
    return out["result"]


def signed_transfers(dev_accounts, count, base_fee=10**9, sender=0):
    acct = dev_accounts[sender]
    return ["0x" + acct.sign_transaction({"type": 2, "to": dev_accounts[1].address, "value": 1, "gas": 21000,
                                          "maxFeePerGas": 4 * base_fee, "maxPriorityFeePerGas": 10**9,
                                          "nonce": n, "chainId": 31337}).raw_transaction.hex() for n in range(count)]


def test_manual_mining(dev_accounts):
    node = LanesProcess("--silent", "--no-mining")
    try:
        raws = signed_transfers(dev_accounts, 5)
        hashes = [call(node.url, "eth_sendRawTransaction", raw) for raw in raws]
        assert call(node.url, "eth_blockNumber") == "0x0"
        assert call(node.url, "txpool_status") == {"pending": "0x5", "queued": "0x0"}
        assert call(node.url, "eth_getTransactionCount", dev_accounts[0].address, "pending") == "0x5"
        assert call(node.url, "evm_mine") == "0x0"
        block = call(node.url, "eth_getBlockByNumber", "latest", False)
        assert block["number"] == "0x1" and block["transactions"] == hashes
        assert call(node.url, "txpool_status") == {"pending": "0x0", "queued": "0x0"}
        call(node.url, "anvil_mine", "0x3")
        assert call(node.url, "eth_blockNumber") == "0x4"
        call(node.url, "evm_mine", {"timestamp": 4_000_000_000})
        assert call(node.url, "eth_getBlockByNumber", "latest", False)["timestamp"] == hex(4_000_000_000)
    finally:
        node.stop()


def test_interval_mining_and_switching(dev_accounts):
    node = LanesProcess("--silent", "--block-time", "0.3")
    try:
        time.sleep(1.5)
        assert int(call(node.url, "eth_blockNumber"), 16) >= 2
        assert call(node.url, "evm_setAutomine", True) is True
        before = int(call(node.url, "eth_blockNumber"), 16)
        h = call(node.url, "eth_sendRawTransaction", signed_transfers(dev_accounts, 1)[0])
        assert call(node.url, "eth_getTransactionReceipt", h)["status"] == "0x1"
        time.sleep(0.8)
        assert int(call(node.url, "eth_blockNumber"), 16) == before + 1  # no interval blocks any more
    finally:
        node.stop()


def test_automine_batch_makes_one_block(dev_accounts):
    node = LanesProcess("--silent", "--automine-batch")
    try:
        raws = signed_transfers(dev_accounts, 20)
        batch = [{"jsonrpc": "2.0", "id": i, "method": "eth_sendRawTransaction", "params": [raw]} for i, raw in enumerate(raws)]
        answers = rpc(node.url, batch)
        assert all("result" in a for a in answers), answers
        assert call(node.url, "eth_blockNumber") == "0x1"
        block = call(node.url, "eth_getBlockByNumber", "0x1", False)
        assert block["transactions"] == [a["result"] for a in answers]
        receipt = call(node.url, "eth_getTransactionReceipt", answers[-1]["result"])
        assert receipt["blockNumber"] == "0x1"
        # A single request still automines.
        h = call(node.url, "eth_sendTransaction", {"from": dev_accounts[2].address, "to": dev_accounts[3].address, "value": "0x1"})
        assert call(node.url, "eth_getTransactionReceipt", h)["blockNumber"] == "0x2"
    finally:
        node.stop()


def test_unknown_method_and_bad_params(lanes):
    out = rpc(lanes.url, {"jsonrpc": "2.0", "id": 1, "method": "eth_fillTransaction", "params": [{}]})
    assert out["error"]["code"] == -32601
    out = rpc(lanes.url, {"jsonrpc": "2.0", "id": 2, "method": "eth_getBalance", "params": ["0x12"]})
    assert out["error"]["code"] == -32602
    out = rpc(lanes.url, {"jsonrpc": "2.0", "id": 3, "method": "eth_getBlockByNumber", "params": ["0x99999", False]})
    assert out["result"] is None
