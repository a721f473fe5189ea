"""Runs every script under examples/ against a live node (LANES_URL set), checking exit codes and output."""
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

from lanes_e2e import CONTRACTS, LANES, ROOT

EXAMPLES = ROOT / "examples"
CURL = EXAMPLES / "curl"
HASH = r"0x[0-9a-f]{64}"
ADDRESS = r"0x[0-9a-fA-F]{40}"


def run(lanes, *command, timeout=120, expect_ok=True):
    env = dict(os.environ, LANES_URL=lanes.url)
    # Python examples and python3 in the curl scripts use this interpreter (the venv's).
    env["PATH"] = str(pathlib.Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    result = subprocess.run([str(c) for c in command], capture_output=True, text=True, env=env, timeout=timeout, cwd=ROOT)
    if expect_ok:
        assert result.returncode == 0, f"{command} exited {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    return result


needs_curl = pytest.mark.skipif(shutil.which("curl") is None or shutil.which("bash") is None, reason="curl and bash needed")


def test_every_example_is_covered():
    scripts = {p.relative_to(EXAMPLES).as_posix() for p in EXAMPLES.rglob("*") if p.suffix in (".sh", ".py")}
    covered = {f"curl/{name}.sh" for name in CURL_SCRIPTS} | {"curl/lib.sh", "curl/deploy_token.sh",
        "web3py/deploy_erc20.py", "websocket/subscribe.py", "derive_dev_accounts.py",
        "pytest/conftest.py", "pytest/test_anvil_style.py"}
    assert scripts <= covered, f"examples without a test: {sorted(scripts - covered)}"


def test_contract_copies_match_the_tests():
    for name in ("Token.vy", "Token.bin", "Token.abi.json"):
        assert (EXAMPLES / "contracts" / name).read_text() == (CONTRACTS / name).read_text(), name


CURL_SCRIPTS = {
    "chain_id": r"^chain id: 0x7a69 \(31337\)$",
    "block_number": r"^block number: 0x[0-9a-f]+ \(\d+\)$",
    "balance": rf"^balance of {ADDRESS} at latest: 0x[0-9a-f]+ wei \([0-9.e+]+ ETH\)$",
    "send_transaction": rf"^transaction hash: {HASH}\nmined in block 0x[0-9a-f]+, status 0x1$",
    "send_raw_transaction": rf"^signed by the node: 0x02[0-9a-f]+\ntransaction hash: {HASH}\nmined in block 0x[0-9a-f]+, status 0x1$",
    "receipt": rf"^status: 0x1, gas used: 0x5208, block: 0x[0-9a-f]+$",
    "call": rf"^symbol\(\): LANE\nbalanceOf\({ADDRESS}\): 0x0*d3c21bcecceda1000000 \(1000000000000000000000000\)$",
    "get_logs": r"^2 Transfer log\(s\) of 0x[0-9a-f]{40}:\n  block \d+: 0x0{40} -> 0x[0-9a-f]{40} value 10{24}\n"
                r"  block \d+: 0x[0-9a-f]{40} -> 0x[0-9a-f]{40} value 5$",
}


@needs_curl
@pytest.mark.parametrize("name", sorted(CURL_SCRIPTS))
def test_curl_script(lanes, name):
    out = run(lanes, CURL / f"{name}.sh").stdout
    assert re.search(CURL_SCRIPTS[name], out, re.MULTILINE), out


@needs_curl
def test_curl_scripts_with_arguments(lanes, w3, dev_accounts):
    token = re.search(rf"^token: ({ADDRESS})$", run(lanes, CURL / "deploy_token.sh").stdout, re.MULTILINE).group(1)
    assert "symbol(): LANE" in run(lanes, CURL / "call.sh", token).stdout
    assert f"1 Transfer log(s) of {token}" in run(lanes, CURL / "get_logs.sh", token).stdout
    out = run(lanes, CURL / "balance.sh", dev_accounts[5].address, "0x0").stdout
    assert "0x21e19e0c9bab2400000 wei" in out  # 10,000 ETH at genesis
    # A transaction signed outside the node, sent as is.
    sender = dev_accounts[6]
    signed = sender.sign_transaction({"to": dev_accounts[7].address, "value": 12345, "gas": 21000, "gasPrice": 2 * w3.eth.gas_price,
                                      "nonce": w3.eth.get_transaction_count(sender.address, "pending"), "chainId": 31337})
    out = run(lanes, CURL / "send_raw_transaction.sh", signed.raw_transaction.to_0x_hex()).stdout
    tx_hash = re.search(rf"^transaction hash: ({HASH})$", out, re.MULTILINE).group(1)
    assert tx_hash == signed.hash.to_0x_hex()
    assert "status: 0x1" in run(lanes, CURL / "receipt.sh", tx_hash).stdout
    out = run(lanes, CURL / "send_transaction.sh", dev_accounts[8].address, "0x3039").stdout
    assert "status 0x1" in out


@needs_curl
def test_curl_scripts_fail_on_errors(lanes):
    bad = run(lanes, CURL / "balance.sh", "0x123", expect_ok=False)
    assert bad.returncode != 0 and '"error"' in bad.stderr and "-32602" in bad.stderr
    bad = run(lanes, CURL / "send_raw_transaction.sh", "0x02f86c", expect_ok=False)
    assert bad.returncode != 0 and "eth_sendRawTransaction" in bad.stderr
    lanes_down = type("Down", (), {"url": "http://127.0.0.1:1"})()
    bad = run(lanes_down, CURL / "chain_id.sh", expect_ok=False)
    assert bad.returncode != 0 and "failed" in bad.stderr


def test_web3py_deploy_erc20(lanes):
    out = run(lanes, sys.executable, EXAMPLES / "web3py" / "deploy_erc20.py").stdout
    assert re.search(rf"^deployed Lanes Token \(LANE\) at {ADDRESS} in block \d+", out, re.MULTILINE), out
    assert re.search(rf"^Transfer event: from 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 to "
                     rf"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC value 250000000000000000000$", out, re.MULTILINE), out
    assert "eth_getLogs: 3 Transfer events of the token" in out
    assert re.search(r"^balance deployer 0x\w+: 999000 LANE$", out, re.MULTILINE), out
    assert re.search(r"^balance alice 0x\w+: 750 LANE$", out, re.MULTILINE), out
    assert re.search(r"^balance bob 0x\w+: 250 LANE$", out, re.MULTILINE), out


def test_websocket_subscribe(lanes):
    out = run(lanes, sys.executable, EXAMPLES / "websocket" / "subscribe.py", timeout=60).stdout
    tx_hash = re.search(rf"^sent transaction ({HASH})$", out, re.MULTILINE).group(1)
    assert re.search(r"^newHeads: block \d+ hash 0x[0-9a-f]{64} gasUsed [1-9]\d* baseFeePerGas \d+$", out, re.MULTILINE), out
    assert re.search(rf"^logs: Transfer from 0x0{{40}} to 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266 value 10{{21}} "
                     rf"\(contract 0x[0-9a-f]{{40}}, tx {tx_hash}\)$", out, re.MULTILINE), out
    assert out.rstrip().endswith("unsubscribed, done")


def test_derive_dev_accounts():
    result = subprocess.run([sys.executable, str(EXAMPLES / "derive_dev_accounts.py"), LANES], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(" ok") == 10


def test_anvil_style_pytest_suite():
    """examples/pytest: its own fixture starts the binary on --port 0, and the suite passes."""
    env = dict(os.environ, LANES_BIN=str(pathlib.Path(LANES).resolve()))  # the suite runs from its own folder
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(EXAMPLES / "pytest")],
                            capture_output=True, text=True, env=env, timeout=300, cwd=EXAMPLES / "pytest")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"\b7 passed\b", result.stdout), result.stdout
