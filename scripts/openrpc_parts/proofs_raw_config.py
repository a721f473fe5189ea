# Proofs (eth_getProof, eth_getStorageValues), fork configuration and history capabilities
# (eth_config, eth_capabilities), geth's raw debug getters and bad blocks, and testing_buildBlockV1.
# Schemas follow ethereum/execution-apis (src/schemas/state.yaml, capabilities.yaml,
# src/debug/getters.yaml, src/testing/testing_buildBlockV1.yaml) and geth's answers.

SCHEMAS.update({
    "StorageProof": obj("Storage proof", {
        "key": {"title": "key (32-byte keys as given, shorter ones as a QUANTITY)",
                "oneOf": [ref("hash32"), ref("uint256")]},
        "value": ref("uint256"),
        "proof": array(ref("bytes"), "proof nodes, root first"),
    }, ["key", "value", "proof"]),
    "AccountProof": obj("Account proof", {
        "address": ref("address"),
        "accountProof": array(ref("bytes"), "account proof nodes, root first"),
        "balance": ref("uint256"),
        "codeHash": ref("hash32"),
        "nonce": ref("uint64"),
        "storageHash": ref("hash32"),
        "storageProof": array(ref("StorageProof"), "storage proofs"),
    }, ["address", "accountProof", "balance", "codeHash", "nonce", "storageHash", "storageProof"]),
    "StorageValuesRequest": {"title": "Storage slots by address", "type": "object",
                             "propertyNames": {"pattern": "^0x[0-9a-fA-F]{40}$"},
                             "additionalProperties": array(ref("hash32"))},
    "StorageValuesResult": {"title": "Storage values by address, in request order", "type": "object",
                            "propertyNames": {"pattern": "^0x[0-9a-f]{40}$"},
                            "additionalProperties": array(ref("bytes32"))},
    "BlobScheduleConfig": obj("Blob schedule", {
        "target": {"type": "integer", "minimum": 0}, "max": {"type": "integer", "minimum": 0},
        "baseFeeUpdateFraction": {"type": "integer", "minimum": 0},
    }, ["target", "max", "baseFeeUpdateFraction"], additional=False),
    "ForkConfig": obj("Fork configuration (EIP-7910)", {
        "activationTime": {"type": "integer", "minimum": 0},
        "blobSchedule": nullable(ref("BlobScheduleConfig")),
        "chainId": ref("uint"),
        "forkId": hexstr("4-byte EIP-2124 fork hash", "^0x[0-9a-f]{8}$"),
        "precompiles": {"title": "Precompile addresses by name", "type": "object", "additionalProperties": ref("address")},
        "systemContracts": {"title": "System contract addresses by name", "type": "object",
                            "additionalProperties": ref("address")},
    }, ["activationTime", "blobSchedule", "chainId", "forkId", "precompiles", "systemContracts"], additional=False),
    "EthConfig": obj("eth_config result", {
        "current": nullable(ref("ForkConfig")), "next": nullable(ref("ForkConfig")), "last": nullable(ref("ForkConfig")),
    }, ["current", "next", "last"], additional=False),
    "EthCapabilitiesDeleteStrategy": obj("Delete strategy (sliding window)", {
        "type": {"type": "string", "enum": ["window"]}, "retentionBlocks": ref("uint"),
    }, ["type", "retentionBlocks"], additional=False),
    "EthCapabilitiesEffectiveResource": obj("Effective resource capability", {
        "disabled": {"type": "boolean"}, "oldestBlock": ref("uint"),
        "deleteStrategy": ref("EthCapabilitiesDeleteStrategy"),
    }, ["disabled"], additional=False),
    "EthCapabilitiesHead": obj("Current head block", {"number": ref("uint"), "hash": ref("hash32")},
                               ["number", "hash"], additional=False),
    "EthCapabilities": obj("Effective routing capabilities", {
        "head": ref("EthCapabilitiesHead"),
        **{k: ref("EthCapabilitiesEffectiveResource")
           for k in ["state", "tx", "logs", "receipts", "blocks", "stateproofs"]},
    }, ["head", "state", "tx", "logs", "receipts", "blocks", "stateproofs"], additional=False),
    "BadBlock": obj("Bad block", {"hash": ref("hash32"), "block": ref("Block"), "rlp": ref("bytes")},
                    ["hash", "block", "rlp"]),
    "PayloadAttributesV3": obj("Payload attributes", {
        "timestamp": ref("uint64"), "prevRandao": ref("hash32"), "suggestedFeeRecipient": ref("address"),
        "withdrawals": array(ref("Withdrawal")), "parentBeaconBlockRoot": ref("hash32"),
    }, ["timestamp", "prevRandao", "suggestedFeeRecipient"]),
    "ExecutionPayload": obj("Execution payload", {
        "parentHash": ref("hash32"), "feeRecipient": ref("address"), "stateRoot": ref("hash32"),
        "receiptsRoot": ref("hash32"), "logsBloom": ref("bytes256"), "prevRandao": ref("hash32"),
        "blockNumber": ref("uint64"), "gasLimit": ref("uint64"), "gasUsed": ref("uint64"), "timestamp": ref("uint64"),
        "extraData": ref("bytesMax32"), "baseFeePerGas": nullable(ref("uint256")), "blockHash": ref("hash32"),
        "transactions": array(ref("bytes")), "withdrawals": nullable(array(ref("Withdrawal"))),
        "blobGasUsed": nullable(ref("uint64")), "excessBlobGas": nullable(ref("uint64")),
    }, ["parentHash", "feeRecipient", "stateRoot", "receiptsRoot", "logsBloom", "prevRandao", "blockNumber",
        "gasLimit", "gasUsed", "timestamp", "extraData", "baseFeePerGas", "blockHash", "transactions"]),
    "BlobsBundle": obj("Blobs bundle", {
        "commitments": array(ref("bytes")), "proofs": array(ref("bytes")), "blobs": array(ref("bytes")),
    }, ["commitments", "proofs", "blobs"]),
    "BuildBlockResult": obj("Response object", {
        "executionPayload": ref("ExecutionPayload"), "blockValue": ref("uint256"), "blobsBundle": ref("BlobsBundle"),
        "executionRequests": nullable(array(ref("bytes"))), "shouldOverrideBuilder": {"type": "boolean"},
    }, ["executionPayload", "blockValue", "blobsBundle", "shouldOverrideBuilder"]),
})

RAW_BLOCK = P("Block", ref("BlockNumberOrTagOrHash"))

METHODS += [
    M("eth_getProof", "Returns the Merkle proof of an account and of some of its storage slots (EIP-1186), at any "
      "block whose state the node keeps.",
      [ADDRESS, P("Storage keys", array(ref("bytesMax32"))), P("Block", ref("BlockNumberOrTagOrHash"))],
      "Account", ref("AccountProof")),
    M("eth_getStorageValues", "Returns the values of many storage slots of many accounts at a block (at most 1024 "
      "slots).", [P("Requests", ref("StorageValuesRequest")), P("Block", ref("BlockNumberOrTagOrHash"))],
      "Values", ref("StorageValuesResult")),
    M("eth_config", "Returns the current, next and last fork configuration (EIP-7910).", [], "Configuration",
      ref("EthConfig")),
    M("eth_capabilities", "Returns which history the node serves: the head and, per resource, the oldest block and "
      "how it is deleted.", [], "Capabilities", ref("EthCapabilities")),
    M("debug_getRawHeader", "Returns an RLP-encoded header.", [RAW_BLOCK], "Header RLP", ref("bytes")),
    M("debug_getRawBlock", "Returns an RLP-encoded block.", [RAW_BLOCK], "Block RLP", ref("bytes")),
    M("debug_getRawReceipts", "Returns the consensus encodings (EIP-2718) of a block's receipts.", [RAW_BLOCK],
      "Receipts", array(ref("bytes"), "Receipt array")),
    M("debug_getRawTransaction", "Returns the EIP-2718 encoding of a transaction (mined or pending).", [TX_HASH],
      "Transaction", nullable(ref("bytes"))),
    M("debug_getBadBlocks", "Returns the most recent blocks that block import rejected (at most 10, newest first).",
      [], "Blocks", array(ref("BadBlock"), "Bad block array")),
    M("testing_buildBlockV1", "Builds a block on the given parent from the given transactions (or, when null, the "
      "pool's) and returns it as engine_getPayload would, without importing it.",
      [P("Parent block hash", ref("hash32")), P("Payload attributes", ref("PayloadAttributesV3")),
       P("Transactions", nullable(array(ref("bytes"))), required=False,
         description="Raw transactions to include in order; null takes the pool's transactions."),
       P("Extra data", nullable(ref("bytesMax32")), required=False)],
      "Response object", ref("BuildBlockResult")),
]

# eth_simulateV1 (execution-apis src/eth/execute.yaml, src/schemas/execute.yaml; geth's simulate.go).
SCHEMAS.update({
    "SimulateBlockStateCall": obj("Block of calls to simulate", {
        "blockOverrides": ref("BlockOverrides"), "stateOverrides": ref("StateOverrides"),
        "calls": array(ref("GenericTransaction"), "Calls"),
    }),
    "SimulatePayload": obj("eth_simulateV1 options", {
        "blockStateCalls": array(ref("SimulateBlockStateCall"), "Blocks"),
        "traceTransfers": {"type": "boolean"}, "validation": {"type": "boolean"},
        "returnFullTransactions": {"type": "boolean"},
    }, ["blockStateCalls"]),
    "SimulateCallError": obj("Call error (3 revert, -32015 VM error)", {
        "message": {"type": "string"}, "code": {"type": "integer"}, "data": ref("bytes"),
    }, ["message", "code"]),
    "SimulateCallResult": obj("Result of a simulated call", {
        "returnData": ref("bytes"), "logs": array(ref("Log")), "gasUsed": ref("uint64"),
        "maxUsedGas": ref("uint64"), "status": hexstr("status", "^0x[01]$"), "error": ref("SimulateCallError"),
    }, ["returnData", "logs", "gasUsed", "status"]),
    "SimulatedBlock": {"title": "Simulated block", "allOf": [
        ref("Block"), obj("Call results", {"calls": array(ref("SimulateCallResult"))}, ["calls"])]},
})

METHODS += [
    M("eth_simulateV1", "Simulates blocks of calls with state and block overrides on top of a block, without "
      "committing anything.", [P("Payload", ref("SimulatePayload")), BLOCK], "Simulated blocks",
      array(ref("SimulatedBlock"), "Simulated blocks")),
]
