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
    /// Wall time of the phases of a Block-STM run, in nanoseconds: the workers' run, the serial
    /// assembly of receipts in block order, and the fold of the final writes into state changes.
    public var executionNanos: UInt64 = 0
    public var assemblyNanos: UInt64 = 0
    public var foldNanos: UInt64 = 0

    public init() {}
}

/// A location of state a transaction read or wrote (EIP-7928 block access lists build on these).
public enum StateLocation: Hashable, Sendable {
    case account(Address)
    case storage(Address, UInt256)
    /// The account's whole storage was wiped.
    case storageWipe(Address)
}

/// The locations one transaction read and wrote in its final incarnation (kept as recorded, mapped
/// to `StateLocation`s only when asked for).
public struct TransactionAccessSet: Sendable {
    let record: IncarnationRecord

    init(_ record: IncarnationRecord) { self.record = record }

    public var reads: [StateLocation] { record.reads.map { $0.key.location } }
    public var writes: [StateLocation] { record.writes.map { $0.key.location } }
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
        /// A run that wrote at least this many locations has its receipts assembled on one worker
        /// while the others fold its state changes; below it, waking the workers costs more than
        /// they share (both take well under a millisecond), so the calling thread does both.
        public var sharedFinishFrom: Int

        public init(threads: Int, sequentialBelow: Int = 12, chainSwitch: ChainSwitch? = .measured, sharedFinishFrom: Int = 4_096) {
            self.threads = max(1, threads); self.sequentialBelow = sequentialBelow; self.chainSwitch = chainSwitch
            self.sharedFinishFrom = sharedFinishFrom
        }

        /// Block-STM always, whatever the block, with every path of it taken (differential tests).
        public static func forced(threads: Int) -> Configuration {
            Configuration(threads: threads, sequentialBelow: 0, chainSwitch: nil, sharedFinishFrom: 0)
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
        let run = BlockSTMRun(transactions: transactions, context: txContext, base: base, codeCaches: codeCaches,
                              chainSwitch: configuration.chainSwitch, workers: pool.count)
        // Whatever path the block takes below, the run's tables are freed off this thread.
        defer { Self.reclaim(run) }
        let runStart = DispatchTime.now().uptimeNanoseconds
        pool.run { w in run.work(worker: w) }
        stats.executionNanos = DispatchTime.now().uptimeNanoseconds - runStart
        let switched = run.switched.load(ordering: .relaxed)
        // After a switch, the transactions whose reads still hold, in order, are final; the rest
        // run sequentially on a plain journaled state over them.
        let prefix = switched ? run.validatedPrefix() : transactions.count
        let counted = run.totals
        stats.executions = counted.executions
        stats.reexecutions = counted.reexecutions
        stats.validations = counted.validations
        stats.validationAborts = counted.validationAborts
        stats.dependencyWaits = counted.dependencyWaits
        if switched, let rule = configuration.chainSwitch, prefix * 100 < transactions.count * rule.restartBelowPercent {
            // A chain usually shows within the first few dozen executions: little of the parallel
            // run is worth keeping, and the whole block on a plain journaled state is cheaper than
            // assembling the prefix and finishing on an overlay of its changes.
            stats.mode = .switchedToSequential
            var output = sequentialOutput(transactions, context: context, parent: parent, stopOnInvalid: stopOnInvalid)
            output.parallelStats = stats
            return output
        }

        guard let (assembled, changes, complete) = assembleAndFold(run, upTo: prefix, context: context, preChanges: preChanges,
                                                                   stopOnInvalid: stopOnInvalid, stats: &stats) else {
            stats.mode = .sequentialBlockLimit
            var output = sequentialOutput(transactions, context: context, parent: parent, stopOnInvalid: stopOnInvalid)
            output.parallelStats = stats
            return output
        }
        // The rest of the block on one journaled state over what the parallel run committed: after
        // a switch the sequential tail (on a worker: it needs the large stack), then the post-block
        // system work.
        let tailStart = switched && complete ? prefix : transactions.count
        let codeCache = self.codeCache
        let finish: @Sendable () -> BlockExecutionOutput = {
            var output = assembled
            let state = JournaledState(base: OverlayState(parent: parent, changes: changes), codeCache: codeCache)
            if tailStart < transactions.count {
                TransactionLoop.run(transactions, from: tailStart, context: context, state: state, output: &output, stopOnInvalid: stopOnInvalid)
            }
            output.requests = SystemCalls.postBlock(state: state, context: context, receipts: output.receipts, logsBloom: output.logsBloom)
            var all = changes
            all.merge(state.changes())
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

    /// Hands the caller's reference to `run` to the reclaimer (the last reference, once the caller
    /// returns; should the reclaimer be faster, the caller frees it, which is merely slower).
    static func reclaim(_ run: BlockSTMRun) {
        reclaimer.async { withExtendedLifetime(run) {} }
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

    /// The receipts and results of a run in block order, and what they left out.
    struct Assembly: Sendable {
        var output: BlockExecutionOutput
        var newCodes: [Hash: [UInt8]]
        /// False: stopped at an invalid transaction with `stopOnInvalid`.
        var complete: Bool
        /// The transactions below this index are the block's (included ones, or ones that wrote nothing).
        var limit: Int
    }

    /// The block's output from a finished run: the receipts in block order and the state changes.
    /// The two are independent (the changes come from the multi-version memory, whose versions
    /// below the limit are exactly the included transactions' writes), so on a big block one
    /// worker assembles while the others fold; the fold assumes the whole prefix is included and
    /// is redone in the rare case the assembly stops earlier. Nil as for `assemble`.
    func assembleAndFold(_ run: BlockSTMRun, upTo count: Int, context: BlockContext, preChanges: StateChanges,
                         stopOnInvalid: Bool, stats: inout ParallelStats) -> (BlockExecutionOutput, StateChanges, Bool)? {
        let locations = run.memory.locationCount
        var assembly: Assembly?
        var changes: StateChanges
        if locations < configuration.sharedFinishFrom || pool.count == 1 {
            let start = DispatchTime.now().uptimeNanoseconds
            assembly = assemble(run, upTo: count, context: context, stopOnInvalid: stopOnInvalid)
            let foldStart = DispatchTime.now().uptimeNanoseconds
            stats.assemblyNanos = foldStart - start
            guard let limit = assembly?.limit else { return nil }
            changes = fold(run, below: limit, preChanges: preChanges, locations: locations, partitions: 1, partition: 0)
            stats.foldNanos = DispatchTime.now().uptimeNanoseconds - foldStart
        } else {
            let assembled = LockedSlot<Assembly?>()
            let folders = pool.count - 1
            let parts = (0..<folders).map { _ in LockedSlot<StateChanges>() }
            let times = (0..<pool.count).map { _ in LockedSlot<UInt64>() }
            pool.run { w in
                let start = DispatchTime.now().uptimeNanoseconds
                if w == 0 {
                    let assembly = self.assemble(run, upTo: count, context: context, stopOnInvalid: stopOnInvalid)
                    assembled.value.withLock { $0 = assembly }
                } else {
                    let part = self.fold(run, below: count, preChanges: preChanges, locations: locations, partitions: folders, partition: w - 1)
                    parts[w - 1].value.withLock { $0 = part }
                }
                times[w].value.withLock { $0 = DispatchTime.now().uptimeNanoseconds - start }
            }
            stats.assemblyNanos = times[0].value.withLock { $0 ?? 0 }
            stats.foldNanos = (1..<pool.count).map { w in times[w].value.withLock { $0 ?? 0 } }.max()!
            assembly = assembled.value.withLock { $0.take()! }
            guard let limit = assembly?.limit else { return nil }
            changes = parts[0].value.withLock { $0.take()! }
            for part in parts.dropFirst() {
                changes.accounts.merge(part.value.withLock { $0.take()! }.accounts) { _, new in new }
            }
            if limit != count {
                changes = fold(run, below: limit, preChanges: preChanges, locations: locations, partitions: 1, partition: 0)
            }
        }
        guard let assembly else { return nil }
        Self.attach(assembly.newCodes, to: &changes)
        return (assembly.output, changes, assembly.complete)
    }

    /// The final incarnations' receipts and results in block order, applying the block limits the
    /// parallel run could not know (gas and blob gas left depend on the transactions before). Nil
    /// if such a limit excludes a transaction whose writes others may have read.
    func assemble(_ run: BlockSTMRun, upTo count: Int, context: BlockContext, stopOnInvalid: Bool) -> Assembly? {
        var complete = true
        var output = BlockExecutionOutput()
        var newCodes: [Hash: [UInt8]] = [:]
        var accessSets: [TransactionAccessSet] = []
        output.receipts.reserveCapacity(run.transactions.count)
        output.results.reserveCapacity(run.transactions.count)
        let gasLimit = context.environment.gasLimit
        var limit = count
        transactions: for index in 0..<count {
            guard let record = run.record(index) else { return nil }
            let wrote = !record.writes.isEmpty
            let blobs = run.transactions[index].transaction.blobVersionedHashes.count
            if let schedule = context.blobSchedule, blobs > 0 {
                let blobGas = UInt64(blobs) * BlobSchedule.gasPerBlob
                if output.blobGasUsed + blobGas > schedule.max * BlobSchedule.gasPerBlob {
                    if wrote && !stopOnInvalid { return nil }
                    output.invalid.append((index, .blobGasExceedsBlock))
                    if stopOnInvalid { complete = false; limit = index; break transactions } else { continue }
                }
            }
            let available = gasLimit - output.gasUsed
            let gas = run.transactions[index].transaction.gasLimit
            if gas > available {
                if wrote && !stopOnInvalid { return nil }
                output.invalid.append((index, .gasLimitExceedsBlock(gas: gas, available: available)))
                if stopOnInvalid { complete = false; limit = index; break transactions } else { continue }
            }
            switch record.outcome {
            case .failure(let error):
                output.invalid.append((index, error))
                if stopOnInvalid { complete = false; limit = index; break transactions }
            case .success(let result):
                output.gasUsed += result.gasUsed
                output.blobGasUsed += result.blobGasUsed
                var receipt = record.receipt!
                receipt.cumulativeGasUsed = output.gasUsed
                output.logsBloom.formUnion(receipt.logsBloom)
                output.receipts.append(receipt)
                output.results.append(result)
                output.included.append(index)
                for (hash, bytes) in record.codes { newCodes[hash] = bytes }
                accessSets.append(TransactionAccessSet(record))
            }
        }
        output.accessSets = accessSets
        return Assembly(output: output, newCodes: newCodes, complete: complete, limit: limit)
    }

    /// The state changes of transactions `0..<limit` (with the pre-block ones) of the accounts in
    /// one partition (by address) of `partitions`, read from the multi-version memory.
    func fold(_ run: BlockSTMRun, below limit: Int, preChanges: StateChanges, locations: Int, partitions: Int, partition: Int) -> StateChanges {
        var part = StateChanges()
        if partitions == 1 {
            part = preChanges
        } else {
            for (address, change) in preChanges.accounts where Self.partition(address, partitions) == partition { part.accounts[address] = change }
        }
        let memory = run.memory
        part.accounts.reserveCapacity(part.accounts.count + locations / partitions + 16)
        memory.fold(below: limit, into: &part, base: run.base, firstShard: partition * memory.shards.count / partitions) {
            Self.partition($0, partitions) == partition
        }
        return part
    }

    /// Gives accounts whose code this block deployed the code bytes.
    static func attach(_ newCodes: [Hash: [UInt8]], to changes: inout StateChanges) {
        guard !newCodes.isEmpty else { return }
        for (address, change) in changes.accounts {
            if let a = change.account, a.hasCode, change.code == nil, let bytes = newCodes[a.codeHash] {
                changes.accounts[address]!.code = bytes
            }
        }
    }

    @inline(__always) static func partition(_ address: Address, _ count: Int) -> Int {
        count == 1 ? 0 : Int((address.lo ^ UInt32(truncatingIfNeeded: address.hi)) % UInt32(count))
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
