import Primitives

/// A set of addresses below 0x140 as a bitmask: the precompiles a fork starts every transaction
/// warm with (EIP-2929). Inserting a fork's 10–18 precompile addresses into a transaction's
/// warm-account hash set cost about a tenth of a plain transfer's execution; a bit test per
/// warm-account check costs nothing.
public struct LowAddressSet: Sendable, Equatable {
    static let limit: UInt32 = 0x140
    private var words: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)

    public init() {}

    public init(_ addresses: [Address]) {
        for a in addresses { insert(a) }
    }

    /// Adds `address` if it is low enough to be represented (others are ignored).
    public mutating func insert(_ address: Address) {
        guard address.hi == 0, address.mid == 0, address.lo < Self.limit else { return }
        let bit = UInt64(1) << (address.lo & 63)
        switch address.lo >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        case 3: words.3 |= bit
        default: words.4 |= bit
        }
    }

    @inline(__always) public func contains(_ address: Address) -> Bool {
        guard address.hi == 0, address.mid == 0, address.lo < Self.limit else { return false }
        let word: UInt64
        switch address.lo >> 6 {
        case 0: word = words.0
        case 1: word = words.1
        case 2: word = words.2
        case 3: word = words.3
        default: word = words.4
        }
        return word & (UInt64(1) << (address.lo & 63)) != 0
    }

    public var isEmpty: Bool { (words.0 | words.1 | words.2 | words.3 | words.4) == 0 }

    public static func == (a: LowAddressSet, b: LowAddressSet) -> Bool {
        a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3 && a.words.4 == b.words.4
    }
}
