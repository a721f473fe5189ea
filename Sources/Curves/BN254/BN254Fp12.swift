import Primitives

extension BN254 {
    /// An element c0 + c1·w of Fp12 = Fp6[w]/(w² − v), the target group's field.
    public struct Fp12: Hashable, Sendable {
        /// The coefficients of 1 and w.
        public var c0: Fp6, c1: Fp6

        /// c0 + c1·w.
        @inline(__always)
        public init(_ c0: Fp6, _ c1: Fp6) { self.c0 = c0; self.c1 = c1 }

        /// 1.
        public static let one = Fp12(.one, .zero)

        /// Karatsuba: three Fp6 products.
        @inline(__always)
        public static func * (a: Fp12, b: Fp12) -> Fp12 {
            let t0 = a.c0 * b.c0, t1 = a.c1 * b.c1
            return Fp12(t0 + t1.timesV, (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1)
        }

        @inline(__always) public static func *= (a: inout Fp12, b: Fp12) { a = a * b }

        /// Complex squaring: two Fp6 products.
        @inline(__always)
        public var squared: Fp12 {
            let t = c0 * c1
            let c0n = (c0 + c1) * (c0 + c1.timesV) - t - t.timesV
            return Fp12(c0n, t + t)
        }

        /// The conjugate c0 − c1·w, which is the p⁶-power Frobenius and, on the cyclotomic subgroup, the inverse.
        @inline(__always) public var conjugate: Fp12 { Fp12(c0, -c1) }

        /// a⁻¹ = conj(a) / (c0² − v·c1²).
        public var inverse: Fp12 {
            let t = (c0.squared - c1.squared.timesV).inverse
            return Fp12(c0 * t, -(c1 * t))
        }

        /// The p^k-power Frobenius for k = 1, 2, 3.
        public func frobenius(_ k: Int) -> Fp12 {
            let w: Fp2
            switch k {
            case 1: w = Frobenius.w1
            case 2: w = Frobenius.w2
            default: w = Frobenius.w3
            }
            return Fp12(c0.frobenius(k), c1.frobenius(k).scaled(by: w))
        }

        /// Product with the sparse line value c0 + c3·w + c4·v·w (D-type twist), as arkworks' `mul_by_034`.
        @inline(__always)
        func mulBy034(_ l0: Fp2, _ l3: Fp2, _ l4: Fp2) -> Fp12 {
            let a = c0.scaled(by: l0)
            let b = c1.mulBy01(l3, l4)
            let e = (c0 + c1).mulBy01(l0 + l3, l4)
            return Fp12(b.timesV + a, e - (a + b))
        }

        /// a^e for a 256-bit exponent (tests check e(P, Q)^r = 1 with it).
        public func power(_ e: UInt256) -> Fp12 {
            var result = Fp12.one
            var i = e.bitWidth - 1
            while i >= 0 {
                result = result.squared
                if (e[limb: i >> 6] >> UInt64(i & 63)) & 1 == 1 { result = result * self }
                i -= 1
            }
            return result
        }

        /// a^e for a 64-bit exponent by square-and-multiply with cyclotomic squarings (the BN
        /// parameter x in the final exponentiation). Valid only in the cyclotomic subgroup.
        func cyclotomicPower(_ e: UInt64) -> Fp12 {
            var result = self
            var i = 62 - e.leadingZeroBitCount
            while i >= 0 {
                result = result.cyclotomicSquared
                if (e >> UInt64(i)) & 1 == 1 { result = result * self }
                i -= 1
            }
            return result
        }

        /// a² for a in the cyclotomic subgroup (norm 1 over Fp6, as after the easy part of the final
        /// exponentiation): Granger–Scott, "Faster squaring in the cyclotomic subgroup of sixth degree
        /// extensions" (2010), six Fp2 squarings-worth instead of two Fp6 products. Coefficients are
        /// paired as arkworks does for this tower: (c0.c0, c1.c1), (c1.c0, c0.c2), (c0.c1, c1.c2).
        public var cyclotomicSquared: Fp12 {
            let r0 = c0.c0, r4 = c0.c1, r3 = c0.c2, r2 = c1.c0, r1 = c1.c1, r5 = c1.c2
            // (r0 + r1·y)², (r2 + r3·y)², (r4 + r5·y)² over Fp4 = Fp2[y]/(y² − ξ).
            var tmp = r0 * r1
            let t0 = (r0 + r1) * (r1.timesXi + r0) - tmp - tmp.timesXi
            let t1 = tmp.doubled
            tmp = r2 * r3
            let t2 = (r2 + r3) * (r3.timesXi + r2) - tmp - tmp.timesXi
            let t3 = tmp.doubled
            tmp = r4 * r5
            let t4 = (r4 + r5) * (r5.timesXi + r4) - tmp - tmp.timesXi
            let t5 = tmp.doubled
            let z0 = (t0 - r0).doubled + t0          // 3t0 − 2r0
            let z1 = (t1 + r1).doubled + t1          // 3t1 + 2r1
            let xt5 = t5.timesXi
            let z2 = (r2 + xt5).doubled + xt5        // 3ξt5 + 2r2
            let z3 = (t4 - r3).doubled + t4          // 3t4 − 2r3
            let z4 = (t2 - r4).doubled + t2          // 3t2 − 2r4
            let z5 = (r5 + t3).doubled + t3          // 3t3 + 2r5
            return Fp12(Fp6(z0, z4, z3), Fp6(z2, z1, z5))
        }
    }
}
