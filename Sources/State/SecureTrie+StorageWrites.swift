import Primitives
import Trie

extension SecureTrie {
    /// Applies one storage write to an account's storage trie as the world state does: the
    /// slot's path is keccak(slot), a non-zero value is stored RLP-encoded, zero removes the slot.
    /// (One definition, shared by `WorldState.apply` and tries kept outside a state.)
    public mutating func applyStorageWrite(slot: UInt256, value: UInt256) {
        let hashedKey = StorageKeyHashes.hash(of: slot)
        if value.isZero {
            _ = remove(hashedKey: hashedKey)
        } else {
            var w = RLPWriter()
            w.append(value)
            update(hashedKey: hashedKey, value: w.bytes)
        }
    }
}
