// Generated with FpArithmetic.swift: double-width (768-bit) products and Montgomery reduction, so that
// F_p2 multiplication reduces twice instead of three times (lazy reduction).

/// An unreduced product of two F_p elements (12 little-endian limbs), below p·2^384 when reduced.
@usableFromInline struct FpWide {
    @usableFromInline var w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11: UInt64
    @inlinable @inline(__always) init(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64, _ w4: UInt64, _ w5: UInt64, _ w6: UInt64, _ w7: UInt64, _ w8: UInt64, _ w9: UInt64, _ w10: UInt64, _ w11: UInt64) {
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
        self.w4 = w4
        self.w5 = w5
        self.w6 = w6
        self.w7 = w7
        self.w8 = w8
        self.w9 = w9
        self.w10 = w10
        self.w11 = w11
    }

    /// Difference; adds p·2^384 (≡ 0 for the reduction) when it would be negative.
    @inlinable @inline(__always)
    static func - (a: FpWide, b: FpWide) -> FpWide {
        var br: UInt64 = 0
        var d0: UInt64; (d0, br) = sbb(a.w0, b.w0, br)
        var d1: UInt64; (d1, br) = sbb(a.w1, b.w1, br)
        var d2: UInt64; (d2, br) = sbb(a.w2, b.w2, br)
        var d3: UInt64; (d3, br) = sbb(a.w3, b.w3, br)
        var d4: UInt64; (d4, br) = sbb(a.w4, b.w4, br)
        var d5: UInt64; (d5, br) = sbb(a.w5, b.w5, br)
        var d6: UInt64; (d6, br) = sbb(a.w6, b.w6, br)
        var d7: UInt64; (d7, br) = sbb(a.w7, b.w7, br)
        var d8: UInt64; (d8, br) = sbb(a.w8, b.w8, br)
        var d9: UInt64; (d9, br) = sbb(a.w9, b.w9, br)
        var d10: UInt64; (d10, br) = sbb(a.w10, b.w10, br)
        var d11: UInt64; (d11, br) = sbb(a.w11, b.w11, br)
        let mask = 0 &- br
        var c: UInt64 = 0
        (d6, c) = adc(d6, Fp.q0 & mask, c)
        (d7, c) = adc(d7, Fp.q1 & mask, c)
        (d8, c) = adc(d8, Fp.q2 & mask, c)
        (d9, c) = adc(d9, Fp.q3 & mask, c)
        (d10, c) = adc(d10, Fp.q4 & mask, c)
        (d11, c) = adc(d11, Fp.q5 & mask, c)
        return FpWide(d0, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, d11)
    }

}

extension Fp {
    /// The full 768-bit product a·b (no reduction).
    @inlinable
    static func mulWide(_ a: Fp, _ b: Fp) -> FpWide {
        var t0: UInt64 = 0
        var t1: UInt64 = 0
        var t2: UInt64 = 0
        var t3: UInt64 = 0
        var t4: UInt64 = 0
        var t5: UInt64 = 0
        var t6: UInt64 = 0
        var t7: UInt64 = 0
        var t8: UInt64 = 0
        var t9: UInt64 = 0
        var t10: UInt64 = 0
        var t11: UInt64 = 0
        var c: UInt64 = 0
        c = 0
        (c, t0) = madd2(a.l0, b.l0, t0, c)
        (c, t1) = madd2(a.l0, b.l1, t1, c)
        (c, t2) = madd2(a.l0, b.l2, t2, c)
        (c, t3) = madd2(a.l0, b.l3, t3, c)
        (c, t4) = madd2(a.l0, b.l4, t4, c)
        (c, t5) = madd2(a.l0, b.l5, t5, c)
        t6 = c
        c = 0
        (c, t1) = madd2(a.l1, b.l0, t1, c)
        (c, t2) = madd2(a.l1, b.l1, t2, c)
        (c, t3) = madd2(a.l1, b.l2, t3, c)
        (c, t4) = madd2(a.l1, b.l3, t4, c)
        (c, t5) = madd2(a.l1, b.l4, t5, c)
        (c, t6) = madd2(a.l1, b.l5, t6, c)
        t7 = c
        c = 0
        (c, t2) = madd2(a.l2, b.l0, t2, c)
        (c, t3) = madd2(a.l2, b.l1, t3, c)
        (c, t4) = madd2(a.l2, b.l2, t4, c)
        (c, t5) = madd2(a.l2, b.l3, t5, c)
        (c, t6) = madd2(a.l2, b.l4, t6, c)
        (c, t7) = madd2(a.l2, b.l5, t7, c)
        t8 = c
        c = 0
        (c, t3) = madd2(a.l3, b.l0, t3, c)
        (c, t4) = madd2(a.l3, b.l1, t4, c)
        (c, t5) = madd2(a.l3, b.l2, t5, c)
        (c, t6) = madd2(a.l3, b.l3, t6, c)
        (c, t7) = madd2(a.l3, b.l4, t7, c)
        (c, t8) = madd2(a.l3, b.l5, t8, c)
        t9 = c
        c = 0
        (c, t4) = madd2(a.l4, b.l0, t4, c)
        (c, t5) = madd2(a.l4, b.l1, t5, c)
        (c, t6) = madd2(a.l4, b.l2, t6, c)
        (c, t7) = madd2(a.l4, b.l3, t7, c)
        (c, t8) = madd2(a.l4, b.l4, t8, c)
        (c, t9) = madd2(a.l4, b.l5, t9, c)
        t10 = c
        c = 0
        (c, t5) = madd2(a.l5, b.l0, t5, c)
        (c, t6) = madd2(a.l5, b.l1, t6, c)
        (c, t7) = madd2(a.l5, b.l2, t7, c)
        (c, t8) = madd2(a.l5, b.l3, t8, c)
        (c, t9) = madd2(a.l5, b.l4, t9, c)
        (c, t10) = madd2(a.l5, b.l5, t10, c)
        t11 = c
        return FpWide(t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11)
    }

    /// The full square a² (15 cross products doubled, plus 6 diagonal ones).
    @inlinable
    static func sqrWide(_ a: Fp) -> FpWide {
        var t0: UInt64 = 0
        var t1: UInt64 = 0
        var t2: UInt64 = 0
        var t3: UInt64 = 0
        var t4: UInt64 = 0
        var t5: UInt64 = 0
        var t6: UInt64 = 0
        var t7: UInt64 = 0
        var t8: UInt64 = 0
        var t9: UInt64 = 0
        var t10: UInt64 = 0
        var t11: UInt64 = 0
        var c: UInt64 = 0
        c = 0
        (c, t1) = madd2(a.l0, a.l1, t1, c)
        (c, t2) = madd2(a.l0, a.l2, t2, c)
        (c, t3) = madd2(a.l0, a.l3, t3, c)
        (c, t4) = madd2(a.l0, a.l4, t4, c)
        (c, t5) = madd2(a.l0, a.l5, t5, c)
        t6 = c
        c = 0
        (c, t3) = madd2(a.l1, a.l2, t3, c)
        (c, t4) = madd2(a.l1, a.l3, t4, c)
        (c, t5) = madd2(a.l1, a.l4, t5, c)
        (c, t6) = madd2(a.l1, a.l5, t6, c)
        t7 = c
        c = 0
        (c, t5) = madd2(a.l2, a.l3, t5, c)
        (c, t6) = madd2(a.l2, a.l4, t6, c)
        (c, t7) = madd2(a.l2, a.l5, t7, c)
        t8 = c
        c = 0
        (c, t7) = madd2(a.l3, a.l4, t7, c)
        (c, t8) = madd2(a.l3, a.l5, t8, c)
        t9 = c
        c = 0
        (c, t9) = madd2(a.l4, a.l5, t9, c)
        t10 = c
        c = 0
        t11 = c
        t11 = (t11 << 1) | (t10 >> 63)
        t10 = (t10 << 1) | (t9 >> 63)
        t9 = (t9 << 1) | (t8 >> 63)
        t8 = (t8 << 1) | (t7 >> 63)
        t7 = (t7 << 1) | (t6 >> 63)
        t6 = (t6 << 1) | (t5 >> 63)
        t5 = (t5 << 1) | (t4 >> 63)
        t4 = (t4 << 1) | (t3 >> 63)
        t3 = (t3 << 1) | (t2 >> 63)
        t2 = (t2 << 1) | (t1 >> 63)
        t1 = (t1 << 1) | (t0 >> 63)
        t0 = t0 << 1
        c = 0
        var hi: UInt64 = 0, lo: UInt64 = 0
        (hi, lo) = a.l0.multipliedFullWidth(by: a.l0)
        (t0, c) = adc(t0, lo, c)
        (t1, c) = adc(t1, hi, c)
        (hi, lo) = a.l1.multipliedFullWidth(by: a.l1)
        (t2, c) = adc(t2, lo, c)
        (t3, c) = adc(t3, hi, c)
        (hi, lo) = a.l2.multipliedFullWidth(by: a.l2)
        (t4, c) = adc(t4, lo, c)
        (t5, c) = adc(t5, hi, c)
        (hi, lo) = a.l3.multipliedFullWidth(by: a.l3)
        (t6, c) = adc(t6, lo, c)
        (t7, c) = adc(t7, hi, c)
        (hi, lo) = a.l4.multipliedFullWidth(by: a.l4)
        (t8, c) = adc(t8, lo, c)
        (t9, c) = adc(t9, hi, c)
        (hi, lo) = a.l5.multipliedFullWidth(by: a.l5)
        (t10, c) = adc(t10, lo, c)
        (t11, c) = adc(t11, hi, c)
        _ = c
        return FpWide(t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11)
    }

    /// Montgomery reduction t·2^-384 mod p of t < p·2^384.
    @inlinable
    static func reduce(_ x: FpWide) -> Fp {
        let t0 = x.w0
        var t1 = x.w1
        var t2 = x.w2
        var t3 = x.w3
        var t4 = x.w4
        var t5 = x.w5
        var t6 = x.w6
        var t7 = x.w7
        var t8 = x.w8
        var t9 = x.w9
        var t10 = x.w10
        var t11 = x.w11
        var c: UInt64 = 0, extra: UInt64 = 0, m: UInt64 = 0
        m = t0 &* inv
        c = madd0(m, q0, t0)
        (c, t1) = madd2(m, q1, t1, c)
        (c, t2) = madd2(m, q2, t2, c)
        (c, t3) = madd2(m, q3, t3, c)
        (c, t4) = madd2(m, q4, t4, c)
        (c, t5) = madd2(m, q5, t5, c)
        (t6, extra) = adc(t6, c, extra)
        m = t1 &* inv
        c = madd0(m, q0, t1)
        (c, t2) = madd2(m, q1, t2, c)
        (c, t3) = madd2(m, q2, t3, c)
        (c, t4) = madd2(m, q3, t4, c)
        (c, t5) = madd2(m, q4, t5, c)
        (c, t6) = madd2(m, q5, t6, c)
        (t7, extra) = adc(t7, c, extra)
        m = t2 &* inv
        c = madd0(m, q0, t2)
        (c, t3) = madd2(m, q1, t3, c)
        (c, t4) = madd2(m, q2, t4, c)
        (c, t5) = madd2(m, q3, t5, c)
        (c, t6) = madd2(m, q4, t6, c)
        (c, t7) = madd2(m, q5, t7, c)
        (t8, extra) = adc(t8, c, extra)
        m = t3 &* inv
        c = madd0(m, q0, t3)
        (c, t4) = madd2(m, q1, t4, c)
        (c, t5) = madd2(m, q2, t5, c)
        (c, t6) = madd2(m, q3, t6, c)
        (c, t7) = madd2(m, q4, t7, c)
        (c, t8) = madd2(m, q5, t8, c)
        (t9, extra) = adc(t9, c, extra)
        m = t4 &* inv
        c = madd0(m, q0, t4)
        (c, t5) = madd2(m, q1, t5, c)
        (c, t6) = madd2(m, q2, t6, c)
        (c, t7) = madd2(m, q3, t7, c)
        (c, t8) = madd2(m, q4, t8, c)
        (c, t9) = madd2(m, q5, t9, c)
        (t10, extra) = adc(t10, c, extra)
        m = t5 &* inv
        c = madd0(m, q0, t5)
        (c, t6) = madd2(m, q1, t6, c)
        (c, t7) = madd2(m, q2, t7, c)
        (c, t8) = madd2(m, q3, t8, c)
        (c, t9) = madd2(m, q4, t9, c)
        (c, t10) = madd2(m, q5, t10, c)
        (t11, extra) = adc(t11, c, extra)
        _ = (t1, t2, t3, t4, t5, extra, m)
        return reduceOnce(t6, t7, t8, t9, t10, t11)
    }
}
