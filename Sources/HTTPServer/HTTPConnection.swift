import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// The transport of one accepted socket: reads into the state machine, performs its actions
/// (write, timers, pause, upgrade, close) and hands requests to the handler. All mutable
/// state is confined to the owning loop's queue; the public entry points (`respond`,
/// `webSocketSend`, `webSocketClose`) hop onto it.
final class HTTPConnection: @unchecked Sendable {
    // @unchecked: every `var` below is read and written only on `loop.queue`.
    let fd: Int32
    let loop: EventLoop
    unowned let server: HTTPServerCore
    private var machine: HTTPConnectionStateMachine
    private var webSocket: WebSocketStateMachine?
    private var webSocketHandle: WebSocketConnection?
    /// The epoll interest currently registered (readable and/or writable).
    private var interest: UInt32 = 0
    private var wantWrite = false
    private var readWanted = true
    private var inputEOF = false
    private var output: [UInt8] = []
    private var outputOffset = 0
    private var closing = false
    private var lingering = false
    private var tornDown = false
    /// Monotonic nanoseconds at which the loop's sweep calls `deadlinePassed`; 0 = none.
    var deadline: UInt64 = 0
    /// Events that arrived while actions were being performed (a handler answering
    /// synchronously inside `handle`): run after the current batch, so an action computed
    /// earlier never overrides state changed by the nested event.
    private var performing = false
    private var deferred: [() -> Void] = []

    init(fd: Int32, loop: EventLoop, server: HTTPServerCore) {
        self.fd = fd
        self.loop = loop
        self.server = server
        self.machine = HTTPConnectionStateMachine(configuration: server.configuration.connection)
    }

    /// Registers the socket with the loop; runs on the loop.
    func start() {
        do {
            interest = Epoll.readable
            try loop.register(self, events: interest)
        } catch {
            Glibc.close(fd)
            server.connectionClosed()
            tornDown = true
            return
        }
        perform(machine.connectionOpened())
    }

    // MARK: Reading

    /// The socket is readable (or hung up); called by the loop.
    func readable() {
        guard !tornDown else { return }
        let buffer = loop.readBuffer
        let n: Int
        do {
            // SAFETY: `readBuffer` belongs to this loop and no other read runs on it meanwhile.
            n = try syscall("read") { Glibc.read(fd, buffer.baseAddress, buffer.count) }
        } catch {
            if error.wouldBlock { return }
            teardown()
            return
        }
        if n == 0 {
            // End of input seen again: the loop reported a hang-up (both directions gone).
            if inputEOF { teardown(); return }
            inputEOF = true
            updateInterest()
            if lingering { teardown(); return }
            if webSocket != nil {
                performWebSocket { $0.inputEnded() }
            } else {
                perform(machine.inputEnded())
            }
            return
        }
        if lingering { return }  // discarding what a closed request still sends
        // SAFETY: the first `n` bytes of the loop's buffer were just filled by read().
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
        if webSocket != nil {
            performWebSocket { $0.bytesReceived(bytes) }
        } else {
            perform(machine.bytesReceived(bytes))
        }
    }

    /// Registers the interest the connection's state calls for: readable unless paused or
    /// at end of input (level-triggered EOF would fire forever), writable while output waits.
    private func updateInterest() {
        guard !tornDown else { return }
        let wanted = ((readWanted || lingering) && !inputEOF ? Epoll.readable : 0) | (wantWrite ? Epoll.writable : 0)
        if wanted != interest {
            interest = wanted
            loop.modify(self, events: wanted)
        }
    }

    // MARK: HTTP actions

    private func perform(_ actions: [HTTPConnectionStateMachine.Action]) {
        let outer = !performing
        performing = true
        for action in actions {
            switch action {
            case .dispatch(let request, let sequence):
                server.handler.handle(request, respond: HTTPResponder(connection: self, sequence: sequence))
            case .write(let bytes):
                write(bytes)
            case .startTimer(_, let seconds):
                deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
            case .cancelTimer:
                deadline = 0
            case .pauseReading:
                readWanted = false
                updateInterest()
            case .resumeReading:
                readWanted = true
                updateInterest()
            case .upgrade(let request, let leftover):
                upgrade(request, leftover: leftover)
            case .close:
                beginClose()
            }
        }
        if outer { runDeferred() }
    }

    /// Called by `HTTPResponder` from any thread.
    func respond(_ response: HTTPResponse, sequence: Int) {
        if loop.inLoop {
            respondInLoop(response, sequence: sequence)
        } else {
            loop.post { self.respondInLoop(response, sequence: sequence) }
        }
    }

    private func respondInLoop(_ response: HTTPResponse, sequence: Int) {
        guard !tornDown else { return }
        if performing {
            deferred.append { [self] in self.perform(self.machine.responseReady(response, sequence: sequence)) }
        } else {
            perform(machine.responseReady(response, sequence: sequence))
        }
    }

    /// The loop's sweep found the deadline passed.
    func deadlinePassed() {
        deadline = 0
        if closing {
            // The peer stopped reading our output or kept sending after we closed: give up.
            teardown()
        } else if webSocket != nil {
            performWebSocket { $0.timerFired() }
        } else {
            perform(machine.timerFired())
        }
    }

    func shutdownRequested() {
        guard !tornDown else { return }
        if webSocket != nil {
            performWebSocket { $0.close(code: 1001, reason: "server shutting down") }
        } else {
            perform(machine.shutdownRequested())
        }
    }

    // MARK: Writing

    private func write(_ bytes: [UInt8]) {
        guard !tornDown, !bytes.isEmpty else { return }
        let hadBacklog = outputOffset < output.count
        if hadBacklog {
            output.append(contentsOf: bytes)
        } else {
            let written = bytes.withUnsafeBytes { raw in
                // SAFETY: `raw` is the whole array; send reads at most `raw.count` bytes.
                sendSome(raw.baseAddress!, raw.count)
            }
            guard written >= 0 else { return }
            if written == bytes.count { return }
            output = Array(bytes[written...])
            outputOffset = 0
        }
        enableWriting()
        backlogChanged()
    }

    /// Sends what the kernel takes; returns bytes sent, 0 on EAGAIN, -1 after a teardown.
    private func sendSome(_ pointer: UnsafeRawPointer, _ count: Int) -> Int {
        do {
            return try syscall("send") { Glibc.send(fd, pointer, count, Int32(MSG_NOSIGNAL)) }
        } catch {
            if error.wouldBlock { return 0 }
            teardown()
            return -1
        }
    }

    /// The socket is writable; called by the loop when output is pending.
    func writable() {
        guard !tornDown else { return }
        while outputOffset < output.count {
            let written = output.withUnsafeBytes { raw in
                // SAFETY: `outputOffset < raw.count`, so the range sent lies inside `output`.
                sendSome(raw.baseAddress! + outputOffset, raw.count - outputOffset)
            }
            if written < 0 { return }
            if written == 0 { break }
            outputOffset += written
        }
        if outputOffset >= output.count {
            output = []
            outputOffset = 0
            wantWrite = false
            updateInterest()
            if closing { finishClose(); return }
        } else if outputOffset > 1 << 20 {
            output.removeSubrange(0..<outputOffset)
            outputOffset = 0
        }
        backlogChanged()
    }

    private func backlogChanged() {
        guard webSocket == nil, !closing else { return }
        perform(machine.writeBacklogChanged(output.count - outputOffset))
    }

    private func enableWriting() {
        wantWrite = true
        updateInterest()
    }

    // MARK: Closing

    private func beginClose() {
        guard !closing, !tornDown else { return }
        closing = true
        if outputOffset >= output.count { finishClose() } else {
            // Bound the time a client that does not read may hold the connection.
            deadline = DispatchTime.now().uptimeNanoseconds + UInt64(server.configuration.connection.idleTimeout * 1e9)
        }
    }

    /// Output flushed: half-close, then drain what the client still sends for a moment
    /// (a lingering close), so an early answer such as 413 is not destroyed by a reset.
    private func finishClose() {
        guard !tornDown else { return }
        if inputEOF { teardown(); return }
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
        lingering = true
        updateInterest()
        deadline = DispatchTime.now().uptimeNanoseconds + 2_000_000_000
    }

    /// Releases everything now: leaves the epoll set, closes the descriptor.
    func teardown() {
        guard !tornDown else { return }
        tornDown = true
        deadline = 0
        if let handle = webSocketHandle {
            webSocketHandle = nil
            server.webSocketHandler?.webSocketDidClose(handle)
        }
        loop.unregister(self)
        Glibc.close(fd)
        server.connectionClosed()
    }

    // MARK: WebSocket

    private func upgrade(_ request: HTTPRequest, leftover: [UInt8]) {
        write(WebSocketHandshake.response(for: request))
        webSocket = WebSocketStateMachine(maxMessageBytes: server.configuration.maxWebSocketMessageBytes)
        deadline = 0
        readWanted = true
        updateInterest()
        let handle = WebSocketConnection(id: server.nextWebSocketID(), connection: self)
        webSocketHandle = handle
        server.webSocketHandler?.webSocketDidOpen(handle, request: request)
        if !leftover.isEmpty {
            performWebSocket { $0.bytesReceived(leftover) }
        }
    }

    private func performWebSocket(_ event: (inout WebSocketStateMachine) -> [WebSocketStateMachine.Action]) {
        guard !tornDown, webSocket != nil else { return }
        let actions = event(&webSocket!)
        let outer = !performing
        performing = true
        for action in actions {
            switch action {
            case .deliver(let message):
                if let handle = webSocketHandle { server.webSocketHandler?.webSocket(handle, didReceive: message) }
            case .write(let bytes):
                write(bytes)
            case .startTimer(let seconds):
                deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
            case .close:
                if let handle = webSocketHandle {
                    webSocketHandle = nil
                    server.webSocketHandler?.webSocketDidClose(handle)
                }
                beginClose()
            }
        }
        if outer { runDeferred() }
    }

    func webSocketSend(_ message: WebSocketMessage) {
        loop.execute { [self] in
            if self.performing {
                self.deferred.append { [self] in self.performWebSocket { $0.send(message) } }
            } else {
                self.performWebSocket { $0.send(message) }
            }
        }
    }

    func webSocketClose(code: UInt16, reason: String) {
        loop.execute { [self] in
            if self.performing {
                self.deferred.append { [self] in self.performWebSocket { $0.close(code: code, reason: reason) } }
            } else {
                self.performWebSocket { $0.close(code: code, reason: reason) }
            }
        }
    }

    /// Runs the work queued while actions were being performed (re-entrancy guard), then clears the guard.
    private func runDeferred() {
        while !deferred.isEmpty {
            let next = deferred.removeFirst()
            next()
        }
        performing = false
    }
}
