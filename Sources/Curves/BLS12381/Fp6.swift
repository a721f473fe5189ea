// F_p6 = F_p2[v] / (v³ − ξ), ξ = 1 + u.

/// An element c0 + c1·v + c2·v² of F_p6.
public struct Fp6: Sendable, Hashable {
    public var c0: Fp2, c1: Fp2, c2: Fp2

    @inlinable @inline(__always)
    public init(_ c0: Fp2, _ c1: Fp2, _ c2: Fp2) { self.c0 = c0; self.c1 = c1; self.c2 = c2 }

    /// Zero.
    public static let zero = Fp6(.zero, .zero, .zero)
    /// One.
    public static let one = Fp6(.one, .zero, .zero)

    /// True for zero.
    public var isZero: Bool { c0.isZero && c1.isZero && c2.isZero }

    @inlinable @inline(__always)
    public static func + (a: Fp6, b: Fp6) -> Fp6 { Fp6(a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2) }
    @inlinable @inline(__always)
    public static func - (a: Fp6, b: Fp6) -> Fp6 { Fp6(a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2) }
    @inlinable @inline(__always)
    public static prefix func - (a: Fp6) -> Fp6 { Fp6(-a.c0, -a.c1, -a.c2) }

    /// Karatsuba-style product: 6 F_p2 multiplications.
    /// The portable version: `*` (FpDispatch.swift) uses the MULX/ADX assembly instead when the CPU has it.
    @inlinable
    static func mulPortable(_ a: Fp6, _ b: Fp6) -> Fp6 {
        let aa = a.c0 * b.c0, bb = a.c1 * b.c1, cc = a.c2 * b.c2
        let t1 = ((a.c1 + a.c2) * (b.c1 + b.c2) - bb - cc).timesNonResidue + aa
        let t2 = (a.c0 + a.c1) * (b.c0 + b.c1) - aa - bb + cc.timesNonResidue
        let t3 = (a.c0 + a.c2) * (b.c0 + b.c2) - aa + bb - cc
        return Fp6(t1, t2, t3)
    }

    /// Squaring (Chung–Hasan SQR2).
    @inlinable
    public func squared() -> Fp6 {
        let s0 = c0.squared()
        let ab = c0 * c1
        let s1 = ab.doubled
        let s2 = (c0 - c1 + c2).squared()
        let bc = c1 * c2
        let s3 = bc.doubled
        let s4 = c2.squared()
        return Fp6(s3.timesNonResidue + s0, s4.timesNonResidue + s1, s1 + s2 + s3 - s0 - s4)
    }

    /// Product with v: (c0, c1, c2) → (ξ·c2, c0, c1).
    @inlinable @inline(__always)
    public var timesV: Fp6 { Fp6(c2.timesNonResidue, c0, c1) }

    /// Product with an F_p2 scalar.
    @inlinable @inline(__always)
    func scaled(by s: Fp2) -> Fp6 { Fp6(c0 * s, c1 * s, c2 * s) }

    /// Product with b0 + b1·v (sparse).
    @inlinable
    func mulBy01(_ b0: Fp2, _ b1: Fp2) -> Fp6 {
        let aa = c0 * b0, bb = c1 * b1
        let t1 = (c2 * b1).timesNonResidue + aa
        let t2 = (b0 + b1) * (c0 + c1) - aa - bb
        let t3 = c2 * b0 + bb
        return Fp6(t1, t2, t3)
    }

    /// Product with b1·v (sparse).
    @inlinable
    func mulBy1(_ b1: Fp2) -> Fp6 {
        Fp6((c2 * b1).timesNonResidue, c0 * b1, c1 * b1)
    }

    /// Inverse; zero maps to zero.
    public func inverse() -> Fp6 {
        let t0 = c0.squared() - (c1 * c2).timesNonResidue
        let t1 = c2.squared().timesNonResidue - c0 * c1
        let t2 = c1.squared() - c0 * c2
        let d = (c0 * t0 + (c2 * t1 + c1 * t2).timesNonResidue).inverse()
        return Fp6(t0 * d, t1 * d, t2 * d)
    }

    /// Frobenius map x → x^p.
    public var frobenius: Fp6 {
        Fp6(c0.conjugate, c1.conjugate * BLSConstants.frobV1, c2.conjugate * BLSConstants.frobV2)
    }
}
