import Synchronization

/// A fixed number of values, each behind its own mutex on its own cache line, in one allocation.
///
/// Block-STM's shared tables are locked by every worker for every transaction. Held as an array of
/// class instances, each access also retained and released the instance (two atomic updates of a
/// reference count that every worker touches, so its cache line moved between cores each time),
/// and neighbouring small objects shared cache lines. Here an access is the lock alone.
final class PaddedMutexes<Value: ~Copyable>: @unchecked Sendable {
    /// Bytes between entries: a whole number of 64-byte cache lines.
    static var stride: Int { (MemoryLayout<Mutex<Value>>.size + 63) & ~63 }

    let count: Int
    private let base: UnsafeMutableRawPointer

    init(count: Int, _ initial: (Int) -> Value) {
        self.count = count
        base = .allocate(byteCount: max(1, count) * Self.stride, alignment: 64)
        for i in 0..<count {
            (base + i * Self.stride).bindMemory(to: Mutex<Value>.self, capacity: 1).initialize(to: Mutex(initial(i)))
        }
    }

    deinit {
        for i in 0..<count { entry(i).deinitialize(count: 1) }
        base.deallocate()
    }

    @inline(__always) private func entry(_ i: Int) -> UnsafeMutablePointer<Mutex<Value>> {
        // Safe: every entry in 0..<count was initialized in init and lives until deinit;
        // `withLock` checks the index first.
        (base + i * Self.stride).assumingMemoryBound(to: Mutex<Value>.self)
    }

    /// Runs `body` on entry `i` under its lock.
    @inline(__always) func withLock<R>(_ i: Int, _ body: (inout sending Value) -> sending R) -> sending R {
        precondition(i >= 0 && i < count, "PaddedMutexes: index out of range")
        return entry(i).pointee.withLock(body)
    }
}
