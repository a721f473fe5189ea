"""Malformed input gets geth's error and the node keeps serving."""
import json
import urllib.request

import pytest


def post(url, body):
    req = urllib.request.Request(url, data=body if isinstance(body, bytes) else body.encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        text = r.read()
    return json.loads(text) if text else None


CASES = [
    ("not json", b"{oops", -32700),
    ("wrong jsonrpc", '{"jsonrpc":"1.0","id":1,"method":"eth_chainId"}', -32600),
    ("unknown method", '{"jsonrpc":"2.0","id":1,"method":"eth_fillTransaction","params":[{}]}', -32601),
    ("too many params", '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[1]}', -32602),
    ("missing params", '{"jsonrpc":"2.0","id":1,"method":"eth_getBalance","params":[]}', -32602),
    ("wrong type", '{"jsonrpc":"2.0","id":1,"method":"eth_getBalance","params":[5,"latest"]}', -32602),
    ("odd hex", '{"jsonrpc":"2.0","id":1,"method":"eth_getCode","params":["0x123","latest"]}', -32602),
    ("huge number", '{"jsonrpc":"2.0","id":1,"method":"eth_getBlockByNumber","params":["0x' + "f" * 70 + '",false]}', -32602),
    ("bad raw tx", '{"jsonrpc":"2.0","id":1,"method":"eth_sendRawTransaction","params":["0x02ff"]}', -32000),
    ("empty batch", "[]", -32600),
]


@pytest.mark.parametrize("name,body,code", CASES, ids=[c[0] for c in CASES])
def test_error_codes(lanes, name, body, code):
    out = post(lanes.url, body)
    assert out["error"]["code"] == code, out
    assert post(lanes.url, '{"jsonrpc":"2.0","id":7,"method":"eth_chainId"}')["result"] == "0x7a69"


def test_oversize_batch(lanes):
    batch = [{"jsonrpc": "2.0", "id": i, "method": "eth_chainId"} for i in range(1001)]
    out = post(lanes.url, json.dumps(batch))
    assert out[0]["error"]["code"] == -32600


def test_ids_echoed_and_notifications_unanswered(lanes):
    out = post(lanes.url, '[{"jsonrpc":"2.0","id":"abc","method":"eth_blockNumber"},{"jsonrpc":"2.0","method":"eth_blockNumber"}]')
    assert len(out) == 1 and out[0]["id"] == "abc"
