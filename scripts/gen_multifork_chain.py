#!/usr/bin/env python3
"""Multi-fork chain for `lanes --genesis … --import …`, with every expected value from the reference.

Builds a geth-format genesis with fork blocks and times in the manner of ethereum/execution-apis
tests/genesis.json, but spread out so that the chain crosses every fork: Frontier (genesis),
Homestead, EIP150, EIP158, Byzantium, Constantinople+Petersburg, Istanbul, Berlin, London by block
number (proof of work, with ommers), the merge by terminal total difficulty (and
mergeNetsplitBlock), then Shanghai (withdrawals), Cancun (blob transactions), Prague (EIP-7002,
EIP-7251 and EIP-6110 requests, EIP-7702 transactions) and Osaka by timestamp.

Every block is executed by the reference implementation (ethereum/execution-specs, PyPI
`ethereum-execution==2.20.0`): `ethereum-spec-evm t8n` in block mode computes the state root,
transactions and receipts roots, bloom, gas used, difficulty, base fee, excess blob gas,
withdrawals root and requests hash from the parent's post-state. The block hash is keccak256 of the
header encoded by the reference's own `Header` class of that fork (ethereum_rlp), and for forks
that `ethereum-spec-evm b11r` can build (it knows headers only up to Shanghai) the script checks
that b11r produces the same block RLP and hash. Ommers are real sibling blocks, also executed by
t8n. Lanes computes nothing here.

Two adaptations of the reference tool, both glue and not rules:
- t8n 2.20.0 reads ommers as {delta, address} but its reward code reads `ommer.number` and
  `ommer.coinbase`; the script gives the parsed ommers those two attributes (number = block number
  − delta) so that the reference's own reward formula runs.
- t8n 2.20.0 does not report blobGasUsed; the script records the reference's
  `block_output.blob_gas_used` when t8n fills its result.

Output (--out, default Tests/Fixtures/chain): genesis.json, chain.rlp (blocks 1…N back to back)
and expected.json (genesis hash, and per block number, fork, hash, stateRoot, receiptsRoot).

Usage: .venv-spec/bin/python scripts/gen_multifork_chain.py [--out DIR]   (make chain-fixture)
"""

import argparse
import dataclasses
import io
import json
import logging
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evm_differential import address_of, keccak, rlp, sign  # noqa: E402

CHAIN_ID = 1337
GENESIS_TIME = 1_600_000_000
BLOCK_TIME = 13
PRE_LONDON_GAS_LIMIT = 15_000_000
GAS_LIMIT = 30_000_000  # from London: twice the last pre-London limit (EIP-1559 transition)
GWEI = 10**9

# Fork schedule: block-numbered forks, the first proof-of-stake block, timestamped forks (by the
# block that first has them; their activation time is that block's timestamp).
FORK_BLOCKS = [("Frontier", 0), ("Homestead", 3), ("EIP150", 5), ("EIP158", 7), ("Byzantium", 9),
               ("ConstantinopleFix", 11), ("Istanbul", 13), ("Berlin", 15), ("London", 17)]
MERGE_BLOCK = 19
FORK_TIME_BLOCKS = [("Shanghai", 21), ("Cancun", 23), ("Prague", 25), ("Osaka", 27)]
LAST_BLOCK = 29
# Block number -> ommers it includes, each the child of the given ancestor number.
OMMERS = {2: [0], 10: [8], 14: [12, 10], 18: [16]}

GETH_BLOCK_KEYS = {"Homestead": ["homesteadBlock"], "EIP150": ["eip150Block"], "EIP158": ["eip155Block", "eip158Block"],
                   "Byzantium": ["byzantiumBlock"], "ConstantinopleFix": ["constantinopleBlock", "petersburgBlock"],
                   "Istanbul": ["istanbulBlock"], "Berlin": ["berlinBlock"], "London": ["londonBlock"]}
GETH_TIME_KEYS = {"Shanghai": "shanghaiTime", "Cancun": "cancunTime", "Prague": "pragueTime", "Osaka": "osakaTime"}
FORK_MODULES = {"Frontier": "frontier", "Homestead": "homestead", "EIP150": "tangerine_whistle",
                "EIP158": "spurious_dragon", "Byzantium": "byzantium", "ConstantinopleFix": "constantinople",
                "Istanbul": "istanbul", "Berlin": "berlin", "London": "london", "Paris": "paris",
                "Shanghai": "shanghai", "Cancun": "cancun", "Prague": "prague", "Osaka": "osaka"}
ORDER = ["Frontier", "Homestead", "EIP150", "EIP158", "Byzantium", "ConstantinopleFix", "Istanbul", "Berlin",
         "London", "Paris", "Shanghai", "Cancun", "Prague", "Osaka"]


def at_least(fork, name):
    return ORDER.index(fork) >= ORDER.index(name)


def timestamp(number):
    return GENESIS_TIME + BLOCK_TIME * number


def fork_of(number):
    fork = "Frontier"
    for name, block in FORK_BLOCKS:
        if number >= block:
            fork = name
    if number >= MERGE_BLOCK:
        fork = "Paris"
        for name, block in FORK_TIME_BLOCKS:
            if timestamp(number) >= timestamp(block):
                fork = name
    return fork


# --------------------------------------------------------------------------- accounts and contracts

KEYS = [int.from_bytes(keccak(f"lanes multifork key {i}".encode()), "big") for i in range(3)]
SENDERS = [address_of(k) for k in KEYS]
COINBASES = [0xc0ffee0000000000000000000000000000000000 + i for i in range(4)]
OMMER_MINERS = [0x0a0a000000000000000000000000000000000000 + i for i in range(1, 8)]
RECIPIENT = 0x5e1f000000000000000000000000000000000001
REVERTER = 0x5e1f000000000000000000000000000000000002     # REVERT(0, 0) (an invalid opcode before Byzantium)
CLZ_STORE = 0x5e1f000000000000000000000000000000000003    # stores CLZ(calldata word) in slot 0 (Osaka)
# Emits DepositEvent with the calldata. At mainnet's address: the reference's Prague hard-codes it
# (t8n takes no chain config), and the genesis names it in depositContractAddress.
DEPOSIT_CONTRACT = 0x00000000219AB540356CBB839CBE05303D7705FA
WITHDRAWAL_REQUESTS = 0x00000961EF480EB55E80D19AD83579A64C007002
CONSOLIDATION_REQUESTS = 0x0000BBDDC7CE488642FB579F8B00F3A590007251
DEPOSIT_TOPIC = bytes.fromhex("649bbc62d0e31342afea4e5cd82d4049e7e1ee912fc0889aa790803be39038c5")

# Runtime: SSTORE(NUMBER, calldata[0]); LOG1(calldata word, topic NUMBER). Init code returns it.
STORE_RUNTIME = bytes.fromhex("60003543556000356000524360206000a100")
STORE_INIT = bytes([0x60, len(STORE_RUNTIME), 0x80, 0x60, 0x0c, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3, 0x00]) + STORE_RUNTIME
# CALLDATACOPY(0, 0, CALLDATASIZE); LOG1(0, CALLDATASIZE, DepositEvent topic)
DEPOSIT_CODE = bytes.fromhex("3660006000377f") + DEPOSIT_TOPIC + bytes.fromhex("366000a100")

# The system contracts as geth genesis files deploy them (nonce 1; the request contracts with the
# excess inhibitor in slot 0, which their first system call clears), e.g. eth-clients/hoodi.
BEACON_ROOTS_CODE = "0x3373fffffffffffffffffffffffffffffffffffffffe14604d57602036146024575f5ffd5b5f35801560495762001fff810690815414603c575f5ffd5b62001fff01545f5260205ff35b5f5ffd5b62001fff42064281555f359062001fff015500"
HISTORY_CODE = "0x3373fffffffffffffffffffffffffffffffffffffffe14604657602036036042575f35600143038111604257611fff81430311604257611fff9006545f5260205ff35b5f5ffd5b5f35611fff60014303065500"
WITHDRAWAL_REQUESTS_CODE = "0x3373fffffffffffffffffffffffffffffffffffffffe1460cb5760115f54807fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff146101f457600182026001905f5b5f82111560685781019083028483029004916001019190604d565b909390049250505036603814608857366101f457346101f4575f5260205ff35b34106101f457600154600101600155600354806003026004013381556001015f35815560010160203590553360601b5f5260385f601437604c5fa0600101600355005b6003546002548082038060101160df575060105b5f5b8181146101835782810160030260040181604c02815460601b8152601401816001015481526020019060020154807fffffffffffffffffffffffffffffffff00000000000000000000000000000000168252906010019060401c908160381c81600701538160301c81600601538160281c81600501538160201c81600401538160181c81600301538160101c81600201538160081c81600101535360010160e1565b910180921461019557906002556101a0565b90505f6002555f6003555b5f54807fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff14156101cd57505f5b6001546002828201116101e25750505f6101e8565b01600290035b5f555f600155604c025ff35b5f5ffd"
CONSOLIDATION_REQUESTS_CODE = "0x3373fffffffffffffffffffffffffffffffffffffffe1460d35760115f54807fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff1461019a57600182026001905f5b5f82111560685781019083028483029004916001019190604d565b9093900492505050366060146088573661019a573461019a575f5260205ff35b341061019a57600154600101600155600354806004026004013381556001015f358155600101602035815560010160403590553360601b5f5260605f60143760745fa0600101600355005b6003546002548082038060021160e7575060025b5f5b8181146101295782810160040260040181607402815460601b815260140181600101548152602001816002015481526020019060030154905260010160e9565b910180921461013b5790600255610146565b90505f6002555f6003555b5f54807fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff141561017357505f5b6001546001828201116101885750505f61018e565b01600190035b5f555f6001556074025ff35b5f5ffd"
INHIBITOR = {"0x" + "00" * 32: "0x" + "ff" * 32}


def hx(b):
    return "0x" + bytes(b).hex()


def a20(a):
    return a.to_bytes(20, "big")


def ahex(a):
    return hx(a20(a))


def genesis_alloc():
    alloc = {ahex(s): {"balance": hex(10**24)} for s in SENDERS}
    alloc[ahex(REVERTER)] = {"balance": "0x0", "code": "0x60006000fd"}
    alloc[ahex(CLZ_STORE)] = {"balance": "0x0", "code": "0x6000351e60005500"}
    alloc[ahex(DEPOSIT_CONTRACT)] = {"balance": "0x0", "code": hx(DEPOSIT_CODE)}
    alloc["0x000f3df6d732807ef1319fb7b8bb8522d0beac02"] = {"balance": "0x0", "nonce": "0x1", "code": BEACON_ROOTS_CODE}
    alloc["0x0000f90827f1c53a10cb7a02335b175320002935"] = {"balance": "0x0", "nonce": "0x1", "code": HISTORY_CODE}
    alloc[ahex(WITHDRAWAL_REQUESTS)] = {"balance": "0x0", "nonce": "0x1", "code": WITHDRAWAL_REQUESTS_CODE, "storage": INHIBITOR}
    alloc[ahex(CONSOLIDATION_REQUESTS)] = {"balance": "0x0", "nonce": "0x1", "code": CONSOLIDATION_REQUESTS_CODE,
                                           "storage": INHIBITOR}
    return alloc


# --------------------------------------------------------------------------- transactions

def encode_tx(tx, key, fork):
    """Signed envelope: legacy (EIP-155 from EIP158 on) or typed 1–4, chain id CHAIN_ID."""
    t = tx.get("type", 0)
    to = a20(tx["to"]) if tx.get("to") is not None else b""
    data = tx.get("data", b"")
    al = [[a20(ad), [s.to_bytes(32, "big") for s in slots]] for ad, slots in tx.get("accessList", [])]
    if t == 0:
        base = [tx["nonce"], tx["gasPrice"], tx["gas"], to, tx.get("value", 0), data]
        if at_least(fork, "EIP158"):
            r_, s_, y = sign(keccak(rlp(base + [CHAIN_ID, 0, 0])), key)
            return rlp(base + [CHAIN_ID * 2 + 35 + y, r_, s_])
        r_, s_, y = sign(keccak(rlp(base)), key)
        return rlp(base + [27 + y, r_, s_])
    fees = [tx["maxPriorityFeePerGas"], tx["maxFeePerGas"]] if t >= 2 else [tx["gasPrice"]]
    body = [CHAIN_ID, tx["nonce"]] + fees + [tx["gas"], to, tx.get("value", 0), data, al]
    if t == 3:
        body += [tx["maxFeePerBlobGas"], tx["blobVersionedHashes"]]
    if t == 4:
        auths = []
        for au in tx["authorizationList"]:
            h = keccak(b"\x05" + rlp([au["chainId"], a20(au["address"]), au["nonce"]]))
            r_, s_, y = sign(h, au["key"])
            auths.append([au["chainId"], a20(au["address"]), au["nonce"], y, r_, s_])
        body += [auths]
    r_, s_, y = sign(keccak(bytes([t]) + rlp(body)), key)
    return bytes([t]) + rlp(body + [y, r_, s_])


def word(n):
    return n.to_bytes(32, "big")


def deposit_event_data(i):
    """ABI encoding of DepositEvent(pubkey, withdrawal_credentials, amount, signature, index)."""
    fields = [bytes([0xa0 + i]) * 48, b"\x01" + bytes(11) + a20(SENDERS[0]), (32 * 10**9).to_bytes(8, "little"),
              bytes([0xb0 + i]) * 96, i.to_bytes(8, "little")]
    head, tail = b"", b""
    offset = 32 * len(fields)
    for f in fields:
        head += word(offset)
        padded = f + bytes((-len(f)) % 32)
        tail += word(len(f)) + padded
        offset += 32 + len(padded)
    return head + tail


class Nonces:
    def __init__(self):
        self.next = [0] * len(KEYS)

    def take(self, i):
        n = self.next[i]
        self.next[i] += 1
        return n


def block_transactions(number, fork, nonces, store):
    """The transactions of a block: what each era adds, plus value transfers throughout."""
    txs = []

    def add(i, tx):
        tx["nonce"] = nonces.take(i)
        if tx.get("type", 0) >= 2:
            tx.setdefault("maxPriorityFeePerGas", GWEI)
            tx.setdefault("maxFeePerGas", 100 * GWEI)
        else:
            tx.setdefault("gasPrice", 10 * GWEI)
        txs.append(encode_tx(tx, KEYS[i], fork))

    if number == 1:  # creates the STORE contract (address from sender 0, nonce 0)
        add(0, {"to": None, "gas": 200_000, "data": STORE_INIT})
        return txs
    add(1, {"to": RECIPIENT, "gas": 21_000, "value": 10**15 + number})
    add(0, {"to": store, "gas": 100_000, "data": word(number * 7 + 1)})
    if at_least(fork, "Byzantium") and number % 2 == 1:
        add(2, {"to": REVERTER, "gas": 50_000})  # a reverted transaction: status 0 receipt
    if at_least(fork, "Berlin"):
        add(2, {"type": 1, "to": store, "gas": 100_000, "data": word(number), "accessList": [(store, [number])]})
    if at_least(fork, "London"):
        add(1, {"type": 2, "to": RECIPIENT, "gas": 21_000, "value": number})
    if at_least(fork, "Cancun"):
        hashes = [b"\x01" + keccak(bytes([number, j]))[1:] for j in range(1 + number % 2)]
        add(2, {"type": 3, "to": store, "gas": 100_000, "data": word(number), "maxFeePerBlobGas": 100,
                "blobVersionedHashes": hashes})
    if number == MERGE_BLOCK + 0 and fork == "Paris":
        add(0, {"to": store, "gas": 100_000, "data": word(0xdead)})
    if fork in ("Prague", "Osaka") and number > [b for f, b in FORK_TIME_BLOCKS if f == "Prague"][0]:
        # Requests (the first Prague block's system calls cleared the contracts' inhibitor).
        add(0, {"to": WITHDRAWAL_REQUESTS, "gas": 200_000, "value": 1,
                "data": bytes([0xc0 + number % 16]) * 48 + (10**9).to_bytes(8, "big")})
        add(1, {"to": CONSOLIDATION_REQUESTS, "gas": 200_000, "value": 1,
                "data": bytes([0xd0]) * 48 + bytes([0xe0 + number % 16]) * 48})
        add(2, {"type": 2, "to": DEPOSIT_CONTRACT, "gas": 100_000, "data": deposit_event_data(number % 4)})
    if at_least(fork, "Prague"):
        # EIP-7702: sender 2 signs an authorization delegating sender 1's... own account to STORE,
        # then a call to sender 2's address runs STORE's code in its storage.
        auth_nonce = nonces.next[2] + 1  # the transaction itself bumps sender 2's nonce first
        add(2, {"type": 4, "to": SENDERS[2], "gas": 200_000, "data": word(number + 100),
                "authorizationList": [{"chainId": CHAIN_ID, "address": store, "nonce": auth_nonce, "key": KEYS[2]}]})
        nonces.next[2] += 1  # the authorization consumed a nonce
        add(0, {"type": 2, "to": SENDERS[2], "gas": 100_000, "data": word(number + 200)})
    if at_least(fork, "Osaka"):
        add(1, {"type": 2, "to": CLZ_STORE, "gas": 100_000, "data": word(1 << (number % 200))})
    return txs


# --------------------------------------------------------------------------- the reference

def patch_reference():
    """The two glue fixes described in the module docstring."""
    from ethereum_spec_tools.evm_tools.t8n import env as t8n_env
    from ethereum_spec_tools.evm_tools.t8n import t8n_types
    from ethereum_types.numeric import Uint

    original_read_ommers = t8n_env.Env.read_ommers

    def read_ommers(self, data, t8n):
        original_read_ommers(self, data, t8n)
        for ommer in self.ommers:
            delta = int(ommer.delta, 0) if isinstance(ommer.delta, str) else int(ommer.delta)
            ommer.number = Uint(int(self.block_number) - delta)
            ommer.coinbase = ommer.address
    t8n_env.Env.read_ommers = read_ommers

    original_update = t8n_types.Result.update

    def update(self, t8n, block_env, block_output):
        original_update(self, t8n, block_env, block_output)
        if hasattr(block_output, "blob_gas_used"):
            self.blob_gas_used = block_output.blob_gas_used
    t8n_types.Result.update = update


def run_t8n(fork, alloc, env, txs):
    from ethereum_spec_tools.evm_tools import main as evm_main
    out = io.StringIO()
    body = b"".join(t if t[0] >= 0xc0 else rlp(t) for t in txs)
    stdin = io.StringIO(json.dumps({"alloc": alloc, "env": env, "txs": hx(rlp_header(len(body)) + body)}))
    with tempfile.TemporaryDirectory() as d:
        rc = evm_main(["t8n", "--input.alloc=stdin", "--input.env=stdin", "--input.txs=stdin",
                       "--output.result=stdout", "--output.alloc=stdout", f"--output.basedir={d}",
                       f"--state.fork={fork}", f"--state.chainid={CHAIN_ID}"], out_file=out, in_file=stdin)
    if rc not in (0, None):
        raise RuntimeError(f"t8n failed for {fork}: rc={rc}")
    res = json.loads(out.getvalue())
    if res["result"].get("rejected"):
        raise RuntimeError(f"reference rejected transactions: {res['result']['rejected']}")
    if res["result"].get("blockException"):
        raise RuntimeError(f"reference block exception: {res['result']['blockException']}")
    return res["result"], res["alloc"]


def rlp_header(n):
    if n < 56:
        return bytes([0xc0 + n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0xf7 + len(b)]) + b


def reference_header(fork, fields):
    """The fork's `Header` of the reference, its RLP (ethereum_rlp) and keccak256 hash."""
    import importlib
    from ethereum_rlp import rlp as ref_rlp
    from ethereum.crypto.hash import keccak256
    blocks = importlib.import_module(f"ethereum.forks.{FORK_MODULES[fork]}.blocks")
    kwargs = {}
    for f in dataclasses.fields(blocks.Header):
        v = fields[f.name]
        kwargs[f.name] = f.type(v) if not isinstance(f.type, str) else v
    header = blocks.Header(**kwargs)
    encoded = ref_rlp.encode(header)
    return encoded, bytes(keccak256(encoded))


def run_b11r(header_json, txs, ommer_rlps, withdrawals):
    from ethereum_spec_tools.evm_tools import main as evm_main
    out = io.StringIO()
    body = b"".join(t if t[0] >= 0xc0 else rlp(t) for t in txs)
    data = {"header": header_json, "txs": hx(rlp_header(len(body)) + body), "ommers": [hx(o) for o in ommer_rlps]}
    args = ["b11r", "--input.header=stdin", "--input.txs=stdin", "--input.ommers=stdin", "--output.block=stdout"]
    if withdrawals is not None:
        data["withdrawals"] = withdrawals
        args.append("--input.withdrawals=stdin")
    rc = evm_main(args, out_file=out, in_file=io.StringIO(json.dumps(data)))
    if rc not in (0, None):
        raise RuntimeError(f"b11r failed: rc={rc}")
    res = json.loads(out.getvalue())
    return bytes.fromhex(res["rlp"][2:]), bytes.fromhex(res["hash"][2:])


def u(x):
    return int(x, 16) if isinstance(x, str) else int(x)


def build_block(number, parent, coinbase, txs, ommers, extra=b""):
    """Executes a block on `parent` with the reference and returns its record."""
    fork = fork_of(number)
    ts = timestamp(number) + (7 if coinbase in OMMER_MINERS else 0)
    pos = at_least(fork, "Paris")
    gas_limit = GAS_LIMIT if at_least(fork, "London") else PRE_LONDON_GAS_LIMIT
    env = {"currentCoinbase": ahex(coinbase), "currentGasLimit": hex(gas_limit), "currentNumber": hex(number),
           "currentTimestamp": hex(ts), "blockHashes": {hex(n): hx(h) for n, h in parent["hashes"].items()}}
    if pos:
        env["currentRandom"] = hx(keccak(b"randao" + bytes([number])))
        env["currentDifficulty"] = "0x0"
    else:
        env["parentTimestamp"] = hex(parent["timestamp"])
        env["parentDifficulty"] = hex(parent["difficulty"])
        env["parentUncleHash"] = hx(parent["ommersHash"])
        env["ommers"] = [{"delta": number - o["number"], "address": ahex(o["coinbase"])} for o in ommers]
    if at_least(fork, "London"):
        if parent["baseFee"] is None:
            env["currentBaseFee"] = hex(GWEI)  # EIP-1559 INITIAL_BASE_FEE at the fork block
        else:
            env.update(parentBaseFee=hex(parent["baseFee"]), parentGasUsed=hex(parent["gasUsed"]),
                       parentGasLimit=hex(parent["gasLimit"]))
    withdrawals = None
    if at_least(fork, "Shanghai"):
        withdrawals = [{"index": hex(2 * number + j), "validatorIndex": hex(100 + j), "address": ahex(SENDERS[j] if j else RECIPIENT),
                        "amount": hex(10**9 + number)} for j in range(2)]
        env["withdrawals"] = withdrawals
    if at_least(fork, "Cancun"):
        env["parentBeaconBlockRoot"] = hx(keccak(b"beacon" + bytes([number])))
        env["parentExcessBlobGas"] = hex(parent["excessBlobGas"] or 0)
        env["parentBlobGasUsed"] = hex(parent["blobGasUsed"] or 0)
        if parent["baseFee"] is not None:
            env.setdefault("parentBaseFee", hex(parent["baseFee"]))
    result, alloc = run_t8n(fork, parent["alloc"], env, txs)

    ommers_hash = keccak(rlp_header(sum(len(o["rlp"]) for o in ommers)) + b"".join(o["rlp"] for o in ommers))
    fields = {"parent_hash": parent["hash"], "ommers_hash": ommers_hash, "coinbase": a20(coinbase),
              "state_root": bytes.fromhex(result["stateRoot"][2:]), "transactions_root": bytes.fromhex(result["txRoot"][2:]),
              "receipt_root": bytes.fromhex(result["receiptsRoot"][2:]), "bloom": bytes.fromhex(result["logsBloom"][2:]),
              "difficulty": 0 if pos else u(result["currentDifficulty"]), "number": number, "gas_limit": gas_limit,
              "gas_used": u(result["gasUsed"]), "timestamp": ts, "extra_data": extra,
              "mix_digest": bytes(32), "prev_randao": bytes.fromhex(env.get("currentRandom", "0x" + "00" * 32)[2:]),
              "nonce": bytes(8) if pos else (number * 0x1234567).to_bytes(8, "big"),
              "base_fee_per_gas": u(result["currentBaseFee"]) if result.get("currentBaseFee") else None,
              "withdrawals_root": bytes.fromhex(result["withdrawalsRoot"][2:]) if "withdrawalsRoot" in result else None,
              "blob_gas_used": u(result["blobGasUsed"]) if "blobGasUsed" in result else None,
              "excess_blob_gas": u(result["currentExcessBlobGas"]) if "currentExcessBlobGas" in result else None,
              "parent_beacon_block_root": bytes.fromhex(env["parentBeaconBlockRoot"][2:]) if "parentBeaconBlockRoot" in env else None,
              "requests_hash": bytes.fromhex(result["requestsHash"][2:]) if "requestsHash" in result else None}
    header_rlp, block_hash = reference_header(fork, fields)
    wd_rlp = [rlp([u(w["index"]), u(w["validatorIndex"]), a20(int(w["address"], 16)), u(w["amount"])]) for w in withdrawals or []]
    # In a block body a typed transaction is the RLP string of its envelope, a legacy one its list.
    parts = [header_rlp, list_of([t if t[0] >= 0xc0 else rlp(t) for t in txs]), list_of([o["rlp"] for o in ommers])]
    if withdrawals is not None:
        parts.append(list_of(wd_rlp))
    block_rlp = list_of(parts)
    if not at_least(fork, "Cancun"):
        # b11r builds headers up to Shanghai: it must agree with the reference Header encoding.
        header_json = {"parentHash": hx(parent["hash"]), "miner": ahex(coinbase), "stateRoot": result["stateRoot"],
                       "transactionsRoot": result["txRoot"], "receiptsRoot": result["receiptsRoot"],
                       "logsBloom": result["logsBloom"], "difficulty": hex(fields["difficulty"]), "number": hex(number),
                       "gasLimit": hex(gas_limit), "gasUsed": result["gasUsed"], "timestamp": hex(ts), "extraData": hx(extra),
                       "mixHash": hx(fields["prev_randao"] if pos else fields["mix_digest"]), "nonce": hx(fields["nonce"])}
        if fields["base_fee_per_gas"] is not None:
            header_json["baseFeePerGas"] = hex(fields["base_fee_per_gas"])
        if fields["withdrawals_root"] is not None:
            header_json["withdrawalsRoot"] = hx(fields["withdrawals_root"])
        b_rlp, b_hash = run_b11r(header_json, txs, [list_of([o["rlp"], list_of([]), list_of([])]) for o in ommers], withdrawals)
        assert b_hash == block_hash, f"block {number}: b11r hash {b_hash.hex()} != reference header hash {block_hash.hex()}"
        assert b_rlp == block_rlp, f"block {number}: b11r block RLP differs"
    hashes = dict(parent["hashes"])
    hashes[number] = block_hash
    hashes = {n: h for n, h in hashes.items() if n + 256 >= number}
    return {"number": number, "fork": fork, "hash": block_hash, "rlp": block_rlp, "header_rlp": header_rlp,
            "alloc": alloc, "timestamp": ts, "difficulty": fields["difficulty"], "ommersHash": ommers_hash,
            "baseFee": fields["base_fee_per_gas"], "gasUsed": fields["gas_used"], "gasLimit": gas_limit,
            "excessBlobGas": fields["excess_blob_gas"], "blobGasUsed": fields["blob_gas_used"], "hashes": hashes,
            "coinbase": coinbase, "stateRoot": result["stateRoot"], "receiptsRoot": result["receiptsRoot"],
            "td": parent["td"] + fields["difficulty"]}


def list_of(encoded_items):
    body = b"".join(encoded_items)
    return rlp_header(len(body)) + body


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="Tests/Fixtures/chain")
    args = ap.parse_args()
    logging.disable(logging.CRITICAL)
    patch_reference()
    os.makedirs(args.out, exist_ok=True)

    alloc = genesis_alloc()
    genesis_fields = {"nonce": "0x0000000000000042", "timestamp": hex(GENESIS_TIME), "extraData": hx(b"lanes multifork"),
                      "gasLimit": hex(PRE_LONDON_GAS_LIMIT), "difficulty": hex(0x20000), "mixHash": "0x" + "00" * 32,
                      "coinbase": ahex(0)}
    # The genesis state root: t8n with no transactions in state-test mode applies nothing.
    from ethereum_spec_tools.evm_tools import main as evm_main
    out = io.StringIO()
    with tempfile.TemporaryDirectory() as d:
        env = {"currentCoinbase": ahex(0), "currentGasLimit": hex(PRE_LONDON_GAS_LIMIT), "currentNumber": "0x0",
               "currentTimestamp": hex(GENESIS_TIME), "currentDifficulty": "0x20000"}
        evm_main(["t8n", "--input.alloc=stdin", "--input.env=stdin", "--input.txs=stdin", "--output.result=stdout",
                  f"--output.basedir={d}", "--state-test", "--state.fork=Frontier", "--state.reward=-1"],
                 out_file=out, in_file=io.StringIO(json.dumps({"alloc": alloc, "env": env, "txs": "0xc0"})))
    genesis_root = bytes.fromhex(json.loads(out.getvalue())["result"]["stateRoot"][2:])
    empty_ommers = keccak(b"\xc0")
    empty_trie = bytes.fromhex("56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421")
    g_rlp, g_hash = reference_header("Frontier", {
        "parent_hash": bytes(32), "ommers_hash": empty_ommers, "coinbase": bytes(20), "state_root": genesis_root,
        "transactions_root": empty_trie, "receipt_root": empty_trie, "bloom": bytes(256), "difficulty": 0x20000,
        "number": 0, "gas_limit": PRE_LONDON_GAS_LIMIT, "gas_used": 0, "timestamp": GENESIS_TIME,
        "extra_data": b"lanes multifork", "mix_digest": bytes(32), "nonce": bytes.fromhex("0000000000000042")})
    genesis_record = {"number": 0, "hash": g_hash, "alloc": alloc, "timestamp": GENESIS_TIME, "difficulty": 0x20000,
                      "ommersHash": empty_ommers, "baseFee": None, "gasUsed": 0, "gasLimit": PRE_LONDON_GAS_LIMIT,
                      "excessBlobGas": None, "blobGasUsed": None, "hashes": {0: g_hash}, "td": 0x20000}

    chain = [genesis_record]
    nonces = Nonces()
    store = int.from_bytes(keccak(rlp([a20(SENDERS[0]), 0]))[12:], "big")
    for number in range(1, LAST_BLOCK + 1):
        parent = chain[-1]
        ommers = []
        for k, ancestor in enumerate(OMMERS.get(number, [])):
            # A real sibling of chain[ancestor + 1]: executed by the reference, empty, another miner.
            o = build_block(ancestor + 1, chain[ancestor], OMMER_MINERS[(number + k) % len(OMMER_MINERS)], [], [],
                            extra=b"ommer")
            ommers.append({"number": o["number"], "coinbase": o["coinbase"], "rlp": o["header_rlp"]})
        txs = block_transactions(number, fork_of(number), nonces, store)
        record = build_block(number, parent, COINBASES[number % len(COINBASES)], txs, ommers)
        chain.append(record)
        print(f"block {number:2} {record['fork']:17} txs {len(txs):2} ommers {len(ommers)} {hx(record['hash'])}",
              file=sys.stderr)

    config = {"chainId": CHAIN_ID}
    for fork, block in FORK_BLOCKS[1:]:
        for key in GETH_BLOCK_KEYS[fork]:
            config[key] = block
    config["mergeNetsplitBlock"] = MERGE_BLOCK
    config["terminalTotalDifficulty"] = chain[MERGE_BLOCK - 1]["td"]
    for fork, block in FORK_TIME_BLOCKS:
        config[GETH_TIME_KEYS[fork]] = timestamp(block)
    config["blobSchedule"] = {"cancun": {"target": 3, "max": 6, "baseFeeUpdateFraction": 3338477},
                              "prague": {"target": 6, "max": 9, "baseFeeUpdateFraction": 5007716},
                              "osaka": {"target": 6, "max": 9, "baseFeeUpdateFraction": 5007716}}
    config["depositContractAddress"] = ahex(DEPOSIT_CONTRACT)
    config["ethash"] = {}
    genesis = {"config": config, **genesis_fields, "alloc": alloc, "number": "0x0", "gasUsed": "0x0",
               "parentHash": "0x" + "00" * 32}
    with open(os.path.join(args.out, "genesis.json"), "w") as f:
        json.dump(genesis, f, indent=1)
        f.write("\n")
    with open(os.path.join(args.out, "chain.rlp"), "wb") as f:
        for b in chain[1:]:
            f.write(b["rlp"])
    expected = {"_info": "computed by scripts/gen_multifork_chain.py with ethereum-execution 2.20.0 (t8n, b11r, fork Header classes)",
                "genesisHash": hx(g_hash), "genesisStateRoot": hx(genesis_root),
                "blocks": [{"number": b["number"], "fork": b["fork"], "hash": hx(b["hash"]), "stateRoot": b["stateRoot"],
                            "receiptsRoot": b["receiptsRoot"]} for b in chain[1:]]}
    with open(os.path.join(args.out, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    print(f"wrote {len(chain) - 1} blocks to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
