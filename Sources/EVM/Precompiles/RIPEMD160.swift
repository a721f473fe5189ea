import Primitives

/// 0x03 RIPEMD160: the RIPEMD-160 digest of the input, left-padded to 32 bytes; 600 gas plus
/// 120 per 32-byte word.
public struct RIPEMD160Precompile: Precompile {
    /// A stateless value.
    public init() {}

    /// Hashes `input`.
    public func run(input: [UInt8], gasLimit: UInt64, fork: Fork) -> Result<PrecompileOutput, PrecompileError> {
        let cost = 600 + 120 * ((UInt64(input.count) + 31) / 32)
        return charge(cost, gasLimit: gasLimit) { [UInt8](repeating: 0, count: 12) + RIPEMD160.hash(input) }
    }
}

/// RIPEMD-160 (Dobbertin, Bosselaers, Preneel 1996): two parallel lines of five 16-step rounds
/// over 32-bit little-endian words, Merkle–Damgård padded like MD4/MD5.
public enum RIPEMD160 {
    /// The 20-byte digest of `message`.
    public static func hash(_ message: [UInt8]) -> [UInt8] {
        var h: (UInt32, UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0)
        let fullBlocks = message.count / 64
        message.withUnsafeBytes { p in
            for b in 0..<fullBlocks {
                // SAFETY: block b spans bytes 64b..<64b+64, within the message.
                compress(&h, p.baseAddress! + 64 * b)
            }
        }
        // The tail: leftover bytes, 0x80, zeros, then the bit length as a little-endian UInt64.
        var tail = [UInt8](message[(64 * fullBlocks)...])
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        let bits = UInt64(message.count) &* 8
        for i in 0..<8 { tail.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(i)))) }
        tail.withUnsafeBytes { p in
            for b in 0..<(tail.count / 64) {
                // SAFETY: the tail is a whole number of 64-byte blocks.
                compress(&h, p.baseAddress! + 64 * b)
            }
        }
        var out = [UInt8](repeating: 0, count: 20)
        for (i, word) in [h.0, h.1, h.2, h.3, h.4].enumerated() {
            for j in 0..<4 { out[4 * i + j] = UInt8(truncatingIfNeeded: word >> (8 * UInt32(j))) }
        }
        return out
    }

    // Message word order (r, r'), rotation amounts (s, s') per step, for the left and right lines.
    private static let rL: [Int] = [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        7, 4, 13, 1, 10, 6, 15, 3, 12, 0, 9, 5, 2, 14, 11, 8,
        3, 10, 14, 4, 9, 15, 8, 1, 2, 7, 0, 6, 13, 11, 5, 12,
        1, 9, 11, 10, 0, 8, 12, 4, 13, 3, 7, 15, 14, 5, 6, 2,
        4, 0, 5, 9, 7, 12, 2, 10, 14, 1, 3, 8, 11, 6, 15, 13,
    ]
    private static let rR: [Int] = [
        5, 14, 7, 0, 9, 2, 11, 4, 13, 6, 15, 8, 1, 10, 3, 12,
        6, 11, 3, 7, 0, 13, 5, 10, 14, 15, 8, 12, 4, 9, 1, 2,
        15, 5, 1, 3, 7, 14, 6, 9, 11, 8, 12, 2, 10, 0, 4, 13,
        8, 6, 4, 1, 3, 11, 15, 0, 5, 12, 2, 13, 9, 7, 10, 14,
        12, 15, 10, 4, 1, 5, 8, 7, 6, 2, 13, 14, 0, 3, 9, 11,
    ]
    private static let sL: [UInt32] = [
        11, 14, 15, 12, 5, 8, 7, 9, 11, 13, 14, 15, 6, 7, 9, 8,
        7, 6, 8, 13, 11, 9, 7, 15, 7, 12, 15, 9, 11, 7, 13, 12,
        11, 13, 6, 7, 14, 9, 13, 15, 14, 8, 13, 6, 5, 12, 7, 5,
        11, 12, 14, 15, 14, 15, 9, 8, 9, 14, 5, 6, 8, 6, 5, 12,
        9, 15, 5, 11, 6, 8, 13, 12, 5, 12, 13, 14, 11, 8, 5, 6,
    ]
    private static let sR: [UInt32] = [
        8, 9, 9, 11, 13, 15, 15, 5, 7, 7, 8, 11, 14, 14, 12, 6,
        9, 13, 15, 7, 12, 8, 9, 11, 7, 7, 12, 7, 6, 15, 13, 11,
        9, 7, 15, 11, 8, 6, 6, 14, 12, 13, 5, 14, 13, 13, 7, 5,
        15, 5, 8, 11, 14, 14, 6, 14, 6, 9, 12, 9, 12, 5, 15, 8,
        8, 5, 12, 9, 12, 5, 14, 6, 8, 13, 6, 5, 15, 13, 11, 11,
    ]
    private static let kL: [UInt32] = [0x0000_0000, 0x5A82_7999, 0x6ED9_EBA1, 0x8F1B_BCDC, 0xA953_FD4E]
    private static let kR: [UInt32] = [0x50A2_8BE6, 0x5C4D_D124, 0x6D70_3EF3, 0x7A6D_76E9, 0x0000_0000]

    /// The five boolean functions; round j of the left line uses f(j), the right line f(4 - j).
    @inline(__always)
    private static func f(_ round: Int, _ x: UInt32, _ y: UInt32, _ z: UInt32) -> UInt32 {
        switch round {
        case 0: return x ^ y ^ z
        case 1: return (x & y) | (~x & z)
        case 2: return (x | ~y) ^ z
        case 3: return (x & z) | (y & ~z)
        default: return x ^ (y | ~z)
        }
    }

    @inline(__always)
    private static func rol(_ x: UInt32, _ n: UInt32) -> UInt32 { (x << n) | (x >> (32 - n)) }

    /// Compresses one 64-byte block at `block` into the chaining state.
    private static func compress(_ h: inout (UInt32, UInt32, UInt32, UInt32, UInt32), _ block: UnsafeRawPointer) {
        var x = (UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0),
                 UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0))
        withUnsafeMutableBytes(of: &x) { xb in
            // SAFETY: `block` has 64 readable bytes; `x` is 16 UInt32 = 64 bytes.
            for i in 0..<16 {
                xb.storeBytes(of: UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)),
                              toByteOffset: 4 * i, as: UInt32.self)
            }
        }
        var (al, bl, cl, dl, el) = h
        var (ar, br, cr, dr, er) = h
        withUnsafeBytes(of: &x) { xb in
            // SAFETY: a homogeneous tuple of 16 UInt32 has the layout of a 16-element array.
            let w = xb.bindMemory(to: UInt32.self)
            for j in 0..<80 {
                let round = j >> 4
                var t = rol(al &+ f(round, bl, cl, dl) &+ w[rL[j]] &+ kL[round], sL[j]) &+ el
                al = el; el = dl; dl = rol(cl, 10); cl = bl; bl = t
                t = rol(ar &+ f(4 - round, br, cr, dr) &+ w[rR[j]] &+ kR[round], sR[j]) &+ er
                ar = er; er = dr; dr = rol(cr, 10); cr = br; br = t
            }
        }
        let t = h.1 &+ cl &+ dr
        h.1 = h.2 &+ dl &+ er
        h.2 = h.3 &+ el &+ ar
        h.3 = h.4 &+ al &+ br
        h.4 = h.0 &+ bl &+ cr
        h.0 = t
    }
}
