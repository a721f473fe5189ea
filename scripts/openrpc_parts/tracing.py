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
                    "oneOf": [ref("StructLoggerResult"), ref("CallFrame"), {"type": "object"}, {"type": "array"}]},
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
