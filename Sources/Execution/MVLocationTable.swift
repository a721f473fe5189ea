import CPrefetch
import Primitives
import Synchronization

/// One shard of the multi-version memory: the versions of each location, in an open-addressing
/// table that keeps a location's key beside its versions.
///
/// Why not a Dictionary: most of a block's writes make a new location, and a new location in a
/// Dictionary touches three arrays (its occupancy bitmap, its keys, its values), each at a cold
/// cache line. With 10,000 ERC-20 transfers, those misses made publishing writes 7 % of a
/// Block-STM run at one thread (perf: nearly all samples of `MVVersionList.insert` on its first
/// load of the fresh entry). Here a new location writes one slot, key and versions in adjacent
/// lines, and a lookup probes a byte array of 7-bit hash tags (a few lines per shard, so they stay
/// in cache) before it touches any slot. The table's memory is allocated by the first write into
/// it, on the worker that makes it, not by the thread that sets the run up.
package struct MVLocationTable: ~Copyable {
    /// Per slot: 0 when empty, else 0x80 | 7 bits of the key's hash.
    private var tags: UnsafeMutablePointer<UInt8>? = nil
    /// `capacity` slots of `slotStride` bytes: the key at offset 0, the versions at `listOffset`.
    private var slots: UnsafeMutableRawPointer? = nil
    private var capacity = 0
    package private(set) var count = 0
    /// Whether a location got a second version, so that some list may hold an array of older
    /// versions. Until then every slot is plain data (keys and versions hold no references), and
    /// the deinit frees the buffers without visiting each slot: visiting them was a cold line per
    /// location, 1 % of the CPU of a 10,000-transaction ERC-20 run (spent by the reclaimer, see
    /// `ParallelExecutor.reclaim`, while the next block runs).
    private var listsMayOwnArrays = false
    /// The capacity of the first allocation (a power of two).
    private let initialCapacity: Int

    private static let listOffset = (MemoryLayout<MVKey>.size + MemoryLayout<MVVersionList>.alignment - 1) & ~(MemoryLayout<MVVersionList>.alignment - 1)
    static let slotStride = (listOffset + MemoryLayout<MVVersionList>.size + MemoryLayout<MVKey>.alignment - 1) & ~(MemoryLayout<MVKey>.alignment - 1)

    /// `expected`: about how many locations the shard will hold (sized so that it does not grow).
    package init(expected: Int) {
        // What lets the deinit skip the slots of lists with one version each (see above).
        assert(_isPOD(MVKey.self) && _isPOD(MVVersion.self), "MVLocationTable: keys and versions must be plain data")
        var c = 8
        while c * 3 < expected * 4 { c *= 2 }  // load factor at most 3/4
        initialCapacity = c
    }

    deinit {
        guard let tags, let slots else { return }
        if listsMayOwnArrays {
            for i in 0..<capacity where tags[i] != 0 { Self.list(slots, i).deinitialize(count: 1) }
        }
        tags.deallocate()
        slots.deallocate()
    }

    @inline(__always) static func hash(_ key: MVKey) -> UInt64 { mixWord(key.foldedWord) }
    @inline(__always) private static func tag(_ hash: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: hash >> 57) | 0x80 }

    // Safe: `i` is below `capacity` at every call, and every slot whose tag is non-zero holds an
    // initialized key and list (the tags say which slots are initialized).
    @inline(__always) private static func key(_ slots: UnsafeMutableRawPointer, _ i: Int) -> UnsafeMutablePointer<MVKey> {
        (slots + i * slotStride).assumingMemoryBound(to: MVKey.self)
    }
    @inline(__always) private static func list(_ slots: UnsafeMutableRawPointer, _ i: Int) -> UnsafeMutablePointer<MVVersionList> {
        (slots + i * slotStride + listOffset).assumingMemoryBound(to: MVVersionList.self)
    }

    /// The slot holding `key` (`found`), or else the free slot that ends its probe run, where an
    /// insert puts it; nil before the first allocation.
    @inline(__always) private func probe(_ key: MVKey, hash: UInt64) -> (slot: Int, found: Bool)? {
        guard let tags, let slots else { return nil }
        let mask = capacity - 1, tag = Self.tag(hash)
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let t = tags[i]
            if t == 0 { return (i, false) }
            if t == tag && Self.key(slots, i).pointee == key { return (i, true) }
            i = (i + 1) & mask
        }
    }

    /// The slot holding `key`, or nil.
    @inline(__always) private func find(_ key: MVKey, hash: UInt64) -> Int? {
        guard let (slot, found) = probe(key, hash: hash), found else { return nil }
        return slot
    }

    /// The versions of `key`, in place; nil when the table has no such location. The pointer is
    /// good until the table's next insert or remove (the caller holds the shard's lock meanwhile).
    @inline(__always) package func versions(of key: MVKey) -> UnsafeMutablePointer<MVVersionList>? {
        guard let i = find(key, hash: Self.hash(key)), let slots else { return nil }
        return Self.list(slots, i)
    }

    /// Adds `version` to the versions of `key`, making the location if it is new. True when the
    /// slots moved (the first insert allocates them, and the table grows).
    @discardableResult
    package mutating func insert(_ version: MVVersion, at key: MVKey) -> Bool {
        let hash = Self.hash(key)
        let probed = probe(key, hash: hash)
        if let (slot, found) = probed, found, let slots {
            listsMayOwnArrays = true
            Self.list(slots, slot).pointee.insert(version)
            return false
        }
        count += 1
        if count * 4 > capacity * 3 {
            grow()
            place(key, MVVersionList(version), hash: hash)
            return true
        }
        // Safe: the probe ran on these buffers and ended at a free slot.
        occupy(probed!.slot, key, MVVersionList(version), hash: hash)
        return false
    }

    /// Where the slots are, with log2 of their count in the low six bits (the slots are 64-byte
    /// aligned): what `MVSlotHints` publishes for prefetching. Zero before the first insert.
    var slotsHint: UInt {
        guard let slots else { return 0 }
        return UInt(bitPattern: slots) | UInt(capacity.trailingZeroBitCount)
    }

    /// Removes the location `key` with all its versions (linear probing's backward shift: later
    /// slots of the same probe run move up, so no tombstones are left behind).
    package mutating func remove(_ key: MVKey) {
        guard let tags, let slots, var hole = find(key, hash: Self.hash(key)) else { return }
        let mask = capacity - 1
        Self.list(slots, hole).deinitialize(count: 1)
        var j = hole
        while true {
            j = (j + 1) & mask
            if tags[j] == 0 { break }
            let home = Int(truncatingIfNeeded: Self.hash(Self.key(slots, j).pointee)) & mask
            // Slot j may move to the hole only if its home is not between the hole and j.
            if (j - home) & mask >= (j - hole) & mask {
                Self.key(slots, hole).initialize(to: Self.key(slots, j).pointee)
                Self.list(slots, hole).moveInitialize(from: Self.list(slots, j), count: 1)
                tags[hole] = tags[j]
                hole = j
            }
        }
        tags[hole] = 0
        count -= 1
    }

    /// Puts a new location in the first free slot of its probe run (capacity must allow it).
    private mutating func place(_ key: MVKey, _ list: consuming MVVersionList, hash: UInt64) {
        // Safe: `grow` ran when needed, so both buffers exist and a free slot does.
        let tags = tags!
        let mask = capacity - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while tags[i] != 0 { i = (i + 1) & mask }
        occupy(i, key, list, hash: hash)
    }

    /// Fills the free slot `i` (both buffers exist).
    @inline(__always) private func occupy(_ i: Int, _ key: MVKey, _ list: consuming MVVersionList, hash: UInt64) {
        tags![i] = Self.tag(hash)
        Self.key(slots!, i).initialize(to: key)
        Self.list(slots!, i).initialize(to: list)
    }

    private mutating func grow() {
        let oldTags = tags, oldSlots = slots, oldCapacity = capacity
        capacity = oldCapacity == 0 ? initialCapacity : oldCapacity * 2
        let newTags = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        newTags.initialize(repeating: 0, count: capacity)
        tags = newTags
        slots = .allocate(byteCount: capacity * Self.slotStride, alignment: 64)
        guard let oldTags, let oldSlots else { return }
        for i in 0..<oldCapacity where oldTags[i] != 0 {
            let key = Self.key(oldSlots, i).pointee
            place(key, Self.list(oldSlots, i).move(), hash: Self.hash(key))
        }
        oldTags.deallocate()
        oldSlots.deallocate()
    }
}

/// Where each shard's slots are, readable without the shard's lock: before it publishes a
/// transaction's writes, a worker prefetches the slots they will most likely land in.
///
/// Why: a new location's slot is a cold line, and the shard lock's release (a locked instruction,
/// which waits for earlier stores to reach the cache) stalled on its store every time; the
/// prefetches overlap those misses with the receipt's bloom hashing that comes first. A hint may
/// be stale (the table grew since): a prefetch is only a hint and never faults, so a stale one
/// costs a wasted line and nothing else.
final class MVSlotHints: @unchecked Sendable {
    private let words: UnsafeMutablePointer<Atomic<UInt>>
    private let count: Int

    init(count: Int) {
        self.count = count
        words = .allocate(capacity: max(1, count))
        for i in 0..<count { (words + i).initialize(to: Atomic(0)) }
    }

    deinit {
        words.deinitialize(count: count)
        words.deallocate()
    }

    /// Records a shard's `MVLocationTable.slotsHint` (called under the shard's lock).
    @inline(__always) func publish(_ shard: Int, _ hint: UInt) {
        // Safe: every shard index is below `count` (the memory's shard mask).
        words[shard].store(hint, ordering: .relaxed)
    }

    /// Prefetches, for writing, the lines of the slot where `key`'s probe starts in its shard.
    @inline(__always) func prefetch(_ key: MVKey, shard: Int) {
        let hint = words[shard].load(ordering: .relaxed)
        guard hint != 0 else { return }
        let mask = (1 << Int(hint & 63)) - 1
        let offset = (Int(truncatingIfNeeded: MVLocationTable.hash(key)) & mask) * MVLocationTable.slotStride
        // Safe: only an address is formed (never dereferenced); the prefetch cannot fault.
        let base = UnsafeRawPointer(bitPattern: hint & ~63)!
        var line = offset & ~63
        while line < offset + MVLocationTable.slotStride {
            lanes_prefetch_for_write(base + line)
            line += 64
        }
    }
}
