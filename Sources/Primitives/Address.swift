/// A 20-byte Ethereum account address.
///
/// Held as two big-endian 64-bit words and one 32-bit word (bytes 0...7, 8...15, 16...19) so
/// that it is a cheap dictionary key in state and multi-version memory.
@frozen
public struct Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var hi: UInt64, mid: UInt64, lo: UInt32

    @inlinable
    public init(hi: UInt64, mid: UInt64, lo: UInt32) {
        self.hi = hi; self.mid = mid; self.lo = lo
    }

    /// The zero address.
    public static let zero = Address(hi: 0, mid: 0, lo: 0)

    /// From exactly 20 bytes.
    @inlinable
    public init(_ bytes: some Collection<UInt8>) throws(HexError) {
        guard bytes.count == 20 else { throw .wrongLength(expected: 20, actual: bytes.count) }
        var hi: UInt64 = 0, mid: UInt64 = 0, lo: UInt32 = 0
        var i = 0
        for b in bytes {
            if i < 8 { hi = hi << 8 | UInt64(b) } else if i < 16 { mid = mid << 8 | UInt64(b) } else { lo = lo << 8 | UInt32(b) }
            i += 1
        }
        self.init(hi: hi, mid: mid, lo: lo)
    }

    /// From a 0x-prefixed (or bare) 40-digit hex string; mixed case is accepted without checking EIP-55.
    public init(hex: some StringProtocol) throws(HexError) {
        try self.init(Hex.decode(hex))
    }

    /// A small address such as a precompile's (0x…01).
    @inlinable public init(low value: UInt64) { self.init(hi: 0, mid: value >> 32, lo: UInt32(truncatingIfNeeded: value)) }

    /// The last 20 bytes of a 32-byte word (as CALL, BALANCE and ecrecover take them).
    @inlinable
    public init(truncating value: UInt256) {
        self.init(hi: (value.w2 << 32) | (value.w1 >> 32), mid: (value.w1 << 32) | (value.w0 >> 32), lo: UInt32(truncatingIfNeeded: value.w0))
    }

    /// The last 20 bytes of a hash (address = keccak(pubkey)[12...]).
    @inlinable
    public init(hashSuffix hash: Hash) {
        self.init(truncating: hash.uint256)
    }

    /// The address zero-extended to a 256-bit word.
    @inlinable
    public var uint256: UInt256 {
        UInt256(UInt64(lo) | (mid << 32), (mid >> 32) | (hi << 32), hi >> 32, 0)
    }

    /// The 20 bytes.
    @inlinable
    public var bytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 20)
        out.withUnsafeMutableBytes { write(to: $0.baseAddress!) }
        return out
    }

    /// Writes the 20 bytes at `pointer`.
    @inlinable
    public func write(to pointer: UnsafeMutableRawPointer) {
        // SAFETY: callers provide 20 writable bytes.
        pointer.storeBytes(of: hi.bigEndian, toByteOffset: 0, as: UInt64.self)
        pointer.storeBytes(of: mid.bigEndian, toByteOffset: 8, as: UInt64.self)
        pointer.storeBytes(of: lo.bigEndian, toByteOffset: 16, as: UInt32.self)
    }

    @inlinable public static func < (a: Address, b: Address) -> Bool { (a.hi, a.mid, a.lo) < (b.hi, b.mid, b.lo) }

    /// 0x-prefixed lower-case hex.
    public var description: String { Hex.encode(bytes) }

    /// EIP-55 mixed-case checksum encoding.
    public var checksummed: String {
        let lower = Hex.encode(bytes, prefix: false)
        let digest = Keccak256.hash(Array(lower.utf8)).bytes
        var out = "0x"
        for (i, c) in lower.enumerated() {
            let nibble = (digest[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0x0f
            out.append(c.isLetter && nibble >= 8 ? Character(c.uppercased()) : c)
        }
        return out
    }
}
