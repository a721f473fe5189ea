import LanesTestSupport
import BigInt
import Primitives


/// 2^256 as a BigUInt.
let two256 = BigUInt(1) << 256

extension UInt256 {
    /// This value as a BigUInt.
    var big: BigUInt { BigUInt(words: [UInt(w0), UInt(w1), UInt(w2), UInt(w3)]) }

    /// The two's complement reading as a BigInt.
    var signedBig: BigInt { isNegative ? BigInt(big) - BigInt(two256) : BigInt(big) }

    /// From a BigUInt, reduced modulo 2^256.
    init(big value: BigUInt) {
        let v = value % two256
        var limbs: [UInt64] = [0, 0, 0, 0]
        for (i, w) in v.words.enumerated() where i < 4 { limbs[i] = UInt64(w) }
        self.init(limbs[0], limbs[1], limbs[2], limbs[3])
    }

    /// From a BigInt, reduced modulo 2^256 (two's complement for negatives).
    init(signedBig value: BigInt) {
        let m = BigInt(two256)
        let r = ((value % m) + m) % m
        self.init(big: r.magnitude)
    }

    /// 2^k for k in 0..<256.
    static func pow2(_ k: Int) -> UInt256 { UInt256.one << k }
}

/// Interesting fixed values: 0, 1, 2^k±1 at limb boundaries, the sign bit, the maximum.
let specialWords: [UInt256] = {
    var out: [UInt256] = [.zero, .one, UInt256(2), UInt256(3), UInt256(10), .max, UInt256.max &- .one]
    for k in [1, 7, 8, 31, 32, 63, 64, 65, 127, 128, 129, 191, 192, 193, 254, 255] {
        let p = UInt256.pow2(k)
        out += [p, p &- .one, p &+ .one]
    }
    out.append(UInt256(0, 0, 0, 1 << 63) &- .one)  // 2^255 - 1, the largest positive
    return out
}()

/// Random words mixing uniform limbs, random bit widths (so small, large and equal-limb
/// operands all occur), 2^k±1 and limbs of all-zeros or all-ones.
func randomWord(_ rng: inout SplitMix64) -> UInt256 {
    switch rng.next() % 10 {
    case 0, 1, 2:
        return UInt256(rng.next(), rng.next(), rng.next(), rng.next())
    case 3, 4, 5:
        let width = Int(rng.next() % 257)
        let v = UInt256(rng.next(), rng.next(), rng.next(), rng.next())
        if width == 0 { return .zero }
        let masked = width == 256 ? v : v & (UInt256.pow2(width) &- .one)
        return masked | UInt256.pow2(width - 1)  // exactly `width` bits
    case 6:
        let k = Int(rng.next() % 256)
        let p = UInt256.pow2(k)
        switch rng.next() % 3 { case 0: return p; case 1: return p &- .one; default: return p &+ .one }
    case 7:
        return specialWords[Int(rng.next() % UInt64(specialWords.count))]
    case 8:
        func limb(_ rng: inout SplitMix64) -> UInt64 {
            switch rng.next() % 4 { case 0: return 0; case 1: return .max; case 2: return 1 << 63; default: return rng.next() }
        }
        return UInt256(limb(&rng), limb(&rng), limb(&rng), limb(&rng))
    default:
        return UInt256(rng.next() % 1000)
    }
}

/// A pair where the second is sometimes derived from the first (equal, nearby, shifted, same top limb).
func randomPair(_ rng: inout SplitMix64) -> (UInt256, UInt256) {
    let a = randomWord(&rng)
    switch rng.next() % 8 {
    case 0: return (a, a)
    case 1: return (a, a &+ UInt256(rng.next() % 3))
    case 2: return (a, a &- UInt256(rng.next() % 3))
    case 3: return (a, a >> Int(rng.next() % 256))
    case 4:
        var b = randomWord(&rng)
        b.w3 = a.w3; if rng.next() & 1 == 0 { b.w2 = a.w2 }
        return (a, b)
    default: return (a, randomWord(&rng))
    }
}
