// BLS12-381 base field F_p: exponentiation, inversion, square roots, byte encodings.
// The limb arithmetic (Montgomery CIOS on 6 × 64-bit words) is in FpArithmetic.swift, generated
// from the modulus; this file adds what is written once by hand.

extension Fp {
    /// self^e for an exponent given as little-endian limbs (left-to-right square-and-multiply).
    @inlinable
    func power(_ e: [UInt64]) -> Fp {
        var acc = Fp.one
        var started = false
        for limb in e.reversed() {
            var bit = 63
            while bit >= 0 {
                if started { acc = acc.squared() }
                if (limb >> UInt64(bit)) & 1 == 1 { acc = started ? acc * self : self; started = true }
                bit -= 1
            }
        }
        return acc
    }

    /// Multiplicative inverse (binary extended Euclid on the raw limbs, variable time: inputs are public);
    /// zero maps to zero. The portable version: `inverse()` (FpDispatch.swift) runs the same algorithm in C
    /// when the assembly path is on.
    func inversePortable() -> Fp {
        if isZero { return .zero }
        // Invariants: x1·self ≡ u and x2·self ≡ v (mod p), all read as plain integers;
        // u and v are kept odd, so each step subtracts the smaller from the larger and strips the
        // trailing zeros of the difference at once, dividing its coefficient by 2^k modulo p.
        var u = self
        var v = Fp(l0: Fp.q0, l1: Fp.q1, l2: Fp.q2, l3: Fp.q3, l4: Fp.q4, l5: Fp.q5)
        var x1 = Fp(l0: 1, l1: 0, l2: 0, l3: 0, l4: 0, l5: 0)
        var x2 = Fp.zero
        u.stripTwos(coefficient: &x1)
        while !u.isRawOne && !v.isRawOne {
            if u.rawGreaterOrEqual(v) {
                u.rawSubtract(v); x1 = x1 - x2
                u.stripTwos(coefficient: &x1)
            } else {
                v.rawSubtract(u); x2 = x2 - x1
                v.stripTwos(coefficient: &x2)
            }
        }
        // (aR)⁻¹ as a plain integer; Montgomery-multiplying by R³ gives a⁻¹R.
        return (u.isRawOne ? x1 : x2) * Fp.r3
    }

    /// Divides self (non-zero) by its largest power-of-two factor 2^k and c by 2^k modulo p.
    @inline(__always) mutating func stripTwos(coefficient c: inout Fp) {
        while true {
            let tz = l0.trailingZeroBitCount
            if tz == 0 { return }
            let k = min(tz, 63)
            rawShiftRight(k, carry: 0)
            c.rawDivideByPowerOfTwoModP(k)
        }
    }

    @inline(__always) mutating func rawShiftRight(_ k: Int, carry: UInt64) {
        let s = UInt64(k), t = UInt64(64 - k)
        l0 = (l0 >> s) | (l1 << t); l1 = (l1 >> s) | (l2 << t); l2 = (l2 >> s) | (l3 << t)
        l3 = (l3 >> s) | (l4 << t); l4 = (l4 >> s) | (l5 << t); l5 = (l5 >> s) | (carry << t)
    }

    /// x ← x/2^k mod p for x < p, 1 ≤ k ≤ 63: adds m·p (m = −x·p⁻¹ mod 2^k) so the low k bits clear.
    @inline(__always) mutating func rawDivideByPowerOfTwoModP(_ k: Int) {
        let m = (l0 &* Fp.inv) & ((1 << UInt64(k)) - 1)
        var c: UInt64 = 0
        (c, l0) = madd2(m, Fp.q0, l0, c); (c, l1) = madd2(m, Fp.q1, l1, c); (c, l2) = madd2(m, Fp.q2, l2, c)
        (c, l3) = madd2(m, Fp.q3, l3, c); (c, l4) = madd2(m, Fp.q4, l4, c); (c, l5) = madd2(m, Fp.q5, l5, c)
        rawShiftRight(k, carry: c)
        if !isCanonicalRaw { rawSubtract(Fp(l0: Fp.q0, l1: Fp.q1, l2: Fp.q2, l3: Fp.q3, l4: Fp.q4, l5: Fp.q5)) }
    }

    /// Reference inverse by Fermat's little theorem (used by the tests to check `inverse`).
    public func inverseByExponentiation() -> Fp { power(BLSConstants.pMinus2) }

    @inline(__always) var isRawOne: Bool { l0 == 1 && (l1 | l2 | l3 | l4 | l5) == 0 }


    @inline(__always) func rawGreaterOrEqual(_ o: Fp) -> Bool {
        if l5 != o.l5 { return l5 > o.l5 }
        if l4 != o.l4 { return l4 > o.l4 }
        if l3 != o.l3 { return l3 > o.l3 }
        if l2 != o.l2 { return l2 > o.l2 }
        if l1 != o.l1 { return l1 > o.l1 }
        return l0 >= o.l0
    }

    @inline(__always) mutating func rawSubtract(_ o: Fp) {
        var b: UInt64 = 0
        (l0, b) = sbb(l0, o.l0, b); (l1, b) = sbb(l1, o.l1, b); (l2, b) = sbb(l2, o.l2, b)
        (l3, b) = sbb(l3, o.l3, b); (l4, b) = sbb(l4, o.l4, b); (l5, b) = sbb(l5, o.l5, b)
    }

    /// A square root if one exists (p ≡ 3 mod 4: a^((p+1)/4)).
    public func sqrt() -> Fp? {
        let s = power(BLSConstants.pPlus1Over4)
        return s.squared() == self ? s : nil
    }

    /// Small integer constant.
    public init(_ v: UInt64) { self = Fp(canonical: (v, 0, 0, 0, 0, 0))! }

    /// Parses 48 big-endian bytes; nil if the value is ≥ p.
    public init?(bytes48 b: ArraySlice<UInt8>) {
        precondition(b.count == 48)
        self.init(canonical: (readWordBE(b, 40), readWordBE(b, 32), readWordBE(b, 24), readWordBE(b, 16), readWordBE(b, 8), readWordBE(b, 0)))
    }

    /// Appends the 48-byte big-endian canonical encoding.
    public func append48(to out: inout [UInt8]) {
        let c = canonical
        appendWordBE(c.5, to: &out); appendWordBE(c.4, to: &out); appendWordBE(c.3, to: &out)
        appendWordBE(c.2, to: &out); appendWordBE(c.1, to: &out); appendWordBE(c.0, to: &out)
    }

    /// RFC 9380 sgn0: parity of the canonical value.
    public var sgn0: Bool { canonical.0 & 1 == 1 }

    /// True when the canonical value is > (p−1)/2 (the "lexicographically largest" root, ZCash encoding).
    var isLexLargest: Bool {
        let c = canonical, h = BLSConstants.halfP
        if c.5 != h.5 { return c.5 > h.5 }
        if c.4 != h.4 { return c.4 > h.4 }
        if c.3 != h.3 { return c.3 > h.3 }
        if c.2 != h.2 { return c.2 > h.2 }
        if c.1 != h.1 { return c.1 > h.1 }
        return c.0 > h.0
    }
}
