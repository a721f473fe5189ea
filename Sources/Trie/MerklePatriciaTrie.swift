import Primitives

// The Merkle-Patricia trie (yellow paper appendix D).
//
// A key is read as a path of nibbles. The trie stores each key's value at the end of its path,
// compressing the path with three node kinds: a *branch* fans out on one nibble (16 children
// plus the value of a key ending there), an *extension* skips a run of nibbles that all keys
// below it share, and a *leaf* holds the rest of one key and its value. Each node is committed
// to by the RLP of its fields, where a child appears as the Keccak-256 of its RLP, or as the RLP
// itself when that is shorter than 32 bytes; the root hash is the Keccak-256 of the root's RLP.
//
// Invariant (what makes the root a function of the key set alone, whatever the order of
// updates): the shape is canonical — no empty value is stored, an extension's path is non-empty
// and its child is a branch, a branch has at least two of {children, value}, and no leaf or
// extension sits below an extension. Insert splits nodes and delete merges them back to keep it.
//
// Incremental hashing: every node caches its reference (`TrieNode.reference`). An update walks
// one path from the root and invalidates only the nodes it touches, so the next root hash
// re-encodes and re-hashes about path-length nodes; all other subtrees answer from cache.
//
// Value semantics: `MerklePatriciaTrie` is a struct over copy-on-write nodes. Copying a trie is
// O(1) (a snapshot); the first write after a copy copies only the nodes along the written path.
// That is why it is a struct and not a final class: the world state takes snapshots freely and
// hands them to other threads, and the type is `Sendable` because a node reachable from two
// tries is never written (see `TrieNode`).

/// A mutable Merkle-Patricia trie over byte keys and byte values.
public struct MerklePatriciaTrie: Sendable {
    package var root: TrieNode?
    /// The root hash as last computed, until the next change.
    var cachedRootHash: Hash?

    /// How many Keccak-256 computations computing root hashes on this trie has done (a
    /// statistic for tests and benchmarks; copied along with the trie).
    public private(set) var hashCount: Int = 0

    /// An empty trie.
    public init() {}

    /// True when the trie holds no key.
    public var isEmpty: Bool { root == nil }

    // MARK: Reading

    /// The value stored under `key`, or nil.
    public func get(_ key: [UInt8]) -> [UInt8]? {
        var node = root
        var path = NibblePath(bytes: key)
        while let n = node {
            switch n.kind {
            case .leaf:
                return n.path.equals(path) ? n.value : nil
            case .extension:
                guard path.hasPrefix(n.path) else { return nil }
                path = path.dropFirst(n.path.count)
                node = n.child
            case .branch:
                if path.isEmpty { return n.value.isEmpty ? nil : n.value }
                node = n.children[Int(path[0])]
                path = path.dropFirst(1)
            }
        }
        return nil
    }

    /// The value under `key`; assigning nil or an empty value deletes the key.
    public subscript(key: [UInt8]) -> [UInt8]? {
        get { get(key) }
        set { update(key, value: newValue ?? []) }
    }

    // MARK: Writing

    /// Sets `key` to `value`; an empty value deletes the key (as in Ethereum, where an empty
    /// value and an absent key are the same).
    public mutating func update(_ key: [UInt8], value: [UInt8]) {
        if value.isEmpty { remove(key); return }
        if Self.insert(&root, NibblePath(bytes: key), value) { cachedRootHash = nil }
    }

    /// Deletes `key`; returns whether it was present.
    @discardableResult
    public mutating func remove(_ key: [UInt8]) -> Bool {
        let removed = Self.delete(&root, NibblePath(bytes: key))
        if removed { cachedRootHash = nil }
        return removed
    }

    /// Makes `slot`'s node safe to write: copies it if another trie can reach it.
    @inline(__always)
    static func makeUnique(_ slot: inout TrieNode?) -> TrieNode {
        if !isKnownUniquelyReferenced(&slot) { slot = slot!.copy() }
        return slot!
    }

    /// Inserts into the subtree in `slot`; returns whether anything changed.
    static func insert(_ slot: inout TrieNode?, _ key: NibblePath, _ value: [UInt8]) -> Bool {
        guard slot != nil else {
            slot = .leaf(key, value)
            return true
        }
        let node = makeUnique(&slot)
        switch node.kind {
        case .leaf:
            let common = node.path.commonPrefixLength(with: key)
            if common == node.path.count && common == key.count {
                if node.value == value { return false }
                node.value = value
                node.invalidate()
                return true
            }
            // Split: a branch at the first differing nibble holds both, under an extension
            // for the shared part. The old leaf node is reused with a shorter path.
            let branch = TrieNode.branch()
            if node.path.count == common {
                branch.value = node.value
            } else {
                let nibble = Int(node.path[common])
                node.path = node.path.dropFirst(common + 1)
                node.invalidate()
                branch.children[nibble] = node
            }
            place(key, value, at: common, in: branch)
            slot = common > 0 ? .extension(key.prefix(common), branch) : branch
            return true
        case .extension:
            let common = node.path.commonPrefixLength(with: key)
            if common == node.path.count {
                // Take the child out of the node while recursing so its reference count stays 1.
                var child = node.child
                node.child = nil
                let changed = insert(&child, key.dropFirst(common), value)
                node.child = child
                if changed { node.invalidate() }
                return changed
            }
            // Split the extension where the key leaves it.
            let branch = TrieNode.branch()
            let nibble = Int(node.path[common])
            if node.path.count == common + 1 {
                branch.children[nibble] = node.child
            } else {
                node.path = node.path.dropFirst(common + 1)
                node.invalidate()
                branch.children[nibble] = node
            }
            place(key, value, at: common, in: branch)
            slot = common > 0 ? .extension(key.prefix(common), branch) : branch
            return true
        case .branch:
            if key.isEmpty {
                if node.value == value { return false }
                node.value = value
                node.invalidate()
                return true
            }
            let nibble = Int(key[0])
            var child = node.children[nibble]
            node.children[nibble] = nil
            let changed = insert(&child, key.dropFirst(1), value)
            node.children[nibble] = child
            if changed {
                node.invalidate()
                node.changedChildren |= 1 << nibble
            }
            return changed
        }
    }

    /// Puts the new key's value into a freshly split branch, `depth` nibbles into `key`.
    @inline(__always)
    private static func place(_ key: NibblePath, _ value: [UInt8], at depth: Int, in branch: TrieNode) {
        if key.count == depth {
            branch.value = value
        } else {
            branch.children[Int(key[depth])] = .leaf(key.dropFirst(depth + 1), value)
        }
    }

    /// Deletes from the subtree in `slot`; returns whether the key was there. Restores the
    /// canonical shape on the way back up.
    static func delete(_ slot: inout TrieNode?, _ key: NibblePath) -> Bool {
        // Look before copying anything. No local binding of the node: it would hold a second
        // reference and make every `makeUnique` below copy.
        guard slot != nil else { return false }
        switch slot!.kind {
        case .leaf:
            guard slot!.path.equals(key) else { return false }
            slot = nil
            return true
        case .extension:
            guard key.hasPrefix(slot!.path) else { return false }
            let node = makeUnique(&slot)
            var child = node.child
            node.child = nil
            let removed = delete(&child, key.dropFirst(node.path.count))
            guard removed, let newChild = child else {
                node.child = child
                return removed
            }
            // The child may have collapsed from a branch into a leaf or extension: absorb it.
            switch newChild.kind {
            case .branch:
                node.child = newChild
                node.invalidate()
            case .leaf:
                slot = .leaf(.concatenate(node.path, newChild.path), newChild.value)
            case .extension:
                node.path = .concatenate(node.path, newChild.path)
                node.child = newChild.child
                node.invalidate()
            }
            return true
        case .branch:
            let node: TrieNode
            if key.isEmpty {
                guard !slot!.value.isEmpty else { return false }
                node = makeUnique(&slot)
                node.value = []
            } else {
                let nibble = Int(key[0])
                guard slot!.children[nibble] != nil else { return false }
                node = makeUnique(&slot)
                var child = node.children[nibble]
                node.children[nibble] = nil
                let removed = delete(&child, key.dropFirst(1))
                node.children[nibble] = child
                guard removed else { return false }
                node.changedChildren |= 1 << nibble
            }
            node.invalidate()
            slot = collapse(node)
            return true
        }
    }

    /// A branch left with a single entry becomes a leaf or extension (or merges into its
    /// only child); a branch with two or more stays.
    private static func collapse(_ branch: TrieNode) -> TrieNode? {
        var only = -1
        for i in 0..<16 where branch.children[i] != nil {
            if only >= 0 || !branch.value.isEmpty { return branch }
            only = i
        }
        if only < 0 {
            return branch.value.isEmpty ? nil : .leaf(.empty, branch.value)
        }
        let child = branch.children[only]!
        switch child.kind {
        case .leaf:
            return .leaf(.concatenate(UInt8(only), child.path), child.value)
        case .extension:
            return .extension(.concatenate(UInt8(only), child.path), child.child!)
        case .branch:
            return .extension(NibblePath(bytes: [UInt8(only) << 4], start: 0, end: 1), child)
        }
    }

    // MARK: Hashing

    /// The Keccak-256 of the root node's RLP (`Trie.emptyRoot` for an empty trie). Hashes only
    /// nodes changed since the last call and caches the new references in them, hence `mutating`;
    /// `computeRootHash()` gives the same answer on a `let` trie without caching.
    public var rootHash: Hash {
        mutating get {
            if let h = cachedRootHash { return h }
            guard root != nil else { return Trie.emptyRoot }
            var scratch: [UInt8] = []
            scratch.reserveCapacity(1024)
            let ref = Self.commit(&root, scratch: &scratch, hashCount: &hashCount)
            let h: Hash
            if ref.isHash {
                h = ref.words
            } else {
                hashCount += 1
                h = Keccak256.hash(ref.embeddedBytes)
            }
            cachedRootHash = h
            return h
        }
    }

    /// The root hash without writing caches (uses those already there).
    public func computeRootHash() -> Hash {
        if let h = cachedRootHash { return h }
        guard let root else { return Trie.emptyRoot }
        var count = 0
        return Keccak256.hash(Self.encode(root, hashCount: &count))
    }

    /// Computes and caches the references of every dirty node under `slot`, children first.
    static func commit(_ slot: inout TrieNode?, scratch: inout [UInt8], hashCount: inout Int, level: Int = 0) -> NodeReference {
        if slot!.reference.isValid { return slot!.reference }
        let node = makeUnique(&slot)
        switch node.kind {
        case .leaf:
            break
        case .extension:
            var child = node.child
            node.child = nil
            _ = commit(&child, scratch: &scratch, hashCount: &hashCount, level: level + 1)
            node.child = child
        case .branch:
            var changed = node.changedChildren
            while changed != 0 {
                let i = changed.trailingZeroBitCount
                changed &= changed &- 1
                guard node.children[i] != nil else { continue }
                var child = node.children[i]
                if child!.reference.isValid { continue }
                node.children[i] = nil
                _ = commit(&child, scratch: &scratch, hashCount: &hashCount, level: level + 1)
                node.children[i] = child
            }
        }
        scratch.removeAll(keepingCapacity: true)
        if node.kind == .branch, !node.lastEncoding.isEmpty, node.changedChildren != .max {
            // The unchanged children's references come from the last encoding, not from the children.
            NodeEncoding.appendBranch(node, reusing: node.lastEncoding, changed: node.changedChildren, to: &scratch)
        } else {
            NodeEncoding.append(node, to: &scratch) { $0.reference }
        }
        node.changedChildren = 0
        if node.kind == .branch, level < checkpointedLevels, scratch.count >= 2 * 136 {
            // A wide upper branch: rehash from the first 136-byte block that changed.
            let unchanged = Keccak256.commonPrefixLength(node.lastEncoding, scratch)
            hashCount += 1
            node.reference = NodeReference(hash: scratch.withUnsafeBytes {
                Keccak256.hash($0, checkpoints: &node.checkpoints, unchangedPrefix: unchanged)
            })
            node.lastEncoding.removeAll(keepingCapacity: true)
            node.lastEncoding.append(contentsOf: scratch)
        } else {
            node.reference = NodeEncoding.reference(ofEncodingIn: scratch, from: 0, hashCount: &hashCount)
            if !node.lastEncoding.isEmpty {
                // No longer this node's encoding: the next commit must not reuse it.
                node.lastEncoding = []
                node.checkpoints = []
            }
        }
        return node.reference
    }

    /// Branches this close to the root keep sponge checkpoints (`TrieNode.checkpoints`): they are
    /// rehashed on almost every root, and there are at most 1 + 16 + 256 + 4,096 of them, so the
    /// ~1.2 KB each stays bounded however large the trie grows.
    static let checkpointedLevels = 4

    /// The reference of `node`, from its cache or computed without caching.
    static func peekReference(_ node: TrieNode, hashCount: inout Int) -> NodeReference {
        if node.reference.isValid { return node.reference }
        let encoding = encode(node, hashCount: &hashCount)
        return NodeEncoding.reference(ofEncodingIn: encoding, from: 0, hashCount: &hashCount)
    }

    /// The full RLP of `node` (children by reference).
    static func encode(_ node: TrieNode, hashCount: inout Int) -> [UInt8] {
        var out: [UInt8] = []
        var count = 0
        NodeEncoding.append(node, to: &out) { peekReference($0, hashCount: &count) }
        hashCount += count
        return out
    }
}
