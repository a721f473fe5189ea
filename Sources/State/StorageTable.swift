import Primitives

/// One account's storage slots, split into 32 dictionaries by slot once it holds any.
///
/// Why: as with `RecordTable`, the first write after a state was shared (every block, while recent
/// states are kept for reads) copies what it writes into; the EIP-4788 and EIP-2935 ring buffers
/// hold 16,382 and 8,191 slots and every block writes to both, so one dictionary per account
/// meant copying 24,000 slots per block. Split, a write copies one 32nd of the account.
struct StorageTable: Sendable {
    static let shardCount = 32

    /// Empty until the first slot (most accounts have no storage).
    private var shards: [[UInt256: UInt256]] = []

    @inline(__always)
    private static func shard(_ key: UInt256) -> Int {
        Int(truncatingIfNeeded: (key.w0 ^ key.w1 ^ key.w2 ^ key.w3 ^ (key.w0 >> 32)) & UInt64(shardCount - 1))
    }

    subscript(key: UInt256) -> UInt256? {
        get { shards.isEmpty ? nil : shards[Self.shard(key)][key] }
        set {
            if shards.isEmpty {
                guard newValue != nil else { return }
                shards = Array(repeating: [:], count: Self.shardCount)
            }
            shards[Self.shard(key)][key] = newValue
        }
    }

    var isEmpty: Bool { shards.allSatisfy(\.isEmpty) }

    /// Every slot as one dictionary.
    var entries: [UInt256: UInt256] {
        var all: [UInt256: UInt256] = [:]
        for shard in shards { all.merge(shard) { a, _ in a } }
        return all
    }
}
