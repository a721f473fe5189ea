# Tracing: geth's debug_trace* methods with its tracers (struct logger, callTracer, prestateTracer,
# 4byteTracer, flatCallTracer, noopTracer, muxTracer). Runs inside gen_openrpc.py (see README.md).

SCHEMAS.update({
    "TraceConfig": obj("Trace options (geth's TraceConfig; keys match case-insensitively)", {
        "tracer": {"title": "tracer", "type": "string",
                   "description": "callTracer, prestateTracer, 4byteTracer, flatCallTracer, noopTracer or muxTracer; "
                                  "absent: the struct logger"},
        "tracerConfig": {"title": "tracer configuration", "type": "object"},
        "timeout": {"title": "timeout (Go duration, default 5s)", "type": "string"},
        "enableMemory": {"title": "struct logger: capture memory", "type": "boolean"},
        "disableStack": {"title": "struct logger: omit the stack", "type": "boolean"},
        "disableStorage": {"title": "struct logger: omit storage", "type": "boolean"},
        "enableReturnData": {"title": "struct logger: capture return data", "type": "boolean"},
        "limit": {"title": "struct logger: maximum entries (0: no limit)", "type": "integer"},
    }),
    "TraceCallConfig": obj("debug_traceCall options: trace options plus overrides", {
        "tracer": {"title": "tracer", "type": "string"},
        "tracerConfig": {"title": "tracer configuration", "type": "object"},
        "timeout": {"title": "timeout", "type": "string"},
        "enableMemory": {"type": "boolean"},
        "disableStack": {"type": "boolean"},
        "disableStorage": {"type": "boolean"},
        "enableReturnData": {"type": "boolean"},
        "limit": {"type": "integer"},
        "stateOverrides": ref("StateOverrides"),
        "blockOverrides": ref("BlockOverrides"),
    }),
    "StructLog": obj("One opcode of the struct logger", {
        "pc": {"type": "integer"},
        "op": {"type": "string"},
        "gas": {"type": "integer"},
        "gasCost": {"type": "integer"},
        "depth": {"type": "integer"},
        "error": {"type": "string"},
        "stack": array(ref("uint")),
        "returnData": ref("bytes"),
        "memory": array({"type": "string", "pattern": "^[0-9a-f]{0,64}$"}),
        "storage": {"type": "object", "additionalProperties": {"type": "string", "pattern": "^[0-9a-f]{64}$"}},
        "refund": {"type": "integer"},
    }, ["pc", "op", "gas", "gasCost", "depth"]),
    "StructLoggerResult": obj("The struct logger's result", {
        "gas": {"type": "integer"},
        "failed": {"type": "boolean"},
        "returnValue": ref("bytes"),
        "structLogs": array(ref("StructLog")),
    }, ["gas", "failed", "returnValue", "structLogs"]),
    "CallFrame": obj("callTracer frame", {
        "type": {"type": "string"},
        "from": ref("address"),
        "to": ref("address"),
        "value": ref("uint"),
        "gas": ref("uint"),
        "gasUsed": ref("uint"),
        "input": ref("bytes"),
        "output": ref("bytes"),
        "error": {"type": "string"},
        "revertReason": {"type": "string"},
        "calls": array(ref("CallFrame")),
        "logs": array(obj("callTracer log", {
            "address": ref("address"), "topics": array(ref("hash32")), "data": ref("bytes"), "position": ref("uint"),
        })),
    }, ["type", "from", "gas", "gasUsed", "input"]),
    "TraceResult": {"title": "Trace result (shape depends on the tracer)",
                    "anyOf": [ref("StructLoggerResult"), ref("CallFrame"), {"type": "object"}, {"type": "array"}]},
    "BlockTraceResult": array(obj("Trace of one transaction of the block", {
        "txHash": ref("hash32"),
        "result": ref("TraceResult"),
        "error": {"type": "string"},
    }, ["txHash"]), "Block traces"),
})

TRACE_OPTIONS = P("Options", ref("TraceConfig"), required=False)

METHODS += [
    M("debug_traceTransaction", "Replays a mined transaction and returns the chosen tracer's result.",
      [TX_HASH, TRACE_OPTIONS], "Trace", ref("TraceResult")),
    M("debug_traceBlockByNumber", "Replays every transaction of a block and returns their traces.",
      [BLOCK_NUMBER, TRACE_OPTIONS], "Traces", ref("BlockTraceResult")),
    M("debug_traceBlockByHash", "Replays every transaction of a block and returns their traces.",
      [BLOCK_HASH, TRACE_OPTIONS], "Traces", ref("BlockTraceResult")),
    M("debug_traceCall", "Runs a call as eth_call does (with state and block overrides) and returns its trace.",
      [TX, BLOCK, P("Options", ref("TraceCallConfig"), required=False)], "Trace", ref("TraceResult")),
]

# Parity / OpenEthereum trace_* (geth's flatCallTracer format with Parity's error words).
SCHEMAS.update({
    "ParityTrace": obj("Parity-style call trace", {
        "action": {"type": "object"},
        "blockHash": ref("hash32"),
        "blockNumber": {"type": "integer"},
        "error": {"type": "string"},
        "result": {"oneOf": [{"type": "object"}, ref("null")]},
        "subtraces": {"type": "integer"},
        "traceAddress": array({"type": "integer"}),
        "transactionHash": {"oneOf": [ref("hash32"), ref("null")]},
        "transactionPosition": {"type": "integer"},
        "type": {"type": "string", "enum": ["call", "create", "suicide"]},
    }, ["action", "subtraces", "traceAddress", "type"]),
    "ParityTraceTypes": array({"type": "string", "enum": ["trace", "stateDiff", "vmTrace"]}, "Trace types"),
    "ParityReplay": obj("Replayed transaction: output, traces and state diff (vmTrace is not produced: null)", {
        "output": ref("bytes"),
        "stateDiff": {"oneOf": [{"type": "object"}, ref("null")]},
        "trace": array(ref("ParityTrace")),
        "transactionHash": ref("hash32"),
        "vmTrace": ref("null"),
    }, ["output", "trace"]),
    "TraceFilter": obj("trace_filter criteria", {
        "fromBlock": ref("BlockNumberOrTag"),
        "toBlock": ref("BlockNumberOrTag"),
        "fromAddress": array(ref("address")),
        "toAddress": array(ref("address")),
        "after": {"oneOf": [{"type": "integer"}, ref("uint")]},
        "count": {"oneOf": [{"type": "integer"}, ref("uint")]},
    }),
})

TRACE_TYPES = P("Trace types", ref("ParityTraceTypes"))

METHODS += [
    M("trace_transaction", "Returns the Parity-style call traces of a mined transaction.",
      [TX_HASH], "Traces", array(ref("ParityTrace"))),
    M("trace_block", "Returns the Parity-style call traces of every transaction of a block.",
      [BLOCK_NUMBER], "Traces", {"oneOf": [array(ref("ParityTrace")), ref("null")]}),
    M("trace_filter", "Returns the call traces of a block range that match sender and recipient addresses.",
      [P("Filter", ref("TraceFilter"))], "Traces", array(ref("ParityTrace"))),
    M("trace_replayTransaction", "Replays a transaction: its output, call traces and state diff.",
      [TX_HASH, TRACE_TYPES], "Replay", ref("ParityReplay")),
    M("trace_replayBlockTransactions", "Replays every transaction of a block.",
      [BLOCK_NUMBER, TRACE_TYPES], "Replays", {"oneOf": [array(ref("ParityReplay")), ref("null")]}),
    M("trace_rawTransaction", "Runs a signed transaction on the pending block's state without sending it.",
      [P("Transaction", ref("bytes")), TRACE_TYPES], "Replay", ref("ParityReplay")),
    M("trace_call", "Runs a call (as eth_call) and returns its output, call traces and state diff.",
      [TX, TRACE_TYPES, BLOCK], "Replay", ref("ParityReplay")),
]

# Otterscan's ots_* (and erigon_getHeaderByNumber, which Otterscan calls).
SCHEMAS.update({
    "OtsTraceEntry": obj("ots_traceTransaction entry", {
        "type": {"type": "string"}, "depth": {"type": "integer"}, "from": ref("address"),
        "to": {"oneOf": [ref("address"), ref("null")]}, "value": {"oneOf": [ref("uint"), ref("null")]},
        "input": ref("bytes"), "output": ref("bytes"),
    }, ["type", "depth", "from", "to", "value", "input"]),
    "OtsInternalOperation": obj("Internal ETH transfer, self-destruct or creation", {
        "type": {"type": "integer", "enum": [0, 1, 2, 3]}, "from": ref("address"), "to": ref("address"), "value": ref("uint"),
    }, ["type", "from", "to", "value"]),
    "OtsBlockDetails": obj("ots_getBlockDetails result", {
        "block": {"type": "object"},
        "issuance": obj("Issuance", {"blockReward": ref("uint"), "uncleReward": ref("uint"), "issuance": ref("uint")}),
        "totalFees": ref("uint"),
    }, ["block", "issuance", "totalFees"]),
    "OtsBlockTransactions": obj("ots_getBlockTransactions result", {
        "fullblock": {"type": "object"}, "receipts": array({"type": "object"}),
    }, ["fullblock", "receipts"]),
    "OtsSearchResult": obj("ots_searchTransactions* result", {
        "txs": array({"type": "object"}), "receipts": array({"type": "object"}),
        "firstPage": {"type": "boolean"}, "lastPage": {"type": "boolean"},
    }, ["txs", "receipts", "firstPage", "lastPage"]),
    "OtsContractCreator": obj("Contract creator", {"hash": ref("hash32"), "creator": ref("address")}, ["hash", "creator"]),
})

# Otterscan sends numbers as JSON numbers; hex quantities work too.
OTS_NUMBER = {"oneOf": [{"type": "integer", "minimum": 0}, ref("uint")]}
OTS_PAGE = [P("Block number", OTS_NUMBER), P("Page size", OTS_NUMBER)]

METHODS += [
    M("ots_getApiLevel", "Returns the Otterscan API level Lanes implements (8).", [], "API level", {"type": "integer"}),
    M("erigon_getHeaderByNumber", "Returns a block without its transactions' bodies (Otterscan calls it).",
      [BLOCK_NUMBER], "Block", {"oneOf": [ref("Block"), ref("null")]}),
    M("ots_hasCode", "Returns whether an account holds code at a block.", [ADDRESS, BLOCK], "Has code", {"type": "boolean"}),
    M("ots_traceTransaction", "Returns a transaction's calls, creations and self-destructs with their depth.",
      [TX_HASH], "Trace", array(ref("OtsTraceEntry"))),
    M("ots_getInternalOperations", "Returns a transaction's internal ETH transfers, creations and self-destructs.",
      [TX_HASH], "Operations", array(ref("OtsInternalOperation"))),
    M("ots_getTransactionError", "Returns the revert data of a failed transaction (0x if it succeeded).",
      [TX_HASH], "Revert data", ref("bytes")),
    M("ots_getBlockDetails", "Returns a block without transactions, with transaction count, issuance and fees.",
      [P("Block", {"oneOf": [{"type": "integer", "minimum": 0}, ref("BlockNumberOrTag")]})], "Details",
      {"oneOf": [ref("OtsBlockDetails"), ref("null")]}),
    M("ots_getBlockDetailsByHash", "ots_getBlockDetails by block hash.",
      [BLOCK_HASH], "Details", {"oneOf": [ref("OtsBlockDetails"), ref("null")]}),
    M("ots_getBlockTransactions", "Returns one page of a block's transactions (inputs cut to the selector) and receipts.",
      [P("Block number", OTS_NUMBER), P("Page number", OTS_NUMBER), P("Page size", OTS_NUMBER)], "Transactions",
      {"oneOf": [ref("OtsBlockTransactions"), ref("null")]}),
    M("ots_searchTransactionsBefore", "Returns an address's transactions in blocks before the given one, newest first.",
      [ADDRESS] + OTS_PAGE, "Transactions", ref("OtsSearchResult")),
    M("ots_searchTransactionsAfter", "Returns an address's transactions in blocks after the given one, newest first.",
      [ADDRESS] + OTS_PAGE, "Transactions", ref("OtsSearchResult")),
    M("ots_getTransactionBySenderAndNonce", "Returns the hash of a sender's transaction with the given nonce, or null.",
      [ADDRESS, P("Nonce", OTS_NUMBER)], "Transaction hash", {"oneOf": [ref("hash32"), ref("null")]}),
    M("ots_getContractCreator", "Returns the transaction that created a contract and its creator, or null.",
      [ADDRESS], "Creator", {"oneOf": [ref("OtsContractCreator"), ref("null")]}),
]
