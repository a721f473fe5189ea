import Primitives
import Synchronization

/// The locations the block's transactions may have written, one bit per hash bucket: a clear bit
/// means no version of the location was ever published, so a read can go straight to the base
/// state without locking the location's shard.
///
/// Most reads of a block are of locations no lower transaction wrote (a sender's account, a
/// token holder's balance). Each one locked a shard and probed its table, and at two threads
/// the shard's lock and table lines had usually last been written by the other core: a
/// cache-line transfer per read, and as many again to validate it.
///
/// Safe: a writer sets the bit before it inserts the version (under the shard lock), so a reader
/// that finds the bit clear reads as if it had locked the shard just before the insert, which
/// Block-STM's validation already allows for. Bits are never cleared while the run lasts (a
/// removed version leaves a false positive, which only costs the locked lookup).
final class WrittenLocationFilter: @unchecked Sendable {
    private let words: UnsafeMutablePointer<Atomic<UInt64>>
    private let wordCount: Int
    private let bitMask: Int

    /// About 16 bits per expected location (a few per cent of false positives), at least 16 Kibit.
    init(expectedLocations: Int) {
        var bits = 1 << 14
        while bits < expectedLocations * 16 && bits < 1 << 24 { bits <<= 1 }
        bitMask = bits - 1
        wordCount = bits / 64
        words = .allocate(capacity: wordCount)
        for i in 0..<wordCount { (words + i).initialize(to: Atomic(0)) }
    }

    deinit {
        words.deinitialize(count: wordCount)
        words.deallocate()
    }

    @inline(__always) private func position(_ key: MVKey) -> (word: Int, mask: UInt64) {
        let bit = Int(truncatingIfNeeded: mixWord(key.foldedWord)) & bitMask
        return (bit >> 6, 1 << UInt64(bit & 63))
    }

    /// Marks `key` written; call before publishing its version.
    @inline(__always) func insert(_ key: MVKey) {
        let (word, mask) = position(key)
        // Safe: `word` < wordCount (the bit is masked to the table's size).
        let entry = words + word
        // A set bit (popular locations, rewrites) needs no read-modify-write of a shared line.
        if entry.pointee.load(ordering: .relaxed) & mask != 0 { return }
        entry.pointee.bitwiseOr(mask, ordering: .sequentiallyConsistent)
    }

    /// False when no version of `key` was ever published.
    @inline(__always) func mayContain(_ key: MVKey) -> Bool {
        let (word, mask) = position(key)
        // Safe: as in `insert`.
        return (words + word).pointee.load(ordering: .acquiring) & mask != 0
    }
}
