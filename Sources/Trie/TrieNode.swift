import Primitives

/// One node of the Merkle-Patricia trie, with the reference (hash or embedded RLP) it had when
/// last hashed.
///
/// A single final class covers the three kinds so a branch's children are one array of
/// optional references and a kind test is a byte compare rather than a dynamic cast:
///
/// - leaf: `path` is the rest of the key, `value` the value.
/// - extension: `path` is a shared run of nibbles (never empty), `child` a branch.
/// - branch: `children` has 16 slots, `value` holds the value of a key ending here (or is empty).
///
/// Copy-on-write: a node is mutated only when the trie doing so holds the sole reference to it
/// and to every node above it (checked with `isKnownUniquelyReferenced` on the way down); a
/// shared node is copied first. A node that another trie can reach is therefore never written,
/// which is what makes the `@unchecked Sendable` below sound (the same argument as `Array`'s).
///
/// The stored properties are `@exclusivity(unchecked)`: a trie update or hash touches them a few
/// hundred times, and the runtime's dynamic access tracking (a thread-local access set per
/// access) cost a tenth of an empty block's instructions. The trie never holds two accesses to a
/// node's property at once (each function reads or writes a property in one statement, children
/// are taken out of the array before recursing into them).
package final class TrieNode: @unchecked Sendable {
    /// The three node kinds of yellow paper appendix D.
    package enum Kind: UInt8 { case leaf, `extension`, branch }

    @exclusivity(unchecked) package var kind: Kind
    /// Leaf and extension path.
    @exclusivity(unchecked) package var path: NibblePath
    /// Leaf value, or a branch's own value (empty when no key ends at the branch).
    @exclusivity(unchecked) package var value: [UInt8]
    /// An extension's child (always a branch).
    @exclusivity(unchecked) package var child: TrieNode?
    /// A branch's 16 children; empty for the other kinds.
    @exclusivity(unchecked) package var children: ContiguousArray<TrieNode?>
    /// The reference computed at the last hash, or `.none` since the node last changed.
    @exclusivity(unchecked) var reference: NodeReference
    /// Upper branches only: the encoding last hashed and the sponge states after each of its
    /// full blocks, so the next hash starts at the first block that changed
    /// (`Keccak256.hash(_:checkpoints:unchangedPrefix:)`). A cache checked byte for byte, so
    /// it is never wrong, only sometimes unused; copies share it until they rehash.
    @exclusivity(unchecked) var lastEncoding: [UInt8] = []
    @exclusivity(unchecked) var checkpoints: [UInt64] = []
    /// A branch's children changed since its last commit (bit i for slot i). A clear bit means
    /// the slot holds what the last commit encoded: no child, or one whose reference is valid and
    /// is the item `lastEncoding` holds (when kept). A commit then neither visits nor reads that
    /// child, which in a large trie is usually cold in cache.
    @exclusivity(unchecked) var changedChildren: UInt16 = .max

    init(kind: Kind, path: NibblePath, value: [UInt8], child: TrieNode?, children: ContiguousArray<TrieNode?>, reference: NodeReference = .none) {
        self.kind = kind
        self.path = path
        self.value = value
        self.child = child
        self.children = children
        self.reference = reference
    }

    /// A leaf.
    static func leaf(_ path: NibblePath, _ value: [UInt8]) -> TrieNode {
        TrieNode(kind: .leaf, path: path, value: value, child: nil, children: [])
    }

    /// An extension over `child`.
    static func `extension`(_ path: NibblePath, _ child: TrieNode) -> TrieNode {
        TrieNode(kind: .extension, path: path, value: [], child: child, children: [])
    }

    /// An empty branch.
    static func branch() -> TrieNode {
        TrieNode(kind: .branch, path: .empty, value: [], child: nil, children: ContiguousArray(repeating: nil, count: 16))
    }

    /// A shallow copy (children shared), made before writing to a node another trie can see.
    func copy() -> TrieNode {
        let node = TrieNode(kind: kind, path: path, value: value, child: child, children: children, reference: reference)
        node.lastEncoding = lastEncoding
        node.checkpoints = checkpoints
        node.changedChildren = changedChildren
        return node
    }

    /// Drops the cached reference after a change.
    @inline(__always) func invalidate() { reference = .none }
}
