"""Fixtures of the end-to-end tests (helpers live in lanes_e2e.py)."""
import pytest

from lanes_e2e import MNEMONIC, LanesProcess


@pytest.fixture(scope="module")
def lanes():
    node = LanesProcess("--silent")
    yield node
    node.stop()


@pytest.fixture(scope="module")
def w3(lanes):
    from web3 import Web3
    return Web3(Web3.HTTPProvider(lanes.url, request_kwargs={"timeout": 60}))


@pytest.fixture(scope="module")
def dev_accounts():
    from eth_account import Account
    Account.enable_unaudited_hdwallet_features()
    return [Account.from_mnemonic(MNEMONIC, account_path=f"m/44'/60'/0'/0/{i}") for i in range(10)]
