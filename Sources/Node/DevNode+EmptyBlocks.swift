import Ethereum
import Execution
import Foundation
import Primitives
import State

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
    /// blocks are committed `emptyBlockBatch` at a time, so a million blocks cost linear time.
    func produceEmptyBlocks(count: Int, firstTimestamp: UInt64?, interval: UInt64,
                            onBlock: (ProducedBlock) -> Void) -> Int {
        let head = chain.head
        var state = head.state
        var header = head.header, hash = head.hash, fork = head.fork
        var settings = self.settings
        var batch: [Chain.PendingBlock] = []
        batch.reserveCapacity(min(count, Self.emptyBlockBatch))
        let keepStatesFrom = count - chain.retainedStates
        var made = 0
        var lastTime: UInt64 = header.timestamp
        for i in 0..<count {
            let time = firstTimestamp.map { $0 + UInt64(i) * interval }
            let next = nextBlock(after: header, hash: hash, fork: fork, timestamp: time, settings: settings)
            // No transactions: only the pre-block system calls run, on this (large-stack) thread.
            let (produced, changes, _) = builder.build(onto: &state, parentHash: hash, next: next, candidates: [],
                                                       executor: SequentialExecutor())
            batch.append(Chain.PendingBlock(produced: produced, changes: changes, state: i >= keepStatesFrom ? state : nil))
            header = produced.block.header
            hash = produced.hash
            fork = produced.fork
            lastTime = next.timestamp
            if i == 0 {
                // One-shot settings (next timestamp, base fee, prevRandao) belong to the first block.
                consumeOneShotSettings(producedAt: next.timestamp, explicit: time != nil)
                settings = self.settings
            }
            if batch.count == Self.emptyBlockBatch || i == count - 1 {
                do {
                    try chain.append(contentsOf: batch, headState: state)
                } catch {
                    FileHandle.standardError.write(Data("error: blocks \(batch[0].produced.block.header.number)… not committed: \(error)\n".utf8))
                    return made
                }
                for block in batch {
                    events.publish(block.produced)
                    onBlock(block.produced)
                }
                made += batch.count
                batch.removeAll(keepingCapacity: true)
            }
        }
        if firstTimestamp != nil { consumeOneShotSettings(producedAt: lastTime, explicit: true) }
        return made
    }
}
