import Primitives

/// RLP encoding of trie nodes into a reusable scratch buffer.
///
/// `RLPWriter.appendList` inserts the list header after the body is written, moving the body;
/// trie nodes are small and their item lengths are known up front, so this encoder computes
/// the payload length first and writes the header, then the items, in one forward pass.
enum NodeEncoding {
    /// Length of an RLP header for a payload of `length` bytes.
    @inline(__always)
    static func headerLength(_ length: Int) -> Int {
        length <= 55 ? 1 : 1 + (64 - UInt64(length).leadingZeroBitCount + 7) / 8
    }

    @inline(__always)
    static func appendHeader(_ length: Int, offset: UInt8, to out: inout [UInt8]) {
        if length <= 55 {
            out.append(offset + UInt8(length))
        } else {
            let n = (64 - UInt64(length).leadingZeroBitCount + 7) / 8
            out.append(offset + 55 + UInt8(n))
            for i in stride(from: n - 1, through: 0, by: -1) { out.append(UInt8(truncatingIfNeeded: length >> (i * 8))) }
        }
    }

    /// Encoded length of a byte string.
    @inline(__always)
    static func stringLength(_ bytes: [UInt8]) -> Int {
        if bytes.count == 1 && bytes[0] < 0x80 { return 1 }
        return headerLength(bytes.count) + bytes.count
    }

    @inline(__always)
    static func appendString(_ bytes: [UInt8], to out: inout [UInt8]) {
        if bytes.count == 1 && bytes[0] < 0x80 { out.append(bytes[0]); return }
        appendHeader(bytes.count, offset: 0x80, to: &out)
        out.append(contentsOf: bytes)
    }

    /// Encoded length of a hex-prefixed path. Its first byte is below 0x40, so a one-byte
    /// encoding is its own RLP.
    @inline(__always)
    static func pathLength(_ path: NibblePath) -> Int {
        let n = HexPrefix.encodedLength(nibbleCount: path.count)
        return n == 1 ? 1 : headerLength(n) + n
    }

    @inline(__always)
    static func appendPath(_ path: NibblePath, isLeaf: Bool, to out: inout [UInt8]) {
        let n = HexPrefix.encodedLength(nibbleCount: path.count)
        if n > 1 { appendHeader(n, offset: 0x80, to: &out) }
        HexPrefix.append(path, isLeaf: isLeaf, to: &out)
    }

    /// Appends the RLP of a leaf.
    static func appendLeaf(path: NibblePath, value: [UInt8], to out: inout [UInt8]) {
        appendHeader(pathLength(path) + stringLength(value), offset: 0xc0, to: &out)
        appendPath(path, isLeaf: true, to: &out)
        appendString(value, to: &out)
    }

    /// Appends the RLP of an extension whose child has reference `child`.
    static func appendExtension(path: NibblePath, child: NodeReference, to out: inout [UInt8]) {
        appendHeader(pathLength(path) + child.encodedLength, offset: 0xc0, to: &out)
        appendPath(path, isLeaf: false, to: &out)
        child.append(to: &out)
    }

    /// Appends the RLP of `node`, asking `reference` for each child's reference.
    static func append(_ node: TrieNode, to out: inout [UInt8], reference: (TrieNode) -> NodeReference) {
        switch node.kind {
        case .leaf:
            appendLeaf(path: node.path, value: node.value, to: &out)
        case .extension:
            appendExtension(path: node.path, child: reference(node.child!), to: &out)
        case .branch:
            withBranchReferences { refs in
                for i in 0..<16 {
                    if let c = node.children[i] { refs[i] = reference(c) }
                }
                appendBranch(refs: UnsafeBufferPointer(refs), value: node.value, to: &out)
            }
        }
    }

    /// Appends the RLP of `branch`, taking the references of the children not in `changed` from
    /// `lastEncoding`, the branch's encoding at its last commit (see `TrieNode.changedChildren`).
    static func appendBranch(_ branch: TrieNode, reusing lastEncoding: [UInt8], changed: UInt16, to out: inout [UInt8]) {
        withBranchReferences { refs in
            lastEncoding.withUnsafeBytes { old in
                // SAFETY: `old` is a branch's RLP written by `appendBranch(refs:value:to:)`: a list
                // header, then sixteen items, each an empty string (0x80), a 32-byte string (0xa0 …)
                // or an embedded list shorter than 32 bytes (0xc0 + length …); every read is inside it.
                var at = old[0] > 0xf7 ? 1 + Int(old[0] - 0xf7) : 1
                for i in 0..<16 {
                    let lead = old[at]
                    if changed & (1 << i) != 0 {
                        if let c = branch.children[i] { refs[i] = c.reference }
                    } else if lead == 0xa0 {
                        func word(_ k: Int) -> UInt64 { UInt64(bigEndian: old.loadUnaligned(fromByteOffset: at + 1 + 8 * k, as: UInt64.self)) }
                        refs[i] = NodeReference(hash: Hash(limbs: word(0), word(1), word(2), word(3)))
                    } else if lead >= 0xc0 {
                        refs[i] = NodeReference(embedded: lastEncoding[at..<(at + 1 + Int(lead - 0xc0))])
                    }
                    at += lead == 0x80 ? 1 : lead == 0xa0 ? 33 : 1 + Int(lead - 0xc0)
                }
            }
            appendBranch(refs: UnsafeBufferPointer(refs), value: branch.value, to: &out)
        }
    }

    /// Runs `body` with 16 `.none` references in stack memory, for a branch's children.
    @inline(__always)
    static func withBranchReferences<R>(_ body: (UnsafeMutableBufferPointer<NodeReference>) throws -> R) rethrows -> R {
        try withUnsafeTemporaryAllocation(of: NodeReference.self, capacity: 16) { refs in
            // SAFETY: all 16 slots are initialized before `body` sees them; NodeReference is a
            // trivial type, so the slots need no deinitialization, and the buffer does not escape.
            refs.initialize(repeating: .none)
            return try body(refs)
        }
    }

    /// Zeros for the bytes a branch's items are written into (at most sixteen 33-byte items).
    static let branchItemSpace = [UInt8](repeating: 0, count: 16 * 33)

    /// Appends the RLP of a branch given its 16 child references (`.none` for an empty slot).
    static func appendBranch(refs: UnsafeBufferPointer<NodeReference>, value: [UInt8], to out: inout [UInt8]) {
        var children = 0
        for i in 0..<16 { children += refs[i].isValid ? refs[i].encodedLength : 1 }
        appendHeader(children + stringLength(value), offset: 0xc0, to: &out)
        // The sixteen items are written in place into bytes reserved for them: a branch is most of
        // what a state root encodes, and appending item by item cost a third of hashing it.
        let start = out.count
        out.append(contentsOf: branchItemSpace[..<children])  // a copy of zeros: repeatElement appends byte by byte
        out.withUnsafeMutableBytes { buffer in
            // SAFETY: `children` bytes from `start` were appended above, and each item writes
            // exactly its `encodedLength` (or 1) bytes of them.
            var item = buffer.baseAddress! + start
            for i in 0..<16 {
                if refs[i].isValid {
                    item += refs[i].write(to: item)
                } else {
                    item.storeBytes(of: 0x80, as: UInt8.self)
                    item += 1
                }
            }
        }
        appendString(value, to: &out)
    }

    /// The reference for an encoding held in `buffer[start...]`: the encoding itself when short,
    /// else its Keccak-256 (counted in `hashCount`).
    @inline(__always)
    static func reference(ofEncodingIn buffer: [UInt8], from start: Int, hashCount: inout Int) -> NodeReference {
        let encoding = buffer[start...]
        if encoding.count < 32 { return NodeReference(embedded: encoding) }
        hashCount += 1
        return NodeReference(hash: Keccak256.hash(encoding))
    }
}
