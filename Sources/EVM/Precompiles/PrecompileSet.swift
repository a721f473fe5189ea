import Primitives

/// The precompiles active in a fork, indexed by their (small) address for a constant-time lookup.
///
/// Sets grow by fork: 0x01–0x04 since Frontier, 0x05–0x08 Byzantium, 0x09 Istanbul, 0x0a Cancun,
/// 0x0b–0x11 Prague, 0x100 (P256VERIFY) Osaka. Before its fork an address is an ordinary account.
public struct PrecompileSet: Sendable {
    private var table: [(any Precompile)?] = Array(repeating: nil, count: 0x101)
    /// Precompiles moved to addresses beyond the table (eth_simulateV1's `movePrecompileToAddress`);
    /// empty in every ordinary set, so lookups of other addresses only check its count.
    private var moved: [Address: any Precompile] = [:]
    /// The active addresses, in ascending order (the fork's: a move or removal does not change
    /// which addresses a transaction starts warm, as in geth).
    public private(set) var addresses: [Address] = []
    /// `addresses` as a bitmask (every precompile address is below 0x140).
    public private(set) var warmAtStart = LowAddressSet()

    static let sets: [PrecompileSet] = Fork.allCases.map { PrecompileSet(fork: $0) }

    /// The set for `fork`.
    public static func forFork(_ fork: Fork) -> PrecompileSet { sets[fork.rawValue] }

    init(fork: Fork) {
        add(0x01, ECRecoverPrecompile())
        add(0x02, SHA256Precompile())
        add(0x03, RIPEMD160Precompile())
        add(0x04, IdentityPrecompile())
        if fork >= .byzantium {
            add(0x05, ModExpPrecompile())
            add(0x06, BN254AddPrecompile())
            add(0x07, BN254ScalarMulPrecompile())
            add(0x08, BN254PairingPrecompile())
        }
        if fork >= .istanbul { add(0x09, Blake2FPrecompile()) }
        for (address, precompile) in LaterPrecompiles.all(fork: fork) { add(address, precompile) }
        if fork >= .osaka { add(0x100, P256VerifyPrecompile()) }
    }

    private mutating func add(_ address: Int, _ precompile: any Precompile) {
        table[address] = precompile
        addresses.append(Address(low: UInt64(address)))
        warmAtStart.insert(Address(low: UInt64(address)))
    }

    /// The precompile at `address`, if any in this fork.
    @inline(__always)
    public func precompile(at address: Address) -> (any Precompile)? {
        guard address.hi == 0, address.mid == 0, address.lo <= 0x100 else { return moved.isEmpty ? nil : moved[address] }
        return table[Int(address.lo)]
    }

    /// Removes the precompile at `address` (its account then runs whatever code it holds).
    public mutating func remove(_ address: Address) {
        if address.hi == 0, address.mid == 0, address.lo <= 0x100 { table[Int(address.lo)] = nil } else { moved[address] = nil }
    }

    /// Runs `precompile` at `address` from now on (replacing any precompile there).
    public mutating func install(_ precompile: any Precompile, at address: Address) {
        if address.hi == 0, address.mid == 0, address.lo <= 0x100 { table[Int(address.lo)] = precompile } else { moved[address] = precompile }
    }

    /// True if `address` is a precompile in this fork.
    public func contains(_ address: Address) -> Bool { precompile(at: address) != nil }

    /// The same set in buffers of its own. Every EVM retains its set's buffers once; Block-STM
    /// workers each run with their own copy, so that two cores do not contend for the shared
    /// set's reference counts (one cache line bouncing between them on every transaction).
    public func unshared() -> PrecompileSet {
        var copy = self
        copy.table = table.withUnsafeBufferPointer { Array($0) }
        copy.addresses = addresses.withUnsafeBufferPointer { Array($0) }
        copy.moved = moved.isEmpty ? [:] : moved.reduce(into: [:]) { $0[$1.key] = $1.value }
        return copy
    }
}
