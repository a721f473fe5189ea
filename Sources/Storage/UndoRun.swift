import Primitives

/// The keys whose undo records a run of commits has written (see
/// `ChainDatabase.commit(contentsOf:stateAsOneStep:run:)`): within a run only a key's first
/// record is ever read back, so later commits of the run skip it.
public struct UndoRun: Sendable {
    struct SlotKey: Hashable, Sendable {
        var address: Address
        var slot: UInt256
    }

    /// False: every commit records every key (a single call, or no run at all).
    let spansCalls: Bool
    private var accounts: Set<Address> = []
    private var slots: Set<SlotKey> = []

    public init() { spansCalls = true }

    init(spansCalls: Bool) { self.spansCalls = spansCalls }

    /// Whether `address` needs an undo record now; notes that it has one from here on.
    mutating func needsRecord(_ address: Address) -> Bool {
        spansCalls ? accounts.insert(address).inserted : true
    }

    /// Whether the slot needs an undo record now; notes that it has one from here on.
    mutating func needsRecord(_ address: Address, _ slot: UInt256) -> Bool {
        spansCalls ? slots.insert(SlotKey(address: address, slot: slot)).inserted : true
    }
}
