import Synchronization
import Node
import Primitives

extension NodeAPI {
    /// Registers the devchain mining controls under Anvil's, Hardhat's and Ganache's names:
    /// mining now, automine and interval mining, and dropping pool transactions.
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
                if let timestamp { try checkTimestamp(timestamp) }
            } catch {
                return complete(.failure(RPCRegistry.rpcError(error)))
            }
            node.mine(count: blocks, timestamp: timestamp, keepBlocks: false) { _, _ in complete(.success("0x0")) }
        }
        // anvil_mine(numBlocks?, interval?) → null; hardhat_mine → true. Later blocks come
        // `interval` seconds apart (Anvil's default 1).
        for (name, result) in [("anvil_mine", JSON.null), ("hardhat_mine", true)] {
            registry.registerCallback(name, params: 0...2) { call, complete in
                do {
                    let count = try call.params.optional(0) { v throws(ParamError) in try Self.flexibleUInt64(v) } ?? 1
                    let interval = try call.params.optional(1) { v throws(ParamError) in try Self.flexibleUInt64(v) }
                    guard count <= Self.maxMinedBlocks else {
                        return complete(.failure(.invalidParams("too many blocks: \(count) (at most \(Self.maxMinedBlocks))")))
                    }
                    let first = interval.map { _ in node.nextBlock().timestamp }
                    node.mine(count: Int(count), timestamp: first, interval: interval ?? 1, keepBlocks: false) { _, _ in
                        complete(.success(result))
                    }
                } catch {
                    complete(.failure(RPCRegistry.rpcError(error)))
                }
            }
        }
        registry.register("evm_setAutomine", params: 1...1) { call in
            let on = try call.params.bool(0)
            node.setMiningMode(on ? .automine(batch: configurationBatch) : .manual)
            return true
        }
        registry.register("anvil_setAutomine", params: 1...1) { call in
            let on = try call.params.bool(0)
            node.setMiningMode(on ? .automine(batch: configurationBatch) : .manual)
            return .null
        }
        for name in ["anvil_getAutomine", "hardhat_getAutomine"] {
            registry.register(name) { _ in .bool(node.miningMode.isAutomine) }
        }
        // Seconds between blocks, as Anvil; 0 turns interval mining off (manual).
        for (name, result) in [("evm_setIntervalMining", JSON.bool(true)), ("anvil_setIntervalMining", .null)] {
            registry.register(name, params: 1...1) { call in
                let seconds = try call.params.decode(0) { v throws(ParamError) -> Double in
                    if case .number(let n) = v, let d = n.double, d >= 0 { return d }
                    return Double(try ParamDecoding.uint64(v))
                }
                node.setMiningMode(seconds > 0 ? .interval(seconds: seconds) : .manual)
                return result
            }
        }
        registry.register("anvil_getIntervalMining") { _ in
            if case .interval(let seconds) = node.miningMode { return .quantity(UInt64(seconds.rounded(.up))) }
            return .null
        }
        // Pool surgery.
        registry.register("anvil_dropTransaction", params: 1...1) { call in
            let hash = try call.params.hash(0)
            return node.mempool.remove([hash]).isEmpty ? .null : .hash(hash)
        }
        registry.register("hardhat_dropTransaction", params: 1...1) { call in
            .bool(!node.mempool.remove([try call.params.hash(0)]).isEmpty)
        }
        registry.register("anvil_dropAllTransactions") { _ in
            node.mempool.clear()
            return .null
        }
        registry.register("anvil_removePoolTransactions", params: 1...1) { call in
            let sender = try call.params.address(0)
            let content = node.mempool.content(from: sender)
            let hashes = (content.pending.values.flatMap(\.values) + content.queued.values.flatMap(\.values)).map(\.hash)
            node.mempool.remove(hashes)
            return .null
        }
    }

    /// Most blocks one anvil_mine / hardhat_mine call produces.
    static let maxMinedBlocks: UInt64 = 10_000_000

    /// Whether automine batches JSON-RPC batches, as configured at start.
    var configurationBatch: Bool { node.configuration.mining == .automine(batch: true) }

    /// A block timestamp given to a dev control must come after the head's (Hardhat's rule).
    func checkTimestamp(_ timestamp: UInt64) throws(RPCError) {
        let head = chain.head.header.timestamp
        guard timestamp > head else {
            throw RPCError.invalidParams("timestamp \(timestamp) is lower than or equal to previous block's timestamp \(head)")
        }
    }

    /// A JSON number or a QUANTITY string (Anvil's dev methods accept both).
    static func flexibleUInt64(_ v: JSON) throws(ParamError) -> UInt64 {
        if case .number(let n) = v {
            guard let value = n.uint64 else { throw ParamError("json: cannot unmarshal number \(n.text) into Go value of type uint64") }
            return value
        }
        return try ParamDecoding.uint64(v)
    }

    /// A JSON number, a QUANTITY string or a decimal string, as a 256-bit value.
    static func flexibleUInt256(_ v: JSON) throws(ParamError) -> UInt256 {
        if case .number(let n) = v {
            guard let value = n.uint64 else { throw ParamError("json: cannot unmarshal number \(n.text) into a 256-bit quantity") }
            return UInt256(value)
        }
        if case .string(let s) = v, !s.hasPrefix("0x"), let value = UInt256(decimal: s) { return value }
        return try ParamDecoding.uint256(v)
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
