import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Everything the server needs to know at start.
public struct HTTPServerConfiguration: Sendable {
    /// Host to bind: an IPv4 or IPv6 literal or a name (`127.0.0.1`, `::1`, `0.0.0.0`, `::`).
    public var host: String = "127.0.0.1"
    /// Port to bind; 0 picks a free port (read it back from `HTTPServer.localAddress`).
    public var port: Int = 8545
    /// Per-connection limits, timeouts and CORS policy.
    public var connection = HTTPConnectionStateMachine.Configuration()
    /// Simultaneous connections; beyond it new clients get 503 and are closed.
    public var maxConnections: Int = 10_000
    /// Largest WebSocket message in bytes (closed with 1009 beyond).
    public var maxWebSocketMessageBytes: Int = 16 * 1024 * 1024
    /// Number of I/O queues; defaults to the number of cores.
    public var eventLoopCount: Int = ProcessInfo.processInfo.activeProcessorCount
    /// `listen()` backlog.
    public var backlog: Int32 = 4096

    /// Creates the default configuration (127.0.0.1:8545).
    public init(host: String = "127.0.0.1", port: Int = 8545) {
        self.host = host
        self.port = port
    }
}

/// State shared by the listener and all connections.
final class HTTPServerCore: Sendable {
    let configuration: HTTPServerConfiguration
    let handler: any HTTPHandler
    let webSocketHandler: (any WebSocketHandler)?
    let loops: [EventLoop]
    let connectionCount = Atomic<Int>(0)
    private let nextLoop = Atomic<Int>(0)
    private let webSocketIDs = Atomic<UInt64>(0)

    init(configuration: HTTPServerConfiguration, handler: any HTTPHandler, webSocketHandler: (any WebSocketHandler)?) throws(SyscallError) {
        var configuration = configuration
        configuration.connection.webSocketEnabled = webSocketHandler != nil
        self.configuration = configuration
        self.handler = handler
        self.webSocketHandler = webSocketHandler
        var loops: [EventLoop] = []
        for index in 0..<max(1, configuration.eventLoopCount) { loops.append(try EventLoop(index: index)) }
        self.loops = loops
    }

    func nextWebSocketID() -> UInt64 { webSocketIDs.add(1, ordering: .relaxed).newValue }

    func connectionClosed() { connectionCount.subtract(1, ordering: .relaxed) }

    /// Runs on the accept queue for each new socket.
    func accepted(_ fd: Int32) {
        let count = connectionCount.add(1, ordering: .relaxed).newValue
        if count > configuration.maxConnections {
            // A clean refusal: one short response, best effort (the socket is fresh, so the
            // kernel buffer takes it), then close.
            let refusal = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 20\r\nConnection: close\r\nRetry-After: 1\r\n\r\ntoo many connections"
            _ = refusal.withCString { Glibc.send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
            _ = Glibc.shutdown(fd, Int32(SHUT_WR))
            Glibc.close(fd)
            connectionCount.subtract(1, ordering: .relaxed)
            return
        }
        var one: Int32 = 1
        // Small responses must not wait for Nagle's algorithm.
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let loop = loops[nextLoop.add(1, ordering: .relaxed).newValue % loops.count]
        let connection = HTTPConnection(fd: fd, loop: loop, server: self)
        loop.post { connection.start() }
    }
}

/// An HTTP/1.1 and WebSocket server on POSIX sockets and Dispatch.
///
/// ```swift
/// let server = HTTPServer(configuration: .init(host: "127.0.0.1", port: 0), handler: MyHandler())
/// let address = try server.start()
/// ```
public final class HTTPServer: Sendable {
    private let configuration: HTTPServerConfiguration
    private let handler: any HTTPHandler
    private let webSocketHandler: (any WebSocketHandler)?
    private let coreState = Mutex<HTTPServerCore?>(nil)
    private let listener = Mutex<Listener?>(nil)

    /// Creates a server; nothing is bound until `start()`. Without a `webSocketHandler`,
    /// upgrade requests reach `handler` as plain GETs.
    public init(configuration: HTTPServerConfiguration, handler: any HTTPHandler, webSocketHandler: (any WebSocketHandler)? = nil) {
        self.configuration = configuration
        self.handler = handler
        self.webSocketHandler = webSocketHandler
    }

    /// The shared state, created by `start()` (its loops need descriptors).
    private var core: HTTPServerCore? { coreState.withLock { $0 } }

    /// Raises the descriptor limit, binds, listens and starts accepting; returns the bound
    /// address (with the real port when 0 was asked).
    @discardableResult
    public func start() throws(SyscallError) -> SocketAddress {
        raiseFileDescriptorLimit()
        // Writes use MSG_NOSIGNAL, but ignore SIGPIPE too in case anything else writes.
        signal(SIGPIPE, SIG_IGN)
        let core = try HTTPServerCore(configuration: configuration, handler: handler, webSocketHandler: webSocketHandler)
        let listener = try Listener(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
        coreState.withLock { $0 = core }
        listener.start { fd in core.accepted(fd) }
        self.listener.withLock { $0 = listener }
        return listener.address
    }

    /// The bound address, once started.
    public var localAddress: SocketAddress? { listener.withLock { $0?.address } }

    /// Open connections (WebSocket included).
    public var connectionCount: Int { core?.connectionCount.load(ordering: .relaxed) ?? 0 }

    /// Graceful shutdown: stop accepting, let in-flight requests finish and be answered,
    /// close idle connections, send WebSocket close frames; after `gracePeriod` seconds
    /// close whatever remains. Calls `completion` when every connection is closed.
    public func shutdown(gracePeriod: Double = 10, completion: @escaping @Sendable () -> Void = {}) {
        let listener = self.listener.withLock { l in defer { l = nil }; return l }
        listener?.stop()
        guard let core = self.core else { completion(); return }
        for loop in core.loops { loop.post { loop.shutdownConnections() } }
        let deadline = DispatchTime.now() + gracePeriod
        @Sendable func poll() {
            if core.connectionCount.load(ordering: .relaxed) <= 0 { completion(); return }
            if DispatchTime.now() >= deadline {
                for loop in core.loops { loop.post { loop.forceCloseConnections() } }
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(100)) { completion() }
                return
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(20)) { poll() }
        }
        poll()
    }

    /// `shutdown` that blocks until it completes.
    public func shutdownAndWait(gracePeriod: Double = 10) {
        let done = DispatchSemaphore(value: 0)
        shutdown(gracePeriod: gracePeriod) { done.signal() }
        done.wait()
    }
}
