#!/usr/bin/env python3
"""make bench-tps: end-to-end transactions per second of the node. Pre-signed ERC-20 transfers
(the Vyper token of tests/e2e/contracts) from many senders are sent with eth_sendRawTransaction
in JSON-RPC batches over several connections to `lanes --block-time T --gas-limit G`; the clock
runs from the first send until every receipt is indexed (eth_getTransactionReceipt answers for
the last transaction of every sender). Prints a JSON report."""
import argparse
import concurrent.futures
import http.client
import json
import pathlib
import re
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
CONTRACTS = ROOT / "tests" / "e2e" / "contracts"
MNEMONIC = "test test test test test test test test test test test junk"


class Client:
    """One keep-alive HTTP connection."""

    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def call(self, payload):
        body = json.dumps(payload)
        try:
            self.conn.request("POST", "/", body=body, headers={"Content-Type": "application/json"})
            return json.loads(self.conn.getresponse().read())
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
            # The node closes keep-alive connections idle for 60 s (signing 10,000 transactions
            # locally can take that long on a slow machine): reconnect once.
            self.conn.close()
            self.conn.request("POST", "/", body=body, headers={"Content-Type": "application/json"})
            return json.loads(self.conn.getresponse().read())

    def rpc(self, method, *params):
        answer = self.call({"jsonrpc": "2.0", "id": 1, "method": method, "params": list(params)})
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer["result"]


def wait_receipt(client, tx_hash, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        receipt = client.rpc("eth_getTransactionReceipt", tx_hash)
        if receipt:
            return receipt
        time.sleep(0.02)
    raise RuntimeError(f"no receipt for {tx_hash}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lanes", default=str(ROOT / ".build" / "release" / "lanes"))
    ap.add_argument("--senders", type=int, default=200)
    ap.add_argument("--per-sender", type=int, default=50)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--block-time", default="0.2")
    ap.add_argument("--gas-limit", default="2000000000")
    ap.add_argument("--executor", default="parallel")
    args = ap.parse_args()

    from eth_account import Account
    Account.enable_unaudited_hdwallet_features()
    owner = Account.from_mnemonic(MNEMONIC, account_path="m/44'/60'/0'/0/0")
    abi = json.loads((CONTRACTS / "Token.abi.json").read_text())
    bytecode = (CONTRACTS / "Token.bin").read_text().strip()

    proc = subprocess.Popen([args.lanes, "--port", "0", "--silent", "--block-time", args.block_time,
                             "--gas-limit", args.gas_limit, "--executor", args.executor],
                            stdout=subprocess.PIPE, text=True)
    try:
        port = None
        for line in proc.stdout:
            m = re.search(r"Listening on http://127\.0\.0\.1:(\d+)", line)
            if m:
                port = int(m.group(1))
                break
        client = Client(port)
        chain_id = int(client.rpc("eth_chainId"), 16)
        base_fee = int(client.rpc("eth_getBlockByNumber", "latest", False)["baseFeePerGas"], 16)
        fee = {"maxFeePerGas": base_fee * 4 + 10**9, "maxPriorityFeePerGas": 10**9}

        # Set-up (not timed): deploy the token, give every sender ETH and tokens.
        supply = 10**30
        deploy = bytecode + supply.to_bytes(32, "big").hex()
        nonce = int(client.rpc("eth_getTransactionCount", owner.address, "pending"), 16)

        def signed(key, tx):
            return "0x" + Account.sign_transaction({"chainId": chain_id, "type": 2, **fee, **tx}, key).raw_transaction.hex().removeprefix("0x")

        first = client.rpc("eth_sendRawTransaction", signed(owner.key, {"nonce": nonce, "gas": 2_000_000, "data": deploy, "value": 0}))
        from eth_utils import to_checksum_address
        token = to_checksum_address(wait_receipt(client, first)["contractAddress"])
        nonce += 1
        senders = [Account.create(f"bench-tps-{i}") for i in range(args.senders)]
        transfer = "0xa9059cbb"  # transfer(address,uint256)

        def call_data(to, amount):
            return transfer + bytes.fromhex(to[2:].lower()).rjust(32, b"\0").hex() + amount.to_bytes(32, "big").hex()

        setup = []
        for s in senders:
            setup.append(signed(owner.key, {"nonce": nonce, "to": s.address, "value": 10**18, "gas": 21_000}))
            setup.append(signed(owner.key, {"nonce": nonce + 1, "to": token, "value": 0, "gas": 100_000,
                                            "data": call_data(s.address, 10**21)}))
            nonce += 2
        hashes = []
        for i in range(0, len(setup), args.batch):
            answers = client.call([{"jsonrpc": "2.0", "id": j, "method": "eth_sendRawTransaction", "params": [raw]}
                                   for j, raw in enumerate(setup[i:i + args.batch])])
            errors = [a["error"] for a in answers if "error" in a]
            if errors:
                raise RuntimeError(f"setup send failed: {errors[0]}")
            hashes += [a["result"] for a in answers]
        wait_receipt(client, hashes[-1])

        # The measured transactions, signed beforehand: each sender pays its neighbour.
        # Interleaved by nonce, so that every batch mixes senders and each sender's nonces stay in order.
        raws = []
        for n in range(args.per_sender):
            for i, s in enumerate(senders):
                to = senders[(i + 1) % len(senders)].address
                raws.append(signed(s.key, {"nonce": n, "to": token, "value": 0, "gas": 80_000, "data": call_data(to, 1 + n)}))
        batches = [raws[i:i + args.batch] for i in range(0, len(raws), args.batch)]

        def send(chunk_list):
            c = Client(port)
            out = []
            for chunk in chunk_list:
                answers = c.call([{"jsonrpc": "2.0", "id": j, "method": "eth_sendRawTransaction", "params": [raw]}
                                  for j, raw in enumerate(chunk)])
                errors = [a for a in answers if "error" in a]
                if errors:
                    raise RuntimeError(f"send failed: {errors[0]}")
                out += [a["result"] for a in answers]
            return out

        # Batches go to the connections in order (batch k to connection k mod N), one connection at
        # a time per batch round, so that no sender's later nonce overtakes an earlier one.
        start = time.monotonic()
        sent = []
        with concurrent.futures.ThreadPoolExecutor(args.connections) as pool:
            for r in range(0, len(batches), args.connections):
                round_batches = batches[r:r + args.connections]
                for result in pool.map(lambda b: send([b]), round_batches):
                    sent += result
        sending = time.monotonic() - start
        wait_receipt(client, sent[-1])
        # Every transaction indexed: the receipt of every sender's last one.
        for h in sent[-args.senders:]:
            wait_receipt(client, h)
        elapsed = time.monotonic() - start
        head = int(client.rpc("eth_blockNumber"), 16)
        report = {"transactions": len(sent), "senders": args.senders, "connections": args.connections, "batch": args.batch,
                  "block_time_s": float(args.block_time), "gas_limit": int(args.gas_limit), "executor": args.executor,
                  "send_seconds": round(sending, 3), "seconds": round(elapsed, 3), "tx_per_s": round(len(sent) / elapsed, 1),
                  "head_block": head}
        report["acceptance_ge_3000"] = report["tx_per_s"] >= 3000
        report["goal_ge_10000"] = report["tx_per_s"] >= 10000
        print(json.dumps(report, indent=2))
        return 0
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
