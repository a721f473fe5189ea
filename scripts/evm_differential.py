#!/usr/bin/env python3
"""Differential EVM tests: random programs and transactions, expected results from the reference.

Generates random state tests (pre-state with structured random contracts, one signed transaction
of a type the case's target fork knows, valid or deliberately invalid) and computes, for every fork
Frontier … Osaka, the expected post state root, logs hash and gas used with the reference
implementation (ethereum/execution-specs, PyPI `ethereum-execution==2.20.0`, its `t8n` tool in
state-test mode: one transaction, no system calls, no withdrawals, no block reward). The cases are
written in the ethereum/tests state-test format that `lanes statetest` reads, with an extra
`gasUsed` field per post entry.

It also counts the opcodes the reference executed per fork (t8n `--opcode.count`) and fails when
an opcode defined in a fork was never executed under that fork. Cases are added (aimed at the
missing opcodes) until coverage is complete or --max-cases is reached.

Usage (needs the reference in the running interpreter, e.g. a venv with ethereum-execution==2.20.0):
  python scripts/evm_differential.py --seed 1 --cases 60 --out Tests/Fixtures/differential
Options: --workers N (parallel reference runs), --check LANES_BIN (run `lanes statetest --json`
on the output and report mismatches), --max-cases N.

Notes
- `Constantinople` (with EIP-1283) is not supported by the reference t8n (`constantinople` is in
  its UNSUPPORTED_FORKS; its `constantinople` module has Petersburg rules), so the forks are
  Frontier, Homestead, EIP150, EIP158, Byzantium, ConstantinopleFix, Istanbul, Berlin, London,
  Paris, Shanghai, Cancun, Prague, Osaka.
- BLOCKHASH: the env gives the reference `blockHashes` = keccak256(decimal string of n) for the
  256 blocks before currentNumber, as `lanes statetest` does.
- Precompiles called: 0x01–0x04 only.
"""

import argparse
import io
import json
import logging
import os
import random
import subprocess
import sys
import tempfile
from multiprocessing import Pool

FORKS = ["Frontier", "Homestead", "EIP150", "EIP158", "Byzantium", "ConstantinopleFix", "Istanbul",
         "Berlin", "London", "Paris", "Shanghai", "Cancun", "Prague", "Osaka"]
FORK_MODULES = {"Frontier": "frontier", "Homestead": "homestead", "EIP150": "tangerine_whistle",
                "EIP158": "spurious_dragon", "Byzantium": "byzantium", "ConstantinopleFix": "constantinople",
                "Istanbul": "istanbul", "Berlin": "berlin", "London": "london", "Paris": "paris",
                "Shanghai": "shanghai", "Cancun": "cancun", "Prague": "prague", "Osaka": "osaka"}
FI = {f: i for i, f in enumerate(FORKS)}

SECRET_KEYS = [
    0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8,
    0xc85ef7d79691fe79573b1a7064c19c1a9819ebdbd1faaab1a8ec92344438aaf4,
    0x044852b2a670ade5407e78fb2863c51de9fcb96542a07186fe3aeda6bb8a116d,
    0x6b2f5a4e9a7c3d1e0f8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e,
]
CONTRACTS = [0xc0de000000000000000000000000000000000001 + i for i in range(5)]
COINBASE = 0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ba
EMPTIES = [0xe0000000000000000000000000000000000000e1, 0xe0000000000000000000000000000000000000e2]  # absent; often touched
PRECOMPILES = [1, 2, 3, 4]
EMPTY_LOGS = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347"
U256 = 2**256 - 1

# --------------------------------------------------------------------------- crypto / rlp

_keccak = None


def keccak(b: bytes) -> bytes:
    global _keccak
    if _keccak is None:
        from ethereum.crypto.hash import keccak256
        _keccak = keccak256
    return bytes(_keccak(b))


def rlp(x) -> bytes:
    if isinstance(x, int):
        x = x.to_bytes((x.bit_length() + 7) // 8, "big") if x else b""
    if isinstance(x, (bytes, bytearray)):
        x = bytes(x)
        if len(x) == 1 and x[0] < 0x80:
            return x
        return _rlp_len(len(x), 0x80) + x
    body = b"".join(rlp(i) for i in x)
    return _rlp_len(len(body), 0xc0) + body


def _rlp_len(n, off):
    if n < 56:
        return bytes([off + n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([off + 55 + len(b)]) + b


def sign(h: bytes, key: int):
    import coincurve
    sig = coincurve.PrivateKey(key.to_bytes(32, "big")).sign_recoverable(h, hasher=None)
    return int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:64], "big"), sig[64]


def address_of(key: int) -> int:
    import coincurve
    pub = coincurve.PrivateKey(key.to_bytes(32, "big")).public_key.format(compressed=False)[1:]
    return int.from_bytes(keccak(pub)[12:], "big")


def a20(a: int) -> bytes:
    return a.to_bytes(20, "big")


def hx(b) -> str:
    if isinstance(b, int):
        return hex(b)
    return "0x" + bytes(b).hex()


def addr_hex(a: int) -> str:
    return "0x" + a.to_bytes(20, "big").hex()


# --------------------------------------------------------------------------- assembler

OPS = {}  # name -> byte
_B = {
    "STOP": 0x00, "ADD": 0x01, "MUL": 0x02, "SUB": 0x03, "DIV": 0x04, "SDIV": 0x05, "MOD": 0x06, "SMOD": 0x07,
    "ADDMOD": 0x08, "MULMOD": 0x09, "EXP": 0x0a, "SIGNEXTEND": 0x0b, "LT": 0x10, "GT": 0x11, "SLT": 0x12,
    "SGT": 0x13, "EQ": 0x14, "ISZERO": 0x15, "AND": 0x16, "OR": 0x17, "XOR": 0x18, "NOT": 0x19, "BYTE": 0x1a,
    "SHL": 0x1b, "SHR": 0x1c, "SAR": 0x1d, "CLZ": 0x1e, "KECCAK": 0x20, "ADDRESS": 0x30, "BALANCE": 0x31,
    "ORIGIN": 0x32, "CALLER": 0x33, "CALLVALUE": 0x34, "CALLDATALOAD": 0x35, "CALLDATASIZE": 0x36,
    "CALLDATACOPY": 0x37, "CODESIZE": 0x38, "CODECOPY": 0x39, "GASPRICE": 0x3a, "EXTCODESIZE": 0x3b,
    "EXTCODECOPY": 0x3c, "RETURNDATASIZE": 0x3d, "RETURNDATACOPY": 0x3e, "EXTCODEHASH": 0x3f,
    "BLOCKHASH": 0x40, "COINBASE": 0x41, "TIMESTAMP": 0x42, "NUMBER": 0x43, "DIFFICULTY": 0x44,
    "PREVRANDAO": 0x44, "GASLIMIT": 0x45, "CHAINID": 0x46, "SELFBALANCE": 0x47, "BASEFEE": 0x48,
    "BLOBHASH": 0x49, "BLOBBASEFEE": 0x4a, "POP": 0x50, "MLOAD": 0x51, "MSTORE": 0x52, "MSTORE8": 0x53,
    "SLOAD": 0x54, "SSTORE": 0x55, "JUMP": 0x56, "JUMPI": 0x57, "PC": 0x58, "MSIZE": 0x59, "GAS": 0x5a,
    "JUMPDEST": 0x5b, "TLOAD": 0x5c, "TSTORE": 0x5d, "MCOPY": 0x5e, "PUSH0": 0x5f,
    "LOG0": 0xa0, "LOG1": 0xa1, "LOG2": 0xa2, "LOG3": 0xa3, "LOG4": 0xa4,
    "CREATE": 0xf0, "CALL": 0xf1, "CALLCODE": 0xf2, "RETURN": 0xf3, "DELEGATECALL": 0xf4, "CREATE2": 0xf5,
    "STATICCALL": 0xfa, "REVERT": 0xfd, "INVALID": 0xfe, "SELFDESTRUCT": 0xff,
}
OPS.update(_B)
for _i in range(1, 33):
    OPS[f"PUSH{_i}"] = 0x5f + _i
for _i in range(1, 17):
    OPS[f"DUP{_i}"] = 0x7f + _i
    OPS[f"SWAP{_i}"] = 0x8f + _i


class Asm:
    def __init__(self):
        self.items = []
        self.n_labels = 0

    def op(self, name):
        self.items.append(bytes([OPS[name]]))

    def raw(self, b):
        self.items.append(bytes(b))

    def push(self, v, width=None):
        v &= U256
        if width is None:
            width = max(1, (v.bit_length() + 7) // 8)
        self.items.append(bytes([0x5f + width]) + v.to_bytes(width, "big"))

    def label(self):
        self.n_labels += 1
        return f"L{self.n_labels}"

    def push_label(self, name):
        self.items.append(("ref", name))

    def mark(self, name):
        self.items.append(("mark", name))

    def assemble(self) -> bytes:
        pos, marks = 0, {}
        for it in self.items:
            if isinstance(it, tuple):
                if it[0] == "mark":
                    marks[it[1]] = pos
                else:
                    pos += 3
            else:
                pos += len(it)
        out = b""
        for it in self.items:
            if isinstance(it, tuple):
                if it[0] == "ref":
                    out += bytes([0x61]) + marks[it[1]].to_bytes(2, "big")
            else:
                out += it
        return out


# --------------------------------------------------------------------------- program generator

def fork_ops(fork):
    import importlib
    m = importlib.import_module(f"ethereum.forks.{FORK_MODULES[fork]}.vm.instructions")
    return sorted(o.name for o in m.Ops)


ARITH2 = ["ADD", "MUL", "SUB", "DIV", "SDIV", "MOD", "SMOD", "EXP", "SIGNEXTEND", "LT", "GT", "SLT", "SGT",
          "EQ", "AND", "OR", "XOR", "BYTE", "SHL", "SHR", "SAR", "KECCAK_NO"]
ARITH1 = ["ISZERO", "NOT", "CLZ"]
ARITH3 = ["ADDMOD", "MULMOD"]
ENV0 = ["ADDRESS", "ORIGIN", "CALLER", "CALLVALUE", "CALLDATASIZE", "CODESIZE", "GASPRICE", "RETURNDATASIZE",
        "COINBASE", "TIMESTAMP", "NUMBER", "DIFFICULTY", "PREVRANDAO", "GASLIMIT", "CHAINID", "SELFBALANCE",
        "BASEFEE", "BLOBBASEFEE", "PC", "MSIZE", "GAS", "PUSH0"]
TERMINALS = ["STOP", "RETURN", "REVERT", "INVALID", "SELFDESTRUCT", "BADJUMP", "UNDEFINED", "NONE"]


class Gen:
    def __init__(self, rng: random.Random, ctx):
        self.r = rng
        self.ctx = ctx  # dict: number, eoas, contracts
        self.risk = 0.0  # per-snippet chance of arguments that make the frame fail (huge memory, bad jumps)

    # value pools -----------------------------------------------------------
    def any(self):
        r = self.r.random()
        if r < 0.35:
            return self.r.randint(0, 40)
        if r < 0.55:
            return self.r.choice([0, 1, 2, 31, 32, 255, 256, 2**255, 2**255 - 1, U256, U256 - 1, 2**64, 2**128 + 7])
        if r < 0.65:
            return self.addr()
        return self.r.getrandbits(self.r.choice([8, 16, 64, 160, 256]))

    def addr(self):
        r = self.r.random()
        if r < 0.45:
            return self.r.choice(self.ctx["contracts"])
        if r < 0.65:
            return self.r.choice(self.ctx["eoas"])
        if r < 0.8:
            return self.r.choice(PRECOMPILES)
        if r < 0.86:
            return COINBASE
        if r < 0.93:
            return self.r.choice(EMPTIES)
        return self.r.getrandbits(160)

    def risky(self):
        return self.r.random() < self.risk

    def moff(self):
        if self.risky():
            return self.r.choice([2**32, 2**64, U256, self.r.randint(0, 2**20)])
        r = self.r.random()
        if r < 0.93:
            return self.r.randint(0, 256)
        return self.r.randint(0, 5000)

    def mlen(self):
        if self.risky():
            return self.r.choice([2**32, U256, self.r.randint(0, 2**20)])
        r = self.r.random()
        if r < 0.2:
            return 0
        if r < 0.95:
            return self.r.randint(1, 96)
        return self.r.randint(100, 3000)

    def slot(self):
        return self.r.choice([0, 1, 2, 3, 4, 5, 0x10, self.r.getrandbits(256)])

    def sval(self):
        return self.r.choice([0, 0, 1, 2, self.r.getrandbits(64), U256])

    # snippets: each leaves the stack as it found it, plus/minus folding into the accumulator
    def fold(self, a, n=1, op="ADD"):
        for _ in range(n):
            a.op(op)

    def snippet(self, a: Asm, name: str, fork_i: int, depth_ok=True):
        r = self.r
        p = a.push
        if name.startswith("PUSH") and name != "PUSH0":
            w = int(name[4:])
            a.raw(bytes([OPS[name]]) + r.getrandbits(8 * w).to_bytes(w, "big"))
            self.fold(a)
        elif name.startswith("DUP"):
            n = int(name[3:])
            for _ in range(n):
                p(self.any())
            a.op(name)
            self.fold(a, n + 1, "SUB")
        elif name.startswith("SWAP"):
            n = int(name[4:])
            for _ in range(n + 1):
                p(r.randint(0, 2**32))
            a.op(name)
            self.fold(a, n + 1, "SUB")
        elif name == "POP":
            p(self.any())
            a.op("POP")
        elif name in ENV0:
            a.op(name)
            self.fold(a)
        elif name in ARITH1:
            p(self.any())
            a.op(name)
            self.fold(a)
        elif name in ARITH2:
            p(self.any()), p(self.any())
            a.op(name)
            self.fold(a, 1, r.choice(["ADD", "XOR"]))
        elif name in ARITH3:
            p(self.any()), p(self.any()), p(self.any())
            a.op(name)
            self.fold(a)
        elif name == "KECCAK":
            p(self.mlen() if r.random() < 0.9 else r.randint(0, 64)), p(self.moff())
            a.op(name)
            self.fold(a)
        elif name in ("BALANCE", "EXTCODESIZE", "EXTCODEHASH"):
            p(self.addr())
            a.op(name)
            self.fold(a)
        elif name == "CALLDATALOAD":
            p(r.choice([0, 1, 4, 31, 32, 100, U256]))
            a.op(name)
            self.fold(a)
        elif name in ("CALLDATACOPY", "CODECOPY"):
            p(self.mlen()), p(r.choice([0, 3, 40, 1000, U256])), p(self.moff())
            a.op(name)
        elif name == "EXTCODECOPY":
            p(self.mlen()), p(r.choice([0, 3, 40, 1000, U256])), p(self.moff()), p(self.addr())
            a.op(name)
        elif name == "RETURNDATACOPY":
            if not self.risky():
                p(0), p(0), p(self.moff())
            else:
                p(r.randint(0, 40)), p(r.randint(0, 8)), p(self.moff())
            a.op(name)
        elif name == "BLOCKHASH":
            n = self.ctx["number"]
            p(r.choice([n - 1, n - 2, n - 256, n - 257, n, n + 1, r.randint(n - 300, n), 0, U256]))
            a.op(name)
            self.fold(a)
        elif name == "BLOBHASH":
            p(r.choice([0, 1, 2, 3, 6, U256]))
            a.op(name)
            self.fold(a)
        elif name == "MLOAD":
            p(self.moff())
            a.op(name)
            self.fold(a)
        elif name in ("MSTORE", "MSTORE8"):
            p(self.any()), p(self.moff())
            a.op(name)
        elif name == "MCOPY":
            p(self.mlen()), p(self.moff()), p(self.moff())
            a.op(name)
        elif name in ("SLOAD", "TLOAD"):
            p(self.slot())
            a.op(name)
            self.fold(a)
        elif name in ("SSTORE", "TSTORE"):
            p(self.sval()), p(self.slot())
            a.op(name)
        elif name == "JUMP":
            lab = a.label()
            a.push_label(lab)
            a.op("JUMP")
            a.raw(bytes([OPS["INVALID"]]))
            a.mark(lab)
            a.op("JUMPDEST")
        elif name == "JUMPI":
            lab = a.label()
            p(r.choice([0, 1, 2, U256]))
            a.push_label(lab)
            a.op("JUMPI")
            p(7)
            self.fold(a)
            a.mark(lab)
            a.op("JUMPDEST")
        elif name == "JUMPDEST":
            a.op("JUMPDEST")
        elif name.startswith("LOG"):
            n = int(name[3:])
            for _ in range(n):
                p(self.any())
            p(self.mlen() if r.random() < 0.9 else 0), p(self.moff())
            a.op(name)
        elif name in ("CALL", "CALLCODE", "DELEGATECALL", "STATICCALL"):
            self.call(a, name)
        elif name in ("CREATE", "CREATE2"):
            self.create(a, name, fork_i)
        else:
            raise ValueError(name)

    def call(self, a, name):
        r, p = self.r, self.push_fn(a)
        # arguments in memory: a few words of random data
        if r.random() < 0.5:
            p(r.getrandbits(256)), p(r.randint(0, 64))
            a.op("MSTORE")
        target = self.addr() if r.random() < 0.5 else r.choice(self.ctx["callees"] or self.ctx["contracts"])
        if target == 1 and r.random() < 0.6:
            # a valid ecrecover input (hash, v, r, s) at memory 0..127, sometimes with a corrupted v or s
            key = r.choice(SECRET_KEYS)
            h = r.getrandbits(256).to_bytes(32, "big")
            sr, ss, sv = sign(h, key)
            v = 27 + sv if r.random() < 0.85 else r.choice([0, 29, 27 + 256])
            if r.random() < 0.1:
                ss = 2**256 - 1 - ss
            for off, word in ((0, int.from_bytes(h, "big")), (32, v), (64, sr), (96, ss)):
                p(word), p(off), a.op("MSTORE")
            p(32), p(128), p(128), p(0)
            if name in ("CALL", "CALLCODE"):
                p(0)
            p(1), p(r.choice([3000, 5000, 100000])), a.op(name)
            self.fold(a)
            p(128), a.op("MLOAD")
            self.fold(a)
            return
        p(r.choice([0, 32, 64]))            # retLen
        p(r.randint(0, 128))                 # retOff
        p(r.choice([0, 4, 32, 64, 128, 191]) if not self.risky() else self.mlen())  # argLen
        p(r.randint(0, 64) if not self.risky() else self.moff())  # argOff
        if name in ("CALL", "CALLCODE"):
            p(r.choice([0, 0, 1, 1000, 10**18, U256]) if r.random() < 0.9 else 0)
        p(target)
        p(r.choice([0, 100, 2300, 5000, 30000, 60000]) if not self.risky() else r.choice([U256, 10**7]))
        a.op(name)
        self.fold(a)

    def push_fn(self, a):
        return a.push

    def initcode(self, fork_i):
        """A small init code (<= 64 bytes) of one of a few kinds."""
        r = self.r
        kind = r.choice(["runtime", "runtime", "revert", "ef", "empty", "selfdestruct", "sstore", "rt_selfdestruct"] + (["oog"] if self.risky() and fork_i >= FI["EIP150"] else []))
        ia = Asm()
        if kind == "runtime":
            rt = bytes([0x60, r.randint(0, 255), 0x60, 0x00, 0x55, 0x30, 0x31, 0x60, 0x01, 0x55, 0x00])[: r.randint(1, 11)]
            ia.push(int.from_bytes(rt.ljust(32, b"\0"), "big"), 32)
            ia.push(0), ia.op("MSTORE")
            ia.push(len(rt)), ia.push(0), ia.op("RETURN")
        elif kind == "rt_selfdestruct":
            # runtime code CALLER SELFDESTRUCT (called right after creation: EIP-6780 same-tx case)
            ia.push(0x33ff << 240, 32), ia.push(0), ia.op("MSTORE")
            ia.push(2), ia.push(0), ia.op("RETURN")
        elif kind == "revert":
            ia.push(r.getrandbits(64)), ia.push(0), ia.op("MSTORE")
            ia.push(32), ia.push(0), ia.op("REVERT")
        elif kind == "ef":
            ia.push(0xef << 248), ia.push(0), ia.op("MSTORE")
            ia.push(r.randint(1, 3)), ia.push(0), ia.op("RETURN")
        elif kind == "empty":
            pass
        elif kind == "selfdestruct":
            ia.push(r.randint(1, 3)), ia.push(0), ia.op("SSTORE")
            ia.push(self.addr()), ia.op("SELFDESTRUCT")
        elif kind == "sstore":
            ia.op("CALLVALUE"), ia.push(r.randint(0, 3)), ia.op("SSTORE")
            ia.op("CALLER"), ia.op("BALANCE"), ia.push(9), ia.op("SSTORE")
        else:
            ia.raw(bytes([0x5b, 0x60, 0x00, 0x56]))  # JUMPDEST PUSH1 0 JUMP: infinite loop until out of gas
        code = ia.assemble()
        assert len(code) <= 64, (kind, len(code))
        return code

    def create(self, a, name, fork_i):
        r, p = self.r, a.push
        code = self.initcode(fork_i)
        off = r.choice([0, 64, 128])
        padded = code.ljust(64, b"\0")
        p(int.from_bytes(padded[:32], "big"), 32), p(off), a.op("MSTORE")
        p(int.from_bytes(padded[32:], "big"), 32), p(off + 32), a.op("MSTORE")
        if name == "CREATE2":
            p(r.choice([0, 1, r.getrandbits(256)]))
        ln = len(code) if not self.risky() else r.choice([0, 64, 50000])
        p(ln), p(off)
        p(r.choice([0, 0, 1, 10**9]) if not self.risky() else U256)
        a.op(name)
        if r.random() < 0.5:
            # call what was just created: CALL(gas, addr, 0, 0, 0, 0, 32) with the address from the stack
            p(32), p(0), p(0), p(0), p(0)
            a.op("DUP6")
            p(r.choice([5000, 50000]))
            a.op("CALL")
            a.op("ADD")
        self.fold(a)

    def terminal(self, a, name):
        r, p = self.r, a.push
        if name == "NONE":
            return
        if name == "STOP":
            a.op("STOP")
        elif name in ("RETURN", "REVERT"):
            p(r.getrandbits(256)), p(0), a.op("MSTORE")
            p(r.choice([0, 1, 32, 64]) if r.random() < 0.95 else self.mlen()), p(r.choice([0, 0, 16, self.moff()]))
            a.op(name)
        elif name == "INVALID":
            a.op("INVALID")
        elif name == "SELFDESTRUCT":
            p(self.addr()), a.op("SELFDESTRUCT")
        elif name == "BADJUMP":
            p(r.choice([0, 1, 2**16, U256])), a.op("JUMP")
        elif name == "UNDEFINED":
            a.raw(bytes([r.choice([0x0c, 0x0d, 0x21, 0x4b, 0xa5, 0xb0, 0xef, 0xf6, 0xfb])]))

    def program(self, ops, n, fork_i, must=(), terminal=None, persist_slot=0x20, calls=()):
        """A contract: accumulator on the stack, n snippets, periodic SSTORE of the accumulator."""
        r = self.r
        a = Asm()
        a.push(r.getrandbits(32))
        names = list(must) + [r.choice(ops) for _ in range(n)] + [("call", c) for c in calls]
        r.shuffle(names)
        for i, name in enumerate(names):
            if isinstance(name, tuple):
                # a call into another contract of the case, with enough gas to run it
                kind = r.choice(["CALL", "CALL", "CALLCODE", "DELEGATECALL", "STATICCALL"])
                if kind == "DELEGATECALL" and fork_i < FI["Homestead"] or kind == "STATICCALL" and fork_i < FI["Byzantium"]:
                    kind = "CALL"
                p = a.push
                p(32), p(r.randint(0, 64)), p(r.choice([0, 32, 68])), p(0)
                if kind in ("CALL", "CALLCODE"):
                    p(r.choice([0, 1, 1000]))
                p(name[1]), p(r.choice([120000, 200000])), a.op(kind)
                self.fold(a)
                continue
            self.snippet(a, name, fork_i)
            if r.random() < 0.12:
                a.op("DUP1"), a.push(persist_slot + i % 4), a.op("SSTORE")
        if r.random() < 0.6:
            a.op("DUP1"), a.push(persist_slot + 7), a.op("SSTORE")
        if r.random() < 0.3:
            a.op("DUP1"), a.push(0), a.op("MSTORE"), a.op("ADDRESS"), a.push(32), a.push(0), a.op("LOG1")
        self.terminal(a, terminal or r.choice(TERMINALS))
        return a.assemble()


# --------------------------------------------------------------------------- transactions

def intrinsic(data: bytes, create: bool, fork_i: int, access_list=(), auths=0):
    g = 21000
    if create and fork_i >= FI["Homestead"]:
        g += 32000
    nz = 68 if fork_i < FI["Istanbul"] else 16
    g += sum(4 if b == 0 else nz for b in data)
    if create and fork_i >= FI["Shanghai"]:
        g += 2 * ((len(data) + 31) // 32)
    for _, slots in access_list:
        g += 2400 + 1900 * len(slots)
    g += 25000 * auths
    return g


def encode_tx(tx, fork_i, key):
    """Signed envelope bytes for tx (a dict) under the fork (legacy EIP-155 only from EIP158 on)."""
    t = tx["type"]
    to = a20(tx["to"]) if tx["to"] is not None else b""
    al = [[a20(ad), [s.to_bytes(32, "big") for s in slots]] for ad, slots in tx.get("accessList", [])]
    if t == 0:
        base = [tx["nonce"], tx["gasPrice"], tx["gas"], to, tx["value"], tx["data"]]
        if tx.get("protected") and fork_i >= FI["EIP158"]:
            v_r_s = sign(keccak(rlp(base + [1, 0, 0])), key)
            return rlp(base + [v_r_s[2] + 37, v_r_s[0], v_r_s[1]])
        v_r_s = sign(keccak(rlp(base)), key)
        return rlp(base + [v_r_s[2] + 27, v_r_s[0], v_r_s[1]])
    if t == 1:
        body = [1, tx["nonce"], tx["gasPrice"], tx["gas"], to, tx["value"], tx["data"], al]
    elif t == 2:
        body = [1, tx["nonce"], tx["maxPriorityFeePerGas"], tx["maxFeePerGas"], tx["gas"], to, tx["value"],
                tx["data"], al]
    elif t == 3:
        body = [1, tx["nonce"], tx["maxPriorityFeePerGas"], tx["maxFeePerGas"], tx["gas"], to, tx["value"],
                tx["data"], al, tx["maxFeePerBlobGas"], [h for h in tx["blobVersionedHashes"]]]
    else:
        auths = []
        for au in tx["authorizationList"]:
            h = keccak(b"\x05" + rlp([au["chainId"], a20(au["address"]), au["nonce"]]))
            r_, s_, y = sign(h, au["key"])
            auths.append([au["chainId"], a20(au["address"]), au["nonce"], y, r_, s_])
        body = [1, tx["nonce"], tx["maxPriorityFeePerGas"], tx["maxFeePerGas"], tx["gas"], to, tx["value"],
                tx["data"], al, auths]
    prefix = bytes([t])
    r_, s_, y = sign(keccak(prefix + rlp(body)), key)
    return prefix + rlp(body + [y, r_, s_])


# --------------------------------------------------------------------------- case generator

def make_case(seed: int, index: int, target_fork: str, ops_by_fork, must=(), large_initcode=False):
    r = random.Random(f"{seed}-{index}")
    fi = FI[target_fork]
    keys = SECRET_KEYS[:]
    eoas = [address_of(k) for k in keys]
    n_contracts = r.randint(2, 5)
    contracts = CONTRACTS[:n_contracts]
    number = r.randint(300, 5000)
    ctx = {"number": number, "eoas": eoas, "contracts": contracts, "callees": []}
    g = Gen(r, ctx)
    ops = [o for o in ops_by_fork[target_fork] if o not in ("STOP", "RETURN", "REVERT", "SELFDESTRUCT", "INVALID")]
    pre = {}
    must = list(must)
    for i, c in enumerate(contracts):
        ctx["callees"] = contracts[i + 1:]  # mostly call "down" the list: bounded call trees
        m = [o for o in must if r.random() < 0.5] if i > 0 else must
        g.risk = r.choice([0.0, 0.0, 0.01, 0.03, 0.08]) if i else r.choice([0.0, 0.0, 0.0, 0.01])
        code = g.program(ops, r.randint(15, 40), fi, must=m, terminal=None if i else r.choice(TERMINALS + ["STOP"] * 3),
                         persist_slot=0x20, calls=[c2 for c2 in contracts[i + 1:] if r.random() < 0.7])
        storage = {}
        for s in range(r.randint(0, 4)):
            storage[hex(r.choice([0, 1, 2, 3, 4, 5, 0x20, 0x21]))] = hex(r.choice([1, 2, r.getrandbits(64)]))
        pre[addr_hex(c)] = {"balance": hex(r.choice([0, 1, 10**18])), "nonce": hex(r.choice([0, 1, 1, 5])),
                            "code": hx(code), "storage": storage}
    for j, e in enumerate(eoas):
        pre[addr_hex(e)] = {"balance": hex(10**20 if j else 10**21), "nonce": hex(r.choice([0, 0, 1, 3]) if j else 0),
                            "code": "0x", "storage": {}}
    # a few precompile / coinbase accounts sometimes pre-existing
    # a few precompile / coinbase accounts sometimes pre-existing (the reference refuses empty accounts in a
    # pre-state, so EIP-161 touch-and-delete is exercised through accounts the transaction creates empty)
    if r.random() < 0.3:
        pre[addr_hex(COINBASE)] = {"balance": "0x1", "nonce": "0x0", "code": "0x", "storage": {}}
    if r.random() < 0.3:
        pre[addr_hex(r.choice(PRECOMPILES))] = {"balance": "0x1", "nonce": "0x0", "code": "0x", "storage": {}}

    sender_i = 0
    sender_key = keys[sender_i]
    sender = eoas[sender_i]
    base_fee = r.choice([7, 10, 1000, 10**9])
    excess_blob = r.choice([0, 0, 10**6, 10**8])
    env = {"currentCoinbase": addr_hex(COINBASE), "currentNumber": hex(number), "currentTimestamp": hex(r.randint(1000, 10**9)),
           "currentGasLimit": hex(30_000_000), "currentDifficulty": hex(0x20000), "currentBaseFee": hex(base_fee),
           "currentRandom": "0x" + r.getrandbits(256).to_bytes(32, "big").hex(), "currentExcessBlobGas": hex(excess_blob)}

    # transaction
    types = [0] + ([1] if fi >= FI["Berlin"] else []) + ([2] if fi >= FI["London"] else []) + \
            ([3] if fi >= FI["Cancun"] else []) + ([4] if fi >= FI["Prague"] else [])
    ttype = r.choice(types + [types[-1]])
    kind = r.choices(["call", "create", "transfer", "precompile"], [70, 15, 8, 7])[0]
    if ttype in (3, 4) and kind == "create":
        kind = "call"
    data = bytes(r.getrandbits(8) for _ in range(r.choice([0, 4, 32, 68])))
    to = contracts[0]
    if kind == "create":
        ctx["callees"] = contracts
        rt = g.program(ops, r.randint(4, 15), fi, must=[o for o in must if r.random() < 0.3], terminal=r.choice(["RETURN", "STOP", "NONE", "REVERT"]))
        data = rt
        to = None
    elif kind == "transfer":
        to = r.choice(eoas[1:] + [r.getrandbits(160)])
        if r.random() < 0.4:
            # calldata-heavy: from Prague the EIP-7623 floor price decides the gas used
            data = bytes(r.getrandbits(8) for _ in range(r.randint(200, 600)))
    elif kind == "precompile":
        to = r.choice(PRECOMPILES)
    tx = {"type": ttype, "nonce": 0, "to": to, "value": r.choice([0, 0, 1, 10**15]), "data": data}
    price = base_fee + r.choice([0, 1, 10**9])
    if ttype in (0, 1):
        tx["gasPrice"] = price
    else:
        tx["maxFeePerGas"] = price + r.choice([0, 5])
        tx["maxPriorityFeePerGas"] = r.choice([0, 1, 2])
    if ttype >= 1 and r.random() < 0.7:
        tx["accessList"] = [(r.choice(contracts + eoas + [COINBASE, 1]), sorted({r.choice([0, 1, 2, 0x20]) for _ in range(r.randint(0, 2))}))
                            for _ in range(r.randint(1, 3))]
    if ttype == 3:
        tx["maxFeePerBlobGas"] = r.choice([10**9, 10**12])
        tx["blobVersionedHashes"] = [b"\x01" + r.getrandbits(248).to_bytes(31, "big") for _ in range(r.randint(1, 3))]
    n_auth = 0
    if ttype == 4:
        tx["authorizationList"] = []
        for _ in range(r.randint(1, 3)):
            ki = r.choice([0, 1, 2, 3])
            nonce = int(pre[addr_hex(eoas[ki])]["nonce"], 16) + (1 if ki == 0 else 0)
            if r.random() < 0.2:
                nonce += 1
            tx["authorizationList"].append({"chainId": r.choice([1, 1, 0, 2]), "address": r.choice(contracts + contracts + [0, r.choice(eoas), r.choice(PRECOMPILES)]),
                                            "nonce": nonce, "key": keys[ki]})
        n_auth = len(tx["authorizationList"])
        if r.random() < 0.6:
            tx["to"] = eoas[keys.index(tx["authorizationList"][0]["key"])]
    tx["protected"] = r.random() < 0.5
    ig = intrinsic(tx["data"], tx["to"] is None, fi, tx.get("accessList", []), n_auth)
    # enough for the intrinsic gas of every fork (Frontier prices calldata higher, Homestead adds CREATE, ...)
    ig_all = max(intrinsic(tx["data"], tx["to"] is None, j, tx.get("accessList", []), n_auth) for j in range(len(FORKS)))
    tx["gas"] = ig_all + (r.choice([0, 5000, 50000]) if r.random() < 0.1 else r.choice([300000, 600000, 1000000, 1500000]))
    if fi >= FI["Prague"]:
        tokens = sum(1 if b == 0 else 4 for b in tx["data"])
        tx["gas"] = max(tx["gas"], 21000 + 10 * tokens)
    # invalid variants
    invalid = None
    if r.random() < 0.25:
        # only variants that make this transaction invalid in its target fork
        invalid = r.choice(["lowgas", "nonce", "balance", "gaslimit", "bignonce"] +
                           (["feecap"] if fi >= FI["London"] else []) + (["prio"] if "maxFeePerGas" in tx else []) +
                           (["blobfee", "noblobs", "manyblobs"] if ttype == 3 else []) + (["noauths"] if ttype == 4 else []) +
                           (["floor"] if fi >= FI["Prague"] else []) +
                           (["largeinit"] if large_initcode and fi >= FI["Shanghai"] else []))
        if invalid == "lowgas":
            tx["gas"] = ig - 1
        elif invalid == "nonce":
            tx["nonce"] = r.choice([1, 2])
        elif invalid == "bignonce":
            tx["nonce"] = 2**64 - 1
            pre[addr_hex(sender)]["nonce"] = hex(2**64 - 1)
        elif invalid == "balance":
            pre[addr_hex(sender)]["balance"] = hex(tx["gas"] * (tx.get("gasPrice") or tx["maxFeePerGas"]) - 1 + tx["value"])
        elif invalid == "feecap":
            if fi >= FI["London"]:
                if "gasPrice" in tx:
                    tx["gasPrice"] = base_fee - 1
                else:
                    tx["maxFeePerGas"] = base_fee - 1
                    tx["maxPriorityFeePerGas"] = 0
        elif invalid == "gaslimit":
            tx["gas"] = 30_000_001
        elif invalid == "prio" and "maxFeePerGas" in tx:
            tx["maxPriorityFeePerGas"] = tx["maxFeePerGas"] + 1
        elif invalid == "blobfee" and ttype == 3:
            tx["maxFeePerBlobGas"] = 0
        elif invalid == "noblobs" and ttype == 3:
            tx["blobVersionedHashes"] = []
        elif invalid == "noauths" and ttype == 4:
            tx["authorizationList"] = []
        elif invalid == "manyblobs" and ttype == 3:
            # above the per-block blob limit of Cancun (6) and, with 10, of Prague (9)
            tx["blobVersionedHashes"] = [b"\x01" + r.getrandbits(248).to_bytes(31, "big") for _ in range(r.choice([7, 10]))]
        elif invalid == "floor":
            # enough for the intrinsic gas but below the EIP-7623 calldata floor (Prague on)
            tx["data"] = bytes(r.getrandbits(8) | 1 for _ in range(r.randint(300, 600)))
            tx["gas"] = intrinsic(tx["data"], tx["to"] is None, FI["Prague"], tx.get("accessList", []), n_auth) + r.choice([0, 1000])
        elif invalid == "largeinit":
            # EIP-3860: initcode above 49152 bytes is rejected from Shanghai on (runs before)
            tx["to"] = None
            tx["type"] = min(ttype, 2)
            tx["data"] = b"\x60\x00\x60\x00\xf3" + bytes(49152 - 5 + r.choice([1, 0]))
            tx["gas"] = max([intrinsic(tx["data"], True, j, tx.get("accessList", []), 0) for j in range(len(FORKS))] +
                            [21000 + 10 * sum(1 if b == 0 else 4 for b in tx["data"])]) + 100000
            tx.pop("authorizationList", None), tx.pop("blobVersionedHashes", None), tx.pop("maxFeePerBlobGas", None)
            if tx["type"] == 1 and "gasPrice" not in tx:
                tx["gasPrice"] = tx.pop("maxFeePerGas")
                tx.pop("maxPriorityFeePerGas")
    elif r.random() < 0.08 and fi >= FI["Osaka"] - 1:
        tx["gas"] = 2**24 + r.choice([0, 1])  # Osaka: EIP-7825 cap
    return {"pre": pre, "env": env, "tx": tx, "key": sender_key, "sender": sender, "target": target_fork,
            "invalid": invalid, "kind": kind}


# --------------------------------------------------------------------------- reference runs

def run_reference(args):
    fork, alloc, env, txbytes = args
    from ethereum_spec_tools.evm_tools import main as evm_main
    logging.disable(logging.CRITICAL)
    out = io.StringIO()
    stdin = io.StringIO(json.dumps({"alloc": alloc, "env": env, "txs": hx(rlp_list_of_envelopes([txbytes]))}))
    with tempfile.TemporaryDirectory() as d:
        rc = evm_main(["t8n", "--input.alloc=stdin", "--input.env=stdin", "--input.txs=stdin",
                       "--output.result=stdout", "--output.alloc=stdout", "--opcode.count=stdout",
                       f"--output.basedir={d}", "--state-test", f"--state.fork={fork}", "--state.chainid=1",
                       "--state.reward=-1"], out_file=out, in_file=stdin)
    if rc not in (0, None):
        raise RuntimeError(f"t8n failed for {fork}: rc={rc}")
    res = json.loads(out.getvalue())
    result = res["result"]
    return {"hash": result["stateRoot"], "logs": result["logsHash"], "gasUsed": result["gasUsed"],
            "rejected": [x.get("error") for x in result.get("rejected", [])], "ops": dict(res.get("opcodeCount") or {})}


def rlp_list_of_envelopes(envs):
    # t8n's rlp input: a list whose items are legacy tx lists or typed envelopes as byte strings
    items = []
    body = b""
    for e in envs:
        if e[0] >= 0xc0:
            body += e
        else:
            body += rlp(e)
    return _rlp_len(len(body), 0xc0) + body


EXCEPTIONS = [  # reference error (class name or message part) -> ethereum/tests TransactionException name
    ("InsufficientTransactionGasError", "INTRINSIC_GAS_TOO_LOW"), ("NonceOverflowError", "NONCE_IS_MAX"),
    ("NonceMismatchError", "NONCE_MISMATCH"), ("InsufficientBalanceError", "INSUFFICIENT_ACCOUNT_FUNDS"),
    ("InsufficientMaxFeePerBlobGasError", "INSUFFICIENT_MAX_FEE_PER_BLOB_GAS"),
    ("InsufficientMaxFeePerGasError", "INSUFFICIENT_MAX_FEE_PER_GAS"),
    ("PriorityFeeGreaterThanMaxFeeError", "PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS"),
    ("BlobCountExceededError", "TYPE_3_TX_BLOB_COUNT_EXCEEDED"),
    ("BlobGasLimitExceededError", "TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED"),
    ("NoBlobDataError", "TYPE_3_TX_ZERO_BLOBS"), ("EmptyAuthorizationListError", "TYPE_4_EMPTY_AUTHORIZATION_LIST"),
    ("InitCodeTooLargeError", "INITCODE_SIZE_EXCEEDED"), ("TransactionGasLimitExceededError", "GAS_LIMIT_EXCEEDS_MAXIMUM"),
    ("GasUsedExceedsLimitError", "GAS_ALLOWANCE_EXCEEDED"), ("unknown transaction type", "TYPE_NOT_SUPPORTED"),
    ("cannot decode", "TYPE_NOT_SUPPORTED"), ("nonce", "NONCE_MISMATCH"), ("intrinsic", "INTRINSIC_GAS_TOO_LOW"),
    ("Insufficient gas", "INTRINSIC_GAS_TOO_LOW"), ("base fee", "INSUFFICIENT_MAX_FEE_PER_GAS"),
    ("gas limit", "GAS_ALLOWANCE_EXCEEDED"),
    # check_transaction of London…Osaka raises a bare InvalidBlock when a type 0/1 gas price is below the base fee
    ("InvalidBlock()", "INSUFFICIENT_MAX_FEE_PER_GAS"),
]


def exception_name(msg: str) -> str:
    for k, v in EXCEPTIONS:
        if k.lower() in msg.lower():
            return "TransactionException." + v
    return "TransactionException.INVALID_TRANSACTION"


def tx_template(case):
    tx = case["tx"]
    t = {"nonce": hex(tx["nonce"]), "to": addr_hex(tx["to"]) if tx["to"] is not None else "", "secretKey": hx(case["key"].to_bytes(32, "big")),
         "sender": addr_hex(case["sender"]), "data": [hx(tx["data"])], "gasLimit": [hex(tx["gas"])], "value": [hex(tx["value"])]}
    for k in ("gasPrice", "maxFeePerGas", "maxPriorityFeePerGas", "maxFeePerBlobGas"):
        if k in tx:
            t[k] = hex(tx[k])
    if "accessList" in tx:
        t["accessLists"] = [[{"address": addr_hex(a), "storageKeys": [hx(s.to_bytes(32, "big")) for s in sl]} for a, sl in tx["accessList"]]]
    if "blobVersionedHashes" in tx:
        t["blobVersionedHashes"] = [hx(h) for h in tx["blobVersionedHashes"]]
    if "authorizationList" in tx:
        t["authorizationList"] = [{"chainId": hex(a["chainId"]), "address": addr_hex(a["address"]), "nonce": hex(a["nonce"]),
                                   "signer": addr_hex(address_of(a["key"]))} for a in tx["authorizationList"]]
    return t


def fill(case, name, pool):
    env = dict(case["env"])
    n = int(env["currentNumber"], 16)
    ref_env = dict(env)
    ref_env["blockHashes"] = {hex(k): hx(keccak(str(k).encode())) for k in range(max(0, n - 256), n)}
    ref_env["withdrawals"] = []
    if "currentExcessBlobGas" in ref_env:
        pass
    alloc = case["pre"]
    jobs, txbytes = [], {}
    for f in FORKS:
        tb = encode_tx(case["tx"], FI[f], case["key"])
        txbytes[f] = tb
        jobs.append((f, alloc, ref_env, tb))
    results = pool.map(run_reference, jobs) if pool else list(map(run_reference, jobs))
    post, ops = {}, {}
    for f, res in zip(FORKS, results):
        entry = {"indexes": {"data": 0, "gas": 0, "value": 0}, "hash": res["hash"], "logs": res["logs"],
                 "txbytes": hx(txbytes[f]), "gasUsed": res["gasUsed"]}
        if res["rejected"]:
            entry["expectException"] = exception_name(res["rejected"][0] or "")
            entry["_t8nError"] = res["rejected"][0]
        post[f] = [entry]
        ops[f] = res["ops"]
    test = {"_info": {"comment": f"generated by scripts/evm_differential.py (target fork {case['target']}, "
                                 f"tx kind {case['kind']}, invalid variant {case['invalid']}); expected values from "
                                 "ethereum-execution 2.20.0 t8n --state-test"},
            "env": env, "pre": case["pre"], "transaction": tx_template(case), "post": post}
    return {name: test}, ops


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--cases", type=int, default=60)
    ap.add_argument("--max-cases", type=int, default=None, help="upper bound while completing coverage (default cases+40)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--check", metavar="LANES_BIN", help="run LANES_BIN statetest --json on the output")
    ap.add_argument("--no-coverage-fail", action="store_true", help="report missing coverage without failing")
    ap.add_argument("--large-initcode", action="store_true",
                    help="also make transactions with initcode above the EIP-3860 limit (about 100 KB of JSON per case)")
    ap.add_argument("--random-targets", action="store_true",
                    help="pick each case's target fork at random (default: every fork in turn, then a seed-dependent rotation)")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randint(1, 2**31)
    max_cases = args.max_cases or args.cases + 40
    os.makedirs(args.out, exist_ok=True)
    ops_by_fork = {f: fork_ops(f) for f in FORKS}
    executed = {f: {} for f in FORKS}
    pool = Pool(args.workers) if args.workers > 1 else None
    print(f"seed {seed}, {args.cases} cases, forks {', '.join(FORKS)}", flush=True)

    def missing():
        return {f: sorted(set(ops_by_fork[f]) - set(executed[f])) for f in FORKS}

    i = 0
    while True:
        miss = missing()
        total_missing = sum(len(v) for v in miss.values())
        if i >= args.cases and (total_missing == 0 or i >= max_cases):
            break
        if i < args.cases:
            if args.random_targets:
                target = random.Random(f"target-{seed}-{i}").choice(FORKS)
            else:
                target = FORKS[(i * 5 + seed) % len(FORKS)] if i >= len(FORKS) else FORKS[i]
            must = []
        else:
            # aim a case at the oldest fork with a missing opcode, forcing the missing opcodes in
            target = next(f for f in FORKS if miss[f])
            must = [o for o in miss[target] if o not in ("STOP", "RETURN", "REVERT", "SELFDESTRUCT", "INVALID")]
        case = make_case(seed, i, target, ops_by_fork, must, args.large_initcode)
        if i >= args.cases and case["invalid"]:
            case = make_case(seed, i + 100000, target, ops_by_fork, must, args.large_initcode)
        if i >= args.cases:
            term_missing = [o for o in miss[target] if o in ("STOP", "RETURN", "REVERT", "SELFDESTRUCT")]
            if term_missing or case["invalid"]:
                pass
        name = f"diff_{seed}_{i:03d}_{target}"
        test, ops = fill(case, name, pool)
        for f in FORKS:
            for op, c in ops[f].items():
                executed[f][op] = executed[f].get(op, 0) + c
        with open(os.path.join(args.out, name + ".json"), "w") as fh:
            json.dump(test, fh, indent=1, sort_keys=True)
        rej = sum(1 for e in test[name]["post"].values() if "expectException" in e[0])
        print(f"  {name}: {rej}/{len(FORKS)} forks rejected the tx, missing opcodes now {sum(len(v) for v in missing().values())}", flush=True)
        i += 1
    if pool:
        pool.close()

    miss = missing()
    lines = [f"Opcode coverage of the differential cases in this directory (seed {seed}, {i} cases).",
             "Counted by the reference (ethereum-execution 2.20.0 t8n --opcode.count), per fork.",
             "Constantinople is not supported by the reference t8n (ConstantinopleFix is).",
             f"Regenerate: python scripts/evm_differential.py --seed {seed} --cases {args.cases} --out DIR"
             " (with ethereum-execution==2.20.0; `make differential-cases`).", "",
             f"{'fork':<18} {'defined':>7} {'executed':>8} {'missing':>7}  executions"]
    for f in FORKS:
        d = len(ops_by_fork[f])
        e = len(set(ops_by_fork[f]) & set(executed[f]))
        lines.append(f"{f:<18} {d:>7} {e:>8} {len(miss[f]):>7}  {sum(executed[f].values())}")
    for f in FORKS:
        if miss[f]:
            lines.append(f"MISSING in {f}: {' '.join(miss[f])}")
    lines.append("")
    lines.append("Per-opcode executions (summed over forks):")
    allops = sorted({o for f in FORKS for o in ops_by_fork[f]}, key=lambda o: OPS.get(o, 0))
    for o in allops:
        lines.append(f"  {o:<14} {sum(executed[f].get(o, 0) for f in FORKS)}")
    text = "\n".join(lines) + "\n"
    with open(os.path.join(args.out, "COVERAGE.txt"), "w") as fh:
        fh.write(text)
    print("\n".join(lines[:6 + len(FORKS) + sum(1 for f in FORKS if miss[f])]))
    rc = 0
    if any(miss.values()):
        if args.no_coverage_fail:
            print("note: some opcodes were not executed by these cases (coverage is not enforced in this run)")
        else:
            print("FAIL: some opcodes were never executed", file=sys.stderr)
            rc = 2
    if args.check:
        rc = max(rc, check(args.check, args.out))
    return rc


def check(lanes, out):
    p = subprocess.run([lanes, "statetest", "--json", out], capture_output=True, text=True)
    bad = 0
    total = 0
    for line in p.stdout.splitlines():
        try:
            r = json.loads(line)
        except ValueError:
            continue
        total += 1
        if not r.get("pass"):
            bad += 1
            print(f"MISMATCH {r['name']} {r['fork']}: {r.get('error')} (lanes root {r.get('stateRoot')}, expected {r.get('expected')})")
    print(f"lanes statetest: {total - bad}/{total} post entries pass")
    return 1 if bad or total == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
