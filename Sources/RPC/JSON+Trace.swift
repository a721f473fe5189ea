import EVM
import Primitives
import Tracing

/// geth's JSON for each tracer's result (eth/tracers/logger and eth/tracers/native): field order,
/// hex or decimal, and which fields are omitted when empty, as geth's encoders write them.
extension JSON {
    /// The struct logger's `{gas, failed, returnValue, structLogs}`.
    static func structLogs(_ logger: StructLogger) -> JSON {
        var o = JSONObject()
        o.append("gas", .number(JSONNumber(logger.gasUsed)))
        o.append("failed", .bool(logger.failed))
        o.append("returnValue", .data(logger.returnValue))
        o.append("structLogs", .array(logger.entries.map(structLog)))
        return .object(o)
    }

    static func structLog(_ e: StructLogger.Entry) -> JSON {
        var o = JSONObject()
        o.append("pc", .number(JSONNumber(e.pc)))
        o.append("op", .string(e.op))
        o.append("gas", .number(JSONNumber(e.gas)))
        o.append("gasCost", .number(JSONNumber(e.gasCost)))
        o.append("depth", .number(JSONNumber(e.depth)))
        if let error = e.error { o.append("error", .string(error)) }
        if let stack = e.stack { o.append("stack", .array(stack.map { .string($0.hexQuantity) })) }
        if !e.returnData.isEmpty { o.append("returnData", .data(e.returnData)) }
        if let memory = e.memory, !memory.isEmpty {
            let words = stride(from: 0, to: memory.count, by: 32).map { i -> JSON in
                .string(Hex.encode(memory[i..<min(i + 32, memory.count)], prefix: false))
            }
            o.append("memory", .array(words))
        }
        if let storage = e.storage, !storage.isEmpty {
            var s = JSONObject()
            for (key, value) in storage.sorted(by: { $0.key < $1.key }) {
                s.append(Hex.encode(key.bigEndianBytes, prefix: false), .string(Hex.encode(value.bigEndianBytes, prefix: false)))
            }
            o.append("storage", .object(s))
        }
        if e.refund != 0 { o.append("refund", .number(JSONNumber(e.refund))) }
        return .object(o)
    }

    /// A `callTracer` frame and its sub-calls.
    static func callFrame(_ f: CallTracer.Frame) -> JSON {
        var o = JSONObject()
        o.append("from", .address(f.from))
        o.append("gas", .quantity(f.gas))
        o.append("gasUsed", .quantity(f.gasUsed))
        if let to = f.to { o.append("to", .address(to)) }
        o.append("input", .data(f.input))
        if !f.output.isEmpty { o.append("output", .data(f.output)) }
        if let error = f.error { o.append("error", .string(error)) }
        if f.error == TraceFault.reverted.message, let reason = RevertReason.decode(f.output) { o.append("revertReason", .string(reason)) }
        if !f.calls.isEmpty { o.append("calls", .array(f.calls.map(callFrame))) }
        if !f.logs.isEmpty {
            o.append("logs", .array(f.logs.map { log in
                var l = JSONObject()
                l.append("address", .address(log.address))
                l.append("topics", .array(log.topics.map { .hash($0) }))
                l.append("data", .data(log.data))
                l.append("position", .quantity(log.position))
                return .object(l)
            }))
        }
        if let value = f.value { o.append("value", .quantity(value)) }
        o.append("type", .string(f.type))
        return .object(o)
    }

    /// `prestateTracer`: the accounts, or `{post, pre}` in diff mode.
    static func prestate(_ t: PrestateTracer) -> JSON {
        if t.config.diffMode {
            var o = JSONObject()
            o.append("post", accounts(t.post))
            o.append("pre", accounts(t.pre))
            return .object(o)
        }
        return accounts(t.pre)
    }

    static func accounts(_ map: [Address: PrestateTracer.Account]) -> JSON {
        var o = JSONObject()
        for (address, a) in map.sorted(by: { $0.key.description < $1.key.description }) {
            var acc = JSONObject()
            if let balance = a.balance { acc.append("balance", .quantity(balance)) }
            if !a.code.isEmpty { acc.append("code", .data(a.code)) }
            if a.nonce != 0 { acc.append("nonce", .number(JSONNumber(a.nonce))) }
            if !a.storage.isEmpty {
                var s = JSONObject()
                for (key, value) in a.storage.sorted(by: { $0.key < $1.key }) { s.append(Hash(key).description, .hash(Hash(value))) }
                acc.append("storage", .object(s))
            }
            o.append(address.description, .object(acc))
        }
        return .object(o)
    }

    /// `4byteTracer`: `{"0xselector-size": count}`.
    static func fourByte(_ t: FourByteTracer) -> JSON {
        var o = JSONObject()
        for (key, count) in t.counts.sorted(by: { $0.key < $1.key }) { o.append(key, .number(JSONNumber(count))) }
        return .object(o)
    }

    /// `flatCallTracer`: Parity-style traces of one transaction.
    /// Without a location (trace_replay*), the block and transaction fields are left out.
    static func flatCalls(_ entries: [FlatCallTracer.Entry], location: TraceLocation?) -> JSON {
        .array(entries.map { flatCall($0, location: location) })
    }

    static func flatCall(_ e: FlatCallTracer.Entry, location: TraceLocation?) -> JSON {
        let f = e.frame
        var action = JSONObject()
        var result: JSONObject? = JSONObject()
        let type: String
        switch f.opcode {
        case 0xff:
            type = "suicide"
            action.append("address", .address(f.from))
            action.append("balance", .quantity(f.value ?? .zero))
            action.append("refundAddress", .address(f.to))
            result = nil
        case 0xf0, 0xf5:
            type = "create"
            action.append("creationMethod", .string(f.type.lowercased()))
            action.append("from", .address(f.from))
            action.append("gas", .quantity(f.gas))
            action.append("init", .data(f.input))
            action.append("value", .quantity(f.value ?? .zero))
            if let to = f.to { result?.append("address", .address(to)) }
            result?.append("code", .data(f.output))
            result?.append("gasUsed", .quantity(f.gasUsed))
        default:
            type = "call"
            action.append("callType", .string(f.type.lowercased()))
            action.append("from", .address(f.from))
            action.append("gas", .quantity(f.gas))
            action.append("input", .data(f.input))
            action.append("to", .address(f.to))
            action.append("value", .quantity(f.value ?? .zero))
            result?.append("gasUsed", .quantity(f.gasUsed))
            result?.append("output", .data(f.output))
        }
        if let error = f.error, error != TraceFault.reverted.message { result = nil }
        var o = JSONObject()
        o.append("action", .object(action))
        if let location {
            o.append("blockHash", .hash(location.blockHash))
            o.append("blockNumber", .number(JSONNumber(location.blockNumber)))
        }
        if let error = e.error { o.append("error", .string(error)) }
        if let result { o.append("result", .object(result)) }
        o.append("subtraces", .number(JSONNumber(e.subtraces)))
        o.append("traceAddress", .array(e.traceAddress.map { .number(JSONNumber($0)) }))
        if let location {
            o.append("transactionHash", location.transactionHash.map { .hash($0) } ?? .null)
            o.append("transactionPosition", .number(JSONNumber(location.index)))
        }
        o.append("type", .string(type))
        return .object(o)
    }
}
