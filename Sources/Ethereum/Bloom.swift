import Primitives

/// The 2048-bit log bloom filter of receipts and headers (yellow paper 4.3.1): each address and
/// topic sets three bits chosen by the first six bytes of its Keccak-256.
///
/// The 256 bytes are held inline, not in an array: every receipt has a bloom, and a heap buffer
/// per receipt cost an allocation when it was made, a reference-count update on every copy (from
/// the worker that built it to the block's receipt list) and a free.
public struct Bloom: Hashable, Sendable {
    private var storage: InlineArray<256, UInt8>

    public init() { storage = InlineArray(repeating: 0) }

    /// From exactly 256 bytes.
    public init(_ bytes: some Collection<UInt8>) throws(RLPError) {
        guard bytes.count == 256 else { throw .wrongLength(expected: 256, actual: bytes.count) }
        self.init()
        var i = 0
        for b in bytes { storage[i] = b; i += 1 }
    }

    /// The 256 bytes, big-endian bit order as encoded.
    public var bytes: [UInt8] { storage.span.withUnsafeBufferPointer { Array($0) } }

    /// Appends the bloom as an RLP byte string (one copy of the 256 bytes).
    public func append(to writer: inout RLPWriter) {
        storage.span.withUnsafeBufferPointer { writer.append(bytes: $0) }
    }

    public static func == (a: Bloom, b: Bloom) -> Bool {
        for i in 0..<256 where a.storage[i] != b.storage[i] { return false }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        storage.span.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    // MARK: Adding

    /// Adds the three bits of `keccak256(data)`.
    public mutating func add(_ data: [UInt8]) { add(hash: Keccak256.hash(data)) }

    mutating func add(hash: Hash) {
        for pair in 0..<3 {
            let (index, mask) = Self.bit(pair, of: hash)
            storage[index] |= mask
        }
    }

    /// The byte and bit that pair `pair` (0…2) of an item's hash sets: the first 8 bytes of the
    /// hash, big-endian, bytes 0…5 pick the bits.
    @inline(__always) static func bit(_ pair: Int, of hash: Hash) -> (index: Int, mask: UInt8) {
        let bit = Int((hash.w0 >> UInt64(48 - pair * 16)) & 0x7ff)
        return (255 - bit / 8, UInt8(1 << (bit % 8)))
    }

    /// Adds a log's address and topics (hashed from the stack: a bloom is built for every log of
    /// every receipt, so an array per hashed item was a noticeable share of a token transfer).
    public mutating func add(_ log: Log) {
        var buffer: (Hash, Hash) = (.zero, .zero)  // 64 bytes of stack, enough for either
        withUnsafeMutableBytes(of: &buffer) { raw in
            log.address.write(to: raw.baseAddress!)
            add(hash: Keccak256.hash(UnsafeRawBufferPointer(rebasing: raw[0..<20])))
            for topic in log.topics {
                topic.write(to: raw.baseAddress!)
                add(hash: Keccak256.hash(UnsafeRawBufferPointer(rebasing: raw[0..<32])))
            }
        }
    }

    /// Adds every bit of another bloom.
    public mutating func formUnion(_ other: Bloom) {
        for i in 0..<256 { storage[i] |= other.storage[i] }
    }

    /// True if `data` may have been added (false means certainly not).
    public func mayContain(_ data: [UInt8]) -> Bool { mayContain(Probe(data)) }

    /// The three bits one item sets, to test many blooms for that item without hashing it again.
    public struct Probe: Sendable {
        let bits: [(index: Int, mask: UInt8)]

        public init(_ data: [UInt8]) {
            let hash = Keccak256.hash(data)
            bits = (0..<3).map { Bloom.bit($0, of: hash) }
        }
    }

    /// True if the probe's item may have been added (three byte loads, no hashing).
    @inline(__always) public func mayContain(_ probe: Probe) -> Bool {
        for (index, mask) in probe.bits where storage[index] & mask == 0 { return false }
        return true
    }

    /// The bloom of a list of logs.
    public init(logs: [Log]) {
        self.init()
        for l in logs { add(l) }
    }
}
