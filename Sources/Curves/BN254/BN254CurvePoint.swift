import Primitives

extension BN254 {
    /// A point of y² = x³ + b in affine coordinates, or the point at infinity.
    public struct AffinePoint<F: CurveField>: Hashable, Sendable {
        /// Coordinates; both zero for the point at infinity (the EIP-196 encoding).
        public var x: F, y: F

        /// The point (x, y); callers check it is on the curve with `isOnCurve`.
        public init(x: F, y: F) { self.x = x; self.y = y }

        /// The point at infinity.
        public static var infinity: AffinePoint { AffinePoint(x: .zero, y: .zero) }

        /// True for the point at infinity.
        public var isInfinity: Bool { x.isZero && y.isZero }

        /// True if the point satisfies the curve equation (the point at infinity counts as on the curve).
        public var isOnCurve: Bool { isInfinity || y.squared == x.squared * x + F.curveB }

        /// −P.
        public var negated: AffinePoint { isInfinity ? self : AffinePoint(x: x, y: -y) }

        /// P + Q in affine coordinates with one inversion (cheaper than a Jacobian round trip for a
        /// single addition, as ecAdd does).
        public static func + (p: AffinePoint, q: AffinePoint) -> AffinePoint {
            if p.isInfinity { return q }
            if q.isInfinity { return p }
            let lambda: F
            if p.x == q.x {
                if p.y != q.y || p.y.isZero { return .infinity }
                let xx = p.x.squared
                lambda = (xx.doubled + xx) * p.y.doubled.inverse
            } else {
                lambda = (q.y - p.y) * (q.x - p.x).inverse
            }
            let x3 = lambda.squared - p.x - q.x
            return AffinePoint(x: x3, y: lambda * (p.x - x3) - p.y)
        }
    }

    /// A point in Jacobian coordinates (X/Z², Y/Z³); Z = 0 is the point at infinity.
    public struct JacobianPoint<F: CurveField>: Sendable {
        /// The Jacobian coordinates.
        public var x: F, y: F, z: F

        /// (X, Y, Z) as given.
        @inline(__always)
        public init(x: F, y: F, z: F) { self.x = x; self.y = y; self.z = z }

        /// The point at infinity.
        public static var infinity: JacobianPoint { JacobianPoint(x: .one, y: .one, z: .zero) }

        /// Lifts an affine point (Z = 1).
        public init(_ p: AffinePoint<F>) {
            self = p.isInfinity ? .infinity : JacobianPoint(x: p.x, y: p.y, z: .one)
        }

        /// True for the point at infinity.
        @inline(__always) public var isInfinity: Bool { z.isZero }

        /// The affine form (one inversion).
        public var affine: AffinePoint<F> {
            if isInfinity { return .infinity }
            let zi = z.inverse
            let zi2 = zi.squared
            return AffinePoint(x: x * zi2, y: y * zi2 * zi)
        }

        /// True if both represent the same point (cross-multiplying the Z powers).
        public func isEqual(to other: JacobianPoint) -> Bool {
            if isInfinity || other.isInfinity { return isInfinity && other.isInfinity }
            let z1z1 = z.squared, z2z2 = other.z.squared
            return x * z2z2 == other.x * z1z1 && y * z2z2 * other.z == other.y * z1z1 * z
        }

        /// −P.
        @inline(__always) public var negated: JacobianPoint { JacobianPoint(x: x, y: -y, z: z) }

        /// 2P (dbl-2009-l, a = 0).
        @inline(__always)
        public var doubled: JacobianPoint {
            if isInfinity { return self }
            let a = x.squared, b = y.squared, c = b.squared
            let d = ((x + b).squared - a - c).doubled
            let e = a.doubled + a
            let f = e.squared
            let x3 = f - d.doubled
            let c8 = c.doubled.doubled.doubled
            return JacobianPoint(x: x3, y: e * (d - x3) - c8, z: (y * z).doubled)
        }

        /// P + Q (add-2007-bl), falling back to doubling when P = Q.
        public static func + (p: JacobianPoint, q: JacobianPoint) -> JacobianPoint {
            if p.isInfinity { return q }
            if q.isInfinity { return p }
            let z1z1 = p.z.squared, z2z2 = q.z.squared
            let u1 = p.x * z2z2, u2 = q.x * z1z1
            let s1 = p.y * q.z * z2z2, s2 = q.y * p.z * z1z1
            let h = u2 - u1
            let r = (s2 - s1).doubled
            if h.isZero { return r.isZero ? p.doubled : .infinity }
            let i = h.doubled.squared
            let j = h * i
            let v = u1 * i
            let x3 = r.squared - j - v.doubled
            let y3 = r * (v - x3) - (s1 * j).doubled
            let z3 = ((p.z + q.z).squared - z1z1 - z2z2) * h
            return JacobianPoint(x: x3, y: y3, z: z3)
        }

        /// [k]P, most significant bit first with a 4-bit fixed window over a stack-allocated table.
        public func multiplied(by k: UInt256) -> JacobianPoint {
            if k.isZero || isInfinity { return .infinity }
            return withUnsafeTemporaryAllocation(of: JacobianPoint.self, capacity: 16) { table in
                // SAFETY: all 16 slots are initialised here before any read; the element type is trivial.
                table.initializeElement(at: 0, to: .infinity)
                table.initializeElement(at: 1, to: self)
                for i in 2..<16 { table.initializeElement(at: i, to: table[i - 1] + self) }
                var acc = JacobianPoint.infinity
                var nibble = (k.bitWidth + 3) / 4 - 1
                while nibble >= 0 {
                    acc = acc.doubled.doubled.doubled.doubled
                    let digit = Int((k[limb: nibble >> 4] >> UInt64((nibble & 15) * 4)) & 0xF)
                    if digit != 0 { acc = acc + table[digit] }
                    nibble -= 1
                }
                return acc
            }
        }
    }
}
