/// A run of 4-bit nibbles viewed inside a byte array, without copying it.
///
/// Trie keys are byte strings read two nibbles per byte, high nibble first. Every node path,
/// every key being looked up and every path decoded from a proof is a `NibblePath` over some
/// shared array (the caller's key, a hex-prefix encoding, a merged path), so walking down a
/// trie advances an offset instead of allocating a nibble array per level.
package struct NibblePath: Sendable {
    /// The packed bytes; nibble `i` of the array is the high half of byte `i / 2` when `i` is even.
    package var bytes: [UInt8]
    /// First nibble of the path, as an index into the array's nibbles.
    package var start: Int
    /// One past the last nibble.
    package var end: Int

    /// The whole of `bytes` as nibbles.
    @inline(__always)
    package init(bytes: [UInt8]) {
        self.bytes = bytes
        self.start = 0
        self.end = bytes.count * 2
    }

    @inline(__always)
    package init(bytes: [UInt8], start: Int, end: Int) {
        self.bytes = bytes
        self.start = start
        self.end = end
    }

    /// The empty path.
    static let empty = NibblePath(bytes: [])

    /// Number of nibbles.
    @inline(__always) var count: Int { end - start }

    @inline(__always) var isEmpty: Bool { end == start }

    /// Nibble `i` of the path (0-based from `start`).
    @inline(__always)
    package subscript(i: Int) -> UInt8 {
        let n = start + i
        let b = bytes[n >> 1]
        return n & 1 == 0 ? b >> 4 : b & 0x0f
    }

    /// The path without its first `k` nibbles.
    @inline(__always)
    package func dropFirst(_ k: Int) -> NibblePath { NibblePath(bytes: bytes, start: start + k, end: end) }

    /// The first `k` nibbles.
    @inline(__always)
    package func prefix(_ k: Int) -> NibblePath { NibblePath(bytes: bytes, start: start, end: start + k) }

    /// Length of the longest common prefix with `other`.
    @inline(__always)
    package func commonPrefixLength(with other: NibblePath) -> Int {
        let limit = Swift.min(count, other.count)
        // Paths at the same nibble parity (a key and the leaf it reaches) compare bytes, eight at a time.
        if limit >= 16 && (start ^ other.start) & 1 == 0 { return alignedCommonPrefixLength(with: other, limit: limit) }
        var i = 0
        while i < limit && self[i] == other[i] { i += 1 }
        return i
    }

    /// `commonPrefixLength` for two paths whose starts have the same parity: a leaf's update
    /// compared some sixty nibbles one at a time.
    private func alignedCommonPrefixLength(with other: NibblePath, limit: Int) -> Int {
        var i = 0
        if start & 1 == 1 {
            guard self[0] == other[0] else { return 0 }
            i = 1
        }
        return bytes.withUnsafeBytes { a in
            other.bytes.withUnsafeBytes { b in
                // SAFETY: nibble start + i is even here, so byte (start + i) / 2 begins the next
                // two nibbles; every word read covers nibbles below `limit`, inside both paths.
                var x = (start + i) >> 1, y = (other.start + i) >> 1
                while i + 16 <= limit {
                    let difference = a.loadUnaligned(fromByteOffset: x, as: UInt64.self) ^ b.loadUnaligned(fromByteOffset: y, as: UInt64.self)
                    if difference != 0 {
                        // Memory order is little-endian: the lowest set byte is the first that differs.
                        let byte = difference.trailingZeroBitCount >> 3
                        return i + 2 * byte + (a[x + byte] >> 4 == b[y + byte] >> 4 ? 1 : 0)
                    }
                    i += 16; x += 8; y += 8
                }
                while i + 2 <= limit && a[x] == b[y] { i += 2; x += 1; y += 1 }
                if i < limit && a[x] >> 4 == b[y] >> 4 { i += 1 }
                return i
            }
        }
    }

    /// True when both paths hold the same nibbles.
    package func equals(_ other: NibblePath) -> Bool {
        count == other.count && commonPrefixLength(with: other) == count
    }

    /// True when `other` is a prefix of this path.
    package func hasPrefix(_ other: NibblePath) -> Bool {
        other.count <= count && commonPrefixLength(with: other) == other.count
    }

    /// Lexicographic nibble order (a proper prefix sorts first), matching the byte order of keys.
    package static func compare(_ a: NibblePath, _ b: NibblePath) -> Int {
        let c = a.commonPrefixLength(with: b)
        if c < a.count && c < b.count { return a[c] < b[c] ? -1 : 1 }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    /// `head` nibbles followed by `tail`, packed into a fresh array. Only deletions, which
    /// merge a node into its parent, need this.
    package static func concatenate(_ head: NibblePath, _ tail: NibblePath) -> NibblePath {
        var nibbles: [UInt8] = []
        nibbles.reserveCapacity(head.count + tail.count)
        for i in 0..<head.count { nibbles.append(head[i]) }
        for i in 0..<tail.count { nibbles.append(tail[i]) }
        return NibblePath(nibbles: nibbles)
    }

    /// A single nibble followed by `tail`.
    package static func concatenate(_ nibble: UInt8, _ tail: NibblePath) -> NibblePath {
        concatenate(NibblePath(bytes: [nibble << 4], start: 0, end: 1), tail)
    }

    /// Packs loose nibbles (one per element) into a path.
    package init(nibbles: [UInt8]) {
        var packed = [UInt8](repeating: 0, count: (nibbles.count + 1) / 2)
        for (i, n) in nibbles.enumerated() {
            packed[i >> 1] |= i & 1 == 0 ? n << 4 : n
        }
        self.init(bytes: packed, start: 0, end: nibbles.count)
    }

    /// The nibbles one per element (for iteration results and tests).
    package var nibbles: [UInt8] { (0..<count).map { self[$0] } }
}
