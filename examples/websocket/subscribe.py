#!/usr/bin/env python3
"""Subscribes to newHeads and logs over WebSocket, sends a transaction, prints the notifications.

    LANES_URL=http://127.0.0.1:8545 python examples/websocket/subscribe.py

Lanes serves WebSocket on the same port as HTTP (ws://HOST:PORT). This uses the plain
`websockets` package so that every JSON-RPC frame is visible:

    -> {"method": "eth_subscribe", "params": ["newHeads"]}         <- {"result": "0x<subscription id>"}
    <- {"method": "eth_subscription", "params": {"subscription": "0x…", "result": {block header}}}

The transaction deploys the example ERC-20 (../contracts/Token.bin), whose constructor emits a
Transfer event, so one transaction produces both a new head and a log. The script exits once it
has seen both (or fails after 30 seconds).
"""
import asyncio
import itertools
import json
import os
import pathlib
import sys

import websockets

URL = os.environ.get("LANES_URL", "http://127.0.0.1:8545")
WS_URL = URL.replace("https://", "wss://").replace("http://", "ws://")
CONTRACTS = pathlib.Path(__file__).resolve().parent.parent / "contracts"
TRANSFER_TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"


class Client:
    """JSON-RPC over one WebSocket: answers are matched to requests by id, notifications queued."""

    def __init__(self, ws):
        self.ws = ws
        self.ids = itertools.count(1)
        self.pending = {}
        self.notifications = asyncio.Queue()
        self.reader = asyncio.create_task(self.read())

    async def read(self):
        async for frame in self.ws:
            message = json.loads(frame)
            if message.get("method") == "eth_subscription":
                await self.notifications.put(message["params"])
            elif message.get("id") in self.pending:
                self.pending.pop(message["id"]).set_result(message)

    async def call(self, method, *params):
        request_id = next(self.ids)
        self.pending[request_id] = asyncio.get_running_loop().create_future()
        await self.ws.send(json.dumps({"jsonrpc": "2.0", "id": request_id, "method": method, "params": list(params)}))
        message = await asyncio.wait_for(self.pending[request_id], timeout=30)
        if "error" in message:
            raise RuntimeError(f"{method}: {message['error']}")
        return message["result"]


async def main():
    async with websockets.connect(WS_URL) as ws:
        client = Client(ws)
        print(f"connected to {WS_URL}, chain id {int(await client.call('eth_chainId'), 16)}")

        heads = await client.call("eth_subscribe", "newHeads")
        logs = await client.call("eth_subscribe", "logs", {"topics": [TRANSFER_TOPIC]})
        print(f"subscribed: newHeads {heads}, logs (Transfer events) {logs}")

        # Deploy the token from the first dev account: 1,000 tokens minted → one Transfer log.
        account = (await client.call("eth_accounts"))[0]
        bytecode = (CONTRACTS / "Token.bin").read_text().strip()
        supply = (1000 * 10**18).to_bytes(32, "big").hex()
        tx_hash = await client.call("eth_sendTransaction", {"from": account, "data": bytecode + supply})
        print(f"sent transaction {tx_hash}")

        seen = set()
        async def collect():
            while seen != {"newHeads", "logs"}:
                note = await client.notifications.get()
                result = note["result"]
                if note["subscription"] == heads:
                    seen.add("newHeads")
                    print(f"newHeads: block {int(result['number'], 16)} hash {result['hash']} "
                          f"gasUsed {int(result['gasUsed'], 16)} baseFeePerGas {int(result['baseFeePerGas'], 16)}")
                elif note["subscription"] == logs:
                    seen.add("logs")
                    sender, receiver = ("0x" + topic[-40:] for topic in result["topics"][1:3])
                    print(f"logs: Transfer from {sender} to {receiver} value {int(result['data'], 16)} "
                          f"(contract {result['address']}, tx {result['transactionHash']})")
        try:
            await asyncio.wait_for(collect(), timeout=30)
        except asyncio.TimeoutError:
            sys.exit(f"error: timed out; notifications seen: {sorted(seen)}")

        for subscription in (heads, logs):
            assert await client.call("eth_unsubscribe", subscription) is True
        print("unsubscribed, done")
        client.reader.cancel()


if __name__ == "__main__":
    asyncio.run(main())
