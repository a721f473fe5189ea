import Synchronization

/// An atomic with a cache line of its own on either side.
///
/// The scheduler's counters sat side by side in one object: every task's update of one of them
/// (both workers update the task count and the indices for every transaction) also took the
/// line from the core that was only reading another (the "done" flag, read on every loop turn).
struct PaddedAtomic<Value: AtomicRepresentable>: ~Copyable, Sendable where Value: Sendable {
    private let before: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    let atomic: Atomic<Value>
    private let after: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0)

    init(_ initial: Value) { atomic = Atomic(initial) }
}
