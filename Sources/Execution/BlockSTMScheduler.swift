import Synchronization

/// Block-STM's collaborative scheduler (Gelashvili et al. 2022, algorithm 4–5): two shared
/// indices hand out execution and validation tasks in block order; incarnation numbers and a
/// per-transaction status make aborts and re-executions race-free; a transaction that read an
/// estimate waits on its blocker and is resumed when the blocker finishes executing.
///
/// Termination: `done` is set when both indices passed the end, no task is in flight, and no
/// index was decreased meanwhile (the `decreaseCount` double check).
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
    }

    /// A unit of work a worker gets: run or validate incarnation `incarnation` of transaction `tx`.
    enum Task: Sendable {
        case execute(tx: Int, incarnation: Int)
        case validate(tx: Int, incarnation: Int)
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
            let incarnation: Int? = slots.withLock(tx) { s in s.status == .executed ? s.incarnation : nil }
            if let incarnation { return .validate(tx: tx, incarnation: incarnation) }
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

    private func setReady(_ tx: Int) {
        slots.withLock(tx) { s in
            s.incarnation += 1
            s.status = .readyToExecute
        }
    }

    private func resume(_ dependents: [Int]) {
        guard let lowest = dependents.min() else { return }
        for tx in dependents { setReady(tx) }
        decreaseExecutionIndex(to: lowest)
    }

    /// Marks an incarnation executed and resumes its dependents; may hand back the validation
    /// of this very transaction as the worker's next task.
    func finishExecution(_ tx: Int, incarnation: Int, wroteNewLocation: Bool) -> Task? {
        let deps = slots.withLock(tx) { s -> [Int] in
            s.status = .executed
            if s.dependents.isEmpty { return [] }
            let taken = s.dependents
            s.dependents = []
            return taken
        }
        resume(deps)
        if validationIndex.load(ordering: .sequentiallyConsistent) > tx {
            if wroteNewLocation {
                decreaseValidationIndex(to: tx)
            } else {
                return .validate(tx: tx, incarnation: incarnation)
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
    /// and every higher transaction must be validated again.
    func finishValidation(_ tx: Int, aborted: Bool) -> Task? {
        if aborted {
            setReady(tx)
            decreaseValidationIndex(to: tx + 1)
            if executionIndex.load(ordering: .sequentiallyConsistent) > tx {
                if let task = tryIncarnate(tx) { return task }
                return nil  // tryIncarnate gave the task slot back
            }
        }
        activeTasks.subtract(1, ordering: .sequentiallyConsistent)
        return nil
    }

    /// True once `tx`'s latest incarnation finished executing (for the sequential finish after a stop).
    func isExecuted(_ tx: Int) -> Bool { slots.withLock(tx) { $0.status == .executed } }
}
