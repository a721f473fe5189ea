extension BN254 {
    /// An element c0 + c1·v + c2·v² of Fp6 = Fp2[v]/(v³ − ξ), ξ = 9 + u.
    public struct Fp6: Hashable, Sendable {
        /// The coefficients of 1, v and v².
        public var c0: Fp2, c1: Fp2, c2: Fp2

        /// c0 + c1·v + c2·v².
        @inline(__always)
        public init(_ c0: Fp2, _ c1: Fp2, _ c2: Fp2) { self.c0 = c0; self.c1 = c1; self.c2 = c2 }

        /// 0.
        public static let zero = Fp6(.zero, .zero, .zero)
        /// 1.
        public static let one = Fp6(.one, .zero, .zero)

        /// True for 0.
        @inline(__always) public var isZero: Bool { c0.isZero && c1.isZero && c2.isZero }

        @inline(__always) public static func + (a: Fp6, b: Fp6) -> Fp6 { Fp6(a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2) }
        @inline(__always) public static func - (a: Fp6, b: Fp6) -> Fp6 { Fp6(a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2) }
        @inline(__always) public static prefix func - (a: Fp6) -> Fp6 { Fp6(-a.c0, -a.c1, -a.c2) }

        /// Karatsuba over the three coefficients: six Fp2 products.
        @inline(__always)
        public static func * (a: Fp6, b: Fp6) -> Fp6 {
            let t0 = a.c0 * b.c0, t1 = a.c1 * b.c1, t2 = a.c2 * b.c2
            let c0 = ((a.c1 + a.c2) * (b.c1 + b.c2) - t1 - t2).timesXi + t0
            let c1 = (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1 + t2.timesXi
            let c2 = (a.c0 + a.c2) * (b.c0 + b.c2) - t0 - t2 + t1
            return Fp6(c0, c1, c2)
        }

        /// a² (Chung–Hasan SQR2).
        @inline(__always)
        public var squared: Fp6 {
            let s0 = c0.squared
            let ab = c0 * c1
            let s1 = ab.doubled
            let s2 = (c0 - c1 + c2).squared
            let bc = c1 * c2
            let s3 = bc.doubled
            let s4 = c2.squared
            return Fp6(s3.timesXi + s0, s4.timesXi + s1, s1 + s2 + s3 - s0 - s4)
        }

        /// Multiplies by v: (c0, c1, c2)·v = (ξc2, c0, c1).
        @inline(__always) public var timesV: Fp6 { Fp6(c2.timesXi, c0, c1) }

        /// Product with an element b0 + b1·v (the sparse factor of a line function).
        @inline(__always)
        func mulBy01(_ b0: Fp2, _ b1: Fp2) -> Fp6 {
            let aa = c0 * b0, bb = c1 * b1
            let t1 = ((c1 + c2) * b1 - bb).timesXi + aa
            let t3 = (c0 + c2) * b0 - aa + bb
            let t2 = (b0 + b1) * (c0 + c1) - aa - bb
            return Fp6(t1, t2, t3)
        }

        /// Product with an Fp2 scalar.
        @inline(__always)
        func scaled(by b: Fp2) -> Fp6 { Fp6(c0 * b, c1 * b, c2 * b) }

        /// a⁻¹ by the norm to Fp2.
        public var inverse: Fp6 {
            let t0 = c0.squared - (c1 * c2).timesXi
            let t1 = c2.squared.timesXi - c0 * c1
            let t2 = c1.squared - c0 * c2
            let norm = c0 * t0 + ((c2 * t1) + (c1 * t2)).timesXi
            let n = norm.inverse
            return Fp6(t0 * n, t1 * n, t2 * n)
        }

        /// The p^k-power Frobenius for k = 1, 2, 3.
        func frobenius(_ k: Int) -> Fp6 {
            switch k {
            case 1: return Fp6(c0.conjugate, c1.conjugate * Frobenius.v1, c2.conjugate * Frobenius.v2)
            case 2: return Fp6(c0, c1 * Frobenius.v1Squared, c2 * Frobenius.v2Squared)
            default: return Fp6(c0.conjugate, c1.conjugate * Frobenius.v1Cubed, c2.conjugate * Frobenius.v2Cubed)
            }
        }
    }
}
