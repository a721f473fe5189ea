"""eth_subscribe over WebSocket (web3.py's WebSocket provider and raw frames)."""
import asyncio
import json

import websockets


def test_web3_websocket_provider(lanes, dev_accounts):
    from web3 import AsyncWeb3, WebSocketProvider

    async def run():
        async with AsyncWeb3(WebSocketProvider(lanes.ws_url)) as w3:
            assert await w3.eth.chain_id == 31337
            heads = await w3.eth.subscribe("newHeads")
            pending = await w3.eth.subscribe("newPendingTransactions")
            tx_hash = await w3.eth.send_transaction({"from": dev_accounts[0].address, "to": dev_accounts[1].address, "value": 1})
            seen = {"head": None, "pending": None}
            async def collect():
                async for message in w3.socket.process_subscriptions():
                    if message["subscription"] == heads:
                        seen["head"] = message["result"]
                    elif message["subscription"] == pending:
                        seen["pending"] = message["result"]
                    if seen["head"] is not None and seen["pending"] is not None:
                        return
            await asyncio.wait_for(collect(), timeout=20)
            assert seen["pending"] == tx_hash
            receipt = await w3.eth.get_transaction_receipt(tx_hash)
            assert seen["head"]["number"] == receipt["blockNumber"]
            assert await w3.eth.unsubscribe(heads)
    asyncio.run(run())


def test_logs_subscription_raw(lanes, dev_accounts, w3):
    from lanes_e2e import token_artifacts
    abi, bytecode = token_artifacts()

    async def run():
        async with websockets.connect(lanes.ws_url) as ws:
            await ws.send(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "eth_subscribe", "params": ["logs", {}]}))
            sub = json.loads(await ws.recv())["result"]
            factory = w3.eth.contract(abi=abi, bytecode=bytecode)
            h = factory.constructor(1000).transact({"from": dev_accounts[0].address})
            message = json.loads(await asyncio.wait_for(ws.recv(), timeout=20))
            assert message["method"] == "eth_subscription"
            assert message["params"]["subscription"] == sub
            assert message["params"]["result"]["transactionHash"] == "0x" + bytes(h).hex()
    asyncio.run(run())


def test_subscribe_over_http_is_refused(w3):
    raw = w3.provider.make_request("eth_subscribe", ["newHeads"])
    assert raw["error"]["code"] == -32001
