import Synchronization

/// What an `RPCSession` writes to: one client connection able to take server-initiated
/// messages (a WebSocket). The transport adapter implements it.
public protocol RPCSessionTransport: Sendable {
    /// Sends one complete JSON text message; ignored once the connection is closing.
    func send(text: [UInt8])
}

/// One long-lived client connection (a WebSocket), as handlers see it: an identity to key
/// subscriptions by, a way to push notifications later, and close hooks so that a
/// subscription ends with its connection. HTTP calls have no session.
public final class RPCSession: Sendable, Hashable {
    /// A process-unique identifier.
    public let id: UInt64
    private let transport: any RPCSessionTransport
    /// nil once the session has closed (hooks run exactly once).
    private let closeHooks = Mutex<[@Sendable () -> Void]?>([])

    /// Creates a session over a transport.
    public init(id: UInt64, transport: any RPCSessionTransport) {
        self.id = id
        self.transport = transport
    }

    /// Whether the connection has closed.
    public var isClosed: Bool { closeHooks.withLock { $0 == nil } }

    /// Sends a JSON message (dropped after close).
    public func send(_ message: JSON) {
        guard !isClosed else { return }
        transport.send(text: message.serialized())
    }

    /// Sends an `eth_subscription` notification for subscription `id`.
    public func notify(subscription id: String, result: JSON, method: String = "eth_subscription") {
        send(SubscriptionNotification.message(subscription: id, result: result, method: method))
    }

    /// Runs `hook` when the session closes (at once if it already has).
    public func onClose(_ hook: @escaping @Sendable () -> Void) {
        let closed = closeHooks.withLock { hooks -> Bool in
            guard hooks != nil else { return true }
            hooks!.append(hook)
            return false
        }
        if closed { hook() }
    }

    /// Marks the session closed and runs the close hooks; later calls do nothing.
    public func close() {
        let hooks = closeHooks.withLock { hooks in defer { hooks = nil }; return hooks ?? [] }
        for hook in hooks { hook() }
    }

    /// Identity equality.
    public static func == (a: RPCSession, b: RPCSession) -> Bool { a === b }
    /// Hashes the identity.
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

/// The `eth_subscription` message format and subscription ids.
public enum SubscriptionNotification {
    /// `{"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":ID,"result":…}}`.
    public static func message(subscription id: String, result: JSON, method: String = "eth_subscription") -> JSON {
        ["jsonrpc": "2.0", "method": .string(method), "params": ["subscription": .string(id), "result": result]]
    }

    /// A fresh random subscription id in geth's form: 16 random bytes as a QUANTITY-style hex
    /// string (leading zeros dropped), e.g. `0x9cef478923ff08bf67fde6c64013158d`.
    public static func newID() -> String {
        var rng = SystemRandomNumberGenerator()
        let hi = rng.next() as UInt64, lo = rng.next() as UInt64
        let hiHex = hi == 0 ? "" : String(hi, radix: 16)
        var loHex = String(lo, radix: 16)
        if !hiHex.isEmpty { loHex = String(repeating: "0", count: 16 - loHex.count) + loHex }
        return "0x" + hiHex + loHex
    }
}
