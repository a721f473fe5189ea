import Dispatch
import Ethereum
import Execution
import Foundation
import Primitives
import State
import Storage
import Synchronization

extension DevNode {
    /// Blocks committed per database transaction while mining a run of empty blocks.
    public static let emptyBlockBatch = 4_096

    /// Produces up to `count` empty blocks on the head (the pool is empty) — what `anvil_mine`
    /// and `hardhat_mine` spend their time on — and returns how many it committed. Runs on the
    /// producer thread.
    ///
    /// Each block is the block `produceBlock` would make (same pre-block system calls, header
    /// and roots); what differs is the bookkeeping: the post-state is changed in place instead of
    /// copied per block (only the last `retainedStates` blocks keep their state for reads), and
    /// blocks are committed `emptyBlockBatch` at a time by a writer thread while this thread
    /// builds the next batch (two cores: execution and hashing here, SQLite there), so a million
    /// blocks cost linear time. Subscribers see every block, in order, once it is committed.
    func produceEmptyBlocks(count: Int, firstTimestamp: UInt64?, interval: UInt64,
                            onBlock: @escaping @Sendable (ProducedBlock) -> Void) -> Int {
        let head = chain.head
        var state = head.state
        var header = head.header, hash = head.hash, fork = head.fork
        var settings = self.settings
        var batch: [Chain.PendingBlock] = []
        batch.reserveCapacity(min(count, Self.emptyBlockBatch))
        let keepStatesFrom = count - chain.retainedStates
        var lastTime: UInt64 = header.timestamp
        let writer = EmptyBlockWriter(chain: chain, events: events, onBlock: onBlock)
        var produced = 0
        for i in 0..<count {
            let time = firstTimestamp.map { $0 + UInt64(i) * interval }
            let next = nextBlock(after: header, hash: hash, fork: fork, timestamp: time, settings: settings)
            // No transactions: only the pre- and post-block system calls run, on this (large-stack) thread.
            let (block, changes, _) = builder.build(onto: &state, parentHash: hash, next: next, candidates: [],
                                                    executor: SequentialExecutor())
            batch.append(Chain.PendingBlock(produced: block, changes: changes, state: i >= keepStatesFrom ? state : nil))
            header = block.block.header
            hash = block.hash
            fork = block.fork
            lastTime = next.timestamp
            produced += 1
            if i == 0 {
                // One-shot settings (next timestamp, base fee, prevRandao) belong to the first block.
                consumeOneShotSettings(producedAt: next.timestamp, explicit: time != nil)
                settings = self.settings
            }
            if batch.count == Self.emptyBlockBatch || i == count - 1 {
                // The previous batch must be in before this one goes (and a failed one stops the run).
                guard writer.submit(batch, headState: state) else { break }
                batch.removeAll(keepingCapacity: true)
            }
        }
        let committed = writer.finish()
        if firstTimestamp != nil, committed == produced { consumeOneShotSettings(producedAt: lastTime, explicit: true) }
        return committed
    }
}

/// Commits batches of empty blocks on its own thread, one batch in flight at a time, and
/// announces each block after its batch is committed.
private final class EmptyBlockWriter: Sendable {
    let chain: Chain
    let events: NodeEvents
    let onBlock: @Sendable (ProducedBlock) -> Void
    private let queue = DispatchQueue(label: "lanes.empty-block-writer")
    /// One batch may be in flight while the next is built.
    private let slot = DispatchSemaphore(value: 1)
    private let state = Mutex<(committed: Int, failed: Bool)>((0, false))
    /// The undo records this run wrote (one per key for the whole run; batches commit in order on `queue`).
    private let undoRun = Mutex<UndoRun?>(UndoRun())

    init(chain: Chain, events: NodeEvents, onBlock: @escaping @Sendable (ProducedBlock) -> Void) {
        self.chain = chain; self.events = events; self.onBlock = onBlock
    }

    /// Queues a batch after the previous one is committed; false when an earlier batch failed.
    func submit(_ batch: [Chain.PendingBlock], headState: WorldState) -> Bool {
        slot.wait()
        guard !state.withLock({ $0.failed }) else {
            slot.signal()
            return false
        }
        queue.async { [self] in
            defer { slot.signal() }
            do {
                try undoRun.withLock { (run: inout UndoRun?) throws(StorageError) in
                    try chain.append(contentsOf: batch, headState: headState, run: &run)
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
        return true
    }

    /// Waits for the last batch; returns how many blocks were committed.
    func finish() -> Int {
        slot.wait()
        slot.signal()
        return state.withLock { $0.committed }
    }
}
