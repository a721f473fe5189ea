#!/usr/bin/env python3
"""Prints the dev accounts `lanes` funds and checks them against eth-account's own derivation.

    .venv/bin/python examples/derive_dev_accounts.py [path/to/lanes]

Starts its own node on a free port (`--port 0`), reads the startup banner up to the
`Listening on` line, and stops the node again.
"""
import subprocess
import sys

from eth_account import Account

lanes = sys.argv[1] if len(sys.argv) > 1 else ".build/release/lanes"
proc = subprocess.Popen([lanes, "--accounts", "10", "--port", "0"], stdout=subprocess.PIPE, text=True)
lines = []
try:
    for line in proc.stdout:
        lines.append(line)
        if line.startswith("Listening on "):
            break
finally:
    proc.terminate()
    proc.wait(timeout=20)
out = "".join(lines)
Account.enable_unaudited_hdwallet_features()
for i in range(10):
    acct = Account.from_mnemonic("test test test test test test test test test test test junk", account_path=f"m/44'/60'/0'/0/{i}")
    ok = f"({i}) {acct.address}" in out
    print(f"{i}: {acct.address} {'ok' if ok else 'MISMATCH'}")
    if not ok:
        sys.exit(1)
