extension BN254 {
    /// An element c0 + c1·u of Fp2 = Fp[u]/(u² + 1), the field of G2 coordinates.
    public struct Fp2: Hashable, Sendable {
        /// The real and the u coefficient.
        public var c0: Fp, c1: Fp

        /// c0 + c1·u.
        @inline(__always)
        public init(_ c0: Fp, _ c1: Fp) { self.c0 = c0; self.c1 = c1 }

        /// 0.
        public static let zero = Fp2(.zero, .zero)
        /// 1.
        public static let one = Fp2(.one, .zero)

        /// True for 0.
        @inline(__always) public var isZero: Bool { c0.isZero && c1.isZero }

        @inline(__always) public static func + (a: Fp2, b: Fp2) -> Fp2 { Fp2(a.c0 + b.c0, a.c1 + b.c1) }
        @inline(__always) public static func - (a: Fp2, b: Fp2) -> Fp2 { Fp2(a.c0 - b.c0, a.c1 - b.c1) }
        @inline(__always) public static prefix func - (a: Fp2) -> Fp2 { Fp2(-a.c0, -a.c1) }
        @inline(__always) public static func += (a: inout Fp2, b: Fp2) { a = a + b }
        @inline(__always) public static func -= (a: inout Fp2, b: Fp2) { a = a - b }
        @inline(__always) public static func *= (a: inout Fp2, b: Fp2) { a = a * b }

        /// 2a.
        @inline(__always) public var doubled: Fp2 { Fp2(c0.doubled, c1.doubled) }

        /// Karatsuba: three Fp products instead of four.
        @inline(__always)
        public static func * (a: Fp2, b: Fp2) -> Fp2 {
            let v0 = a.c0 * b.c0
            let v1 = a.c1 * b.c1
            return Fp2(v0 - v1, (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1)
        }

        /// Product with a base-field scalar.
        @inline(__always)
        public func scaled(by s: Fp) -> Fp2 { Fp2(c0 * s, c1 * s) }

        /// (c0 + c1u)² = (c0 + c1)(c0 − c1) + 2c0c1·u: two Fp products.
        @inline(__always)
        public var squared: Fp2 {
            let t = c0 * c1
            return Fp2((c0 + c1) * (c0 - c1), t.doubled)
        }

        /// Multiplies by ξ = 9 + u, the non-residue that builds Fp6: (9c0 − c1) + (c0 + 9c1)u.
        @inline(__always)
        public var timesXi: Fp2 {
            let e0 = c0.doubled.doubled.doubled + c0
            let e1 = c1.doubled.doubled.doubled + c1
            return Fp2(e0 - c1, c0 + e1)
        }

        /// The conjugate c0 − c1u, which is also the p-power Frobenius.
        @inline(__always) public var conjugate: Fp2 { Fp2(c0, -c1) }

        /// a⁻¹ = conj(a) / (c0² + c1²).
        public var inverse: Fp2 {
            let t = (c0.squared + c1.squared).inverse
            return Fp2(c0 * t, -(c1 * t))
        }
    }
}
