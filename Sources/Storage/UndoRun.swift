import Primitives

/// The keys whose undo records a run of commits has written (`ChainDatabase.commit(runOf:undo:)`):
/// within a run only a key's first record is ever read back, so later commits of the run skip it.
public struct UndoRun: Sendable {
    struct SlotKey: Hashable, Sendable {
        var address: Address
        var slot: UInt256

        /// A million-block run notes two slots a block: splitmix64 rounds, not SipHash.
        @inline(__always) func _rawHashValue(seed: Int) -> Int { slotKeyHashValue(seed: seed, address: address, slot: slot) }
    }

    private var accounts: Set<Address> = []
    private var slots: Set<SlotKey> = []

    public init() {}

    /// Whether `address` needs an undo record now; notes that it has one from here on.
    mutating func needsRecord(_ address: Address) -> Bool { accounts.insert(address).inserted }

    /// Whether the slot needs an undo record now; notes that it has one from here on.
    mutating func needsRecord(_ address: Address, _ slot: UInt256) -> Bool {
        slots.insert(SlotKey(address: address, slot: slot)).inserted
    }
}
