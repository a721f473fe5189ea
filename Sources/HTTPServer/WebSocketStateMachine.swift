// One WebSocket connection after the upgrade, pure (RFC 6455 §5.4–5.5, §7).
//
//   open ──(peer close frame)──────────────▶ echo close, `.close`            (closed)
//   open ──(server close / protocol error)─▶ send close, timer ─▶ closing
//   closing ──(peer close frame | timer)──▶ `.close`                          (closed)
//
// Fragments of a data message are joined until FIN; control frames may arrive between
// them. A message larger than `maxMessageBytes` fails with 1009, a text message that is not
// UTF-8 with 1007, any framing violation with 1002. Pings are answered with pongs.

/// The pure state machine of one WebSocket connection (server side).
public struct WebSocketStateMachine: Sendable {
    /// What the transport must do.
    public enum Action: Sendable, Equatable {
        /// Hand a complete message to the handler.
        case deliver(WebSocketMessage)
        /// Write these bytes.
        case write([UInt8])
        /// Start the close-handshake timer.
        case startTimer(seconds: Double)
        /// Close the TCP connection once written bytes are flushed; tell the handler.
        case close
    }

    private enum State: Sendable { case open, closing, closed }

    /// Largest message accepted, in bytes.
    public let maxMessageBytes: Int
    /// Seconds to wait for the peer's close frame after sending ours.
    public let closeTimeout: Double
    private var decoder: WebSocketFrameDecoder
    private var state: State = .open
    private var fragmentOpcode: WebSocketOpcode?
    private var fragments: [UInt8] = []

    /// Creates the state machine of a freshly upgraded connection.
    public init(maxMessageBytes: Int = 16 * 1024 * 1024, closeTimeout: Double = 5) {
        self.maxMessageBytes = maxMessageBytes
        self.closeTimeout = closeTimeout
        self.decoder = WebSocketFrameDecoder(maxFrameBytes: maxMessageBytes)
    }

    /// Whether the connection is closed (`.close` emitted).
    public var isClosed: Bool { state == .closed }

    /// Bytes were read from the socket.
    public mutating func bytesReceived<C: Collection<UInt8>>(_ bytes: C) -> [Action] {
        guard state != .closed else { return [] }
        decoder.append(bytes)
        var actions: [Action] = []
        while state != .closed {
            let frame: WebSocketFrame?
            do {
                frame = try decoder.next()
            } catch {
                fail(error, &actions)
                break
            }
            guard let frame else { break }
            handle(frame, &actions)
        }
        return actions
    }

    /// Sends a message from the server (e.g. a subscription notification).
    public mutating func send(_ message: WebSocketMessage) -> [Action] {
        guard state == .open else { return [] }
        switch message {
        case .text(let s): return [.write(WebSocketFrameEncoder.encode(.text, payload: Array(s.utf8)))]
        case .binary(let b): return [.write(WebSocketFrameEncoder.encode(.binary, payload: b))]
        }
    }

    /// Sends a ping with the given payload (at most 125 bytes).
    public mutating func ping(_ payload: [UInt8] = []) -> [Action] {
        guard state == .open else { return [] }
        return [.write(WebSocketFrameEncoder.encode(.ping, payload: payload.prefix(125)))]
    }

    /// Starts the close handshake from the server side.
    public mutating func close(code: UInt16 = 1000, reason: String = "") -> [Action] {
        guard state == .open else { return [] }
        state = .closing
        return [.write(Self.closeFrame(code: code, reason: reason)), .startTimer(seconds: closeTimeout)]
    }

    /// The peer closed its side of TCP without a close frame.
    public mutating func inputEnded() -> [Action] {
        guard state != .closed else { return [] }
        state = .closed
        return [.close]
    }

    /// The close-handshake timer fired.
    public mutating func timerFired() -> [Action] {
        guard state == .closing else { return [] }
        state = .closed
        return [.close]
    }

    private mutating func fail(_ error: WebSocketError, _ actions: inout [Action]) {
        if state == .open {
            actions.append(.write(Self.closeFrame(code: error.closeCode, reason: "")))
        }
        state = .closed
        actions.append(.close)
    }

    private mutating func handle(_ frame: WebSocketFrame, _ actions: inout [Action]) {
        switch frame.opcode {
        case .ping:
            if state == .open { actions.append(.write(WebSocketFrameEncoder.encode(.pong, payload: frame.payload))) }
        case .pong:
            break
        case .close:
            handleClose(frame.payload, &actions)
        case .text, .binary:
            guard fragmentOpcode == nil else { return fail(.protocolError("new message inside a fragmented one"), &actions) }
            if frame.fin {
                deliver(frame.opcode, frame.payload, &actions)
            } else {
                fragmentOpcode = frame.opcode
                fragments = frame.payload
            }
        case .continuation:
            guard let opcode = fragmentOpcode else { return fail(.protocolError("continuation without a message"), &actions) }
            guard fragments.count + frame.payload.count <= maxMessageBytes else { return fail(.messageTooBig, &actions) }
            fragments.append(contentsOf: frame.payload)
            if frame.fin {
                let payload = fragments
                fragments = []
                fragmentOpcode = nil
                deliver(opcode, payload, &actions)
            }
        }
    }

    private mutating func deliver(_ opcode: WebSocketOpcode, _ payload: [UInt8], _ actions: inout [Action]) {
        // Messages that arrive while our close frame is in flight are dropped (§5.5.1).
        guard state == .open else { return }
        if opcode == .text {
            guard let text = String(validating: payload, as: UTF8.self) else { return fail(.invalidUTF8, &actions) }
            actions.append(.deliver(.text(text)))
        } else {
            actions.append(.deliver(.binary(payload)))
        }
    }

    private mutating func handleClose(_ payload: [UInt8], _ actions: inout [Action]) {
        if state == .closing {
            state = .closed
            actions.append(.close)
            return
        }
        var code: UInt16 = 1000
        if payload.count == 1 { return fail(.protocolError("close payload of one byte"), &actions) }
        if payload.count >= 2 {
            code = UInt16(payload[0]) << 8 | UInt16(payload[1])
            let valid = (1000...1003).contains(code) || (1007...1011).contains(code) || (3000...4999).contains(code)
            if !valid { return fail(.protocolError("invalid close code"), &actions) }
            if String(validating: payload[2...], as: UTF8.self) == nil { return fail(.invalidUTF8, &actions) }
        }
        actions.append(.write(Self.closeFrame(code: payload.isEmpty ? nil : code, reason: "")))
        state = .closed
        actions.append(.close)
    }

    /// A close frame with an optional status code and reason.
    public static func closeFrame(code: UInt16?, reason: String) -> [UInt8] {
        guard let code else { return WebSocketFrameEncoder.encode(.close, payload: [UInt8]()) }
        var payload: [UInt8] = [UInt8(code >> 8), UInt8(code & 0xFF)]
        payload.append(contentsOf: reason.utf8.prefix(123))
        return WebSocketFrameEncoder.encode(.close, payload: payload)
    }
}
