import EVM
import Ethereum
import Primitives
import State
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The latest finished incarnation of one transaction: what it read (by value), what it wrote,
/// the code it deployed and its outcome. Replaced wholesale by the next incarnation.
///
/// Records are recycled: once a record is committed (or replaced) and its holder has the only
/// reference, the worker that filled it refills it for a later incarnation, reusing its arrays'
/// buffers. Keeping every record of a block until the end made a Block-STM run's memory several
/// times the sequential executor's, and each publish allocated three buffers (a block of 10,000
/// ERC-20 transfers, cachegrind with a 32 MB last-level cache: 2.38 M misses before, 1.70 M with
/// recycling, 1.38 M for the sequential executor).
///
/// `@unchecked Sendable`: the fields change only in `fill`, while no other thread can reach the
/// record (a fresh or recycled record, before the record slot's lock publishes it), and in
/// `takeResult`, by the committer, while others can only read its reads and incarnation.
final class IncarnationRecord: @unchecked Sendable {
    @exclusivity(unchecked) private(set) var incarnation = 0
    /// The worker that filled it: the record goes back to that worker's spares.
    @exclusivity(unchecked) private(set) var worker = 0
    @exclusivity(unchecked) private(set) var reads: [MVRead] = []
    @exclusivity(unchecked) private(set) var writes: [MVWrite] = []
    @exclusivity(unchecked) private(set) var codes: [(Hash, [UInt8])] = []
    @exclusivity(unchecked) private(set) var outcome = IncarnationRecord.noOutcome
    /// The receipt (its bloom computed here, on the worker), cumulative gas left to the commit.
    @exclusivity(unchecked) private(set) var receipt: Receipt?

    /// The reads and the writes, borrowed in place: a copy of the array would retain its buffer,
    /// whose reference count shares a line with the elements that the worker refilling the record
    /// writes (another core, when a validation or a commit reads the record).
    @inline(__always) func withReads<R>(_ body: (UnsafeBufferPointer<MVRead>) -> R) -> R { reads.withUnsafeBufferPointer(body) }
    @inline(__always) func withWrites<R>(_ body: (UnsafeBufferPointer<MVWrite>) -> R) -> R { writes.withUnsafeBufferPointer(body) }

    /// The outcome and the receipt, moved out for the committer (nothing reads a committed record's
    /// outcome again): no copy of them, and no retain of their logs.
    func takeResult() -> (Result<TransactionResult, TransactionError>, Receipt?) {
        var taken = Self.noOutcome
        swap(&taken, &outcome)
        return (taken, receipt.take())
    }

    /// What a record holds before its first fill and after `takeResult`.
    private static let noOutcome: Result<TransactionResult, TransactionError> = .failure(.nonceTooLow(expected: 0, got: 0))

    /// Sets every field; the arrays are copied into this record's own buffers.
    func fill(worker: Int, incarnation: Int, reads: [MVRead], writes: [MVWrite], codes: [(Hash, [UInt8])],
              outcome: consuming Result<TransactionResult, TransactionError>, receipt: consuming Receipt?) {
        self.worker = worker
        self.incarnation = incarnation
        self.reads.removeAll(keepingCapacity: true)
        self.reads.append(contentsOf: reads)
        self.writes.removeAll(keepingCapacity: true)
        self.writes.append(contentsOf: writes)
        self.codes = codes
        self.outcome = outcome
        self.receipt = receipt
    }
}

/// One block's Block-STM execution: the shared memory, the scheduler, and the worker loop that
/// every pool thread runs until the scheduler says the block is done (or the run is stopped to
/// switch to sequential execution).
final class BlockSTMRun: Sendable {
    /// What happened on one worker, counted there and added up when the run is over (or when
    /// `checkForChain` needs the totals): shared counters bumped by every task cost a cache-line
    /// transfer between cores per transaction.
    struct Counters: Sendable {
        var executions = 0
        var reexecutions = 0
        var validations = 0
        var validationAborts = 0
        var dependencyWaits = 0

        var conflicts: Int { validationAborts + dependencyWaits }

        static func + (a: Counters, b: Counters) -> Counters {
            Counters(executions: a.executions + b.executions, reexecutions: a.reexecutions + b.reexecutions,
                     validations: a.validations + b.validations, validationAborts: a.validationAborts + b.validationAborts,
                     dependencyWaits: a.dependencyWaits + b.dependencyWaits)
        }
    }

    let transactions: [BlockTransaction]
    let context: TransactionProcessor.Context
    let base: any StateReader
    let memory: MVMemory
    let scheduler: BlockSTMScheduler
    let codes = CodeStore()
    /// One per worker (see `ParallelExecutor.codeCaches`).
    let codeCaches: [CodeCache]
    /// Each transaction's latest finished incarnation.
    let records: PaddedMutexes<IncarnationRecord?>
    /// Per worker, the records it filled that came back (committed or replaced, and referenced
    /// nowhere else), for it to refill: its own buffers, most likely still in its cache.
    let spareRecords: PaddedMutexes<[IncarnationRecord]>
    static let spareRecordLimit = 256
    /// When a conflict rate that marks a dependency chain stops the run (nil: never).
    let chainSwitch: ParallelExecutor.ChainSwitch?
    /// Each worker's counters as of its last report.
    let counters: PaddedMutexes<Counters>
    let switched = Atomic<Bool>(false)
    /// Puts the block's output together as transactions become final.
    let committer: BlockSTMCommitter
    /// How many transactions from the committed prefix up to a validated one make a worker commit.
    let commitBatch: Int

    init(transactions: [BlockTransaction], context: TransactionProcessor.Context, base: any StateReader, codeCaches: [CodeCache],
         chainSwitch: ParallelExecutor.ChainSwitch?, workers: Int, committer: BlockSTMCommitter, commitBatch: Int) {
        self.transactions = transactions
        self.committer = committer
        self.commitBatch = commitBatch
        self.context = context
        self.base = base
        self.codeCaches = codeCaches
        self.chainSwitch = chainSwitch
        scheduler = BlockSTMScheduler(count: transactions.count)
        memory = MVMemory(expectedLocations: transactions.count * 4, feeRecipient: context.block.coinbase, workers: workers)
        records = PaddedMutexes(count: transactions.count) { _ in nil }
        spareRecords = PaddedMutexes(count: workers) { _ in [] }
        counters = PaddedMutexes(count: workers) { _ in Counters() }
    }

    func record(_ tx: Int) -> IncarnationRecord? { records.withLock(tx) { $0 } }

    /// The counters of all workers as last reported.
    var totals: Counters { (0..<counters.count).reduce(Counters()) { sum, w in sum + counters.withLock(w) { $0 } } }

    // MARK: Worker loop

    /// What one worker thread reuses from transaction to transaction.
    final class Worker {
        let index: Int
        let view: MVStateView
        let state: JournaledState
        /// The run's context with the precompile set in buffers of this worker's own (see
        /// `PrecompileSet.unshared`), and the same for impersonated senders (a `let` each, passed
        /// as it is: a per-transaction copy to set the flag retained the set's buffers).
        let context: TransactionProcessor.Context
        let impersonatedContext: TransactionProcessor.Context
        // Only the worker's own thread touches these (no dynamic exclusivity checks needed).
        @exclusivity(unchecked) var counters = Counters()
        /// Where an incarnation's write set is built.
        @exclusivity(unchecked) var scratch: [MVWrite] = []
        /// Records to refill, taken from `BlockSTMRun.spareRecords` a batch at a time.
        @exclusivity(unchecked) var spareRecords: [IncarnationRecord] = []

        init(_ run: BlockSTMRun, index: Int) {
            self.index = index
            view = MVStateView(memory: run.memory, base: run.base, codes: run.codes, tx: 0)
            state = JournaledState(base: view, codeCache: run.codeCaches[index])
            state.defersCredits = true
            state.multiVersionView = view
            var context = run.context
            context.block.precompiles = (context.block.precompiles ?? PrecompileSet.forFork(context.fork)).unshared()
            self.context = context
            context.senderMayHaveCode = true
            impersonatedContext = context
        }
    }

    func work(worker index: Int) {
        let worker = Worker(self, index: index)
        defer { report(worker) }
        var task: BlockSTMScheduler.Task? = nil
        var idle = 0
        while !scheduler.done {
            if task == nil {
                task = scheduler.nextTask()
                if task == nil {
                    if scheduler.stopRequested.load(ordering: .relaxed) { return }
                    idle += 1
                    if idle > 64 { sched_yield() }
                    continue
                }
                idle = 0
            }
            switch task! {
            case .execute(let tx, let incarnation): task = execute(tx, incarnation: incarnation, worker: worker)
            case .validate(let tx, let incarnation, let wave): task = validate(tx, incarnation: incarnation, wave: wave, worker: worker)
            }
        }
    }

    /// Runs an incarnation; parks it if it read an estimate of a transaction still executing.
    func execute(_ tx: Int, incarnation: Int, worker: Worker) -> BlockSTMScheduler.Task? {
        while true {
            let outcome = run(tx, worker)
            let view = worker.view
            worker.counters.executions += 1
            if incarnation > 0 { worker.counters.reexecutions += 1 }
            if let blocker = view.blockedOn {
                worker.counters.dependencyWaits += 1
                checkForChain(worker)
                if scheduler.addDependency(tx, on: blocker) { return nil }
                continue  // the blocker finished meanwhile: run again with its writes
            }
            let wroteNew = publish(tx, incarnation: incarnation, worker: worker, outcome: outcome)
            // Conflicts check at once; otherwise a rate that crossed the line while fewer than
            // `minimumExecutions` had run is seen within a few executions.
            if worker.counters.executions % 8 == 0 { checkForChain(worker) }
            return scheduler.finishExecution(tx, incarnation: incarnation, wroteNewLocation: wroteNew)
        }
    }

    func validate(_ tx: Int, incarnation: Int, wave: Int, worker: Worker) -> BlockSTMScheduler.Task? {
        worker.counters.validations += 1
        // Validations are handed out for executed incarnations only; the record is gone when the
        // transaction was committed since (its reads hold then: every lower one is final).
        guard let record = record(tx) else { return scheduler.finishValidation(tx, incarnation: incarnation, wave: wave, aborted: false) }
        let valid = record.incarnation == incarnation && record.withReads { memory.validate($0, tx: tx, base: base) }
        let aborted = !valid && scheduler.tryValidationAbort(tx, incarnation: incarnation)
        if aborted {
            worker.counters.validationAborts += 1
            memory.markEstimates(tx: tx, writes: record.writes)
            checkForChain(worker)
        }
        let next = scheduler.finishValidation(tx, incarnation: incarnation, wave: wave, aborted: aborted)
        // Commits go in batches: each try takes the commit gate, a cache line the other workers
        // take too, so trying after every validation moved it between cores for every transaction.
        // What the last batch leaves is committed after the run.
        if valid && tx - scheduler.committed.load(ordering: .relaxed) + 1 >= commitBatch { commitFinal() }
        return next
    }

    /// Commits the transactions that became final (see `BlockSTMScheduler.commitFinal`); a refused
    /// one (a block limit, an invalid transaction that ends the block) stops the run.
    func commitFinal() {
        scheduler.commitFinal { tx in
            let record = record(tx)!
            guard committer.commit(record) else {
                scheduler.stop()
                return false
            }
            // Nothing reads a committed transaction's record again: it goes back to this worker.
            records.withLock(tx) { $0 = nil }
            recycle(record)
            return true
        }
    }

    /// One execution of transaction `tx` against the multi-version memory.
    func run(_ tx: Int, _ worker: Worker) -> Result<TransactionResult, TransactionError> {
        worker.view.reset(tx: tx)
        worker.state.reset()
        let state = worker.state
        do throws(TransactionError) {
            // Two calls, not a choice of context: a chosen value would be a copy.
            if transactions[tx].senderMayHaveCode {
                return .success(try TransactionProcessor.execute(transactions[tx].transaction, sender: transactions[tx].sender,
                                                                 state: state, context: worker.impersonatedContext))
            }
            return .success(try TransactionProcessor.execute(transactions[tx].transaction, sender: transactions[tx].sender,
                                                             state: state, context: worker.context))
        } catch {
            return .failure(error)
        }
    }

    /// Gives `record` back to the worker that filled it, if nothing else holds it (a validation
    /// that started before its transaction was committed may still read it).
    func recycle(_ record: consuming IncarnationRecord) {
        var record = record
        guard isKnownUniquelyReferenced(&record) else { return }
        spareRecords.withLock(record.worker) { spares in
            if spares.count < Self.spareRecordLimit { spares.append(record) }
        }
    }

    /// Stores an incarnation's record and publishes its writes; true if it wrote a new location.
    @discardableResult
    func publish(_ tx: Int, incarnation: Int, worker: Worker, outcome: consuming Result<TransactionResult, TransactionError>) -> Bool {
        let view = worker.view, state = worker.state
        worker.scratch.removeAll(keepingCapacity: true)
        var newCodes: [(Hash, [UInt8])] = []
        var receipt: Receipt?
        if case .success(let result) = outcome {
            newCodes = Self.writes(of: state, reads: view.reads, into: &worker.scratch)
            // The slots come in while the receipt's bloom is hashed.
            memory.prefetch(worker.scratch)
            for (hash, bytes) in newCodes { codes.add(hash, bytes) }
            // The type read in place (a copied element retains its buffers).
            let type = transactions.withUnsafeBufferPointer { $0[tx].transaction.type }
            receipt = Receipt(type: type, outcome: .status(result.succeeded), cumulativeGasUsed: 0, logs: result.logs)
        }
        if worker.spareRecords.isEmpty { spareRecords.withLock(worker.index) { swap(&$0, &worker.spareRecords) } }
        let record = worker.spareRecords.popLast() ?? IncarnationRecord()
        record.fill(worker: worker.index, incarnation: incarnation, reads: view.reads, writes: worker.scratch, codes: newCodes, outcome: outcome, receipt: receipt)
        let previous = records.withLock(tx) { slot -> IncarnationRecord? in
            let old = slot
            slot = record
            return old
        }
        // The worker's own copy of the writes: the record's buffer is another core's to read now.
        let wroteNew = memory.record(tx: tx, writes: worker.scratch, previous: previous?.writes ?? [], worker: worker.index)
        if let previous { recycle(previous) }
        return wroteNew
    }

    /// The locations a finished incarnation changed, appended to `scratch` (a worker's buffer);
    /// returns the code it deployed. A write of the very value the transaction read
    /// is dropped: it changes nothing, and publishing it would make later readers of a popular
    /// account (a token contract called with no value) depend on this transaction.
    static func writes(of state: JournaledState, reads: [MVRead], into scratch: inout [MVWrite]) -> [(Hash, [UInt8])] {
        var codes: [(Hash, [UInt8])] = []
        func observed(_ key: MVKey) -> MVObserved? {
            reads.first(where: { $0.key == key })?.observed
        }
        let credits = state.deferredCredits
        var skipSlots = false, wiped = false
        state.forEachChange(account: { address, account, storageCleared, code in
            let before = observed(.account(address))
            wiped = storageCleared
            skipSlots = account == nil && before == .account(nil)
            // Touched while absent and deleted again: nothing changed, and no storage can have existed.
            if skipSlots { return }
            var value = account
            if let credit = credits[address] { value = MVMemory.credited(value, credit) }
            if storageCleared {
                scratch.append(MVWrite(key: .storageReset(address), value: .reset))
                scratch.append(MVWrite(key: .account(address), value: .account(value)))
            } else if before != .account(value) {
                scratch.append(MVWrite(key: .account(address), value: .account(value)))
            }
            if let code, let a = account, a.hasCode, before.flatMap({ if case .account(let b) = $0 { return b?.codeHash } else { return nil } }) != a.codeHash {
                codes.append((a.codeHash, code.bytes))
            }
        }, slot: { address, key, value in
            if skipSlots { return }
            let location = MVKey.storage(address, key)
            if !wiped, observed(location) == .storage(value) { return }
            scratch.append(MVWrite(key: location, value: .storage(value)))
        })
        // Credits to accounts the walk above visited are folded into their values already.
        for (address, credit) in credits where !state.changed(address) {
            scratch.append(MVWrite(key: .account(address), value: .credit(credit)))
        }
        return codes
    }

    // MARK: Switching to sequential

    /// Makes a worker's counters visible to the others and to the executor.
    func report(_ worker: Worker) {
        let counted = worker.counters
        counters.withLock(worker.index) { $0 = counted }
    }

    func checkForChain(_ worker: Worker) {
        guard let rule = chainSwitch else { return }
        report(worker)
        let totals = self.totals
        let done = totals.executions
        guard done >= rule.minimumExecutions else { return }
        if totals.conflicts * 100 >= done * rule.conflictPercent {
            switched.store(true, ordering: .relaxed)
            scheduler.stop()
        }
    }

    /// After a stop: the longest prefix of transactions whose latest incarnation finished and
    /// whose reads still hold, checked in block order (so every lower transaction is final when a
    /// transaction is checked) from the first one not committed.
    func validatedPrefix() -> Int {
        for tx in scheduler.committed.load(ordering: .acquiring)..<transactions.count {
            guard scheduler.isExecuted(tx), let record = record(tx), record.withReads({ memory.validate($0, tx: tx, base: base) }) else { return tx }
        }
        return transactions.count
    }
}
