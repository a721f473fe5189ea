import Primitives

/// A trie whose keys are hashed with Keccak-256 before insertion: the state trie (keys are
/// addresses) and each account's storage trie (keys are 32-byte slots). Hashing spreads keys
/// evenly, so every path is about log16(n) nodes deep whatever keys an attacker picks.
///
/// A struct over a `MerklePatriciaTrie`, so it shares its value semantics: copies are O(1)
/// snapshots and it is `Sendable`.
public struct SecureTrie: Sendable {
    /// The underlying trie, keyed by the hashes.
    public private(set) var trie: MerklePatriciaTrie

    /// An empty trie.
    public init() { trie = MerklePatriciaTrie() }

    /// True when the trie holds no key.
    public var isEmpty: Bool { trie.isEmpty }

    /// The value stored under `key` (unhashed), or nil.
    public func get(_ key: [UInt8]) -> [UInt8]? { trie.get(Keccak256.hash(key).bytes) }

    /// The value stored under an already hashed key.
    public func get(hashedKey: Hash) -> [UInt8]? { trie.get(hashedKey.bytes) }

    /// Sets `key` (unhashed) to `value`; an empty value deletes.
    public mutating func update(_ key: [UInt8], value: [UInt8]) {
        trie.update(Keccak256.hash(key).bytes, value: value)
    }

    /// Sets an already hashed key to `value`; an empty value deletes.
    public mutating func update(hashedKey: Hash, value: [UInt8]) {
        trie.update(hashedKey.bytes, value: value)
    }

    /// Deletes `key` (unhashed); returns whether it was present.
    @discardableResult
    public mutating func remove(_ key: [UInt8]) -> Bool { trie.remove(Keccak256.hash(key).bytes) }

    /// Deletes an already hashed key; returns whether it was present.
    @discardableResult
    public mutating func remove(hashedKey: Hash) -> Bool { trie.remove(hashedKey.bytes) }

    /// The value under `key` (unhashed); assigning nil or an empty value deletes.
    public subscript(key: [UInt8]) -> [UInt8]? {
        get { get(key) }
        set { update(key, value: newValue ?? []) }
    }

    /// The root hash; hashes only what changed since the last call (see `MerklePatriciaTrie.rootHash`).
    public var rootHash: Hash { mutating get { trie.rootHash } }

    /// The root hash without writing caches.
    public func computeRootHash() -> Hash { trie.computeRootHash() }

    /// Keccak-256 computations done computing root hashes (not counting key hashing).
    public var hashCount: Int { trie.hashCount }

    /// The proof for `key` (unhashed; the path is its hash), as `eth_getProof` returns it.
    public func proof(for key: [UInt8]) -> [[UInt8]] { trie.proof(for: Keccak256.hash(key).bytes) }

    /// Verifies a proof for `key` (unhashed) against `root`: the value, or nil if absent.
    public static func verifyProof(root: Hash, key: [UInt8], proof: [[UInt8]]) throws(TrieError) -> [UInt8]? {
        try TrieProof.verify(root: root, key: Keccak256.hash(key).bytes, proof: proof)
    }
}
