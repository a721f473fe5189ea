/// Answers HTTP requests. The server calls `handle` on one of its I/O threads, possibly
/// concurrently with other requests on other connections; the handler must not block that
/// thread for long and must call `respond` exactly once, from any thread, at any time.
/// Responses on one keep-alive connection still leave in request order.
///
/// A callback rather than `async` because it lets a handler that can answer at once do so
/// without a task hop (measured in `make bench-http`); `AsyncHTTPHandler` adapts async code.
public protocol HTTPHandler: Sendable {
    /// Handles one request; call `respond` once with the response.
    func handle(_ request: HTTPRequest, respond: HTTPResponder)
}

/// Receives WebSocket events. Calls for one connection arrive in order on one thread; calls
/// for different connections may run concurrently.
public protocol WebSocketHandler: Sendable {
    /// A client completed the upgrade handshake (`request` is the upgrade request).
    func webSocketDidOpen(_ connection: WebSocketConnection, request: HTTPRequest)
    /// A complete text or binary message arrived.
    func webSocket(_ connection: WebSocketConnection, didReceive message: WebSocketMessage)
    /// The connection closed (handshake, error or shutdown); sends are ignored from now on.
    func webSocketDidClose(_ connection: WebSocketConnection)
}

extension WebSocketHandler {
    /// Default: nothing to do on open.
    public func webSocketDidOpen(_ connection: WebSocketConnection, request: HTTPRequest) {}
    /// Default: nothing to do on close.
    public func webSocketDidClose(_ connection: WebSocketConnection) {}
}

/// Delivers the response to one request; call it exactly once, from any thread.
public struct HTTPResponder: Sendable {
    let connection: HTTPConnection?
    let sequence: Int
    let sink: (@Sendable (HTTPResponse) -> Void)?

    init(connection: HTTPConnection, sequence: Int) {
        self.connection = connection
        self.sequence = sequence
        self.sink = nil
    }

    /// A responder that passes the response to `sink` (for tests and adapters).
    public init(_ sink: @escaping @Sendable (HTTPResponse) -> Void) {
        self.connection = nil
        self.sequence = 0
        self.sink = sink
    }

    /// Sends the response.
    public func callAsFunction(_ response: HTTPResponse) {
        if let connection {
            connection.respond(response, sequence: sequence)
        } else {
            sink?(response)
        }
    }
}

/// An `async` request handler; wrap it in `AsyncHTTPHandlerAdapter` to serve it.
public protocol AsyncHTTPHandler: Sendable {
    /// Handles one request.
    func handle(_ request: HTTPRequest) async -> HTTPResponse
}

/// Serves an `AsyncHTTPHandler` by starting one task per request.
public struct AsyncHTTPHandlerAdapter<Wrapped: AsyncHTTPHandler>: HTTPHandler {
    /// The wrapped handler.
    public let wrapped: Wrapped

    /// Wraps an async handler.
    public init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    /// Starts a task that runs the wrapped handler and responds.
    public func handle(_ request: HTTPRequest, respond: HTTPResponder) {
        let wrapped = wrapped
        Task { respond(await wrapped.handle(request)) }
    }
}
