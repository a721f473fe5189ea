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

        public init(threads: Int, sequentialBelow: Int = 12, chainSwitch: ChainSwitch? = .measured) {
            self.threads = max(1, threads); self.sequentialBelow = sequentialBelow; self.chainSwitch = chainSwitch
        }

        /// Block-STM always, whatever the block (differential tests, benchmarks).
        public static func forced(threads: Int) -> Configuration {
            Configuration(threads: threads, sequentialBelow: 0, chainSwitch: nil)
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
    let codeCache = CodeCache()
    /// Statistics of the last block (one block at a time runs on an executor).
    let lastStatsStore = Mutex(ParallelStats())

    public init(configuration: Configuration) {
        self.configuration = configuration
        MallocTuning.applied
        pool = WorkerPool(threads: configuration.threads)
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
        let run = BlockSTMRun(transactions: transactions, context: txContext, base: base, codeCache: codeCache,
                              chainSwitch: configuration.chainSwitch)
        pool.run { _ in run.work() }
        // (The run, its records and multi-version memory are freed when this returns.)
        let switched = run.switched.load(ordering: .relaxed)
        // After a switch, the transactions whose reads still hold, in order, are final; the rest
        // run sequentially on a plain journaled state over them.
        let prefix = switched ? run.validatedPrefix() : transactions.count
        stats.executions = run.executions.load(ordering: .relaxed)
        stats.reexecutions = run.reexecutions.load(ordering: .relaxed)
        stats.validations = run.validations.load(ordering: .relaxed)
        stats.validationAborts = run.validationAborts.load(ordering: .relaxed)
        stats.dependencyWaits = run.dependencyWaits.load(ordering: .relaxed)
        if switched, let rule = configuration.chainSwitch, prefix * 100 < transactions.count * rule.restartBelowPercent {
            // A chain usually shows within the first few dozen executions: little of the parallel
            // run is worth keeping, and the whole block on a plain journaled state is cheaper than
            // assembling the prefix and finishing on an overlay of its changes.
            stats.mode = .switchedToSequential
            var output = sequentialOutput(transactions, context: context, parent: parent, stopOnInvalid: stopOnInvalid)
            output.parallelStats = stats
            return output
        }

        guard let (assembled, changes, complete) = assemble(run, upTo: prefix, context: context, preChanges: preChanges,
                                                            stopOnInvalid: stopOnInvalid) else {
            stats.mode = .sequentialBlockLimit
            var output = sequentialOutput(transactions, context: context, parent: parent, stopOnInvalid: stopOnInvalid)
            output.parallelStats = stats
            return output
        }
        // The rest of the block on one journaled state over what the parallel run committed: after
        // a switch the sequential tail (on a worker: it needs the large stack), then the post-block
        // system work.
        let tailStart = switched && complete ? prefix : transactions.count
        let finish: @Sendable () -> BlockExecutionOutput = { [codeCache] in
            var output = assembled
            let state = JournaledState(base: OverlayState(parent: parent, changes: changes), codeCache: codeCache)
            if tailStart < transactions.count {
                TransactionLoop.run(transactions, from: tailStart, context: context, state: state, output: &output, stopOnInvalid: stopOnInvalid)
            }
            output.requests = SystemCalls.postBlock(state: state, context: context, receipts: output.receipts)
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

    /// The sequential executor's answer, run on a worker thread (it needs the large stack).
    func sequentialOutput(_ transactions: [BlockTransaction], context: BlockContext, parent: WorldState, stopOnInvalid: Bool) -> BlockExecutionOutput {
        let slot = Mutex<BlockExecutionOutput?>(nil)
        pool.runOnFirstWorker {
            let output = SequentialExecutor().execute(transactions, context: context, parent: parent, stopOnInvalid: stopOnInvalid)
            slot.withLock { $0 = output }
        }
        return slot.withLock { $0! }
    }

    /// Folds the final incarnations into the block's output in block order, applying the block
    /// limits the parallel run could not know (gas and blob gas left depend on the transactions
    /// before). Nil if such a limit excludes a transaction whose writes others may have read.
    /// Returns the output of transactions `0..<count` (without post-block work), the state changes
    /// with the pre-block ones, and whether it went through all of them (false: stopped at an
    /// invalid one with `stopOnInvalid`).
    func assemble(_ run: BlockSTMRun, upTo count: Int, context: BlockContext, preChanges: StateChanges,
                  stopOnInvalid: Bool) -> (BlockExecutionOutput, StateChanges, Bool)? {
        var complete = true
        var output = BlockExecutionOutput()
        var newCodes: [Hash: [UInt8]] = [:]
        var accessSets: [TransactionAccessSet] = []
        var includedRecords: [IncarnationRecord] = []
        includedRecords.reserveCapacity(run.transactions.count)
        output.receipts.reserveCapacity(run.transactions.count)
        output.results.reserveCapacity(run.transactions.count)
        let gasLimit = context.environment.gasLimit
        transactions: for (index, item) in run.transactions[..<count].enumerated() {
            let tx = item.transaction
            guard let record = run.record(index) else { return nil }
            let wrote = !record.writes.isEmpty
            if let schedule = context.blobSchedule, !tx.blobVersionedHashes.isEmpty {
                let blobGas = UInt64(tx.blobVersionedHashes.count) * BlobSchedule.gasPerBlob
                if output.blobGasUsed + blobGas > schedule.max * BlobSchedule.gasPerBlob {
                    if wrote && !stopOnInvalid { return nil }
                    output.invalid.append((index, .blobGasExceedsBlock))
                    if stopOnInvalid { complete = false; break transactions } else { continue }
                }
            }
            let available = gasLimit - output.gasUsed
            if tx.gasLimit > available {
                if wrote && !stopOnInvalid { return nil }
                output.invalid.append((index, .gasLimitExceedsBlock(gas: tx.gasLimit, available: available)))
                if stopOnInvalid { complete = false; break transactions } else { continue }
            }
            switch record.outcome {
            case .failure(let error):
                output.invalid.append((index, error))
                if stopOnInvalid { complete = false; break transactions }
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
                includedRecords.append(record)
                accessSets.append(TransactionAccessSet(record))
            }
        }
        let changes = foldInParallel(includedRecords, preChanges: preChanges, newCodes: newCodes, base: run.base)
        output.accessSets = accessSets
        return (output, changes, complete)
    }

    /// The block's state changes from the included transactions' writes, in block order. Each worker
    /// folds the accounts of its own partition (by address), so the partitions are disjoint and
    /// merging them is plain insertion.
    func foldInParallel(_ records: [IncarnationRecord], preChanges: StateChanges, newCodes: [Hash: [UInt8]], base: any StateReader) -> StateChanges {
        // Below a few thousand writes, waking the workers costs more than folding on this thread.
        let writes = records.reduce(0) { $0 + $1.writes.count }
        let partitions = writes < 4_096 ? 1 : pool.count
        if partitions == 1 {
            var changes = preChanges
            for record in records { Self.fold(record.writes, into: &changes, parent: base) }
            Self.attach(newCodes, to: &changes)
            return changes
        }
        let results = (0..<partitions).map { _ in LockedSlot<StateChanges>() }
        pool.run { w in
            var part = StateChanges()
            part.accounts.reserveCapacity(records.count * 3 / partitions + 16)
            for (address, change) in preChanges.accounts where Self.partition(address, partitions) == w { part.accounts[address] = change }
            for record in records {
                Self.fold(record.writes, into: &part, parent: base) { Self.partition($0, partitions) == w }
            }
            Self.attach(newCodes, to: &part)
            results[w].value.withLock { $0 = part }
        }
        var changes = results[0].value.withLock { $0.take()! }
        for w in 1..<partitions {
            let part = results[w].value.withLock { $0.take()! }
            changes.accounts.merge(part.accounts) { _, new in new }
        }
        return changes
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

    /// Applies one transaction's writes on top of the changes so far (credits resolve against the
    /// account as the changes or, if untouched, the parent state hold it).
    static func fold(_ writes: [MVWrite], into changes: inout StateChanges, parent: any StateReader, where owned: (Address) -> Bool = { _ in true }) {
        for w in writes where owned(w.key.address) {
            switch (w.key, w.value) {
            case (.storageReset(let a), _):
                modify(&changes.accounts[a, default: StateChanges.AccountChange(account: parent.account(a))]) {
                    $0.storageCleared = true
                    $0.storage = [:]
                }
            case (.account(let a), .account(let account)):
                modify(&changes.accounts[a, default: StateChanges.AccountChange(account: account)]) { $0.account = account }
            case (.account(let a), .credit(let credit)):
                modify(&changes.accounts[a, default: StateChanges.AccountChange(account: parent.account(a))]) {
                    $0.account = MVMemory.credited($0.account, credit)
                }
            case (.storage(let a, let slot), .storage(let value)):
                modify(&changes.accounts[a, default: StateChanges.AccountChange(account: parent.account(a))]) { $0.storage[slot] = value }
            default:
                preconditionFailure("Block-STM: a write whose value does not fit its location")
            }
        }
    }

    /// One dictionary lookup for a read-modify-write of an entry (the default subscript's modify).
    @inline(__always) static func modify(_ change: inout StateChanges.AccountChange, _ body: (inout StateChanges.AccountChange) -> Void) {
        body(&change)
    }
}

extension MVKey {
    var address: Address {
        switch self {
        case .account(let a), .storage(let a, _), .storageReset(let a): return a
        }
    }

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
