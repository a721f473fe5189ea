import EVM
import Ethereum
import Primitives
import State
import Dispatch
import Synchronization

/// What the parallel executor did with a block (for benchmarks, tests and logs).
public struct ParallelStats: Sendable {
    public enum Mode: String, Sendable {
        /// Block-STM ran the whole block.
        case parallel
        /// Too few transactions to gain from threads: ran sequentially from the start.
        case sequentialSmallBlock = "sequential-small-block"
        /// Pre-Byzantium receipts need the state root after every transaction: ran sequentially.
        case sequentialIntermediateRoots = "sequential-intermediate-roots"
        /// Re-executions showed a dependency chain: switched to sequential mid-block.
        case switchedToSequential = "switched-to-sequential"
        /// A block-level limit (gas or blob gas) excluded a transaction the parallel run had
        /// executed; the block was re-run sequentially.
        case sequentialBlockLimit = "sequential-block-limit"
    }

    public var mode: Mode = .parallel
    /// Transaction executions, re-executions included.
    public var executions = 0
    public var reexecutions = 0
    public var validations = 0
    /// Validations that failed and aborted an incarnation.
    public var validationAborts = 0
    /// Executions that read an estimate and waited for a lower transaction.
    public var dependencyWaits = 0
    /// Wall time of the phases of a Block-STM run, in nanoseconds: the workers' run, and the
    /// commit of what the run left uncommitted (receipts in block order, writes onto the changes).
    public var executionNanos: UInt64 = 0
    public var commitNanos: UInt64 = 0
    /// Transactions committed by the workers during the run (the rest are committed after it).
    public var committedInRun = 0

    public init() {}
}

/// A location of state a transaction read or wrote (EIP-7928 block access lists build on these).
public enum StateLocation: Hashable, Sendable {
    case account(Address)
    case storage(Address, UInt256)
    /// The account's whole storage was wiped.
    case storageWipe(Address)
}

/// The locations one transaction read and wrote in its final incarnation.
public struct TransactionAccessSet: Sendable {
    public let reads: [StateLocation]
    public let writes: [StateLocation]
}

/// Each included transaction's access set, in block order. The committer appends every location
/// to one flat list as it commits the transaction (its record is then recycled, see
/// `IncarnationRecord`); locations become `StateLocation`s only when a set is asked for.
public struct BlockAccessSets: RandomAccessCollection, Sendable {
    /// Where one transaction's reads end, and then its writes, in `locations`.
    struct Ends: Sendable {
        var reads: Int
        var writes: Int
    }

    /// Every transaction's reads and then its writes, in block order.
    let locations: [MVKey]
    let ends: [Ends]

    public var startIndex: Int { 0 }
    public var endIndex: Int { ends.count }

    public subscript(i: Int) -> TransactionAccessSet {
        let start = i == 0 ? 0 : ends[i - 1].writes
        return TransactionAccessSet(reads: locations[start..<ends[i].reads].map(\.location),
                                    writes: locations[ends[i].reads..<ends[i].writes].map(\.location))
    }
}

/// Block-STM: runs a block's transactions optimistically in parallel on long-lived worker threads
/// and produces exactly what `SequentialExecutor` produces (state, receipts, logs, gas).
public final class ParallelExecutor: BlockExecutor, Sendable {
    public struct Configuration: Sendable {
        public var threads: Int
        /// Blocks with fewer transactions run sequentially: waking the workers and the
        /// multi-version bookkeeping cost more than they gain. Measured with
        /// `lanes-bench executor --txs N` on independent transfers: at 2 threads Block-STM starts
        /// to beat sequential between 8 and 16 transactions.
        public var sequentialBelow: Int
        /// When to stop and finish the block sequentially (nil: never).
        public var chainSwitch: ChainSwitch?
        /// Workers commit final transactions once a validated one ends a stretch of this many
        /// from the committed prefix (the rest are committed after the run). Each try takes a
        /// commit gate that every worker takes, a cache line moved between cores: trying after
        /// every validation cost 2–3 % of a 2-thread run of 10,000 transfers or ERC-20 transfers
        /// (lanes-bench executor, A/B over 10 rounds).
        public var commitBatch: Int

        public init(threads: Int, sequentialBelow: Int = 12, chainSwitch: ChainSwitch? = .measured, commitBatch: Int = 32) {
            self.threads = max(1, threads); self.sequentialBelow = sequentialBelow; self.chainSwitch = chainSwitch
            self.commitBatch = max(1, commitBatch)
        }

        /// Block-STM always, whatever the block, committing after every validation (differential
        /// tests: the most commits during the run).
        public static func forced(threads: Int) -> Configuration {
            Configuration(threads: threads, sequentialBelow: 0, chainSwitch: nil, commitBatch: 1)
        }
    }

    /// A block that is mostly one dependency chain makes parallel workers abort and wait on each
    /// other, losing to sequential execution. Once `minimumExecutions` executions ran, conflicts
    /// (validation aborts plus dependency waits) at `conflictPercent` of executions or more stop
    /// the run: the validated prefix is kept and the rest runs sequentially.
    public struct ChainSwitch: Sendable {
        public var minimumExecutions: Int
        public var conflictPercent: Int
        /// A validated prefix under this percentage of the block is dropped and the block runs
        /// sequentially from its start; a longer one is kept and the rest of the block finishes
        /// sequentially on top of it.
        public var restartBelowPercent: Int

        public init(minimumExecutions: Int, conflictPercent: Int, restartBelowPercent: Int = 10) {
            self.minimumExecutions = minimumExecutions; self.conflictPercent = conflictPercent
            self.restartBelowPercent = restartBelowPercent
        }

        /// Measured with `lanes-bench executor`: `chain` and `swaps-one` show conflicts on most
        /// executions within the first few dozen, the other workloads stay far below a third.
        /// Such an early switch keeps under 1 % of the block, so it restarts sequentially.
        public static let measured = ChainSwitch(minimumExecutions: 48, conflictPercent: 35)
    }

    public let configuration: Configuration
    let pool: WorkerPool
    /// Analysed code, one cache per worker: a shared cache's lock and its `Code` objects'
    /// reference counts were touched by every worker for every call, moving their cache lines
    /// between cores (an analysis per worker is cheap next to that).
    let codeCaches: [CodeCache]
    /// The cache of the thread that calls `execute` (pre- and post-block work).
    var codeCache: CodeCache { codeCaches[0] }
    /// Statistics of the last block (one block at a time runs on an executor).
    let lastStatsStore = Mutex(ParallelStats())

    public init(configuration: Configuration) {
        self.configuration = configuration
        MallocTuning.applied
        pool = WorkerPool(threads: configuration.threads)
        codeCaches = (0..<pool.count).map { _ in CodeCache() }
    }

    public convenience init(threads: Int) { self.init(configuration: Configuration(threads: threads)) }

    /// What the last executed block did.
    public var lastStats: ParallelStats { lastStatsStore.withLock { $0 } }

    public func execute(_ transactions: [BlockTransaction], context: BlockContext, parent: WorldState, stopOnInvalid: Bool) -> BlockExecutionOutput {
        var stats = ParallelStats()
        defer { lastStatsStore.withLock { $0 = stats } }
        if transactions.count < max(1, configuration.sequentialBelow) || context.needsIntermediateStateRoots {
            stats.mode = context.needsIntermediateStateRoots ? .sequentialIntermediateRoots : .sequentialSmallBlock
            stats.executions = transactions.count
            var output = sequentialOutput(transactions, context: context, parent: parent, stopOnInvalid: stopOnInvalid)
            output.parallelStats = stats
            return output
        }

        // Pre-block system calls, then the transactions over (parent + their effects).
        let pre = JournaledState(base: parent, codeCache: codeCache)
        SystemCalls.preBlock(state: pre, context: context)
        let preChanges = pre.changes()
        let base: any StateReader = preChanges.accounts.isEmpty ? parent : OverlayState(parent: parent, changes: preChanges)
        var txContext = TransactionProcessor.Context(block: context.environment, fork: context.fork, blobBaseFee: context.blobBaseFee,
                                                     blockGasAvailable: context.environment.gasLimit)
        txContext.capturesConsoleLog = context.capturesConsoleLog
        let committer = BlockSTMCommitter(transactions: transactions, base: base, preChanges: preChanges, context: context,
                                          stopOnInvalid: stopOnInvalid)
        let run = BlockSTMRun(transactions: transactions, context: txContext, base: base, codeCaches: codeCaches,
                              chainSwitch: configuration.chainSwitch, workers: pool.count, committer: consume committer,
                              commitBatch: configuration.commitBatch)
        let output = output(of: run, context: context, parent: parent, stopOnInvalid: stopOnInvalid, stats: &stats)
        // Whatever path the block took, the run's tables are freed off this thread: the reclaimer
        // is handed the only reference (with one left here, the caller could be the last to let go).
        Self.reclaim(consume run)
        return output
    }

    /// The block's output from a Block-STM run: the run itself, then whatever its end calls for
    /// (the committed prefix and a sequential tail after a switch, or a sequential rerun).
    func output(of run: BlockSTMRun, context: BlockContext, parent: WorldState, stopOnInvalid: Bool,
                stats: inout ParallelStats) -> BlockExecutionOutput {
        let transactions = run.transactions, committer = run.committer
        let runStart = DispatchTime.now().uptimeNanoseconds
        pool.run { w in run.work(worker: w) }
        stats.executionNanos = DispatchTime.now().uptimeNanoseconds - runStart
        let counted = run.totals
        stats.executions = counted.executions
        stats.reexecutions = counted.reexecutions
        stats.validations = counted.validations
        stats.validationAborts = counted.validationAborts
        stats.dependencyWaits = counted.dependencyWaits
        stats.committedInRun = run.scheduler.committed.load(ordering: .acquiring)
        // A commit that stopped the run decides the block; otherwise, after a switch, the
        // transactions whose reads still hold, in order, are final and the rest run sequentially.
        let switched = run.switched.load(ordering: .relaxed) && committer.stop == nil
        let prefix = switched ? run.validatedPrefix() : transactions.count
        if switched, let rule = configuration.chainSwitch, prefix * 100 < transactions.count * rule.restartBelowPercent {
            // A chain usually shows within the first few dozen executions: little of the parallel
            // run is worth keeping, and the whole block on a plain journaled state is cheaper than
            // committing the prefix and finishing on an overlay of its changes.
            stats.mode = .switchedToSequential
            var output = sequentialOutput(transactions, context: context, parent: parent, stopOnInvalid: stopOnInvalid)
            output.parallelStats = stats
            return output
        }
        let commitStart = DispatchTime.now().uptimeNanoseconds
        while committer.stop == nil && committer.next < prefix && committer.commit(run.record(committer.next)!) {}
        stats.commitNanos = DispatchTime.now().uptimeNanoseconds - commitStart
        if case .needsSequential = committer.stop {
            stats.mode = .sequentialBlockLimit
            var output = sequentialOutput(transactions, context: context, parent: parent, stopOnInvalid: stopOnInvalid)
            output.parallelStats = stats
            return output
        }
        let assembled = committer.takeOutput()
        // The rest of the block on one journaled state over what the parallel run committed: after
        // a switch the sequential tail (on a worker: it needs the large stack), then the post-block
        // system work.
        let tailStart = switched && committer.stop == nil ? prefix : transactions.count
        let codeCache = self.codeCache
        let finish: @Sendable () -> BlockExecutionOutput = {
            var output = assembled
            let after: StateChanges = {
                let overlay = OverlayState(parent: parent, changes: committer.changes, codes: committer.newCodes)
                let state = JournaledState(base: overlay, codeCache: codeCache)
                if tailStart < transactions.count {
                    TransactionLoop.run(transactions, from: tailStart, context: context, state: state, output: &output, stopOnInvalid: stopOnInvalid)
                }
                output.requests = SystemCalls.postBlock(state: state, context: context, receipts: output.receipts, logsBloom: output.logsBloom)
                return state.changes()
            }()
            // The overlay is gone, so the committer's changes are taken, not shared: the merge
            // changes them in place instead of copying every entry first.
            var all = committer.takeChanges()
            all.merge(after)
            output.changes = all
            return output
        }
        var output: BlockExecutionOutput
        if switched {
            stats.mode = .switchedToSequential
            let tail = LockedSlot<BlockExecutionOutput>()
            pool.run { worker in if worker == 0 { tail.value.withLock { $0 = finish() } } }
            output = tail.value.withLock { $0! }
            output.accessSets = nil  // the sequential tail records none
        } else {
            output = finish()
        }
        output.parallelStats = stats
        return output
    }

    /// Frees finished runs one after another on a background thread: a run's multi-version memory,
    /// records and scheduler slots (tens of thousands of entries, last touched by other cores)
    /// took ~5 ms to free on a 10,000-transaction block, a tenth of the block's time on the
    /// caller's path, where the block's output was ready and waiting.
    static let reclaimer = DispatchQueue(label: "lanes.block-stm.reclaim", qos: .utility)

    /// Takes the caller's reference to `run` (its last one) and lets the reclaimer drop it. The
    /// reference travels in a box that the reclaimer empties: captured directly, the caller's
    /// copy was released after the reclaimer's whenever the reclaimer ran first (callgrind caught
    /// the caller freeing a 10,000-transaction run, 13.5 M instructions, on the block's path).
    static func reclaim(_ run: consuming BlockSTMRun) {
        let handoff = RunHandoff(run)
        reclaimer.async { handoff.run = nil }
    }

    /// A run on its way to the reclaimer (only the reclaimer touches it once handed over).
    final class RunHandoff: @unchecked Sendable {
        var run: BlockSTMRun?
        init(_ run: consuming BlockSTMRun) { self.run = run }
    }

    /// Returns once every run handed to the reclaimer so far is freed (benchmarks wait for it
    /// between timed blocks, so that no block is timed while an earlier one is being freed).
    public static func waitForReclaim() { reclaimer.sync {} }

    /// The sequential executor's answer, run on a worker thread (it needs the large stack).
    func sequentialOutput(_ transactions: [BlockTransaction], context: BlockContext, parent: WorldState, stopOnInvalid: Bool) -> BlockExecutionOutput {
        let slot = Mutex<BlockExecutionOutput?>(nil)
        pool.runOnFirstWorker {
            let output = SequentialExecutor().execute(transactions, context: context, parent: parent, stopOnInvalid: stopOnInvalid)
            slot.withLock { $0 = output }
        }
        return slot.withLock { $0! }
    }
}

extension MVKey {
    var location: StateLocation {
        switch self {
        case .account(let a): return .account(a)
        case .storage(let a, let k): return .storage(a, k)
        case .storageReset(let a): return .storageWipe(a)
        }
    }
}

/// A value one thread hands to another.
final class LockedSlot<T: Sendable>: Sendable {
    let value = Mutex<T?>(nil)
}
