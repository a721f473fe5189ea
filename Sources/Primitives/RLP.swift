/// Recursive Length Prefix encoding (Ethereum yellow paper, appendix B).
///
/// `RLPWriter` builds encodings into one growing byte array; `RLPReader` walks an encoding in
/// place without copying and rejects every non-canonical form: a single byte below 0x80 wrapped
/// in a string header, long-form lengths of 55 or less or with leading zero bytes, lengths past
/// the end of the input, and (through `readUInt*`) integers with leading zero bytes.

/// Why an RLP encoding was rejected.
public enum RLPError: Error, Equatable, Sendable, CustomStringConvertible {
    case unexpectedEnd
    case nonCanonicalSingleByte
    case nonCanonicalLength
    case lengthLeadingZeros
    case lengthOverflow
    case expectedList
    case expectedString
    case integerLeadingZeros
    case integerTooLarge
    case trailingBytes
    case wrongLength(expected: Int, actual: Int)
    case invalid(String)

    public var description: String {
        switch self {
        case .unexpectedEnd: return "rlp: value size exceeds available input length"
        case .nonCanonicalSingleByte: return "rlp: non-canonical size information (single byte below 0x80 in a string header)"
        case .nonCanonicalLength: return "rlp: non-canonical size information (long form for a short length)"
        case .lengthLeadingZeros: return "rlp: non-canonical size information (length with leading zeros)"
        case .lengthOverflow: return "rlp: length overflows"
        case .expectedList: return "rlp: expected list"
        case .expectedString: return "rlp: expected string"
        case .integerLeadingZeros: return "rlp: non-canonical integer (leading zero bytes)"
        case .integerTooLarge: return "rlp: integer too large"
        case .trailingBytes: return "rlp: input contains more than one value"
        case .wrongLength(let e, let a): return "rlp: wrong length \(a), want \(e)"
        case .invalid(let s): return "rlp: \(s)"
        }
    }
}

/// A value that writes itself as RLP.
public protocol RLPEncodable {
    func encode(to writer: inout RLPWriter)
}

extension RLPEncodable {
    /// The RLP encoding.
    public var rlp: [UInt8] {
        var w = RLPWriter()
        encode(to: &w)
        return w.bytes
    }
}

/// Builds an RLP encoding.
public struct RLPWriter: Sendable {
    /// The encoding so far.
    public var bytes: [UInt8]

    public init(reservingCapacity capacity: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    @inline(__always) @usableFromInline
    mutating func appendHeader(_ length: Int, offset: UInt8) {
        if length <= 55 {
            bytes.append(offset + UInt8(length))
        } else {
            let lengthBytes = (64 - UInt64(length).leadingZeroBitCount + 7) / 8
            bytes.append(offset + 55 + UInt8(lengthBytes))
            for i in stride(from: lengthBytes - 1, through: 0, by: -1) {
                bytes.append(UInt8(truncatingIfNeeded: length >> (i * 8)))
            }
        }
    }

    /// A byte string. Inlinable so that callers in other modules get it specialized for their
    /// collection: unspecialized, a header's 256-byte bloom was appended element by element.
    @inlinable
    public mutating func append(bytes value: some Collection<UInt8>) {
        if value.count == 1, let b = value.first, b < 0x80 {
            bytes.append(b)
            return
        }
        appendHeader(value.count, offset: 0x80)
        bytes.append(contentsOf: value)
    }

    /// An unsigned integer, big-endian without leading zeros (zero is the empty string).
    public mutating func append(_ value: UInt64) {
        if value == 0 { bytes.append(0x80); return }
        if value < 0x80 { bytes.append(UInt8(value)); return }
        let n = (64 - value.leadingZeroBitCount + 7) / 8
        bytes.append(0x80 + UInt8(n))
        for i in stride(from: n - 1, through: 0, by: -1) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(i * 8))) }
    }

    /// An unsigned integer.
    public mutating func append(_ value: Int) { append(UInt64(value)) }

    /// A 256-bit unsigned integer, minimal big-endian.
    public mutating func append(_ value: UInt256) {
        if value.fitsUInt64 { append(value.w0); return }
        append(bytes: value.minimalBigEndianBytes)
    }

    /// A boolean as the integer 0 or 1.
    public mutating func append(_ value: Bool) { append(value ? UInt64(1) : 0) }

    /// A 20-byte address: its big-endian bytes assembled on the stack and appended as one copy
    /// (`repeatElement` zeros to write over would be appended byte by byte).
    public mutating func append(_ value: Address) {
        bytes.append(0x80 + 20)
        var be = (value.hi.bigEndian, value.mid.bigEndian, value.lo.bigEndian)
        withUnsafeBytes(of: &be) { bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[..<20])) }
    }

    /// A 32-byte hash (as the address above; a header holds seven of them).
    public mutating func append(_ value: Hash) {
        bytes.append(0x80 + 32)
        var be = (value.w0.bigEndian, value.w1.bigEndian, value.w2.bigEndian, value.w3.bigEndian)
        withUnsafeBytes(of: &be) { bytes.append(contentsOf: $0) }
    }

    /// Any encodable value.
    public mutating func append(_ value: some RLPEncodable) { value.encode(to: &self) }

    /// Bytes that are already a complete RLP item (copied verbatim).
    public mutating func append(raw: some Collection<UInt8>) { bytes.append(contentsOf: raw) }

    /// A list whose items `body` appends.
    public mutating func appendList(_ body: (inout RLPWriter) throws -> Void) rethrows {
        let start = bytes.count
        try body(&self)
        let length = bytes.count - start
        if length <= 55 {
            bytes.insert(0xc0 + UInt8(length), at: start)
        } else {
            var header = RLPWriter(reservingCapacity: 9)
            header.appendHeader(length, offset: 0xc0)
            bytes.insert(contentsOf: header.bytes, at: start)
        }
    }
}

/// Reads an RLP encoding in place. A reader covers a range of the input: the whole input at the
/// top, or the payload of one list.
public struct RLPReader: Sendable {
    /// The whole input (shared, never copied).
    public let data: [UInt8]
    /// Next byte to read.
    public private(set) var position: Int
    /// End of this reader's range.
    public let end: Int

    public init(_ data: [UInt8]) {
        self.data = data
        self.position = 0
        self.end = data.count
    }

    init(data: [UInt8], position: Int, end: Int) {
        self.data = data
        self.position = position
        self.end = end
    }

    /// True when every item in range has been read.
    public var isAtEnd: Bool { position >= end }

    /// Throws unless every item in range has been read.
    public func finish() throws(RLPError) {
        if position != end { throw .trailingBytes }
    }

    /// The header of the next item: whether it is a list, where its payload starts and how long it is.
    public func peekHeader() throws(RLPError) -> (isList: Bool, payloadStart: Int, payloadLength: Int) {
        guard position < end else { throw .unexpectedEnd }
        let prefix = data[position]
        switch prefix {
        case 0x00...0x7f:
            return (false, position, 1)
        case 0x80...0xb7:
            let length = Int(prefix - 0x80)
            guard length <= end - position - 1 else { throw .unexpectedEnd }
            if length == 1 && data[position + 1] < 0x80 { throw .nonCanonicalSingleByte }
            return (false, position + 1, length)
        case 0xb8...0xbf:
            let (start, length) = try longLength(lengthOfLength: Int(prefix - 0xb7))
            return (false, start, length)
        case 0xc0...0xf7:
            let length = Int(prefix - 0xc0)
            guard length <= end - position - 1 else { throw .unexpectedEnd }
            return (true, position + 1, length)
        default:
            let (start, length) = try longLength(lengthOfLength: Int(prefix - 0xf7))
            return (true, start, length)
        }
    }

    private func longLength(lengthOfLength: Int) throws(RLPError) -> (Int, Int) {
        guard lengthOfLength <= end - position - 1 else { throw .unexpectedEnd }
        guard data[position + 1] != 0 else { throw .lengthLeadingZeros }
        guard lengthOfLength <= 7 else { throw .lengthOverflow }
        var length = 0
        for i in 0..<lengthOfLength { length = length << 8 | Int(data[position + 1 + i]) }
        guard length > 55 else { throw .nonCanonicalLength }
        let start = position + 1 + lengthOfLength
        guard length <= end - start else { throw .unexpectedEnd }
        return (start, length)
    }

    /// True if the next item is a list.
    public func nextIsList() throws(RLPError) -> Bool { try peekHeader().isList }

    /// Reads a list and returns a reader over its items.
    public mutating func readList() throws(RLPError) -> RLPReader {
        let h = try peekHeader()
        guard h.isList else { throw .expectedList }
        position = h.payloadStart + h.payloadLength
        return RLPReader(data: data, position: h.payloadStart, end: h.payloadStart + h.payloadLength)
    }

    /// Reads a byte string (the payload, without its header).
    public mutating func readBytes() throws(RLPError) -> ArraySlice<UInt8> {
        let h = try peekHeader()
        guard !h.isList else { throw .expectedString }
        position = h.payloadStart + h.payloadLength
        return data[h.payloadStart..<(h.payloadStart + h.payloadLength)]
    }

    /// Reads a byte string of exactly `count` bytes.
    public mutating func readBytes(count: Int) throws(RLPError) -> ArraySlice<UInt8> {
        let b = try readBytes()
        guard b.count == count else { throw .wrongLength(expected: count, actual: b.count) }
        return b
    }

    /// Reads the next item whole, header included.
    public mutating func readRaw() throws(RLPError) -> ArraySlice<UInt8> {
        let start = position
        let h = try peekHeader()
        position = h.payloadStart + h.payloadLength
        return data[start..<position]
    }

    /// Reads a canonical unsigned integer of at most 8 bytes.
    public mutating func readUInt64() throws(RLPError) -> UInt64 {
        let b = try readBytes()
        guard b.count <= 8 else { throw .integerTooLarge }
        if let first = b.first, first == 0 { throw .integerLeadingZeros }
        var v: UInt64 = 0
        for x in b { v = v << 8 | UInt64(x) }
        return v
    }

    /// Reads a canonical unsigned integer of at most 32 bytes.
    public mutating func readUInt256() throws(RLPError) -> UInt256 {
        let b = try readBytes()
        guard b.count <= 32 else { throw .integerTooLarge }
        if let first = b.first, first == 0 { throw .integerLeadingZeros }
        return UInt256(bigEndian: b)!
    }

    /// Reads a 20-byte address.
    public mutating func readAddress() throws(RLPError) -> Address {
        let b = try readBytes(count: 20)
        return try! Address(b)
    }

    /// Reads a 32-byte hash.
    public mutating func readHash() throws(RLPError) -> Hash {
        let b = try readBytes(count: 32)
        return try! Hash(b)
    }
}

/// A decoded RLP tree, for generic inspection and tests; hot paths use `RLPReader` directly.
public indirect enum RLPItem: Equatable, Sendable, RLPEncodable {
    case bytes([UInt8])
    case list([RLPItem])

    /// The deepest list nesting `init(decoding:)` accepts. Ethereum's structures nest a few levels;
    /// the limit keeps hostile input (a megabyte of nested list headers) from overflowing the stack.
    public static let maxNestingDepth = 1024

    /// Decodes exactly one item from `data`; throws `.invalid` past `maxNestingDepth` nested lists.
    public init(decoding data: [UInt8]) throws(RLPError) {
        var r = RLPReader(data)
        self = try RLPItem.read(&r, depth: 0)
        try r.finish()
    }

    static func read(_ r: inout RLPReader, depth: Int) throws(RLPError) -> RLPItem {
        if try r.nextIsList() {
            guard depth < maxNestingDepth else { throw .invalid("lists nested deeper than \(maxNestingDepth)") }
            var sub = try r.readList()
            var items: [RLPItem] = []
            while !sub.isAtEnd { items.append(try read(&sub, depth: depth + 1)) }
            return .list(items)
        }
        return .bytes(Array(try r.readBytes()))
    }

    public func encode(to writer: inout RLPWriter) {
        switch self {
        case .bytes(let b): writer.append(bytes: b)
        case .list(let items): writer.appendList { w in for i in items { i.encode(to: &w) } }
        }
    }
}
