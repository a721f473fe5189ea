import Ethereum
import Node
import Primitives
import State
import Storage

/// The node as the eth_* handlers see it: block tags and selectors resolved to blocks and
/// states, and node and storage failures mapped to geth's JSON-RPC errors.
///
/// Reads take the head snapshot once and work on it, so they never wait for a block being built;
/// blocks other than the head come from the chain database.
public struct NodeAPI: Sendable {
    public let node: DevNode
    /// Whether the node serves `--automine-batch` (sends in one JSON-RPC batch make one block).
    public init(node: DevNode) { self.node = node }

    var chain: Chain { node.chain }
    var database: ChainDatabase { node.chain.database }

    /// The number a tag names, or nil for a number above the head. `pending` names the head as
    /// well (the pending block's state is the head's plus the pool, which only nonces look at).
    func number(_ tag: BlockTag, head: HeadSnapshot) -> UInt64? {
        switch tag {
        case .latest, .pending, .safe, .finalized: return head.number
        case .earliest: return 0
        case .number(let n): return n <= head.number ? n : nil
        }
    }

    /// The header of the block a selector names: nil when there is no such block.
    func header(_ selector: BlockSelector) throws(RPCError) -> (header: Header, hash: Hash)? {
        let head = chain.head
        switch selector {
        case .tag(let tag):
            guard let n = number(tag, head: head) else { return nil }
            if n == head.number { return (head.header, head.hash) }
            guard let h = try storage({ () throws(StorageError) in try database.header(number: n) }) else { return nil }
            return (h, h.hash)
        case .hash(let hash, _):
            if hash == head.hash { return (head.header, head.hash) }
            guard let h = try storage({ () throws(StorageError) in try database.header(hash: hash) }) else { return nil }
            return (h, hash)
        }
    }

    /// The state after the block a selector names, with that block's header and fork; geth's
    /// errors when the block is unknown or its state is no longer kept.
    func state(_ selector: BlockSelector) throws(RPCError) -> (state: WorldState, header: Header, fork: Fork) {
        let head = chain.head
        if case .tag(let tag) = selector, let n = number(tag, head: head), n == head.number {
            return (head.state, head.header, head.fork)
        }
        guard let (header, hash) = try header(selector) else {
            if case .hash = selector { throw RPCError.server("header for hash not found") }
            throw RPCError.server("header not found")
        }
        _ = hash
        guard let state = chain.state(atBlock: header.number) else {
            throw RPCError.server("historical state \(header.stateRoot) is not available")
        }
        let fork = chain.config.fork(atBlock: header.number, timestamp: header.timestamp,
                                     merged: chain.config.terminalTotalDifficulty == .zero ? true : nil)
        return (state, header, fork)
    }

    /// Runs a storage read, mapping its failure to -32000.
    func storage<T>(_ body: () throws(StorageError) -> T) throws(RPCError) -> T {
        do { return try body() } catch { throw RPCError.server(error.description) }
    }
}
