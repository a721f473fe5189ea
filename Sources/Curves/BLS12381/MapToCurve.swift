// Hashing field elements to G1 and G2 (RFC 9380 §6.6.2–6.6.3, as EIP-2537's MAP_FP_TO_G1 /
// MAP_FP2_TO_G2 use them): simplified SWU onto an isogenous curve E' (A'·B' ≠ 0), the 11-isogeny
// (G1) or 3-isogeny (G2) back to E, then cofactor clearing ([1 − x] for G1, Budroni–Pintore for G2).
// Not constant-time: the inputs are public.

/// Evaluates Σ cᵢ·xⁱ (coefficients in ascending degree) by Horner's rule.
@inline(__always)
func horner<F: CurveField>(_ coeffs: [F], _ x: F) -> F {
    var acc = coeffs[coeffs.count - 1]
    for i in stride(from: coeffs.count - 2, through: 0, by: -1) { acc = acc * x + coeffs[i] }
    return acc
}

/// Simplified SWU (RFC 9380 §6.6.2): returns (x, y) on y² = x³ + A·x + B.
func simplifiedSWU<F: CurveField>(_ u: F, a: F, b: F, z: F, sqrt: (F) -> F?, sgn0: (F) -> Bool) -> (F, F) {
    let zu2 = z * u.squared()
    let den = zu2.squared() + zu2
    var x1: F
    if den.isZero {
        x1 = b * (z * a).inverse()
    } else {
        x1 = (-b) * a.inverse() * (F.one + den.inverse())
    }
    let gx1 = x1.squared() * x1 + a * x1 + b
    var x: F, y: F
    if let y1 = sqrt(gx1) {
        x = x1; y = y1
    } else {
        x = zu2 * x1
        let gx2 = x.squared() * x + a * x + b
        y = sqrt(gx2)! // gx1·gx2 = (Z·u²)³·gx1², so one of the two is a square
    }
    if sgn0(u) != sgn0(y) { y = -y }
    return (x, y)
}

extension AffinePoint where F == Fp {
    /// MAP_FP_TO_G1: the RFC 9380 map of a field element to a point of G1.
    public static func mapToCurve(_ u: Fp) -> G1Affine {
        let (xp, yp) = simplifiedSWU(u, a: BLSConstants.sswu1A, b: BLSConstants.sswu1B, z: BLSConstants.sswu1Z,
                                     sqrt: { $0.sqrt() }, sgn0: { $0.sgn0 })
        let xNum = horner(BLSConstants.iso1XNum, xp), xDen = horner(BLSConstants.iso1XDen, xp)
        let yNum = horner(BLSConstants.iso1YNum, xp), yDen = horner(BLSConstants.iso1YDen, xp)
        // (x, y) = (xNum/xDen, yp·yNum/yDen) in Jacobian form with Z = xDen·yDen (no inversion).
        let z = xDen * yDen
        let x = xNum * yDen * z
        let y = yp * yNum * xDen * z.squared()
        if z.isZero { return .infinity }
        let p = G1Jacobian(x: x, y: y, z: z)
        return p.multiplied(by: 0xd201_0000_0001_0001).affine // h_eff = 1 − x
    }
}

extension AffinePoint where F == Fp2 {
    /// MAP_FP2_TO_G2: the RFC 9380 map of an F_p2 element to a point of G2.
    public static func mapToCurve(_ u: Fp2) -> G2Affine {
        let (xp, yp) = simplifiedSWU(u, a: BLSConstants.sswu2A, b: BLSConstants.sswu2B, z: BLSConstants.sswu2Z,
                                     sqrt: { $0.sqrt() }, sgn0: { $0.sgn0 })
        let xNum = horner(BLSConstants.iso2XNum, xp), xDen = horner(BLSConstants.iso2XDen, xp)
        let yNum = horner(BLSConstants.iso2YNum, xp), yDen = horner(BLSConstants.iso2YDen, xp)
        let z = xDen * yDen
        if z.isZero { return .infinity }
        let x = xNum * yDen * z
        let y = yp * yNum * xDen * z.squared()
        return G2Jacobian(x: x, y: y, z: z).clearingCofactor.affine
    }
}
