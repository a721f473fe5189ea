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
    /// Deinitializes the entries; made by `init`, where `Value` is known.
    ///
    /// Why: a generic class's deinit is not specialized, so a loop written there looked up
    /// `Mutex<Value>`'s metadata and destroyed each entry through its value witnesses (about 50 ns
    /// an entry: a millisecond of the reclaimer's CPU for a 10,000-transaction block's tables, taken
    /// from the next block on a 2-core machine). The loop made here is compiled for the concrete type.
    private let destroyEntries: (UnsafeMutableRawPointer, Int) -> Void

    init(count: Int, _ initial: (Int) -> Value) {
        self.count = count
        let stride = Self.stride
        base = .allocate(byteCount: max(1, count) * stride, alignment: 64)
        for i in 0..<count {
            (base + i * stride).bindMemory(to: Mutex<Value>.self, capacity: 1).initialize(to: Mutex(initial(i)))
        }
        destroyEntries = { base, count in
            // Plain data needs no destroying (a Mutex adds only its lock word to the value).
            if _isPOD(Value.self) { return }
            // Safe: entries 0..<count were initialized in init and are destroyed once, here.
            for i in 0..<count { (base + i * stride).assumingMemoryBound(to: Mutex<Value>.self).deinitialize(count: 1) }
        }
    }

    deinit {
        destroyEntries(base, count)
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
