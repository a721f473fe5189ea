"""Every devchain control (Anvil's, Hardhat's and Ganache's names) through JSON-RPC against a real
node: mining, time, state, snapshots, impersonation, environment and node descriptions."""
import json

import pytest
from web3 import Web3

from lanes_e2e import LanesProcess, token_artifacts

ETHER = 10**18
A = "0x" + "11" * 20
B = "0x" + "22" * 20


# The `lanes` node (one per module) and its `w3` client come from conftest.py.


def call(w3, method, *params):
    answer = w3.provider.make_request(method, list(params))
    assert "error" not in answer, f"{method}{params}: {answer.get('error')}"
    return answer["result"]


def error(w3, method, *params):
    answer = w3.provider.make_request(method, list(params))
    assert "error" in answer, f"{method} should fail: {answer}"
    return answer["error"]


def head(w3):
    return w3.eth.get_block("latest")


def deploy_token(w3, supply=10**24):
    abi, bytecode = token_artifacts()
    factory = w3.eth.contract(abi=abi, bytecode=bytecode)
    receipt = w3.eth.wait_for_transaction_receipt(factory.constructor(supply).transact({"from": w3.eth.accounts[0]}))
    return w3.eth.contract(address=receipt.contractAddress, abi=abi)


# --- snapshots --------------------------------------------------------------------------------

def test_snapshot_transactions_revert_restores_everything(w3):
    token = deploy_token(w3)
    start = head(w3)
    snapshot = call(w3, "evm_snapshot")
    sender = w3.eth.accounts[0]
    hashes = [token.functions.transfer(w3.eth.accounts[i], 1000 + i).transact({"from": sender}) for i in range(1, 4)]
    receipts = [w3.eth.wait_for_transaction_receipt(h) for h in hashes]
    call(w3, "anvil_setBalance", A, hex(5 * ETHER))
    assert head(w3).number == start.number + 3
    logs = w3.eth.get_logs({"fromBlock": start.number + 1, "toBlock": "latest", "address": token.address})
    assert len(logs) == 3

    assert call(w3, "evm_revert", snapshot) is True
    after = head(w3)
    assert after.number == start.number and after.hash == start.hash and after.stateRoot == start.stateRoot
    for h in hashes:
        assert w3.provider.make_request("eth_getTransactionReceipt", [h.to_0x_hex()])["result"] is None
        assert w3.provider.make_request("eth_getTransactionByHash", [h.to_0x_hex()])["result"] is None
    # Only the mint (before the snapshot) is left in the log index.
    assert len(w3.eth.get_logs({"fromBlock": 0, "toBlock": "latest", "address": token.address})) == 1
    assert w3.eth.get_balance(A) == 0
    assert token.functions.balanceOf(w3.eth.accounts[1]).call() == 0
    # The snapshot is used up; the chain goes on from the restored head with new blocks.
    assert call(w3, "evm_revert", snapshot) is False
    call(w3, "evm_mine")
    assert head(w3).parentHash == start.hash
    assert receipts[0].blockNumber == head(w3).number  # the same height is reused by a new block


def test_revert_restores_the_pool_and_later_snapshots_go(w3):
    call(w3, "evm_setAutomine", False)
    try:
        first = call(w3, "evm_snapshot")
        pending = w3.eth.send_transaction({"from": w3.eth.accounts[1], "to": B, "value": 7})
        second = call(w3, "anvil_snapshot")
        call(w3, "evm_mine")
        assert call(w3, "txpool_status")["pending"] == "0x0"
        assert call(w3, "evm_revert", second) is True
        assert call(w3, "txpool_status")["pending"] == "0x1"
        assert w3.provider.make_request("eth_getTransactionByHash", [pending.to_0x_hex()])["result"]["blockHash"] is None
        assert call(w3, "evm_revert", first) is True
        assert call(w3, "txpool_status")["pending"] == "0x0"
        assert call(w3, "evm_revert", second) is False  # later snapshots are gone with the earlier one
    finally:
        call(w3, "evm_setAutomine", True)


def test_edits_between_blocks_revert_exactly(w3):
    call(w3, "anvil_setBalance", A, hex(1))
    snapshot = call(w3, "evm_snapshot")
    call(w3, "anvil_setBalance", A, hex(2))
    call(w3, "anvil_setNonce", A, hex(9))
    assert w3.eth.get_balance(A) == 2
    call(w3, "evm_revert", snapshot)
    assert w3.eth.get_balance(A) == 1 and w3.eth.get_transaction_count(A) == 0


# --- state ------------------------------------------------------------------------------------

def test_balance_nonce_code_storage(w3):
    assert call(w3, "anvil_setBalance", A, hex(3 * ETHER)) is None
    assert call(w3, "hardhat_setBalance", B, hex(4 * ETHER)) is True
    assert call(w3, "anvil_addBalance", A, hex(ETHER)) is None
    assert w3.eth.get_balance(A) == 4 * ETHER and w3.eth.get_balance(B) == 4 * ETHER
    assert call(w3, "anvil_setNonce", A, hex(5)) is None
    assert call(w3, "hardhat_setNonce", B, "0x6") is True
    assert w3.eth.get_transaction_count(A) == 5 and w3.eth.get_transaction_count(B) == 6
    code = "0x602a60005260206000f3"  # returns 42
    assert call(w3, "anvil_setCode", A, code) is None
    assert call(w3, "hardhat_setCode", B, code) is True
    assert w3.eth.get_code(A).hex().removeprefix("0x") == code[2:]
    assert int(w3.eth.call({"to": A}).hex(), 16) == 42
    assert call(w3, "anvil_setStorageAt", A, "0x2", "0x" + "00" * 31 + "07") is True
    assert call(w3, "hardhat_setStorageAt", B, hex(3), "0x" + "ff" * 32) is True
    assert int(w3.eth.get_storage_at(A, 2).hex(), 16) == 7
    assert w3.eth.get_storage_at(B, 3).hex().removeprefix("0x") == "ff" * 32
    # The next block is built on the edited state, and its state root covers it.
    call(w3, "evm_mine")
    assert w3.eth.get_balance(A, head(w3).number) == 4 * ETHER


def test_dump_and_load_state(w3):
    import gzip
    call(w3, "anvil_setBalance", A, hex(77))
    dump = call(w3, "anvil_dumpState")
    raw = bytes.fromhex(dump[2:])
    assert raw[:2] == b"\x1f\x8b"  # gzip, as Anvil answers
    document = json.loads(gzip.decompress(raw))
    accounts = {k.lower(): v for k, v in document["accounts"].items()}
    assert int(accounts[A.lower()]["balance"], 16) == 77
    call(w3, "anvil_setBalance", A, hex(1))
    assert call(w3, "anvil_loadState", dump) is True
    assert w3.eth.get_balance(A) == 77
    # The plain JSON loads too (and a file Anvil or --dump-state wrote).
    document["accounts"][A.lower()] = {"nonce": 0, "balance": hex(78), "code": "0x", "storage": {}}
    assert call(w3, "anvil_loadState", "0x" + json.dumps(document).encode().hex()) is True
    assert w3.eth.get_balance(A) == 78
    assert "error" in w3.provider.make_request("anvil_loadState", ["0x1f8b0800"])  # truncated gzip


def test_deal_erc20_and_allowance(w3):
    token = deploy_token(w3)
    owner, spender = w3.eth.accounts[2], w3.eth.accounts[3]
    assert call(w3, "anvil_dealERC20", owner, token.address, hex(500)) is None
    assert token.functions.balanceOf(owner).call() == 500
    assert call(w3, "anvil_setERC20Allowance", owner, spender, token.address, hex(40)) is None
    assert token.functions.allowance(owner, spender).call() == 40
    w3.eth.wait_for_transaction_receipt(token.functions.transferFrom(owner, spender, 40).transact({"from": spender}))
    assert token.functions.balanceOf(spender).call() == 40
    # Not a token: a clear error, nothing changed.
    message = error(w3, "anvil_dealERC20", owner, A, hex(1))["message"]
    assert "storage slot" in message


# --- accounts ---------------------------------------------------------------------------------

def test_impersonation(w3):
    holder = Web3.to_checksum_address("0x" + "cd" * 20)
    call(w3, "anvil_setBalance", holder, hex(ETHER))
    assert "error" in w3.provider.make_request("eth_sendTransaction", [{"from": holder, "to": B, "value": "0x1"}])
    assert call(w3, "anvil_impersonateAccount", holder) is None
    tx = call(w3, "eth_sendTransaction", {"from": holder, "to": B, "value": "0x5"})
    receipt = w3.eth.wait_for_transaction_receipt(tx)
    assert receipt.status == 1 and receipt["from"] == holder
    assert w3.eth.get_transaction(tx)["from"] == holder
    assert call(w3, "anvil_stopImpersonatingAccount", holder) is None
    assert "error" in w3.provider.make_request("eth_sendTransaction", [{"from": holder, "to": B, "value": "0x1"}])
    assert call(w3, "hardhat_impersonateAccount", holder) is True
    assert call(w3, "hardhat_stopImpersonatingAccount", holder) is True
    # A contract can be impersonated too (no EIP-3607 rejection).
    contract = Web3.to_checksum_address("0x" + "ce" * 20)
    call(w3, "anvil_setCode", contract, "0x00")
    call(w3, "anvil_setBalance", contract, hex(ETHER))
    call(w3, "anvil_autoImpersonateAccount", True)
    try:
        tx = call(w3, "eth_sendTransaction", {"from": contract, "to": B, "value": "0x1"})
        assert w3.eth.wait_for_transaction_receipt(tx).status == 1
    finally:
        call(w3, "anvil_autoImpersonateAccount", False)


def test_send_unsigned_transaction(w3):
    sender = Web3.to_checksum_address("0x" + "ef" * 20)
    call(w3, "anvil_setBalance", sender, hex(ETHER))
    tx = call(w3, "eth_sendUnsignedTransaction", {"from": sender, "to": B, "value": "0x9"})
    receipt = w3.eth.wait_for_transaction_receipt(tx)
    assert receipt.status == 1 and receipt["from"] == sender


# --- mining and pool --------------------------------------------------------------------------

def test_mining_controls(w3):
    start = head(w3).number
    assert call(w3, "evm_mine") == "0x0"
    t = head(w3).timestamp + 100
    assert call(w3, "evm_mine", t) == "0x0"
    assert head(w3).timestamp == t
    assert call(w3, "evm_mine", {"blocks": 3, "timestamp": t + 10}) == "0x0"
    assert head(w3).number == start + 5 and head(w3).timestamp == t + 12
    assert "error" in w3.provider.make_request("evm_mine", [t])  # not after the head
    assert call(w3, "anvil_mine", "0x4", "0x3c") is None
    assert head(w3).number == start + 9
    assert head(w3).timestamp - w3.eth.get_block(start + 8).timestamp == 60
    assert call(w3, "hardhat_mine", "0x2") is True
    assert head(w3).number == start + 11
    assert call(w3, "anvil_getAutomine") is True and call(w3, "hardhat_getAutomine") is True
    assert call(w3, "anvil_setAutomine", False) is None
    assert call(w3, "anvil_getAutomine") is False
    assert call(w3, "evm_setAutomine", True) is True
    assert call(w3, "evm_setIntervalMining", 0) is True
    assert call(w3, "anvil_getIntervalMining") is None
    assert call(w3, "anvil_setIntervalMining", 3600) is None
    assert call(w3, "anvil_getIntervalMining") == "0xe10"
    assert call(w3, "evm_setAutomine", True) is True


def test_pool_controls(w3):
    call(w3, "evm_setAutomine", False)
    try:
        s1, s2 = w3.eth.accounts[4], w3.eth.accounts[5]
        h1 = call(w3, "eth_sendTransaction", {"from": s1, "to": B, "value": "0x1"})
        h2 = call(w3, "eth_sendTransaction", {"from": s2, "to": B, "value": "0x1"})
        h3 = call(w3, "eth_sendTransaction", {"from": s2, "to": B, "value": "0x2"})
        assert call(w3, "anvil_dropTransaction", h1) == h1
        assert call(w3, "anvil_dropTransaction", h1) is None
        assert call(w3, "hardhat_dropTransaction", h1) is False
        assert call(w3, "anvil_removePoolTransactions", s2) is None
        assert call(w3, "txpool_status") == {"pending": "0x0", "queued": "0x0"}
        call(w3, "eth_sendTransaction", {"from": s1, "to": B, "value": "0x3"})
        assert call(w3, "anvil_dropAllTransactions") is None
        assert call(w3, "txpool_status") == {"pending": "0x0", "queued": "0x0"}
        del h2, h3
    finally:
        call(w3, "evm_setAutomine", True)


# --- time -------------------------------------------------------------------------------------

def test_time_controls(w3):
    before = head(w3).timestamp
    offset = call(w3, "evm_increaseTime", 1000)
    assert isinstance(offset, int) and offset >= 1000
    call(w3, "evm_mine")
    # The clock moved 1000 s (the head may have run a few seconds ahead of it: blocks are at least 1 s apart).
    assert head(w3).timestamp >= before + 1000 - 10
    target = head(w3).timestamp + 5000
    assert call(w3, "evm_setNextBlockTimestamp", target) is None
    call(w3, "evm_mine")
    assert head(w3).timestamp == target
    call(w3, "evm_mine")
    assert target < head(w3).timestamp <= target + 5  # the clock continues from there
    later = head(w3).timestamp + 86400
    assert call(w3, "anvil_setTime", later) >= 86000
    call(w3, "evm_mine")
    assert later <= head(w3).timestamp <= later + 5
    assert call(w3, "anvil_setBlockTimestampInterval", 12) is None
    call(w3, "evm_mine")
    call(w3, "evm_mine")
    assert head(w3).timestamp - w3.eth.get_block(head(w3).number - 1).timestamp == 12
    assert call(w3, "anvil_removeBlockTimestampInterval") is True
    assert call(w3, "anvil_removeBlockTimestampInterval") is False


# --- environment and descriptions -------------------------------------------------------------

def test_environment_controls(w3):
    coinbase = Web3.to_checksum_address("0x" + "c0" * 20)
    assert call(w3, "anvil_setCoinbase", coinbase) is None
    call(w3, "evm_mine")
    assert head(w3).miner == coinbase and call(w3, "eth_coinbase") == coinbase.lower()
    assert call(w3, "hardhat_setCoinbase", w3.eth.accounts[0]) is True
    assert call(w3, "anvil_setNextBlockBaseFeePerGas", hex(7 * 10**9)) is None
    call(w3, "evm_mine")
    assert head(w3).baseFeePerGas == 7 * 10**9
    assert call(w3, "hardhat_setNextBlockBaseFeePerGas", hex(10**9)) is True
    randao = "0x" + "ab" * 32
    assert call(w3, "anvil_setNextBlockPrevRandao", randao) is None
    call(w3, "evm_mine")
    assert head(w3).mixHash.hex().removeprefix("0x") == "ab" * 32
    assert call(w3, "hardhat_setPrevRandao", "0x" + "cd" * 32) is True
    assert call(w3, "evm_setBlockGasLimit", hex(40_000_000)) is True
    call(w3, "evm_mine")
    assert head(w3).gasLimit == 40_000_000
    assert call(w3, "anvil_setMinGasPrice", hex(10**12)) is None
    low = w3.provider.make_request("eth_sendTransaction", [{"from": w3.eth.accounts[0], "to": B, "gasPrice": hex(10**11)}])
    assert "error" in low
    assert call(w3, "hardhat_setMinGasPrice", "0x0") is True
    assert call(w3, "anvil_setChainId", 1337) is None
    assert w3.eth.chain_id == 1337
    tx = call(w3, "eth_sendTransaction", {"from": w3.eth.accounts[0], "to": B, "value": "0x1"})
    assert w3.eth.get_transaction(tx)["chainId"] == 1337
    assert call(w3, "anvil_setChainId", 31337) is None
    assert call(w3, "anvil_setLoggingEnabled", False) is None
    assert call(w3, "hardhat_setLoggingEnabled", True) is True


def test_node_descriptions(w3):
    info = call(w3, "anvil_nodeInfo")
    assert int(info["currentBlockNumber"], 16) == head(w3).number
    assert info["environment"]["chainId"] == 31337 and info["transactionOrder"] == "fees"
    snapshot = call(w3, "evm_snapshot")
    metadata = call(w3, "anvil_metadata")
    assert metadata["chainId"] == 31337 and metadata["latestBlockNumber"] == head(w3).number
    assert metadata["clientVersion"].startswith("lanes/")
    assert str(int(snapshot, 16)) in metadata["snapshots"]
    hardhat = call(w3, "hardhat_metadata")
    assert hardhat["instanceId"] == metadata["instanceId"] and hardhat["forkedNetwork"] is None


def test_reset_returns_to_genesis(w3):
    genesis = w3.eth.get_block(0)
    call(w3, "anvil_setBalance", A, hex(1))
    call(w3, "evm_mine")
    instance = call(w3, "anvil_metadata")["instanceId"]
    assert call(w3, "anvil_reset") is None
    assert head(w3).number == 0 and head(w3).hash == genesis.hash
    assert w3.eth.get_balance(A) == 0
    assert call(w3, "anvil_metadata")["instanceId"] != instance
    assert call(w3, "hardhat_reset", {}) is True
    assert error(w3, "anvil_reset", {"forking": {"jsonRpcUrl": "http://example.invalid"}})["code"] == -32602
    call(w3, "evm_mine")
    assert head(w3).number == 1


# --- the pending block ------------------------------------------------------------------------

def test_pending_block_is_built_from_the_pool(w3):
    call(w3, "evm_setAutomine", False)
    try:
        latest = head(w3)
        empty = call(w3, "eth_getBlockByNumber", "pending", False)
        assert int(empty["number"], 16) == latest.number + 1 and empty["transactions"] == []
        assert empty["hash"] is None and empty["nonce"] is None and empty["miner"] is None
        assert empty["parentHash"] == latest.hash.to_0x_hex()
        sent = [call(w3, "eth_sendTransaction", {"from": w3.eth.accounts[7], "to": B, "value": hex(i + 1)}) for i in range(2)]
        pending = call(w3, "eth_getBlockByNumber", "pending", True)
        assert [tx["hash"] for tx in pending["transactions"]] == sent
        assert pending["transactions"][0]["from"] == w3.eth.accounts[7].lower()
        assert int(pending["gasUsed"], 16) == 42_000
        assert call(w3, "eth_getBlockTransactionCountByNumber", "pending") == "0x2"
        assert call(w3, "eth_getTransactionByBlockNumberAndIndex", "pending", "0x1")["hash"] == sent[1]
        assert call(w3, "eth_getTransactionByBlockNumberAndIndex", "pending", "0x2") is None
        # Mining it gives the same block (same transactions, roots; the hash once its time is set).
        call(w3, "evm_mine", int(pending["timestamp"], 16))
        mined = call(w3, "eth_getBlockByNumber", "latest", True)
        assert [tx["hash"] for tx in mined["transactions"]] == sent
        assert mined["stateRoot"] == pending["stateRoot"] and mined["receiptsRoot"] == pending["receiptsRoot"]
    finally:
        call(w3, "evm_setAutomine", True)


# --- console.log ------------------------------------------------------------------------------

CONSOLE = "000000000000000000636f6e736f6c652e6c6f67"
# CALLDATACOPY(0, 0, size); STATICCALL(gas, console, 0, size, 0, 0); STOP: forwards its calldata.
FORWARDER = "0x365f5f375f5f365f73" + CONSOLE + "5afa00"


@pytest.mark.parametrize("disabled", [False, True])
def test_console_log_is_printed_unless_disabled(disabled):
    from eth_abi import encode
    node = LanesProcess(*(["--disable-console-log"] if disabled else []))
    try:
        w3 = Web3(Web3.HTTPProvider(node.url, request_kwargs={"timeout": 60}))
        contract = Web3.to_checksum_address("0x" + "fe" * 20)
        call(w3, "anvil_setCode", contract, FORWARDER)
        data = Web3.keccak(text="log(string,uint256,bool)")[:4] + encode(["string", "uint256", "bool"], ["minted %s", 42, True])
        tx = w3.eth.send_transaction({"from": w3.eth.accounts[0], "to": contract, "data": "0x" + data.hex(), "gas": 100_000})
        assert w3.eth.wait_for_transaction_receipt(tx).status == 1
        assert node.wait_for("Block Number: 1") is not None, node.text()
        # eth_call prints too (Anvil does), marked as a call's.
        view = Web3.keccak(text="log(string)")[:4] + encode(["string"], ["from a view"])
        w3.eth.call({"to": contract, "data": "0x" + view.hex()})
        if not disabled:
            assert node.wait_for("from a view") is not None, node.text()
        out = node.text()
        if disabled:
            assert "console.log" not in out and "from a view" not in out
        else:
            assert "console.log:" in out and "minted 42 true" in out, out
            assert "console.log (eth_call):" in out
    finally:
        node.stop()
