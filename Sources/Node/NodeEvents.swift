import Primitives
import Synchronization

/// Announces each new head to subscribers (eth_subscribe newHeads and logs, filters, the block
/// log lines of the executable). Handlers run on the block producer's thread after the block is
/// committed and the head published, in block order; they must not block.
public final class NodeEvents: Sendable {
    /// A registration; pass it to `unsubscribe`.
    public struct Subscription: Hashable, Sendable { let id: UInt64 }

    private struct Handlers: Sendable {
        var byID: [UInt64: @Sendable (ProducedBlock) -> Void] = [:]
        var next: UInt64 = 0
    }
    private let handlers = Mutex(Handlers())
    private let consoleHandlers = Mutex<[UInt64: @Sendable ([String]) -> Void]>([:])

    public init() {}

    /// Calls `handler` with every block produced from now on.
    @discardableResult
    public func subscribeNewBlocks(_ handler: @escaping @Sendable (ProducedBlock) -> Void) -> Subscription {
        handlers.withLock { h in
            defer { h.next += 1 }
            h.byID[h.next] = handler
            return Subscription(id: h.next)
        }
    }

    /// Stops a subscription.
    public func unsubscribe(_ subscription: Subscription) {
        _ = handlers.withLock { $0.byID.removeValue(forKey: subscription.id) }
        _ = consoleHandlers.withLock { $0.removeValue(forKey: subscription.id) }
    }

    /// Calls `handler` with the console.log lines of every eth_call that printed some (mined
    /// transactions' lines come with their block).
    @discardableResult
    public func subscribeCallConsole(_ handler: @escaping @Sendable ([String]) -> Void) -> Subscription {
        let id = handlers.withLock { h in
            defer { h.next += 1 }
            return h.next
        }
        consoleHandlers.withLock { $0[id] = handler }
        return Subscription(id: id)
    }

    /// Announces the console.log lines of a call.
    public func publishCallConsole(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        for handler in consoleHandlers.withLock({ Array($0.values) }) { handler(lines) }
    }

    func publish(_ block: ProducedBlock) {
        let list = handlers.withLock { h in h.byID.sorted { $0.key < $1.key }.map(\.value) }
        for handler in list { handler(block) }
    }
}
