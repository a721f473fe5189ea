import Ethereum
import Primitives

/// Where a log sits: its block, transaction and block-wide index. nil members are written as
/// null (pending logs), as geth does.
public struct LogContext: Sendable, Hashable {
    public var blockHash: Hash?
    public var blockNumber: UInt64?
    /// Written when known (execution-apis `blockTimestamp`, geth ≥ 1.16).
    public var blockTimestamp: UInt64?
    public var transactionHash: Hash?
    public var transactionIndex: UInt64?
    public var logIndex: UInt64?
    /// True when the log was removed by a reorg (filters and subscriptions report these).
    public var removed: Bool

    /// Creates a context.
    public init(blockHash: Hash?, blockNumber: UInt64?, blockTimestamp: UInt64? = nil, transactionHash: Hash?,
                transactionIndex: UInt64?, logIndex: UInt64?, removed: Bool = false) {
        self.blockHash = blockHash; self.blockNumber = blockNumber; self.blockTimestamp = blockTimestamp
        self.transactionHash = transactionHash; self.transactionIndex = transactionIndex
        self.logIndex = logIndex; self.removed = removed
    }
}

extension JSON {
    /// A log object (execution-apis `Log`), members in geth's order.
    public static func log(_ log: Log, _ context: LogContext) -> JSON {
        var o = JSONObject()
        o.append("address", .address(log.address))
        o.append("topics", .array(log.topics.map { .hash($0) }))
        o.append("data", .data(log.data))
        o.append("blockNumber", context.blockNumber.map { .quantity($0) } ?? .null)
        o.append("transactionHash", context.transactionHash.map { .hash($0) } ?? .null)
        o.append("transactionIndex", context.transactionIndex.map { .quantity($0) } ?? .null)
        o.append("blockHash", context.blockHash.map { .hash($0) } ?? .null)
        if let t = context.blockTimestamp { o.append("blockTimestamp", .quantity(t)) }
        o.append("logIndex", context.logIndex.map { .quantity($0) } ?? .null)
        o.append("removed", .bool(context.removed))
        return .object(o)
    }
}
