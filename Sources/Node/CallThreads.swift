import Execution
import Foundation
import Synchronization

/// Large-stack threads for simulated calls (eth_call, eth_estimateGas, eth_createAccessList):
/// one long-lived `ExecutionThread` per core, taken in turn, so concurrent calls run in
/// parallel and no call pays for creating a thread.
final class CallThreads: Sendable {
    static let shared = CallThreads(count: ProcessInfo.processInfo.activeProcessorCount)

    private let threads: [ExecutionThread]
    private let next = Atomic<Int>(0)

    init(count: Int) {
        threads = (0..<max(1, count)).map { _ in ExecutionThread() }
    }

    /// Runs `body` on the next thread and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let i = next.add(1, ordering: .relaxed).newValue
        return threads[i % threads.count].run(body)
    }
}
