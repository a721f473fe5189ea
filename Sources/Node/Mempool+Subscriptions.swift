import Primitives

/// A registration for new pending transaction hashes; pass it to `unsubscribe` to stop.
public struct MempoolSubscription: Hashable, Sendable {
    let id: UInt64
}

/// The callbacks registered for new pending transactions.
struct Subscribers: Sendable {
    var handlers: [UInt64: @Sendable (Hash) -> Void] = [:]
    var nextID: UInt64 = 0
}

extension Mempool {
    /// Calls `handler` with the hash of every transaction that becomes pending (on entry, or when
    /// a gap fills), for `eth_subscribe newPendingTransactions` and pending-transaction filters.
    /// Handlers run on the thread that changed the pool, after its lock is released, in the order
    /// the transactions became pending; they must not block.
    public func subscribeNewPending(_ handler: @escaping @Sendable (Hash) -> Void) -> MempoolSubscription {
        subscribers.withLock { s in
            let id = s.nextID
            s.nextID += 1
            s.handlers[id] = handler
            return MempoolSubscription(id: id)
        }
    }

    /// Stops a subscription.
    public func unsubscribe(_ subscription: MempoolSubscription) {
        _ = subscribers.withLock { $0.handlers.removeValue(forKey: subscription.id) }
    }

    func notify(_ hashes: [Hash]) {
        guard !hashes.isEmpty else { return }
        let handlers = subscribers.withLock { s in s.handlers.sorted { $0.key < $1.key }.map(\.value) }
        for hash in hashes {
            for handler in handlers { handler(hash) }
        }
    }
}
