#if canImport(Glibc)
import Glibc
#endif

// An incremental HTTP/1.1 request parser (RFC 9112), pure: bytes in, events out, no I/O.
//
// States:  head ──(Content-Length > 0)──▶ fixedBody ─────────────────────────▶ head
//            │                                                               ▲
//            └──(chunked)──▶ chunkSize ─▶ chunkData ─▶ chunkDataEnd ─▶ chunkSize …
//                               └──(size 0)──▶ trailers ──(empty line)───────┘
//
// Bytes may arrive split anywhere (one byte at a time) or coalesced (twenty pipelined
// requests in one read); `append` buffers them and `next()` returns at most one event per
// call, so the caller decides whether to keep parsing (pipelining back-pressure, upgrades).
// Limits are checked before buffering grows past them, so a hostile client cannot make the
// parser hold more than `maxHeaderBytes` of head or `maxBodyBytes` of body.

/// An incremental, allocation-light HTTP/1.1 request parser.
public struct HTTPRequestParser: Sendable {
    /// What the parser found in the bytes so far.
    public enum Event: Sendable, Equatable {
        /// A request head is complete and a body follows (used for `Expect: 100-continue`);
        /// the request's body is empty here.
        case head(HTTPRequest)
        /// A request is complete, body included.
        case request(HTTPRequest)
    }

    private enum State: Sendable {
        case head
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case failed
    }

    /// Largest accepted request head (request line and headers), in bytes.
    public let maxHeaderBytes: Int
    /// Largest accepted body, in bytes.
    public let maxBodyBytes: Int

    private var buffer: [UInt8] = []
    private var readIndex = 0
    /// How far the head (or a chunk line) has already been scanned for its terminator, so a
    /// request arriving one byte at a time is scanned in linear, not quadratic, time.
    private var scanIndex = 0
    private var state: State = .head
    private var current: HTTPRequest?

    /// Creates a parser with the given limits.
    public init(maxHeaderBytes: Int = 16 * 1024, maxBodyBytes: Int = 16 * 1024 * 1024) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
    }

    /// Bytes received but not yet consumed by an event.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// True when nothing of a next request has arrived: no buffered bytes, between requests.
    public var isIdle: Bool {
        if case .head = state { return bufferedByteCount == 0 }
        return false
    }

    /// True while a request head has started arriving but is not complete.
    public var isReadingHead: Bool {
        if case .head = state { return bufferedByteCount > 0 }
        return false
    }

    /// True while a body is being received.
    public var isReadingBody: Bool {
        switch state {
        case .head, .failed: false
        default: true
        }
    }

    /// Adds received bytes.
    public mutating func append<C: Collection<UInt8>>(_ bytes: C) {
        if readIndex > 0 && readIndex == buffer.count {
            // Everything was consumed: start over without moving bytes.
            buffer.removeAll(keepingCapacity: true)
            scanIndex -= readIndex
            readIndex = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Removes and returns the bytes not consumed yet (after a WebSocket upgrade they
    /// belong to the WebSocket stream).
    public mutating func takeBufferedBytes() -> [UInt8] {
        let rest = Array(buffer[readIndex...])
        buffer.removeAll()
        readIndex = 0
        scanIndex = 0
        return rest
    }

    /// Returns the next event, `nil` if more bytes are needed, or throws; after a throw the
    /// parser stays failed (the connection must answer the error and close).
    public mutating func next() throws(HTTPParseError) -> Event? {
        do {
            let event = try step()
            compactIfNeeded()
            return event
        } catch {
            state = .failed
            throw error
        }
    }

    private mutating func compactIfNeeded() {
        // Move unread bytes to the front only when the consumed prefix dominates, so the
        // cost stays amortised O(1) per byte.
        if readIndex > 4096 && readIndex * 2 > buffer.count {
            buffer.removeSubrange(0..<readIndex)
            scanIndex -= readIndex
            readIndex = 0
        }
    }

    private mutating func step() throws(HTTPParseError) -> Event? {
        while true {
            switch state {
            case .failed:
                throw .malformed("parser already failed")
            case .head:
                // RFC 9112 §2.2: ignore empty lines before a request line.
                while buffer.count - readIndex >= 2 && buffer[readIndex] == 13 && buffer[readIndex + 1] == 10 {
                    readIndex += 2
                }
                if readIndex < buffer.count && buffer[readIndex] == 10 { readIndex += 1; continue }
                guard let end = findHeadEnd() else {
                    if bufferedByteCount > maxHeaderBytes { throw .headersTooLarge }
                    return nil
                }
                if end - readIndex > maxHeaderBytes { throw .headersTooLarge }
                var request = try parseHead(from: readIndex, to: end)
                readIndex = end + 4
                scanIndex = readIndex
                let framing = try bodyFraming(of: request)
                switch framing {
                case .none:
                    return .request(request)
                case .length(let n):
                    request.body.reserveCapacity(n)
                    current = request
                    state = .fixedBody(remaining: n)
                    return .head(request)
                case .chunked:
                    current = request
                    state = .chunkSize
                    return .head(request)
                }
            case .fixedBody(let remaining):
                let take = min(remaining, bufferedByteCount)
                if take > 0 {
                    current!.body.append(contentsOf: buffer[readIndex..<(readIndex + take)])
                    readIndex += take
                }
                if take == remaining {
                    return finish()
                }
                state = .fixedBody(remaining: remaining - take)
                return nil
            case .chunkSize:
                guard let lineEnd = findCRLF() else {
                    if bufferedByteCount > 1024 { throw .malformed("chunk size line too long") }
                    return nil
                }
                let size = try parseChunkSize(from: readIndex, to: lineEnd)
                readIndex = lineEnd + 2
                scanIndex = readIndex
                if size == 0 {
                    state = .trailers
                } else {
                    if size > maxBodyBytes - current!.body.count { throw .bodyTooLarge }
                    state = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                let take = min(remaining, bufferedByteCount)
                if take > 0 {
                    current!.body.append(contentsOf: buffer[readIndex..<(readIndex + take)])
                    readIndex += take
                }
                if take < remaining {
                    state = .chunkData(remaining: remaining - take)
                    return nil
                }
                state = .chunkDataEnd
            case .chunkDataEnd:
                guard bufferedByteCount >= 2 else { return nil }
                guard buffer[readIndex] == 13 && buffer[readIndex + 1] == 10 else {
                    throw .malformed("chunk data not followed by CRLF")
                }
                readIndex += 2
                scanIndex = readIndex
                state = .chunkSize
            case .trailers:
                // Trailer fields are read and dropped; an empty line ends the message.
                guard let lineEnd = findCRLF() else {
                    if bufferedByteCount > maxHeaderBytes { throw .headersTooLarge }
                    return nil
                }
                let empty = lineEnd == readIndex
                readIndex = lineEnd + 2
                scanIndex = readIndex
                if empty { return finish() }
            }
        }
    }

    private mutating func finish() -> Event {
        let request = current!
        current = nil
        state = .head
        scanIndex = readIndex
        return .request(request)
    }

    /// Index of the `\r\n\r\n` ending the head, scanning only bytes not scanned before.
    private mutating func findHeadEnd() -> Int? {
        let from = max(scanIndex, readIndex)
        let count = buffer.count
        guard count - from >= 1 else { return nil }
        // Restart 3 bytes back so a terminator split across reads is found.
        let start = max(readIndex, from - 3)
        let found: Int? = buffer.withUnsafeBufferPointer { buf in
            // SAFETY: `start..<count` lies within `buf`; memchr reads only that range, and the
            // 3 bytes after a hit are checked against `count` before being read.
            let base = buf.baseAddress!
            var i = start
            while i + 3 < count {
                guard let hit = memchr(base + i, 13, count - i - 3) else { return nil }
                let j = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                if base[j + 1] == 10 && base[j + 2] == 13 && base[j + 3] == 10 { return j }
                i = j + 1
            }
            return nil
        }
        if found == nil { scanIndex = count }
        return found
    }

    /// Index of the next `\r\n` from `readIndex`.
    private mutating func findCRLF() -> Int? {
        var i = max(readIndex, scanIndex - 1)
        while i + 1 < buffer.count {
            if buffer[i] == 13 && buffer[i + 1] == 10 { return i }
            i += 1
        }
        scanIndex = max(readIndex, buffer.count)
        return nil
    }

    private func parseChunkSize(from start: Int, to end: Int) throws(HTTPParseError) -> Int {
        var size = 0
        var i = start
        var digits = 0
        while i < end, let v = hexValue(buffer[i]) {
            if size > (Int.max >> 4) { throw .bodyTooLarge }
            size = size << 4 | v
            digits += 1
            i += 1
        }
        guard digits > 0 else { throw .malformed("bad chunk size") }
        // Chunk extensions (`;name=value`) are allowed and ignored.
        while i < end && (buffer[i] == 32 || buffer[i] == 9) { i += 1 }
        if i < end && buffer[i] != 59 { throw .malformed("bad chunk size") }
        while i < end {
            if buffer[i] < 32 && buffer[i] != 9 { throw .malformed("control byte in chunk extension") }
            i += 1
        }
        if size > maxBodyBytes { throw .bodyTooLarge }
        return size
    }

    private enum BodyFraming { case none, length(Int), chunked }

    private func bodyFraming(of request: HTTPRequest) throws(HTTPParseError) -> BodyFraming {
        let transferEncodings = request.headers.values(of: "Transfer-Encoding")
        let lengths = request.headers.values(of: "Content-Length")
        if !transferEncodings.isEmpty {
            // Both framings at once is the classic request-smuggling vector: refuse it.
            if !lengths.isEmpty { throw .malformed("both Content-Length and Transfer-Encoding") }
            let codings = transferEncodings.flatMap { $0.split(separator: ",") }.map { $0.trimmingSpaces.lowercased() }
            guard codings == ["chunked"] else { throw .unsupportedTransferEncoding }
            return .chunked
        }
        guard !lengths.isEmpty else { return .none }
        var length: Int?
        for value in lengths {
            for part in value.split(separator: ",", omittingEmptySubsequences: false) {
                let trimmed = part.trimmingSpaces
                guard !trimmed.isEmpty, trimmed.utf8.count <= 18, trimmed.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                      let n = Int(trimmed) else {
                    throw .malformed("bad Content-Length")
                }
                if let l = length, l != n { throw .malformed("conflicting Content-Length") }
                length = n
            }
        }
        let n = length!
        if n > maxBodyBytes { throw .bodyTooLarge }
        return n == 0 ? .none : .length(n)
    }

    private func parseHead(from start: Int, to end: Int) throws(HTTPParseError) -> HTTPRequest {
        try buffer.withUnsafeBufferPointer { (buf) throws(HTTPParseError) -> HTTPRequest in
            // SAFETY: `start..<end` was found inside `buffer`, which outlives this closure.
            var i = start
            // Request line: method SP target SP HTTP/1.x CRLF
            let methodStart = i
            while i < end && isTokenByte(buf[i]) { i += 1 }
            guard i > methodStart, i < end, buf[i] == 32 else { throw .malformed("bad method") }
            let method = String(decoding: UnsafeBufferPointer(rebasing: buf[methodStart..<i]), as: UTF8.self)
            i += 1
            let targetStart = i
            while i < end && buf[i] > 32 && buf[i] < 127 { i += 1 }
            guard i > targetStart, i < end, buf[i] == 32 else { throw .malformed("bad request target") }
            let target = String(decoding: UnsafeBufferPointer(rebasing: buf[targetStart..<i]), as: UTF8.self)
            i += 1
            guard end - i >= 8 else { throw .malformed("bad version") }
            let v = buf[i..<(i + 8)]
            guard v.starts(with: "HTTP/".utf8), buf[i + 6] == 46 /* . */,
                  buf[i + 5] >= 48 && buf[i + 5] <= 57, buf[i + 7] >= 48 && buf[i + 7] <= 57 else {
                throw .malformed("bad version")
            }
            guard buf[i + 5] == 49 /* 1 */ else { throw .unsupportedVersion }
            let minor = Int(buf[i + 7] - 48)
            guard minor <= 1 else { throw .unsupportedVersion }
            i += 8
            // `end` points at the final CRLFCRLF, so `buf[i + 1]` exists whenever `i < end`.
            guard i == end || (buf[i] == 13 && buf[i + 1] == 10) else {
                throw .malformed("junk after version")
            }
            var headers = HTTPHeaders()
            i += 2
            while i < end {
                // name ":" OWS value OWS CRLF
                let nameStart = i
                while i < end && isTokenByte(buf[i]) { i += 1 }
                guard i > nameStart, i < end, buf[i] == 58 else {
                    throw .malformed(nameStart < end && (buf[nameStart] == 32 || buf[nameStart] == 9)
                        ? "obsolete line folding" : "bad header name")
                }
                let name = String(decoding: UnsafeBufferPointer(rebasing: buf[nameStart..<i]), as: UTF8.self)
                i += 1
                while i < end && (buf[i] == 32 || buf[i] == 9) { i += 1 }
                let valueStart = i
                var valueEnd = i
                while i < end && buf[i] != 13 {
                    let b = buf[i]
                    if (b < 32 && b != 9) || b == 127 { throw .malformed("control byte in header value") }
                    i += 1
                    if b != 32 && b != 9 { valueEnd = i }
                }
                if i < end {
                    guard i + 1 < end, buf[i + 1] == 10 else { throw .malformed("bare CR in header") }
                    i += 2
                }
                let value = String(decoding: UnsafeBufferPointer(rebasing: buf[valueStart..<valueEnd]), as: UTF8.self)
                headers.add(name: name, value: value)
            }
            // RFC 9112 §3.2 asks for 400 without Host; we are lenient: local tools omit it.
            return HTTPRequest(method: method, target: target, minorVersion: minor, headers: headers)
        }
    }
}

/// RFC 9110 `tchar`.
@inline(__always)
func isTokenByte(_ b: UInt8) -> Bool {
    switch b {
    case 48...57, 65...90, 97...122: true
    case 33, 35, 36, 37, 38, 39, 42, 43, 45, 46, 94, 95, 96, 124, 126: true
    default: false
    }
}

@inline(__always)
func hexValue(_ b: UInt8) -> Int? {
    switch b {
    case 48...57: Int(b - 48)
    case 65...70: Int(b - 55)
    case 97...102: Int(b - 87)
    default: nil
    }
}
