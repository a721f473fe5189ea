/// One open WebSocket connection, as handlers see it: an identity to key subscriptions
/// by, and `send` / `close` usable from any thread at any time.
public final class WebSocketConnection: Sendable, Hashable {
    /// A process-unique identifier.
    public let id: UInt64
    let connection: HTTPConnection

    init(id: UInt64, connection: HTTPConnection) {
        self.id = id
        self.connection = connection
    }

    /// Sends a message; ignored once the connection is closing.
    public func send(_ message: WebSocketMessage) {
        connection.webSocketSend(message)
    }

    /// Sends a text message.
    public func send(text: String) { send(.text(text)) }

    /// Starts the close handshake.
    public func close(code: UInt16 = 1000, reason: String = "") {
        connection.webSocketClose(code: code, reason: reason)
    }

    /// Identity equality.
    public static func == (lhs: WebSocketConnection, rhs: WebSocketConnection) -> Bool { lhs.id == rhs.id }

    /// Hashes the identifier.
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
