#!/usr/bin/env python3
"""Generates openrpc/openrpc.json (the OpenRPC document `rpc.discover` answers) and
Sources/Lanes/OpenRPCDocument.swift (the same bytes embedded in the binary).

The schemas are modelled on ethereum/execution-apis (src/schemas, src/eth), adapted to what
Lanes answers (nullable block context on pending transactions, EIP-1898 block objects, geth's
txpool shapes, the Anvil/Hardhat dev controls). Edit the definitions here and rerun:

    python3 scripts/gen_openrpc.py          # writes both files
    python3 scripts/gen_openrpc.py --check  # fails if either file is stale
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JSON_PATH = ROOT / "openrpc" / "openrpc.json"
SWIFT_PATH = ROOT / "Sources" / "Lanes" / "OpenRPCDocument.swift"


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema):
    return {"oneOf": [schema, ref("null")]}


def titled(title, schema):
    return {"title": title, **schema}


def array(items, title=None):
    s = {"type": "array", "items": items}
    return titled(title, s) if title else s


def obj(title, props, required=(), additional=None):
    s = {"title": title, "type": "object"}
    if required:
        s["required"] = list(required)
    s["properties"] = props
    if additional is not None:
        s["additionalProperties"] = additional
    return s


# --- components/schemas -----------------------------------------------------------------

def hexstr(title, pattern):
    return {"title": title, "type": "string", "pattern": pattern}


SCHEMAS = {
    "null": {"title": "null", "type": "null"},
    "address": hexstr("hex encoded address", "^0x[0-9a-fA-F]{40}$"),
    "addresses": array(ref("address"), "hex encoded addresses"),
    "byte": hexstr("hex encoded byte", "^0x([0-9a-fA-F]?){1,2}$"),
    "bytes": hexstr("hex encoded bytes", "^0x[0-9a-f]*$"),
    "bytesMax32": hexstr("32 hex encoded bytes or fewer", "^0x[0-9a-f]{0,64}$"),
    "bytes8": hexstr("8 hex encoded bytes", "^0x[0-9a-f]{16}$"),
    "bytes32": hexstr("32 hex encoded bytes", "^0x[0-9a-f]{64}$"),
    "bytes65": hexstr("65 hex encoded bytes", "^0x[0-9a-f]{130}$"),
    "bytes256": hexstr("256 hex encoded bytes", "^0x[0-9a-f]{512}$"),
    "uint": hexstr("hex encoded unsigned integer", "^0x(0|[1-9a-f][0-9a-f]*)$"),
    "uint64": hexstr("hex encoded 64 bit unsigned integer", "^0x(0|[1-9a-f][0-9a-f]{0,15})$"),
    "uint256": hexstr("hex encoded 256 bit unsigned integer", "^0x(0|[1-9a-f][0-9a-f]{0,63})$"),
    "hash32": hexstr("32 byte hex value", "^0x[0-9a-f]{64}$"),
    "ratio": {"title": "normalized ratio", "type": "number", "minimum": 0, "maximum": 1},
    "UintOrNumber": {"title": "hex quantity or JSON number (Anvil's dev methods accept both)",
                     "oneOf": [ref("uint"), {"type": "integer", "minimum": 0}]},
    "BlockTag": {
        "title": "Block tag", "type": "string",
        "enum": ["earliest", "finalized", "safe", "latest", "pending"],
        "description": "`earliest`: the genesis block; `finalized` and `safe`: on a devchain, the latest block; "
                       "`latest`: the head of the chain; `pending`: the block that would be mined next, from the pool.",
    },
    "BlockNumberOrTag": {"title": "Block number or tag",
                         "oneOf": [titled("Block number", ref("uint")), titled("Block tag", ref("BlockTag"))]},
    "BlockNumberOrTagOrHash": {
        "title": "Block number, tag, or block hash (EIP-1898)",
        "anyOf": [
            titled("Block number", ref("uint")),
            titled("Block tag", ref("BlockTag")),
            titled("Block hash", ref("hash32")),
            obj("Block number object (EIP-1898)", {"blockNumber": ref("BlockNumberOrTag")}, ["blockNumber"]),
            obj("Block hash object (EIP-1898)", {"blockHash": ref("hash32"), "requireCanonical": {"type": "boolean"}},
                ["blockHash"]),
        ],
    },
    "Withdrawal": obj("Validator withdrawal", {
        "index": ref("uint64"), "validatorIndex": ref("uint64"), "address": ref("address"), "amount": ref("uint256"),
    }, ["index", "validatorIndex", "address", "amount"]),
    "Block": obj("Block object", {
        "hash": nullable(ref("hash32")), "parentHash": ref("hash32"), "sha3Uncles": ref("hash32"),
        "miner": nullable(ref("address")),
        "stateRoot": ref("hash32"), "transactionsRoot": ref("hash32"), "receiptsRoot": ref("hash32"),
        "logsBloom": ref("bytes256"), "difficulty": ref("uint"), "number": ref("uint"), "gasLimit": ref("uint"),
        "gasUsed": ref("uint"), "timestamp": ref("uint"), "extraData": ref("bytes"), "mixHash": ref("hash32"),
        "nonce": nullable(ref("bytes8")), "totalDifficulty": ref("uint"), "baseFeePerGas": ref("uint"),
        "withdrawalsRoot": ref("hash32"), "blobGasUsed": ref("uint"), "excessBlobGas": ref("uint"),
        "parentBeaconBlockRoot": ref("hash32"), "requestsHash": ref("hash32"), "size": ref("uint"),
        "transactions": {"anyOf": [array(ref("hash32"), "Transaction hashes"),
                                   array(ref("TransactionInfo"), "Full transactions")]},
        "withdrawals": array(ref("Withdrawal"), "Withdrawals"),
        "uncles": array(ref("hash32"), "Uncles"),
    }, ["hash", "parentHash", "sha3Uncles", "miner", "stateRoot", "transactionsRoot", "receiptsRoot", "logsBloom",
        "difficulty", "number", "gasLimit", "gasUsed", "timestamp", "extraData", "mixHash", "nonce", "size",
        "transactions", "uncles"]),
    "AccessListEntry": obj("Access list entry", {"address": ref("address"), "storageKeys": array(ref("hash32"))},
                           ["address", "storageKeys"]),
    "AccessList": array(ref("AccessListEntry"), "Access list"),
    "Authorization": obj("EIP-7702 authorization tuple", {
        "chainId": ref("uint"), "address": ref("address"), "nonce": ref("uint"), "yParity": ref("uint"),
        "r": ref("uint256"), "s": ref("uint256"),
    }, ["chainId", "address", "nonce", "yParity", "r", "s"]),
    "AuthorizationList": array(ref("Authorization"), "EIP-7702 authorization list"),
}


def signed_tx(title, type_hex, extra, extra_required):
    base = {
        "type": hexstr("type", f"^{type_hex}$"), "nonce": ref("uint"), "to": nullable(ref("address")),
        "gas": ref("uint"), "value": ref("uint"), "input": ref("bytes"), "gasPrice": ref("uint"),
        "chainId": ref("uint"), "v": ref("uint"), "r": ref("uint"), "s": ref("uint"),
    }
    base.update(extra)
    required = ["type", "nonce", "gas", "value", "input", "gasPrice", "v", "r", "s"] + extra_required
    return obj(title, base, required)


FEE_1559 = {"maxFeePerGas": ref("uint"), "maxPriorityFeePerGas": ref("uint")}
SCHEMAS.update({
    "TransactionLegacySigned": signed_tx("Signed legacy transaction", "0x0", {}, []),
    "Transaction2930Signed": signed_tx("Signed EIP-2930 transaction", "0x1",
                                       {"accessList": ref("AccessList"), "yParity": ref("uint")},
                                       ["accessList", "chainId", "yParity"]),
    "Transaction1559Signed": signed_tx("Signed EIP-1559 transaction", "0x2",
                                       {**FEE_1559, "accessList": ref("AccessList"), "yParity": ref("uint")},
                                       ["maxFeePerGas", "maxPriorityFeePerGas", "accessList", "chainId", "yParity"]),
    "Transaction4844Signed": signed_tx("Signed EIP-4844 transaction", "0x3",
                                       {**FEE_1559, "maxFeePerBlobGas": ref("uint"), "accessList": ref("AccessList"),
                                        "blobVersionedHashes": array(ref("hash32")), "yParity": ref("uint")},
                                       ["maxFeePerGas", "maxPriorityFeePerGas", "maxFeePerBlobGas", "accessList",
                                        "blobVersionedHashes", "chainId", "yParity"]),
    "Transaction7702Signed": signed_tx("Signed EIP-7702 transaction", "0x4",
                                       {**FEE_1559, "accessList": ref("AccessList"),
                                        "authorizationList": ref("AuthorizationList"), "yParity": ref("uint")},
                                       ["maxFeePerGas", "maxPriorityFeePerGas", "accessList", "authorizationList",
                                        "chainId", "yParity"]),
    "TransactionSigned": {"title": "Signed transaction", "oneOf": [
        ref("Transaction7702Signed"), ref("Transaction4844Signed"), ref("Transaction1559Signed"),
        ref("Transaction2930Signed"), ref("TransactionLegacySigned")]},
    "TransactionInfo": {"title": "Transaction information", "allOf": [
        obj("Contextual information", {
            "blockHash": nullable(ref("hash32")), "blockNumber": nullable(ref("uint")), "from": ref("address"),
            "hash": ref("hash32"), "transactionIndex": nullable(ref("uint")),
        }, ["blockHash", "blockNumber", "from", "hash", "transactionIndex"]),
        ref("TransactionSigned"),
    ]},
    "GenericTransaction": obj("Transaction object generic to all types (call and send requests)", {
        "type": ref("byte"), "nonce": ref("uint"), "to": nullable(ref("address")), "from": ref("address"),
        "gas": ref("uint"), "value": ref("uint"), "input": ref("bytes"), "data": ref("bytes"),
        "gasPrice": ref("uint"), "maxPriorityFeePerGas": ref("uint"), "maxFeePerGas": ref("uint"),
        "maxFeePerBlobGas": ref("uint"), "accessList": ref("AccessList"),
        "blobVersionedHashes": array(ref("hash32")), "authorizationList": ref("AuthorizationList"),
        "chainId": ref("uint"),
    }),
    "AccountOverride": obj("Account override", {
        "balance": ref("uint256"), "nonce": ref("uint64"), "code": ref("bytes"),
        "state": {"title": "Storage replacing the account's", "type": "object", "additionalProperties": ref("hash32")},
        "stateDiff": {"title": "Storage slots changed", "type": "object", "additionalProperties": ref("hash32")},
        "movePrecompileToAddress": ref("address"),
    }),
    "StateOverrides": {"title": "State overrides (address to account override)", "type": "object",
                       "additionalProperties": ref("AccountOverride")},
    "BlockOverrides": obj("Block overrides", {
        "number": ref("uint"), "difficulty": ref("uint"), "prevRandao": ref("hash32"), "random": ref("hash32"),
        "time": ref("uint64"), "gasLimit": ref("uint64"), "coinbase": ref("address"), "feeRecipient": ref("address"),
        "baseFee": ref("uint"), "baseFeePerGas": ref("uint"), "blobBaseFee": ref("uint"), "beaconRoot": ref("hash32"),
        "withdrawals": array(ref("Withdrawal")),
    }),
    "Log": obj("log", {
        "removed": {"type": "boolean"}, "logIndex": nullable(ref("uint")),
        "transactionIndex": nullable(ref("uint")), "transactionHash": nullable(ref("hash32")),
        "blockHash": nullable(ref("hash32")), "blockNumber": nullable(ref("uint")),
        "blockTimestamp": ref("uint"), "address": ref("address"), "data": ref("bytes"),
        "topics": array(ref("bytes32")),
    }, ["address", "topics", "data", "removed"]),
    "ReceiptInfo": obj("Receipt information", {
        "type": ref("byte"), "transactionHash": ref("hash32"), "transactionIndex": ref("uint"),
        "blockHash": ref("hash32"), "blockNumber": ref("uint"), "from": ref("address"),
        "to": nullable(ref("address")), "cumulativeGasUsed": ref("uint"), "gasUsed": ref("uint"),
        "blobGasUsed": ref("uint"), "contractAddress": nullable(ref("address")), "logs": array(ref("Log")),
        "logsBloom": ref("bytes256"), "root": ref("hash32"), "status": hexstr("status", "^0x[01]$"),
        "effectiveGasPrice": ref("uint"), "blobGasPrice": ref("uint"),
    }, ["type", "transactionHash", "transactionIndex", "blockHash", "blockNumber", "from", "to",
        "cumulativeGasUsed", "gasUsed", "contractAddress", "logs", "logsBloom", "effectiveGasPrice"]),
    "FilterTopic": {"title": "Filter topic list entry", "oneOf": [
        ref("null"), titled("Single topic", ref("bytes32")),
        array(ref("bytes32"), "Multiple topics (any of)")]},
    "Filter": obj("filter", {
        "fromBlock": ref("BlockNumberOrTag"), "toBlock": ref("BlockNumberOrTag"), "blockHash": ref("hash32"),
        "address": {"title": "Address(es)", "oneOf": [ref("null"), ref("address"), ref("addresses")]},
        "topics": nullable(array(ref("FilterTopic"), "Topics")),
    }),
    "FilterChanges": {"title": "Filter results", "anyOf": [
        array(ref("hash32"), "new block or transaction hashes"), array(ref("Log"), "new logs")]},
    "FeeHistoryResults": obj("Fee history results", {
        "oldestBlock": ref("uint"), "baseFeePerGas": array(ref("uint")), "gasUsedRatio": array(ref("ratio")),
        "baseFeePerBlobGas": array(ref("uint")), "blobGasUsedRatio": array(ref("ratio")),
        "reward": array(array(ref("uint")), "rewardArray"),
    }, ["oldestBlock", "baseFeePerGas", "gasUsedRatio"]),
    "SyncingStatus": {"title": "Syncing status", "oneOf": [
        obj("Syncing progress", {"startingBlock": ref("uint"), "currentBlock": ref("uint"),
                                 "highestBlock": ref("uint")}),
        {"title": "Not syncing", "type": "boolean", "const": False}]},
    "AccessListResult": obj("Access list result", {
        "accessList": ref("AccessList"), "error": {"type": "string"}, "gasUsed": ref("uint"),
    }, ["accessList", "gasUsed"]),
    "SignTransactionResult": obj("Signed transaction", {"raw": ref("bytes"), "tx": ref("TransactionInfo")},
                                 ["raw", "tx"]),
    "TypedData": {"title": "EIP-712 typed data", "oneOf": [
        obj("Typed data object", {"types": {"type": "object"}, "primaryType": {"type": "string"},
                                  "domain": {"type": "object"}, "message": {"type": "object"}},
            ["types", "primaryType", "domain", "message"]),
        {"title": "Typed data as a JSON string", "type": "string"}]},
    "TxpoolStatus": obj("Transaction pool status", {"pending": ref("uint"), "queued": ref("uint")},
                        ["pending", "queued"]),
    "TxpoolNonceMap": {"title": "Transactions by nonce (decimal keys)", "type": "object",
                       "propertyNames": {"pattern": "^[0-9]+$"}, "additionalProperties": ref("TransactionInfo")},
    "TxpoolSenderMap": {"title": "Transactions by sender, then nonce", "type": "object",
                        "propertyNames": {"pattern": "^0x[0-9a-fA-F]{40}$"},
                        "additionalProperties": ref("TxpoolNonceMap")},
    "TxpoolContent": obj("Transaction pool content", {"pending": ref("TxpoolSenderMap"),
                                                      "queued": ref("TxpoolSenderMap")}, ["pending", "queued"]),
    "TxpoolContentFrom": obj("Transaction pool content of one sender", {"pending": ref("TxpoolNonceMap"),
                                                                       "queued": ref("TxpoolNonceMap")},
                             ["pending", "queued"]),
    "TxpoolInspectSenderMap": {"title": "Transaction summaries by sender, then nonce", "type": "object",
                               "additionalProperties": {"type": "object", "additionalProperties": {"type": "string"}}},
    "TxpoolInspect": obj("Transaction pool summary", {"pending": ref("TxpoolInspectSenderMap"),
                                                      "queued": ref("TxpoolInspectSenderMap")},
                         ["pending", "queued"]),
    "SubscriptionType": {"title": "Subscription type", "type": "string",
                         "enum": ["newHeads", "logs", "newPendingTransactions"]},
    "SubscriptionId": hexstr("Subscription id", "^0x[0-9a-f]+$"),
    "FilterId": hexstr("Filter id", "^0x[0-9a-f]+$"),
    "EvmMineOptions": obj("evm_mine options", {"timestamp": ref("UintOrNumber"), "blocks": ref("UintOrNumber")}),
    "OpenRPCDocument": obj("OpenRPC document", {"openrpc": {"type": "string"}, "info": {"type": "object"},
                                                "methods": {"type": "array"}, "components": {"type": "object"}},
                           ["openrpc", "info", "methods"]),
})

# --- methods ----------------------------------------------------------------------------


def P(name, schema, required=True, description=None):
    p = {"name": name, "required": required, "schema": schema}
    if description:
        p["description"] = description
    return p


def M(name, summary, params, result_name, result_schema):
    return {"name": name, "summary": summary, "params": params,
            "result": {"name": result_name, "schema": result_schema}}


BLOCK = P("Block", ref("BlockNumberOrTagOrHash"), required=False,
          description="Defaults to `latest` (`pending` for eth_estimateGas).")
BLOCK_NUMBER = P("Block", ref("BlockNumberOrTag"))
BLOCK_HASH = P("Block hash", ref("hash32"))
HYDRATED = P("Hydrated transactions", {"type": "boolean"})
INDEX = P("Transaction index", ref("uint"))
TX_HASH = P("Transaction hash", ref("hash32"))
ADDRESS = P("Address", ref("address"))
TX = P("Transaction", ref("GenericTransaction"))
FILTER_ID = P("Filter identifier", ref("FilterId"))
EMPTY_POOL = "Result"

METHODS = [
    M("rpc.discover", "Returns this OpenRPC document.", [], "OpenRPC document", ref("OpenRPCDocument")),
    # web3 / net
    M("web3_clientVersion", "Returns the client version (`lanes/v…`).", [], "Client version", {"type": "string"}),
    M("web3_sha3", "Returns the Keccak-256 of the given data.", [P("Data", ref("bytes"))], "Hash", ref("hash32")),
    M("net_version", "Returns the network id (the chain id in decimal).", [], "Network id",
      {"type": "string", "pattern": "^[0-9]+$"}),
    M("net_listening", "Returns true: the node is accepting connections.", [], "Listening", {"type": "boolean"}),
    M("net_peerCount", "Returns the number of peers (always 0 on a devchain).", [], "Peer count", ref("uint")),
    # chain
    M("eth_chainId", "Returns the chain ID of the current network.", [], "Chain ID", ref("uint")),
    M("eth_blockNumber", "Returns the number of the most recent block.", [], "Block number", ref("uint")),
    M("eth_syncing", "Returns an object with sync status data, or false.", [], "Syncing status", ref("SyncingStatus")),
    M("eth_mining", "Returns whether the node is mining.", [], "Mining", {"type": "boolean"}),
    M("eth_hashrate", "Returns the number of hashes per second (0).", [], "Hashrate", ref("uint")),
    M("eth_coinbase", "Returns the coinbase address.", [], "Coinbase address", ref("address")),
    M("eth_accounts", "Returns the dev accounts.", [], "Accounts", ref("addresses")),
    M("eth_gasPrice", "Returns the current price per gas in wei.", [], "Gas price", ref("uint")),
    M("eth_maxPriorityFeePerGas", "Returns the current maxPriorityFeePerGas per gas in wei.", [],
      "Max priority fee per gas", ref("uint")),
    M("eth_baseFee", "Returns the base fee per gas of the next block.", [], "Base fee per gas", ref("uint")),
    M("eth_blobBaseFee", "Returns the base fee per blob gas of the next block.", [], "Blob gas base fee",
      ref("uint")),
    M("eth_feeHistory", "Returns transaction base fee per gas and effective priority fee per gas for the requested "
      "block range.", [
          P("blockCount", ref("UintOrNumber"), description="Requested range of blocks."),
          P("newestBlock", ref("BlockNumberOrTag"), description="Highest block of the requested range."),
          P("rewardPercentiles", array({"type": "number", "minimum": 0, "maximum": 100}), required=False,
            description="A monotonically increasing list of percentile values."),
      ], "feeHistoryResult", ref("FeeHistoryResults")),
    # state
    M("eth_getBalance", "Returns the balance of the account of given address.", [ADDRESS, BLOCK],
      "Balance", ref("uint")),
    M("eth_getTransactionCount", "Returns the nonce of an account (`pending` counts pool transactions).",
      [ADDRESS, BLOCK], "Transaction count", ref("uint")),
    M("eth_getCode", "Returns code at a given address.", [ADDRESS, BLOCK], "Bytecode", ref("bytes")),
    M("eth_getStorageAt", "Returns the value from a storage position at a given address.",
      [ADDRESS, P("Storage slot", ref("bytesMax32")), BLOCK], "Value", ref("hash32")),
    # blocks
    M("eth_getBlockByNumber", "Returns information about a block by number.", [BLOCK_NUMBER, HYDRATED],
      "Block information", nullable(ref("Block"))),
    M("eth_getBlockByHash", "Returns information about a block by hash.", [BLOCK_HASH, HYDRATED],
      "Block information", nullable(ref("Block"))),
    M("eth_getBlockTransactionCountByNumber", "Returns the number of transactions in a block matching the given "
      "block number.", [BLOCK_NUMBER], "Transaction count", nullable(ref("uint"))),
    M("eth_getBlockTransactionCountByHash", "Returns the number of transactions in a block from a block matching "
      "the given block hash.", [BLOCK_HASH], "Transaction count", nullable(ref("uint"))),
    M("eth_getUncleCountByBlockNumber", "Returns the number of uncles in a block from a block matching the given "
      "block number.", [BLOCK_NUMBER], "Uncle count", nullable(ref("uint"))),
    M("eth_getUncleCountByBlockHash", "Returns the number of uncles in a block from a block matching the given "
      "block hash.", [BLOCK_HASH], "Uncle count", nullable(ref("uint"))),
    M("eth_getUncleByBlockNumberAndIndex", "Returns an uncle of a block by number and index (none after the "
      "merge).", [BLOCK_NUMBER, P("Uncle index", ref("uint"))], "Uncle", nullable(ref("Block"))),
    M("eth_getUncleByBlockHashAndIndex", "Returns an uncle of a block by hash and index (none after the merge).",
      [BLOCK_HASH, P("Uncle index", ref("uint"))], "Uncle", nullable(ref("Block"))),
    M("eth_getBlockReceipts", "Returns the receipts of a block by number or hash.",
      [P("Block", ref("BlockNumberOrTagOrHash"))], "Receipts information",
      nullable(array(ref("ReceiptInfo")))),
    # transactions
    M("eth_getTransactionByHash", "Returns the information about a transaction requested by transaction hash.",
      [TX_HASH], "Transaction information", nullable(ref("TransactionInfo"))),
    M("eth_getTransactionByBlockHashAndIndex", "Returns information about a transaction by block hash and "
      "transaction index position.", [BLOCK_HASH, INDEX], "Transaction information",
      nullable(ref("TransactionInfo"))),
    M("eth_getTransactionByBlockNumberAndIndex", "Returns information about a transaction by block number and "
      "transaction index position.", [BLOCK_NUMBER, INDEX], "Transaction information",
      nullable(ref("TransactionInfo"))),
    M("eth_getTransactionReceipt", "Returns the receipt of a transaction by transaction hash.", [TX_HASH],
      "Receipt information", nullable(ref("ReceiptInfo"))),
    M("eth_sendRawTransaction", "Submits a raw transaction (under automine, answers once it is mined).",
      [P("Transaction", ref("bytes"))], "Transaction hash", ref("hash32")),
    M("eth_sendTransaction", "Signs a transaction with a dev account and submits it.", [TX],
      "Transaction hash", ref("hash32")),
    M("eth_signTransaction", "Returns an RLP encoded transaction signed by a dev account.", [TX],
      "Signed transaction", ref("SignTransactionResult")),
    M("eth_sign", "Returns an EIP-191 signature over the provided data.",
      [ADDRESS, P("Message", ref("bytes"))], "Signature", ref("bytes65")),
    M("personal_sign", "Returns an EIP-191 signature over the provided data (geth's parameter order).",
      [P("Message", ref("bytes")), ADDRESS, P("Password", {"type": "string"}, required=False)],
      "Signature", ref("bytes65")),
    M("eth_signTypedData_v4", "Returns an EIP-712 signature over the typed data.",
      [ADDRESS, P("Typed data", ref("TypedData"))], "Signature", ref("bytes65")),
    # execution
    M("eth_call", "Executes a new message call immediately without creating a transaction on the block chain.",
      [TX, BLOCK, P("State overrides", ref("StateOverrides"), required=False),
       P("Block overrides", ref("BlockOverrides"), required=False)], "Return data", ref("bytes")),
    M("eth_estimateGas", "Generates and returns an estimate of how much gas is necessary to allow the transaction "
      "to complete.", [TX, BLOCK, P("State overrides", ref("StateOverrides"), required=False)],
      "Gas used", ref("uint")),
    M("eth_createAccessList", "Generates an access list for a transaction.", [TX, BLOCK],
      "Gas used", ref("AccessListResult")),
    # logs and filters
    M("eth_getLogs", "Returns an array of all logs matching filter with given id.", [P("Filter", ref("Filter"))],
      "Log objects", array(ref("Log"))),
    M("eth_newFilter", "Install a log filter in the server, allowing for later polling.",
      [P("Filter", ref("Filter"))], "Filter identifier", ref("FilterId")),
    M("eth_newBlockFilter", "Creates a filter in the node, allowing for later polling for new blocks.", [],
      "Filter identifier", ref("FilterId")),
    M("eth_newPendingTransactionFilter", "Creates a filter in the node, allowing for later polling for new pending "
      "transactions.", [P("Full transactions", {"type": "boolean"}, required=False)], "Filter identifier",
      ref("FilterId")),
    M("eth_getFilterChanges", "Polling method for the filter with the given ID (hashes or logs since the last "
      "poll).", [FILTER_ID], "Log objects", ref("FilterChanges")),
    M("eth_getFilterLogs", "Returns an array of all logs matching the log filter with the given ID.", [FILTER_ID],
      "Log objects", ref("FilterChanges")),
    M("eth_uninstallFilter", "Uninstalls a filter with given id.", [FILTER_ID], "Success", {"type": "boolean"}),
    M("eth_subscribe", "Starts a subscription (WebSocket only): newHeads, logs or newPendingTransactions.",
      [P("Subscription type", ref("SubscriptionType")),
       P("Options", {"oneOf": [ref("Filter"), {"title": "Full transactions", "type": "boolean"}]}, required=False)],
      "Subscription id", ref("SubscriptionId")),
    M("eth_unsubscribe", "Cancels a subscription.", [P("Subscription id", ref("SubscriptionId"))],
      "Success", {"type": "boolean"}),
    # txpool
    M("txpool_status", "Returns the number of pending and queued transactions.", [], "Status",
      ref("TxpoolStatus")),
    M("txpool_content", "Returns the pending and queued transactions by sender and nonce.", [], "Content",
      ref("TxpoolContent")),
    M("txpool_contentFrom", "Returns the pending and queued transactions of one sender by nonce.", [ADDRESS],
      "Content", ref("TxpoolContentFrom")),
    M("txpool_inspect", "Returns a textual summary of the pending and queued transactions.", [], "Summary",
      ref("TxpoolInspect")),
    # dev controls (Anvil / Hardhat)
    M("evm_mine", "Mines blocks now (one, or `blocks` of them), optionally at a given timestamp.",
      [P("Timestamp or options", {"oneOf": [ref("UintOrNumber"), ref("EvmMineOptions")]}, required=False)],
      "Result", {"type": "string", "const": "0x0"}),
    M("anvil_mine", "Mines a number of blocks (default 1), later ones `interval` seconds apart.",
      [P("Number of blocks", ref("UintOrNumber"), required=False),
       P("Interval", ref("UintOrNumber"), required=False)], "Result", ref("null")),
    M("evm_setAutomine", "Turns automine on or off (off: manual mining).", [P("Enabled", {"type": "boolean"})],
      "Result", {"type": "boolean", "const": True}),
    M("anvil_setAutomine", "Alias of evm_setAutomine answering null.", [P("Enabled", {"type": "boolean"})],
      "Result", ref("null")),
    M("anvil_getAutomine", "Returns whether automine is on.", [], "Enabled", {"type": "boolean"}),
    M("evm_setIntervalMining", "Mines a block every given number of seconds; 0 turns interval mining off.",
      [P("Seconds", {"oneOf": [ref("uint"), {"type": "number", "minimum": 0}]})], "Result",
      {"type": "boolean", "const": True}),
    M("anvil_setIntervalMining", "Alias of evm_setIntervalMining answering null.",
      [P("Seconds", {"oneOf": [ref("uint"), {"type": "number", "minimum": 0}]})], "Result", ref("null")),
]


def load_parts():
    """Each scripts/openrpc_parts/*.py adds its methods and schemas (one file per method family, so
    families can grow independently): it runs with this module's names in scope and extends
    METHODS / updates SCHEMAS."""
    for part in sorted((ROOT / "scripts" / "openrpc_parts").glob("*.py")):
        exec(compile(part.read_text(), str(part), "exec"), globals())


load_parts()

DOCUMENT = {
    "openrpc": "1.2.6",
    "info": {
        "title": "Lanes JSON-RPC API",
        "description": "The JSON-RPC methods Lanes serves over HTTP and WebSocket. Schemas are modelled on "
                       "ethereum/execution-apis. Generated by scripts/gen_openrpc.py.",
        "version": "0.1.0",
    },
    "methods": sorted(METHODS, key=lambda m: m["name"]),
    "components": {"schemas": dict(sorted(SCHEMAS.items()))},
}


def document_text():
    return json.dumps(DOCUMENT, indent=2, ensure_ascii=True) + "\n"


def swift_text(doc):
    if '"""#' in doc:
        raise SystemExit("document contains a raw-string terminator")
    return ("// Generated by scripts/gen_openrpc.py from openrpc/openrpc.json — do not edit.\n"
            "// OpenRPCDocumentTests checks that the two are byte for byte equal.\n\n"
            "/// The OpenRPC document `rpc.discover` answers, as in openrpc/openrpc.json.\n"
            "public enum OpenRPCDocument {\n"
            "    /// The document's text, byte for byte the committed openrpc/openrpc.json.\n"
            "    public static let text = #\"\"\"\n" + doc + "\n\"\"\"#\n}\n")


def check_refs(doc):
    names = set(SCHEMAS)

    def walk(v):
        if isinstance(v, dict):
            r = v.get("$ref")
            if r is not None and r.removeprefix("#/components/schemas/") not in names:
                raise SystemExit(f"unresolved $ref {r}")
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
    walk(doc)
    seen = [m["name"] for m in doc["methods"]]
    if len(seen) != len(set(seen)):
        raise SystemExit("duplicate method")


def main():
    check_refs(DOCUMENT)
    doc = document_text()
    swift = swift_text(doc)
    if "--check" in sys.argv[1:]:
        stale = [p for p, t in ((JSON_PATH, doc), (SWIFT_PATH, swift)) if not p.exists() or p.read_text() != t]
        if stale:
            raise SystemExit("stale: " + ", ".join(str(p.relative_to(ROOT)) for p in stale) +
                             " (run python3 scripts/gen_openrpc.py)")
        return
    JSON_PATH.write_text(doc)
    SWIFT_PATH.write_text(swift)
    print(f"wrote {JSON_PATH.relative_to(ROOT)} ({len(DOCUMENT['methods'])} methods) and "
          f"{SWIFT_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
