// Generated from the modulus by a small script (fully unrolled CIOS Montgomery multiplication, branch-free
// modular add/sub); change the generator, not this file, when the arithmetic must change.

/// An element of the BLS12-381 scalar field F_r, r = 0x73eda753…00000001 (255 bits).
/// Stored in Montgomery form (a·2^256 mod q) on 4 little-endian 64-bit limbs.
public struct Fr: Sendable, Hashable {
    @usableFromInline var l0, l1, l2, l3: UInt64

    @inlinable @inline(__always)
    init(l0: UInt64, l1: UInt64, l2: UInt64, l3: UInt64) {
        self.l0 = l0
        self.l1 = l1
        self.l2 = l2
        self.l3 = l3
    }

    /// The modulus limbs, least significant first.
    @usableFromInline static let q0: UInt64 = 0xffffffff00000001
    @usableFromInline static let q1: UInt64 = 0x53bda402fffe5bfe
    @usableFromInline static let q2: UInt64 = 0x3339d80809a1d805
    @usableFromInline static let q3: UInt64 = 0x73eda753299d7d48
    @usableFromInline static let inv: UInt64 = 0xfffffffeffffffff
    /// Zero.
    public static let zero = Fr(l0: 0x0000000000000000, l1: 0x0000000000000000, l2: 0x0000000000000000, l3: 0x0000000000000000)
    /// One (R mod q).
    public static let one = Fr(l0: 0x00000001fffffffe, l1: 0x5884b7fa00034802, l2: 0x998c4fefecbc4ff5, l3: 0x1824b159acc5056f)
    @usableFromInline static let r2 = Fr(l0: 0xc999e990f3f29c6d, l1: 0x2b6cedcb87925c23, l2: 0x05d314967254398f, l3: 0x0748d9d99f59ff11)
    /// R³ mod q: turns a plain inverse (aR)⁻¹ back into Montgomery form a⁻¹R.
    @usableFromInline static let r3 = Fr(l0: 0xc62c1807439b73af, l1: 0x1b3e0d188cf06990, l2: 0x73d13c71c7b5f418, l3: 0x6e2a5bb9c8db33e9)

    /// True for the zero element.
    @inlinable public var isZero: Bool { (l0 | l1 | l2 | l3) == 0 }

    /// Modular addition.
    @inlinable @inline(__always)
    public static func + (a: Fr, b: Fr) -> Fr {
        var c: UInt64 = 0
        let s0: UInt64; (s0, c) = adc(a.l0, b.l0, c)
        let s1: UInt64; (s1, c) = adc(a.l1, b.l1, c)
        let s2: UInt64; (s2, c) = adc(a.l2, b.l2, c)
        let s3: UInt64; (s3, c) = adc(a.l3, b.l3, c)
        return reduceOnce(s0, s1, s2, s3)
    }

    @inlinable @inline(__always)
    static func reduceOnce(_ s0: UInt64, _ s1: UInt64, _ s2: UInt64, _ s3: UInt64) -> Fr {
        var b: UInt64 = 0
        let d0: UInt64; (d0, b) = sbb(s0, q0, b)
        let d1: UInt64; (d1, b) = sbb(s1, q1, b)
        let d2: UInt64; (d2, b) = sbb(s2, q2, b)
        let d3: UInt64; (d3, b) = sbb(s3, q3, b)
        // Branch-free select: the borrow is data-dependent and would mispredict.
        let keep = 0 &- b
        return Fr(l0: d0 ^ ((s0 ^ d0) & keep), l1: d1 ^ ((s1 ^ d1) & keep), l2: d2 ^ ((s2 ^ d2) & keep), l3: d3 ^ ((s3 ^ d3) & keep))
    }

    /// Modular subtraction.
    @inlinable @inline(__always)
    public static func - (a: Fr, b: Fr) -> Fr {
        var b_: UInt64 = 0
        var d0: UInt64; (d0, b_) = sbb(a.l0, b.l0, b_)
        var d1: UInt64; (d1, b_) = sbb(a.l1, b.l1, b_)
        var d2: UInt64; (d2, b_) = sbb(a.l2, b.l2, b_)
        var d3: UInt64; (d3, b_) = sbb(a.l3, b.l3, b_)
        let mask = 0 &- b_  // add q back only on borrow, without a branch
        var c: UInt64 = 0
        (d0, c) = adc(d0, q0 & mask, c)
        (d1, c) = adc(d1, q1 & mask, c)
        (d2, c) = adc(d2, q2 & mask, c)
        (d3, c) = adc(d3, q3 & mask, c)
        return Fr(l0: d0, l1: d1, l2: d2, l3: d3)
    }

    /// Additive inverse.
    @inlinable @inline(__always)
    public static prefix func - (a: Fr) -> Fr { a.isZero ? a : Fr.zero - a }

    /// 2·a.
    @inlinable @inline(__always) public var doubled: Fr { self + self }

    /// Montgomery multiplication (CIOS without the final carry word: the top limb of q leaves a spare bit).
    @inlinable
    public static func * (a: Fr, b: Fr) -> Fr {
        var t0: UInt64 = 0
        var t1: UInt64 = 0
        var t2: UInt64 = 0
        var t3: UInt64 = 0
        var A: UInt64 = 0, C: UInt64 = 0, m: UInt64 = 0
        // round 0
        (A, t0) = madd1(a.l0, b.l0, t0)
        m = t0 &* inv
        C = madd0(m, q0, t0)
        (A, t1) = madd2(a.l1, b.l0, t1, A)
        (C, t0) = madd2(m, q1, t1, C)
        (A, t2) = madd2(a.l2, b.l0, t2, A)
        (C, t1) = madd2(m, q2, t2, C)
        (A, t3) = madd2(a.l3, b.l0, t3, A)
        (C, t2) = madd2(m, q3, t3, C)
        t3 = C &+ A
        // round 1
        (A, t0) = madd1(a.l0, b.l1, t0)
        m = t0 &* inv
        C = madd0(m, q0, t0)
        (A, t1) = madd2(a.l1, b.l1, t1, A)
        (C, t0) = madd2(m, q1, t1, C)
        (A, t2) = madd2(a.l2, b.l1, t2, A)
        (C, t1) = madd2(m, q2, t2, C)
        (A, t3) = madd2(a.l3, b.l1, t3, A)
        (C, t2) = madd2(m, q3, t3, C)
        t3 = C &+ A
        // round 2
        (A, t0) = madd1(a.l0, b.l2, t0)
        m = t0 &* inv
        C = madd0(m, q0, t0)
        (A, t1) = madd2(a.l1, b.l2, t1, A)
        (C, t0) = madd2(m, q1, t1, C)
        (A, t2) = madd2(a.l2, b.l2, t2, A)
        (C, t1) = madd2(m, q2, t2, C)
        (A, t3) = madd2(a.l3, b.l2, t3, A)
        (C, t2) = madd2(m, q3, t3, C)
        t3 = C &+ A
        // round 3
        (A, t0) = madd1(a.l0, b.l3, t0)
        m = t0 &* inv
        C = madd0(m, q0, t0)
        (A, t1) = madd2(a.l1, b.l3, t1, A)
        (C, t0) = madd2(m, q1, t1, C)
        (A, t2) = madd2(a.l2, b.l3, t2, A)
        (C, t1) = madd2(m, q2, t2, C)
        (A, t3) = madd2(a.l3, b.l3, t3, A)
        (C, t2) = madd2(m, q3, t3, C)
        t3 = C &+ A
        _ = A; _ = C; _ = m
        return reduceOnce(t0, t1, t2, t3)
    }

    /// a·a.
    @inlinable @inline(__always) public func squared() -> Fr { self * self }

    /// Builds an element from its canonical value (limbs least significant first); nil when ≥ q.
    @inlinable
    public init?(canonical v: (UInt64, UInt64, UInt64, UInt64)) {
        let raw = Fr(l0: v.0, l1: v.1, l2: v.2, l3: v.3)
        guard raw.isCanonicalRaw else { return nil }
        self = raw * Fr.r2
    }

    /// True when the raw limbs (read as an integer) are below q.
    @inlinable var isCanonicalRaw: Bool {
        if l3 != Self.q3 { return l3 < Self.q3 }
        if l2 != Self.q2 { return l2 < Self.q2 }
        if l1 != Self.q1 { return l1 < Self.q1 }
        if l0 != Self.q0 { return l0 < Self.q0 }
        return false
    }

    /// The canonical value (out of Montgomery form), limbs least significant first.
    @inlinable public var canonical: (UInt64, UInt64, UInt64, UInt64) {
        let r = self * Fr(l0: 1, l1: 0, l2: 0, l3: 0)
        return (r.l0, r.l1, r.l2, r.l3)
    }
}
