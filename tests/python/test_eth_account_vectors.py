"""The committed eth-account vectors must be exactly what the generator script produces with the
pinned eth-account, so the Swift round-trip test compares against real eth-account output."""
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_vectors_match_eth_account(tmp_path):
    out = tmp_path / "vectors.json"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_eth_account_vectors.py"), str(out)], check=True)
    committed = (ROOT / "Tests" / "EthereumTests" / "Vectors" / "eth_account_transactions.json").read_text()
    assert out.read_text() == committed
