import Ethereum
import Node
import Primitives
import Storage

extension NodeAPI {
    /// Registers `eth_config` (EIP-7910: the current, next and last fork configuration) and
    /// `eth_capabilities` (execution-apis: which history the node can serve).
    func registerConfigMethods(into registry: RPCRegistry) {
        registry.register("eth_config") { _ in
            guard let genesis = try storage({ () throws(StorageError) in try database.header(number: 0) }) else {
                throw RPCError.server("unable to load genesis: not found")
            }
            let forks = ForkConfiguration.eip7910(config: chain.config, genesisHash: genesis.hash, genesisTime: genesis.timestamp,
                                                  headTime: chain.head.header.timestamp)
            var o = JSONObject()
            o.append("current", forks.current.map(Self.configJSON) ?? .null)
            o.append("next", forks.next.map(Self.configJSON) ?? .null)
            o.append("last", forks.last.map(Self.configJSON) ?? .null)
            return .object(o)
        }
        registry.register("eth_capabilities") { _ in
            let head = chain.head
            // The states kept in memory are the newest ones, without gaps, up to the head (after
            // a restart only the head's), so the oldest is the first one still there.
            let window = UInt64(chain.retainedStates)
            var oldestState = head.number >= window ? head.number - window + 1 : 0
            while oldestState < head.number, chain.state(atBlock: oldestState) == nil { oldestState += 1 }
            let state = Self.capability(oldest: oldestState, retention: window)
            let everything = Self.capability(oldest: 0, retention: nil)
            var headObject = JSONObject()
            headObject.append("number", .quantity(head.number))
            headObject.append("hash", .hash(head.hash))
            var o = JSONObject()
            o.append("head", .object(headObject))
            o.append("state", state)
            o.append("tx", everything)
            o.append("logs", everything)
            o.append("receipts", everything)
            o.append("blocks", everything)
            o.append("stateproofs", state)
            return .object(o)
        }
    }

    /// One resource of `eth_capabilities`: served from `oldest` on, and — for a sliding window —
    /// how many blocks it keeps (geth omits `deleteStrategy` for data never deleted).
    static func capability(oldest: UInt64, retention: UInt64?) -> JSON {
        var o = JSONObject()
        o.append("disabled", false)
        o.append("oldestBlock", .quantity(oldest))
        if let retention {
            var strategy = JSONObject()
            strategy.append("type", "window")
            strategy.append("retentionBlocks", .quantity(retention))
            o.append("deleteStrategy", .object(strategy))
        }
        return .object(o)
    }

    /// geth's `eth_config` fork object: times and blob numbers as JSON numbers, the chain id as a
    /// QUANTITY, the fork id as 4 bytes of DATA, maps sorted by name.
    static func configJSON(_ c: ForkConfiguration) -> JSON {
        var o = JSONObject()
        o.append("activationTime", .number(JSONNumber(c.activationTime)))
        if let s = c.blobSchedule {
            var b = JSONObject()
            b.append("target", .number(JSONNumber(s.target)))
            b.append("max", .number(JSONNumber(s.max)))
            b.append("baseFeeUpdateFraction", .number(JSONNumber(s.updateFraction)))
            o.append("blobSchedule", .object(b))
        } else {
            o.append("blobSchedule", .null)
        }
        o.append("chainId", .quantity(c.chainId))
        o.append("forkId", .data(c.forkId))
        o.append("precompiles", .object(JSONObject(c.precompiles.map { .init(key: $0.name, value: .address($0.address)) })))
        o.append("systemContracts", .object(JSONObject(c.systemContracts.map { .init(key: $0.name, value: .address($0.address)) })))
        return .object(o)
    }
}
