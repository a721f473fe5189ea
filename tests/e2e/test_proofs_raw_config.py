"""eth_getProof / eth_getStorageValues, the raw debug getters, eth_config, eth_capabilities,
debug_getBadBlocks and testing_buildBlockV1 against the real binary.

Proofs are checked by an independent Merkle-Patricia verifier written here (py-trie style: walk
the proof nodes from the block's state root by keccak, RLP-decode each, follow the key's nibbles,
check the leaf), with its own RLP decoder; raw blocks, transactions and receipts are decoded here
and compared with what the eth_ methods answer."""
import json

import pytest
import requests
from Crypto.Hash import keccak as _keccak

from lanes_e2e import ROOT

DOCUMENT = json.loads((ROOT / "openrpc" / "openrpc.json").read_text())
METHODS = {m["name"]: m for m in DOCUMENT["methods"]}
EMPTY_TRIE_ROOT = bytes.fromhex("56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421")
# Runtime: SSTORE(calldata[0:32], calldata[32:64]); init code returns it.
RUNTIME = bytes.fromhex("6020356000355500")
INIT = bytes.fromhex("67") + RUNTIME + bytes.fromhex("600052" "6008" "6018" "f3")  # PUSH8 runtime, MSTORE at 0, RETURN mem[24:32]


def keccak(data: bytes) -> bytes:
    return _keccak.new(digest_bits=256, data=data).digest()


# --- RLP, decoded here ------------------------------------------------------------------------

def rlp_decode(data: bytes):
    item, end = _rlp_item(data, 0)
    assert end == len(data), "trailing bytes after RLP item"
    return item


def _rlp_item(data: bytes, i: int):
    b = data[i]
    if b < 0x80:
        return data[i:i + 1], i + 1
    if b < 0xb8:
        n = b - 0x80
        return data[i + 1:i + 1 + n], i + 1 + n
    if b < 0xc0:
        ll = b - 0xb7
        n = int.from_bytes(data[i + 1:i + 1 + ll], "big")
        start = i + 1 + ll
        return data[start:start + n], start + n
    if b < 0xf8:
        n, start = b - 0xc0, i + 1
    else:
        ll = b - 0xf7
        n = int.from_bytes(data[i + 1:i + 1 + ll], "big")
        start = i + 1 + ll
    items, j = [], start
    while j < start + n:
        item, j = _rlp_item(data, j)
        items.append(item)
    assert j == start + n
    return items, j


def rlp_encode(item) -> bytes:
    if isinstance(item, (bytes, bytearray)):
        if len(item) == 1 and item[0] < 0x80:
            return bytes(item)
        return _rlp_length(len(item), 0x80) + bytes(item)
    payload = b"".join(rlp_encode(x) for x in item)
    return _rlp_length(len(payload), 0xc0) + payload


def _rlp_length(n, offset):
    if n < 56:
        return bytes([offset + n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([offset + 55 + len(b)]) + b


def to_int(b: bytes) -> int:
    return int.from_bytes(b, "big")


# --- Merkle-Patricia proof verification ---------------------------------------------------------

def nibbles(b: bytes):
    out = []
    for x in b:
        out += [x >> 4, x & 0x0f]
    return out


def verify_proof(root: bytes, key: bytes, proof):
    """The value proven under keccak(key), or None when the proof shows it absent. Fails on a
    proof that does not connect to `root`."""
    if root == EMPTY_TRIE_ROOT:
        return None
    by_hash = {keccak(n): n for n in proof}
    assert root in by_hash, "root node missing from proof"
    node = rlp_decode(by_hash[root])
    path = nibbles(keccak(key))
    while True:
        assert isinstance(node, list)
        if len(node) == 17:
            if not path:
                return node[16] or None
            child, path = node[path[0]], path[1:]
        elif len(node) == 2:
            encoded = nibbles(node[0])
            flag = encoded[0]
            rest = encoded[2:] if flag in (0, 2) else encoded[1:]
            if flag >= 2:  # leaf
                return node[1] if rest == path else None
            if path[:len(rest)] != rest:
                return None
            child, path = node[1], path[len(rest):]
        else:
            raise AssertionError(f"node of {len(node)} items")
        if isinstance(child, list):  # embedded (< 32 bytes)
            assert len(rlp_encode(child)) < 32
            node = child
        elif child == b"":
            return None
        else:
            assert len(child) == 32 and child in by_hash, "child node missing from proof"
            node = rlp_decode(by_hash[child])


# --- client -----------------------------------------------------------------------------------

class Client:
    def __init__(self, url):
        self.url = url
        self.session = requests.Session()
        self.next_id = 0
        try:
            from jsonschema import Draft7Validator
            self.validator = Draft7Validator
        except ImportError:
            self.validator = None

    def raw(self, method, *params):
        self.next_id += 1
        body = {"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": list(params)}
        return self.session.post(self.url, json=body, timeout=60).json()

    def call(self, method, *params):
        answer = self.raw(method, *params)
        assert "error" not in answer, f"{method}{list(params)}: {answer['error']}"
        result = answer["result"]
        if self.validator is not None:
            schema = dict(METHODS[method]["result"]["schema"])
            schema["components"] = DOCUMENT["components"]
            errors = list(self.validator(schema).iter_errors(result))
            assert not errors, f"{method} result does not match its schema: {errors[0].message[:300]}"
        return result

    def error(self, method, *params):
        answer = self.raw(method, *params)
        assert "error" in answer, f"{method} answered {answer.get('result')}"
        return answer["error"]


def h2b(s: str) -> bytes:
    return bytes.fromhex(s[2:])


def word(n: int) -> str:
    return "0x" + n.to_bytes(32, "big").hex()


@pytest.fixture(scope="module")
def rpc(lanes):
    return Client(lanes.url)


@pytest.fixture(scope="module")
def chain(rpc, dev_accounts):
    """A storage contract written over several blocks (automine: a block per transaction)."""
    sender = dev_accounts[0].address
    deploy = rpc.call("eth_sendTransaction", {"from": sender, "data": "0x" + INIT.hex(), "gas": hex(200_000)})
    contract = rpc.call("eth_getTransactionReceipt", deploy)["contractAddress"]
    assert h2b(rpc.call("eth_getCode", contract, "latest")) == RUNTIME
    hashes = []
    for slot in range(1, 25):
        data = word(slot)[2:] + word(slot * 0x1111)[2:]
        hashes.append(rpc.call("eth_sendTransaction", {"from": sender, "to": contract, "data": "0x" + data, "gas": hex(100_000)}))
    marker = int(rpc.call("eth_blockNumber"), 16)
    # Later blocks overwrite slot 3 and clear slot 4.
    for slot, value in ((3, 0xbeef), (4, 0)):
        data = word(slot)[2:] + word(value)[2:]
        hashes.append(rpc.call("eth_sendTransaction", {"from": sender, "to": contract, "data": "0x" + data, "gas": hex(100_000)}))
    return {"contract": contract, "marker": marker, "hashes": hashes, "sender": sender}


def check_proof(rpc, address, slots, block):
    header = rpc.call("eth_getBlockByNumber", block, False)
    proof = rpc.call("eth_getProof", address, slots, block)
    assert proof["address"] == address.lower()
    leaf = verify_proof(h2b(header["stateRoot"]), h2b(address), [h2b(n) for n in proof["accountProof"]])
    if leaf is None:
        assert proof["codeHash"] == "0x" + "00" * 32 and proof["storageHash"] == "0x" + "00" * 32
        assert proof["balance"] == "0x0" and proof["nonce"] == "0x0"
    else:
        nonce, balance, storage_root, code_hash = rlp_decode(leaf)
        assert int(proof["nonce"], 16) == to_int(nonce)
        assert int(proof["balance"], 16) == to_int(balance)
        assert h2b(proof["storageHash"]) == storage_root
        assert h2b(proof["codeHash"]) == code_hash
    values = {}
    for entry, slot in zip(proof["storageProof"], slots, strict=True):
        key = int(slot[2:] or "0", 16)
        value = verify_proof(h2b(proof["storageHash"]), key.to_bytes(32, "big"), [h2b(n) for n in entry["proof"]]) \
            if leaf is not None else None
        proven = to_int(rlp_decode(value)) if value is not None else 0
        assert int(entry["value"], 16) == proven, f"slot {slot} at {block}"
        values[key] = proven
    return proof, values


def test_proofs_verify_against_each_blocks_state_root(rpc, chain):
    slots = [hex(s) for s in (1, 3, 4, 24, 999)]
    marker = hex(chain["marker"])
    _, old = check_proof(rpc, chain["contract"], slots, marker)
    assert old == {1: 0x1111, 3: 3 * 0x1111, 4: 4 * 0x1111, 24: 24 * 0x1111, 999: 0}
    _, new = check_proof(rpc, chain["contract"], slots, "latest")
    assert new == {1: 0x1111, 3: 0xbeef, 4: 0, 24: 24 * 0x1111, 999: 0}
    # Every block of the run, so proofs through every trie shape the contract went through.
    for n in range(0, int(rpc.call("eth_blockNumber"), 16) + 1):
        check_proof(rpc, chain["contract"], ["0x1", "0x2", "0x18"], hex(n))
        check_proof(rpc, chain["sender"], [], hex(n))


def test_absent_account_and_key_echo(rpc, chain):
    proof, _ = check_proof(rpc, "0x00000000000000000000000000000000deadbeef", ["0x1"], "latest")
    assert proof["storageProof"] == [{"key": "0x1", "value": "0x0", "proof": []}]
    full = word(3)
    proof, _ = check_proof(rpc, chain["contract"], [full, "0x03", "0x"], "latest")
    assert [e["key"] for e in proof["storageProof"]] == [full, "0x3", "0x0"]


def test_proof_through_web3(w3, chain):
    proof = w3.eth.get_proof(w3.to_checksum_address(chain["contract"]), [1, 3], "latest")
    assert [int.from_bytes(bytes(p["value"]), "big") for p in proof["storageProof"]] == [0x1111, 0xbeef]


def test_storage_values_match_get_storage_at(rpc, chain):
    contract = chain["contract"]
    slots = [word(s) for s in (1, 2, 3, 4, 50)]
    for block in (hex(chain["marker"]), "latest"):
        values = rpc.call("eth_getStorageValues", {contract: slots, chain["sender"]: [word(0)]}, block)
        assert values[contract.lower()] == [rpc.call("eth_getStorageAt", contract, s, block) for s in slots]
        assert values[chain["sender"].lower()] == [word(0)]
    assert rpc.error("eth_getStorageValues", {}, "latest")["code"] == -32602
    assert rpc.error("eth_getStorageValues", {contract: [word(0)] * 1025}, "latest")["code"] == -38026


def test_raw_block_header_transactions_and_receipts(rpc, chain):
    for tx_hash in chain["hashes"][:3] + chain["hashes"][-2:]:
        receipt = rpc.call("eth_getTransactionReceipt", tx_hash)
        number = receipt["blockNumber"]
        block = rpc.call("eth_getBlockByNumber", number, True)
        raw_header = h2b(rpc.call("debug_getRawHeader", number))
        assert "0x" + keccak(raw_header).hex() == block["hash"]
        fields = rlp_decode(raw_header)
        assert "0x" + fields[3].hex() == block["stateRoot"]
        assert to_int(fields[8]) == int(block["number"], 16)

        raw_block = h2b(rpc.call("debug_getRawBlock", {"blockHash": block["hash"]}))
        header, txs, ommers, withdrawals = rlp_decode(raw_block)
        assert rlp_encode(header) == raw_header and ommers == [] and withdrawals == []
        # Typed transactions sit in the block as byte strings (their envelopes).
        envelopes = [t if isinstance(t, bytes) else rlp_encode(t) for t in txs]
        assert ["0x" + keccak(e).hex() for e in envelopes] == [t["hash"] for t in block["transactions"]]

        raw_tx = h2b(rpc.call("debug_getRawTransaction", tx_hash))
        assert "0x" + keccak(raw_tx).hex() == tx_hash
        assert raw_tx in envelopes

        raw_receipts = rpc.call("debug_getRawReceipts", number)
        assert len(raw_receipts) == len(block["transactions"])
        index = int(receipt["transactionIndex"], 16)
        encoded = h2b(raw_receipts[index])
        assert encoded[0] == int(receipt["type"], 16)
        status, cumulative, bloom, logs = rlp_decode(encoded[1:])
        assert to_int(status) == int(receipt["status"], 16)
        assert to_int(cumulative) == int(receipt["cumulativeGasUsed"], 16)
        assert "0x" + bloom.hex() == receipt["logsBloom"]
        assert len(logs) == len(receipt["logs"])
    assert rpc.call("debug_getRawTransaction", "0x" + "11" * 32) is None


def test_config_and_capabilities(rpc):
    config = rpc.call("eth_config")
    assert config["next"] is None and config["last"] is None
    current = config["current"]
    assert current["chainId"] == "0x7a69" and current["activationTime"] == 0
    assert current["blobSchedule"] == {"target": 14, "max": 21, "baseFeeUpdateFraction": 11684671}
    assert current["precompiles"]["ECREC"] == "0x" + "00" * 19 + "01"
    assert current["precompiles"]["P256VERIFY"] == "0x" + "00" * 18 + "0100"
    assert len(current["systemContracts"]) == 5
    # All forks are at genesis, so the fork id is the CRC-32 of the genesis hash (EIP-2124).
    import zlib
    genesis = rpc.call("eth_getBlockByNumber", "0x0", False)["hash"]
    assert current["forkId"] == "0x%08x" % zlib.crc32(h2b(genesis))

    caps = rpc.call("eth_capabilities")
    head = rpc.call("eth_getBlockByNumber", "latest", False)
    assert caps["head"] == {"number": head["number"], "hash": head["hash"]}
    assert caps["stateproofs"] == caps["state"]
    assert caps["state"]["deleteStrategy"] == {"type": "window", "retentionBlocks": "0x80"}
    assert caps["blocks"] == {"disabled": False, "oldestBlock": "0x0"}


def test_bad_blocks_empty_on_a_healthy_node(rpc):
    assert rpc.call("debug_getBadBlocks") == []


def test_build_block_without_importing(rpc, dev_accounts):
    head = rpc.call("eth_getBlockByNumber", "latest", False)
    sender = dev_accounts[3]
    nonce = int(rpc.call("eth_getTransactionCount", sender.address, "latest"), 16)
    signed = sender.sign_transaction({"type": 2, "to": dev_accounts[4].address, "value": 5, "gas": 21_000,
                                      "maxFeePerGas": 10**11, "maxPriorityFeePerGas": 2 * 10**9, "nonce": nonce,
                                      "chainId": 31337})
    raw = "0x" + signed.raw_transaction.hex().removeprefix("0x")
    attributes = {"timestamp": hex(int(head["timestamp"], 16) + 12), "prevRandao": "0x" + "ab" * 32,
                  "suggestedFeeRecipient": "0x" + "fe" * 20, "withdrawals": [], "parentBeaconBlockRoot": "0x" + "cd" * 32}
    result = rpc.call("testing_buildBlockV1", head["hash"], attributes, [raw], "0x6c616e6573")
    payload = result["executionPayload"]
    assert payload["parentHash"] == head["hash"]
    assert payload["blockNumber"] == hex(int(head["number"], 16) + 1)
    assert payload["transactions"] == [raw]
    assert payload["extraData"] == "0x6c616e6573"
    assert int(result["blockValue"], 16) == 21_000 * 2 * 10**9
    assert result["executionRequests"] == []
    # Nothing was imported.
    assert rpc.call("eth_getBlockByNumber", "latest", False)["hash"] == head["hash"]
    assert rpc.call("eth_getTransactionByHash", "0x" + keccak(h2b(raw)).hex()) is None


def test_simulate_v1_blocks_overrides_and_transfers(rpc):
    c0, c1, c2 = ("0x" + p + "00" * 19 for p in ("c0", "c1", "c2"))
    head = rpc.call("eth_getBlockByNumber", "latest", False)
    blocks = rpc.call("eth_simulateV1", {"blockStateCalls": [
        {"stateOverrides": {c0: {"balance": "0x7d0"}}, "calls": [{"from": c0, "to": c1, "value": "0x3e8"}]},
        {"blockOverrides": {"number": hex(int(head["number"], 16) + 3)},
         "calls": [{"from": c1, "to": c2, "value": "0x1"}]},
    ], "traceTransfers": True, "returnFullTransactions": True}, "latest")
    assert [int(b["number"], 16) for b in blocks] == [int(head["number"], 16) + n for n in (1, 2, 3)]
    assert blocks[0]["parentHash"] == head["hash"]
    assert all(blocks[i + 1]["parentHash"] == blocks[i]["hash"] for i in range(2))
    log = blocks[0]["calls"][0]["logs"][0]
    assert log["address"] == "0x" + "ee" * 20
    assert log["topics"][1:] == ["0x" + "00" * 12 + c0[2:], "0x" + "00" * 12 + c1[2:]]
    assert int(log["data"], 16) == 1000 and log["blockHash"] == blocks[0]["hash"]
    assert blocks[2]["transactions"][0]["from"] == c1
    # The simulated block hashes are the keccak of their headers, rebuilt here from the JSON.
    b = blocks[0]
    fields = [b["parentHash"], b["sha3Uncles"], b["miner"], b["stateRoot"], b["transactionsRoot"], b["receiptsRoot"],
              b["logsBloom"], b["difficulty"], b["number"], b["gasLimit"], b["gasUsed"], b["timestamp"], b["extraData"],
              b["mixHash"], b["nonce"], b["baseFeePerGas"], b["withdrawalsRoot"], b["blobGasUsed"], b["excessBlobGas"],
              b["parentBeaconBlockRoot"], b["requestsHash"]]
    quantities = {7, 8, 9, 10, 11, 15, 17, 18}
    items = [to_int(h2b(f if len(f) % 2 == 0 else "0x0" + f[2:])).to_bytes((int(f, 16).bit_length() + 7) // 8, "big")
             if i in quantities else h2b(f) for i, f in enumerate(fields)]
    assert "0x" + keccak(rlp_encode(items)).hex() == b["hash"]
    # Nothing was committed.
    assert rpc.call("eth_getBlockByNumber", "latest", False)["hash"] == head["hash"]
    error = rpc.error("eth_simulateV1", {"blockStateCalls": [{"calls": [{"from": c0, "to": c1, "value": "0x3e8"}]}]}, "latest")
    assert error["code"] == -38014


def test_config_with_a_scheduled_fork(tmp_path):
    """A chain at Prague with Osaka scheduled: current, next and last, and EIP-2124 fork ids
    computed here with zlib's CRC-32."""
    import zlib
    from lanes_e2e import LanesProcess

    genesis = json.loads((ROOT / "Tests" / "Fixtures" / "chain" / "genesis.json").read_text())
    config = genesis["config"]
    for key in list(config):
        if key.endswith("Block"):
            config[key] = 0
    config["terminalTotalDifficulty"] = 0
    start = int(genesis["timestamp"], 16)
    osaka = start + 10**6
    config.update({"shanghaiTime": 0, "cancunTime": 0, "pragueTime": 0, "osakaTime": osaka})
    path = tmp_path / "genesis.json"
    path.write_text(json.dumps(genesis))
    node = LanesProcess("--silent", "--genesis", str(path), "--no-mining")
    try:
        client = Client(node.url)
        result = client.call("eth_config")
        genesis_hash = h2b(client.call("eth_getBlockByNumber", "0x0", False)["hash"])
        current, nxt, last = result["current"], result["next"], result["last"]
        assert current["activationTime"] == 0 and nxt["activationTime"] == osaka and last == nxt
        assert current["forkId"] == "0x%08x" % zlib.crc32(genesis_hash)
        assert nxt["forkId"] == "0x%08x" % zlib.crc32(osaka.to_bytes(8, "big"), zlib.crc32(genesis_hash))
        assert "P256VERIFY" not in current["precompiles"] and nxt["precompiles"]["P256VERIFY"] == "0x" + "00" * 18 + "0100"
        assert current["chainId"] == hex(config["chainId"])
    finally:
        node.stop()
