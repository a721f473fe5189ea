// F_p2 = F_p[u] / (u² + 1): the field of G2 coordinates.

/// An element c0 + c1·u of F_p2.
public struct Fp2: Sendable, Hashable {
    public var c0: Fp
    public var c1: Fp

    @inlinable @inline(__always)
    public init(_ c0: Fp, _ c1: Fp) { self.c0 = c0; self.c1 = c1 }

    /// Zero.
    public static let zero = Fp2(.zero, .zero)
    /// One.
    public static let one = Fp2(.one, .zero)

    /// True for zero.
    @inlinable public var isZero: Bool { c0.isZero && c1.isZero }

    @inlinable @inline(__always)
    public static func + (a: Fp2, b: Fp2) -> Fp2 { Fp2(a.c0 + b.c0, a.c1 + b.c1) }
    @inlinable @inline(__always)
    public static func - (a: Fp2, b: Fp2) -> Fp2 { Fp2(a.c0 - b.c0, a.c1 - b.c1) }
    @inlinable @inline(__always)
    public static prefix func - (a: Fp2) -> Fp2 { Fp2(-a.c0, -a.c1) }
    /// 2·a.
    @inlinable @inline(__always) public var doubled: Fp2 { Fp2(c0.doubled, c1.doubled) }

    /// Karatsuba product with lazy reduction: 3 double-width products, 2 Montgomery reductions.
    /// The portable version: `*` (FpDispatch.swift) uses the MULX/ADX assembly instead when the CPU has it.
    @inlinable
    static func mulPortable(_ a: Fp2, _ b: Fp2) -> Fp2 {
        let t0 = Fp.mulWide(a.c0, b.c0)
        let t1 = Fp.mulWide(a.c1, b.c1)
        let t2 = Fp.mulWide(a.c0 + a.c1, b.c0 + b.c1)
        // The sums were reduced mod p, so t2 − t0 − t1 is only congruent to a0b1 + a1b0: subtract with the p·2^384 fix-up.
        return Fp2(Fp.reduce(t0 - t1), Fp.reduce(t2 - t0 - t1))
    }

    /// Complex squaring: 2 base-field multiplications (the portable version of `squared()`).
    @inlinable
    func squaredPortable() -> Fp2 {
        let a = (c0 + c1) * (c0 - c1)
        let b = c0 * c1
        return Fp2(a, b.doubled)
    }

    /// Product with a base-field element.
    @inlinable @inline(__always)
    public func scaled(by s: Fp) -> Fp2 { Fp2(c0 * s, c1 * s) }

    /// Product with the non-residue ξ = 1 + u used to build F_p6.
    @inlinable @inline(__always)
    public var timesNonResidue: Fp2 { Fp2(c0 - c1, c0 + c1) }

    /// Conjugate c0 − c1·u, which is also the Frobenius map.
    @inlinable @inline(__always)
    public var conjugate: Fp2 { Fp2(c0, -c1) }

    /// Norm c0² + c1² ∈ F_p.
    @inlinable public var norm: Fp { c0.squared() + c1.squared() }

    /// Inverse; zero maps to zero.
    public func inverse() -> Fp2 {
        let t = norm.inverse()
        return Fp2(c0 * t, -(c1 * t))
    }

    /// self^e, exponent as little-endian limbs.
    func power(_ e: [UInt64]) -> Fp2 {
        var acc = Fp2.one
        for limb in e.reversed() {
            var bit = 63
            while bit >= 0 {
                acc = acc.squared()
                if (limb >> UInt64(bit)) & 1 == 1 { acc = acc * self }
                bit -= 1
            }
        }
        return acc
    }

    /// A square root if one exists (Adj–Rodríguez-Henríquez, eprint 2012/685, algorithm 9, p ≡ 3 mod 4).
    public func sqrt() -> Fp2? {
        if isZero { return .zero }
        let a1 = power(BLSConstants.pMinus3Over4)
        let alpha = a1.squared() * self
        let x0 = a1 * self
        let minusOne = -Fp2.one
        var x: Fp2
        if alpha == minusOne {
            x = Fp2(-x0.c1, x0.c0) // u · x0
        } else {
            let b = (Fp2.one + alpha).power(BLSConstants.pMinus1Over2)
            x = b * x0
        }
        return x.squared() == self ? x : nil
    }

    /// RFC 9380 sgn0 for F_p2.
    public var sgn0: Bool {
        let s0 = c0.sgn0
        return s0 || (c0.isZero && c1.sgn0)
    }
}
