/// Ordered neighbours of a key. Nibble order is byte order (a key ending at a branch sorts
/// before the keys below it), so the next and previous keys are found by one descent each,
/// turning aside at the first node where the target path leaves the trie.
extension MerklePatriciaTrie {
    /// The smallest key in the trie strictly greater than `key`, or nil.
    public func nextKey(after key: [UInt8]) -> [UInt8]? {
        guard let root else { return nil }
        var out: [UInt8] = []
        guard Self.next(root, NibblePath(bytes: key), &out) else { return nil }
        return NibblePath(nibbles: out).bytes
    }

    /// The largest key in the trie strictly less than `key`, or nil.
    public func previousKey(before key: [UInt8]) -> [UInt8]? {
        guard let root else { return nil }
        var out: [UInt8] = []
        guard Self.previous(root, NibblePath(bytes: key), &out) else { return nil }
        return NibblePath(nibbles: out).bytes
    }

    /// Appends to `out` the nibbles of the smallest key below `node` greater than `key`.
    private static func next(_ node: TrieNode, _ key: NibblePath, _ out: inout [UInt8]) -> Bool {
        let mark = out.count
        switch node.kind {
        case .leaf:
            guard NibblePath.compare(node.path, key) > 0 else { return false }
            out.append(contentsOf: node.path.nibbles)
            return true
        case .extension:
            out.append(contentsOf: node.path.nibbles)
            if key.hasPrefix(node.path) {
                if next(node.child!, key.dropFirst(node.path.count), &out) { return true }
            } else if NibblePath.compare(node.path, key) > 0 {
                first(node.child!, &out)
                return true
            }
            out.removeLast(out.count - mark)
            return false
        case .branch:
            var from = 0
            if !key.isEmpty {
                let nibble = Int(key[0])
                if let c = node.children[nibble] {
                    out.append(UInt8(nibble))
                    if next(c, key.dropFirst(1), &out) { return true }
                    out.removeLast()
                }
                from = nibble + 1
            }
            for j in from..<16 {
                if let c = node.children[j] {
                    out.append(UInt8(j))
                    first(c, &out)
                    return true
                }
            }
            return false
        }
    }

    /// Appends to `out` the nibbles of the largest key below `node` less than `key`.
    private static func previous(_ node: TrieNode, _ key: NibblePath, _ out: inout [UInt8]) -> Bool {
        let mark = out.count
        switch node.kind {
        case .leaf:
            guard NibblePath.compare(node.path, key) < 0 else { return false }
            out.append(contentsOf: node.path.nibbles)
            return true
        case .extension:
            out.append(contentsOf: node.path.nibbles)
            if key.hasPrefix(node.path) {
                if previous(node.child!, key.dropFirst(node.path.count), &out) { return true }
            } else if NibblePath.compare(node.path, key) < 0 {
                last(node.child!, &out)
                return true
            }
            out.removeLast(out.count - mark)
            return false
        case .branch:
            if key.isEmpty { return false }  // everything here is >= key
            let nibble = Int(key[0])
            if let c = node.children[nibble] {
                out.append(UInt8(nibble))
                if previous(c, key.dropFirst(1), &out) { return true }
                out.removeLast()
            }
            for j in stride(from: nibble - 1, through: 0, by: -1) {
                if let c = node.children[j] {
                    out.append(UInt8(j))
                    last(c, &out)
                    return true
                }
            }
            return !node.value.isEmpty  // the key ending at this branch is a prefix of `key`
        }
    }

    private static func first(_ node: TrieNode, _ out: inout [UInt8]) {
        switch node.kind {
        case .leaf: out.append(contentsOf: node.path.nibbles)
        case .extension:
            out.append(contentsOf: node.path.nibbles)
            first(node.child!, &out)
        case .branch:
            if !node.value.isEmpty { return }
            for j in 0..<16 {
                if let c = node.children[j] {
                    out.append(UInt8(j))
                    first(c, &out)
                    return
                }
            }
        }
    }

    private static func last(_ node: TrieNode, _ out: inout [UInt8]) {
        switch node.kind {
        case .leaf: out.append(contentsOf: node.path.nibbles)
        case .extension:
            out.append(contentsOf: node.path.nibbles)
            last(node.child!, &out)
        case .branch:
            for j in stride(from: 15, through: 0, by: -1) {
                if let c = node.children[j] {
                    out.append(UInt8(j))
                    last(c, &out)
                    return
                }
            }
        }
    }
}
