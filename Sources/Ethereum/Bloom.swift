import Primitives

/// The 2048-bit log bloom filter of receipts and headers (yellow paper 4.3.1): each address and
/// topic sets three bits chosen by the first six bytes of its Keccak-256.
public struct Bloom: Hashable, Sendable {
    /// 256 bytes, big-endian bit order as encoded.
    public private(set) var bytes: [UInt8]

    public init() { bytes = [UInt8](repeating: 0, count: 256) }

    /// From exactly 256 bytes.
    public init(_ bytes: some Collection<UInt8>) throws(RLPError) {
        guard bytes.count == 256 else { throw .wrongLength(expected: 256, actual: bytes.count) }
        self.bytes = Array(bytes)
    }

    /// Adds the three bits of `keccak256(data)`.
    public mutating func add(_ data: [UInt8]) { add(hash: Keccak256.hash(data)) }

    mutating func add(hash: Hash) {
        let h = hash.w0  // the first 8 bytes, big-endian: bytes 0…5 pick the bits
        for pair in 0..<3 {
            let shift = UInt64(48 - pair * 16)
            let bit = Int((h >> shift) & 0x7ff)
            bytes[255 - bit / 8] |= UInt8(1 << (bit % 8))
        }
    }

    /// Adds a log's address and topics.
    public mutating func add(_ log: Log) {
        add(log.address.bytes)
        for t in log.topics { add(t.bytes) }
    }

    /// Adds every bit of another bloom.
    public mutating func formUnion(_ other: Bloom) {
        for i in 0..<256 { bytes[i] |= other.bytes[i] }
    }

    /// True if `data` may have been added (false means certainly not).
    public func mayContain(_ data: [UInt8]) -> Bool {
        var probe = Bloom()
        probe.add(data)
        for i in 0..<256 where probe.bytes[i] & bytes[i] != probe.bytes[i] { return false }
        return true
    }

    /// The bloom of a list of logs.
    public init(logs: [Log]) {
        self.init()
        for l in logs { add(l) }
    }
}
