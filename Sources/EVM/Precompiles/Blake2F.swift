import Primitives

/// 0x09 BLAKE2F (EIP-152): the BLAKE2b compression function F with a caller-chosen round count;
/// one gas per round.
///
/// Input is exactly 213 bytes: rounds (4 bytes, big-endian), the state h (8 × 8 bytes,
/// little-endian), the message block m (16 × 8 bytes, little-endian), the offset counters t
/// (2 × 8 bytes, little-endian) and the final-block flag f (one byte, 0 or 1). Output is the
/// new state h, 64 bytes little-endian.
public struct Blake2FPrecompile: Precompile {
    /// A stateless value.
    public init() {}

    /// Runs F on the decoded input; fails on a wrong length or a flag other than 0 or 1.
    public func run(input: [UInt8], gasLimit: UInt64, fork: Fork) -> Result<PrecompileOutput, PrecompileError> {
        guard input.count == 213 else { return .failure(.invalidInput("blake2f: input must be 213 bytes")) }
        guard input[212] <= 1 else { return .failure(.invalidInput("blake2f: final flag must be 0 or 1")) }
        let rounds = UInt32(input[0]) << 24 | UInt32(input[1]) << 16 | UInt32(input[2]) << 8 | UInt32(input[3])
        return charge(UInt64(rounds), gasLimit: gasLimit) {
            var h = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
            var m = [UInt64](repeating: 0, count: 16)
            var t0: UInt64 = 0, t1: UInt64 = 0
            input.withUnsafeBytes { p in
                // SAFETY: the input is exactly 213 bytes; every load below ends at or before byte 212.
                let base = p.baseAddress!
                withUnsafeMutableBytes(of: &h) { hp in
                    for i in 0..<8 {
                        hp.storeBytes(of: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 4 + 8 * i, as: UInt64.self)),
                                      toByteOffset: 8 * i, as: UInt64.self)
                    }
                }
                for i in 0..<16 { m[i] = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 68 + 8 * i, as: UInt64.self)) }
                t0 = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 196, as: UInt64.self))
                t1 = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 204, as: UInt64.self))
            }
            var state = [h.0, h.1, h.2, h.3, h.4, h.5, h.6, h.7]
            Blake2bCompression.compress(state: &state, message: m, t0: t0, t1: t1, final: input[212] == 1, rounds: rounds)
            var out = [UInt8](repeating: 0, count: 64)
            out.withUnsafeMutableBytes { o in
                // SAFETY: `out` has 64 bytes: 8 words of 8.
                for i in 0..<8 { o.storeBytes(of: state[i].littleEndian, toByteOffset: 8 * i, as: UInt64.self) }
            }
            return out
        }
    }
}

/// The BLAKE2b compression function (RFC 7693 §3.2) with a variable number of rounds.
enum Blake2bCompression {
    static let iv: [UInt64] = [
        0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
        0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
    ]

    /// The message schedule; round i uses row i mod 10.
    static let sigma: [Int] = [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
        11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
        7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
        9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
        2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
        12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
        13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
        6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
        10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
    ]

    static func compress(state h: inout [UInt64], message m: [UInt64], t0: UInt64, t1: UInt64, final: Bool, rounds: UInt32) {
        var v = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7],
                 iv[0], iv[1], iv[2], iv[3], iv[4] ^ t0, iv[5] ^ t1, final ? ~iv[6] : iv[6], iv[7])
        withUnsafeMutableBytes(of: &v) { raw in
            // SAFETY: a homogeneous tuple of 16 UInt64 has the layout of a 16-element array.
            let v = raw.bindMemory(to: UInt64.self)
            m.withUnsafeBufferPointer { m in
                sigma.withUnsafeBufferPointer { sigma in
                    @inline(__always) func g(_ a: Int, _ b: Int, _ c: Int, _ d: Int, _ x: UInt64, _ y: UInt64) {
                        v[a] = v[a] &+ v[b] &+ x
                        v[d] = (v[d] ^ v[a]).rotateRight(32)
                        v[c] = v[c] &+ v[d]
                        v[b] = (v[b] ^ v[c]).rotateRight(24)
                        v[a] = v[a] &+ v[b] &+ y
                        v[d] = (v[d] ^ v[a]).rotateRight(16)
                        v[c] = v[c] &+ v[d]
                        v[b] = (v[b] ^ v[c]).rotateRight(63)
                    }
                    var r: UInt32 = 0
                    var row = 0
                    while r < rounds {
                        let s = sigma.baseAddress! + 16 * row
                        g(0, 4, 8, 12, m[s[0]], m[s[1]])
                        g(1, 5, 9, 13, m[s[2]], m[s[3]])
                        g(2, 6, 10, 14, m[s[4]], m[s[5]])
                        g(3, 7, 11, 15, m[s[6]], m[s[7]])
                        g(0, 5, 10, 15, m[s[8]], m[s[9]])
                        g(1, 6, 11, 12, m[s[10]], m[s[11]])
                        g(2, 7, 8, 13, m[s[12]], m[s[13]])
                        g(3, 4, 9, 14, m[s[14]], m[s[15]])
                        r += 1
                        row = row == 9 ? 0 : row + 1
                    }
                }
            }
            for i in 0..<8 { h[i] ^= v[i] ^ v[i + 8] }
        }
    }
}

extension UInt64 {
    @inline(__always) fileprivate func rotateRight(_ n: UInt64) -> UInt64 { (self >> n) | (self << (64 - n)) }
}
