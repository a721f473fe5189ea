import Primitives

// The optimal ate pairing on BN254: e(P, Q) = f_{6x+2,Q}(P) · l_{[6x+2]Q, ψ(Q)}(P) ·
// l_{[6x+2]Q + ψ(Q), −ψ²(Q)}(P), raised to (p¹² − 1)/r.
//
// The Miller loop keeps Q's multiple T in homogeneous projective coordinates over Fp2 and
// evaluates each tangent or chord line at P without inversions (Costello–Lange–Naehrig;
// the formulas as arkworks writes them for a D-type twist). A line is the sparse Fp12 element
// c0 + c3·w + c4·v·w, multiplied in with `mulBy034`. Line values are correct only up to
// factors in proper subfields, which the final exponentiation removes.
//
// The final exponentiation splits into the easy part (p⁶ − 1)(p² + 1), computed with one
// inversion and Frobenius maps, and the hard part (p⁴ − p² + 1)/r, computed with the
// Fuentes-Castañeda–Knapp–Rodríguez-Henríquez chain, which raises to a fixed multiple
// 2x(6x² + 3x + 1) of it that is coprime to r, so e(·,·) = 1 is decided exactly.

extension BN254 {
    /// 6x + 2 in non-adjacent form, least significant digit first (top digit 1 at index 65).
    static let ateLoopNAF: [Int8] = [
        0, 0, 0, 1, 0, 1, 0, -1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1, 0, -1, 0, 0, 0, 1, 0, -1, 0, 0, 0, 0, -1, 0,
        0, 1, 0, -1, 0, 0, 1, 0, 0, 0, 0, 0, -1, 0, 0, -1, 0, 1, 0, -1, 0, 0, 0, -1, 0, -1, 0, 0, 0, 1, 0, -1, 0, 1,
    ]

    /// e(P, Q) for one pair (tests use this to check bilinearity).
    public static func pairing(_ p: G1Affine, _ q: G2Affine) -> Fp12 {
        finalExponentiation(millerLoop([(p, q)]))
    }

    /// True if ∏ e(Pᵢ, Qᵢ) = 1. Pairs with a point at infinity contribute 1 and are skipped.
    /// Points must already be validated (on curve, Q in G2).
    public static func pairingCheck(_ pairs: [(G1Affine, G2Affine)]) -> Bool {
        let live = pairs.filter { !$0.0.isInfinity && !$0.1.isInfinity }
        if live.isEmpty { return true }
        return finalExponentiation(millerLoop(live)) == .one
    }

    /// T in homogeneous projective coordinates (X/Z, Y/Z) on the twist.
    struct ProjectiveG2 {
        var x: Fp2, y: Fp2, z: Fp2

        /// Doubles T and returns the tangent line's coefficients (before scaling by P).
        @inline(__always)
        mutating func double(twoInverse: Fp) -> (Fp2, Fp2, Fp2) {
            let a = (x * y).scaled(by: twoInverse)
            let b = y.squared
            let c = z.squared
            let e = Fp2.curveB * (c.doubled + c)
            let f = e.doubled + e
            let g = (b + f).scaled(by: twoInverse)
            let h = (y + z).squared - (b + c)
            let i = e - b
            let j = x.squared
            let ee = e.squared
            x = a * (b - f)
            y = g.squared - (ee.doubled + ee)
            z = b * h
            return (-h, j.doubled + j, i)
        }

        /// Adds the affine point Q to T and returns the chord line's coefficients.
        @inline(__always)
        mutating func add(_ q: G2Affine) -> (Fp2, Fp2, Fp2) {
            let theta = y - q.y * z
            let lambda = x - q.x * z
            let c = theta.squared
            let d = lambda.squared
            let e = lambda * d
            let f = z * c
            let g = x * d
            let h = e + f - g.doubled
            x = lambda * h
            y = theta * (g - h) - e * y
            z = z * e
            let j = theta * q.x - lambda * q.y
            return (lambda, -theta, j)
        }
    }

    /// Multiplies the line (c0·yP, c1·xP, c2) into f.
    @inline(__always)
    static func applyLine(_ f: Fp12, _ line: (Fp2, Fp2, Fp2), _ p: G1Affine) -> Fp12 {
        f.mulBy034(line.0.scaled(by: p.y), line.1.scaled(by: p.x), line.2)
    }

    /// The product of the Miller functions of all pairs (one shared squaring chain).
    static func millerLoop(_ pairs: [(G1Affine, G2Affine)]) -> Fp12 {
        let twoInverse = Fp(small: 2).inverse
        var ts = pairs.map { ProjectiveG2(x: $0.1.x, y: $0.1.y, z: .one) }
        let negQ = pairs.map { $0.1.negated }
        var f = Fp12.one
        var i = ateLoopNAF.count - 1
        while i > 0 {
            if i != ateLoopNAF.count - 1 { f = f.squared }
            for k in pairs.indices {
                f = applyLine(f, ts[k].double(twoInverse: twoInverse), pairs[k].0)
            }
            let digit = ateLoopNAF[i - 1]
            if digit == 1 {
                for k in pairs.indices { f = applyLine(f, ts[k].add(pairs[k].1), pairs[k].0) }
            } else if digit == -1 {
                for k in pairs.indices { f = applyLine(f, ts[k].add(negQ[k]), pairs[k].0) }
            }
            i -= 1
        }
        for k in pairs.indices {
            let q1 = psi(pairs[k].1)
            let q2 = psi(q1).negated
            f = applyLine(f, ts[k].add(q1), pairs[k].0)
            f = applyLine(f, ts[k].add(q2), pairs[k].0)
        }
        return f
    }

    /// f^((p¹² − 1)/r) up to the fixed coprime multiple described at the top of this file.
    static func finalExponentiation(_ f: Fp12) -> Fp12 {
        // Easy part: f^((p⁶ − 1)(p² + 1)); the result lies in the cyclotomic subgroup, where
        // the inverse is the conjugate.
        var r = f.conjugate * f.inverse
        r = r.frobenius(2) * r
        // Hard part.
        func expByNegX(_ a: Fp12) -> Fp12 { a.cyclotomicPower(x).conjugate }
        let y0 = expByNegX(r)
        let y1 = y0.cyclotomicSquared
        let y2 = y1.cyclotomicSquared
        var y3 = y2 * y1
        let y4 = expByNegX(y3)
        let y5 = y4.cyclotomicSquared
        var y6 = expByNegX(y5)
        y3 = y3.conjugate
        y6 = y6.conjugate
        let y7 = y6 * y4
        var y8 = y7 * y3
        let y9 = y8 * y1
        let y10 = y8 * y4
        let y11 = y10 * r
        let y12 = y9.frobenius(1)
        let y13 = y12 * y11
        y8 = y8.frobenius(2)
        let y14 = y8 * y13
        r = r.conjugate
        let y15 = (r * y9).frobenius(3)
        return y15 * y14
    }
}
