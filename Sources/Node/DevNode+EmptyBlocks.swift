import Dispatch
import Ethereum
import Execution
import Foundation
import Primitives
import State
import Storage
import Synchronization
import Trie

extension DevNode {
    /// Blocks committed per database transaction while mining a run of empty blocks
    /// (`NodeConfiguration.emptyBlockBatch`). At 16,384 a batch covers EIP-4788's and EIP-2935's
    /// rings of 8,191 slots, so folding a batch's state changes halves the storage rows written
    /// per block, and the random inserts into the block-hash index share more pages: measured with
    /// `lanes-bench node --devchain`, the writer's time per block fell by a fifth against 4,096.
    public static let defaultEmptyBlockBatch = 16_384
    /// Runs shorter than this compute EIP-4788's trie on the producer thread (starting the lane
    /// costs a thread).
    static let beaconRootsLaneMinimum = 256

    /// Produces up to `count` empty blocks on the head (the pool is empty) — what `anvil_mine`
    /// and `hardhat_mine` spend their time on — and returns how many it committed. Runs on the
    /// producer thread.
    ///
    /// Each block is the block `produceBlock` would make (same pre-block system calls, header
    /// and roots); what differs is the bookkeeping: the post-state is changed in place instead of
    /// copied per block (only the last `retainedStates` blocks keep their state for reads), and
    /// blocks are committed `emptyBlockBatch` at a time by a writer thread while this thread
    /// builds the next batch (two cores: execution and hashing here, SQLite there), so a million
    /// blocks cost linear time. EIP-4788's storage trie is computed ahead by a `BeaconRootsLane`
    /// (it shares the second core with the writer). Subscribers see every block, in order, once
    /// it is committed.
    func produceEmptyBlocks(count: Int, firstTimestamp: UInt64?, interval: UInt64,
                            onBlock: @escaping @Sendable (ProducedBlock) -> Void) -> Int {
        let head = chain.head
        var state = head.state
        var header = head.header, hash = head.hash, fork = head.fork
        var settings = self.settings
        let batchSize = max(1, configuration.emptyBlockBatch)
        var batch: [Chain.PendingBlock] = []
        batch.reserveCapacity(min(count, batchSize))
        // The batch's state changes, folded here as blocks are built: the per-block changes are
        // freed on this thread instead of crossing to the writer.
        var batchChanges = StateChanges()
        let keepStatesFrom = count - chain.retainedStates
        var lastTime: UInt64 = header.timestamp
        let writer = EmptyBlockWriter(chain: chain, events: events, onBlock: onBlock)
        var produced = 0
        // EIP-4788's storage trie, computed ahead on another thread from the second block on
        // (once the first block's timestamp fixes the rest); nil when not applicable or abandoned.
        var lane: BeaconRootsLane.Reader? = nil
        // Whether the blocks need nothing but the ring-buffer writes (`EmptyRunWrites`): asked of the
        // state once, then true for the run (those writes do not change the answer).
        var emptyRunApplies: Bool? = nil
        for i in 0..<count {
            let time = firstTimestamp.map { $0 + UInt64(i) * interval }
            let next = nextBlock(after: header, hash: hash, fork: fork, timestamp: time, settings: settings)
            var laneTrie: SecureTrie? = nil
            if let reader = lane {
                // (The contract's code cannot change within a run of empty blocks; the fork can.)
                if next.timestamp == reader.lane.timestamp(ofBlock: i), next.fork >= .cancun {
                    let taken = lane!.take(i)
                    state.detachStorageTrie(of: SystemCalls.beaconRoots, root: taken.root)
                    laneTrie = taken.trie
                } else {
                    // The block does not follow the lane's assumptions: build the trie here and go on without it.
                    reader.lane.cancel()
                    lane = nil
                    state.attachRebuiltStorageTrie(of: SystemCalls.beaconRoots)
                }
            }
            let block: ProducedBlock
            if next.fork >= .prague, emptyRunApplies ?? EmptyRunWrites.apply(to: state) {
                emptyRunApplies = true
                // Only the system contracts' ring buffers change: written directly, and folded into the batch's changes.
                block = builder.buildEmpty(onto: &state, parentHash: hash, next: next, fold: &batchChanges)
            } else {
                // No transactions: only the pre- and post-block system calls run, on this (large-stack) thread.
                let (built, changes, _) = builder.build(onto: &state, parentHash: hash, next: next, candidates: [],
                                                        executor: SequentialExecutor())
                block = built
                batchChanges.merge(changes)
                emptyRunApplies = nil  // (the state is asked again after a block built the general way)
            }
            // The blocks whose state leaves this thread (batch heads, retained states) get the trie back.
            if let trie = laneTrie { state.attachStorageTrie(trie, of: SystemCalls.beaconRoots) }
            batch.append(Chain.PendingBlock(produced: block, changes: StateChanges(), state: i >= keepStatesFrom ? state : nil))
            header = block.block.header
            hash = block.hash
            fork = block.fork
            lastTime = next.timestamp
            produced += 1
            if i == 0 {
                // One-shot settings (next timestamp, base fee, prevRandao) belong to the first block.
                consumeOneShotSettings(producedAt: next.timestamp, explicit: time != nil)
                settings = self.settings
                if count >= Self.beaconRootsLaneMinimum, BeaconRootsLane.applies(to: state, fork: next.fork) {
                    // Later timestamps: the explicit interval, else the dev chain's interval or one
                    // second (the wall clock stays behind a chain that advances a second a block).
                    let step = time != nil ? interval : (settings.timestampInterval ?? 1)
                    let keepFrom = keepStatesFrom
                    lane = BeaconRootsLane.Reader(BeaconRootsLane(
                        trie: state.storageTrie(of: SystemCalls.beaconRoots), firstIndex: 1, endIndex: count,
                        firstTimestamp: next.timestamp &+ step, step: step,
                        snapshot: { j in (j + 1) % batchSize == 0 || j == count - 1 || j >= keepFrom }))
                }
            }
            if batch.count == batchSize || i == count - 1 {
                // Waits while two batches are still being committed (and a failed one stops the run).
                guard writer.submit(batch, folded: batchChanges, headState: state) else { break }
                batch.removeAll(keepingCapacity: true)
                batchChanges = StateChanges()
            }
        }
        lane?.lane.cancel()
        let committed = writer.finish()
        if firstTimestamp != nil, committed == produced { consumeOneShotSettings(producedAt: lastTime, explicit: true) }
        return committed
    }
}

/// Commits batches of empty blocks on its own thread (one per run, at background priority: the
/// producer is the critical path), up to two batches in flight, and announces each block after
/// its batch is committed.
private final class EmptyBlockWriter: Sendable {
    let chain: Chain
    let events: NodeEvents
    let onBlock: @Sendable (ProducedBlock) -> Void
    /// Batches to commit, in order, for the writer thread; closed by `finish`.
    private let jobs = Mutex<[@Sendable () -> Void]>([])
    /// One signal per job, and one for the end.
    private let jobAvailable = DispatchSemaphore(value: 0)
    /// Batches queued or committing while the next is built. Two: the writer runs at background
    /// priority and falls behind while the producer is busy; with one, the producer waited ~1 s per
    /// million blocks for its slot (instrumented runs), with two it does not wait (−8 % wall time).
    static let inFlight = 2
    private let slot = DispatchSemaphore(value: EmptyBlockWriter.inFlight)
    private let state = Mutex<(committed: Int, failed: Bool)>((0, false))
    /// The undo records this run wrote (one per key for the whole run; batches commit in order).
    private let undoRun = Mutex<UndoRun?>(UndoRun())

    init(chain: Chain, events: NodeEvents, onBlock: @escaping @Sendable (ProducedBlock) -> Void) {
        self.chain = chain; self.events = events; self.onBlock = onBlock
        let thread = Thread { [self] in
            BackgroundPriority.lowerCurrentThread()
            while true {
                jobAvailable.wait()
                guard let job = jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { return }  // finished
                job()
            }
        }
        thread.name = "lanes-block-writer"
        thread.start()
    }

    /// Queues a batch once fewer than `inFlight` are queued or committing; false when an earlier
    /// batch failed.
    func submit(_ batch: [Chain.PendingBlock], folded: StateChanges, headState: WorldState) -> Bool {
        slot.wait()
        guard !state.withLock({ $0.failed }) else {
            slot.signal()
            return false
        }
        jobs.withLock { $0.append { [self] in commit(batch, folded: folded, headState: headState) } }
        jobAvailable.signal()
        return true
    }

    private func commit(_ batch: [Chain.PendingBlock], folded: StateChanges, headState: WorldState) {
        defer { slot.signal() }
        guard !state.withLock({ $0.failed }) else { return }  // queued behind a batch that failed
        do {
            try undoRun.withLock { (run: inout UndoRun?) throws(StorageError) in
                try chain.append(contentsOf: batch, folded: folded, headState: headState, run: &run)
            }
        } catch {
            FileHandle.standardError.write(Data("error: blocks \(batch[0].produced.block.header.number)… not committed: \(error)\n".utf8))
            state.withLock { $0.failed = true }
            return
        }
        state.withLock { $0.committed += batch.count }
        for block in batch {
            events.publish(block.produced)
            onBlock(block.produced)
        }
    }

    /// Waits for the last batches, ends the writer thread; returns how many blocks were committed.
    func finish() -> Int {
        for _ in 0..<Self.inFlight { slot.wait() }
        for _ in 0..<Self.inFlight { slot.signal() }  // (a semaphore must end at its initial value)
        jobAvailable.signal()  // no job queued: the thread ends
        return state.withLock { $0.committed }
    }
}
