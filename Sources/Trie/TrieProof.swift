import Primitives

/// Merkle proofs as `eth_getProof` returns them (`accountProof`, `storageProof[].proof`): the
/// RLP of each node on the key's path, from the root down. A node embedded in its parent
/// (RLP shorter than 32 bytes) is already inside the parent's RLP, so it is not listed; the root
/// is always listed. A proof of absence is the path as far as it goes: it ends in a leaf or
/// extension that diverges from the key, or a branch whose slot for the key is empty.
extension MerklePatriciaTrie {
    /// The proof for `key`, of its value or of its absence. Cheap after `rootHash` (cached
    /// references); on a trie with uncommitted changes it hashes the dirty subtrees it meets.
    public func proof(for key: [UInt8]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var node = root
        var path = NibblePath(bytes: key)
        var count = 0
        while let n = node {
            let encoding = Self.encode(n, hashCount: &count)
            if out.isEmpty || encoding.count >= 32 { out.append(encoding) }
            switch n.kind {
            case .leaf:
                node = nil
            case .extension:
                if path.hasPrefix(n.path) {
                    path = path.dropFirst(n.path.count)
                    node = n.child
                } else {
                    node = nil
                }
            case .branch:
                if path.isEmpty {
                    node = nil
                } else {
                    node = n.children[Int(path[0])]
                    path = path.dropFirst(1)
                }
            }
        }
        return out
    }
}

/// Proof verification.
enum TrieProof {
    static func verify(root: Hash, key: [UInt8], proof: [[UInt8]]) throws(TrieError) -> [UInt8]? {
        if root == Trie.emptyRoot { return nil }
        var byHash: [Hash: [UInt8]] = [:]
        for node in proof { byHash[Keccak256.hash(node)] = node }
        guard var encoding = byHash[root] else { throw .missingProofNode(root) }
        var path = NibblePath(bytes: key)
        while true {
            var reader = RLPReader(encoding)
            var items: RLPReader
            do { items = try reader.readList(); try reader.finish() } catch { throw .malformedNode(error) }
            var raw: [ArraySlice<UInt8>] = []
            do {
                while !items.isAtEnd { raw.append(try items.readRaw()) }
            } catch { throw .malformedNode(error) }
            let next: ArraySlice<UInt8>
            switch raw.count {
            case 2:
                let (nodePath, isLeaf) = try HexPrefix.decode(try string(raw[0]))
                if isLeaf {
                    guard nodePath.equals(path) else { return nil }
                    let value = try string(raw[1])
                    guard !value.isEmpty else { throw .invalidNode("leaf with empty value") }
                    return value
                }
                guard !nodePath.isEmpty else { throw .invalidNode("extension with empty path") }
                guard path.hasPrefix(nodePath) else { return nil }
                path = path.dropFirst(nodePath.count)
                next = raw[1]
            case 17:
                if path.isEmpty {
                    let value = try string(raw[16])
                    return value.isEmpty ? nil : value
                }
                next = raw[Int(path[0])]
                path = path.dropFirst(1)
            default:
                throw .invalidNode("list of \(raw.count) items")
            }
            // Follow the reference: an embedded node, a hash, or an empty slot.
            let r = RLPReader(Array(next))
            let isList: Bool
            do { isList = try r.nextIsList() } catch { throw .malformedNode(error) }
            if isList {
                guard next.count < 32 else { throw .invalidNode("embedded node of \(next.count) bytes") }
                encoding = Array(next)
                continue
            }
            let ref = try string(next)
            if ref.isEmpty { return nil }
            guard ref.count == 32 else { throw .invalidNode("child reference of \(ref.count) bytes") }
            let hash = try! Hash(ref)
            guard let child = byHash[hash] else { throw .missingProofNode(hash) }
            encoding = child
        }
    }

    /// The payload of an RLP string item.
    private static func string(_ item: ArraySlice<UInt8>) throws(TrieError) -> [UInt8] {
        var r = RLPReader(Array(item))
        do {
            let b = try r.readBytes()
            try r.finish()
            return Array(b)
        } catch {
            throw .malformedNode(error)
        }
    }
}
