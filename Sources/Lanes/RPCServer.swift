import Dispatch
import HTTPServer
import RPC
import Synchronization

// The JSON-RPC endpoint on HTTPServer: HTTP POST and WebSocket text messages on one port,
// both handed to one `RPCDispatcher`.
//
// Threads: HTTPServer calls handlers on its I/O event loops; every request body is parsed
// and run on `workQueue` (concurrent), never on a loop, so a slow handler delays only its
// own answer and reads are never queued behind a writer. Responses on one keep-alive
// connection still leave in request order (HTTPServer orders them); WebSocket answers leave
// as their calls complete, as geth's do.
//
// HTTP answers:
//   POST (any path)          → 200 application/json with the response, or an empty body when
//                              the request held only notifications (as geth)
//   GET / HEAD without body  → 200 empty (geth's health-check answer; load balancers use it)
//   OPTIONS                  → answered by HTTPServer (CORS preflight, Allow)
//   anything else            → 405 with Allow
// CORS: HTTPServer adds `Access-Control-Allow-Origin` per its allowed origins (`*` by default,
// as Anvil and geth --dev allow).

/// Everything an `RPCServer` needs at start.
public struct RPCServerConfiguration: Sendable {
    /// Socket, limits, CORS origins.
    public var http: HTTPServerConfiguration
    /// Batch and parsing limits.
    public var dispatcher = RPCDispatcherConfiguration()
    /// Whether to register `web3_clientVersion` and `web3_sha3`.
    public var registerWeb3Methods = true

    /// Listens on `host:port` (port 0 picks a free port).
    public init(host: String = "127.0.0.1", port: Int = 8545) {
        self.http = HTTPServerConfiguration(host: host, port: port)
    }
}

/// Serves a method registry over HTTP and WebSocket.
///
/// ```swift
/// let registry = RPCRegistry()
/// registry.register("eth_chainId") { _ in .quantity(31337) }
/// let server = RPCServer(registry: registry, configuration: .init(port: 0))
/// let address = try server.start()
/// ```
public final class RPCServer: Sendable {
    /// The methods served; register more at any time.
    public let registry: RPCRegistry
    /// The dispatcher both transports use.
    public let dispatcher: RPCDispatcher
    private let server: HTTPServer
    private let sessions: RPCWebSocketHandler

    /// Creates the server; nothing listens until `start()`.
    public init(registry: RPCRegistry, configuration: RPCServerConfiguration = RPCServerConfiguration()) {
        self.registry = registry
        if configuration.registerWeb3Methods { registry.registerWeb3Methods(clientVersion: LanesVersion.clientVersion) }
        let dispatcher = RPCDispatcher(registry: registry, configuration: configuration.dispatcher)
        self.dispatcher = dispatcher
        let workQueue = DispatchQueue(label: "lanes.rpc.work", qos: .userInitiated, attributes: .concurrent)
        let sessions = RPCWebSocketHandler(dispatcher: dispatcher, workQueue: workQueue)
        self.sessions = sessions
        self.server = HTTPServer(configuration: configuration.http,
                                 handler: RPCHTTPHandler(dispatcher: dispatcher, workQueue: workQueue),
                                 webSocketHandler: sessions)
    }

    /// Binds and starts serving; returns the bound address (with the real port for port 0).
    @discardableResult
    public func start() throws(SyscallError) -> SocketAddress { try server.start() }

    /// The bound address once started.
    public var localAddress: SocketAddress? { server.localAddress }

    /// The open WebSocket sessions.
    public var sessionCount: Int { sessions.count }

    /// Graceful shutdown (see `HTTPServer.shutdown`); open sessions run their close hooks.
    public func shutdown(gracePeriod: Double = 5, completion: @escaping @Sendable () -> Void = {}) {
        server.shutdown(gracePeriod: gracePeriod, completion: completion)
    }

    /// `shutdown` that blocks until every connection is closed.
    public func shutdownAndWait(gracePeriod: Double = 5) { server.shutdownAndWait(gracePeriod: gracePeriod) }
}

/// The HTTP side: POST bodies to the dispatcher, off the event loop.
struct RPCHTTPHandler: HTTPHandler {
    let dispatcher: RPCDispatcher
    let workQueue: DispatchQueue

    static let jsonHeaders: HTTPHeaders = ["Content-Type": "application/json"]

    func handle(_ request: HTTPRequest, respond: HTTPResponder) {
        switch request.method {
        case "POST":
            let dispatcher = dispatcher
            workQueue.async {
                dispatcher.handle(request.body) { body in
                    respond(HTTPResponse(status: 200, headers: RPCHTTPHandler.jsonHeaders, body: body ?? []))
                }
            }
        case "GET", "HEAD":
            respond(HTTPResponse(status: 200))
        default:
            respond(HTTPResponse(status: 405, headers: ["Allow": "GET, POST, HEAD, OPTIONS", "Content-Type": "text/plain"],
                                 body: Array("method not allowed\n".utf8)))
        }
    }
}

/// The WebSocket side: one `RPCSession` per connection, each message dispatched off the loop.
final class RPCWebSocketHandler: WebSocketHandler {
    let dispatcher: RPCDispatcher
    let workQueue: DispatchQueue
    private let sessions = Mutex<[UInt64: RPCSession]>([:])

    init(dispatcher: RPCDispatcher, workQueue: DispatchQueue) {
        self.dispatcher = dispatcher
        self.workQueue = workQueue
    }

    var count: Int { sessions.withLock { $0.count } }

    func webSocketDidOpen(_ connection: WebSocketConnection, request: HTTPRequest) {
        let session = RPCSession(id: connection.id, transport: WebSocketTransport(connection: connection))
        sessions.withLock { $0[connection.id] = session }
    }

    func webSocket(_ connection: WebSocketConnection, didReceive message: WebSocketMessage) {
        let body: [UInt8]
        switch message {
        case .text(let text): body = Array(text.utf8)
        case .binary(let bytes): body = bytes  // geth reads binary frames as JSON too
        }
        guard let session = sessions.withLock({ $0[connection.id] }) else { return }
        let dispatcher = dispatcher
        workQueue.async {
            dispatcher.handle(body, session: session) { response in
                if let response { connection.send(text: String(decoding: response, as: UTF8.self)) }
            }
        }
    }

    func webSocketDidClose(_ connection: WebSocketConnection) {
        let session = sessions.withLock { $0.removeValue(forKey: connection.id) }
        session?.close()
    }
}

/// Sends a session's messages as WebSocket text frames.
struct WebSocketTransport: RPCSessionTransport {
    let connection: WebSocketConnection

    func send(text: [UInt8]) { connection.send(text: String(decoding: text, as: UTF8.self)) }
}
