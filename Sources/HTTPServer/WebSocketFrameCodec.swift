// RFC 6455 §5 framing, pure. A frame is
//   FIN RSV1-3 opcode(4) | MASK len(7) [len16 | len64] [mask key(4)] payload
// Clients must mask, servers must not; control frames (close, ping, pong) are final and carry
// at most 125 bytes. The decoder checks a frame's declared length against the limit before
// buffering its payload, so a client cannot make the server allocate more than the limit.

/// Why a WebSocket stream was rejected; each maps to a close code (RFC 6455 §7.4.1).
public enum WebSocketError: Error, Equatable, Sendable {
    /// The peer broke the framing rules (close code 1002).
    case protocolError(String)
    /// A message exceeds the configured limit (close code 1009).
    case messageTooBig
    /// A text message is not valid UTF-8 (close code 1007).
    case invalidUTF8

    /// The close code sent to the peer for this error.
    public var closeCode: UInt16 {
        switch self {
        case .protocolError: 1002
        case .messageTooBig: 1009
        case .invalidUTF8: 1007
        }
    }
}

/// A frame opcode.
public enum WebSocketOpcode: UInt8, Sendable {
    /// Continues a fragmented message.
    case continuation = 0x0
    /// First frame of a text message.
    case text = 0x1
    /// First frame of a binary message.
    case binary = 0x2
    /// Close handshake.
    case close = 0x8
    /// Ping; answered with a pong carrying the same payload.
    case ping = 0x9
    /// Pong.
    case pong = 0xA

    /// Whether this is a control opcode.
    var isControl: Bool { rawValue & 0x8 != 0 }
}

/// One decoded frame, payload unmasked.
public struct WebSocketFrame: Equatable, Sendable {
    /// Whether this is the final frame of its message.
    public var fin: Bool
    /// The opcode.
    public var opcode: WebSocketOpcode
    /// The unmasked payload.
    public var payload: [UInt8]

    /// Creates a frame.
    public init(fin: Bool = true, opcode: WebSocketOpcode, payload: [UInt8]) {
        self.fin = fin
        self.opcode = opcode
        self.payload = payload
    }
}

/// An incremental decoder of client-to-server frames.
public struct WebSocketFrameDecoder: Sendable {
    /// Largest payload accepted in one frame.
    public let maxFrameBytes: Int
    /// Whether frames must be masked (true on the server side).
    public let requireMask: Bool
    private var buffer: [UInt8] = []
    private var readIndex = 0

    /// Creates a decoder.
    public init(maxFrameBytes: Int, requireMask: Bool = true) {
        self.maxFrameBytes = maxFrameBytes
        self.requireMask = requireMask
    }

    /// Adds received bytes.
    public mutating func append<C: Collection<UInt8>>(_ bytes: C) {
        if readIndex > 0 && (readIndex == buffer.count || readIndex > 65536) {
            buffer.removeSubrange(0..<readIndex)
            readIndex = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete frame, or `nil` if more bytes are needed.
    public mutating func next() throws(WebSocketError) -> WebSocketFrame? {
        let available = buffer.count - readIndex
        guard available >= 2 else { return nil }
        let b0 = buffer[readIndex], b1 = buffer[readIndex + 1]
        guard b0 & 0x70 == 0 else { throw .protocolError("reserved bits set") }
        guard let opcode = WebSocketOpcode(rawValue: b0 & 0x0F) else { throw .protocolError("unknown opcode") }
        let fin = b0 & 0x80 != 0
        let masked = b1 & 0x80 != 0
        if requireMask && !masked { throw .protocolError("unmasked client frame") }
        var length = UInt64(b1 & 0x7F)
        var offset = 2
        if opcode.isControl && (!fin || length > 125) { throw .protocolError("bad control frame") }
        if length == 126 {
            guard available >= 4 else { return nil }
            length = UInt64(buffer[readIndex + 2]) << 8 | UInt64(buffer[readIndex + 3])
            offset = 4
        } else if length == 127 {
            guard available >= 10 else { return nil }
            length = 0
            for i in 0..<8 { length = length << 8 | UInt64(buffer[readIndex + 2 + i]) }
            if length >> 63 != 0 { throw .protocolError("64-bit length with top bit set") }
            offset = 10
        }
        if length > UInt64(maxFrameBytes) { throw .messageTooBig }
        var key: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        if masked {
            guard available >= offset + 4 else { return nil }
            let k = readIndex + offset
            key = (buffer[k], buffer[k + 1], buffer[k + 2], buffer[k + 3])
            offset += 4
        }
        let n = Int(length)
        guard available >= offset + n else { return nil }
        let start = readIndex + offset
        var payload = Array(buffer[start..<(start + n)])
        if masked { Self.applyMask(key, to: &payload) }
        readIndex = start + n
        return WebSocketFrame(fin: fin, opcode: opcode, payload: payload)
    }

    /// XORs the payload with the 4-byte masking key (RFC 6455 §5.3).
    static func applyMask(_ key: (UInt8, UInt8, UInt8, UInt8), to payload: inout [UInt8]) {
        let k: [UInt8] = [key.0, key.1, key.2, key.3]
        let word = UInt32(k[0]) | UInt32(k[1]) << 8 | UInt32(k[2]) << 16 | UInt32(k[3]) << 24
        payload.withUnsafeMutableBytes { raw in
            // SAFETY: `raw` covers exactly the payload; whole 4-byte words are read and written
            // with unaligned loads/stores inside it, the tail byte by byte.
            let count = raw.count
            var i = 0
            while i + 4 <= count {
                let v = raw.loadUnaligned(fromByteOffset: i, as: UInt32.self) ^ word
                raw.storeBytes(of: v, toByteOffset: i, as: UInt32.self)
                i += 4
            }
            while i < count {
                raw[i] ^= k[i & 3]
                i += 1
            }
        }
    }
}

/// Encodes frames; the server never masks.
public enum WebSocketFrameEncoder {
    /// Encodes one frame with the given opcode and payload.
    public static func encode(_ opcode: WebSocketOpcode, payload: some Collection<UInt8>, fin: Bool = true, mask: (UInt8, UInt8, UInt8, UInt8)? = nil) -> [UInt8] {
        var out: [UInt8] = []
        let n = payload.count
        out.reserveCapacity(n + 14)
        out.append((fin ? 0x80 : 0) | opcode.rawValue)
        let maskBit: UInt8 = mask == nil ? 0 : 0x80
        if n < 126 {
            out.append(maskBit | UInt8(n))
        } else if n <= 0xFFFF {
            out.append(maskBit | 126)
            out.append(UInt8(n >> 8))
            out.append(UInt8(n & 0xFF))
        } else {
            out.append(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8((UInt64(n) >> UInt64(shift)) & 0xFF)) }
        }
        if let mask {
            out.append(contentsOf: [mask.0, mask.1, mask.2, mask.3])
            var masked = Array(payload)
            WebSocketFrameDecoder.applyMask(mask, to: &masked)
            out.append(contentsOf: masked)
        } else {
            out.append(contentsOf: payload)
        }
        return out
    }
}
