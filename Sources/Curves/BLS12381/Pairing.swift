// Optimal ate pairing on BLS12-381.
//
// e(P, Q) = FinalExp(MillerLoop(P, Q)); the Miller loop runs over the bits of |x| = 0xd201000000010000
// (x negative, hence the final conjugation). Q's line coefficients depend on Q only, so they are
// computed once per G2 point (`G2Prepared`, reusable for a fixed point such as KZG's [s]G2), and
// several pairs share one loop and one final exponentiation (`pairingCheck`).
// The doubling/addition steps are algorithms 26/27 of Aranha et al., eprint 2010/354, on Jacobian
// coordinates of the twist, with lines evaluated at P as the sparse element (c2, c1·P.x, c0·P.y).

/// The Miller-loop line coefficients of one G2 point.
public struct G2Prepared: Sendable {
    @usableFromInline var coeffs: [(Fp2, Fp2, Fp2)]
    @usableFromInline let isInfinity: Bool

    /// Precomputes the lines of `q`.
    public init(_ q: G2Affine) {
        isInfinity = q.isInfinity
        var coeffs: [(Fp2, Fp2, Fp2)] = []
        coeffs.reserveCapacity(68)
        if q.isInfinity { self.coeffs = coeffs; return }
        var rx = q.x, ry = q.y, rz = Fp2.one
        func doubling() {
            let tmp0 = rx.squared()
            let tmp1 = ry.squared()
            let tmp2 = tmp1.squared()
            let tmp3 = ((tmp1 + rx).squared() - tmp0 - tmp2).doubled
            let tmp4 = tmp0.doubled + tmp0
            let tmp6 = rx + tmp4
            let tmp5 = tmp4.squared()
            let zsquared = rz.squared()
            rx = tmp5 - tmp3 - tmp3
            rz = (rz + ry).squared() - tmp1 - zsquared
            ry = (tmp3 - rx) * tmp4 - tmp2.doubled.doubled.doubled
            let c1 = -((tmp4 * zsquared).doubled)
            let c2 = (tmp6.squared() - tmp0 - tmp5) - tmp1.doubled.doubled
            let c0 = (rz * zsquared).doubled
            coeffs.append((c0, c1, c2))
        }
        func addition() {
            let zsquared = rz.squared()
            let ysquared = q.y.squared()
            let t0 = zsquared * q.x
            let t1 = ((q.y + rz).squared() - ysquared - zsquared) * zsquared
            let t2 = t0 - rx
            let t3 = t2.squared()
            let t4 = t3.doubled.doubled
            let t5 = t4 * t2
            let t6 = t1 - ry - ry
            let t9 = t6 * q.x
            let t7 = t4 * rx
            rx = t6.squared() - t5 - t7 - t7
            rz = (rz + t2).squared() - zsquared - t3
            let t10 = q.y + rz
            let t8 = (t7 - rx) * t6
            let t0b = (ry * t5).doubled
            ry = t8 - t0b
            let t10b = t10.squared() - ysquared - rz.squared()
            let t9b = t9.doubled - t10b
            let c0 = rz.doubled
            let c1 = (-t6).doubled
            coeffs.append((c0, c1, t9b))
        }
        var found = false
        var bit = 63
        while bit >= 0 {
            let set = ((blsXAbs >> 1) >> UInt64(bit)) & 1 == 1
            bit -= 1
            if !found { found = set; continue }
            doubling()
            if set { addition() }
        }
        doubling()
        self.coeffs = coeffs
    }
}

/// The multi-Miller loop over pairs (P, prepared Q); pairs with an infinite point contribute 1.
public func millerLoop(_ pairs: [(G1Affine, G2Prepared)]) -> Fp12 {
    let live = pairs.filter { !$0.0.isInfinity && !$0.1.isInfinity }
    var f = Fp12.one
    if live.isEmpty { return f }
    var idx = 0
    @inline(__always) func ell(_ f: inout Fp12, _ c: (Fp2, Fp2, Fp2), _ p: G1Affine) {
        f = f.mulBy014(c.2, c.1.scaled(by: p.x), c.0.scaled(by: p.y))
    }
    var found = false
    var bit = 63
    while bit >= 0 {
        let set = ((blsXAbs >> 1) >> UInt64(bit)) & 1 == 1
        bit -= 1
        if !found { found = set; continue }
        for (p, q) in live { ell(&f, q.coeffs[idx], p) }
        idx += 1
        if set {
            for (p, q) in live { ell(&f, q.coeffs[idx], p) }
            idx += 1
        }
        f = f.squared()
    }
    for (p, q) in live { ell(&f, q.coeffs[idx], p) }
    return f.conjugate
}

/// e(P, Q) as an element of GT ⊂ F_p12.
public func pairing(_ p: G1Affine, _ q: G2Affine) -> Fp12 {
    millerLoop([(p, G2Prepared(q))]).finalExponentiation()
}

/// True when ∏ e(Pᵢ, Qᵢ) = 1 (one shared Miller loop and final exponentiation). Points must be in their subgroups.
public func pairingCheck(_ pairs: [(G1Affine, G2Affine)]) -> Bool {
    pairingCheck(prepared: pairs.map { ($0.0, G2Prepared($0.1)) })
}

/// `pairingCheck` for G2 points whose lines are already computed.
public func pairingCheck(prepared pairs: [(G1Affine, G2Prepared)]) -> Bool {
    millerLoop(pairs).finalExponentiation() == .one
}
