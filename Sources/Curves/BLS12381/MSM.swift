// Multi-scalar multiplication Σ kᵢ·Pᵢ (Pippenger's bucket method).
//
// Scalars are split into c-bit windows from the top. For each window every point is added (mixed
// addition) into the bucket of its digit; Σ_d d·bucket_d is then formed with two running sums, and the
// accumulator is doubled c times between windows. Cost ≈ (256/c)·(n + 2^(c+1)) additions + 256 doublings.
// Few pairs use Straus' interleaving instead (one shared doubling per bit, a mixed addition per set
// bit); the cheaper of the two, by an operation count, is chosen for each call.

/// A 256-bit scalar, limbs least significant first.
public typealias Scalar256 = (UInt64, UInt64, UInt64, UInt64)

@inline(__always)
func scalarBits(_ k: Scalar256, from bit: Int, count c: Int) -> Int {
    let limbs = [k.0, k.1, k.2, k.3]
    let limb = bit >> 6, shift = bit & 63
    var v = limbs[limb] >> UInt64(shift)
    if shift + c > 64, limb + 1 < 4 { v |= limbs[limb + 1] << UInt64(64 - shift) }
    return Int(v & ((1 << UInt64(c)) - 1))
}

/// Σ kᵢ·Pᵢ over affine points; scalars are full 256-bit integers (not reduced).
public func multiScalarMul<F: CurveField>(_ points: [AffinePoint<F>], _ scalars: [Scalar256]) -> JacobianPoint<F> {
    precondition(points.count == scalars.count)
    let n = points.count
    if n == 0 { return .infinity }
    if n == 1 {
        let k = scalars[0]
        return points[0].multiplied(by: [k.0, k.1, k.2, k.3])
    }
    var maxBits = 0
    for k in scalars {
        let bits = k.3 != 0 ? 256 - k.3.leadingZeroBitCount : k.2 != 0 ? 192 - k.2.leadingZeroBitCount
            : k.1 != 0 ? 128 - k.1.leadingZeroBitCount : 64 - k.0.leadingZeroBitCount
        maxBits = max(maxBits, bits)
    }
    if maxBits == 0 { return .infinity }
    // Cost model in field multiplications: doubling ≈ 9, mixed addition ≈ 11, full addition ≈ 16.
    let strausCost = maxBits * (9 + 11 * n / 2)
    var c = 2, pippengerCost = Int.max
    for w in 2...16 {
        let cost = (maxBits + w - 1) / w * (11 * n + 32 * ((1 << w) - 1) + 9 * w)
        if cost < pippengerCost { pippengerCost = cost; c = w }
    }
    if strausCost <= pippengerCost { return straus(points, scalars, maxBits: maxBits) }
    let windows = (maxBits + c - 1) / c
    var buckets = [JacobianPoint<F>](repeating: .infinity, count: (1 << c) - 1)
    var acc = JacobianPoint<F>.infinity
    for w in stride(from: windows - 1, through: 0, by: -1) {
        if !acc.isInfinity { for _ in 0..<c { acc = acc.doubled() } }
        for j in buckets.indices { buckets[j] = .infinity }
        for i in 0..<n {
            let d = scalarBits(scalars[i], from: w * c, count: c)
            if d != 0 { buckets[d - 1] = buckets[d - 1].adding(points[i]) }
        }
        var running = JacobianPoint<F>.infinity, sum = JacobianPoint<F>.infinity
        for j in stride(from: buckets.count - 1, through: 0, by: -1) {
            running = running + buckets[j]
            sum = sum + running
        }
        acc = acc + sum
    }
    return acc
}

/// Straus / Shamir interleaved double-and-add: Σ kᵢ·Pᵢ with one doubling per bit.
func straus<F: CurveField>(_ points: [AffinePoint<F>], _ scalars: [Scalar256], maxBits: Int) -> JacobianPoint<F> {
    var acc = JacobianPoint<F>.infinity
    for bit in stride(from: maxBits - 1, through: 0, by: -1) {
        acc = acc.doubled()
        let limb = bit >> 6, shift = UInt64(bit & 63)
        for i in points.indices {
            let k = scalars[i]
            let word = limb == 0 ? k.0 : limb == 1 ? k.1 : limb == 2 ? k.2 : k.3
            if (word >> shift) & 1 == 1 { acc = acc.adding(points[i]) }
        }
    }
    return acc
}
