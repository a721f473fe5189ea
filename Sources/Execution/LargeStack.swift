import Foundation

/// A slot a worker thread fills once before signalling (so reading it after the wait is safe).
final class ResultSlot<T>: @unchecked Sendable {
    var value: T?
}

/// Runs `body` on a thread with a large stack and waits for it.
///
/// Each nested EVM call (up to the 1,024-frame limit) recurses through the interpreter, so
/// execution needs far more than a default 8 MiB thread stack. The memory is only reserved;
/// pages are committed as the recursion actually reaches them.
public func withLargeStack<T>(bytes: Int = 1 << 30, _ body: @escaping @Sendable () -> T) -> T {
    let slot = ResultSlot<T>()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        slot.value = body()
        done.signal()
    }
    thread.stackSize = bytes
    thread.start()
    done.wait()
    return slot.value!
}
