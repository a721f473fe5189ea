import Primitives

/// A set of addresses below 0x140 as a bitmask: the precompiles a fork starts every transaction
/// warm with (EIP-2929). Inserting a fork's 10–18 precompile addresses into a transaction's
/// warm-account hash set cost about a tenth of a plain transfer's execution; a bit test per
/// warm-account check costs nothing.
public struct LowAddressSet: Sendable {
    static let limit: UInt32 = 0x140
    private var words = InlineArray<5, UInt64>(repeating: 0)

    public init() {}

    /// Adds `address` if it is low enough to be represented (others are ignored).
    public mutating func insert(_ address: Address) {
        guard address.hi == 0, address.mid == 0, address.lo < Self.limit else { return }
        words[Int(address.lo >> 6)] |= UInt64(1) << (address.lo & 63)
    }

    @inline(__always) public func contains(_ address: Address) -> Bool {
        guard address.hi == 0, address.mid == 0, address.lo < Self.limit else { return false }
        return words[Int(address.lo >> 6)] & (UInt64(1) << (address.lo & 63)) != 0
    }
}
