"""Contract tests written the way suites are written against Anvil: snapshot/revert around every
test (conftest.py), time travel for a timelock, impersonating a token holder, anvil_setBalance and
anvil_dealERC20. Run: pytest examples/pytest (builds on .build/release/lanes)."""
import json
import pathlib

import pytest
from web3 import Web3
from web3.exceptions import ContractLogicError

from conftest import rpc

HERE = pathlib.Path(__file__).resolve().parent
DAY = 24 * 60 * 60
ETHER = 10**18


def deploy(w3, name, *args, value=0):
    folder = HERE if (HERE / f"{name}.bin").exists() else HERE.parent / "contracts"
    abi = json.loads((folder / f"{name}.abi.json").read_text())
    bytecode = (folder / f"{name}.bin").read_text().strip()
    factory = w3.eth.contract(abi=abi, bytecode=bytecode)
    receipt = w3.eth.wait_for_transaction_receipt(factory.constructor(*args).transact({"from": w3.eth.accounts[0], "value": value}))
    return w3.eth.contract(address=receipt.contractAddress, abi=abi)


def test_timelock_opens_after_time_travel(w3):
    owner = w3.eth.accounts[0]
    vault = deploy(w3, "Timelock", DAY, value=ETHER)
    with pytest.raises(ContractLogicError, match="still locked"):
        vault.functions.withdraw().call({"from": owner})

    # A day and a minute: blocks mined within one second sit a second apart, so the head can be a
    # little ahead of the clock (as on Anvil and Hardhat).
    rpc(w3, "evm_increaseTime", DAY + 60)
    rpc(w3, "evm_mine")
    assert w3.eth.get_block("latest").timestamp >= vault.functions.release_time().call()

    receipt = w3.eth.wait_for_transaction_receipt(vault.functions.withdraw().transact({"from": owner}))
    assert receipt.status == 1
    assert w3.eth.get_balance(vault.address) == 0


def test_next_block_timestamp_is_exact(w3):
    target = w3.eth.get_block("latest").timestamp + 7 * DAY
    rpc(w3, "evm_setNextBlockTimestamp", target)
    rpc(w3, "evm_mine")
    assert w3.eth.get_block("latest").timestamp == target


def test_impersonated_token_holder_transfers(w3):
    token = deploy(w3, "Token", 10**24)
    holder = Web3.to_checksum_address("0x" + "de" * 20)  # nobody has this key
    token.functions.transfer(holder, 5 * ETHER).transact({"from": w3.eth.accounts[0]})
    rpc(w3, "anvil_setBalance", holder, hex(ETHER))  # gas money

    rpc(w3, "anvil_impersonateAccount", holder)
    receiver = w3.eth.accounts[3]
    tx = token.functions.transfer(receiver, 2 * ETHER).transact({"from": holder})
    receipt = w3.eth.wait_for_transaction_receipt(tx)
    assert receipt.status == 1 and receipt["from"] == holder
    assert token.functions.balanceOf(holder).call() == 3 * ETHER
    assert token.functions.balanceOf(receiver).call() == 2 * ETHER

    rpc(w3, "anvil_stopImpersonatingAccount", holder)
    with pytest.raises(Exception):
        token.functions.transfer(receiver, 1).transact({"from": holder})


def test_set_balance(w3):
    account = Web3.to_checksum_address("0x" + "ab" * 20)
    rpc(w3, "anvil_setBalance", account, hex(123 * ETHER))
    assert w3.eth.get_balance(account) == 123 * ETHER


def test_deal_erc20(w3):
    token = deploy(w3, "Token", 10**24)
    user = w3.eth.accounts[5]
    rpc(w3, "anvil_dealERC20", user, token.address, hex(777 * ETHER))
    assert token.functions.balanceOf(user).call() == 777 * ETHER
    # The dealt balance is real: it can be spent.
    w3.eth.wait_for_transaction_receipt(token.functions.transfer(w3.eth.accounts[6], 700 * ETHER).transact({"from": user}))
    assert token.functions.balanceOf(user).call() == 77 * ETHER


def test_state_changes_do_not_leak_between_tests_part_1(w3):
    rpc(w3, "anvil_setBalance", w3.eth.accounts[9], "0x1")
    assert w3.eth.get_balance(w3.eth.accounts[9]) == 1


def test_state_changes_do_not_leak_between_tests_part_2(w3):
    assert w3.eth.get_balance(w3.eth.accounts[9]) == 10_000 * ETHER
