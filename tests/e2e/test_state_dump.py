"""`--dump-state FILE` writes the state when the node stops; `--load-state FILE` starts from it."""
import json

from lanes_e2e import LanesProcess

DEAD = "0x000000000000000000000000000000000000dEaD"
FIRST = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"


def call(w3_url, method, *params):
    import urllib.request
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": list(params)}).encode()
    request = urllib.request.Request(w3_url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def test_dump_then_load_state(tmp_path):
    path = tmp_path / "state.json"
    node = LanesProcess("--silent", "--dump-state", str(path))
    try:
        sent = call(node.url, "eth_sendTransaction", {"from": FIRST, "to": DEAD, "value": "0x1234"})
        assert "result" in sent, sent
    finally:
        assert node.stop() == 0
    dump = json.loads(path.read_text())
    assert dump["accounts"][DEAD.lower()]["balance"] == "0x1234"
    assert dump["accounts"][FIRST.lower()]["nonce"] == 1
    node = LanesProcess("--silent", "--load-state", str(path))
    try:
        assert call(node.url, "eth_getBalance", DEAD, "latest")["result"] == "0x1234"
        assert call(node.url, "eth_getTransactionCount", FIRST, "latest")["result"] == "0x1"
        # The system contracts and their code come back too.
        code = call(node.url, "eth_getCode", "0x0000F90827F1C53a10cb7A02335B175320002935", "latest")["result"]
        assert len(code) > 2
    finally:
        node.stop()


def test_load_state_rejects_a_file_that_is_not_a_dump(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"hello": 1}')
    import subprocess
    from lanes_e2e import LANES
    r = subprocess.run([LANES, "--port", "0", "--load-state", str(path)], capture_output=True, text=True, timeout=60)
    assert r.returncode != 0 and "not a state dump" in r.stderr
