// Generated from the modulus by a small script (fully unrolled CIOS Montgomery multiplication, branch-free
// modular add/sub); change the generator, not this file, when the arithmetic must change.

/// An element of the BLS12-381 base field F_p, p = 0x1a0111ea…aaab (381 bits).
/// Stored in Montgomery form (a·2^384 mod q) on 6 little-endian 64-bit limbs.
public struct Fp: Sendable, Hashable {
    @usableFromInline var l0, l1, l2, l3, l4, l5: UInt64

    @inlinable @inline(__always)
    init(l0: UInt64, l1: UInt64, l2: UInt64, l3: UInt64, l4: UInt64, l5: UInt64) {
        self.l0 = l0
        self.l1 = l1
        self.l2 = l2
        self.l3 = l3
        self.l4 = l4
        self.l5 = l5
    }

    /// The modulus limbs, least significant first.
    @usableFromInline static let q0: UInt64 = 0xb9feffffffffaaab
    @usableFromInline static let q1: UInt64 = 0x1eabfffeb153ffff
    @usableFromInline static let q2: UInt64 = 0x6730d2a0f6b0f624
    @usableFromInline static let q3: UInt64 = 0x64774b84f38512bf
    @usableFromInline static let q4: UInt64 = 0x4b1ba7b6434bacd7
    @usableFromInline static let q5: UInt64 = 0x1a0111ea397fe69a
    @usableFromInline static let inv: UInt64 = 0x89f3fffcfffcfffd
    /// Zero.
    public static let zero = Fp(l0: 0x0000000000000000, l1: 0x0000000000000000, l2: 0x0000000000000000, l3: 0x0000000000000000, l4: 0x0000000000000000, l5: 0x0000000000000000)
    /// One (R mod q).
    public static let one = Fp(l0: 0x760900000002fffd, l1: 0xebf4000bc40c0002, l2: 0x5f48985753c758ba, l3: 0x77ce585370525745, l4: 0x5c071a97a256ec6d, l5: 0x15f65ec3fa80e493)
    @usableFromInline static let r2 = Fp(l0: 0xf4df1f341c341746, l1: 0x0a76e6a609d104f1, l2: 0x8de5476c4c95b6d5, l3: 0x67eb88a9939d83c0, l4: 0x9a793e85b519952d, l5: 0x11988fe592cae3aa)
    /// R³ mod q: turns a plain inverse (aR)⁻¹ back into Montgomery form a⁻¹R.
    @usableFromInline static let r3 = Fp(l0: 0xed48ac6bd94ca1e0, l1: 0x315f831e03a7adf8, l2: 0x9a53352a615e29dd, l3: 0x34c04e5e921e1761, l4: 0x2512d43565724728, l5: 0x0aa6346091755d4d)

    /// True for the zero element.
    @inlinable public var isZero: Bool { (l0 | l1 | l2 | l3 | l4 | l5) == 0 }

    /// Modular addition.
    @inlinable @inline(__always)
    public static func + (a: Fp, b: Fp) -> Fp {
        var c: UInt64 = 0
        let s0: UInt64; (s0, c) = adc(a.l0, b.l0, c)
        let s1: UInt64; (s1, c) = adc(a.l1, b.l1, c)
        let s2: UInt64; (s2, c) = adc(a.l2, b.l2, c)
        let s3: UInt64; (s3, c) = adc(a.l3, b.l3, c)
        let s4: UInt64; (s4, c) = adc(a.l4, b.l4, c)
        let s5: UInt64; (s5, c) = adc(a.l5, b.l5, c)
        return reduceOnce(s0, s1, s2, s3, s4, s5)
    }

    @inlinable @inline(__always)
    static func reduceOnce(_ s0: UInt64, _ s1: UInt64, _ s2: UInt64, _ s3: UInt64, _ s4: UInt64, _ s5: UInt64) -> Fp {
        var b: UInt64 = 0
        let d0: UInt64; (d0, b) = sbb(s0, q0, b)
        let d1: UInt64; (d1, b) = sbb(s1, q1, b)
        let d2: UInt64; (d2, b) = sbb(s2, q2, b)
        let d3: UInt64; (d3, b) = sbb(s3, q3, b)
        let d4: UInt64; (d4, b) = sbb(s4, q4, b)
        let d5: UInt64; (d5, b) = sbb(s5, q5, b)
        // Branch-free select: the borrow is data-dependent and would mispredict.
        let keep = 0 &- b
        return Fp(l0: d0 ^ ((s0 ^ d0) & keep), l1: d1 ^ ((s1 ^ d1) & keep), l2: d2 ^ ((s2 ^ d2) & keep), l3: d3 ^ ((s3 ^ d3) & keep), l4: d4 ^ ((s4 ^ d4) & keep), l5: d5 ^ ((s5 ^ d5) & keep))
    }

    /// Modular subtraction.
    @inlinable @inline(__always)
    public static func - (a: Fp, b: Fp) -> Fp {
        var b_: UInt64 = 0
        var d0: UInt64; (d0, b_) = sbb(a.l0, b.l0, b_)
        var d1: UInt64; (d1, b_) = sbb(a.l1, b.l1, b_)
        var d2: UInt64; (d2, b_) = sbb(a.l2, b.l2, b_)
        var d3: UInt64; (d3, b_) = sbb(a.l3, b.l3, b_)
        var d4: UInt64; (d4, b_) = sbb(a.l4, b.l4, b_)
        var d5: UInt64; (d5, b_) = sbb(a.l5, b.l5, b_)
        let mask = 0 &- b_  // add q back only on borrow, without a branch
        var c: UInt64 = 0
        (d0, c) = adc(d0, q0 & mask, c)
        (d1, c) = adc(d1, q1 & mask, c)
        (d2, c) = adc(d2, q2 & mask, c)
        (d3, c) = adc(d3, q3 & mask, c)
        (d4, c) = adc(d4, q4 & mask, c)
        (d5, c) = adc(d5, q5 & mask, c)
        return Fp(l0: d0, l1: d1, l2: d2, l3: d3, l4: d4, l5: d5)
    }

    /// Additive inverse.
    @inlinable @inline(__always)
    public static prefix func - (a: Fp) -> Fp { a.isZero ? a : Fp.zero - a }

    /// 2·a.
    @inlinable @inline(__always) public var doubled: Fp { self + self }

    /// Montgomery multiplication (CIOS without the final carry word: the top limb of q leaves a spare bit).
    /// The portable version: `*` (FpDispatch.swift) uses the MULX/ADX assembly instead when the CPU has it.
    @inlinable
    static func mulPortable(_ a: Fp, _ b: Fp) -> Fp {
        var t0: UInt64 = 0
        var t1: UInt64 = 0
        var t2: UInt64 = 0
        var t3: UInt64 = 0
        var t4: UInt64 = 0
        var t5: UInt64 = 0
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
        (A, t4) = madd2(a.l4, b.l0, t4, A)
        (C, t3) = madd2(m, q4, t4, C)
        (A, t5) = madd2(a.l5, b.l0, t5, A)
        (C, t4) = madd2(m, q5, t5, C)
        t5 = C &+ A
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
        (A, t4) = madd2(a.l4, b.l1, t4, A)
        (C, t3) = madd2(m, q4, t4, C)
        (A, t5) = madd2(a.l5, b.l1, t5, A)
        (C, t4) = madd2(m, q5, t5, C)
        t5 = C &+ A
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
        (A, t4) = madd2(a.l4, b.l2, t4, A)
        (C, t3) = madd2(m, q4, t4, C)
        (A, t5) = madd2(a.l5, b.l2, t5, A)
        (C, t4) = madd2(m, q5, t5, C)
        t5 = C &+ A
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
        (A, t4) = madd2(a.l4, b.l3, t4, A)
        (C, t3) = madd2(m, q4, t4, C)
        (A, t5) = madd2(a.l5, b.l3, t5, A)
        (C, t4) = madd2(m, q5, t5, C)
        t5 = C &+ A
        // round 4
        (A, t0) = madd1(a.l0, b.l4, t0)
        m = t0 &* inv
        C = madd0(m, q0, t0)
        (A, t1) = madd2(a.l1, b.l4, t1, A)
        (C, t0) = madd2(m, q1, t1, C)
        (A, t2) = madd2(a.l2, b.l4, t2, A)
        (C, t1) = madd2(m, q2, t2, C)
        (A, t3) = madd2(a.l3, b.l4, t3, A)
        (C, t2) = madd2(m, q3, t3, C)
        (A, t4) = madd2(a.l4, b.l4, t4, A)
        (C, t3) = madd2(m, q4, t4, C)
        (A, t5) = madd2(a.l5, b.l4, t5, A)
        (C, t4) = madd2(m, q5, t5, C)
        t5 = C &+ A
        // round 5
        (A, t0) = madd1(a.l0, b.l5, t0)
        m = t0 &* inv
        C = madd0(m, q0, t0)
        (A, t1) = madd2(a.l1, b.l5, t1, A)
        (C, t0) = madd2(m, q1, t1, C)
        (A, t2) = madd2(a.l2, b.l5, t2, A)
        (C, t1) = madd2(m, q2, t2, C)
        (A, t3) = madd2(a.l3, b.l5, t3, A)
        (C, t2) = madd2(m, q3, t3, C)
        (A, t4) = madd2(a.l4, b.l5, t4, A)
        (C, t3) = madd2(m, q4, t4, C)
        (A, t5) = madd2(a.l5, b.l5, t5, A)
        (C, t4) = madd2(m, q5, t5, C)
        t5 = C &+ A
        _ = A; _ = C; _ = m
        return reduceOnce(t0, t1, t2, t3, t4, t5)
    }

    /// a·a: the 21-product squaring of FpWide.swift, then one Montgomery reduction (the portable version of `squared()`).
    @inlinable @inline(__always) func squaredPortable() -> Fp { Fp.reduce(Fp.sqrWide(self)) }

    /// Builds an element from its canonical value (limbs least significant first); nil when ≥ q.
    @inlinable
    public init?(canonical v: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)) {
        let raw = Fp(l0: v.0, l1: v.1, l2: v.2, l3: v.3, l4: v.4, l5: v.5)
        guard raw.isCanonicalRaw else { return nil }
        self = raw * Fp.r2
    }

    /// True when the raw limbs (read as an integer) are below q.
    @inlinable var isCanonicalRaw: Bool {
        if l5 != Self.q5 { return l5 < Self.q5 }
        if l4 != Self.q4 { return l4 < Self.q4 }
        if l3 != Self.q3 { return l3 < Self.q3 }
        if l2 != Self.q2 { return l2 < Self.q2 }
        if l1 != Self.q1 { return l1 < Self.q1 }
        if l0 != Self.q0 { return l0 < Self.q0 }
        return false
    }

    /// The canonical value (out of Montgomery form), limbs least significant first.
    @inlinable public var canonical: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) {
        let r = self * Fp(l0: 1, l1: 0, l2: 0, l3: 0, l4: 0, l5: 0)
        return (r.l0, r.l1, r.l2, r.l3, r.l4, r.l5)
    }
}
