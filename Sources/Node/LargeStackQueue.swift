import Foundation
import Synchronization

/// A serial work queue on one long-lived thread with a large stack: block production runs the
/// EVM, which recurses once per nested call, so it needs far more than a default thread stack,
/// and one thread for all blocks avoids starting a thread per block. Jobs run in submission order.
final class LargeStackQueue: Sendable {
    private struct State: Sendable {
        var jobs: [@Sendable () -> Void] = []
        var stopped = false
    }
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)

    init(name: String, stackBytes: Int = 1 << 30) {
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.stackSize = stackBytes
        thread.start()
    }

    /// Queues a job.
    func async(_ job: @escaping @Sendable () -> Void) {
        let accepted = state.withLock { s -> Bool in
            guard !s.stopped else { return false }
            s.jobs.append(job)
            return true
        }
        if accepted { wake.signal() }
    }

    /// Runs a job and waits for its result (never call from the queue's own thread).
    func sync<T: Sendable>(_ job: @escaping @Sendable () -> T) -> T {
        let slot = Mutex<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        async {
            let value = job()
            slot.withLock { $0 = value }
            done.signal()
        }
        done.wait()
        return slot.withLock { $0! }
    }

    /// Lets queued jobs finish, then ends the thread.
    func stop() {
        state.withLock { $0.stopped = true }
        wake.signal()
    }

    private func run() {
        while true {
            wake.wait()
            let (job, stopped) = state.withLock { s -> ((@Sendable () -> Void)?, Bool) in
                s.jobs.isEmpty ? (nil, s.stopped) : (s.jobs.removeFirst(), false)
            }
            if let job { job() } else if stopped { return }
        }
    }
}
