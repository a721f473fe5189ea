// The life of one HTTP/1.1 connection, pure: events in (bytes read, end of stream, a
// response ready, a timer fired, write backlog changed, shutdown), actions out (dispatch a
// request, write bytes, start/cancel the timer, pause/resume reading, upgrade, close).
// The transport (`HTTPConnection`) performs the actions; tests drive this struct directly.
//
// Ordering: every parsed request takes a *slot* in `slots`, in arrival order. Handlers may
// answer out of order and concurrently; a slot's response is written only once every earlier
// slot's response has been, so pipelined responses leave in request order. Interim
// `100 Continue` lines obey the same rule.
//
// Back-pressure: reading pauses while `maxPipelinedRequests` slots are waiting or the
// transport's unwritten output exceeds `writeHighWatermark`, and resumes below the low
// watermark; bytes already read stay in the parser until a slot frees.
//
// Timers (one per connection):
//   head started, not complete   → header timer, not reset by more bytes (slowloris) → 408, close
//   body in progress             → idle timer, reset by each read            → 408, close
//   nothing in flight, no bytes  → idle timer                                 → close
//   requests in flight           → no timer: handlers take the time they need
//
// Closing: a parse error, `Connection: close`, HTTP/1.0 without keep-alive, end of stream or
// shutdown stop the parsing of further requests; in-flight requests are still answered,
// then `.close` is emitted once (the transport closes after flushing its output).

/// The pure state machine of one HTTP/1.1 connection.
public struct HTTPConnectionStateMachine: Sendable {
    /// Limits and policies of a connection.
    public struct Configuration: Sendable {
        /// Largest request head in bytes (answered with 431 beyond).
        public var maxHeaderBytes: Int = 16 * 1024
        /// Largest request body in bytes (answered with 413 beyond).
        public var maxBodyBytes: Int = 16 * 1024 * 1024
        /// Seconds a client has to send a complete request head once it started one.
        public var headerTimeout: Double = 10
        /// Seconds a connection may sit idle (or stall within a body) before it is closed.
        public var idleTimeout: Double = 60
        /// Requests read ahead of their responses before reading pauses.
        public var maxPipelinedRequests: Int = 64
        /// Unwritten output bytes above which reading pauses.
        public var writeHighWatermark: Int = 1 << 20
        /// Unwritten output bytes below which reading resumes.
        public var writeLowWatermark: Int = 256 * 1024
        /// Origins allowed by CORS; `["*"]` allows any.
        public var allowedOrigins: [String] = ["*"]
        /// Whether WebSocket upgrades are accepted (otherwise they reach the handler as GETs).
        public var webSocketEnabled: Bool = true

        /// Creates the default configuration.
        public init() {}
    }

    /// The single timer a connection runs.
    public enum TimerKind: Sendable, Equatable {
        /// Bounds the time to receive a complete request head.
        case header
        /// Bounds idleness between requests and stalls within a body.
        case idle
    }

    /// What the transport must do.
    public enum Action: Sendable, Equatable {
        /// Run the handler on this request; answer with `responseReady(_:sequence:)`.
        case dispatch(HTTPRequest, sequence: Int)
        /// Write these bytes (in order, after earlier writes).
        case write([UInt8])
        /// (Re)start the connection timer.
        case startTimer(TimerKind, seconds: Double)
        /// Stop the connection timer.
        case cancelTimer
        /// Stop reading from the socket.
        case pauseReading
        /// Read from the socket again.
        case resumeReading
        /// Switch to WebSocket: answer the handshake for this request, then feed `leftover`
        /// (bytes that followed the request) to the WebSocket state machine.
        case upgrade(HTTPRequest, leftover: [UInt8])
        /// Close the connection once the written bytes are flushed.
        case close
    }

    private struct Slot: Sendable {
        var sequence: Int
        var isHead = false
        var close = false
        var cors: HTTPHeaders = [:]
        var interim: [UInt8]?
        var awaitingBody = false
        var response: HTTPResponse?
        var upgrade: HTTPRequest?
    }

    /// The configuration in force.
    public let configuration: Configuration
    private var parser: HTTPRequestParser
    private var slots: [Slot] = []
    private var nextSequence = 0
    private var stopParsing = false
    private var shuttingDown = false
    private var inputClosed = false
    private var closed = false
    private var upgraded = false
    private var readingPaused = false
    private var timer: TimerKind?
    /// The request sequence number when the header timer started: a new request head
    /// gets a fresh deadline, more bytes of the same head do not.
    private var headerTimerSequence = -1
    private var writeBacklog = 0

    /// Creates the state machine of a new connection.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.parser = HTTPRequestParser(maxHeaderBytes: configuration.maxHeaderBytes, maxBodyBytes: configuration.maxBodyBytes)
    }

    /// Whether `.close` has been emitted.
    public var isClosed: Bool { closed }

    /// Actions to take when the connection opens: arm the idle timer.
    public mutating func connectionOpened() -> [Action] {
        var actions: [Action] = []
        updateTimer(&actions, progress: false)
        return actions
    }

    /// Bytes were read from the socket.
    public mutating func bytesReceived<C: Collection<UInt8>>(_ bytes: C) -> [Action] {
        guard !closed, !upgraded, !stopParsing else { return [] }
        parser.append(bytes)
        var actions: [Action] = []
        process(&actions, progress: true)
        return actions
    }

    /// The client closed its sending side (read returned 0). Requests already received
    /// are still answered: a half-closed client waits for its responses.
    public mutating func inputEnded() -> [Action] {
        guard !closed, !upgraded else { return [] }
        inputClosed = true
        var actions: [Action] = []
        if !stopParsing { parse(&actions) }
        stopParsing = true
        // A partial request can never complete now: drop it.
        if let last = slots.last, last.awaitingBody { slots.removeLast() }
        flush(&actions)
        if !closed && !upgraded && timer != nil {
            timer = nil
            actions.append(.cancelTimer)
        }
        return actions
    }

    /// The handler answered the request dispatched with `sequence`.
    public mutating func responseReady(_ response: HTTPResponse, sequence: Int) -> [Action] {
        guard !closed, !upgraded, let index = slots.firstIndex(where: { $0.sequence == sequence }),
              slots[index].response == nil else { return [] }
        slots[index].response = response
        var actions: [Action] = []
        if index == 0 {
            process(&actions, progress: false)
        }
        return actions
    }

    /// The connection timer fired.
    public mutating func timerFired() -> [Action] {
        guard !closed, !upgraded, timer != nil else { return [] }
        timer = nil
        var actions: [Action] = []
        if parser.isReadingHead || parser.isReadingBody {
            // A stalled request (header or body): answer 408 after earlier responses, close.
            stopParsing = true
            if let last = slots.last, last.awaitingBody { slots.removeLast() }
            enqueueError(status: 408, message: "request timeout")
            flush(&actions)
        } else if slots.isEmpty {
            closed = true
            actions.append(.close)
        }
        return actions
    }

    /// The transport's unwritten output changed to `bytes`.
    public mutating func writeBacklogChanged(_ bytes: Int) -> [Action] {
        guard !closed, !upgraded else { return [] }
        writeBacklog = bytes
        var actions: [Action] = []
        updateReading(&actions)
        return actions
    }

    /// The server is shutting down: answer what is in flight, accept nothing new, close.
    public mutating func shutdownRequested() -> [Action] {
        guard !closed, !upgraded else { return [] }
        shuttingDown = true
        stopParsing = true
        var actions: [Action] = []
        flush(&actions)
        if !closed && slots.isEmpty {
            closed = true
            actions.append(.close)
        }
        return actions
    }

    // MARK: - Internals

    private mutating func process(_ actions: inout [Action], progress: Bool) {
        // Flush first: answered slots free room for requests waiting in the parser.
        flush(&actions)
        parse(&actions)
        flush(&actions)
        if !closed && !upgraded {
            updateReading(&actions)
            updateTimer(&actions, progress: progress)
        }
    }

    private mutating func parse(_ actions: inout [Action]) {
        while !stopParsing && !upgraded && slots.count < configuration.maxPipelinedRequests {
            let event: HTTPRequestParser.Event?
            do {
                event = try parser.next()
            } catch {
                stopParsing = true
                if let last = slots.last, last.awaitingBody { slots.removeLast() }
                enqueueError(status: error.status, message: "\(error)")
                return
            }
            guard let event else { return }
            switch event {
            case .head(let request):
                var slot = newSlot(for: request)
                slot.awaitingBody = true
                if let expect = request.headers["Expect"] {
                    guard asciiCaseInsensitiveEquals(expect, "100-continue") else {
                        stopParsing = true
                        enqueueError(status: 417, message: "unsupported Expect")
                        return
                    }
                    if request.minorVersion >= 1 {
                        slot.interim = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
                    }
                }
                slots.append(slot)
            case .request(let request):
                var slot: Slot
                if let last = slots.last, last.awaitingBody {
                    slot = slots.removeLast()
                    slot.awaitingBody = false
                } else {
                    slot = newSlot(for: request)
                }
                if !request.wantsKeepAlive {
                    slot.close = true
                    stopParsing = true
                }
                if request.isWebSocketUpgrade && configuration.webSocketEnabled {
                    if request.headers["Sec-WebSocket-Version"] == "13" {
                        slot.upgrade = request
                        stopParsing = true
                        slots.append(slot)
                        return
                    }
                    slot.response = HTTPResponse(status: 426, headers: ["Sec-WebSocket-Version": "13"])
                    slots.append(slot)
                    continue
                }
                if request.method == "OPTIONS" {
                    slot.response = optionsResponse(for: request)
                    if slot.response!.status == 403 { slot.cors = [:] }
                    slots.append(slot)
                    continue
                }
                slots.append(slot)
                actions.append(.dispatch(request, sequence: slot.sequence))
            }
        }
    }

    private mutating func newSlot(for request: HTTPRequest) -> Slot {
        var slot = Slot(sequence: nextSequence)
        nextSequence += 1
        slot.isHead = request.method == "HEAD"
        if let origin = request.headers["Origin"], let allowed = allowedOriginHeader(for: origin) {
            slot.cors.add(name: "Access-Control-Allow-Origin", value: allowed)
            if allowed != "*" { slot.cors.add(name: "Vary", value: "Origin") }
        }
        return slot
    }

    private func allowedOriginHeader(for origin: String) -> String? {
        if configuration.allowedOrigins.contains("*") { return "*" }
        return configuration.allowedOrigins.contains(origin) ? origin : nil
    }

    /// OPTIONS is answered by the server: a CORS preflight (Origin and
    /// Access-Control-Request-Method present) gets the allowed methods and headers, a plain
    /// OPTIONS gets `Allow`.
    private func optionsResponse(for request: HTTPRequest) -> HTTPResponse {
        var headers: HTTPHeaders = ["Allow": "GET, POST, HEAD, OPTIONS"]
        if let origin = request.headers["Origin"], request.headers["Access-Control-Request-Method"] != nil {
            guard allowedOriginHeader(for: origin) != nil else {
                return HTTPResponse(status: 403, headers: ["Content-Type": "text/plain"], body: Array("origin not allowed".utf8))
            }
            headers.add(name: "Access-Control-Allow-Methods", value: "GET, POST, HEAD, OPTIONS")
            let requested = request.headers["Access-Control-Request-Headers"] ?? ""
            headers.add(name: "Access-Control-Allow-Headers", value: requested.isEmpty ? "Content-Type" : requested)
            headers.add(name: "Access-Control-Max-Age", value: "86400")
        }
        return HTTPResponse(status: 204, headers: headers)
    }

    private mutating func enqueueError(status: Int, message: String) {
        var slot = Slot(sequence: nextSequence)
        nextSequence += 1
        slot.close = true
        slot.response = HTTPResponse(status: status, headers: ["Content-Type": "text/plain"], body: Array((message + "\n").utf8))
        slots.append(slot)
    }

    /// Writes every response that is next in order, coalesced into one write.
    private mutating func flush(_ actions: inout [Action]) {
        guard !closed, !upgraded else { return }
        var out: [UInt8] = []
        var shouldClose = false
        while !slots.isEmpty {
            if let interim = slots[0].interim {
                out.append(contentsOf: interim)
                slots[0].interim = nil
            }
            if let request = slots[0].upgrade {
                if !out.isEmpty { actions.append(.write(out)); out = [] }
                slots.removeFirst()
                upgraded = true
                if timer != nil { timer = nil; actions.append(.cancelTimer) }
                if readingPaused { readingPaused = false; actions.append(.resumeReading) }
                actions.append(.upgrade(request, leftover: parser.takeBufferedBytes()))
                return
            }
            guard let response = slots[0].response else { break }
            let slot = slots.removeFirst()
            let last = slots.isEmpty && (stopParsing || shuttingDown)
            let close = slot.close || shuttingDown && slots.isEmpty || inputClosed && last
            let bytes = response.serialized(includeBody: !slot.isHead, close: close, extraHeaders: slot.cors)
            if out.isEmpty { out = bytes } else { out.append(contentsOf: bytes) }
            if close || last {
                slots.removeAll()
                shouldClose = true
                break
            }
        }
        if !out.isEmpty { actions.append(.write(out)) }
        if !shouldClose && slots.isEmpty && stopParsing { shouldClose = true }
        if shouldClose {
            closed = true
            actions.append(.close)
        }
    }

    private mutating func updateReading(_ actions: inout [Action]) {
        let shouldPause = slots.count >= configuration.maxPipelinedRequests
            || writeBacklog > configuration.writeHighWatermark
        if shouldPause && !readingPaused {
            readingPaused = true
            actions.append(.pauseReading)
        } else if !shouldPause && readingPaused && writeBacklog <= configuration.writeLowWatermark {
            readingPaused = false
            actions.append(.resumeReading)
        }
    }

    private mutating func updateTimer(_ actions: inout [Action], progress: Bool) {
        let desired: TimerKind?
        var restart = false
        if parser.isReadingHead {
            desired = .header
        } else if parser.isReadingBody {
            desired = .idle
            restart = progress
        } else if slots.isEmpty {
            desired = .idle
            restart = progress
        } else {
            desired = nil
        }
        guard let desired else {
            if timer != nil { timer = nil; actions.append(.cancelTimer) }
            return
        }
        if desired == .header && timer == .header && headerTimerSequence != nextSequence { restart = true }
        if timer != desired || restart {
            timer = desired
            if desired == .header { headerTimerSequence = nextSequence }
            let seconds = desired == .header ? configuration.headerTimeout : configuration.idleTimeout
            actions.append(.startTimer(desired, seconds: seconds))
        }
    }
}
