import Node
import Primitives

extension NodeAPI {
    /// Registers the clock controls: jumping forward, setting the time or the next block's
    /// timestamp, and a fixed interval between block timestamps.
    func registerTimeControlMethods(into registry: RPCRegistry) {
        // evm_increaseTime(seconds) → the total offset in seconds (Anvil answers a number).
        for name in ["evm_increaseTime", "anvil_increaseTime"] {
            registry.register(name, params: 1...1) { call in
                let seconds = try call.params.decode(0) { v throws(ParamError) in try Self.flexibleUInt256(v) }
                let step = Int64(clamping: seconds.uint64 ?? UInt64.max)
                let total = node.updateSettings { s in
                    s.timeOffset = s.timeOffset.addingReportingOverflow(step).overflow ? .max : s.timeOffset + step
                    return s.timeOffset
                }
                return .number(JSONNumber(Int(clamping: total)))
            }
        }
        for name in ["evm_setNextBlockTimestamp", "anvil_setNextBlockTimestamp"] {
            registry.register(name, params: 1...1) { call in
                let timestamp = try call.params.decode(0) { v throws(ParamError) in try Self.flexibleUInt64(v) }
                try checkTimestamp(timestamp)
                node.updateSettings { $0.nextTimestamp = timestamp }
                return .null
            }
        }
        // evm_setTime / anvil_setTime(timestamp) → seconds between it and the current time (0 when in the past).
        for name in ["evm_setTime", "anvil_setTime"] {
            registry.register(name, params: 1...1) { call in
                let timestamp = try call.params.decode(0) { v throws(ParamError) in try Self.flexibleUInt64(v) }
                let before = node.now
                let wall = DevNode.now()
                node.updateSettings { s in
                    s.timeOffset = Int64(clamping: timestamp) &- Int64(clamping: wall)
                    s.nextTimestamp = nil
                }
                return .number(JSONNumber(timestamp > before ? timestamp - before : 0))
            }
        }
        registry.register("anvil_setBlockTimestampInterval", params: 1...1) { call in
            let seconds = try call.params.decode(0) { v throws(ParamError) in try Self.flexibleUInt64(v) }
            node.updateSettings { $0.timestampInterval = seconds }
            return .null
        }
        registry.register("anvil_removeBlockTimestampInterval") { _ in
            .bool(node.updateSettings { s in
                defer { s.timestampInterval = nil }
                return s.timestampInterval != nil
            })
        }
    }
}
