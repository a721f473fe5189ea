import Primitives

/// Why a proof or an encoded node was rejected.
public enum TrieError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The proof does not contain the node with this hash, which the path needs.
    case missingProofNode(Hash)
    /// A node's RLP is malformed.
    case malformedNode(RLPError)
    /// A node decodes as RLP but is not a leaf, extension or branch.
    case invalidNode(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .missingProofNode(let h): return "trie: proof is missing node \(h)"
        case .malformedNode(let e): return "trie: malformed node: \(e)"
        case .invalidNode(let s): return "trie: invalid node: \(s)"
        }
    }
}
