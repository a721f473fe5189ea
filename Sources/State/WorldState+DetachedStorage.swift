import Primitives
import Trie

/// An account whose storage trie is kept outside the state for a while (the block producer hands
/// EIP-4788's trie to a helper thread during a run of empty blocks): its storage writes change
/// only the stored values, and its storage root is the one the keeper supplied.
///
/// A state in this mode never leaves the thread that detached it: the keeper's trie is attached
/// again before the state is copied out (proofs need the trie; `proof` asserts it).
extension WorldState {
    struct DetachedStorage: Sendable {
        var address: Address
        var root: Hash
    }

    /// The storage trie of `address` (empty when it has no storage or no account).
    public func storageTrie(of address: Address) -> SecureTrie {
        records.read(address) { $0.storageTrie } ?? SecureTrie()
    }

    /// From now on, until `attachStorageTrie`, `address`'s storage root is `root` and writes to
    /// its storage leave its trie alone. Call before each block, with that block's root.
    public mutating func detachStorageTrie(of address: Address, root: Hash) {
        precondition(detachedStorage == nil || detachedStorage?.address == address, "one detached storage trie at a time")
        detachedStorage = DetachedStorage(address: address, root: root)
        dirty.insert(address)
    }

    /// Ends the detached mode with `trie`, which must hold exactly the account's stored values.
    public mutating func attachStorageTrie(_ trie: SecureTrie, of address: Address) {
        if detachedStorage?.address == address { detachedStorage = nil }
        guard records.contains(address) else { return }
        records[address]!.storageTrie = trie
        dirty.insert(address)
    }

    /// Ends the detached mode by building the account's storage trie from its stored values (when
    /// the keeper cannot supply it).
    public mutating func attachRebuiltStorageTrie(of address: Address) {
        var trie = SecureTrie()
        for (slot, value) in storageEntries(address) { trie.applyStorageWrite(slot: slot, value: value) }
        attachStorageTrie(trie, of: address)
    }

    /// Whether some account's storage trie is detached.
    public var hasDetachedStorage: Bool { detachedStorage != nil }
}
