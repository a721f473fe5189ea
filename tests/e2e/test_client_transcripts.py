"""Replays the request sequences of clients that cannot run here (npm is unreachable): ethers v6,
viem and MetaMask, as committed transcripts (tests/e2e/transcripts/*.json). Each request is sent
to the real node in order, placeholders filled in (${from}, ${to}, ${nonce}, ${raw} — signed with
eth-account for the node's chain id and the nonce the client just asked for — and ${hash}), and
each answer is checked for what that client reads from it."""
import json
import pathlib
import re
import urllib.request

import pytest

from lanes_e2e import LanesProcess, MNEMONIC

TRANSCRIPTS = sorted((pathlib.Path(__file__).resolve().parent / "transcripts").glob("*.json"))
QUANTITY = re.compile(r"^0x(0|[1-9a-f][0-9a-f]*)$")
DATA = re.compile(r"^0x([0-9a-f]{2})*$")
HASH = re.compile(r"^0x[0-9a-f]{64}$")


@pytest.fixture(scope="module")
def node():
    n = LanesProcess("--silent")
    yield n
    n.stop()


def post(url, method, params):
    body = json.dumps({"jsonrpc": "2.0", "id": 7, "method": method, "params": params}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.loads(response.read())
    assert answer.get("jsonrpc") == "2.0" and answer.get("id") == 7, answer
    return answer


def check(kind, result, step):
    if kind == "quantity":
        assert isinstance(result, str) and QUANTITY.match(result), (step, result)
    elif kind == "data":
        assert isinstance(result, str) and DATA.match(result), (step, result)
    elif kind == "hash":
        assert isinstance(result, str) and HASH.match(result), (step, result)
    elif kind == "decimal-string":
        assert isinstance(result, str) and result.isdigit(), (step, result)
    elif kind == "block-with-base-fee":
        for field in ("number", "hash", "parentHash", "timestamp", "gasLimit", "gasUsed", "baseFeePerGas"):
            assert field in result, (step, field)
        assert QUANTITY.match(result["baseFeePerGas"]) and isinstance(result["transactions"], list)
    elif kind == "fee-history":
        assert QUANTITY.match(result["oldestBlock"])
        assert len(result["baseFeePerGas"]) == len(result["gasUsedRatio"]) + 1
        assert all(len(r) == len(step["params"][2]) for r in result["reward"])
    elif kind == "receipt-success":
        assert result is not None, "receipt missing after the send (automine commits before answering)"
        assert result["status"] == "0x1" and HASH.match(result["blockHash"]) and QUANTITY.match(result["effectiveGasPrice"])
    elif kind == "transaction":
        assert result is not None and HASH.match(result["hash"]) and QUANTITY.match(result["blockNumber"])
    else:
        raise AssertionError(f"unknown expectation {kind}")


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: p.stem)
def test_client_transcript(node, path):
    from eth_account import Account
    Account.enable_unaudited_hdwallet_features()
    transcript = json.loads(path.read_text())
    index = 1 + TRANSCRIPTS.index(path)  # a dev account of its own per client
    sender = Account.from_mnemonic(MNEMONIC, account_path=f"m/44'/60'/0'/0/{index}")
    values = {"from": sender.address, "to": "0x" + "11" * 19 + f"{index:02x}"}  # an account without code
    state = {}

    def raw():
        tx = {"chainId": int(state["chainId"], 16), "nonce": int(state["nonce"], 16), "to": values["to"],
              "value": int(state.get("value", "0x1"), 16), "gas": 21000, "maxFeePerGas": 2_000_000_000,
              "maxPriorityFeePerGas": 1_000_000_000, "type": 2}
        return "0x" + Account.sign_transaction(tx, sender.key).raw_transaction.hex().removeprefix("0x")

    def fill(value):
        if isinstance(value, str) and "${" in value:
            if value == "${raw}":
                return raw()
            for name, filled in list(values.items()) + [("nonce", state.get("nonce", "0x0")), ("hash", state.get("hash", ""))]:
                value = value.replace("${" + name + "}", filled)
            return value
        if isinstance(value, list):
            return [fill(v) for v in value]
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        return value

    for step in transcript["requests"]:
        params = fill(step["params"])
        answer = post(node.url, step["method"], params)
        if step["expect"] == "error":
            assert "error" in answer and answer["error"]["code"] == step["code"], (step, answer)
            continue
        assert "error" not in answer, (step, answer)
        result = answer["result"]
        check(step["expect"], result, step)
        if "equals" in step:
            assert result == step["equals"], (step, result)
        if step["method"] == "eth_chainId":
            state["chainId"] = result
        if step["method"] == "eth_getTransactionCount":
            state["nonce"] = result
        if step["method"] == "eth_estimateGas":
            state["value"] = params[0].get("value", "0x1")
        if step.get("capture") == "hash":
            state["hash"] = result
    assert "hash" in state, "the transcript sent no transaction"
