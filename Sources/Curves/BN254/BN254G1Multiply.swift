import Primitives

extension BN254 {
    /// β, a primitive cube root of unity in Fp (Montgomery form): φ(x, y) = (βx, y) is an
    /// endomorphism of G1 acting as multiplication by λ, a cube root of unity mod r.
    static let beta = Fp(0x7193_0c11_d782_e155, 0xa6bb_947c_ffbe_3323, 0xaa30_3344_d474_1444, 0x2c3b_3f0d_2659_4943)

    // A reduced basis of the lattice {(a, b) : a + bλ ≡ 0 mod r}: v1 = (a1, −b1'), v2 = (a2, b2),
    // with b1' = |b1|. Computed once with Python (extended Euclid on r and λ, stopped at √r).
    static let glvA1 = UInt256(0x89d3_2568_94d2_13e3, 0, 0, 0)
    static let glvB1Magnitude = UInt256(0x8211_bbeb_7d4f_1128, 0x6f4d_8248_eeb8_59fc, 0, 0)
    static let glvA2 = UInt256(0x0be4_e154_1221_250b, 0x6f4d_8248_eeb8_59fd, 0, 0)
    static let glvB2 = UInt256(0x89d3_2568_94d2_13e3, 0, 0, 0)
    // ⌊b2·2²⁵⁶/r⌋ and ⌊b1'·2²⁵⁶/r⌋: k·g >> 256 approximates the rounded lattice coordinates.
    static let glvG1 = UInt256(0xd91d_232e_c7e0_b3d7, 0x2, 0, 0)
    static let glvG2 = UInt256(0x7a7b_d9d4_391e_b18d, 0x4cce_f014_a773_d2cf, 0x2, 0)

    /// Splits a scalar k (any 256-bit value) into k1 + k2·λ ≡ k (mod r) with |k1|, |k2| < 2¹²⁸
    /// (Gallant–Lambert–Vanstone). Returns magnitudes and signs.
    public static func glvDecompose(_ k: UInt256) -> (k1: UInt256, k1Negative: Bool, k2: UInt256, k2Negative: Bool) {
        let c1 = k.multipliedFullWidth(by: glvG1).high
        let c2 = k.multipliedFullWidth(by: glvG2).high
        // k1 = k − c1·a1 − c2·a2 and k2 = c1·b1' − c2·b2, exact mod 2²⁵⁶ and below 2²⁵⁵ in
        // magnitude, so the two's-complement reading is the true signed value.
        let k1 = k &- c1 &* glvA1 &- c2 &* glvA2
        let k2 = c1 &* glvB1Magnitude &- c2 &* glvB2
        return (k1.isNegative ? k1.negated : k1, k1.isNegative, k2.isNegative ? k2.negated : k2, k2.isNegative)
    }

    /// [k]P on G1 by GLV: [k1]P + [k2]φ(P) with two 128-bit scalars, interleaved 4-bit windows
    /// (Straus), so half the doublings of a plain double-and-add.
    public static func multiplyG1(_ p: G1Affine, by k: UInt256) -> JacobianPoint<Fp> {
        if k.isZero || p.isInfinity { return .infinity }
        let (k1, n1, k2, n2) = glvDecompose(k)
        let base = JacobianPoint(p)
        return withUnsafeTemporaryAllocation(of: JacobianPoint<Fp>.self, capacity: 32) { table in
            // SAFETY: all 32 slots (16 multiples of ±P, then their images under ±φ) are initialised before any read.
            let first = n1 ? base.negated : base
            table.initializeElement(at: 0, to: .infinity)
            table.initializeElement(at: 1, to: first)
            for i in 2..<16 { table.initializeElement(at: i, to: table[i - 1] + first) }
            for i in 0..<16 {
                let t = table[i]
                var image = JacobianPoint(x: t.x * beta, y: t.y, z: t.z)
                if n1 != n2 { image = image.negated }
                table.initializeElement(at: 16 + i, to: image)
            }
            var acc = JacobianPoint<Fp>.infinity
            let bits = max(k1.bitWidth, k2.bitWidth)
            var nibble = (bits + 3) / 4 - 1
            while nibble >= 0 {
                acc = acc.doubled.doubled.doubled.doubled
                let shift = UInt64((nibble & 15) * 4)
                let d1 = Int((k1[limb: nibble >> 4] >> shift) & 0xF)
                let d2 = Int((k2[limb: nibble >> 4] >> shift) & 0xF)
                if d1 != 0 { acc = acc + table[d1] }
                if d2 != 0 { acc = acc + table[16 + d2] }
                nibble -= 1
            }
            return acc
        }
    }
}
