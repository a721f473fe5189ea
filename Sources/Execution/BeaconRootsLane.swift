import Foundation
import Primitives
import State
import Synchronization
import Trie

/// EIP-4788's storage trie for a run of empty blocks, computed ahead of the block producer on a
/// thread of its own.
///
/// In a run of empty blocks (`anvil_mine`) the beacon-roots contract's writes depend only on the
/// block timestamps, which follow a fixed step, so its storage trie and root for every block can
/// be computed before the block is built: about a third of an empty block's producer time (its
/// ring of 8,191 slots is the deepest trie a dev chain updates every block). The producer checks
/// each block's timestamp against the lane's, uses the lane's storage root with the contract's
/// trie detached (`WorldState.detachStorageTrie`), and attaches the lane's copy of the trie at
/// the blocks whose state it hands out.
///
/// The lane applies both writes of the system call, `sstore(ts % 8191, ts)` and
/// `sstore(ts % 8191 + 8191, root)`, as the EVM does; the producer may skip a write of the value
/// already stored, which leaves the trie the same. The beacon root of a dev-chain block is zero.
public final class BeaconRootsLane: Sendable {
    /// Blocks the lane hands over at a time (one lock and wake-up per chunk).
    static let chunkSize = 512
    /// Chunks the lane may run ahead of the producer (bounds its memory and CPU lead).
    static let chunksAhead = 32

    struct Chunk: Sendable {
        var roots: [Hash] = []
        /// Copies of the trie after the blocks the producer asked for, by run index.
        var snapshots: [Int: SecureTrie] = [:]
    }

    /// Run index of the first block the lane computes.
    public let firstIndex: Int
    /// Exclusive end of the run indices.
    public let endIndex: Int
    let firstTimestamp: UInt64
    let step: UInt64
    /// Computed chunks not yet taken, and whether the lane sleeps until one is.
    private let queue = Mutex<(chunks: [Chunk], laneWaiting: Bool)>(([], false))
    /// One signal per chunk queued. (Semaphores only count up from zero here: libdispatch traps
    /// when one is freed below its initial value, as a cancelled lane's would be.)
    private let filled = DispatchSemaphore(value: 0)
    /// Wakes a lane waiting for room (or for the cancellation).
    private let room = DispatchSemaphore(value: 0)
    private let cancelled = Atomic<Bool>(false)

    /// Whether the lane can stand in for the system call on `state`: the contract holds EIP-4788's
    /// code (then nothing in an empty block changes it other than through its system call).
    public static func applies(to state: WorldState, fork: Fork) -> Bool {
        fork >= .cancun && state.account(SystemCalls.beaconRoots)?.codeHash == SystemCallShortcuts.beaconRootsCodeHash
    }

    /// Starts the lane for run indices `firstIndex..<endIndex`, whose timestamps are
    /// `firstTimestamp + (index - firstIndex) * step`, from `trie` (the contract's storage trie
    /// before block `firstIndex`). `snapshot(index)` says after which blocks to keep a trie copy.
    public init(trie: SecureTrie, firstIndex: Int, endIndex: Int, firstTimestamp: UInt64, step: UInt64,
                snapshot: @escaping @Sendable (Int) -> Bool) {
        self.firstIndex = firstIndex; self.endIndex = endIndex
        self.firstTimestamp = firstTimestamp; self.step = step
        let thread = Thread { [self] in run(trie: trie, snapshot: snapshot) }
        thread.name = "lanes-beacon-roots"
        thread.start()
    }

    /// The timestamp the lane assumed for block `index`.
    public func timestamp(ofBlock index: Int) -> UInt64 { firstTimestamp &+ UInt64(index - firstIndex) &* step }

    /// Stops the lane (the producer no longer follows it); safe to call more than once.
    public func cancel() {
        guard !cancelled.exchange(true, ordering: .acquiringAndReleasing) else { return }
        room.signal()  // a lane waiting for room sees the flag
    }

    private func run(trie start: SecureTrie, snapshot: @Sendable (Int) -> Bool) {
        BackgroundPriority.lowerCurrentThread()
        var trie = start
        var index = firstIndex
        // A dev chain's beacon root is zero, so each block deletes its root slot (ring index + 8191).
        // Once deleted, a slot stays absent (the lane writes nothing else there): later deletions
        // of it, a walk down the trie each, are skipped.
        var absentRootSlots = [Bool](repeating: false, count: Int(SystemCallShortcuts.ring.w0))
        while index < endIndex {
            let full = queue.withLock { q in
                q.laneWaiting = q.chunks.count >= Self.chunksAhead
                return q.laneWaiting
            }
            if full { room.wait() }
            if cancelled.load(ordering: .acquiring) { return }
            var chunk = Chunk()
            let end = min(index + Self.chunkSize, endIndex)
            chunk.roots.reserveCapacity(end - index)
            while index < end {
                let writes = SystemCallShortcuts.beaconRootWrites(timestamp: timestamp(ofBlock: index), root: .zero)
                trie.applyStorageWrite(slot: writes.timestamp.slot, value: writes.timestamp.value)
                let ringIndex = Int(writes.timestamp.slot.w0)
                if !absentRootSlots[ringIndex] {
                    trie.applyStorageWrite(slot: writes.root.slot, value: writes.root.value)
                    absentRootSlots[ringIndex] = true
                }
                chunk.roots.append(trie.rootHash)
                if snapshot(index) { chunk.snapshots[index] = trie }
                index += 1
            }
            queue.withLock { $0.chunks.append(chunk) }
            filled.signal()
        }
    }

    /// The producer's side: hands out the lane's results block by block, in run order.
    public struct Reader {
        public let lane: BeaconRootsLane
        var chunk = Chunk()
        var position = 0
        var next: Int

        public init(_ lane: BeaconRootsLane) { self.lane = lane; next = lane.firstIndex }

        /// The storage root after block `index` (the next block in order), and the trie copy when
        /// one was asked for; waits while the lane is behind.
        public mutating func take(_ index: Int) -> (root: Hash, trie: SecureTrie?) {
            precondition(index == next && index < lane.endIndex, "the lane's blocks are taken in order")
            if position == chunk.roots.count {
                lane.filled.wait()
                let wake: Bool
                (chunk, wake) = lane.queue.withLock { q in
                    let wake = q.laneWaiting
                    q.laneWaiting = false
                    return (q.chunks.removeFirst(), wake)
                }
                position = 0
                if wake { lane.room.signal() }
            }
            let root = chunk.roots[position]
            position += 1
            next += 1
            return (root, chunk.snapshots.removeValue(forKey: index))
        }
    }
}
