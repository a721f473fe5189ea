"""`lanes --genesis genesis.json --import chain.rlp` on the committed multi-fork chain.

The chain and its expected hashes come from scripts/gen_multifork_chain.py (the reference
implementation computed them); this runs the real binary and checks what it reports.
"""
import json
import os
import pathlib
import re
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
LANES = os.environ.get("LANES_BIN", str(ROOT / ".build" / "release" / "lanes"))
CHAIN = ROOT / "Tests" / "Fixtures" / "chain"


def run_import(chain_path, *extra):
    return subprocess.run([LANES, "--genesis", str(CHAIN / "genesis.json"), "--import", str(chain_path), *extra],
                          capture_output=True, text=True, timeout=300)


def expected():
    return json.loads((CHAIN / "expected.json").read_text())


def test_import_reaches_the_reference_head():
    e = expected()
    r = run_import(CHAIN / "chain.rlp")
    assert r.returncode == 0, r.stderr
    last = e["blocks"][-1]
    assert f"genesis: block 0 {e['genesisHash']}" in r.stdout
    assert f"head: block {last['number']} {last['hash']}" in r.stdout
    assert f"state root {last['stateRoot']}" in r.stdout
    assert re.search(r"imported %d blocks, \d+ gas in [0-9.]+ s: [0-9.]+ blocks/s, [0-9.]+ Mgas/s" % len(e["blocks"]), r.stdout)


def test_import_with_parallel_executor_flag():
    e = expected()
    r = run_import(CHAIN / "chain.rlp", "--executor", "parallel")
    assert r.returncode == 0, r.stderr
    assert f"head: block {e['blocks'][-1]['number']} {e['blocks'][-1]['hash']}" in r.stdout


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
