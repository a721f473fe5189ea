"""kill -9 while mining, restart on the same --data-dir: the head is a valid block, every
acknowledged transaction has its receipt, and the state root the node recomputes from the
persisted state equals the head's (the node refuses to start otherwise).

`make test` runs 3 rounds; `make soak` sets LANES_CRASH_ROUNDS (≥ 20)."""
import json
import os
import random
import threading
import time
import urllib.request

from lanes_e2e import LanesProcess

ROUNDS = int(os.environ.get("LANES_CRASH_ROUNDS", "3"))


def call(url, method, *params, timeout=30):
    req = urllib.request.Request(url, data=json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": list(params)}).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        out = json.loads(r.read())
    if "error" in out:
        raise RuntimeError(out["error"])
    return out["result"]


def test_kill_9_restart(tmp_path, dev_accounts):
    data_dir = str(tmp_path / "chain")
    acknowledged = []
    rng = random.Random(7)
    for round_number in range(ROUNDS):
        node = LanesProcess("--silent", "--data-dir", data_dir)
        head = call(node.url, "eth_getBlockByNumber", "latest", False)
        assert head is not None and int(head["number"], 16) >= (1 if acknowledged else 0)
        for h in acknowledged:
            receipt = call(node.url, "eth_getTransactionReceipt", h)
            assert receipt is not None, f"round {round_number}: acknowledged {h} lost"
            block = call(node.url, "eth_getBlockByNumber", receipt["blockNumber"], False)
            assert h in block["transactions"]
        # Senders write (and transfers read) a few accounts while we kill at a random moment.
        stop = threading.Event()

        def sender(index):
            acct = dev_accounts[index]
            while not stop.is_set():
                try:
                    nonce = int(call(node.url, "eth_getTransactionCount", acct.address, "pending"), 16)
                    raw = acct.sign_transaction({"type": 2, "to": dev_accounts[(index + 1) % 10].address, "value": 1 + nonce,
                                                 "gas": 21000, "maxFeePerGas": 10**11, "maxPriorityFeePerGas": 10**9,
                                                 "nonce": nonce, "chainId": 31337}).raw_transaction
                    h = call(node.url, "eth_sendRawTransaction", "0x" + raw.hex())
                    acknowledged.append(h)  # automine: committed before this answer
                except Exception:
                    return
        threads = [threading.Thread(target=sender, args=(i,)) for i in range(3)]
        for t in threads:
            t.start()
        time.sleep(rng.uniform(0.3, 1.5))
        node.kill()
        stop.set()
        for t in threads:
            t.join(timeout=30)
    node = LanesProcess("--silent", "--data-dir", data_dir)
    try:
        for h in acknowledged:
            assert call(node.url, "eth_getTransactionReceipt", h) is not None
        # The chain keeps growing after the crashes.
        h = call(node.url, "eth_sendTransaction", {"from": dev_accounts[9].address, "to": dev_accounts[8].address, "value": "0x1"})
        assert call(node.url, "eth_getTransactionReceipt", h)["status"] == "0x1"
    finally:
        node.stop()
    assert len(acknowledged) > 0
