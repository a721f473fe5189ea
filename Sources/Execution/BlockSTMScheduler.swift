import Synchronization

/// Block-STM's collaborative scheduler (Gelashvili et al. 2022, algorithm 4–5): two shared
/// indices hand out execution and validation tasks in block order; incarnation numbers and a
/// per-transaction status make aborts and re-executions race-free; a transaction that read an
/// estimate waits on its blocker and is resumed when the blocker finishes executing.
///
/// Termination: `done` is set when both indices passed the end, no task is in flight, and no
/// index was decreased meanwhile (the `decreaseCount` double check).
///
/// Rolling commit (after Aptos' Block-STM): transactions become final in block order while the
/// run goes on, so their receipts and state changes are put together by whichever worker finds
/// them final, with their records still warm, instead of by one thread after the run. Every
/// decrease of the validation index caused by a transaction's writes (new locations written, or
/// its writes turned into estimates by an abort) starts a new *wave* and is charged to that
/// transaction. A validation remembers the wave it started in. Transaction `i` is final when every
/// lower one is and its current incarnation passed a validation that started in a wave no lower
/// than any wave charged to a lower transaction: that validation read every lower transaction's
/// last writes (or an estimate, and failed), so any later validation reads the same and passes.
final class BlockSTMScheduler: Sendable {
    enum Status: Sendable {
        case readyToExecute, executing, executed, aborting
    }

    /// One transaction's scheduling state, behind one lock on its own cache line.
    struct TxState: Sendable {
        var incarnation: Int = 0
        var status: Status = .readyToExecute
        /// Transactions waiting for this one to finish executing.
        var dependents: [Int] = []
        /// The highest wave in which a validation of the current incarnation passed (-1: none).
        var validatedWave = -1
        /// The highest wave this transaction's writes started.
        var triggeredWave = 0
        /// Set while a wave this transaction's execution starts is not charged to it yet (the
        /// transaction is not final until it is).
        var triggerPending = false
    }

    /// A unit of work a worker gets: run or validate incarnation `incarnation` of transaction `tx`.
    enum Task: Sendable {
        case execute(tx: Int, incarnation: Int)
        case validate(tx: Int, incarnation: Int, wave: Int)
    }

    let count: Int
    let slots: PaddedMutexes<TxState>
    let executionIndex = Atomic<Int>(0)
    let validationIndex = Atomic<Int>(0)
    let decreaseCount = Atomic<Int>(0)
    let activeTasks = Atomic<Int>(0)
    let doneMarker = Atomic<Bool>(false)
    /// Set to stop handing out tasks (the executor switches to sequential).
    let stopRequested = Atomic<Bool>(false)
    /// Incremented by every validation-index decrease that a transaction's writes cause.
    let wave = Atomic<Int>(0)
    /// Held by the worker committing; `committed` and `commitWave` change only under it.
    let commitGate = Atomic<Bool>(false)
    /// How many transactions (a prefix of the block) are final and committed.
    let committed = Atomic<Int>(0)
    /// The highest wave charged to a committed transaction.
    let commitWave = Atomic<Int>(0)
    /// Set when a commit refused a transaction: nothing more is committed.
    let commitStopped = Atomic<Bool>(false)

    init(count: Int) {
        self.count = count
        slots = PaddedMutexes(count: count) { _ in TxState() }
    }

    var done: Bool { doneMarker.load(ordering: .acquiring) }

    func stop() { stopRequested.store(true, ordering: .releasing) }

    private func decreaseExecutionIndex(to target: Int) {
        executionIndex.min(target, ordering: .sequentiallyConsistent)
        decreaseCount.add(1, ordering: .sequentiallyConsistent)
    }

    private func decreaseValidationIndex(to target: Int) {
        validationIndex.min(target, ordering: .sequentiallyConsistent)
        decreaseCount.add(1, ordering: .sequentiallyConsistent)
    }

    private func checkDone() {
        let observed = decreaseCount.load(ordering: .sequentiallyConsistent)
        if min(executionIndex.load(ordering: .sequentiallyConsistent), validationIndex.load(ordering: .sequentiallyConsistent)) >= count
            && activeTasks.load(ordering: .sequentiallyConsistent) == 0
            && observed == decreaseCount.load(ordering: .sequentiallyConsistent) {
            doneMarker.store(true, ordering: .releasing)
        }
    }

    /// Claims `tx` for execution if it is ready; otherwise gives the task slot back.
    private func tryIncarnate(_ tx: Int) -> Task? {
        if tx < count {
            let claimed: Int? = slots.withLock(tx) { s in
                guard s.status == .readyToExecute else { return nil }
                s.status = .executing
                return s.incarnation
            }
            if let incarnation = claimed { return .execute(tx: tx, incarnation: incarnation) }
        }
        activeTasks.subtract(1, ordering: .sequentiallyConsistent)
        return nil
    }

    private func nextVersionToExecute() -> Task? {
        if executionIndex.load(ordering: .sequentiallyConsistent) >= count {
            checkDone()
            return nil
        }
        activeTasks.add(1, ordering: .sequentiallyConsistent)
        let tx = executionIndex.add(1, ordering: .sequentiallyConsistent).oldValue
        return tryIncarnate(tx)
    }

    private func nextVersionToValidate() -> Task? {
        if validationIndex.load(ordering: .sequentiallyConsistent) >= count {
            checkDone()
            return nil
        }
        activeTasks.add(1, ordering: .sequentiallyConsistent)
        let tx = validationIndex.add(1, ordering: .sequentiallyConsistent).oldValue
        if tx < count {
            // Read before the validation reads anything: it then sees every write charged to a wave up to this one.
            let wave = wave.load(ordering: .sequentiallyConsistent)
            let incarnation: Int? = slots.withLock(tx) { s in s.status == .executed ? s.incarnation : nil }
            if let incarnation { return .validate(tx: tx, incarnation: incarnation, wave: wave) }
        }
        activeTasks.subtract(1, ordering: .sequentiallyConsistent)
        return nil
    }

    /// The next task, or nil when none is available right now (the caller checks `done`).
    func nextTask() -> Task? {
        if stopRequested.load(ordering: .relaxed) { return nil }
        if validationIndex.load(ordering: .sequentiallyConsistent) < executionIndex.load(ordering: .sequentiallyConsistent) {
            return nextVersionToValidate()
        }
        return nextVersionToExecute()
    }

    /// Records that `tx` read an estimate written by `blocker`. Returns false if the blocker has
    /// finished executing meanwhile (the caller re-executes at once); otherwise `tx` is parked.
    func addDependency(_ tx: Int, on blocker: Int) -> Bool {
        // The only place two slots are locked at once, always the lower (blocker) first.
        let parked = slots.withLock(blocker) { b -> Bool in
            if b.status == .executed { return false }
            slots.withLock(tx) { $0.status = .aborting }
            b.dependents.append(tx)
            return true
        }
        if parked { activeTasks.subtract(1, ordering: .sequentiallyConsistent) }
        return parked
    }

    private func setReady(_ tx: Int, triggeredWave: Int = 0) {
        slots.withLock(tx) { s in
            s.incarnation += 1
            s.status = .readyToExecute
            s.validatedWave = -1
            s.triggeredWave = max(s.triggeredWave, triggeredWave)
        }
    }

    /// Starts a wave (after the index decrease it stands for, so a validation that read it
    /// started after the decrease and after the writes that caused it).
    private func nextWave() -> Int { wave.add(1, ordering: .sequentiallyConsistent).newValue }

    private func resume(_ dependents: [Int]) {
        guard let lowest = dependents.min() else { return }
        for tx in dependents { setReady(tx) }
        decreaseExecutionIndex(to: lowest)
    }

    /// Marks an incarnation executed and resumes its dependents; may hand back the validation
    /// of this very transaction as the worker's next task.
    func finishExecution(_ tx: Int, incarnation: Int, wroteNewLocation: Bool) -> Task? {
        // Whether validations passed `tx` is read under its lock, with the status change, so that a
        // wave it will start is pending before anyone can find it final.
        let (deps, validatedBeyond) = slots.withLock(tx) { s -> ([Int], Bool) in
            s.status = .executed
            let beyond = validationIndex.load(ordering: .sequentiallyConsistent) > tx
            if beyond && wroteNewLocation { s.triggerPending = true }
            if s.dependents.isEmpty { return ([], beyond) }
            let taken = s.dependents
            s.dependents = []
            return (taken, beyond)
        }
        resume(deps)
        if validatedBeyond {
            if wroteNewLocation {
                decreaseValidationIndex(to: tx)
                let started = nextWave()
                slots.withLock(tx) { s in
                    s.triggeredWave = max(s.triggeredWave, started)
                    s.triggerPending = false
                }
            } else {
                return .validate(tx: tx, incarnation: incarnation, wave: wave.load(ordering: .sequentiallyConsistent))
            }
        }
        activeTasks.subtract(1, ordering: .sequentiallyConsistent)
        return nil
    }

    /// Claims the abort of a failed validation (only one validator may abort an incarnation).
    func tryValidationAbort(_ tx: Int, incarnation: Int) -> Bool {
        slots.withLock(tx) { s in
            guard s.incarnation == incarnation, s.status == .executed else { return false }
            s.status = .aborting
            return true
        }
    }

    /// After a validation: an aborted transaction is re-executed (possibly at once by this worker)
    /// and every higher transaction must be validated again; a passed one may have become final.
    func finishValidation(_ tx: Int, incarnation: Int, wave: Int, aborted: Bool) -> Task? {
        if aborted {
            // Its writes are estimates now: the wave is charged to it before it can run again.
            decreaseValidationIndex(to: tx + 1)
            setReady(tx, triggeredWave: nextWave())
            if executionIndex.load(ordering: .sequentiallyConsistent) > tx {
                if let task = tryIncarnate(tx) { return task }
                return nil  // tryIncarnate gave the task slot back
            }
        } else {
            slots.withLock(tx) { s in
                if s.incarnation == incarnation && s.status == .executed { s.validatedWave = max(s.validatedWave, wave) }
            }
        }
        activeTasks.subtract(1, ordering: .sequentiallyConsistent)
        return nil
    }

    /// Commits, in block order from the first uncommitted one, the transactions that are final
    /// (see the type's comment), unless another worker is committing (it will find them). `commit`
    /// does the work for one and returns false to refuse it: then nothing more is committed.
    func commitFinal(_ commit: (Int) -> Bool) {
        guard !commitStopped.load(ordering: .relaxed),
              commitGate.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return }
        defer { commitGate.store(false, ordering: .releasing) }
        // Checked again under the gate: the worker that refused a transaction may have released
        // the gate after this one's first check (it would then offer the refused one again).
        if commitStopped.load(ordering: .relaxed) { return }
        var next = committed.load(ordering: .relaxed)
        var required = commitWave.load(ordering: .relaxed)
        while next < count {
            let charged: Int? = slots.withLock(next) { s in
                s.status == .executed && !s.triggerPending && s.validatedWave >= required ? s.triggeredWave : nil
            }
            guard let charged else { break }
            guard commit(next) else {
                commitStopped.store(true, ordering: .relaxed)
                break
            }
            required = max(required, charged)
            next += 1
        }
        committed.store(next, ordering: .releasing)
        commitWave.store(required, ordering: .relaxed)
    }

    /// True once `tx`'s latest incarnation finished executing (for the sequential finish after a stop).
    func isExecuted(_ tx: Int) -> Bool { slots.withLock(tx) { $0.status == .executed } }
}
