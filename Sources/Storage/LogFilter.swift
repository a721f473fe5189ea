import Ethereum
import Primitives

/// An `eth_getLogs` filter with block tags already resolved to numbers.
///
/// Matching follows geth: a log matches when its address is one of `addresses` (or `addresses`
/// is empty) and, for every position `i` of `topics`, the log has a topic at `i` and, unless the
/// position is a wildcard (nil or empty), that topic is one of the alternatives. A filter with
/// `n` topic positions therefore only matches logs with at least `n` topics, even when trailing
/// positions are wildcards.
public struct LogFilter: Hashable, Sendable {
    public var fromBlock: UInt64
    public var toBlock: UInt64
    /// When set, the query covers only this block and `fromBlock`/`toBlock` are ignored.
    public var blockHash: Hash?
    /// Addresses OR'ed together; empty matches any address.
    public var addresses: [Address]
    /// Per position, the topics OR'ed together; nil or empty matches any topic.
    public var topics: [[Hash]?]

    public init(fromBlock: UInt64 = 0, toBlock: UInt64 = .max, blockHash: Hash? = nil, addresses: [Address] = [], topics: [[Hash]?] = []) {
        self.fromBlock = fromBlock; self.toBlock = toBlock; self.blockHash = blockHash
        self.addresses = addresses; self.topics = topics
    }

    /// The largest number of topic positions a filter may have (LOG0 … LOG4).
    public static let maxTopics = 4

    /// Whether `log` matches the address and topic criteria (the block range is not checked).
    /// The node uses this for subscriptions and filters on newly committed blocks.
    public func matches(_ log: Log) -> Bool {
        if !addresses.isEmpty && !addresses.contains(log.address) { return false }
        if topics.count > log.topics.count { return false }
        for (i, alternatives) in topics.enumerated() {
            guard let alternatives, !alternatives.isEmpty else { continue }
            if !alternatives.contains(log.topics[i]) { return false }
        }
        return true
    }
}

/// Caps on one log query; a query beyond them throws instead of doing unbounded work.
public struct LogQueryLimits: Hashable, Sendable {
    /// The most blocks one query may span (after clamping `toBlock` to the head); nil = no cap.
    public var maxBlockRange: UInt64?
    /// The most logs one query may return; nil = no cap. Exceeding it throws
    /// `StorageError.tooManyResults` ("query returned more than 10000 results").
    public var maxResults: Int?

    public init(maxBlockRange: UInt64? = nil, maxResults: Int? = 10_000) {
        self.maxBlockRange = maxBlockRange; self.maxResults = maxResults
    }
}
