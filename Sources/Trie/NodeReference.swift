import Primitives

/// How a parent refers to a child node: by the Keccak-256 of the child's RLP when that RLP is
/// 32 bytes or longer, otherwise by embedding the RLP itself. Either form fits in 32 bytes, so
/// the reference lives inline (four words and a length) and caching it costs no heap.
struct NodeReference: Sendable {
    /// The 32 bytes: a hash, or the embedded RLP left-aligned and zero padded.
    var words: Hash
    /// 32 for a hash, 1...31 for an embedded encoding, 0 for "not computed".
    var count: UInt8

    /// The "not computed" marker a dirty node carries.
    static let none = NodeReference(words: .zero, count: 0)

    @inline(__always) var isValid: Bool { count != 0 }
    @inline(__always) var isHash: Bool { count == 32 }

    /// A hash reference.
    @inline(__always)
    init(hash: Hash) { self.words = hash; self.count = 32 }

    init(words: Hash, count: UInt8) { self.words = words; self.count = count }

    /// An embedded encoding of fewer than 32 bytes.
    init(embedded encoding: ArraySlice<UInt8>) {
        precondition(encoding.count < 32 && !encoding.isEmpty)
        var w: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for (i, b) in encoding.enumerated() {
            let shifted = UInt64(b) << UInt64(56 - 8 * (i & 7))
            switch i >> 3 {
            case 0: w.0 |= shifted
            case 1: w.1 |= shifted
            case 2: w.2 |= shifted
            default: w.3 |= shifted
            }
        }
        self.words = Hash(limbs: w.0, w.1, w.2, w.3)
        self.count = UInt8(encoding.count)
    }

    /// Byte `i` of the 32.
    @inline(__always)
    func byte(_ i: Int) -> UInt8 {
        let word: UInt64
        switch i >> 3 {
        case 0: word = words.w0
        case 1: word = words.w1
        case 2: word = words.w2
        default: word = words.w3
        }
        return UInt8(truncatingIfNeeded: word >> UInt64(56 - 8 * (i & 7)))
    }

    /// Length of this reference as an item inside the parent's RLP list.
    @inline(__always)
    var encodedLength: Int { isHash ? 33 : Int(count) }

    /// Appends the reference as an item of the parent's list: a 32-byte string for a hash, the
    /// raw RLP for an embedded node.
    @inline(__always)
    func append(to out: inout [UInt8]) {
        if isHash { out.append(0xa0) }
        withBytes { out.append(contentsOf: $0) }
    }

    /// Writes the item `append(to:)` appends at `target` (which has room for `encodedLength`
    /// bytes) and returns its length: what a branch writes sixteen of in place.
    @inline(__always)
    func write(to target: UnsafeMutableRawPointer) -> Int {
        if isHash {
            // Four word stores instead of a call to memcpy: most of a branch's items are hashes.
            target.storeBytes(of: 0xa0, as: UInt8.self)
            target.storeBytes(of: words.w0.bigEndian, toByteOffset: 1, as: UInt64.self)
            target.storeBytes(of: words.w1.bigEndian, toByteOffset: 9, as: UInt64.self)
            target.storeBytes(of: words.w2.bigEndian, toByteOffset: 17, as: UInt64.self)
            target.storeBytes(of: words.w3.bigEndian, toByteOffset: 25, as: UInt64.self)
            return 33
        }
        withBytes { target.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        return Int(count)
    }

    /// The `count` bytes, from four big-endian word stores: copied at once, where byte-at-a-time
    /// appends cost as much as a third of hashing a branch.
    @inline(__always)
    private func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        var bigEndian = (words.w0.bigEndian, words.w1.bigEndian, words.w2.bigEndian, words.w3.bigEndian)
        // SAFETY: the tuple is 32 bytes and `count` ≤ 32.
        return withUnsafeBytes(of: &bigEndian) { body(UnsafeRawBufferPointer(rebasing: $0[..<Int(count)])) }
    }

    /// The embedded bytes (for building proofs and hashing a small root).
    var embeddedBytes: [UInt8] { (0..<Int(count)).map(byte) }
}
