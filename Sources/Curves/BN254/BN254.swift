import Primitives

/// The BN254 (alt_bn128) pairing-friendly curve of EIP-196/197: parameters and group checks.
///
/// Every BN254 type is nested here (`BN254.Fp`, `BN254.G1Affine` …) because the `Curves` module
/// also holds BLS12-381, whose field and point types use the same short names.
public enum BN254 {
    /// A point of G1: the BN254 curve y² = x³ + 3 over Fp (cofactor 1).
    public typealias G1Affine = AffinePoint<Fp>
    /// A point of the sextic twist y² = x³ + 3/ξ over Fp2, where G2 lives.
    public typealias G2Affine = AffinePoint<Fp2>

    /// The group order r of G1, G2 and GT.
    public static let order = UInt256(0x43e1_f593_f000_0001, 0x2833_e848_79b9_7091, 0xb850_45b6_8181_585d, 0x3064_4e72_e131_a029)

    /// The BN parameter x (the curve is built from it; 6x + 2 drives the Miller loop).
    static let x: UInt64 = 0x44e9_92b4_4a69_09f1

    /// The generator (1, 2) of G1.
    public static var g1Generator: G1Affine { G1Affine(x: Fp(small: 1), y: Fp(small: 2)) }

    /// The standard generator of G2 (EIP-197).
    public static var g2Generator: G2Affine {
        func fp(_ decimal: String) -> Fp { Fp(UInt256(decimal: decimal)!)! }
        return G2Affine(
            x: Fp2(fp("10857046999023057135944570762232829481370756359578518086990519993285655852781"),
                   fp("11559732032986387107991004021392285783925812861821192530917403151452391805634")),
            y: Fp2(fp("8495653923123431417604973247489272438418190587263600148770280649306958101930"),
                   fp("4082367875863433681332203403145435568316851327593401208105741076214120093531")))
    }

    // Concrete entry points for other modules. The point types are generic over the field, and a
    // generic method called from another module runs unspecialised (every field operation through
    // a witness table); these non-generic wrappers are specialised here, inside the module.

    /// P + Q on G1, affine in and out (one inversion).
    public static func addG1(_ p: G1Affine, _ q: G1Affine) -> G1Affine { p + q }

    /// [k]P on G1, affine in and out (GLV, see `multiplyG1`).
    public static func multiplyG1Affine(_ p: G1Affine, by k: UInt256) -> G1Affine { multiplyG1(p, by: k).affine }

    /// True if P satisfies y² = x³ + 3 (or is the point at infinity).
    public static func isOnG1Curve(_ p: G1Affine) -> Bool { p.isOnCurve }

    /// True if Q satisfies the twist equation y² = x³ + 3/ξ (or is the point at infinity).
    public static func isOnTwist(_ q: G2Affine) -> Bool { q.isOnCurve }

    /// True if a twist point lies in the order-r subgroup G2 (the twist's cofactor is not 1, so
    /// EIP-197 demands this check), for a point already known to be on the twist.
    ///
    /// Uses the endomorphism test of El Housni, Guillevic and Piellard ("Co-factor clearing and
    /// subgroup membership testing on pairing-friendly curves", 2022, §5.1, as gnark does):
    /// Q ∈ G2 ⇔ [x+1]Q + ψ([x]Q) + ψ²([x]Q) = ψ³([2x]Q), which needs one 63-bit scalar
    /// multiplication instead of the 254-bit [r]Q. Tests cross-check it against [r]Q = O.
    public static func isInG2Subgroup(_ q: G2Affine) -> Bool {
        if q.isInfinity { return true }
        let p = JacobianPoint(q)
        let a = p.multiplied(by: UInt256(x))
        let lhs = p + a + psi(a) + psi(psi(a))
        let rhs = psi(psi(psi(a.doubled)))
        return lhs.isEqual(to: rhs)
    }

    /// The reference membership test [r]Q = O (slow; tests compare the fast test against it).
    public static func isInG2SubgroupByOrder(_ q: G2Affine) -> Bool {
        q.isInfinity || JacobianPoint(q).multiplied(by: order).isInfinity
    }

    /// ψ on Jacobian coordinates: conjugation is a field automorphism, so it commutes with the
    /// division by Z² and Z³.
    static func psi(_ p: JacobianPoint<Fp2>) -> JacobianPoint<Fp2> {
        JacobianPoint(x: p.x.conjugate * Frobenius.v1, y: p.y.conjugate * Frobenius.psiY, z: p.z.conjugate)
    }

    /// ψ, the untwist–Frobenius–twist endomorphism on the twist: (x, y) ↦ (x̄·ξ^((p−1)/3), ȳ·ξ^((p−1)/2)).
    static func psi(_ q: G2Affine) -> G2Affine {
        G2Affine(x: q.x.conjugate * Frobenius.v1, y: q.y.conjugate * Frobenius.psiY)
    }
}
