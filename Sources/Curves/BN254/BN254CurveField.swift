import Primitives

extension BN254 {
    /// The arithmetic the short-Weierstrass group law needs, shared by Fp (G1) and Fp2 (G2), so that
    /// one generic point implementation serves both (the compiler specialises it per field).
    public protocol CurveField: Hashable, Sendable {
        static var zero: Self { get }
        static var one: Self { get }
        /// The b of y² = x³ + b over this field: 3 for G1 over Fp, 3/ξ for the G2 twist over Fp2.
        static var curveB: Self { get }
        var isZero: Bool { get }
        var doubled: Self { get }
        var squared: Self { get }
        var inverse: Self { get }
        static func + (a: Self, b: Self) -> Self
        static func - (a: Self, b: Self) -> Self
        static func * (a: Self, b: Self) -> Self
        static prefix func - (a: Self) -> Self
    }
}

extension BN254.Fp: BN254.CurveField {
    /// 3.
    public static let curveB = BN254.Fp(0x7a17_caa9_50ad_28d7, 0x1f6a_c17a_e155_21b9, 0x334b_ea4e_696b_d284, 0x2a1f_6744_ce17_9d8e)
}

extension BN254.Fp2: BN254.CurveField {
    /// 3/(9 + u).
    public static let curveB = BN254.Fp2(BN254.Fp(0x3bf9_38e3_77b8_02a8, 0x020b_1b27_3633_535d, 0x26b7_edf0_4975_5260, 0x2514_c632_4384_a86d),
                                   BN254.Fp(0x38e7_eccc_d1dc_ff67, 0x65f0_b37d_93ce_0d3e, 0xd749_d0dd_22ac_00aa, 0x0141_b9ce_4a68_8d4d))
}
