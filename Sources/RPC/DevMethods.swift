import Synchronization
import Node
import Primitives

extension NodeAPI {
    /// Registers the devchain mining controls Anvil and Hardhat clients use: `evm_mine`,
    /// `anvil_mine`, `evm_setAutomine`, `evm_setIntervalMining`, `anvil_getAutomine`.
    func registerDevMethods(into registry: RPCRegistry) {
        // evm_mine([timestamp]) or evm_mine([{timestamp, blocks}]) → "0x0".
        registry.registerCallback("evm_mine", params: 0...1) { call, complete in
            var timestamp: UInt64?
            var blocks = 1
            do {
                if call.params.isPresent(0) {
                    switch call.params[0]! {
                    case .object(let o):
                        if let t = o["timestamp"], !t.isNull { timestamp = try Self.flexibleUInt64(t) }
                        if let b = o["blocks"], !b.isNull { blocks = Int(try Self.flexibleUInt64(b)) }
                    case let v:
                        timestamp = try Self.flexibleUInt64(v)
                    }
                }
            } catch {
                return complete(.failure(RPCRegistry.rpcError(error)))
            }
            node.mine(count: blocks, timestamp: timestamp) { _ in complete(.success("0x0")) }
        }
        // anvil_mine(numBlocks?, interval?) → null; later blocks `interval` seconds apart.
        registry.registerCallback("anvil_mine", params: 0...2) { call, complete in
            do {
                let count = try call.params.optional(0) { v throws(ParamError) in try Self.flexibleUInt64(v) } ?? 1
                let interval = try call.params.optional(1) { v throws(ParamError) in try Self.flexibleUInt64(v) }
                guard count <= 1_000_000 else { return complete(.failure(.invalidParams("too many blocks: \(count)"))) }
                let first = interval.map { _ in node.nextBlock().timestamp }
                node.mine(count: Int(count), timestamp: first, interval: interval ?? 1) { _ in complete(.success(.null)) }
            } catch {
                complete(.failure(RPCRegistry.rpcError(error)))
            }
        }
        registry.register("evm_setAutomine", params: 1...1) { call in
            let on = try call.params.bool(0)
            let batch = configurationBatch
            node.setMiningMode(on ? .automine(batch: batch) : .manual)
            return true
        }
        registry.register("anvil_setAutomine", params: 1...1) { call in
            let on = try call.params.bool(0)
            node.setMiningMode(on ? .automine(batch: configurationBatch) : .manual)
            return .null
        }
        registry.register("anvil_getAutomine") { _ in .bool(node.miningMode.isAutomine) }
        // Seconds between blocks, as Anvil; 0 turns interval mining off (manual).
        registry.register("evm_setIntervalMining", params: 1...1) { call in
            let seconds = try call.params.decode(0) { v throws(ParamError) -> Double in
                if case .number(let n) = v, let d = n.double, d >= 0 { return d }
                return Double(try ParamDecoding.uint64(v))
            }
            node.setMiningMode(seconds > 0 ? .interval(seconds: seconds) : .manual)
            return true
        }
        registry.register("anvil_setIntervalMining", params: 1...1) { call in
            try registry.callSync("evm_setIntervalMining", call.params)
            return .null
        }
    }

    /// Whether automine batches JSON-RPC batches, as configured at start.
    var configurationBatch: Bool { node.configuration.mining == .automine(batch: true) }

    /// A JSON number or a QUANTITY string (Anvil's dev methods accept both).
    static func flexibleUInt64(_ v: JSON) throws(ParamError) -> UInt64 {
        if case .number(let n) = v {
            guard let value = n.uint64 else { throw ParamError("json: cannot unmarshal number \(n.text) into Go value of type uint64") }
            return value
        }
        return try ParamDecoding.uint64(v)
    }
}

extension RPCRegistry {
    /// Runs a synchronous method from another handler (aliases).
    @discardableResult
    func callSync(_ name: String, _ params: RPCParams) throws(RPCError) -> JSON {
        let result = Mutex<Result<JSON, RPCError>?>(nil)
        call(name, params: .array(params.values)) { r in result.withLock { $0 = r } }
        guard let r = result.withLock({ $0 }) else { throw RPCError.internalError("\(name) did not complete") }
        return try r.get()
    }
}
