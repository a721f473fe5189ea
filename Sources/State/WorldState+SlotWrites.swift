import Primitives

extension WorldState {
    /// Sets one storage slot of an existing account (`apply` for a single write, without a
    /// `StateChanges` around it): the storage table, the storage trie unless it is detached, and
    /// the account's leaf before the next root. Returns false, changing nothing, when the slot
    /// already holds `value` or the account does not exist. (It reads before it writes: a write
    /// access to a table shared with a kept state would copy part of it, even to change nothing.)
    public mutating func writeStorage(_ address: Address, slot: UInt256, value: UInt256) -> Bool {
        guard let old = records.read(address, { $0.storage[slot] ?? .zero }), old != value else { return false }
        Self.write(&records[address]!, slot: slot, value: value, trieDetached: detachedStorage?.address == address)
        dirty.insert(address)
        return true
    }

    /// One access to the record (the table's modify accessor), so its storage table and trie stay
    /// uniquely referenced and are changed in place.
    private static func write(_ record: inout Record, slot: UInt256, value: UInt256, trieDetached: Bool) {
        record.storage[slot] = value.isZero ? nil : value
        if !trieDetached { record.storageTrie.applyStorageWrite(slot: slot, value: value) }
    }
}
