import Primitives
import Trie

/// EIP-1186 Merkle proofs (`eth_getProof`) of an account and some of its storage slots.
extension WorldState {
    /// An account's proof against the state root, and its slots' proofs against its storage root.
    public struct AccountProof: Sendable {
        /// The account, or nil when the state holds none at the address (the proof then shows
        /// its absence).
        public var account: Account?
        /// The account's storage root (the empty-trie root when it has no storage; meaningless
        /// without an account).
        public var storageRoot: Hash
        /// The account trie's nodes on the path of keccak(address), root first.
        public var accountProof: [[UInt8]]
        /// Per requested slot (in request order): its value and the storage trie's nodes on the
        /// path of keccak(slot); an empty list when the account has no storage trie.
        public var storage: [(slot: UInt256, value: UInt256, proof: [[UInt8]])]
    }

    /// The proof of `address` and of `slots` in its storage, against `stateRoot()`.
    ///
    /// Works on a copy: a state whose last changes were not yet hashed gets its root computed
    /// there first, so the proof always matches the root of this exact state.
    public func proof(_ address: Address, slots: [UInt256]) -> AccountProof {
        assert(detachedStorage == nil, "a state with a detached storage trie was copied out")
        var state = self
        if !state.dirty.isEmpty { _ = state.stateRoot() }
        let record = state.records[address]
        let storageRoot = state.storageRoot(address)
        var storage: [(slot: UInt256, value: UInt256, proof: [[UInt8]])] = []
        storage.reserveCapacity(slots.count)
        for slot in slots {
            let value = record?.storage[slot] ?? .zero
            let nodes = record.map { $0.storageTrie.isEmpty ? [] : $0.storageTrie.proof(for: slot.bigEndianBytes) } ?? []
            storage.append((slot, value, nodes))
        }
        return AccountProof(account: record?.account, storageRoot: storageRoot,
                            accountProof: state.accountTrie.proof(for: address.bytes), storage: storage)
    }
}
