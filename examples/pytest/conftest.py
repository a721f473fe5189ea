"""pytest fixtures for testing contracts against a Lanes dev chain, the way suites use Anvil.

`lanes` starts the `lanes` binary on a free port (`--port 0`), reads the address from the
`Listening on …` line it prints, and stops it when the session ends. Set LANES_BIN to the binary
(default: .build/release/lanes of this checkout). `w3` is a web3.py client of that node, and
`isolated` wraps each test in evm_snapshot / evm_revert so tests never see each other's state.

    pytest examples/pytest
"""
import os
import pathlib
import select
import signal
import subprocess
import time

import pytest
from web3 import Web3

ROOT = pathlib.Path(__file__).resolve().parents[2]
LANES_BIN = os.environ.get("LANES_BIN", str(ROOT / ".build" / "release" / "lanes"))


@pytest.fixture(scope="session")
def lanes():
    """The URL of a fresh node, started for this session and stopped after it."""
    proc = subprocess.Popen([LANES_BIN, "--port", "0", "--silent"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, bufsize=1)
    url, deadline = None, time.time() + 60
    while url is None and time.time() < deadline and proc.poll() is None:
        if select.select([proc.stdout], [], [], 0.5)[0]:
            line = proc.stdout.readline()
            if line.startswith("Listening on "):
                url = line.split("Listening on ", 1)[1].strip()
    if url is None:
        proc.kill()
        raise RuntimeError(f"lanes did not start: {proc.stderr.read()}")
    yield url
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def w3(lanes):
    return Web3(Web3.HTTPProvider(lanes, request_kwargs={"timeout": 60}))


@pytest.fixture(autouse=True)
def isolated(w3):
    """Every test starts from the same chain: snapshot before, revert after."""
    snapshot = w3.provider.make_request("evm_snapshot", [])["result"]
    yield
    assert w3.provider.make_request("evm_revert", [snapshot])["result"] is True


def rpc(w3, method, *params):
    """One JSON-RPC call; raises on an error answer."""
    answer = w3.provider.make_request(method, list(params))
    if "error" in answer:
        raise RuntimeError(f"{method}: {answer['error']}")
    return answer["result"]
