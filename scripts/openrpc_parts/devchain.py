# Devchain controls beyond mining (Anvil's, Hardhat's and Ganache's names): pool surgery, time,
# state edits, snapshots, impersonation, block environment and node descriptions.
# Runs inside scripts/gen_openrpc.py (see README.md here).

SCHEMAS.update({
    "QuantityOrNumber": {"title": "hex quantity, JSON number or decimal string",
                         "oneOf": [ref("uint256"), {"type": "integer", "minimum": 0},
                                   {"type": "string", "pattern": "^[0-9]{1,78}$"}]},
    "SnapshotId": titled("snapshot id (counts from 0x0)", ref("uint")),
    "NodeInfo": obj("Anvil node info", {
        "currentBlockNumber": ref("uint"), "currentBlockTimestamp": {"type": "integer"},
        "currentBlockHash": ref("hash32"), "hardFork": {"type": "string"},
        "transactionOrder": {"enum": ["fees", "fifo"]},
        "environment": obj("environment", {"baseFee": ref("uint256"), "chainId": {"type": "integer"},
                                           "gasLimit": ref("uint"), "gasPrice": ref("uint256")},
                           ["baseFee", "chainId", "gasLimit", "gasPrice"]),
        "forkConfig": {"type": "object"},
    }, ["currentBlockNumber", "currentBlockTimestamp", "currentBlockHash", "hardFork", "transactionOrder", "environment"]),
    "NodeMetadata": obj("Anvil / Hardhat metadata", {
        "clientVersion": {"type": "string"}, "chainId": {"type": "integer"}, "instanceId": ref("hash32"),
        "latestBlockNumber": {"type": "integer"}, "latestBlockHash": ref("hash32"),
        "forkedNetwork": ref("null"),
        "snapshots": {"type": "object", "additionalProperties": {
            "type": "array", "items": [{"type": "integer"}, ref("hash32")]}},
    }, ["clientVersion", "chainId", "instanceId", "latestBlockNumber", "latestBlockHash"]),
    "ResetOptions": obj("reset options (forking is not available)", {"forking": ref("null")}),
})

NULL = ("Result", ref("null"))
TRUE = ("Result", {"type": "boolean", "const": True})
ADDR = P("Address", ref("address"))
AMOUNT = P("Amount", ref("QuantityOrNumber"))


def pair(anvil, hardhat, summary, params):
    """The Anvil name answering null and the Hardhat name answering true."""
    return [M(anvil, summary, params, *NULL), M(hardhat, summary + " (Hardhat's name; answers true)", params, *TRUE)]


METHODS += [
    # mining and pool
    M("hardhat_mine", "Mines a number of blocks (default 1), later ones `interval` seconds apart; answers true.",
      [P("Number of blocks", ref("UintOrNumber"), required=False), P("Interval", ref("UintOrNumber"), required=False)], *TRUE),
    M("hardhat_getAutomine", "Returns whether automine is on.", [], "Enabled", {"type": "boolean"}),
    M("anvil_getIntervalMining", "Returns the interval-mining period in seconds, or null when interval mining is off.", [],
      "Seconds", nullable(ref("uint"))),
    M("anvil_dropTransaction", "Removes a transaction from the pool; returns its hash, or null when it was not there.",
      [TX_HASH], "Hash", nullable(ref("hash32"))),
    M("hardhat_dropTransaction", "Removes a transaction from the pool; returns whether it was there.", [TX_HASH],
      "Removed", {"type": "boolean"}),
    M("anvil_dropAllTransactions", "Empties the pool.", [], *NULL),
    M("anvil_removePoolTransactions", "Removes every pool transaction of a sender.", [ADDR], *NULL),
    # time
    M("evm_increaseTime", "Moves the clock forward; returns the total offset in seconds.", [P("Seconds", ref("QuantityOrNumber"))],
      "Offset", {"type": "integer"}),
    M("anvil_increaseTime", "Alias of evm_increaseTime.", [P("Seconds", ref("QuantityOrNumber"))], "Offset", {"type": "integer"}),
    M("evm_setNextBlockTimestamp", "Sets the exact timestamp of the next block (after the head's); later blocks continue from it.",
      [P("Timestamp", ref("UintOrNumber"))], *NULL),
    M("anvil_setNextBlockTimestamp", "Alias of evm_setNextBlockTimestamp.", [P("Timestamp", ref("UintOrNumber"))], *NULL),
    M("evm_setTime", "Sets the clock to a timestamp; returns the seconds between it and the previous time (0 when earlier).",
      [P("Timestamp", ref("UintOrNumber"))], "Seconds", {"type": "integer"}),
    M("anvil_setTime", "Alias of evm_setTime.", [P("Timestamp", ref("UintOrNumber"))], "Seconds", {"type": "integer"}),
    M("anvil_setBlockTimestampInterval", "Makes every next block this many seconds after its parent.",
      [P("Seconds", ref("UintOrNumber"))], *NULL),
    M("anvil_removeBlockTimestampInterval", "Removes the block timestamp interval; returns whether one was set.", [],
      "Removed", {"type": "boolean"}),
    # state
    *pair("anvil_setBalance", "hardhat_setBalance", "Sets an account's balance on the head state.", [ADDR, AMOUNT]),
    M("anvil_addBalance", "Adds to an account's balance (saturating).", [ADDR, AMOUNT], *NULL),
    *pair("anvil_setNonce", "hardhat_setNonce", "Sets an account's nonce.", [ADDR, P("Nonce", ref("UintOrNumber"))]),
    *pair("anvil_setCode", "hardhat_setCode", "Sets an account's code.", [ADDR, P("Code", ref("bytes"))]),
    M("anvil_setStorageAt", "Writes one storage slot (value: up to 32 bytes, left-padded); answers true.",
      [ADDR, P("Slot", ref("QuantityOrNumber")), P("Value", ref("bytesMax32"))], *TRUE),
    M("hardhat_setStorageAt", "Alias of anvil_setStorageAt.",
      [ADDR, P("Slot", ref("QuantityOrNumber")), P("Value", ref("bytesMax32"))], *TRUE),
    M("evm_snapshot", "Remembers the chain (blocks, state, pool, clock) and returns the snapshot's id.", [], "Id", ref("SnapshotId")),
    M("anvil_snapshot", "Alias of evm_snapshot.", [], "Id", ref("SnapshotId")),
    M("evm_revert", "Returns to a snapshot: later blocks, receipts and logs are removed, state and pool restored; the snapshot "
      "and later ones are used up. False when there is no such snapshot.", [P("Id", ref("QuantityOrNumber"))], "Reverted",
      {"type": "boolean"}),
    M("anvil_revert", "Alias of evm_revert.", [P("Id", ref("QuantityOrNumber"))], "Reverted", {"type": "boolean"}),
    M("anvil_reset", "Returns the chain to its genesis (forking is not available: a `forking` option is an invalid parameter).",
      [P("Options", ref("ResetOptions"), required=False)], *NULL),
    M("hardhat_reset", "Alias of anvil_reset answering true.", [P("Options", ref("ResetOptions"), required=False)], *TRUE),
    M("anvil_dumpState", "Returns the head state as the JSON `--dump-state` writes, gzip-compressed and hex-encoded (as Anvil).",
      [], "State", ref("bytes")),
    M("anvil_loadState", "Merges a state dump (gzip-compressed or plain JSON with an `accounts` object, as Anvil's) into the head state.",
      [P("State", ref("bytes"))], *TRUE),
    M("anvil_dealERC20", "Sets an ERC-20 balance by writing the storage slot balanceOf(holder) reads.",
      [P("Holder", ref("address")), P("Token", ref("address")), AMOUNT], *NULL),
    M("anvil_setERC20Allowance", "Sets an ERC-20 allowance by writing the storage slot allowance(owner, spender) reads.",
      [P("Owner", ref("address")), P("Spender", ref("address")), P("Token", ref("address")), AMOUNT], *NULL),
    # accounts
    *pair("anvil_impersonateAccount", "hardhat_impersonateAccount",
          "Lets eth_sendTransaction send from an address without its key (mined as if signed).", [ADDR]),
    *pair("anvil_stopImpersonatingAccount", "hardhat_stopImpersonatingAccount", "Ends impersonation of an address.", [ADDR]),
    M("anvil_autoImpersonateAccount", "Impersonates every account (on/off).", [P("Enabled", {"type": "boolean"})], *NULL),
    M("eth_sendUnsignedTransaction", "Sends a transaction from any `from` without a signature; returns its hash.", [TX],
      "Transaction hash", ref("hash32")),
    # environment
    *pair("anvil_setCoinbase", "hardhat_setCoinbase", "Sets the fee recipient of produced blocks.", [ADDR]),
    M("evm_setBlockGasLimit", "Sets the gas limit of produced blocks; answers true.", [P("Gas limit", ref("QuantityOrNumber"))], *TRUE),
    M("anvil_setBlockGasLimit", "Alias of evm_setBlockGasLimit.", [P("Gas limit", ref("QuantityOrNumber"))], *TRUE),
    M("anvil_setChainId", "Sets the chain id (eth_chainId, CHAINID, transaction signing).", [P("Chain id", ref("UintOrNumber"))], *NULL),
    *pair("anvil_setNextBlockBaseFeePerGas", "hardhat_setNextBlockBaseFeePerGas", "Sets the next block's base fee (London onwards).",
          [P("Base fee", ref("QuantityOrNumber"))]),
    *pair("anvil_setNextBlockPrevRandao", "hardhat_setPrevRandao", "Sets the next block's prevRandao (Paris onwards).",
          [P("prevRandao", ref("bytesMax32"))]),
    *pair("anvil_setMinGasPrice", "hardhat_setMinGasPrice", "Sets the lowest fee cap the pool accepts.", [AMOUNT]),
    *pair("anvil_setLoggingEnabled", "hardhat_setLoggingEnabled", "Turns the node's block and transaction log lines on or off.",
          [P("Enabled", {"type": "boolean"})]),
    M("anvil_nodeInfo", "Describes the node: head, hard fork, transaction order and block environment.", [], "Node info",
      ref("NodeInfo")),
    M("anvil_metadata", "Client version, chain id, instance id, head and live snapshots.", [], "Metadata", ref("NodeMetadata")),
    M("hardhat_metadata", "Client version, chain id, instance id and head.", [], "Metadata", ref("NodeMetadata")),
]
