import Primitives

/// Trie constants and one-shot root computations that need no mutable trie.
public enum Trie {
    /// Root of the empty trie: Keccak-256 of RLP("") = keccak256(0x80).
    public static let emptyRoot = Hash(limbs: 0x56e8_1f17_1bcc_55a6, 0xff83_45e6_92c0_f86e, 0x5b48_e01b_996c_adc0, 0x0162_2fb5_e363_b421)

    /// The root of a list keyed by RLP(index) — the transactions, receipts and withdrawals roots
    /// of a block header. `items` are the already-encoded list entries (a typed transaction's
    /// envelope, a receipt's encoding …).
    ///
    /// Fast path: the keys are generated directly in byte order (1…127, then 0, whose key
    /// 0x80 sorts after 0x7f, then 128…), and the root is encoded straight from the sorted list
    /// without building trie nodes.
    public static func root(ofOrderedList items: [[UInt8]]) -> Hash {
        let n = items.count
        if n == 0 { return emptyRoot }
        var entries: [SortedEntry] = []
        entries.reserveCapacity(n)
        func add(_ i: Int) {
            var w = RLPWriter(reservingCapacity: 9)
            w.append(i)
            entries.append(SortedEntry(key: NibblePath(bytes: w.bytes), value: items[i]))
        }
        for i in 1..<min(n, 128) { add(i) }
        add(0)
        if n > 128 { for i in 128..<n { add(i) } }
        var hashCount = 0
        return rootOfSorted(entries, hashCount: &hashCount)
    }

    /// The root of a set of key/value pairs, computed in one pass over the sorted keys without
    /// building a trie (an independent route to the same root as `MerklePatriciaTrie`). Empty
    /// values are skipped; of repeated keys, the last one wins.
    public static func root(of entries: [(key: [UInt8], value: [UInt8])]) -> Hash {
        var latest: [[UInt8]: [UInt8]] = [:]
        for e in entries { latest[e.key] = e.value }
        let sorted = latest.filter { !$0.value.isEmpty }
            .sorted { $0.key.lexicographicallyPrecedes($1.key) }
            .map { SortedEntry(key: NibblePath(bytes: $0.key), value: $0.value) }
        var hashCount = 0
        return rootOfSorted(sorted, hashCount: &hashCount)
    }

    /// Verifies a Merkle proof: the value under `key` in the trie with root `root`, or nil when
    /// the proof shows the key is absent. Throws when the proof is not a valid path from the
    /// root (a node missing, or a node that does not hash to its reference).
    public static func verifyProof(root: Hash, key: [UInt8], proof: [[UInt8]]) throws(TrieError) -> [UInt8]? {
        try TrieProof.verify(root: root, key: key, proof: proof)
    }

    // MARK: Encoding from a sorted list

    struct SortedEntry {
        var key: NibblePath
        var value: [UInt8]
    }

    static func rootOfSorted(_ entries: [SortedEntry], hashCount: inout Int) -> Hash {
        if entries.isEmpty { return emptyRoot }
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        encodeSorted(entries, entries.startIndex, entries.endIndex, depth: 0, into: &out, hashCount: &hashCount)
        hashCount += 1
        return Keccak256.hash(out)
    }

    /// The reference of the subtree holding `entries[lo..<hi]` below `depth` nibbles. The
    /// encoding is built at the end of `out` and removed again.
    private static func referenceOfSorted(_ entries: [SortedEntry], _ lo: Int, _ hi: Int, depth: Int,
                                          into out: inout [UInt8], hashCount: inout Int) -> NodeReference {
        let start = out.count
        encodeSorted(entries, lo, hi, depth: depth, into: &out, hashCount: &hashCount)
        let ref = NodeEncoding.reference(ofEncodingIn: out, from: start, hashCount: &hashCount)
        out.removeLast(out.count - start)
        return ref
    }

    /// Appends the RLP of the node holding `entries[lo..<hi]` (sorted, distinct, sharing their
    /// first `depth` nibbles).
    private static func encodeSorted(_ entries: [SortedEntry], _ lo: Int, _ hi: Int, depth: Int,
                                     into out: inout [UInt8], hashCount: inout Int) {
        let first = entries[lo].key.dropFirst(depth)
        if hi - lo == 1 {
            NodeEncoding.appendLeaf(path: first, value: entries[lo].value, to: &out)
            return
        }
        // Sorted, so what the first and last share, all share.
        let shared = first.commonPrefixLength(with: entries[hi - 1].key.dropFirst(depth))
        if shared > 0 {
            let child = referenceOfSorted(entries, lo, hi, depth: depth + shared, into: &out, hashCount: &hashCount)
            NodeEncoding.appendExtension(path: first.prefix(shared), child: child, to: &out)
            return
        }
        var i = lo
        var value: [UInt8] = []
        if entries[i].key.count == depth {  // a key ending here sorts first
            value = entries[i].value
            i += 1
        }
        NodeEncoding.withBranchReferences { refs in
            while i < hi {
                let nibble = entries[i].key[depth]
                var j = i + 1
                while j < hi && entries[j].key[depth] == nibble { j += 1 }
                refs[Int(nibble)] = referenceOfSorted(entries, i, j, depth: depth + 1, into: &out, hashCount: &hashCount)
                i = j
            }
            NodeEncoding.appendBranch(refs: UnsafeBufferPointer(refs), value: value, to: &out)
        }
    }
}
