"""The `lanes` binary prints its version and Anvil's default dev accounts."""
import os
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
LANES = os.environ.get("LANES_BIN", str(ROOT / ".build" / "release" / "lanes"))


def test_version():
    out = subprocess.run([LANES, "--version"], capture_output=True, text=True, check=True, timeout=30).stdout
    assert out.startswith("lanes ")


def banner(*args):
    """The node's output up to the `Listening on` line; then the node is stopped."""
    proc = subprocess.Popen([LANES, "--port", "0", *args], stdout=subprocess.PIPE, text=True)
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if line.startswith("Listening on "):
            break
    proc.terminate()
    proc.wait(timeout=30)
    return "".join(lines)


def test_dev_accounts_match_eth_account():
    from eth_account import Account
    Account.enable_unaudited_hdwallet_features()
    out = banner("--accounts", "3")
    for i in range(3):
        acct = Account.from_mnemonic("test test test test test test test test test test test junk", account_path=f"m/44'/60'/0'/0/{i}")
        assert f"({i}) {acct.address}" in out
        assert f"({i}) 0x{bytes(acct.key).hex()}" in out


def test_bad_flag_is_a_clear_error():
    r = subprocess.run([LANES, "--accounts", "lots"], capture_output=True, text=True, timeout=30)
    assert r.returncode == 2 and "error:" in r.stderr


def test_silent_still_prints_listening_line():
    out = banner("--silent")
    assert out.startswith("Listening on http://127.0.0.1:")
