"""`lanes --genesis genesis.json --import chain.rlp` on the committed multi-fork chain.

The chain and its expected hashes come from scripts/gen_multifork_chain.py (the reference
implementation computed them); this runs the real binary and checks what it reports.
"""
import json
import os
import pathlib
import re
import subprocess
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
LANES = os.environ.get("LANES_BIN", str(ROOT / ".build" / "release" / "lanes"))
CHAIN = ROOT / "Tests" / "Fixtures" / "chain"


def run_import(chain_path, *extra):
    """Runs an import expected to fail: the process exits."""
    return subprocess.run([LANES, "--genesis", str(CHAIN / "genesis.json"), "--import", str(chain_path), "--port", "0", *extra],
                          capture_output=True, text=True, timeout=300)


class Served:
    """An import expected to succeed: the node then serves the chain until stopped."""

    def __init__(self, chain_path, *extra):
        self.process = subprocess.Popen([LANES, "--genesis", str(CHAIN / "genesis.json"), "--import", str(chain_path),
                                         "--port", "0", "--silent", *extra],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        lines = []
        for line in self.process.stdout:
            lines.append(line)
            if line.startswith("Listening on "):
                self.url = line.split()[-1]
                break
        self.stdout = "".join(lines)
        assert self.stdout.endswith("\n") and "Listening on" in self.stdout, self.stdout + self.process.stderr.read()

    def rpc(self, method, *params):
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": list(params)}).encode()
        request = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())["result"]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def expected():
    return json.loads((CHAIN / "expected.json").read_text())


def test_import_reaches_the_reference_head_and_serves_it():
    e = expected()
    node = Served(CHAIN / "chain.rlp")
    try:
        last = e["blocks"][-1]
        assert f"genesis: block 0 {e['genesisHash']}" in node.stdout
        assert f"head: block {last['number']} {last['hash']}" in node.stdout
        assert f"state root {last['stateRoot']}" in node.stdout
        assert re.search(r"imported %d blocks, \d+ gas in [0-9.]+ s: [0-9.]+ blocks/s, [0-9.]+ Mgas/s" % len(e["blocks"]), node.stdout)
        # The imported blocks are served: every hash and state root, by number.
        assert int(node.rpc("eth_blockNumber"), 16) == last["number"]
        for b in e["blocks"]:
            got = node.rpc("eth_getBlockByNumber", hex(b["number"]), False)
            assert got["hash"] == b["hash"] and got["stateRoot"] == b["stateRoot"], b["number"]
    finally:
        node.stop()


def test_import_with_each_executor_and_a_data_dir(tmp_path):
    e = expected()
    for executor in ("parallel", "sequential"):
        data = tmp_path / executor
        node = Served(CHAIN / "chain.rlp", "--executor", executor, "--data-dir", str(data))
        try:
            assert f"head: block {e['blocks'][-1]['number']} {e['blocks'][-1]['hash']}" in node.stdout
        finally:
            node.stop()
        # The chain persisted: importing the same file again finds every block already there.
        node = Served(CHAIN / "chain.rlp", "--executor", executor, "--data-dir", str(data))
        try:
            assert "imported 0 blocks" in node.stdout and f"({len(e['blocks'])} blocks already in the chain)" in node.stdout
            assert node.rpc("eth_getBlockByNumber", "latest", False)["hash"] == e["blocks"][-1]["hash"]
        finally:
            node.stop()


def blocks_of(data):
    """Splits back-to-back RLP lists (every block is a long list)."""
    out, i = [], 0
    while i < len(data):
        n = data[i] - 0xf7
        length = 1 + n + int.from_bytes(data[i + 1:i + 1 + n], "big")
        out.append(data[i:i + length])
        i += length
    return out


def test_bad_block_stops_the_import(tmp_path):
    e = expected()
    blocks = blocks_of((CHAIN / "chain.rlp").read_bytes())
    assert len(blocks) == len(e["blocks"])
    # Block 10's state root (header field 3, after the parent hash, ommers hash and coinbase) is
    # changed; everything before it is valid.
    bad = bytearray(blocks[9])
    root = bytes.fromhex(e["blocks"][9]["stateRoot"][2:])
    at = bytes(bad).index(root)
    bad[at] ^= 0xff
    path = tmp_path / "bad.rlp"
    path.write_bytes(b"".join(blocks[:9]) + bytes(bad) + b"".join(blocks[10:]))
    r = run_import(path)
    assert r.returncode == 1
    assert "block 10" in r.stderr and "state root" in r.stderr, r.stderr
    assert f"head: block 9 {e['blocks'][8]['hash']}" in r.stdout


def test_truncated_file_stops_after_the_last_whole_block(tmp_path):
    e = expected()
    data = (CHAIN / "chain.rlp").read_bytes()
    blocks = blocks_of(data)
    path = tmp_path / "short.rlp"
    path.write_bytes(b"".join(blocks[:5]) + blocks[5][:40])
    r = run_import(path)
    assert r.returncode == 1
    assert "block 6" in r.stderr, r.stderr
    assert f"head: block 5 {e['blocks'][4]['hash']}" in r.stdout
