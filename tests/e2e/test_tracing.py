"""debug_trace* the way web3.py calls them: `w3.geth.debug.trace_transaction` and raw requests,
each answer validated against the method's OpenRPC result schema."""
import pytest
from hexbytes import HexBytes

from lanes_e2e import token_artifacts
from test_openrpc import result_validator


@pytest.fixture(scope="module")
def token(w3, dev_accounts):
    abi, bytecode = token_artifacts()
    h = w3.eth.contract(abi=abi, bytecode=bytecode).constructor(10**24).transact({"from": dev_accounts[0].address})
    receipt = w3.eth.get_transaction_receipt(h)
    return w3.eth.contract(address=receipt["contractAddress"], abi=abi)


@pytest.fixture(scope="module")
def transfer(w3, token, dev_accounts):
    h = token.functions.transfer(dev_accounts[1].address, 500).transact({"from": dev_accounts[0].address})
    return w3.eth.get_transaction_receipt(h)


def raw(w3, method, *params):
    answer = w3.provider.make_request(method, list(params))
    assert "error" not in answer, answer
    result_validator(method).validate(answer["result"])
    return answer["result"]


def test_geth_debug_trace_transaction_call_tracer(w3, token, transfer, dev_accounts):
    trace = w3.geth.debug.trace_transaction(transfer["transactionHash"], {"tracer": "callTracer",
                                                                            "tracerConfig": {"withLog": True}})
    assert trace["type"] == "CALL"
    assert trace["from"].lower() == dev_accounts[0].address.lower()
    assert trace["to"].lower() == token.address.lower()
    gas_used = trace["gasUsed"]  # web3.py may already have turned the quantity into an int
    assert (gas_used if isinstance(gas_used, int) else int(gas_used, 16)) == transfer["gasUsed"]
    assert len(trace["logs"]) == 1
    assert HexBytes(trace["logs"][0]["topics"][0]) == HexBytes(transfer["logs"][0]["topics"][0])


def test_struct_logger_agrees_with_the_receipt(w3, transfer):
    trace = raw(w3, "debug_traceTransaction", transfer["transactionHash"].to_0x_hex())
    assert trace["gas"] == transfer["gasUsed"]
    assert trace["failed"] is False
    logs = trace["structLogs"]
    assert logs[0]["pc"] == 0 and logs[0]["depth"] == 1
    assert any(entry["op"] == "SSTORE" and "storage" in entry for entry in logs)
    assert logs[-1]["op"] in ("RETURN", "STOP")


def test_prestate_covers_the_token_and_sender(w3, token, transfer, dev_accounts):
    pre = raw(w3, "debug_traceTransaction", transfer["transactionHash"].to_0x_hex(), {"tracer": "prestateTracer"})
    assert token.address.lower() in pre and dev_accounts[0].address.lower() in pre
    assert pre[token.address.lower()]["storage"]
    diff = raw(w3, "debug_traceTransaction", transfer["transactionHash"].to_0x_hex(),
               {"tracer": "prestateTracer", "tracerConfig": {"diffMode": True}})
    assert set(diff) == {"pre", "post"}


def test_trace_block_and_trace_call(w3, token, transfer, dev_accounts):
    block = raw(w3, "debug_traceBlockByNumber", hex(transfer["blockNumber"]), {"tracer": "callTracer"})
    assert [item["txHash"] for item in block] == [transfer["transactionHash"].to_0x_hex()]
    by_hash = raw(w3, "debug_traceBlockByHash", transfer["blockHash"].to_0x_hex(), {"tracer": "callTracer"})
    assert by_hash == block
    call = {"from": dev_accounts[0].address, "to": token.address,
            "data": token.encode_abi("transfer", [dev_accounts[2].address, 1])}
    traced = raw(w3, "debug_traceCall", call, "latest", {"tracer": "callTracer"})
    assert traced["output"] == "0x" + "00" * 31 + "01"
    poor = dict(call, **{"from": dev_accounts[8].address})
    reverted = raw(w3, "debug_traceCall", poor, "latest", {"tracer": "callTracer"})
    assert reverted["error"] == "execution reverted" and reverted["revertReason"] == "insufficient balance"


def test_unknown_tracer_is_an_error(w3, transfer):
    answer = w3.provider.make_request("debug_traceTransaction", [transfer["transactionHash"].to_0x_hex(), {"tracer": "bogus"}])
    assert answer["error"] == {"code": -32000, "message": "tracer not found"}


def test_parity_and_otterscan_methods(w3, token, transfer, dev_accounts):
    h = transfer["transactionHash"].to_0x_hex()
    traces = raw(w3, "trace_transaction", h)
    assert traces[0]["action"]["to"] == token.address.lower() and traces[0]["type"] == "call"
    replay = raw(w3, "trace_replayTransaction", h, ["trace", "stateDiff"])
    assert token.address.lower() in replay["stateDiff"]
    assert raw(w3, "trace_block", hex(transfer["blockNumber"])) == traces
    assert raw(w3, "ots_getApiLevel") == 8
    assert raw(w3, "ots_hasCode", token.address, "latest") is True
    assert raw(w3, "ots_traceTransaction", h)[0]["depth"] == 0
    assert raw(w3, "ots_getTransactionError", h) == "0x"
    details = raw(w3, "ots_getBlockDetails", transfer["blockNumber"])
    assert details["block"]["transactionCount"] == 1
    search = raw(w3, "ots_searchTransactionsBefore", dev_accounts[0].address, 0, 5)
    assert h in [tx["hash"] for tx in search["txs"]]
    creator = raw(w3, "ots_getContractCreator", token.address)
    assert creator["creator"] == dev_accounts[0].address.lower()


def test_web3_tracing_module(w3, token, transfer):
    """web3.py's `w3.tracing` (Parity-style trace_*)."""
    h = transfer["transactionHash"]
    traces = w3.tracing.trace_transaction(h)
    assert traces[0]["type"] == "call" and traces[0]["transactionHash"] == h
    replay = w3.tracing.trace_replay_transaction(h, ["trace"])
    assert len(replay["trace"]) == len(traces) and replay["vmTrace"] is None
    assert len(w3.tracing.trace_block(transfer["blockNumber"])) == len(traces)
    filtered = w3.tracing.trace_filter({"fromBlock": hex(transfer["blockNumber"]), "toBlock": hex(transfer["blockNumber"]),
                                        "toAddress": [token.address]})
    assert [t["transactionHash"] for t in filtered] == [h]
    replays = w3.tracing.trace_replay_block_transactions(transfer["blockNumber"], ["trace"])
    assert replays[0]["transactionHash"] == h
