/// A 32-byte hash (Keccak-256 digests, block and transaction hashes, storage keys).
///
/// Held as four big-endian 64-bit words, so equality and hashing are four word compares and
/// the value never touches the heap.
@frozen
public struct Hash: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    /// From four big-endian words (w0 holds bytes 0...7).
    @inlinable
    public init(limbs w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64) {
        self.w0 = w0; self.w1 = w1; self.w2 = w2; self.w3 = w3
    }

    /// The all-zero hash.
    public static let zero = Hash(limbs: 0, 0, 0, 0)

    /// From exactly 32 bytes.
    @inlinable
    public init(_ bytes: some Collection<UInt8>) throws(HexError) {
        guard bytes.count == 32 else { throw .wrongLength(expected: 32, actual: bytes.count) }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var i = 0
        for b in bytes {
            switch i >> 3 {
            case 0: words.0 = words.0 << 8 | UInt64(b)
            case 1: words.1 = words.1 << 8 | UInt64(b)
            case 2: words.2 = words.2 << 8 | UInt64(b)
            default: words.3 = words.3 << 8 | UInt64(b)
            }
            i += 1
        }
        self.init(limbs: words.0, words.1, words.2, words.3)
    }

    /// From a 0x-prefixed (or bare) 64-digit hex string.
    public init(hex: some StringProtocol) throws(HexError) {
        try self.init(Hex.decode(hex))
    }

    /// The 32 bytes.
    @inlinable
    public var bytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBytes { write(to: $0.baseAddress!) }
        return out
    }

    /// Writes the 32 bytes at `pointer`.
    @inlinable
    public func write(to pointer: UnsafeMutableRawPointer) {
        // SAFETY: callers provide 32 writable bytes; storeBytes tolerates any alignment via unaligned stores.
        pointer.storeBytes(of: w0.bigEndian, toByteOffset: 0, as: UInt64.self)
        pointer.storeBytes(of: w1.bigEndian, toByteOffset: 8, as: UInt64.self)
        pointer.storeBytes(of: w2.bigEndian, toByteOffset: 16, as: UInt64.self)
        pointer.storeBytes(of: w3.bigEndian, toByteOffset: 24, as: UInt64.self)
    }

    /// As a 256-bit big-endian number.
    @inlinable public var uint256: UInt256 { UInt256(w3, w2, w1, w0) }

    /// From a 256-bit number (big-endian bytes).
    @inlinable public init(_ value: UInt256) { self.init(limbs: value.w3, value.w2, value.w1, value.w0) }

    @inlinable public static func < (a: Hash, b: Hash) -> Bool {
        (a.w0, a.w1, a.w2, a.w3) < (b.w0, b.w1, b.w2, b.w3)
    }

    /// 0x-prefixed lower-case hex.
    public var description: String { Hex.encode(bytes) }
}
