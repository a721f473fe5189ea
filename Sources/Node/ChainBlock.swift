import Ethereum
import Primitives
import State
import Storage

/// The chain head as readers see it: the block, its fork and the state after it. A value, so a
/// reader takes it under the chain's short lock and then works on its own copy-on-write snapshot
/// while the next block is being built.
public struct HeadSnapshot: Sendable {
    public let block: Block
    public let hash: Hash
    /// The fork whose rules the block followed.
    public let fork: Fork
    /// The state after the block.
    public let state: WorldState

    public var header: Header { block.header }
    public var number: UInt64 { block.header.number }
}

/// A block the node produced, as it is committed and announced: the block, its senders and
/// receipts with the amounts computed while executing it.
public struct ProducedBlock: Sendable {
    public let block: Block
    public let hash: Hash
    public let fork: Fork
    public let senders: [Address]
    public let receipts: [ReceiptDetails]
    /// Transactions the builder tried and dropped, with why (they were removed from the pool).
    public let dropped: [(hash: Hash, reason: String)]
    /// Per included transaction, the console.log lines its contracts printed (Hardhat's console).
    public var consoleLogs: [[String]] = []
    /// The header's RLP when the builder already encoded it to hash it (the writer stores these
    /// bytes instead of encoding the header a second time).
    var encodedHeader: [UInt8]?
}
