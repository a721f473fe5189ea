// Short-Weierstrass points y² = x³ + b (a = 0) over F_p (G1) and F_p2 (G2), written once generically;
// the compiler specialises them for Fp and Fp2 inside this module.
//
// Jacobian coordinates: (X, Y, Z) stands for (X/Z², Y/Z³); Z = 0 is the point at infinity.
// Formulas from the Explicit-Formulas Database: dbl-2009-l, add-2007-bl, madd-2007-bl.

/// The field operations the curve code needs.
public protocol CurveField: Sendable, Hashable {
    static var zero: Self { get }
    static var one: Self { get }
    /// The b of the curve over this field (4 for E1, 4(1+u) for the twist E2).
    static var curveB: Self { get }
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static prefix func - (a: Self) -> Self
    func squared() -> Self
    var doubled: Self { get }
    var isZero: Bool { get }
    func inverse() -> Self
}

extension Fp: CurveField {
    /// b = 4.
    public static var curveB: Fp { BLSConstants.b1 }
}

extension Fp2: CurveField {
    /// b = 4(1 + u).
    public static var curveB: Fp2 { BLSConstants.b2 }
}

/// An affine point, or the point at infinity.
public struct AffinePoint<F: CurveField>: Sendable, Hashable {
    public var x: F
    public var y: F
    public var isInfinity: Bool

    /// The point (x, y); does not check that it lies on the curve.
    @inlinable public init(x: F, y: F) { self.x = x; self.y = y; self.isInfinity = false }

    /// The point at infinity.
    public static var infinity: AffinePoint { AffinePoint(x: .zero, y: .zero, isInfinity: true) }

    @inlinable init(x: F, y: F, isInfinity: Bool) { self.x = x; self.y = y; self.isInfinity = isInfinity }

    /// True when the point satisfies the curve equation (infinity counts as on the curve).
    public var isOnCurve: Bool {
        if isInfinity { return true }
        return y.squared() == x.squared() * x + F.curveB
    }

    /// −P.
    public var negated: AffinePoint { isInfinity ? self : AffinePoint(x: x, y: -y) }

    /// The same point in Jacobian coordinates.
    @inlinable public var jacobian: JacobianPoint<F> {
        isInfinity ? .infinity : JacobianPoint(x: x, y: y, z: .one)
    }
}

/// A point in Jacobian coordinates.
public struct JacobianPoint<F: CurveField>: Sendable {
    public var x: F, y: F, z: F

    @inlinable public init(x: F, y: F, z: F) { self.x = x; self.y = y; self.z = z }

    /// The point at infinity.
    @inlinable public static var infinity: JacobianPoint { JacobianPoint(x: .one, y: .one, z: .zero) }

    /// True for the point at infinity.
    @inlinable public var isInfinity: Bool { z.isZero }

    /// −P.
    @inlinable public var negated: JacobianPoint { JacobianPoint(x: x, y: -y, z: z) }

    /// 2P (dbl-2009-l: 2M + 5S).
    @inlinable
    public func doubled() -> JacobianPoint {
        if isInfinity { return self }
        let a = x.squared()
        let b = y.squared()
        let c = b.squared()
        let d = ((x + b).squared() - a - c).doubled
        let e = a.doubled + a
        let f = e.squared()
        let x3 = f - d.doubled
        let c8 = c.doubled.doubled.doubled
        let y3 = e * (d - x3) - c8
        let z3 = (y * z).doubled
        return JacobianPoint(x: x3, y: y3, z: z3)
    }

    /// P + Q (add-2007-bl: 11M + 5S), handling P = Q, P = −Q and infinities.
    @inlinable
    public static func + (p: JacobianPoint, q: JacobianPoint) -> JacobianPoint {
        if p.isInfinity { return q }
        if q.isInfinity { return p }
        let z1z1 = p.z.squared()
        let z2z2 = q.z.squared()
        let u1 = p.x * z2z2
        let u2 = q.x * z1z1
        let s1 = p.y * q.z * z2z2
        let s2 = q.y * p.z * z1z1
        let h = u2 - u1
        let rr = (s2 - s1).doubled
        if h.isZero {
            return rr.isZero ? p.doubled() : .infinity
        }
        let i = h.doubled.squared()
        let j = h * i
        let v = u1 * i
        let x3 = rr.squared() - j - v.doubled
        let y3 = rr * (v - x3) - (s1 * j).doubled
        let z3 = ((p.z + q.z).squared() - z1z1 - z2z2) * h
        return JacobianPoint(x: x3, y: y3, z: z3)
    }

    /// P + Q for an affine Q (madd-2007-bl: 7M + 4S).
    @inlinable
    public func adding(_ q: AffinePoint<F>) -> JacobianPoint {
        if q.isInfinity { return self }
        if isInfinity { return q.jacobian }
        let z1z1 = z.squared()
        let u2 = q.x * z1z1
        let s2 = q.y * z * z1z1
        let h = u2 - x
        let rr = (s2 - y).doubled
        if h.isZero {
            return rr.isZero ? doubled() : .infinity
        }
        let hh = h.squared()
        let i = hh.doubled.doubled
        let j = h * i
        let v = x * i
        let x3 = rr.squared() - j - v.doubled
        let y3 = rr * (v - x3) - (y * j).doubled
        let z3 = (z + h).squared() - z1z1 - hh
        return JacobianPoint(x: x3, y: y3, z: z3)
    }

    /// The affine point (one inversion).
    public var affine: AffinePoint<F> {
        if isInfinity { return .infinity }
        let zi = z.inverse()
        let zi2 = zi.squared()
        return AffinePoint(x: x * zi2, y: y * zi2 * zi)
    }

    /// Projective equality.
    public func isEqual(to q: JacobianPoint) -> Bool {
        if isInfinity || q.isInfinity { return isInfinity && q.isInfinity }
        let z1z1 = z.squared(), z2z2 = q.z.squared()
        guard x * z2z2 == q.x * z1z1 else { return false }
        return y * q.z * z2z2 == q.y * z * z1z1
    }

    /// Equality with an affine point.
    public func isEqual(to q: AffinePoint<F>) -> Bool {
        if isInfinity || q.isInfinity { return isInfinity && q.isInfinity }
        let zz = z.squared()
        guard x == q.x * zz else { return false }
        return y == q.y * zz * z
    }

    /// [k]P for a 64-bit k (double-and-add with full additions).
    @inlinable
    public func multiplied(by k: UInt64) -> JacobianPoint {
        if k == 0 { return .infinity }
        var acc = self
        var bit = 63 - k.leadingZeroBitCount - 1
        while bit >= 0 {
            acc = acc.doubled()
            if (k >> UInt64(bit)) & 1 == 1 { acc = acc + self }
            bit -= 1
        }
        return acc
    }
}

extension AffinePoint {
    /// [k]P for a scalar given as little-endian 64-bit limbs (double-and-add with mixed additions).
    @inlinable
    public func multiplied(by k: [UInt64]) -> JacobianPoint<F> {
        var acc = JacobianPoint<F>.infinity
        if isInfinity { return acc }
        var started = false
        for limb in k.reversed() {
            var bit = 63
            while bit >= 0 {
                if started { acc = acc.doubled() }
                if (limb >> UInt64(bit)) & 1 == 1 { acc = acc.adding(self); started = true }
                bit -= 1
            }
        }
        return acc
    }
}

/// Normalises many Jacobian points with one inversion (Montgomery's trick).
func batchAffine<F: CurveField>(_ points: [JacobianPoint<F>]) -> [AffinePoint<F>] {
    var prefix = [F](); prefix.reserveCapacity(points.count)
    var acc = F.one
    for p in points { prefix.append(acc); if !p.isInfinity { acc = acc * p.z } }
    var inv = acc.inverse()
    var out = [AffinePoint<F>](repeating: .infinity, count: points.count)
    for i in stride(from: points.count - 1, through: 0, by: -1) {
        let p = points[i]
        if p.isInfinity { continue }
        let zi = inv * prefix[i]
        inv = inv * p.z
        let zi2 = zi.squared()
        out[i] = AffinePoint(x: p.x * zi2, y: p.y * zi2 * zi)
    }
    return out
}
