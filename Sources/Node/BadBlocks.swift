import Ethereum
import Primitives
import Synchronization

/// Blocks that block import rejected, for `debug_getBadBlocks`: the newest `capacity` distinct
/// blocks, as geth keeps its last 10 in `rawdb` (`badBlockToKeep`). In memory only: a dev node
/// forgets them on restart, where geth keeps them in its database.
public final class BadBlocks: Sendable {
    /// One rejected block and why.
    public struct Entry: Sendable {
        public let block: Block
        public let hash: Hash
        public let reason: String
    }

    /// geth's `badBlockToKeep`.
    public static let defaultCapacity = 10

    private let capacity: Int
    private let entries = Mutex<[Entry]>([])

    public init(capacity: Int = BadBlocks.defaultCapacity) { self.capacity = capacity }

    /// Records a rejected block; a block already recorded (same hash) is kept once.
    public func record(_ block: Block, reason: String) {
        let hash = block.hash
        entries.withLock { list in
            guard !list.contains(where: { $0.hash == hash }) else { return }
            list.append(Entry(block: block, hash: hash, reason: reason))
            // geth keeps the highest-numbered blocks when full.
            list.sort { $0.block.header.number > $1.block.header.number }
            if list.count > capacity { list.removeLast(list.count - capacity) }
        }
    }

    /// The recorded blocks, highest number first (geth's `ReadAllBadBlocks` order).
    public var all: [Entry] { entries.withLock { $0 } }
}
