/// Hex-prefix encoding (yellow paper appendix C): a nibble path plus a leaf/extension flag,
/// packed into bytes. The first byte's high nibble is `2 * isLeaf + isOdd`; an odd path puts its
/// first nibble in the low half of that byte, an even path pads it with zero.
package enum HexPrefix {
    /// Number of bytes the encoding of `count` nibbles takes.
    @inline(__always)
    package static func encodedLength(nibbleCount count: Int) -> Int { count / 2 + 1 }

    /// Appends the hex-prefix encoding of `path` to `out` (bare bytes, no RLP header).
    @inline(__always)
    package static func append(_ path: NibblePath, isLeaf: Bool, to out: inout [UInt8]) {
        let flag: UInt8 = isLeaf ? 2 : 0
        var i = 0
        if path.count & 1 == 1 {
            out.append((flag | 1) << 4 | path[0])
            i = 1
        } else {
            out.append(flag << 4)
        }
        // The rest is an even number of nibbles; starting on a byte boundary of the packed
        // bytes (always, for a leaf of a 32-byte key) it is those bytes as they are.
        if (path.start + i) & 1 == 0 {
            out.append(contentsOf: path.bytes[((path.start + i) / 2)..<(path.end / 2)])
            return
        }
        while i < path.count {
            out.append(path[i] << 4 | path[i + 1])
            i += 2
        }
    }

    /// Decodes an encoding in place: the path is a view into `encoded`, so nothing is copied.
    package static func decode(_ encoded: [UInt8]) throws(TrieError) -> (path: NibblePath, isLeaf: Bool) {
        guard let first = encoded.first else { throw .invalidNode("empty hex-prefix path") }
        let flag = first >> 4
        guard flag <= 3 else { throw .invalidNode("hex-prefix flag \(flag)") }
        let odd = flag & 1 == 1
        // An even path must pad its first byte with a zero nibble.
        guard odd || first & 0x0f == 0 else { throw .invalidNode("hex-prefix padding nibble not zero") }
        return (NibblePath(bytes: encoded, start: odd ? 1 : 2, end: encoded.count * 2), flag & 2 == 2)
    }
}
