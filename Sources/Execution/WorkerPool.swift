import Foundation
import Synchronization

/// Long-lived worker threads that run one job at a time on all of them (a block's Block-STM
/// loop). Each thread has a large stack: the interpreter recurses once per nested call, up to
/// 1,024 frames (see `withLargeStack`); the memory is only reserved until used.
final class WorkerPool: Sendable {
    final class Shared: Sendable {
        let job = Mutex<(@Sendable (Int) -> Void)?>(nil)
        let start: [DispatchSemaphore]
        let finished = DispatchSemaphore(value: 0)
        let shutdown = Atomic<Bool>(false)

        init(count: Int) { start = (0..<count).map { _ in DispatchSemaphore(value: 0) } }
    }

    let count: Int
    private let shared: Shared
    /// One job at a time: a second caller waits for the pool.
    private let running = Mutex<Void>(())

    init(threads: Int, stackBytes: Int = 1 << 30) {
        count = max(1, threads)
        shared = Shared(count: count)
        for index in 0..<count {
            let shared = self.shared
            let thread = Thread {
                while true {
                    shared.start[index].wait()
                    if shared.shutdown.load(ordering: .acquiring) { return }
                    let job = shared.job.withLock { $0 }
                    job?(index)
                    shared.finished.signal()
                }
            }
            thread.stackSize = stackBytes
            thread.name = "lanes-executor-\(index)"
            thread.start()
        }
    }

    deinit {
        shared.shutdown.store(true, ordering: .releasing)
        for s in shared.start { s.signal() }
    }

    /// Runs `job(workerIndex)` on every worker and returns when all have finished.
    func run(_ job: @escaping @Sendable (Int) -> Void) {
        running.withLock { _ in
            shared.job.withLock { $0 = job }
            for s in shared.start { s.signal() }
            for _ in 0..<count { shared.finished.wait() }
            shared.job.withLock { $0 = nil }
        }
    }

    /// Runs `job` on the first worker only, leaving the others asleep: a small block run
    /// sequentially (on a large stack) must not wake every worker for nothing.
    func runOnFirstWorker(_ job: @escaping @Sendable () -> Void) {
        running.withLock { _ in
            shared.job.withLock { $0 = { _ in job() } }
            shared.start[0].signal()
            shared.finished.wait()
            shared.job.withLock { $0 = nil }
        }
    }
}

/// A long-lived thread with a large stack that runs one job at a time for its callers: EVM
/// execution outside a block (eth_call, gas estimation, the sequential executor) without
/// creating a thread per call as `withLargeStack` does.
public final class ExecutionThread: Sendable {
    private let pool: WorkerPool

    public init(stackBytes: Int = 1 << 30) { pool = WorkerPool(threads: 1, stackBytes: stackBytes) }

    /// Runs `body` on the thread and returns its result (callers queue behind each other).
    public func run<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let slot = LockedSlot<T>()
        pool.run { _ in
            let value = body()
            slot.value.withLock { $0 = value }
        }
        return slot.value.withLock { $0.take()! }
    }
}
